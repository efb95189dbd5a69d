"""Why no set meets the constraints, and what a given set breaks, in plain English.

A committee that asks for one indicator from each of 18 service areas in a set of 12
needs to hear which of its rules clash, named as it gave them, not that a solver
failed. :func:`explain_infeasible` first counts (:func:`_simple_reasons`: areas
against places, must-includes against caps, outcome measures with enough data ...;
when there is no outcome or overlap rule these are necessary and sufficient for a set
to exist). When counting explains nothing and HiGHS still finds no set, it relaxes the
families of rules one at a time, then two at a time, and says which relaxations would
make a set possible (:func:`_relaxation_reasons`). :func:`violations` checks a given
set, such as one edited by hand in the workshop, against the rules.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from pmf_select.errors import InputError
from pmf_select.longlist import LongList
from pmf_select.selection.constraints import SetConstraints, _compile, _Instance
from pmf_select.selection.solver import _matrix, _milp


def _n(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _and(items: Sequence[str]) -> str:
    """Words joined as a list is read aloud: a; a and b; a, b and c."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _is_are(count: int) -> str:
    return "is" if count == 1 else "are"


def _ineligible_detail(inst: _Instance, mask: np.ndarray) -> str:
    parts = []
    excluded = int((mask & inst.excluded).sum())
    below = int((mask & inst.below_floor & ~inst.excluded).sum())
    if excluded:
        parts.append(f"{excluded} excluded")
    if below:
        parts.append(f"{below} below the data-availability minimum {inst.constraints.min_data_availability:g}")
    return f" ({', '.join(parts)})" if parts else ""


def _simple_reasons(inst: _Instance) -> list[str]:
    """Conflicts that counting alone reveals. Together (when there is no outcome or
    overlap rule) they are necessary and sufficient for a set to exist."""
    c = inst.constraints
    k = inst.k
    reasons: list[str] = []
    eligible = inst.eligible

    both = [i for i in c.include if i in set(c.exclude)]
    if both:
        reasons.append(f"{', '.join(both)} {_is_are(len(both))} both must-include and must-exclude")
    low = inst.forced & inst.below_floor
    if low.any():
        shown = ", ".join(f"{cid} ({inst.availability[i]:g})" for i, cid in enumerate(inst.ids) if low[i])
        reasons.append(
            f"must-include {shown} {'has' if low.sum() == 1 else 'have'} data availability below "
            f"the minimum {c.min_data_availability:g}"
        )
    n_forced = int(inst.forced.sum())
    if n_forced > k:
        reasons.append(f"{n_forced} must-include indicators but the set has {_n(k, 'place')}")
    for i, j in inst.pairs:
        if inst.forced[i] and inst.forced[j]:
            reasons.append(
                f"must-include {inst.ids[i]} and {inst.ids[j]} overlap, and at most one of each "
                "overlapping pair is allowed"
            )
    n_eligible = int(eligible.sum())
    if n_eligible < k:
        reasons.append(
            f"the set has {_n(k, 'place')} but only {_n(n_eligible, 'candidate')} "
            f"{_is_are(n_eligible)} eligible{_ineligible_detail(inst, ~eligible)}"
        )

    # per service area
    areas = inst.areas
    A = len(areas)
    elig_a = np.bincount(inst.area_of[eligible], minlength=A)
    forced_a = np.bincount(inst.area_of[inst.forced], minlength=A)
    global_max = c.max_per_area
    for a, area in enumerate(areas):
        lo, hi = int(inst.lo[a]), int(inst.hi[a])
        if lo > hi:
            reasons.append(f"{area} must have at least {lo} but at most {hi} indicators")
        if forced_a[a] > hi:
            all_there = forced_a[a] == n_forced
            where = f"all in {area}" if all_there and n_forced > 1 else f"in {area}"
            if area not in _named(c.area_max, areas) and global_max is not None:
                limit = f"at most {hi} per area {_is_are(hi)} allowed"
            else:
                limit = f"at most {hi} from {area} {_is_are(hi)} allowed"
            count = int(forced_a[a])
            reasons.append(f"{_n(count, 'must-include indicator')} {_is_are(count)} {where} but {limit}")
        if elig_a[a] < lo:
            in_area = inst.area_of == a
            reasons.append(
                f"{area} needs at least {_n(lo, 'indicator')} but only {elig_a[a]} "
                f"{_is_are(int(elig_a[a]))} eligible{_ineligible_detail(inst, in_area & ~eligible)}"
            )
    need = int(inst.lo.sum())
    need_with_forced = int(np.maximum(inst.lo, forced_a).sum())
    if need > k:
        named = _named(c.area_min, areas)
        if not named and c.min_per_area == 1:
            reasons.append(f"{A} service areas each need a place but the set has {_n(k, 'place')}")
        elif not named:
            reasons.append(
                f"{A} service areas each need at least {c.min_per_area} places ({need} in all) "
                f"but the set has {_n(k, 'place')}"
            )
        else:
            parts = [f"{areas[a]} {int(inst.lo[a])}" for a in range(A) if inst.lo[a] > 0]
            reasons.append(
                f"the per-area minimums need {need} places ({', '.join(parts)}) but the set has {_n(k, 'place')}"
            )
    elif need_with_forced > k and n_forced <= k:
        reasons.append(
            f"the must-include indicators and the per-area minimums together need {need_with_forced} places "
            f"but the set has {_n(k, 'place')}"
        )
    capacity = int(np.minimum(inst.hi, elig_a).sum())
    if capacity < k and n_eligible >= k:
        if global_max is not None and not c.area_max:
            reasons.append(
                f"at most {global_max} per area across {_n(A, 'service area')} allows only "
                f"{_n(capacity, 'place')} but the set has {_n(k, 'place')}"
            )
        else:
            reasons.append(
                f"the per-area maximums allow only {_n(capacity, 'indicator')} in all but the set has {_n(k, 'place')}"
            )

    # outcome measures
    m = inst.min_outcomes
    if m:
        if m > k:
            reasons.append(
                f"at least {_n(m, 'outcome measure')} {_is_are(m)} required but the set has {_n(k, 'place')}"
            )
        elig_out = eligible & inst.outcome
        count = int(elig_out.sum())
        total_out = int(inst.outcome.sum())
        if count < m:
            if total_out == 0:
                qualifier = "the long list has no outcome measures"
            elif total_out < m:
                qualifier = f"the long list has only {_n(total_out, 'outcome measure')}"
            elif c.min_data_availability is not None and not (inst.outcome & inst.excluded).any():
                qualifier = (
                    f"only {_n(count, 'outcome measure')} {'has' if count == 1 else 'have'} data availability "
                    f">= {c.min_data_availability:g}"
                )
            else:
                qualifier = f"only {_n(count, 'outcome measure')} {_is_are(count)} eligible" + _ineligible_detail(
                    inst, inst.outcome & ~eligible
                )
            reasons.append(f"{qualifier} but at least {m} {_is_are(m)} required")
        elif m <= k:
            out_cap = int(np.minimum(inst.hi, np.bincount(inst.area_of[elig_out], minlength=A)).sum())
            if out_cap < m:
                reasons.append(
                    f"the per-area maximums allow only {_n(out_cap, 'outcome measure')} "
                    f"but at least {m} {_is_are(m)} required"
                )
    return reasons


def _named(mapping: Mapping[str, int], areas: list[str]) -> set[str]:
    lower = {a.lower(): a for a in areas}
    return {lower.get(k.lower(), k) for k in mapping}


_FAMILIES = (
    (
        "the per-area minimums",
        lambda c: bool(c.min_per_area or any(c.area_min.values())),
        {"min_per_area": 0, "area_min": {}},
    ),
    (
        "the per-area maximums",
        lambda c: c.max_per_area is not None or bool(c.area_max),
        {"max_per_area": None, "area_max": {}},
    ),
    ("the must-include list", lambda c: bool(c.include), {"include": ()}),
    ("the must-exclude list", lambda c: bool(c.exclude), {"exclude": ()}),
    ("the outcome-measure minimum", lambda c: c.min_outcomes > 0, {"min_outcomes": 0}),
    ("the overlapping-pairs rule", lambda c: c.exclusive_overlaps, {"exclusive_overlaps": False}),
    ("the data-availability minimum", lambda c: c.min_data_availability is not None, {"min_data_availability": None}),
)


def _family_text(name: str, c: SetConstraints) -> str:
    detail = {
        "the per-area minimums": ", ".join(
            ([f"at least {c.min_per_area} per area"] if c.min_per_area else [])
            + [f"{a} at least {n}" for a, n in c.area_min.items()]
        ),
        "the per-area maximums": ", ".join(
            ([f"at most {c.max_per_area} per area"] if c.max_per_area is not None else [])
            + [f"{a} at most {n}" for a, n in c.area_max.items()]
        ),
        "the must-include list": ", ".join(c.include),
        "the must-exclude list": ", ".join(c.exclude),
        "the outcome-measure minimum": f"at least {c.min_outcomes}",
        "the overlapping-pairs rule": "at most one of each overlapping pair",
        "the data-availability minimum": f"at least {c.min_data_availability:g}"
        if c.min_data_availability is not None
        else "",
    }[name]
    return f"{name} ({detail})" if detail else name


def _feasible(longlist: LongList, constraints: SetConstraints) -> bool:
    inst = _compile(longlist, constraints)
    if _simple_reasons(inst):
        return False
    if inst.simple:
        return True
    return _milp(inst, np.zeros(inst.n), _matrix(inst)) is not None


def _relaxation_reasons(longlist: LongList, constraints: SetConstraints) -> list[str]:
    """Which constraint families together are infeasible: relax them one at a time
    (then two at a time) and report the relaxations that make a set possible."""
    active = [(name, change) for name, is_on, change in _FAMILIES if is_on(constraints)]
    for width in (1, 2):
        fixes = []
        for combo in itertools.combinations(active, width):
            relaxed = constraints
            for _name, change in combo:
                relaxed = replace(relaxed, **change)
            if _feasible(longlist, relaxed):
                fixes.append(" with ".join(_family_text(name, constraints) for name, _ in combo))
        if fixes:
            families = _and([name for name, _ in active])
            how = "relaxing any one of these" if width == 1 else "relaxing two of these together"
            return [f"no set meets {families} together; {how} would make it possible: " + "; ".join(fixes)]
    return ["no set meets all the constraints together, even after relaxing any two of them"]


def explain_infeasible(longlist: LongList, constraints: SetConstraints) -> list[str]:
    """Plain-English reasons why no set meets ``constraints``; empty when one does."""
    inst = _compile(longlist, constraints)
    reasons = _simple_reasons(inst)
    if reasons:
        return reasons
    if inst.simple or _milp(inst, np.zeros(inst.n), _matrix(inst)) is not None:
        return []
    return _relaxation_reasons(longlist, constraints)


def violations(longlist: LongList, ids: Sequence[str], constraints: SetConstraints) -> list[str]:
    """The constraints a given set breaks, in plain English (empty when it meets them all).

    Useful for a hand-edited set in the workshop and for tests.
    """
    inst = _compile(longlist, constraints)
    position = {cid: i for i, cid in enumerate(inst.ids)}
    unknown = [i for i in ids if i not in position]
    if unknown:
        raise InputError(f"the set names id(s) not in the long list: {', '.join(unknown)}")
    mask = np.zeros(inst.n, dtype=bool)
    mask[[position[i] for i in ids]] = True
    out: list[str] = []
    if int(mask.sum()) != inst.k:
        out.append(f"has {int(mask.sum())} indicators, not {inst.k}")
    counts = np.bincount(inst.area_of[mask], minlength=len(inst.areas))
    for a, area in enumerate(inst.areas):
        if counts[a] < inst.lo[a]:
            out.append(f"{area} has {counts[a]}, fewer than {inst.lo[a]}")
        if counts[a] > inst.hi[a]:
            out.append(f"{area} has {counts[a]}, more than {inst.hi[a]}")
    missing = [cid for cid in inst.constraints.include if not mask[position[cid]]]
    if missing:
        out.append(f"leaves out must-include {', '.join(missing)}")
    banned = [inst.ids[i] for i in np.flatnonzero(mask & inst.excluded)]
    if banned:
        out.append(f"contains must-exclude {', '.join(banned)}")
    low = [inst.ids[i] for i in np.flatnonzero(mask & inst.below_floor)]
    if low:
        out.append(f"contains {', '.join(low)} below the data-availability minimum")
    outcomes = int((mask & inst.outcome).sum())
    if outcomes < inst.min_outcomes:
        out.append(f"has {outcomes} outcome measures, fewer than {inst.min_outcomes}")
    for i, j in inst.pairs:
        if mask[i] and mask[j]:
            out.append(f"contains both {inst.ids[i]} and {inst.ids[j]}, which overlap")
    return out
