"""The workshop's settings, read from a draft: weights, set constraints, robustness.

A draft (``pmf_select.record.drafts``) holds what the room has said: swing points or an
order of importance, members' own weights, the constraints on the set, the sampling
for robustness. These pure functions turn it into the arguments the core takes, so
the app holds no logic of its own and the CLI can reproduce any screen.
"""

from __future__ import annotations

from collections.abc import Mapping

from pmf_select.errors import InputError
from pmf_select.longlist import CriteriaSet
from pmf_select.ranking import group_weights, normalise_weights, roc_weights, swing_weights

WEIGHT_MODES = ("swing", "order")


def order_groups(order: Mapping[str, int], criteria: CriteriaSet) -> list[list[str]]:
    """Importance places ({key: 1, ...}, ties share a place) as ROC groups, most important first."""
    places: dict[int, list[str]] = {}
    for key in criteria.keys:
        try:
            place = int(order.get(key, len(criteria.keys)))
        except (TypeError, ValueError):
            raise InputError(f"order of importance for '{key}' must be a whole number") from None
        places.setdefault(place, []).append(key)
    return [places[p] for p in sorted(places)]


def members_of(state: Mapping) -> dict[str, dict[str, float]]:
    """Members' weights that have at least one positive value.

    The one place members' weights are read for analysis: the officer's table
    (``members``) and the members' own answers in the latest round
    (``round_answers``, added by ``drafts.load_draft``). A member's own answer wins
    over a row the officer typed under the same name.
    """
    out = {}
    merged = {**(state.get("members") or {}), **(state.get("round_answers") or {})}
    for name, weights in merged.items():
        if str(name).strip() and weights and sum(float(v) for v in weights.values()) > 0:
            out[str(name).strip()] = {k: float(v) for k, v in weights.items()}
    return out


def current_weights(criteria: CriteriaSet, state: Mapping) -> dict[str, float]:
    """The weights in force, normalised to sum 1.

    Members' mean when the room chose to use members' weights and some are entered;
    otherwise swing points, or rank-order centroid weights from the order of importance.
    """
    members = members_of(state)
    if state.get("use_members") and members:
        return group_weights(members, criteria).mean
    if state.get("weight_mode") == "order":
        return roc_weights(order_groups(state.get("order") or {}, criteria), criteria)
    points = {k: float(v) for k, v in (state.get("weights") or {}).items() if k in criteria.keys}
    if points and all(0 <= v <= 100 for v in points.values()) and len(points) == len(criteria.keys):
        return swing_weights(points, criteria)
    return normalise_weights(criteria, points)


def weights_source(state: Mapping) -> str:
    """How the weights were set, in words for the record."""
    members = members_of(state)
    if state.get("use_members") and members:
        return f"mean of {len(members)} members' weights ({', '.join(members)})"
    if state.get("weight_mode") == "order":
        return "rank-order centroid weights from the agreed order of importance"
    return "swing weighting (points out of 100, normalised)"


def constraints_dict(state: Mapping) -> dict:
    """The set constraints from a draft, as keyword arguments for ``SetConstraints``."""
    raw = dict(state.get("constraints") or {})
    out = {
        "size": int(raw.get("size", 12)),
        "min_per_area": int(raw.get("min_per_area") or 0),
        "max_per_area": None if raw.get("max_per_area") in (None, 0, "") else int(raw["max_per_area"]),
        "min_outcomes": int(raw.get("min_outcomes") or 0),
        "exclusive_overlaps": bool(raw.get("exclusive_overlaps", True)),
        "include": tuple(raw.get("include") or ()),
        "exclude": tuple(raw.get("exclude") or ()),
        "area_min": dict(raw.get("area_min") or {}),
        "area_max": dict(raw.get("area_max") or {}),
    }
    floor = raw.get("min_data_availability")
    out["min_data_availability"] = float(floor) if floor not in (None, "", 0, 0.0) else None
    return out


def robustness_settings(state: Mapping) -> dict:
    """Sampling, samples, seed, spread and top k (the set size) from a draft."""
    raw = dict(state.get("robustness") or {})
    return {
        "sampling": str(raw.get("sampling", "around")),
        "samples": int(raw.get("samples", 10_000)),
        "seed": int(raw.get("seed", 2018)),
        "spread": float(raw.get("spread", 0.1)),
        "top_k": int((state.get("constraints") or {}).get("size", 12)),
    }


def sampling_in_force(state: Mapping) -> str:
    """The draft's sampling as it is run: "members" with no members' weights entered
    falls back to "around" (the How sure page says so), for every page and the lock."""
    sampling = robustness_settings(state)["sampling"]
    return "around" if sampling == "members" and not members_of(state) else sampling


def lock_arguments(state: Mapping, criteria: CriteriaSet) -> dict:
    """What a lock records besides the picks, from the draft: the keyword arguments of
    ``decisions.lock_decision`` (audience, weights, method, robustness settings with
    the set size as top k, constraints), the same ones the CLI's ``lock`` passes."""
    settings = robustness_settings(state)
    members = members_of(state)
    robustness = {
        "sampling": sampling_in_force(state),
        "samples": settings["samples"],
        "seed": settings["seed"],
        "spread": settings["spread"],
        "top_k": len(state.get("picks") or []) or settings["top_k"],
    }
    if robustness["sampling"] == "order":
        robustness["order"] = order_groups(state.get("order") or {}, criteria)
    if robustness["sampling"] == "members":
        robustness["members"] = members
    return {
        "audience": state["audience"],
        "weights": current_weights(criteria, state),
        "method": state.get("method", "wsm"),
        "robustness": robustness,
        "constraints": constraints_dict(state),
    }
