"""Criteria come from data: the shipped file, and a council's own."""

from __future__ import annotations

import pytest

from pmf_select.errors import InputError
from pmf_select.longlist import load_criteria, parse_criteria


def test_shipped_criteria_are_the_five_tests_with_six_audiences():
    criteria = load_criteria()
    assert criteria.keys == [
        "rationale_strength",
        "relevance",
        "data_availability",
        "comparability",
        "perverse_incentive_risk",
    ]
    assert criteria.audience_keys == ["scrutiny", "executive", "strategic", "operational", "partners", "regulator"]
    assert criteria.criterion("perverse_incentive_risk").objective == "min"
    assert criteria.columns_for("scrutiny")[1] == "relevance_scrutiny"
    assert len(criteria.score_columns()) == 10
    assert all(c.question.endswith("?") for c in criteria.criteria)


def test_unknown_keys_are_refused_naming_what_is_allowed():
    criteria = load_criteria()
    with pytest.raises(InputError, match="unknown audience 'public': expected one of scrutiny, executive"):
        criteria.audience("public")
    with pytest.raises(InputError, match="unknown criterion 'cost'"):
        criteria.criterion("cost")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"criterion": [{"key": "a", "scale": [5, 0]}]}, "low < high"),
        ({"criterion": [{"key": "a", "scale": [0, 5], "objective": "up"}]}, "'objective' must be"),
        ({"criterion": [{"key": "a", "scale": [0, 5], "default_weight": -1}]}, "non-negative"),
        ({"criterion": [{"key": "a", "scale": [0, 5]}, {"key": "a", "scale": [0, 5]}]}, "unique"),
        ({"criterion": [{"key": "a", "scale": [0, 5], "per_audience": True}]}, "needs at least one"),
        ({"criterion": [{"scale": [0, 5]}]}, "missing 'key'"),
        ({}, "no \\[\\[criterion\\]\\]"),
    ],
)
def test_bad_criteria_files_get_clear_messages(table, message):
    with pytest.raises(InputError, match=message):
        parse_criteria(table, "mine.toml")
