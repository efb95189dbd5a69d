"""The rules a KPI set must meet, and the same rules as arrays for the solvers.

:class:`SetConstraints` states the rules in the committee's terms: the set size,
per-area minimums and maximums, must-include and must-exclude, a minimum number of
outcome measures, at most one of each overlapping pair, and a data-availability floor.
:func:`_compile` turns them into arrays over the long list's rows (file order), the
constraint rows of the 0-1 programme in :mod:`pmf_select.selection`:

    sum_j x_j = k                                   (set size)
    lo_a <= sum_{j in area a} x_j <= hi_a           (coverage, per service area)
    sum_{j outcome} x_j >= m                        (outcome measures)
    x_i + x_j <= 1           for overlapping pairs  (no double counting)
    x_j = 1 must-include;  x_j = 0 must-exclude or below the data-availability floor

(Liesio, Mild & Salo 2007, EJOR 181(3):1488-1505). Unknown ids and service areas are
refused by name here, once, so the solvers (:mod:`pmf_select.selection.solver`) and the
plain-English diagnosis (:mod:`pmf_select.selection.infeasibility`) can trust the arrays.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pmf_select.errors import InputError
from pmf_select.longlist import LongList

OUTCOME_MEASURE = "is anyone better off"
"""The ``measure_type`` value of an outcome measure (Results-Based Accountability)."""


class InfeasibleSet(InputError):
    """No set meets the constraints. ``reasons`` are plain-English sentences that name
    the conflicting constraints; the message joins them."""

    def __init__(self, size: int, reasons: Sequence[str]):
        self.size = size
        self.reasons = list(reasons)
        text = "; ".join(self.reasons) if self.reasons else "no set meets all the constraints together"
        super().__init__(f"cannot build a set of {size}: {text}")


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


def _as_constraints(constraints: SetConstraints | int | None) -> SetConstraints:
    if constraints is None:
        raise InputError("set building needs constraints: at least a set size")
    if isinstance(constraints, SetConstraints):
        return constraints
    return SetConstraints(size=constraints)
