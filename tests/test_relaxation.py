"""Ways out of an impossible set: which rule to relax and by how much."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmf_select.longlist import load_longlist
from pmf_select.selection import SetConstraints, build_set, explain_infeasible, suggest_relaxations, violations

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def longlist():
    return load_longlist(ROOT / "candidates" / "longlist.csv")


def test_one_per_area_with_twelve_places_suggests_a_set_the_size_of_the_areas(longlist):
    areas = len(longlist.service_areas)
    rules = SetConstraints(size=12, min_per_area=1, max_per_area=3, min_outcomes=3)
    assert explain_infeasible(longlist, rules)
    found = suggest_relaxations(longlist, rules)
    by_field = {tuple(sorted(r.changes)): r for r in found}
    bigger = by_field[("size",)]
    assert bigger.changes == {"size": areas}
    assert bigger.text == f"a set of {areas} gives every area a place"
    assert ("area_min", "min_per_area") in by_field


def test_every_suggestion_really_makes_a_set_possible_and_is_the_smallest_step(longlist):
    rules = SetConstraints(size=5, min_outcomes=6, max_per_area=2)
    found = suggest_relaxations(longlist, rules)
    assert found
    for relaxation in found:
        relaxed = relaxation.apply(rules)
        chosen = build_set(longlist, "scrutiny", None, relaxed)
        assert violations(longlist, chosen.ids, relaxed) == []
    texts = [r.text for r in found]
    assert "a set of 6 meets every rule" in texts
    assert "ask for 5 outcome measures instead of 6" in texts


def test_a_feasible_set_needs_no_way_out(longlist):
    assert suggest_relaxations(longlist, SetConstraints(size=12, max_per_area=3)) == []
