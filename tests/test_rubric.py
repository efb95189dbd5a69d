"""The rubric's written rules, as code: the shipped list keeps every one, and a row that
breaks a rule is named (candidate id and column) by exactly that rule.

Each broken row is made from a copy of the shipped list, so every test also shows the
rule would have caught a real mistake in it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pmf_select.longlist import RUBRIC_RULES, RubricProblem, check_rubric, load_longlist
from pmf_select.longlist.rubric import (
    annual_data_are_reported_annually,
    annual_figures_are_not_for_team_managers,
    contextual_is_at_most_three,
    derived_scores_follow_the_rule,
    england_figures_follow_the_policy,
    five_answers_a_2016_finding,
    judgements_at_the_ends_are_explained,
    mutual_pairs_on_one_priority_score_alike,
    overlaps_are_mutual,
    pairs_are_reported_together,
    priorities_of,
    quarterly_figures_arrive_within_a_quarter,
    risky_measures_are_paired,
)

LONGLIST = Path(__file__).resolve().parents[1] / "candidates" / "longlist.csv"


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return pd.read_csv(LONGLIST, dtype=str, keep_default_na=False)


def broken(shipped: pd.DataFrame, cid: str, **cells: str) -> pd.DataFrame:
    frame = shipped.copy()
    index = frame.index[frame["id"] == cid][0]
    for column, value in cells.items():
        frame.at[index, column] = value
    return frame


def named(problems: list[RubricProblem]) -> set[tuple[str, str, str]]:
    return {(p.candidate, p.column, p.rule) for p in problems}


def test_the_shipped_list_breaks_no_rule_as_text_or_as_a_loaded_long_list(shipped):
    assert check_rubric(shipped) == []
    assert check_rubric(load_longlist(LONGLIST)) == []


def test_every_rule_is_run_and_each_has_a_docstring():
    assert len(RUBRIC_RULES) == 12
    assert all(rule.__doc__ for rule in RUBRIC_RULES)


# ------------------------------------------------------------------ one test per rule


def test_derived_score_typed_wrongly_is_named(shipped):
    frame = broken(shipped, "PERM-26WK", data_availability="5")  # the old statutory-return bonus
    problems = derived_scores_follow_the_rule(frame)
    assert named(problems) == {("PERM-26WK", "data_availability", "derived-scores")}
    assert "the rule gives 4" in problems[0].message
    frame = broken(shipped, "ADOPT-A1", comparability="5")
    assert named(derived_scores_follow_the_rule(frame)) == {("ADOPT-A1", "comparability", "derived-scores")}


def test_adoption_scorecard_and_court_figures_earn_no_statutory_bonus(shipped):
    frame = broken(shipped, "ADOPT-WAITING", data_availability="5")
    assert named(check_rubric(frame)) == {("ADOPT-WAITING", "data_availability", "derived-scores")}


def test_contextual_volume_scored_4_is_named(shipped):
    frame = broken(shipped, "LAC-RATE", rationale_strength="4")
    problems = contextual_is_at_most_three(frame)
    assert named(problems) == {("LAC-RATE", "rationale_strength", "contextual-at-most-3")}
    assert "expected at most 3" in problems[0].message


def test_five_without_a_2016_finding_is_named(shipped):
    frame = broken(shipped, "HEALTH-SDQ", rationale_strength="5")
    assert named(five_answers_a_2016_finding(frame)) == {("HEALTH-SDQ", "rationale_strength", "five-needs-2016-tie")}


def test_five_on_a_volume_is_named_even_with_a_2016_tie(shipped):
    frame = broken(
        shipped, "LAC-FOSTER", rationale_strength="5", polarity="higher", rationale="2016 stability strength."
    )
    problems = five_answers_a_2016_finding(frame)
    assert named(problems) == {("LAC-FOSTER", "rationale_strength", "five-needs-2016-tie")}
    assert "volume" in problems[0].message


def test_priority_terms_count_only_beside_2016():
    assert priorities_of({"rationale": "Neglect left too long, as Ofsted found in 2016."}) == {"neglect"}
    assert priorities_of({"rationale": "Neglect left too long."}) == set()
    assert priorities_of({"rationale": "x", "scoring_notes": "5: the 2016 B&B finding"}) == {"bed-and-breakfast"}


def test_mutual_pair_on_the_same_priority_scored_apart_is_named(shipped):
    frame = broken(shipped, "CP-2YEARS", rationale_strength="4")  # the version 1 score
    problems = mutual_pairs_on_one_priority_score_alike(frame)
    assert named(problems) == {("CP-2YEARS", "rationale_strength", "mutual-pairs-alike")}
    assert "CP-REPEAT" in problems[0].message and "neglect" in problems[0].message


def test_mutual_pair_without_a_shared_2016_priority_may_differ(shipped):
    frame = broken(shipped, "WF-UNALLOC", rationale_strength="3")  # pair of WF-CASELOAD (4)
    assert mutual_pairs_on_one_priority_score_alike(frame) == []


def test_high_perverse_risk_without_a_pair_is_named(shipped):
    frame = broken(shipped, "AS-45WD", pair_with="")
    problems = risky_measures_are_paired(frame)
    assert named(problems) == {("AS-45WD", "pair_with", "risky-needs-pair")}
    assert "perverse_incentive_risk is 4" in problems[0].message


def test_judgement_at_the_ends_without_notes_is_named(shipped):
    frame = broken(shipped, "CL-BANDB", scoring_notes="")
    assert named(judgements_at_the_ends_are_explained(frame)) == {("CL-BANDB", "scoring_notes", "explain-judgements")}
    frame = broken(shipped, "FD-REREF", scoring_notes="")
    assert named(judgements_at_the_ends_are_explained(frame)) == {("FD-REREF", "scoring_notes", "explain-judgements")}


def test_pair_reported_in_a_different_report_is_named(shipped):
    frame = broken(shipped, "HEALTH-SDQDONE", reporting="quarterly", lag_months="1")
    problems = pairs_are_reported_together(frame)
    assert ("HEALTH-SDQ", "reporting", "pairs-reported-together") in named(problems)
    assert ("HEALTH-SDQDONE", "reporting", "pairs-reported-together") in named(problems)


def test_annual_only_figure_reported_quarterly_is_named(shipped):
    frame = broken(shipped, "VS-KS2", reporting="quarterly", lag_months="1")
    assert named(annual_data_are_reported_annually(frame)) == {("VS-KS2", "reporting", "annual-data-annual-report")}


def test_quarterly_figure_arriving_late_is_named(shipped):
    frame = broken(shipped, "CL-EET", lag_months="6")
    problems = quarterly_figures_arrive_within_a_quarter(frame)
    assert named(problems) == {("CL-EET", "lag_months", "quarterly-lag")}
    assert "report it annually" in problems[0].message


def test_annual_figure_scored_high_for_team_managers_is_named(shipped):
    frame = broken(shipped, "ED-A8", relevance_operational="4")
    assert named(annual_figures_are_not_for_team_managers(frame)) == {
        ("ED-A8", "relevance_operational", "annual-not-operational")
    }


@pytest.mark.parametrize(
    "figure",
    ["16.1", "17.8 (30 Sep 2017)", "84% (2017-18)", "65% (May 2018)"],
)
def test_england_figure_without_a_period_or_after_2016_17_is_named(shipped, figure):
    frame = broken(shipped, "WF-CASELOAD", england_figure=figure)
    assert named(england_figures_follow_the_policy(frame)) == {
        ("WF-CASELOAD", "england_figure", "england-figure-policy")
    }


@pytest.mark.parametrize("figure", ["16.1 (30 Sep 2016)", "22% (2016-17)", "48.1% of children on plans (31 Mar 2017)"])
def test_england_figures_dated_2016_17_or_earlier_pass(shipped, figure):
    assert england_figures_follow_the_policy(broken(shipped, "WF-CASELOAD", england_figure=figure)) == []


def test_one_way_or_unknown_overlap_is_named(shipped):
    frame = broken(shipped, "ED-A8", overlaps_with="ED-P8;VS-A8")
    assert named(overlaps_are_mutual(frame)) == {("ED-A8", "overlaps_with", "overlaps-mutual")}
    frame = broken(shipped, "ED-A8", overlaps_with="ED-P8;NO-SUCH")
    assert "unknown id 'NO-SUCH'" in overlaps_are_mutual(frame)[0].message


def test_problems_read_as_candidate_column_message_and_rule(shipped):
    problem = check_rubric(broken(shipped, "CP-RATE", rationale_strength="4"))[0]
    assert str(problem) == (
        "CP-RATE, column 'rationale_strength': is 4 on a contextual measure: expected at most 3 [contextual-at-most-3]"
    )


def test_a_list_without_the_reporting_columns_is_checked_on_what_it_has(shipped):
    old = shipped.drop(columns=["short_name", "reporting", "lag_months", "pair_with", "small_numbers"])
    assert check_rubric(old) == []
    old = broken(old, "VS-P8", rationale_strength="5")  # the version 1 score
    assert named(check_rubric(old)) == {("VS-P8", "rationale_strength", "five-needs-2016-tie")}


def test_check_rubric_rejects_something_that_is_not_a_table():
    with pytest.raises(TypeError):
        check_rubric(["not", "a", "table"])
