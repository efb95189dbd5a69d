"""Set building: the 0-1 programme, its fast path, infeasibility reasons, swap costs and
set-level robustness, checked against brute force and against re-solving."""

from __future__ import annotations

import functools
import itertools
import math
import pickle

import numpy as np
import pandas as pd
import pytest

from pmf_select.errors import InputError
from pmf_select.longlist import LongList, load_criteria, parse_longlist
from pmf_select.ranking import score
from pmf_select.selection import (
    ChosenSet,
    InfeasibleSet,
    SetConstraints,
    build_set,
    candidate_values,
    explain_infeasible,
    format_change,
    greedy_kernel,
    overlap_pairs,
    set_robustness,
    swap_costs,
    swap_text,
    violations,
)

CRITERIA = load_criteria()
OUTCOME = "is anyone better off"


# ---------------------------------------------------------------- fixtures (generated)


def row(cid: str, area: str, s: float, *, measure: str = "how well", overlaps: str = "", **extra) -> dict:
    """A candidate whose every value is s/5, so its weighted-sum score is s/5 under any weights."""
    out = {"id": cid, "name": f"Indicator {cid}", "service_area": area, "definition": "d", "rationale": "r"}
    for column in CRITERIA.score_columns():
        out[column] = s
    out["perverse_incentive_risk"] = 5 - s
    out["measure_type"] = measure
    out["overlaps_with"] = overlaps
    out.update(extra)
    return out


def longlist_from_rows(rows: list[dict], *, via_loader: bool = False) -> LongList:
    """A long list as the loader builds it (score columns float, text as str).

    Built directly for speed; ``test_generated_lists_equal_what_the_loader_gives``
    checks that this is exactly what parsing the same rows as a CSV gives.
    """
    frame = pd.DataFrame(rows)
    if via_loader:
        return parse_longlist(frame.to_csv(index=False).encode("utf-8"), "generated.csv", CRITERIA)
    scores = set(CRITERIA.score_columns())
    for column in frame.columns:
        if column in scores:
            frame[column] = frame[column].astype(float)
        else:
            frame[column] = frame[column].map(lambda v: "" if v is None or v != v else str(v).strip()).astype(object)
    return LongList(frame, CRITERIA, "generated.csv")


def random_longlist(
    n: int,
    n_areas: int,
    seed: int,
    *,
    outcome_share: float = 0.3,
    overlap_pairs_count: int = 0,
    integer: bool = False,
) -> LongList:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        r = {
            "id": f"K{i:03d}",
            "name": f"Indicator {i}",
            "service_area": f"Area {i % n_areas}" if i < n_areas else f"Area {rng.integers(n_areas)}",
            "definition": "d",
            "rationale": "r",
        }
        for column in CRITERIA.score_columns():
            r[column] = int(rng.integers(0, 6)) if integer else round(float(rng.uniform(0, 5)), 3)
        r["measure_type"] = OUTCOME if rng.random() < outcome_share else str(rng.choice(["how much", "how well"]))
        r["overlaps_with"] = ""
        rows.append(r)
    for _ in range(overlap_pairs_count):
        a, b = rng.choice(n, size=2, replace=False)
        rows[a]["overlaps_with"] = ";".join(filter(None, [rows[a]["overlaps_with"], f"K{b:03d}"]))
    return longlist_from_rows(rows)


def weighted_sum(longlist: LongList, audience: str = "scrutiny", weights: dict | None = None) -> np.ndarray:
    """Independent of the code under test: value matrix times normalised weights."""
    w = CRITERIA.default_weights() if weights is None else {**CRITERIA.default_weights(), **weights}
    total = sum(w.values())
    vector = np.array([w[k] / total for k in CRITERIA.keys])
    return longlist.value_matrix(audience).to_numpy() @ vector


def meets(longlist: LongList, ids: list[str], c: SetConstraints) -> bool:
    """The constraints, checked directly from the frame (not via the module)."""
    frame = longlist.frame.set_index("id")
    if len(ids) != c.size or len(set(ids)) != len(ids):
        return False
    chosen = frame.loc[ids]
    if any(i not in ids for i in c.include) or any(i in c.exclude for i in ids):
        return False
    if c.min_data_availability is not None and (chosen["data_availability"] < c.min_data_availability).any():
        return False
    counts = chosen["service_area"].value_counts()
    for area in longlist.service_areas:
        low = c.area_min.get(area, c.min_per_area)
        high = c.area_max.get(area, c.max_per_area if c.max_per_area is not None else 10**9)
        if not low <= counts.get(area, 0) <= high:
            return False
    if (chosen["measure_type"].str.lower() == OUTCOME).sum() < c.min_outcomes:
        return False
    if c.exclusive_overlaps:
        for cid in ids:
            others = [o.strip() for o in str(frame.at[cid, "overlaps_with"]).split(";") if o.strip()]
            if any(o in ids and o != cid for o in others):
                return False
    return True


def brute_force(longlist: LongList, c: SetConstraints, values: np.ndarray) -> tuple[float, list[str]] | None:
    """Every set of the right size, checked directly from the frame; the best total."""
    frame = longlist.frame
    ids = longlist.ids
    n = len(ids)
    index = {cid: i for i, cid in enumerate(ids)}
    combos = np.array(list(itertools.combinations(range(n), c.size)))
    chosen = np.zeros((len(combos), n), dtype=bool)
    chosen[np.arange(len(combos))[:, None], combos] = True
    ok = np.ones(len(combos), dtype=bool)
    for cid in c.include:
        ok &= chosen[:, index[cid]]
    for cid in c.exclude:
        ok &= ~chosen[:, index[cid]]
    if c.min_data_availability is not None:
        ok &= ~chosen[:, frame["data_availability"].to_numpy() < c.min_data_availability].any(axis=1)
    for area in longlist.service_areas:
        count = chosen[:, (frame["service_area"] == area).to_numpy()].sum(axis=1)
        high = c.area_max.get(area, c.max_per_area if c.max_per_area is not None else n)
        ok &= (count >= c.area_min.get(area, c.min_per_area)) & (count <= high)
    outcome = (frame["measure_type"].str.lower() == OUTCOME).to_numpy()
    ok &= chosen[:, outcome].sum(axis=1) >= c.min_outcomes
    if c.exclusive_overlaps:
        for i, cell in enumerate(frame["overlaps_with"]):
            for other in str(cell).split(";"):
                j = index.get(other.strip())
                if j is not None and j != i:
                    ok &= ~(chosen[:, i] & chosen[:, j])
    if not ok.any():
        return None
    totals = chosen.astype(float) @ values
    best = int(np.argmax(np.where(ok, totals, -np.inf)))
    return float(totals[best]), [ids[i] for i in combos[best]]


def random_constraints(rng: np.random.Generator, longlist: LongList) -> SetConstraints:
    ids = longlist.ids
    areas = longlist.service_areas
    picks = rng.permutation(ids)
    include = tuple(picks[: rng.integers(0, 2)])
    exclude = tuple(picks[2 : 2 + rng.integers(0, 3)])
    return SetConstraints(
        size=int(rng.integers(2, 6)),
        min_per_area=int(rng.choice([0, 0, 1])),
        max_per_area=[None, 2, 3][int(rng.integers(0, 3))],
        area_min={areas[0]: 2} if rng.random() < 0.3 else {},
        area_max={areas[-1]: 1} if rng.random() < 0.3 else {},
        include=include,
        exclude=exclude,
        min_outcomes=int(rng.integers(0, 3)),
        exclusive_overlaps=bool(rng.random() < 0.7),
        min_data_availability=2.0 if rng.random() < 0.3 else None,
    )


# ---------------------------------------------------------------- optimality


BRUTE_FORCE_CASES = 40


@functools.cache
def brute_force_case(seed: int) -> tuple[LongList, SetConstraints, tuple[float, list[str]] | None]:
    rng = np.random.default_rng(1000 + seed)
    longlist = random_longlist(
        int(rng.integers(8, 13)), int(rng.integers(2, 5)), seed, integer=seed % 2 == 0, overlap_pairs_count=3
    )
    c = random_constraints(rng, longlist)
    return longlist, c, brute_force(longlist, c, weighted_sum(longlist))


def test_generated_lists_equal_what_the_loader_gives():
    rows = [row("A", "X", 4, overlaps="B"), row("B", "Y", 2.5, measure=OUTCOME, extra_note="=1+1")]
    direct, parsed = longlist_from_rows(rows), longlist_from_rows(rows, via_loader=True)
    pd.testing.assert_frame_equal(direct.frame, parsed.frame)
    assert direct.content_hash == parsed.content_hash


@pytest.mark.parametrize("seed", range(BRUTE_FORCE_CASES))
def test_optimal_total_and_constraints_match_brute_force_on_small_random_instances(seed):
    longlist, c, best = brute_force_case(seed)
    for solver in ("auto", "milp"):
        if best is None:
            with pytest.raises(InfeasibleSet):
                build_set(longlist, "scrutiny", None, c, solver=solver)
            assert explain_infeasible(longlist, c)
            continue
        chosen = build_set(longlist, "scrutiny", None, c, solver=solver)
        assert chosen.total == pytest.approx(best[0], abs=1e-9)
        assert meets(longlist, chosen.ids, c), (solver, chosen.ids, c)
        assert violations(longlist, chosen.ids, c) == []
        assert explain_infeasible(longlist, c) == []


def test_brute_force_cases_include_feasible_and_infeasible_requests():
    """The random cases above exercise both branches (guards against a vacuous test)."""
    infeasible = sum(brute_force_case(seed)[2] is None for seed in range(BRUTE_FORCE_CASES))
    assert 5 <= infeasible <= BRUTE_FORCE_CASES - 5


@pytest.mark.parametrize("seed", range(25))
def test_greedy_fast_path_gives_the_same_set_as_milp(seed):
    rng = np.random.default_rng(seed)
    n_areas = int(rng.integers(4, 9))
    longlist = random_longlist(int(rng.integers(30, 70)), n_areas, seed)
    areas = longlist.service_areas
    c = SetConstraints(
        size=int(rng.integers(n_areas, 16)),
        min_per_area=int(rng.choice([0, 1])),
        max_per_area=[None, 3, 4][int(rng.integers(0, 3))],
        area_min={areas[1]: 2} if seed % 3 == 0 else {},
        area_max={areas[2]: 1} if seed % 4 == 0 else {},
        include=(longlist.ids[-1],) if seed % 2 else (),
        exclude=tuple(longlist.ids[:2]) if seed % 5 == 0 else (),
        exclusive_overlaps=False,
        min_data_availability=1.0 if seed % 6 == 0 else None,
    )
    try:
        milp_set = build_set(longlist, "scrutiny", None, c, solver="milp")
    except InfeasibleSet:
        with pytest.raises(InfeasibleSet):
            build_set(longlist, "scrutiny", None, c, solver="greedy")
        return
    greedy_set = build_set(longlist, "scrutiny", None, c, solver="greedy")
    assert greedy_set.solver == "greedy" and milp_set.solver == "milp"
    assert greedy_set.ids == milp_set.ids
    assert greedy_set.total == pytest.approx(milp_set.total, abs=1e-12)


def test_greedy_kernel_over_many_weightings_matches_milp_per_weighting():
    longlist = random_longlist(60, 7, 3)
    c = SetConstraints(size=12, min_per_area=1, max_per_area=3, exclusive_overlaps=False)
    rng = np.random.default_rng(7)
    weights = rng.dirichlet(np.ones(len(CRITERIA.keys)), size=40)
    values = weights @ longlist.value_matrix("scrutiny").to_numpy().T
    areas = {a: i for i, a in enumerate(longlist.service_areas)}
    area_of = np.array([areas[a] for a in longlist.frame["service_area"]])
    chosen = greedy_kernel(
        values,
        area_of,
        12,
        np.ones(len(areas), dtype=int),
        np.full(len(areas), 3),
        np.ones(len(longlist), dtype=bool),
        np.zeros(len(longlist), dtype=bool),
    )
    assert chosen.shape == (40, 60) and (chosen.sum(axis=1) == 12).all()
    for r in range(len(weights)):
        w = dict(zip(CRITERIA.keys, weights[r]))
        best = build_set(longlist, "scrutiny", w, c, solver="milp")
        assert sorted(np.array(longlist.ids)[chosen[r]]) == sorted(best.ids)


@pytest.mark.parametrize("seed", range(10))
def test_auto_solver_with_outcome_and_overlap_rules_matches_milp(seed):
    longlist = random_longlist(50, 6, seed, outcome_share=0.2, overlap_pairs_count=15)
    c = SetConstraints(size=10, min_per_area=1, max_per_area=3, min_outcomes=4)
    auto = build_set(longlist, "scrutiny", None, c)
    milp = build_set(longlist, "scrutiny", None, c, solver="milp")
    assert auto.total == pytest.approx(milp.total, abs=1e-12)
    assert auto.ids == milp.ids
    assert violations(longlist, auto.ids, c) == []


def test_balanced_set_beats_nothing_it_should_not_and_differs_from_top_k():
    """Top k by score is neither balanced nor what the programme picks under coverage."""
    rows = [row(f"CP{i}", "Child protection", 5 - i * 0.1) for i in range(8)]
    rows += [row("LAC1", "Looked after children", 3), row("WF1", "Workforce", 2), row("WF2", "Workforce", 1)]
    longlist = longlist_from_rows(rows)
    top = build_set(longlist, "scrutiny", None, SetConstraints(size=5))
    assert top.ids == ["CP0", "CP1", "CP2", "CP3", "CP4"]
    balanced = build_set(longlist, "scrutiny", None, SetConstraints(size=5, min_per_area=1))
    assert balanced.ids == ["CP0", "CP1", "CP2", "LAC1", "WF1"]
    assert balanced.total == pytest.approx((5 + 4.9 + 4.8 + 3 + 2) / 5)


def test_scores_and_table_follow_the_ranking_module():
    longlist = random_longlist(30, 4, 11)
    weights = {"relevance": 50, "comparability": 5}
    chosen = build_set(longlist, "executive", weights, SetConstraints(size=8, min_per_area=1))
    ranking = score(longlist, "executive", weights, "wsm")
    assert list(chosen.table.columns[:6]) == ["id", "name", "service_area", "score", "list_rank", "must_include"]
    assert set(longlist.frame.columns) <= set(chosen.table.columns)
    by_id = ranking.table.set_index("id")
    for r in chosen.table.itertuples(index=False):
        assert r.score == by_id.at[r.id, "score"]
        assert r.list_rank == by_id.at[r.id, "rank"]
    assert list(chosen.table["score"]) == sorted(chosen.table["score"], reverse=True)
    assert chosen.total == pytest.approx(chosen.table["score"].sum())
    assert chosen.weights == ranking.weights and chosen.audience == "executive"
    values = candidate_values(longlist, "executive", weights)
    assert list(values.index) == longlist.ids
    assert np.allclose(values.to_numpy(), weighted_sum(longlist, "executive", weights))


def test_coverage_counts_every_area():
    longlist = random_longlist(30, 5, 2)
    c = SetConstraints(size=8, min_per_area=1, max_per_area=2, exclude=("K000",))
    chosen = build_set(longlist, "scrutiny", None, c)
    cov = chosen.coverage
    assert list(cov.columns) == ["service_area", "chosen", "candidates", "eligible", "at_least", "at_most"]
    assert cov["service_area"].tolist() == longlist.service_areas
    assert cov["chosen"].sum() == 8 and (cov["chosen"] >= 1).all() and (cov["chosen"] <= 2).all()
    assert cov["candidates"].sum() == 30 and cov["eligible"].sum() == 29
    counts = chosen.table["service_area"].value_counts()
    for r in cov.itertuples(index=False):
        assert r.chosen == counts.get(r.service_area, 0)


def test_ties_go_to_the_lower_id_whatever_the_file_order():
    rows = [row("B", "X", 4), row("A", "X", 4), row("C", "Y", 4), row("D", "Y", 1)]
    for ordering in (rows, rows[::-1], [rows[2], rows[0], rows[3], rows[1]]):
        longlist = longlist_from_rows(ordering)
        for solver in ("auto", "milp"):
            assert build_set(longlist, "scrutiny", None, SetConstraints(size=2), solver=solver).ids == ["A", "B"]
            chosen = build_set(longlist, "scrutiny", None, SetConstraints(size=2, max_per_area=1), solver=solver)
            assert chosen.ids == ["A", "C"]


# ---------------------------------------------------------------- the individual rules


def test_include_forces_a_weak_candidate_in_and_exclude_keeps_a_strong_one_out():
    longlist = random_longlist(25, 3, 5)
    values = pd.Series(weighted_sum(longlist), index=longlist.ids)
    weakest, strongest = values.idxmin(), values.idxmax()
    chosen = build_set(longlist, "scrutiny", None, SetConstraints(size=6, include=(weakest,), exclude=(strongest,)))
    assert weakest in chosen.ids and strongest not in chosen.ids
    assert chosen.table.set_index("id").at[weakest, "must_include"]
    plain = build_set(longlist, "scrutiny", None, SetConstraints(size=6))
    assert strongest in plain.ids and weakest not in plain.ids
    assert chosen.total < plain.total


def test_unknown_ids_and_areas_are_input_errors_that_name_them():
    longlist = random_longlist(10, 2, 1)
    with pytest.raises(InputError) as caught:
        build_set(longlist, "scrutiny", None, SetConstraints(size=3, include=("K001", "NOPE", "ALSO-NOPE")))
    assert not isinstance(caught.value, InfeasibleSet)
    assert "NOPE, ALSO-NOPE" in str(caught.value) and "must-include" in str(caught.value)
    with pytest.raises(InputError, match="must-exclude names id.*GHOST"):
        build_set(longlist, "scrutiny", None, SetConstraints(size=3, exclude=("GHOST",)))
    with pytest.raises(InputError, match="unknown service area.*'Nowhere'.*expected one of Area 0, Area 1"):
        build_set(longlist, "scrutiny", None, SetConstraints(size=3, area_min={"Nowhere": 1}))
    with pytest.raises(InputError, match="unknown audience"):
        build_set(longlist, "nobody", None, SetConstraints(size=3))


def test_area_names_match_case_insensitively_and_override_the_global_rule():
    rows = [row(f"A{i}", "Child protection", 5 - i * 0.1) for i in range(4)]
    rows += [row("W1", "Workforce", 1), row("L1", "Looked after children", 2)]
    longlist = longlist_from_rows(rows)
    exempt = SetConstraints(size=3, min_per_area=1, area_min={"workforce": 0})
    assert build_set(longlist, "scrutiny", None, exempt).ids == ["A0", "A1", "L1"]
    capped = SetConstraints(size=3, max_per_area=1, area_max={"CHILD PROTECTION": 2})
    assert build_set(longlist, "scrutiny", None, capped).ids == ["A0", "A1", "L1"]
    needs_two = SetConstraints(size=4, area_min={"Looked after children": 1, "Workforce": 1})
    assert build_set(longlist, "scrutiny", None, needs_two).ids == ["A0", "A1", "L1", "W1"]


def test_outcome_minimum_brings_in_outcome_measures():
    rows = [row(f"P{i}", "Process", 5 - i * 0.1) for i in range(6)]
    rows += [row("O1", "Outcomes", 2, measure=OUTCOME), row("O2", "Outcomes", 1, measure="Is anyone better off")]
    longlist = longlist_from_rows(rows)
    chosen = build_set(longlist, "scrutiny", None, SetConstraints(size=4, min_outcomes=2))
    assert chosen.ids == ["P0", "P1", "O1", "O2"]


def test_at_most_one_of_each_overlapping_pair_unless_allowed():
    rows = [
        row("A", "X", 5, overlaps="B"),
        row("B", "X", 4.9),
        row("C", "X", 4, overlaps="A;ZZZ-NOT-IN-LIST;C"),
        row("D", "X", 3),
    ]
    longlist = longlist_from_rows(rows)
    assert overlap_pairs(longlist) == [("A", "B"), ("A", "C")]
    assert build_set(longlist, "scrutiny", None, SetConstraints(size=2)).ids == ["B", "C"]
    assert build_set(longlist, "scrutiny", None, SetConstraints(size=3)).ids == ["B", "C", "D"]
    free = SetConstraints(size=2, exclusive_overlaps=False)
    assert build_set(longlist, "scrutiny", None, free).ids == ["A", "B"]


def test_minimum_data_availability_screens_candidates():
    rows = [row("A", "X", 5, data_availability=1), row("B", "X", 4), row("C", "X", 3, data_availability=2)]
    rows += [row("D", "X", 2, data_availability=4)]
    longlist = longlist_from_rows(rows)
    chosen = build_set(longlist, "scrutiny", None, SetConstraints(size=2, min_data_availability=3))
    assert chosen.ids == ["B", "D"]
    assert (chosen.table["data_availability"] >= 3).all()


# ---------------------------------------------------------------- infeasibility in plain English


def test_more_areas_than_places_names_both_numbers():
    longlist = longlist_from_rows([row(f"K{i}", f"Area {i:02d}", 3) for i in range(11)])
    with pytest.raises(InfeasibleSet) as caught:
        build_set(longlist, "scrutiny", None, SetConstraints(size=10, min_per_area=1))
    assert caught.value.reasons == ["11 service areas each need a place but the set has 10 places"]
    assert str(caught.value) == "cannot build a set of 10: 11 service areas each need a place but the set has 10 places"
    assert isinstance(caught.value, InputError)


def test_must_includes_crowded_into_one_area_against_a_per_area_cap():
    rows = [row(f"W{i}", "Workforce", 3) for i in range(3)] + [row(f"C{i}", "Child protection", 4) for i in range(5)]
    longlist = longlist_from_rows(rows)
    c = SetConstraints(size=4, max_per_area=2, include=("W0", "W1", "W2"))
    with pytest.raises(InfeasibleSet) as caught:
        build_set(longlist, "scrutiny", None, c)
    assert caught.value.reasons == ["3 must-include indicators are all in Workforce but at most 2 per area are allowed"]


def test_too_few_outcome_measures_with_enough_data():
    rows = [row(f"O{i}", "X", 3, measure=OUTCOME, data_availability=4) for i in range(4)]
    rows += [row(f"P{i}", "X", 3, measure=OUTCOME, data_availability=2) for i in range(3)]
    rows += [row(f"H{i}", "X", 3) for i in range(6)]
    longlist = longlist_from_rows(rows)
    c = SetConstraints(size=8, min_outcomes=5, min_data_availability=3)
    with pytest.raises(InfeasibleSet) as caught:
        build_set(longlist, "scrutiny", None, c)
    assert caught.value.reasons == ["only 4 outcome measures have data availability >= 3 but at least 5 are required"]


@pytest.mark.parametrize(
    ("rows", "constraints", "reason"),
    [
        (
            [row("A", "X", 3), row("B", "X", 3)],
            SetConstraints(size=1, include=("A",), exclude=("A",)),
            "A is both must-include and must-exclude",
        ),
        (
            [row("A", "X", 3, data_availability=1), row("B", "X", 3)],
            SetConstraints(size=1, include=("A",), min_data_availability=3),
            "must-include A (1) has data availability below the minimum 3",
        ),
        (
            [row(c, "X", 3) for c in "ABCD"],
            SetConstraints(size=2, include=("A", "B", "C")),
            "3 must-include indicators but the set has 2 places",
        ),
        (
            [row("A", "X", 3, overlaps="B"), row("B", "X", 3), row("C", "X", 3)],
            SetConstraints(size=2, include=("A", "B")),
            "must-include A and B overlap, and at most one of each overlapping pair is allowed",
        ),
        (
            [row(c, "X", 3) for c in "ABCDEFGHIJ"],
            SetConstraints(size=10, exclude=("A", "B")),
            "the set has 10 places but only 8 candidates are eligible (2 excluded)",
        ),
        (
            [row("W1", "Workforce", 3), row("W2", "Workforce", 3)] + [row(c, "X", 3) for c in "ABC"],
            SetConstraints(size=3, area_min={"Workforce": 2}, exclude=("W2",)),
            "Workforce needs at least 2 indicators but only 1 is eligible (1 excluded)",
        ),
        (
            [row(f"{a}{i}", a, 3) for a in "XYZ" for i in range(3)],
            SetConstraints(size=5, max_per_area=1),
            "at most 1 per area across 3 service areas allows only 3 places but the set has 5 places",
        ),
        (
            [row("A", "X", 3), row("B", "Y", 3)],
            SetConstraints(size=2, area_min={"X": 2}, area_max={"X": 1}),
            "X must have at least 2 but at most 1 indicators",
        ),
        (
            [row(c, "X", 3, measure=OUTCOME) for c in "ABC"],
            SetConstraints(size=2, min_outcomes=3),
            "at least 3 outcome measures are required but the set has 2 places",
        ),
        (
            [row(c, "X", 3) for c in "ABCD"] + [row("O", "Y", 3, measure=OUTCOME)],
            SetConstraints(size=3, min_outcomes=2),
            "the long list has only 1 outcome measure but at least 2 are required",
        ),
    ],
)
def test_simple_conflicts_are_named(rows, constraints, reason):
    longlist = longlist_from_rows(rows)
    with pytest.raises(InfeasibleSet) as caught:
        build_set(longlist, "scrutiny", None, constraints)
    assert reason in caught.value.reasons
    assert explain_infeasible(longlist, constraints) == caught.value.reasons


def test_conflict_no_counting_rule_explains_is_found_by_relaxing_families():
    """Workforce needs 2, but its only 2 candidates overlap: minimums and overlaps conflict."""
    rows = [row("W1", "Workforce", 3, overlaps="W2"), row("W2", "Workforce", 3)]
    rows += [row(f"C{i}", "Child protection", 4, measure=OUTCOME) for i in range(4)]
    longlist = longlist_from_rows(rows)
    c = SetConstraints(size=4, area_min={"Workforce": 2}, min_outcomes=1)
    with pytest.raises(InfeasibleSet) as caught:
        build_set(longlist, "scrutiny", None, c)
    (reason,) = caught.value.reasons
    assert reason.startswith(
        "no set meets the per-area minimums, the outcome-measure minimum and the overlapping-pairs rule together; "
        "relaxing any one of these would make it possible: "
    )
    fixes = reason.split("would make it possible: ")[1]
    assert "the per-area minimums (Workforce at least 2)" in fixes
    assert "the overlapping-pairs rule (at most one of each overlapping pair)" in fixes
    assert "outcome" not in fixes


def test_only_the_family_that_resolves_the_conflict_is_offered():
    rows = [row("W1", "Workforce", 3, overlaps="W2", measure=OUTCOME), row("W2", "Workforce", 3, measure=OUTCOME)]
    rows += [row(f"C{i}", "Child protection", 4) for i in range(4)]
    longlist = longlist_from_rows(rows)
    # Workforce needs 2 (its two overlap) and 2 outcome measures (only the same two): dropping
    # the minimum or the outcome rule still leaves the other needing both W1 and W2.
    c = SetConstraints(size=3, area_min={"Workforce": 2}, min_outcomes=2)
    (reason,) = explain_infeasible(longlist, c)
    assert "relaxing any one of these" in reason
    assert reason.split("possible: ")[1] == "the overlapping-pairs rule (at most one of each overlapping pair)"


def test_two_families_relaxed_together_when_no_single_one_suffices():
    """Two separate conflicts: Workforce's minimum against an overlap, and the outcome
    minimum against Z's cap once its two must-includes fill it."""
    rows = [row("W1", "Workforce", 3, overlaps="W2"), row("W2", "Workforce", 3)]
    rows += [row("Z3", "Z", 2), row("Z4", "Z", 2), row("O1", "Z", 1, measure=OUTCOME)]
    rows += [row("O2", "Z", 1, measure=OUTCOME)] + [row(f"C{i}", "C", 4) for i in range(4)]
    longlist = longlist_from_rows(rows)
    c = SetConstraints(size=6, area_min={"Workforce": 2}, area_max={"Z": 2}, include=("Z3", "Z4"), min_outcomes=2)
    (reason,) = explain_infeasible(longlist, c)
    assert "relaxing two of these together would make it possible: " in reason
    fixes = reason.split("possible: ")[1].split("; ")
    assert "the per-area minimums (Workforce at least 2) with the outcome-measure minimum (at least 2)" in fixes
    assert (
        "the per-area maximums (Z at most 2) with the overlapping-pairs rule (at most one of each overlapping pair)"
        in fixes
    )
    assert len(fixes) == 6


# ---------------------------------------------------------------- swap costs


def test_swap_costs_agree_with_re_solving():
    longlist = random_longlist(24, 4, 21, outcome_share=0.3, overlap_pairs_count=4)
    c = SetConstraints(size=6, min_per_area=1, max_per_area=2, min_outcomes=1, include=("K005",))
    base = build_set(longlist, "scrutiny", None, c)
    costs = swap_costs(longlist, "scrutiny", None, c)
    assert list(costs.columns) == [
        "id",
        "name",
        "service_area",
        "in_set",
        "score",
        "change",
        "out_ids",
        "in_ids",
        "swap",
        "note",
    ]
    assert len(costs) == len(longlist)
    assert costs[costs["in_set"]]["id"].tolist() == base.ids
    checked = 0
    for r in costs.itertuples(index=False):
        if r.in_set and r.id == "K005":
            assert math.isnan(r.change) and r.note == "must include (a constraint)"
            continue
        variant = (
            SetConstraints(**{**c.to_dict(), "exclude": (r.id,)})
            if r.in_set
            else SetConstraints(**{**c.to_dict(), "include": (*c.include, r.id)})
        )
        try:
            again = build_set(longlist, "scrutiny", None, variant)
        except InfeasibleSet:
            assert math.isnan(r.change) and r.note
            continue
        checked += 1
        assert r.change == pytest.approx(again.total - base.total, abs=1e-9)
        assert r.change <= 1e-12
        assert sorted(r.out_ids.split("; ")) == sorted(i for i in base.ids if i not in again.ids)
        assert sorted(r.in_ids.split("; ")) == sorted(i for i in again.ids if i not in base.ids)
        assert (r.id in r.out_ids.split("; ")) if r.in_set else (r.id in r.in_ids.split("; "))
        assert r.swap == swap_text(r.out_ids.split("; "), r.in_ids.split("; "), r.change)
    assert checked >= 15
    left = costs[~costs["in_set"]]["change"].dropna().tolist()
    assert left == sorted(left, reverse=True)


def test_swap_text_reads_like_the_issue():
    rows = [row("X", "A", 5), row("Y", "A", 4.85), row("Z", "A", 4.5)]
    longlist = longlist_from_rows(rows)
    costs = swap_costs(longlist, "scrutiny", None, SetConstraints(size=1)).set_index("id")
    assert costs.at["X", "swap"] == "swap X for Y: -0.03"
    assert costs.at["Y", "swap"] == "swap X for Y: -0.03"
    assert costs.at["Z", "swap"] == "swap X for Z: -0.10"


def test_swap_costs_notes_when_no_re_solve_is_possible():
    rows = [row("ONLY", "Workforce", 1, data_availability=3), row("A", "X", 5), row("B", "X", 4), row("GONE", "X", 4.5)]
    rows += [row("LOW", "X", 4.8, data_availability=1)]
    longlist = longlist_from_rows(rows)
    c = SetConstraints(size=2, min_per_area=1, exclude=("GONE",), min_data_availability=2)
    costs = swap_costs(longlist, "scrutiny", None, c).set_index("id")
    assert costs.at["ONLY", "note"] == "needed: no set meets the constraints without it"
    assert costs.at["GONE", "note"] == "must exclude (a constraint)"
    assert costs.at["LOW", "note"] == "data availability 1 is below the minimum 2"
    assert costs.at["B", "swap"] == "swap A for B: -0.20"
    assert costs[costs["note"] != ""]["change"].isna().all()


def test_swap_costs_can_be_limited_to_some_ids():
    longlist = random_longlist(20, 3, 4)
    costs = swap_costs(longlist, "scrutiny", None, SetConstraints(size=5), ids=["K001", "K019"])
    assert sorted(costs["id"]) == ["K001", "K019"]
    with pytest.raises(InputError, match="NOPE"):
        swap_costs(longlist, "scrutiny", None, SetConstraints(size=5), ids=["NOPE"])


@pytest.mark.parametrize(
    ("change", "text"),
    [(-0.03, "-0.03"), (-0.034, "-0.03"), (-0.0042, "-0.004"), (0.0, "0.00"), (-1e-13, "0.00"), (-0.00004, "-4.0e-05")],
)
def test_format_change(change, text):
    assert format_change(change) == text


# ---------------------------------------------------------------- constraints object


def test_set_constraints_validate_and_round_trip():
    c = SetConstraints(
        size=12,
        min_per_area=1,
        max_per_area=3,
        area_min={"Workforce": 2},
        include=["A", " B ", "A"],
        exclude="C;D",
        min_outcomes=3,
        min_data_availability=3,
    )
    assert c.include == ("A", "B") and c.exclude == ("C", "D")
    assert SetConstraints.from_dict(c.to_dict()) == c
    assert pickle.loads(pickle.dumps(c)) == c  # the app caches results that carry it
    assert c.describe()[0] == "exactly 12 indicators"
    assert "at least 2 from Workforce" in c.describe()
    for bad in (
        {"size": 0},
        {"size": True},
        {"size": 2.5},
        {"size": "12"},
        {"size": 3, "min_per_area": -1},
        {"size": 3, "area_max": {"X": -2}},
        {"size": 3, "min_data_availability": "lots"},
        {"size": 3, "min_data_availability": float("nan")},
    ):
        with pytest.raises(InputError):
            SetConstraints(**bad)
    with pytest.raises(InputError, match="unknown set constraint"):
        SetConstraints.from_dict({"size": 3, "colour": "red"})
    with pytest.raises(InputError, match="at least a set size"):
        build_set(random_longlist(5, 2, 0), "scrutiny")
    assert len(build_set(random_longlist(6, 2, 0), "scrutiny", None, 3)) == 3


def test_violations_lists_each_broken_rule():
    rows = [row("A", "X", 5, overlaps="B"), row("B", "X", 4), row("C", "Y", 3, measure=OUTCOME)]
    longlist = longlist_from_rows(rows)
    c = SetConstraints(size=3, min_per_area=1, max_per_area=1, include=("C",), exclude=("B",), min_outcomes=1)
    found = violations(longlist, ["A", "B"], c)
    assert "has 2 indicators, not 3" in found
    assert "Y has 0, fewer than 1" in found and "X has 2, more than 1" in found
    assert "leaves out must-include C" in found and "contains must-exclude B" in found
    assert "has 0 outcome measures, fewer than 1" in found
    assert "contains both A and B, which overlap" in found


# ---------------------------------------------------------------- set-level robustness


def test_set_robustness_shares_sum_to_the_set_size_and_respect_include_exclude():
    longlist = random_longlist(40, 5, 8)
    c = SetConstraints(size=8, min_per_area=1, include=("K039",), exclude=("K000",))
    table = set_robustness(longlist, "scrutiny", None, c, samples=500, seed=3)
    assert list(table.columns) == [
        "id",
        "name",
        "service_area",
        "p_in_set",
        "p_in_set_low",
        "p_in_set_high",
        "label",
        "in_set",
        "score",
    ]
    assert table["p_in_set"].sum() == pytest.approx(8)
    by_id = table.set_index("id")
    assert by_id.at["K039", "p_in_set"] == 1 and by_id.at["K039", "label"] == "core"
    assert by_id.at["K000", "p_in_set"] == 0 and by_id.at["K000", "label"] == "out"
    assert (table["p_in_set_low"] <= table["p_in_set"]).all() and (table["p_in_set"] <= table["p_in_set_high"]).all()
    assert list(table["p_in_set"]) == sorted(table["p_in_set"], reverse=True)
    base = build_set(longlist, "scrutiny", None, c)
    assert sorted(table[table["in_set"]]["id"]) == sorted(base.ids)
    assert table.attrs["samples"] == 500 and table.attrs["seed"] == 3 and table.attrs["sampling"] == "simplex"
    assert table.attrs["mc_error"] == pytest.approx(0.98 / math.sqrt(500))
    assert table.attrs["milp_solves"] == 0
    assert 1 <= table.attrs["distinct_sets"] <= 500


def test_set_robustness_labels_follow_the_thresholds():
    longlist = random_longlist(30, 4, 9)
    table = set_robustness(longlist, "scrutiny", None, SetConstraints(size=6), samples=300, thresholds=(0.8, 0.2))
    for r in table.itertuples(index=False):
        expected = "core" if r.p_in_set >= 0.8 else "out" if r.p_in_set <= 0.2 else "borderline"
        assert r.label == expected
    assert set(table["label"]) <= {"core", "borderline", "out"}


def test_set_robustness_fast_path_agrees_with_milp_per_sample():
    longlist = random_longlist(35, 5, 12)
    c = SetConstraints(size=7, min_per_area=1, max_per_area=2, exclusive_overlaps=False)
    fast = set_robustness(longlist, "scrutiny", None, c, samples=60, seed=1)
    slow = set_robustness(longlist, "scrutiny", None, c, samples=60, seed=1, solver="milp")
    assert fast.attrs["milp_solves"] == 0 and slow.attrs["milp_solves"] == 60
    pd.testing.assert_frame_equal(fast, slow)


def test_set_robustness_with_outcome_and_overlap_rules_matches_milp():
    longlist = random_longlist(35, 5, 13, outcome_share=0.2, overlap_pairs_count=10)
    c = SetConstraints(size=7, min_per_area=1, min_outcomes=3)
    auto = set_robustness(longlist, "scrutiny", None, c, samples=30, seed=2)
    milp = set_robustness(longlist, "scrutiny", None, c, samples=30, seed=2, solver="milp")
    pd.testing.assert_frame_equal(auto, milp)
    assert 0 < auto.attrs["milp_solves"] <= 30
    assert milp.attrs["milp_solves"] == 30


def test_set_robustness_is_reproducible_and_depends_on_the_seed():
    longlist = random_longlist(30, 4, 14)
    c = SetConstraints(size=6, min_per_area=1)
    a = set_robustness(longlist, "scrutiny", None, c, samples=400, seed=5)
    b = set_robustness(longlist, "scrutiny", None, c, samples=400, seed=5)
    other = set_robustness(longlist, "scrutiny", None, c, samples=400, seed=6)
    pd.testing.assert_frame_equal(a, b)
    assert not a["p_in_set"].equals(other["p_in_set"])


def test_no_spread_around_the_weights_gives_the_optimal_set_every_time():
    longlist = random_longlist(30, 4, 15)
    c = SetConstraints(size=6, min_per_area=1)
    table = set_robustness(longlist, "scrutiny", None, c, sampling="around", spread=0.0, samples=50)
    assert set(table["p_in_set"]) == {0.0, 1.0}
    assert (table["in_set"] == (table["p_in_set"] == 1.0)).all()
    assert table.attrs["distinct_sets"] == 1


def test_set_robustness_order_and_members_sampling_run():
    longlist = random_longlist(30, 4, 16)
    c = SetConstraints(size=6)
    ordered = set_robustness(
        longlist,
        "scrutiny",
        None,
        c,
        sampling="order",
        order=[["relevance"], ["rationale_strength"]]
        + [["data_availability", "comparability", "perverse_incentive_risk"]],
        samples=200,
    )
    assert ordered.attrs["order"][0] == ["relevance"]
    members = {"Cllr A": {"relevance": 5}, "Cllr B": {"comparability": 40}}
    mixed = set_robustness(longlist, "scrutiny", None, c, sampling="members", members=members, samples=200)
    assert mixed["p_in_set"].sum() == pytest.approx(6)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"samples": 0},
        {"samples": 1.5},
        {"seed": -1},
        {"sampling": "lottery"},
        {"thresholds": (0.1, 0.9)},
        {"solver": "magic"},
        {"sampling": "members"},
    ],
)
def test_set_robustness_bad_settings_are_input_errors(kwargs):
    longlist = random_longlist(10, 2, 0)
    with pytest.raises(InputError):
        set_robustness(longlist, "scrutiny", None, SetConstraints(size=3), **kwargs)


def test_set_robustness_reports_infeasibility_like_build_set():
    longlist = longlist_from_rows([row(f"K{i}", f"Area {i}", 3) for i in range(4)])
    with pytest.raises(InfeasibleSet, match="4 service areas each need a place but the set has 3 places"):
        set_robustness(longlist, "scrutiny", None, SetConstraints(size=3, min_per_area=1), samples=10)


def test_chosen_set_is_a_frozen_value():
    chosen = build_set(random_longlist(10, 2, 0), "scrutiny", None, SetConstraints(size=3))
    assert isinstance(chosen, ChosenSet)
    with pytest.raises(AttributeError):
        chosen.total = 0  # type: ignore[misc]


def test_set_robustness_reports_progress_and_gives_the_same_result():
    from pmf_select.longlist import load_longlist
    from pmf_select.selection import SetConstraints, set_robustness

    longlist = load_longlist("candidates/longlist.csv")
    constraints = SetConstraints(size=10, max_per_area=2, min_outcomes=3)
    seen: list[float] = []
    with_progress = set_robustness(longlist, "scrutiny", None, constraints, samples=120, seed=3, progress=seen.append)
    without = set_robustness(longlist, "scrutiny", None, constraints, samples=120, seed=3)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) == 20
    pd.testing.assert_frame_equal(with_progress, without)
    assert with_progress.attrs["milp_solves"] == without.attrs["milp_solves"]
