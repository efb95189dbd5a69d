"""The rule that derives data_availability and comparability from recorded facts."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from pmf_select.longlist import (
    AVAILABILITY_CAP,
    COMPARATOR_LEVELS,
    LOCAL_FREQUENCIES,
    STATUTORY_SOURCES,
    comparability,
    data_availability,
    derive_scores,
    is_statutory_source,
)


@pytest.mark.parametrize(
    ("local_frequency", "base"),
    [("monthly", 4), ("quarterly", 4), ("rolling", 3), ("termly", 2), ("annual", 1)],
)
def test_availability_base_by_local_frequency(local_frequency, base):
    assert data_availability("Local case system", local_frequency) == base


@pytest.mark.parametrize(
    ("local_frequency", "expected"),
    [("monthly", 5), ("quarterly", 5), ("rolling", 4), ("termly", 3), ("annual", 2)],
)
def test_statutory_source_adds_one(local_frequency, expected):
    assert data_availability("CIN census", local_frequency) == expected


@pytest.mark.parametrize("source", STATUTORY_SOURCES)
def test_every_listed_statutory_source_earns_the_bonus(source):
    assert data_availability(source, "rolling") == 4


@pytest.mark.parametrize("source", ["SSDA903 / NPD", "ssda903 oc2", "  SSDA903   OC3 "])
def test_any_ssda903_source_counts_as_statutory(source):
    assert is_statutory_source(source)


@pytest.mark.parametrize(
    "source", ["Local case system", "Local HR", "Virtual School", "MHCLG Troubled Families", "LGO", "", "CIN"]
)
def test_local_and_partial_sources_earn_no_bonus(source):
    assert not is_statutory_source(source)
    assert data_availability(source, "monthly") == 4


def test_availability_never_exceeds_the_cap():
    scores = [data_availability(s, f) for s, f in itertools.product(STATUTORY_SOURCES + ("Local",), LOCAL_FREQUENCIES)]
    assert max(scores) == AVAILABILITY_CAP == 5
    assert min(scores) == 1


def test_availability_matching_ignores_case_and_spacing():
    assert data_availability("  cin   CENSUS ", " Monthly ") == 5
    assert data_availability("workforce census", "ROLLING") == 4


@pytest.mark.parametrize("bad", ["weekly", "", "yearly", "monthly-ish"])
def test_unknown_local_frequency_raises_naming_the_allowed_values(bad):
    with pytest.raises(ValueError) as caught:
        data_availability("CIN census", bad)
    message = str(caught.value)
    assert "local_frequency" in message
    for allowed in LOCAL_FREQUENCIES:
        assert f"'{allowed}'" in message


@pytest.mark.parametrize(
    ("comparators", "score"),
    [
        ("England, London and statistical neighbours", 5),
        ("England and London", 4),
        ("England only", 3),
        ("partial", 1),
        ("none", 0),
    ],
)
def test_comparability_by_level(comparators, score):
    assert comparability(comparators) == score


def test_comparability_matching_ignores_case_and_spacing():
    assert comparability("  england,  london and STATISTICAL neighbours ") == 5
    assert comparability("England  Only") == 3
    assert comparability("NONE") == 0


@pytest.mark.parametrize("bad", ["LAIT/SN", "England", "", "London only"])
def test_unknown_comparators_raise_listing_the_allowed_values(bad):
    with pytest.raises(ValueError) as caught:
        comparability(bad)
    message = str(caught.value)
    assert "comparators" in message
    for allowed in COMPARATOR_LEVELS:
        assert f"'{allowed}'" in message


def _frame(**overrides) -> pd.DataFrame:
    data = {
        "id": ["A", "B", "C"],
        "source": ["CIN census", "Local case system", "SSDA903 OC2"],
        "local_frequency": ["monthly", "annual", "rolling"],
        "comparators": ["England, London and statistical neighbours", "none", "partial"],
        "data_availability": ["0", "0", "0"],
        "comparability": ["2", "2", "2"],
    }
    data.update(overrides)
    return pd.DataFrame(data, dtype=str)


def test_derive_scores_recomputes_both_columns_and_keeps_text_as_text():
    derived = derive_scores(_frame())
    assert derived["data_availability"].tolist() == ["5", "1", "4"]
    assert derived["comparability"].tolist() == ["5", "0", "1"]


def test_derive_scores_returns_a_copy():
    frame = _frame()
    derive_scores(frame)
    assert frame["data_availability"].tolist() == ["0", "0", "0"]


def test_rows_with_blank_facts_keep_their_typed_scores():
    frame = _frame(local_frequency=["monthly", "", "rolling"], comparators=["none", "partial", "  "])
    derived = derive_scores(frame)
    assert derived["data_availability"].tolist() == ["5", "0", "4"]
    assert derived["comparability"].tolist() == ["0", "1", "2"]


def test_blank_source_earns_no_bonus_but_is_still_derived():
    derived = derive_scores(_frame(source=["", "", ""]))
    assert derived["data_availability"].tolist() == ["4", "1", "3"]


def test_numeric_score_columns_stay_numeric():
    frame = _frame()
    frame["data_availability"] = [0.0, 0.0, 0.0]
    derived = derive_scores(frame)
    assert pd.api.types.is_numeric_dtype(derived["data_availability"])
    assert derived["data_availability"].tolist() == [5, 1, 4]


def test_missing_score_columns_are_added():
    derived = derive_scores(_frame().drop(columns=["data_availability", "comparability"]))
    assert derived["data_availability"].tolist() == [5, 1, 4]
    assert derived["comparability"].tolist() == [5, 0, 1]


def test_frame_without_fact_columns_is_returned_unchanged():
    frame = pd.DataFrame({"id": ["A"], "data_availability": ["3"], "comparability": ["2"]}, dtype=str)
    pd.testing.assert_frame_equal(derive_scores(frame), frame)


def test_every_unknown_value_is_reported_in_one_error_naming_the_candidate():
    frame = _frame(local_frequency=["weekly", "annual", "rolling"], comparators=["none", "LAIT", "partial"])
    with pytest.raises(ValueError) as caught:
        derive_scores(frame)
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("candidate 'A'") and "local_frequency 'weekly'" in lines[0]
    assert lines[1].startswith("candidate 'B'") and "comparators 'LAIT'" in lines[1]
