"""Options for the paper: distinct, feasible, optimal for their shape, explained."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pmf_select.errors import InputError
from pmf_select.longlist import DEFAULT_CRITERIA_PATH, load_longlist
from pmf_select.ranking import CLASSES, acceptability
from pmf_select.selection import (
    InfeasibleSet,
    Option,
    OptionTemplate,
    SetConstraints,
    annual_only_ids,
    area_phrase,
    audience_coverage,
    build_options,
    build_set,
    common_indicators,
    default_templates,
    finance_areas,
    indicator_reason,
    options_markdown,
    options_summary,
    violations,
)
from tests.test_selection import CRITERIA, OUTCOME, longlist_from_rows, row

ROOT = Path(__file__).resolve().parents[1]

AREAS = ("Child protection", "Looked after children", "Care leavers", "Workforce", "Front door", "SEND")
SOURCES = ("CIN census", "SSDA903", "Local case system", "Workforce census")
COMPARATORS = ("England, London and statistical neighbours", "England and London", "England only", "none")


def paper_list(n: int = 60, seed: int = 0, outcome_share: float = 0.35):
    """A long list with the descriptive columns the reasons are built from."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        r = {
            "id": f"K{i:03d}",
            "name": f"Indicator {i}",
            "service_area": AREAS[i % len(AREAS)],
            "definition": "d",
            "rationale": "r",
            "source": SOURCES[int(rng.integers(len(SOURCES)))],
            "comparators": COMPARATORS[int(rng.integers(len(COMPARATORS)))],
            "local_frequency": ["monthly", "quarterly", "rolling", "annual"][int(rng.integers(4))],
            "measure_type": OUTCOME if rng.random() < outcome_share else ["how much", "how well"][int(rng.integers(2))],
            "overlaps_with": "",
        }
        r["statutory"] = "no" if r["source"].startswith("Local") else "yes"
        for column in CRITERIA.score_columns():
            r[column] = round(float(rng.uniform(0, 5)), 2)
        rows.append(r)
    rows[1]["overlaps_with"] = "K007"
    return longlist_from_rows(rows)


@pytest.fixture(scope="module")
def longlist():
    return paper_list()


@pytest.fixture(scope="module")
def options(longlist):
    return build_options(longlist, "scrutiny", None, samples=2000, include=("K059",), exclude=("K000",))


def test_two_to_four_distinct_feasible_options(options, longlist):
    assert 2 <= len(options) <= 4
    assert [o.key for o in options] == ["lean", "balanced", "outcomes", "comprehensive"]
    id_sets = [frozenset(o.ids) for o in options]
    assert len(set(id_sets)) == len(options)
    for option in options:
        assert isinstance(option, Option)
        assert violations(longlist, option.ids, option.constraints) == []
        assert "K059" in option.ids and "K000" not in option.ids
        # optimal for its own shape: re-solving the recorded constraints gives the same total
        again = build_set(longlist, "scrutiny", None, option.constraints, solver="milp")
        assert option.total == pytest.approx(again.total, abs=1e-9)
        assert option.relaxed == ()


def test_option_shapes_are_what_they_say(options):
    lean, balanced, outcomes, comprehensive = options
    assert lean.size == 8 and lean.coverage_by_area["chosen"].max() <= 2
    assert balanced.size == 12 and (balanced.coverage_by_area["chosen"] >= 1).all()
    assert (balanced.indicators["measure_type"] == OUTCOME).sum() >= 3
    assert outcomes.size == 12 and (outcomes.indicators["measure_type"] == OUTCOME).sum() >= 6
    assert comprehensive.size == 16 and (comprehensive.coverage_by_area["chosen"] >= 1).all()
    assert comprehensive.coverage_by_area["chosen"].max() <= 3


def test_indicator_tables_carry_robustness_and_reasons(options, longlist):
    for option in options:
        ind = option.indicators
        assert list(ind.columns) == [
            "id",
            "name",
            "service_area",
            "measure_type",
            "score",
            "list_rank",
            "p_top_k",
            "robustness",
            "reason",
        ]
        assert ind["id"].tolist() == option.ids
        acc = acceptability(longlist, "scrutiny", None, samples=2000, top_k=option.size).table.set_index("id")
        for r in ind.itertuples(index=False):
            assert r.p_top_k == acc.at[r.id, "p_top_k"]
            assert r.robustness == acc.at[r.id, "class"]
            if r.p_top_k >= 0.1:
                assert f"in the top {option.size} under {r.p_top_k:.0%} of weightings" in r.reason
            else:  # never "in the top 17 under 0% of weightings" for an indicator in the option
                assert f"rarely in the top {option.size} on score alone; in for the option's coverage rules" in r.reason
            sole = (ind["service_area"] == r.service_area).sum() == 1
            assert (f"covers {area_phrase(r.service_area)}" in r.reason) == sole
            assert ("an outcome measure" in r.reason) == (r.measure_type == OUTCOME)
        assert ind.set_index("id").loc["K059", "reason"].startswith("must include")
        assert sum(option.robustness[c] for c in CLASSES) == option.size
        assert option.robustness["mean_p_top_k"] == pytest.approx(ind["p_top_k"].mean())
        assert option.robustness["top_k"] == option.size and option.robustness["samples"] == 2000
        assert f"in the top {option.size}" in option.robustness_summary


def test_coverage_by_area_and_audience(options, longlist):
    frame = longlist.frame.set_index("id")
    for option in options:
        cov = option.coverage_by_area
        assert cov["service_area"].tolist() == list(AREAS)
        assert cov["chosen"].sum() == option.size
        aud = option.coverage_by_audience
        assert aud["audience"].tolist() == CRITERIA.audience_keys
        for r in aud.itertuples(index=False):
            values = frame.loc[option.ids, f"relevance_{r.audience}"]
            assert r.mean_relevance == pytest.approx(values.mean())
            assert r.strongly_relevant == (values >= 4).sum()
            assert r.label == CRITERIA.audience(r.audience).label


def test_summary_and_markdown(options):
    summary = options_summary(options)
    assert summary["option"].tolist() == [o.key for o in options]
    assert summary["size"].tolist() == [o.size for o in options]
    assert summary["total_score"].tolist() == pytest.approx([o.total for o in options], abs=1e-6)
    assert summary["ids"].tolist() == ["; ".join(o.ids) for o in options]
    assert (summary["service_areas"] == [f"{(o.coverage_by_area['chosen'] > 0).sum()} of 6" for o in options]).all()
    text = options_markdown(options, audience_label="Scrutiny")
    for number, option in enumerate(options, start=1):
        assert f"## Option {number}: {option.title}" in text
        for cid in option.ids:
            assert f"| {cid} |" in text
    shared = common_indicators(options)
    assert "K059" in shared
    assert all(set(shared) <= set(o.ids) for o in options)
    assert f"In every option: {', '.join(shared)}." in text


def test_impossible_shapes_are_relaxed_and_say_so():
    """No outcome measures at all: the outcome rules are dropped, with the reason."""
    longlist = paper_list(40, seed=3, outcome_share=0.0)
    options = build_options(longlist, "scrutiny", None, samples=500)
    assert len(options) >= 2
    outcomes = next(o for o in options if o.key == "outcomes")
    assert outcomes.constraints.min_outcomes == 0
    assert outcomes.constraints.max_per_area == 2  # only what had to go was dropped
    assert len(outcomes.relaxed) == 1
    assert any("outcome-measure minimum" in note and "outcome measure" in note for note in outcomes.relaxed)
    for option in options:
        assert violations(longlist, option.ids, option.constraints) == []


def test_identical_options_are_shown_once():
    longlist = paper_list(40, seed=4)
    twins = [
        OptionTemplate("a", "A", "first", 6),
        OptionTemplate("b", "B", "same again", 6),
        OptionTemplate("c", "C", "bigger", 9),
    ]
    options = build_options(longlist, "scrutiny", None, templates=twins, samples=500)
    assert [o.key for o in options] == ["a", "c"]


def test_option_sizes_follow_the_eligible_candidates():
    longlist = paper_list(30, seed=7)
    floor = 3.5
    frame = longlist.frame
    eligible = int(((frame["data_availability"] >= floor) & (frame["id"] != "K002")).sum())
    assert 8 < eligible < 12  # fewer than the balanced and comprehensive shapes ask for
    options = build_options(longlist, "scrutiny", None, exclude=("K002",), min_data_availability=floor, samples=200)
    assert max(o.size for o in options) == eligible
    for option in options:
        assert (option.chosen.table["data_availability"] >= floor).all()
        assert "K002" not in option.ids


def test_too_small_a_list_for_distinct_options():
    longlist = longlist_from_rows([row("A", "X", 3), row("B", "Y", 4)])
    with pytest.raises(InputError, match="too small for distinct options"):
        build_options(longlist, "scrutiny", None, samples=100)


def test_shared_constraints_that_conflict_are_reported():
    longlist = paper_list(30, seed=5)
    with pytest.raises(InfeasibleSet, match="K001 is both must-include and must-exclude"):
        build_options(longlist, "scrutiny", None, include=("K001",), exclude=("K001",), samples=100)
    with pytest.raises(InputError, match="NOPE"):
        build_options(longlist, "scrutiny", None, include=("NOPE",), samples=100)


def test_default_templates_follow_the_list():
    many_areas = longlist_from_rows([row(f"K{i}", f"Area {i % 17}", 3) for i in range(100)])
    lean, balanced, outcomes, comprehensive = default_templates(many_areas)
    assert balanced.size == 12 and balanced.max_per_area == 1 and balanced.min_per_area == 0
    assert comprehensive.size == 17 and comprehensive.min_per_area == 1
    few_areas = longlist_from_rows([row(f"K{i}", f"Area {i % 5}", 3) for i in range(100)])
    _, balanced, _, comprehensive = default_templates(few_areas)
    assert balanced.min_per_area == 1 and comprehensive.size == 16
    tiny = default_templates(few_areas, eligible=10)
    assert [t.size for t in tiny] == [8, 10, 10, 10]
    assert outcomes.min_outcomes == 6


def test_reason_reads_like_the_issue():
    data = {
        "service_area": "Care leavers",
        "measure_type": "how well",
        "source": "SSDA903 OC3",
        "statutory": "yes",
        "comparators": "England only",
        "local_frequency": "rolling",
        "perverse_incentive_risk": 1.0,
    }
    text = indicator_reason(data, sole_in_area=True, p_top_k=0.94, top_k=12)
    assert text == (
        "covers care leavers; a quality measure; statutory return (SSDA903 OC3) with national comparators; "
        "in the top 12 under 94% of weightings"
    )
    local = indicator_reason(
        {"source": "Local case system", "statutory": "no", "comparators": "none", "local_frequency": "monthly"},
        must_include=True,
    )
    assert local == "must include; local data (Local case system), no published comparators; available monthly"
    risky = indicator_reason({"measure_type": OUTCOME, "perverse_incentive_risk": 4})
    assert risky == "an outcome measure; high risk of perverse incentives: pair with a quality measure"
    assert indicator_reason({}) == ""


def test_area_phrase_keeps_acronyms():
    assert area_phrase("Care leavers") == "care leavers"
    assert area_phrase("SEND") == "SEND"
    assert area_phrase("Health of looked after children") == "health of looked after children"


def test_audience_coverage_without_per_audience_criteria_is_empty():
    from dataclasses import replace

    from pmf_select.longlist import LongList

    flat = replace(CRITERIA, criteria=tuple(replace(c, per_audience=False) for c in CRITERIA.criteria))
    longlist = longlist_from_rows([row("A", "X", 3) | {"relevance": 3}, row("B", "Y", 4) | {"relevance": 4}])
    longlist = LongList(longlist.frame, flat, "flat")
    assert audience_coverage(longlist, ["A", "B"]).empty


def test_shipped_long_list_gives_distinct_feasible_options():
    from pmf_select.longlist import load_longlist

    shipped = load_longlist(DEFAULT_CRITERIA_PATH.parent / "longlist.csv")
    options = build_options(shipped, "scrutiny", None, samples=1000)
    assert 2 <= len(options) <= 4
    assert len({frozenset(o.ids) for o in options}) == len(options)
    for option in options:
        assert violations(shipped, option.ids, option.constraints) == []
        assert option.indicators["reason"].str.len().gt(0).all()
    assert SetConstraints.from_dict(options[0].constraints.to_dict()) == options[0].constraints


# ---------------------------------------------------------------- options a member would accept (issue 13)


def _v2_list(tmp_path):
    """The shipped list with the long list v2 columns on a few rows (reporting, pair_with ...)."""
    frame = pd.read_csv(ROOT / "candidates" / "longlist.csv", dtype=str, keep_default_na=False)
    for column in ("short_name", "reporting", "lag_months", "pair_with", "small_numbers"):
        frame[column] = ""
    frame["reporting"] = "quarterly"
    frame.loc[frame["id"].isin(["VS-KS2", "VS-A8", "VS-P8", "CP-REPEAT"]), "reporting"] = "annual"
    frame.loc[frame["id"] == "AS-45WD", "pair_with"] = "QP-AUDITGOOD"
    path = tmp_path / "v2.csv"
    frame.to_csv(path, index=False)
    return load_longlist(path)


def test_annual_only_measures_are_routed_out_of_every_option(tmp_path):
    longlist = _v2_list(tmp_path)
    assert annual_only_ids(longlist) == ["CP-REPEAT", "VS-KS2", "VS-A8", "VS-P8"]
    plain = build_options(longlist, "scrutiny", samples=300)
    assert any("CP-REPEAT" in o.ids for o in plain)  # a strong candidate when annual measures are allowed
    routed = build_options(longlist, "scrutiny", samples=300, route_annual=True)
    assert all(not {"CP-REPEAT", "VS-KS2", "VS-A8", "VS-P8"} & set(o.ids) for o in routed)
    kept = build_options(longlist, "scrutiny", samples=300, route_annual=True, include=["CP-REPEAT"])
    assert all("CP-REPEAT" in o.ids for o in kept)  # officers can still insist


def test_annual_only_falls_back_on_local_frequency(tmp_path):
    longlist = load_longlist(ROOT / "candidates" / "longlist.csv")
    assert set(annual_only_ids(longlist)) == set(
        longlist.frame.loc[longlist.frame["local_frequency"] == "annual", "id"]
    )


def test_every_option_gets_a_finance_measure_when_asked(tmp_path):
    longlist = load_longlist(ROOT / "candidates" / "longlist.csv")
    assert finance_areas(longlist) == ["Finance and demand"]
    options = build_options(longlist, "scrutiny", samples=300, require_finance=True)
    for option in options:
        assert any(c.startswith("FIN-") for c in option.ids), option.key
    # impossible (every finance measure excluded): the option is still built and says why
    excluded = build_options(
        longlist, "scrutiny", samples=300, require_finance=True, exclude=["FIN-BUDGET", "FIN-UNITCOST", "FIN-EXTMIX"]
    )
    assert all(any(note.startswith("no finance measure") for note in o.relaxed) for o in excluded)


def test_a_quality_measure_is_not_told_to_pair_with_a_quality_measure():
    text = indicator_reason({"measure_type": "how well", "perverse_incentive_risk": 4})
    assert text.count("quality measure") == 1
    assert "read it with an outcome measure and audit findings" in text
    paired = indicator_reason({"measure_type": "how well", "perverse_incentive_risk": 5, "pair_with": "QP-AUDITGOOD"})
    assert paired.endswith("read it with QP-AUDITGOOD")
