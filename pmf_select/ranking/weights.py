"""Criteria weights: direct, swing, order of importance, and several members.

Four ways to say how much each criterion matters, all ending in a dict of weights by
criterion key that sums to 1: :func:`normalise_weights` (direct numbers),
:func:`swing_weights` (swing points), :func:`roc_weights` (an order of importance,
ties allowed) and :func:`group_weights` (several members, kept individually).

Weights are named by criterion key (``relevance`` means the relevance column of the
chosen audience) and always normalised to sum 1 before use. Because scores are
normalised on each criterion's declared scale (0-5 becomes 0-1), swing points ("an
indicator that went from 0 to 5 on which criterion would you value most? Give that
swing 100; how much is each other swing worth?") are exactly the weights, once
normalised (von Winterfeldt & Edwards 1986; Belton & Stewart 2002, ch. 5).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from pmf_select.errors import InputError
from pmf_select.longlist import CriteriaSet


def normalise_weights(criteria: CriteriaSet, weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """Direct weights: any non-negative numbers, normalised to sum 1.

    Criteria not named take their default weight. An unknown criterion, a negative or
    non-finite weight, or weights that are all zero are refused with a clear message.
    """
    raw = criteria.default_weights()
    for key, value in (weights or {}).items():
        criteria.criterion(key)  # raises InputError naming the allowed keys
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise InputError(f"weight for '{key}' must be a number, not {_short(value)}") from None
        if not math.isfinite(number) or number < 0:
            raise InputError(f"weight for '{key}' must be a non-negative number, not {_short(value)}")
        raw[key] = number
    total = sum(raw.values())
    if math.isinf(total):
        # each weight is finite but their sum overflows (e.g. 1e308 twice): scale first
        largest = max(raw.values())
        raw = {key: value / largest for key, value in raw.items()}
        total = sum(raw.values())
    if total <= 0:
        raise InputError("weights are all zero: give at least one criterion a positive weight")
    return {key: raw[key] / total for key in criteria.keys}


def _short(value: object) -> str:
    """A value for a message, cut to 40 characters (a 5,000-digit weight stays readable)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def parse_weights_arg(text: str | None) -> dict[str, float]:
    """Parse ``key=value,key=value`` from the command line."""
    if not text:
        return {}
    out: dict[str, float] = {}
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if "=" not in part:
            raise InputError(f"--weights: expected key=value pairs separated by commas, got '{part}'")
        key, value = (s.strip() for s in part.split("=", 1))
        if len(value) > 40:
            raise InputError(
                f"--weights: weight for '{key}' is {len(value):,} characters long; expected a number such as 30 or 0.25"
            )
        try:
            out[key] = float(value)
        except ValueError:
            raise InputError(f"--weights: weight for '{key}' must be a number, not {_short(value)}") from None
    return out


# ---------------------------------------------------------------- swing weighting


def swing_descriptions(criteria: CriteriaSet) -> dict[str, str]:
    """Each criterion's swing, worst to best on its declared scale, in plain words.

    For a max criterion the swing is low to high (``from 0 to 5 on Matters``); for a
    min criterion it is high to low (``from 5 to 0 on Risk of perverse incentives``),
    because 0 risk is the good end. The UI and help text put these phrases beside
    the swing question (:func:`swing_question`).
    """
    out: dict[str, str] = {}
    for c in criteria.criteria:
        worst, best = (c.scale_min, c.scale_max) if c.objective == "max" else (c.scale_max, c.scale_min)
        out[c.key] = f"from {worst:g} to {best:g} on {c.label}"
    return out


def swing_question(criteria: CriteriaSet) -> str:
    """The swing-weighting question, worded with the criteria's own scales.

    E.g. "An indicator that went from 0 to 5 on which criterion would you value
    most? (For Risk of perverse incentives the good swing is from 5 to 0.) Give that
    swing 100; how much is each other swing worth, from 0 to 100?"
    """
    first = criteria.criteria[0]
    same_scale = all((c.scale_min, c.scale_max) == (first.scale_min, first.scale_max) for c in criteria.criteria)
    if same_scale:
        text = f"An indicator that went from {first.scale_min:g} to {first.scale_max:g} on which criterion would you value most?"
        less_is_better = [c for c in criteria.criteria if c.objective == "min"]
        if less_is_better:
            notes = "; ".join(f"{c.label}: from {c.scale_max:g} to {c.scale_min:g}" for c in less_is_better)
            text += f" (Where less is better, the swing runs the other way: {notes}.)"
    else:
        text = "An indicator that went from the worst to the best end of one criterion's scale: on which criterion would you value that swing most?"
    return text + " Give that swing 100; how much is each other swing worth, from 0 to 100?"


def swing_weights(points: Mapping[str, float], criteria: CriteriaSet) -> dict[str, float]:
    """Swing weights: points from 0 to 100 per criterion, normalised to sum 1.

    Decision conferences elicit weights this way (Hiview3, Equity3, Web-HIPRE): the
    swing valued most gets 100 and every other swing is scored against it. Because
    scores are normalised on each criterion's declared scale, a swing from the worst
    to the best end of a scale is worth exactly its weight, so the normalised points
    *are* the weights (von Winterfeldt & Edwards 1986, *Decision Analysis and
    Behavioral Research*; Belton & Stewart 2002, *Multiple Criteria Decision
    Analysis*; Goodwin & Wright, *Decision Analysis for Management Judgment*, on SMART).

    Every criterion needs points (0 is allowed: "that swing is worth nothing to me").
    Missing or unknown criteria, points outside 0-100, and all-zero points are refused.
    """
    _check_known(points, criteria, "swing points")
    missing = [k for k in criteria.keys if k not in points]
    if missing:
        raise InputError(f"swing points: give every criterion points from 0 to 100; missing: {', '.join(missing)}")
    clean: dict[str, float] = {}
    for key in criteria.keys:
        value = points[key]
        number = _number(value, f"swing points for '{key}'")
        if not 0 <= number <= 100:
            raise InputError(
                f"swing points for '{key}' must be from 0 to 100 (the swing you value most gets 100), not {value!r}"
            )
        clean[key] = number
    total = sum(clean.values())
    if total <= 0:
        raise InputError("swing points are all zero: give the swing you value most 100")
    return {key: clean[key] / total for key in criteria.keys}


# ---------------------------------------------------------------- order of importance


def roc_weights(order: Sequence[Sequence[str]] | Sequence[str], criteria: CriteriaSet) -> dict[str, float]:
    """Rank-order centroid weights from an order of importance, ties allowed.

    ``order`` lists the criteria from most to least important. Each item is either a
    criterion key or a group of keys (list or tuple) that are equally important, e.g.
    ``["rationale_strength", ["relevance", "data_availability"], ...]``. Every
    criterion must appear exactly once.

    With n criteria, the criterion in place i (1 = most important) gets
    ``w_i = (1/n) * sum_{k=i..n} 1/k``: the centroid of the region of weights that
    respect the order (Barron & Barrett 1996, "Decision quality using ranked
    attribute weights", *Management Science* 42(11):1515-1523; Edwards & Barron
    1994, "SMARTS and SMARTER", *OBHDP* 60:306-325). For 3 criteria this is
    (0.611, 0.278, 0.111). Tied criteria share equally the centroid weights of the
    places they occupy together (a group of two in places 2-3 each gets
    ``(w_2 + w_3) / 2``): the centroid of the weights that respect the order when the
    tied criteria may fall in either order among themselves, which by symmetry splits
    those places' weights evenly.
    """
    if isinstance(order, str) or not isinstance(order, Sequence):
        raise InputError(
            "order of importance: expected a list of criterion keys (or groups of keys), most important first"
        )
    groups: list[list[str]] = []
    for item in order:
        group = [item] if isinstance(item, str) else list(item) if isinstance(item, Sequence) else None
        if group is None or not all(isinstance(k, str) for k in group):
            raise InputError(f"order of importance: each item must be a criterion key or a group of keys, not {item!r}")
        if not group:
            raise InputError("order of importance: a group of equally important criteria is empty")
        groups.append(group)
    flat = [k for g in groups for k in g]
    for key in flat:
        criteria.criterion(key)  # raises InputError naming the allowed keys
    repeated = sorted({k for k in flat if flat.count(k) > 1})
    if repeated:
        raise InputError(f"order of importance: each criterion appears once; repeated: {', '.join(repeated)}")
    missing = [k for k in criteria.keys if k not in flat]
    if missing:
        raise InputError(f"order of importance: put every criterion in the order; missing: {', '.join(missing)}")
    n = len(flat)
    centroid = [sum(1.0 / k for k in range(i, n + 1)) / n for i in range(1, n + 1)]
    weights: dict[str, float] = {}
    place = 0
    for group in groups:
        share = sum(centroid[place : place + len(group)]) / len(group)
        for key in group:
            weights[key] = share
        place += len(group)
    return {key: weights[key] for key in criteria.keys}


# ---------------------------------------------------------------- several members


@dataclass(frozen=True)
class GroupWeights:
    """Several members' weights kept side by side, with their mean and spread.

    ``members``: DataFrame, one row per member (index ``member``), one column per
    criterion key, each row normalised to sum 1. ``mean``: the group weights, the
    column means (they sum to 1; each member counts equally). ``spread``: DataFrame
    indexed by criterion key with columns ``min``, ``max``, ``sd`` (the population
    standard deviation, ddof=0: the members present are the whole group, not a
    sample of it).
    """

    mean: dict[str, float]
    members: pd.DataFrame
    spread: pd.DataFrame


def group_weights(members: Mapping[str, Mapping[str, float]], criteria: CriteriaSet) -> GroupWeights:
    """Each member's direct weights, normalised, then the group mean and spread.

    Each member's weights follow :func:`normalise_weights` (criteria a member does
    not name take their default weight), so every member counts equally whatever
    numbers they used. Group weights are the arithmetic mean of the members'
    normalised weights, the usual way to aggregate weights in group MCDA (Belton &
    Stewart 2002). The spread per criterion shows where members disagree; the
    robustness analysis can sample from the members instead of trusting the mean.
    """
    if not isinstance(members, Mapping) or not members:
        raise InputError("group weights: expected at least one member, each with their weights")
    rows = {}
    for name, weights in members.items():
        label = str(name).strip()
        if not label:
            raise InputError("group weights: every member needs a name")
        if label in rows:
            raise InputError(f"group weights: member '{label}' appears twice")
        if weights is not None and not isinstance(weights, Mapping):
            raise InputError(f"group weights: member '{label}': expected weights by criterion key, not {weights!r}")
        try:
            rows[label] = normalise_weights(criteria, weights)
        except InputError as exc:
            raise InputError(f"member '{label}': {exc}") from None
    table = pd.DataFrame.from_dict(rows, orient="index", columns=criteria.keys)
    table.index.name = "member"
    mean = table.mean(axis=0)
    spread = pd.DataFrame(
        {"min": table.min(axis=0), "max": table.max(axis=0), "sd": table.std(axis=0, ddof=0)},
        index=pd.Index(criteria.keys, name="criterion"),
    )
    return GroupWeights(mean={key: float(mean[key]) for key in criteria.keys}, members=table, spread=spread)


# ---------------------------------------------------------------- helpers


def _check_known(mapping: Mapping[str, object], criteria: CriteriaSet, what: str) -> None:
    if not isinstance(mapping, Mapping):
        raise InputError(f"{what}: expected values by criterion key ({', '.join(criteria.keys)})")
    for key in mapping:
        criteria.criterion(key)  # raises InputError naming the allowed keys


def _number(value: object, what: str) -> float:
    if isinstance(value, bool):
        raise InputError(f"{what} must be a number, not {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{what} must be a number, not {value!r}") from None
    if not math.isfinite(number):
        raise InputError(f"{what} must be a finite number, not {value!r}")
    return number
