"""How sure the set is: how often each candidate is in the optimal set across weightings.

Weights are a judgement, so the set is solved again under thousands of weightings
(:func:`pmf_select.ranking.sampling.sample_weights`: anywhere, around the given weights, in a
stated order of importance, or within the range members gave), and each candidate's
share of optimal sets is its sampled "core index" (Robust Portfolio Modelling: Liesio,
Mild & Salo 2007, EJOR 181(3):1488-1505): core, borderline or out. Discussion belongs
on the borderline. Each draw is solved by the greedy fast path where it is exact and by
HiGHS otherwise (:mod:`pmf_select.selection.solver`); on the fast path 10,000 weightings take
about a third of a second (docs/selection.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from pmf_select.errors import InputError
from pmf_select.longlist import LongList
from pmf_select.ranking import (
    SAMPLINGS,
    SCORE_DECIMALS,
    check_samples,
    check_seed,
    check_spread,
    check_thresholds,
    normalise_order,
    normalise_weights,
    order_from_weights,
    sample_weights,
    wilson_interval,
    wsm_kernel,
)
from pmf_select.selection.chosen_set import candidate_values
from pmf_select.selection.constraints import InfeasibleSet, SetConstraints, _as_constraints, _compile
from pmf_select.selection.infeasibility import _relaxation_reasons, _simple_reasons
from pmf_select.selection.solver import _check_solver, _matrix, _solve_many

LABELS = ("core", "borderline", "out")


def _distinct_rows(masks: np.ndarray) -> int:
    packed = np.ascontiguousarray(np.packbits(masks, axis=1))
    return int(len(np.unique(packed.view(np.dtype((np.void, packed.shape[1]))).ravel())))


SET_ROBUSTNESS_COLUMNS = (
    "id",
    "name",
    "service_area",
    "p_in_set",
    "p_in_set_low",
    "p_in_set_high",
    "label",
    "in_set",
    "score",
)


def set_robustness(
    longlist: LongList,
    audience: str,
    weights: Mapping[str, float] | None = None,
    constraints: SetConstraints | int | None = None,
    *,
    sampling: str = "simplex",
    samples: int = 1000,
    seed: int | np.random.Generator = 0,
    spread: float = 0.1,
    order: Sequence[Sequence[str]] | None = None,
    members: Mapping[str, Mapping[str, float]] | None = None,
    thresholds: tuple[float, float] = (0.9, 0.1),
    solver: str = "auto",
    progress: Callable[[float], None] | None = None,
) -> pd.DataFrame:
    """How often each candidate is in the optimal constrained set across weightings.

    Weights are drawn with :func:`pmf_select.ranking.sampling.sample_weights` (``sampling``
    "simplex", "around" the given weights with ``spread``, "order" or "members"); for
    each draw the optimal set is solved (greedy fast path or HiGHS, see
    :mod:`pmf_select.selection.solver`) and ``p_in_set`` is the share of draws whose optimal set contains the
    candidate. This is the sampled "core index" of Robust Portfolio Modelling
    (Liesio, Mild & Salo 2007): ``label`` is "core" when ``p_in_set >= thresholds[0]``,
    "out" when ``<= thresholds[1]``, else "borderline" (where discussion should focus).

    Columns: ``id, name, service_area, p_in_set, p_in_set_low, p_in_set_high`` (95%
    Wilson interval), ``label``, ``in_set`` (in the optimal set at the given weights),
    ``score`` (at the given weights); sorted by ``p_in_set`` then score, descending.
    ``attrs``: ``samples``, ``seed``, ``sampling``, ``mc_error`` (95% half-width bound
    0.98/sqrt(samples)), ``milp_solves`` (draws that needed HiGHS), ``distinct_sets``.

    ``progress``, when given, is called with the share of draws solved so far (ending
    at 1.0), so a screen can show how far a long run has got; the result is the same.
    """
    constraints = _as_constraints(constraints)
    _check_solver(solver)
    if sampling not in SAMPLINGS:
        raise InputError(f"unknown sampling '{sampling}': expected one of {', '.join(SAMPLINGS)}")
    samples = check_samples(samples)
    if not isinstance(seed, np.random.Generator):
        seed = check_seed(seed)
    spread = check_spread(spread)
    high, low = check_thresholds(thresholds)
    longlist.criteria.audience(audience)
    normalised = normalise_weights(longlist.criteria, weights)
    inst = _compile(longlist, constraints)
    reasons = _simple_reasons(inst)
    if reasons:
        raise InfeasibleSet(inst.k, reasons)
    keys = longlist.criteria.keys
    used_order = None
    if sampling == "order":
        used_order = normalise_order(order, keys) if order is not None else order_from_weights(normalised, keys)
    used_members = None
    if sampling == "members":
        if not members or not isinstance(members, Mapping):
            raise InputError("members sampling needs at least one member's weights")
        used_members = {str(name): normalise_weights(longlist.criteria, w) for name, w in members.items()}
    drawn = sample_weights(
        sampling, keys, samples, seed, center=normalised, spread=spread, order=used_order, members=used_members
    )
    matrix = longlist.value_matrix(audience).to_numpy(dtype=float)
    sampled_values = np.round(wsm_kernel(matrix, drawn), SCORE_DECIMALS)  # (samples, n)
    base_values = candidate_values(longlist, audience, normalised).to_numpy()
    steps = np.array_split(np.arange(samples), min(samples, 20)) if progress else [np.arange(samples)]
    matrix = _matrix(inst) if solver == "milp" or not inst.simple else None
    masks = np.zeros(sampled_values.shape, dtype=bool)
    solved = 0
    try:
        for done, rows in enumerate(steps, start=1):
            masks[rows], count = _solve_many(inst, sampled_values[rows], solver, matrix)
            solved += count
            if progress is not None:
                progress(done / len(steps))
        base, _ = _solve_many(inst, base_values[None, :], solver, matrix)
    except InfeasibleSet:
        raise InfeasibleSet(inst.k, _relaxation_reasons(longlist, constraints)) from None
    hits = masks.sum(axis=0)
    p = hits / samples
    p_low, p_high = wilson_interval(hits, samples)
    p_low, p_high = np.minimum(p_low, p), np.maximum(p_high, p)  # rounding at p = 0 or 1
    label = np.where(p >= high, "core", np.where(p <= low, "out", "borderline"))
    table = pd.DataFrame(
        {
            "id": inst.ids,
            "name": longlist.frame["name"].to_numpy(),
            "service_area": longlist.frame["service_area"].to_numpy(),
            "p_in_set": p,
            "p_in_set_low": p_low,
            "p_in_set_high": p_high,
            "label": label,
            "in_set": base[0],
            "score": base_values,
        }
    )
    table["_pos"] = inst.priority
    table = (
        table.sort_values(["p_in_set", "score", "_pos"], ascending=[False, False, True], kind="stable")
        .drop(columns="_pos")
        .reset_index(drop=True)
    )
    table.attrs.update(
        {
            "samples": samples,
            "seed": seed if isinstance(seed, int) else None,
            "sampling": sampling,
            "mc_error": 0.98 / math.sqrt(samples),
            "spread": spread,
            "order": used_order,
            "thresholds": (high, low),
            "milp_solves": int(solved),
            "distinct_sets": _distinct_rows(masks),
            "size": inst.k,
        }
    )
    return table
