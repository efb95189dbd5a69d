"""Ways out of an impossible set: which rule to relax, by how much, as one change each.

:func:`pmf_select.selection.infeasibility.explain_infeasible` says *why* no set meets
the rules. A committee then needs the smallest change to each rule that makes a set
possible again, in its own words ("a set of 17 gives every area a place"), so the chair
can offer it in one click. :func:`suggest_relaxations` tries each rule the committee
set, one at a time, and for numeric rules finds the nearest value that works
(searching outward from the value asked for; each probe is the same feasibility test
``explain_infeasible`` uses: counting first, then HiGHS).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pmf_select.longlist import LongList
from pmf_select.selection.constraints import SetConstraints
from pmf_select.selection.infeasibility import _feasible


@dataclass(frozen=True)
class Relaxation:
    """One way out: ``text`` for the room, ``changes`` as ``SetConstraints`` fields."""

    text: str
    changes: dict

    def apply(self, constraints: SetConstraints) -> SetConstraints:
        return replace(constraints, **self.changes)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def suggest_relaxations(
    longlist: LongList, constraints: SetConstraints, max_size: int | None = None
) -> list[Relaxation]:
    """The smallest single-rule changes that make a set possible (empty if one already is).

    Tried in this order (the order a chair would usually reach for them): a larger set,
    a lower per-area minimum, a higher per-area maximum, fewer outcome measures, a
    lower data-availability floor, allowing overlapping pairs, dropping the
    must-excludes, dropping the must-includes. ``max_size`` caps the set sizes tried
    (default: the whole long list).
    """
    c = constraints
    if _feasible(longlist, c):
        return []
    out: list[Relaxation] = []
    n = len(longlist)
    limit = min(n, max_size or n)

    def works(**changes) -> bool:
        return _feasible(longlist, replace(c, **changes))

    for size in range(c.size + 1, limit + 1):
        if works(size=size):
            why = "gives every area a place" if (c.min_per_area or c.area_min) else "meets every rule"
            out.append(Relaxation(f"a set of {size} {why}", {"size": size}))
            break
    if c.min_per_area or c.area_min:
        for low in range(c.min_per_area - 1, -1, -1):
            if works(min_per_area=low, area_min={}):
                text = (
                    "drop the per-area minimum: the best areas take the places"
                    if low == 0
                    else f"ask for at least {low} per area instead of {c.min_per_area}"
                )
                out.append(Relaxation(text, {"min_per_area": low, "area_min": {}}))
                break
    if c.max_per_area is not None or c.area_max:
        start = c.max_per_area or 0
        for high in range(start + 1, c.size + 1):
            if works(max_per_area=high, area_max={}):
                out.append(
                    Relaxation(
                        f"allow up to {high} per area instead of {start}", {"max_per_area": high, "area_max": {}}
                    )
                )
                break
        else:
            if works(max_per_area=None, area_max={}):
                out.append(Relaxation("drop the per-area maximum", {"max_per_area": None, "area_max": {}}))
    if c.min_outcomes:
        for low in range(c.min_outcomes - 1, -1, -1):
            if works(min_outcomes=low):
                out.append(
                    Relaxation(
                        f"ask for {_plural(low, 'outcome measure')} instead of {c.min_outcomes}",
                        {"min_outcomes": low},
                    )
                )
                break
    if c.min_data_availability is not None:
        floor = c.min_data_availability
        steps = [x / 2 for x in range(int(floor * 2) - 1, 0, -1)]
        for low in steps:
            if works(min_data_availability=low):
                out.append(
                    Relaxation(
                        f"lower the data-availability minimum to {low:g} (from {floor:g})",
                        {"min_data_availability": low},
                    )
                )
                break
        else:
            if works(min_data_availability=None):
                out.append(Relaxation("drop the data-availability minimum", {"min_data_availability": None}))
    if c.exclusive_overlaps and works(exclusive_overlaps=False):
        out.append(Relaxation("allow both of an overlapping pair", {"exclusive_overlaps": False}))
    if c.exclude and works(exclude=()):
        out.append(Relaxation(f"drop the {_plural(len(c.exclude), 'must-exclude')}", {"exclude": ()}))
    if c.include and works(include=()):
        out.append(Relaxation(f"drop the {_plural(len(c.include), 'must-include')}", {"include": ()}))
    return out
