"""Building a balanced KPI set: a 0-1 integer programme, its infeasibility reasons,
swap costs and set-level robustness.

"Top k by score" can fill a committee's twelve places with child-protection
timeliness measures. Here the set is chosen as a whole: pick exactly ``k`` candidates
to maximise the total weighted-sum score

    max  sum_j v_j x_j
    s.t. sum_j x_j = k                                   (set size)
         lo_a <= sum_{j in area a} x_j <= hi_a           (coverage, per service area)
         sum_{j outcome} x_j >= m                        (outcome measures)
         x_i + x_j <= 1           for overlapping pairs  (no double counting)
         x_j = 1 must-include;  x_j = 0 must-exclude or below the data-availability floor
         x_j in {0, 1}

where ``v_j`` is candidate j's weighted-sum score (0-1). This is the deterministic
core of Robust Portfolio Modelling (Liesio, Mild & Salo 2007, EJOR 181(3):1488-1505;
Salo, Keisler & Morton (eds.) 2011, *Portfolio Decision Analysis*, Springer) and is
solved with HiGHS through :func:`scipy.optimize.milp` with a zero relative gap (HiGHS's
absolute tolerance, 1e-6 of total score, is far below any difference a member sees).

Fast path. When the only constraints are the size, per-area minimums and maximums,
must-include and must-exclude (and the data-availability screen), the optimum is
found greedily: take the best ``lo_a`` eligible candidates of each area, then fill
the remaining places with the best remaining candidates, never taking more than
``hi_a`` from an area. It is exact: the best ``c`` candidates of an area are the
best way to spend ``c`` places there, so the problem is to split ``k`` places
between areas, maximising a sum of concave (sorted prefix-sum) functions within
bounds, and marginal-gain greedy allocation is optimal for that (the exchange
argument in mcda-notes section 4.2; Ibaraki & Katoh 1988, *Resource Allocation
Problems*, MIT Press, ch. 4). It vectorises over thousands of weight samples. With
outcome or overlap constraints, the greedy set of the relaxed problem is still
optimal whenever it happens to satisfy them (it is an upper bound); only the other
samples go to the solver.

Ties. Scores are compared at 12 decimal places, as in :mod:`pmf_select.scoring`.
Candidates with equal scores are interchangeable to the solver; we always prefer the
lower id, the ranking's tie order (the greedy path by a stable sort in id order, the
solver's answer by single tie swaps), so the same inputs give the same set whatever
the row order of the file.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import block_diag, csr_array

from pmf_select.errors import InputError
from pmf_select.model import LongList
from pmf_select.robustness import check_thresholds, wilson_interval
from pmf_select.sampling import (
    SAMPLINGS,
    check_samples,
    check_seed,
    check_spread,
    normalise_order,
    order_from_weights,
    sample_weights,
)
from pmf_select.scoring import SCORE_DECIMALS, rank_scores, score, wsm_kernel
from pmf_select.weights import normalise_weights

OUTCOME_MEASURE = "is anyone better off"
"""The ``measure_type`` value of an outcome measure (Results-Based Accountability)."""

SOLVERS = ("auto", "milp", "greedy")
MILP_BATCH = 25
"""Independent problems stacked into one HiGHS call (about 3x faster than one by one)."""
LABELS = ("core", "borderline", "out")


class InfeasibleSet(InputError):
    """No set meets the constraints. ``reasons`` are plain-English sentences that name
    the conflicting constraints; the message joins them."""

    def __init__(self, size: int, reasons: Sequence[str]):
        self.size = size
        self.reasons = list(reasons)
        text = "; ".join(self.reasons) if self.reasons else "no set meets all the constraints together"
        super().__init__(f"cannot build a set of {size}: {text}")


# ---------------------------------------------------------------- constraints


def _count(value: object, what: str, minimum: int = 0) -> int:
    if isinstance(value, bool):
        raise InputError(f"{what} must be a whole number, not {value!r}")
    try:
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        if isinstance(value, float) and value.is_integer():
            number = int(value)
        else:
            raise InputError(f"{what} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise InputError(f"{what} must be at least {minimum}, not {number}")
    return number


def _ids(value: object, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [v for v in value.replace(";", ",").split(",")]
    out: list[str] = []
    for item in value:  # type: ignore[union-attr]
        text = str(item).strip()
        if text and text not in out:
            out.append(text)
    return tuple(out)


@dataclass(frozen=True)
class SetConstraints:
    """What the set must satisfy, in the committee's terms.

    ``size``: exactly this many indicators. ``min_per_area`` / ``max_per_area``: for
    every service area; ``area_min`` / ``area_max`` override them for named areas
    (``{"Workforce": 0}`` exempts Workforce from a global minimum). ``include`` /
    ``exclude``: ids that must / must not be in the set. ``min_outcomes``: at least
    this many outcome measures (``measure_type`` "is anyone better off").
    ``exclusive_overlaps``: at most one of each pair named in ``overlaps_with``.
    ``min_data_availability``: only candidates scoring at least this on data
    availability are eligible (a must-include below it is a conflict, not a skip).
    """

    size: int
    min_per_area: int = 0
    max_per_area: int | None = None
    area_min: Mapping[str, int] = field(default_factory=dict)
    area_max: Mapping[str, int] = field(default_factory=dict)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    min_outcomes: int = 0
    exclusive_overlaps: bool = True
    min_data_availability: float | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "size", _count(self.size, "set size", 1))
        set_(self, "min_per_area", _count(self.min_per_area, "minimum per area"))
        if self.max_per_area is not None:
            set_(self, "max_per_area", _count(self.max_per_area, "maximum per area"))
        for name in ("area_min", "area_max"):
            raw = getattr(self, name) or {}
            if not isinstance(raw, Mapping):
                raise InputError(f"{name} must map service area names to whole numbers")
            clean = {str(k).strip(): _count(v, f"{name} for '{k}'") for k, v in raw.items()}
            set_(self, name, clean)
        set_(self, "include", _ids(self.include, "include"))
        set_(self, "exclude", _ids(self.exclude, "exclude"))
        set_(self, "min_outcomes", _count(self.min_outcomes, "minimum number of outcome measures"))
        set_(self, "exclusive_overlaps", bool(self.exclusive_overlaps))
        if self.min_data_availability is not None:
            try:
                floor = float(self.min_data_availability)
            except (TypeError, ValueError):
                raise InputError(
                    f"minimum data availability must be a number, not {self.min_data_availability!r}"
                ) from None
            if not math.isfinite(floor):
                raise InputError("minimum data availability must be a finite number")
            set_(self, "min_data_availability", floor)

    def to_dict(self) -> dict:
        """Plain JSON-able values, for the decision record."""
        return {
            "size": self.size,
            "min_per_area": self.min_per_area,
            "max_per_area": self.max_per_area,
            "area_min": dict(self.area_min),
            "area_max": dict(self.area_max),
            "include": list(self.include),
            "exclude": list(self.exclude),
            "min_outcomes": self.min_outcomes,
            "exclusive_overlaps": self.exclusive_overlaps,
            "min_data_availability": self.min_data_availability,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> SetConstraints:
        """The inverse of :meth:`to_dict`; unknown keys are refused."""
        allowed = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise InputError(f"unknown set constraint(s) {', '.join(unknown)}: expected {', '.join(sorted(allowed))}")
        if "size" not in data:
            raise InputError("set constraints need a 'size'")
        return cls(**dict(data))

    def describe(self) -> list[str]:
        """One plain-English line per active constraint."""
        lines = [f"exactly {self.size} indicators"]
        if self.min_per_area:
            lines.append(f"at least {self.min_per_area} from every service area")
        if self.max_per_area is not None:
            lines.append(f"at most {self.max_per_area} from any one service area")
        lines += [f"at least {n} from {area}" for area, n in self.area_min.items()]
        lines += [f"at most {n} from {area}" for area, n in self.area_max.items()]
        if self.include:
            lines.append(f"must include {', '.join(self.include)}")
        if self.exclude:
            lines.append(f"must exclude {', '.join(self.exclude)}")
        if self.min_outcomes:
            lines.append(f"at least {self.min_outcomes} outcome measures (is anyone better off)")
        if self.exclusive_overlaps:
            lines.append("at most one of each overlapping pair")
        if self.min_data_availability is not None:
            lines.append(f"data availability at least {self.min_data_availability:g}")
        return lines


# ---------------------------------------------------------------- the compiled problem


@dataclass(frozen=True, eq=False)
class _Instance:
    """The constraints as arrays over the long list's rows (file order)."""

    ids: list[str]
    priority: np.ndarray  # (n,) tie order: position in id order (lower wins a tie)
    areas: list[str]
    area_of: np.ndarray  # (n,) area index
    outcome: np.ndarray  # (n,) bool
    availability: np.ndarray | None  # (n,) data availability score, if the column exists
    pairs: np.ndarray  # (p, 2) overlapping pairs (i < j), only when exclusive
    excluded: np.ndarray  # (n,) bool, must-exclude
    below_floor: np.ndarray  # (n,) bool, under the data-availability minimum
    forced: np.ndarray  # (n,) bool, must-include
    lo: np.ndarray  # (A,) per-area minimum
    hi: np.ndarray  # (A,) per-area maximum (n when none)
    k: int
    min_outcomes: int
    constraints: SetConstraints

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def eligible(self) -> np.ndarray:
        return ~self.excluded & ~self.below_floor

    @property
    def simple(self) -> bool:
        """True when the greedy fast path is exact (no outcome or overlap rule)."""
        return self.min_outcomes == 0 and len(self.pairs) == 0


def _area_lookup(longlist: LongList, names: Mapping[str, int], what: str) -> dict[str, int]:
    by_lower = {a.strip().lower(): a for a in longlist.service_areas}
    out: dict[str, int] = {}
    unknown = []
    for name, n in names.items():
        area = by_lower.get(name.strip().lower())
        if area is None:
            unknown.append(name)
        else:
            out[area] = n
    if unknown:
        raise InputError(
            f"{what} names unknown service area(s) {', '.join(repr(u) for u in unknown)}: "
            f"expected one of {', '.join(longlist.service_areas)}"
        )
    return out


def overlap_pairs(longlist: LongList) -> list[tuple[str, str]]:
    """Overlapping pairs from the ``overlaps_with`` column (semicolon-separated ids).

    A pair named from either side counts once; ids not in the list, blanks and
    self-references are ignored. No column means no pairs.
    """
    if "overlaps_with" not in longlist.frame.columns:
        return []
    position = {cid: i for i, cid in enumerate(longlist.ids)}
    seen: set[tuple[int, int]] = set()
    for i, cell in enumerate(longlist.frame["overlaps_with"]):
        if cell is None or (isinstance(cell, float) and math.isnan(cell)):
            continue
        for other in str(cell).replace(",", ";").split(";"):
            j = position.get(other.strip())
            if j is None or j == i:
                continue
            seen.add((min(i, j), max(i, j)))
    ids = longlist.ids
    return [(ids[i], ids[j]) for i, j in sorted(seen)]


def outcome_mask(longlist: LongList) -> np.ndarray:
    """True for outcome measures (``measure_type`` "is anyone better off")."""
    if "measure_type" not in longlist.frame.columns:
        return np.zeros(len(longlist), dtype=bool)
    return np.array([str(v).strip().lower() == OUTCOME_MEASURE for v in longlist.frame["measure_type"]], dtype=bool)


def _availability(longlist: LongList) -> np.ndarray | None:
    if "data_availability" not in longlist.frame.columns:
        return None
    return pd.to_numeric(longlist.frame["data_availability"], errors="coerce").to_numpy(dtype=float)


def _compile(longlist: LongList, constraints: SetConstraints) -> _Instance:
    ids = longlist.ids
    position = {cid: i for i, cid in enumerate(ids)}
    for what, chosen in (("must-include", constraints.include), ("must-exclude", constraints.exclude)):
        unknown = [c for c in chosen if c not in position]
        if unknown:
            raise InputError(
                f"{what} names id(s) not in the long list: {', '.join(unknown)} "
                "(ids are as in the long list's 'id' column)"
            )
    n = len(ids)
    areas = longlist.service_areas
    area_index = {a: i for i, a in enumerate(areas)}
    area_of = np.array([area_index[a] for a in longlist.frame["service_area"]], dtype=np.int64)
    area_min = _area_lookup(longlist, constraints.area_min, "area minimum")
    area_max = _area_lookup(longlist, constraints.area_max, "area maximum")
    lo = np.array([area_min.get(a, constraints.min_per_area) for a in areas], dtype=np.int64)
    default_hi = n if constraints.max_per_area is None else constraints.max_per_area
    hi = np.array([area_max.get(a, default_hi) for a in areas], dtype=np.int64)

    if constraints.min_outcomes and "measure_type" not in longlist.frame.columns:
        raise InputError(
            f"at least {constraints.min_outcomes} outcome measures were asked for, but the long list has no "
            "'measure_type' column (expected 'how much', 'how well' or 'is anyone better off')"
        )
    availability = _availability(longlist)
    below = np.zeros(n, dtype=bool)
    if constraints.min_data_availability is not None:
        if availability is None:
            raise InputError("a minimum data availability needs a 'data_availability' column in the long list")
        below = ~(availability >= constraints.min_data_availability)
    excluded = np.zeros(n, dtype=bool)
    excluded[[position[c] for c in constraints.exclude]] = True
    forced = np.zeros(n, dtype=bool)
    forced[[position[c] for c in constraints.include]] = True
    pairs = np.zeros((0, 2), dtype=np.int64)
    if constraints.exclusive_overlaps:
        found = [(position[a], position[b]) for a, b in overlap_pairs(longlist)]
        if found:
            pairs = np.array(found, dtype=np.int64)
    priority = np.empty(n, dtype=np.int64)
    priority[sorted(range(n), key=lambda i: ids[i])] = np.arange(n)
    return _Instance(
        ids=ids,
        priority=priority,
        areas=areas,
        area_of=area_of,
        outcome=outcome_mask(longlist),
        availability=availability,
        pairs=pairs,
        excluded=excluded,
        below_floor=below,
        forced=forced,
        lo=lo,
        hi=hi,
        k=constraints.size,
        min_outcomes=constraints.min_outcomes,
        constraints=constraints,
    )


# ---------------------------------------------------------------- plain-English diagnosis


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


# ---------------------------------------------------------------- solvers


def _matrix(inst: _Instance) -> LinearConstraint:
    """The constraint rows (size, areas, outcomes, pairs); bounds carry include/exclude."""
    n = inst.n
    rows = [np.ones(n)]
    lower, upper = [inst.k], [inst.k]
    for a in range(len(inst.areas)):
        if inst.lo[a] > 0 or inst.hi[a] < n:
            rows.append((inst.area_of == a).astype(float))
            lower.append(float(inst.lo[a]))
            upper.append(float(min(inst.hi[a], n)))
    if inst.min_outcomes:
        rows.append(inst.outcome.astype(float))
        lower.append(float(inst.min_outcomes))
        upper.append(np.inf)
    dense = np.vstack(rows)
    if len(inst.pairs):
        pair_rows = np.zeros((len(inst.pairs), n))
        pair_rows[np.arange(len(inst.pairs)), inst.pairs[:, 0]] = 1
        pair_rows[np.arange(len(inst.pairs)), inst.pairs[:, 1]] = 1
        dense = np.vstack([dense, pair_rows])
        lower += [-np.inf] * len(inst.pairs)
        upper += [1.0] * len(inst.pairs)
    return LinearConstraint(csr_array(dense), np.array(lower, dtype=float), np.array(upper, dtype=float))


def _milp(
    inst: _Instance,
    values: np.ndarray,
    matrix: LinearConstraint,
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
) -> np.ndarray | None:
    """One HiGHS solve; the chosen mask, or None when infeasible."""
    lower = inst.forced.astype(float) if lower is None else lower
    upper = inst.eligible.astype(float) if upper is None else upper
    if (lower > upper).any():
        return None
    result = milp(
        -np.asarray(values, dtype=float),
        constraints=matrix,
        integrality=np.ones(inst.n),
        bounds=Bounds(lower, upper),
        options={"mip_rel_gap": 0.0},
    )
    if result.status == 2:  # infeasible
        return None
    if result.x is None:
        raise RuntimeError(f"the set solver stopped without an answer: {result.message}")
    return _prefer_tie_order(inst, result.x > 0.5, values, lower, upper)


def _prefer_tie_order(
    inst: _Instance, mask: np.ndarray, values: np.ndarray, lower: np.ndarray, upper: np.ndarray
) -> np.ndarray:
    """Among exact ties, swap a chosen candidate for one earlier in the tie order (lower
    id) when the swap keeps every constraint: the solver's arbitrary choice between
    equal candidates becomes the ranking's tie order."""
    mask = mask.copy()
    values = np.asarray(values, dtype=float)
    free = upper > 0.5
    changed = True
    while changed:
        changed = False
        for j in sorted(np.flatnonzero(mask), key=lambda j: -inst.priority[j]):
            if lower[j] > 0.5:
                continue
            earlier = np.flatnonzero(~mask & free & (inst.priority < inst.priority[j]) & (values == values[j]))
            for i in earlier:
                trial = mask.copy()
                trial[j], trial[i] = False, True
                if _meets(inst, trial):
                    mask = trial
                    changed = True
                    break
            if changed:
                break
    return mask


def _meets(inst: _Instance, mask: np.ndarray) -> bool:
    counts = np.bincount(inst.area_of[mask], minlength=len(inst.areas))
    if (counts < inst.lo).any() or (counts > inst.hi).any():
        return False
    if int((mask & inst.outcome).sum()) < inst.min_outcomes:
        return False
    return not (len(inst.pairs) and (mask[inst.pairs[:, 0]] & mask[inst.pairs[:, 1]]).any())


def greedy_kernel(
    values: np.ndarray,
    area_of: np.ndarray,
    k: int,
    lo: np.ndarray,
    hi: np.ndarray,
    eligible: np.ndarray,
    forced: np.ndarray,
    priority: np.ndarray | None = None,
) -> np.ndarray:
    """The exact fast path for size + per-area bounds + include/exclude, vectorised.

    ``values`` is (s, n): one row of candidate values per weight sample. Returns an
    (s, n) boolean array of chosen sets. Plain array arithmetic with no checks: the
    caller guarantees feasibility (see :func:`explain_infeasible`). Ties go to the
    lower ``priority`` (default: the earlier column).
    """
    values = np.atleast_2d(np.asarray(values, dtype=float))
    s, n = values.shape
    if priority is not None:
        # solve with columns in tie order, so a stable sort breaks ties by priority
        perm = np.argsort(priority, kind="stable")
        inverse = np.empty(n, dtype=np.int64)
        inverse[perm] = np.arange(n)
        chosen = greedy_kernel(values[:, perm], area_of[perm], k, lo, hi, eligible[perm], forced[perm])
        return chosen[:, inverse]
    A = len(lo)
    pool = eligible & ~forced
    in_forced = np.bincount(area_of[forced], minlength=A)
    need = np.maximum(lo - in_forced, 0)
    cap = hi - in_forced
    fill = k - int(forced.sum()) - int(need.sum())
    masked = np.where(pool[None, :], values, -np.inf)
    order = np.argsort(-masked, axis=1, kind="stable")  # best first; candidates not in the pool last
    sorted_area = area_of.astype(np.int16 if A < 2**15 else np.int64)[order]
    sorted_pool = pool[order]
    # rank of each position within its area: a stable sort by area keeps the order
    # within each area, and lays the areas out in blocks whose sizes never change
    by_area = np.argsort(sorted_area, axis=1, kind="stable")
    sizes = np.bincount(area_of, minlength=A)
    block_rank = np.arange(n) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    within = np.empty((s, n), dtype=np.int64)
    np.put_along_axis(within, by_area, np.broadcast_to(block_rank, (s, n)), axis=1)
    first = sorted_pool & (within < need[sorted_area])
    fillable = sorted_pool & ~first & (within < cap[sorted_area])
    chosen_sorted = first | (fillable & (np.cumsum(fillable, axis=1, dtype=np.int32) <= fill))
    chosen = np.zeros((s, n), dtype=bool)
    np.put_along_axis(chosen, order, chosen_sorted, axis=1)
    chosen |= forced[None, :]
    return chosen


def _greedy(inst: _Instance, values: np.ndarray) -> np.ndarray:
    return greedy_kernel(values, inst.area_of, inst.k, inst.lo, inst.hi, inst.eligible, inst.forced, inst.priority)


def _solve_many(
    inst: _Instance, values: np.ndarray, solver: str, matrix: LinearConstraint | None = None, chunk: int = 2000
) -> tuple[np.ndarray, int]:
    """Optimal sets for each row of ``values`` (s, n); also how many went to HiGHS.

    The instance must already have passed :func:`_simple_reasons`. ``matrix`` (from
    :func:`_matrix`) depends only on the size, area, outcome and pair rows, so it can
    be shared by variants that differ in include/exclude.
    """
    values = np.atleast_2d(values)
    if solver == "greedy" and not inst.simple:
        raise InputError(
            "the greedy solver handles only size, per-area, include/exclude and data-availability constraints; "
            "use solver 'milp' or 'auto' with outcome or overlap constraints"
        )
    out = np.zeros(values.shape, dtype=bool)
    if solver == "milp":
        out[:] = _milp_rows(inst, values, matrix if matrix is not None else _matrix(inst))
        return out, len(values)
    relaxed = replace(inst, pairs=np.zeros((0, 2), dtype=np.int64), min_outcomes=0)
    for start in range(0, len(values), chunk):
        out[start : start + chunk] = _greedy(relaxed, values[start : start + chunk])
    if inst.simple:
        return out, 0
    ok = (out & inst.outcome[None, :]).sum(axis=1) >= inst.min_outcomes
    if len(inst.pairs):
        ok &= ~(out[:, inst.pairs[:, 0]] & out[:, inst.pairs[:, 1]]).any(axis=1)
    todo = np.flatnonzero(~ok)
    if len(todo):
        out[todo] = _milp_rows(inst, values[todo], matrix if matrix is not None else _matrix(inst))
    return out, len(todo)


def _milp_rows(inst: _Instance, values: np.ndarray, matrix: LinearConstraint) -> np.ndarray:
    """Optimal sets for several value rows, ``MILP_BATCH`` problems per HiGHS call.

    The problems are independent, so they are stacked block-diagonally into one
    programme: its optimum is every block's optimum, and the per-call set-up cost of
    HiGHS (most of the time for a problem this small) is paid once per batch.
    """
    out = np.zeros(values.shape, dtype=bool)
    lower, upper = inst.forced.astype(float), inst.eligible.astype(float)
    for start in range(0, len(values), MILP_BATCH):
        block = values[start : start + MILP_BATCH]
        if len(block) == 1:
            masks = _milp(inst, block[0], matrix)
            masks = None if masks is None else masks[None, :]
        else:
            masks = _milp_stacked(inst, block, matrix, lower, upper)
        if masks is None:
            raise InfeasibleSet(inst.k, ["no set meets all the constraints together"])
        out[start : start + len(block)] = masks
    return out


def _milp_stacked(
    inst: _Instance, values: np.ndarray, matrix: LinearConstraint, lower: np.ndarray, upper: np.ndarray
) -> np.ndarray | None:
    b, n = values.shape
    stacked = LinearConstraint(block_diag([matrix.A] * b, format="csr"), np.tile(matrix.lb, b), np.tile(matrix.ub, b))
    result = milp(
        -values.ravel(),
        constraints=stacked,
        integrality=np.ones(b * n),
        bounds=Bounds(np.tile(lower, b), np.tile(upper, b)),
        options={"mip_rel_gap": 0.0},
    )
    if result.status == 2:
        return None
    if result.x is None:
        raise RuntimeError(f"the set solver stopped without an answer: {result.message}")
    chosen = result.x.reshape(b, n) > 0.5
    return np.array([_prefer_tie_order(inst, chosen[r], values[r], lower, upper) for r in range(b)])


# ---------------------------------------------------------------- candidate values


def candidate_values(longlist: LongList, audience: str, weights: Mapping[str, float] | None = None) -> pd.Series:
    """Each candidate's weighted-sum score (0-1), indexed by id in file order.

    ``sum_j w_j * value_j`` with ``value`` = :meth:`LongList.value_matrix` (scores
    normalised on the declared scale) and weights normalised to sum 1, rounded to 12
    decimals: exactly ``scoring.score(..., method="wsm")``'s score.
    """
    scores = score(longlist, audience, weights, "wsm").scores
    return scores.reindex(pd.Index(longlist.ids, name="id"))


# ---------------------------------------------------------------- the chosen set


@dataclass(frozen=True, eq=False)
class ChosenSet:
    """The optimal set under the constraints.

    ``table``: one row per chosen indicator in score order (ties in file order);
    columns ``id, name, service_area, score`` (weighted-sum score, 0-1),
    ``list_rank`` (its rank by score in the whole long list), ``must_include``, then
    every other long-list column. ``total``: the sum of the scores (the objective).
    ``coverage``: one row per service area with ``service_area, chosen, candidates,
    eligible, at_least, at_most``. ``solver``: "greedy" (exact fast path) or "milp".
    """

    table: pd.DataFrame
    total: float
    constraints: SetConstraints
    coverage: pd.DataFrame
    audience: str
    weights: dict[str, float]
    solver: str

    @property
    def ids(self) -> list[str]:
        return self.table["id"].tolist()

    def __len__(self) -> int:
        return len(self.table)


def _chosen_table(longlist: LongList, inst: _Instance, values: np.ndarray, mask: np.ndarray) -> pd.DataFrame:
    frame = longlist.frame
    ranks = rank_scores(values)
    rows = np.flatnonzero(mask)
    rows = rows[np.lexsort((inst.priority[rows], -values[rows]))]
    head = pd.DataFrame(
        {
            "id": frame["id"].to_numpy()[rows],
            "name": frame["name"].to_numpy()[rows],
            "service_area": frame["service_area"].to_numpy()[rows],
            "score": values[rows],
            "list_rank": ranks[rows],
            "must_include": inst.forced[rows],
        }
    )
    rest = frame.iloc[rows].drop(columns=["id", "name", "service_area"]).reset_index(drop=True)
    return pd.concat([head, rest], axis=1)


def _coverage(inst: _Instance, mask: np.ndarray) -> pd.DataFrame:
    A = len(inst.areas)
    n = inst.n
    return pd.DataFrame(
        {
            "service_area": inst.areas,
            "chosen": np.bincount(inst.area_of[mask], minlength=A),
            "candidates": np.bincount(inst.area_of, minlength=A),
            "eligible": np.bincount(inst.area_of[inst.eligible], minlength=A),
            "at_least": inst.lo,
            "at_most": [None if h >= n else int(h) for h in inst.hi],
        }
    )


def _check_solver(solver: str) -> None:
    if solver not in SOLVERS:
        raise InputError(f"unknown solver '{solver}': expected one of {', '.join(SOLVERS)}")


def _as_constraints(constraints: SetConstraints | int | None) -> SetConstraints:
    if constraints is None:
        raise InputError("set building needs constraints: at least a set size")
    if isinstance(constraints, SetConstraints):
        return constraints
    return SetConstraints(size=constraints)


def build_set(
    longlist: LongList,
    audience: str,
    weights: Mapping[str, float] | None = None,
    constraints: SetConstraints | int | None = None,
    *,
    solver: str = "auto",
) -> ChosenSet:
    """Choose the set of ``constraints.size`` that maximises the total weighted-sum
    score under the constraints (the 0-1 programme in the module docstring).

    Raises :class:`InfeasibleSet` with plain-English reasons when no set exists, and
    :class:`InputError` for unknown ids, areas or audience. ``solver`` "auto" uses
    the exact greedy path when it applies and HiGHS otherwise.
    """
    constraints = _as_constraints(constraints)
    _check_solver(solver)
    longlist.criteria.audience(audience)
    normalised = normalise_weights(longlist.criteria, weights)
    values = candidate_values(longlist, audience, normalised).to_numpy()
    inst = _compile(longlist, constraints)
    reasons = _simple_reasons(inst)
    if reasons:
        raise InfeasibleSet(inst.k, reasons)
    try:
        masks, solved = _solve_many(inst, values[None, :], solver)
    except InfeasibleSet:
        raise InfeasibleSet(inst.k, _relaxation_reasons(longlist, constraints)) from None
    mask = masks[0]
    return ChosenSet(
        table=_chosen_table(longlist, inst, values, mask),
        total=float(values[mask].sum()),
        constraints=constraints,
        coverage=_coverage(inst, mask),
        audience=audience,
        weights=normalised,
        solver="milp" if solved else "greedy",
    )


# ---------------------------------------------------------------- swap costs


def format_change(change: float) -> str:
    """A change in total score as text: "-0.03"; small non-zero changes keep a third
    decimal ("-0.004") so they never read as free; an exact tie is "0.00"."""
    if abs(change) < 1e-12:
        return "0.00"
    text = f"{change:.2f}"
    if float(text) == 0:
        text = f"{change:.3f}"
        if float(text) == 0:
            text = f"{change:.1e}"
    return text


def swap_text(out_ids: Sequence[str], in_ids: Sequence[str], change: float) -> str:
    """``swap X for Y: -0.03`` (several ids joined with ", ")."""
    return f"swap {', '.join(out_ids)} for {', '.join(in_ids)}: {format_change(change)}"


SWAP_COLUMNS = ("id", "name", "service_area", "in_set", "score", "change", "out_ids", "in_ids", "swap", "note")


def swap_costs(
    longlist: LongList,
    audience: str,
    weights: Mapping[str, float] | None = None,
    constraints: SetConstraints | int | None = None,
    *,
    ids: Sequence[str] | None = None,
    solver: str = "auto",
) -> pd.DataFrame:
    """What each choice costs: set-level sensitivity (mcda-notes section 4.2).

    For each chosen indicator, re-solve with it excluded: ``change`` is the new total
    minus the optimal total (<= 0), ``out_ids`` what leaves, ``in_ids`` what replaces
    it. For each left-out indicator, re-solve with it forced in: ``change`` is the
    cost of forcing it, ``out_ids`` what it displaces. ``swap`` renders it as
    "swap X for Y: -0.03". Where no re-solve is possible, ``change`` is NaN and
    ``note`` says why (must-include, excluded, below the data-availability minimum,
    or no set meets the constraints without / with it).

    Columns: ``id, name, service_area, in_set, score, change, out_ids, in_ids, swap,
    note`` (``out_ids``/``in_ids`` are "; "-joined). Chosen rows first in score
    order, then left-out rows from cheapest to dearest to force in. ``ids`` limits
    the rows computed (the base set is always solved).
    """
    constraints = _as_constraints(constraints)
    _check_solver(solver)
    longlist.criteria.audience(audience)
    values = candidate_values(longlist, audience, weights).to_numpy()
    inst = _compile(longlist, constraints)
    reasons = _simple_reasons(inst)
    if reasons:
        raise InfeasibleSet(inst.k, reasons)
    try:
        base = _solve_many(inst, values[None, :], solver)[0][0]
    except InfeasibleSet:
        raise InfeasibleSet(inst.k, _relaxation_reasons(longlist, constraints)) from None
    total = float(values[base].sum())
    matrix = None if inst.simple else _matrix(inst)
    position = {cid: i for i, cid in enumerate(inst.ids)}
    if ids is None:
        rows = list(range(inst.n))
    else:
        unknown = [i for i in ids if i not in position]
        if unknown:
            raise InputError(f"swap costs asked for id(s) not in the long list: {', '.join(unknown)}")
        rows = [position[i] for i in ids]
    frame = longlist.frame
    records = []
    for j in rows:
        in_set = bool(base[j])
        change, out_ids, in_ids, note = math.nan, [], [], ""
        if in_set and inst.forced[j]:
            note = "must include (a constraint)"
        elif not in_set and inst.excluded[j]:
            note = "must exclude (a constraint)"
        elif not in_set and inst.below_floor[j]:
            note = (
                f"data availability {inst.availability[j]:g} is below the minimum {constraints.min_data_availability:g}"
            )
        else:
            if in_set:
                variant = replace(inst, excluded=inst.excluded | _one_hot(inst.n, j))
            else:
                variant = replace(inst, forced=inst.forced | _one_hot(inst.n, j))
            problems = _simple_reasons(variant)
            mask = None
            if not problems:
                try:
                    mask = _solve_many(variant, values[None, :], solver, matrix)[0][0]
                except InfeasibleSet:
                    mask = None
            if mask is None:
                note = (
                    "needed: no set meets the constraints without it"
                    if in_set
                    else "cannot be added: no set meets the constraints with it"
                )
            else:
                change = round(float(values[mask].sum()) - total, SCORE_DECIMALS)
                out_ids = [inst.ids[i] for i in np.flatnonzero(base & ~mask)]
                in_ids = [inst.ids[i] for i in np.flatnonzero(mask & ~base)]
        records.append(
            {
                "id": inst.ids[j],
                "name": frame["name"].iat[j],
                "service_area": frame["service_area"].iat[j],
                "in_set": in_set,
                "score": float(values[j]),
                "change": change,
                "out_ids": "; ".join(out_ids),
                "in_ids": "; ".join(in_ids),
                "swap": swap_text(out_ids, in_ids, change) if out_ids else "",
                "note": note,
            }
        )
    table = pd.DataFrame.from_records(records, columns=list(SWAP_COLUMNS))
    table["_pos"] = [inst.priority[position[i]] for i in table["id"]]
    chosen = table[table["in_set"]].sort_values(["score", "_pos"], ascending=[False, True], kind="stable")
    left = table[~table["in_set"]].sort_values(
        ["change", "score", "_pos"], ascending=[False, False, True], na_position="last", kind="stable"
    )
    return pd.concat([chosen, left]).drop(columns="_pos").reset_index(drop=True)


def _distinct_rows(masks: np.ndarray) -> int:
    packed = np.ascontiguousarray(np.packbits(masks, axis=1))
    return int(len(np.unique(packed.view(np.dtype((np.void, packed.shape[1]))).ravel())))


def _one_hot(n: int, j: int) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    out[j] = True
    return out


# ---------------------------------------------------------------- set-level robustness


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
) -> pd.DataFrame:
    """How often each candidate is in the optimal constrained set across weightings.

    Weights are drawn with :func:`pmf_select.sampling.sample_weights` (``sampling``
    "simplex", "around" the given weights with ``spread``, "order" or "members"); for
    each draw the optimal set is solved (greedy fast path or HiGHS, see the module
    docstring) and ``p_in_set`` is the share of draws whose optimal set contains the
    candidate. This is the sampled "core index" of Robust Portfolio Modelling
    (Liesio, Mild & Salo 2007): ``label`` is "core" when ``p_in_set >= thresholds[0]``,
    "out" when ``<= thresholds[1]``, else "borderline" (where discussion should focus).

    Columns: ``id, name, service_area, p_in_set, p_in_set_low, p_in_set_high`` (95%
    Wilson interval), ``label``, ``in_set`` (in the optimal set at the given weights),
    ``score`` (at the given weights); sorted by ``p_in_set`` then score, descending.
    ``attrs``: ``samples``, ``seed``, ``sampling``, ``mc_error`` (95% half-width bound
    0.98/sqrt(samples)), ``milp_solves`` (draws that needed HiGHS), ``distinct_sets``.
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
    try:
        masks, solved = _solve_many(inst, sampled_values, solver)
        base, _ = _solve_many(inst, base_values[None, :], solver)
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


__all__ = [
    "LABELS",
    "OUTCOME_MEASURE",
    "SOLVERS",
    "ChosenSet",
    "InfeasibleSet",
    "SetConstraints",
    "build_set",
    "candidate_values",
    "explain_infeasible",
    "format_change",
    "greedy_kernel",
    "outcome_mask",
    "overlap_pairs",
    "set_robustness",
    "swap_costs",
    "swap_text",
    "violations",
]
