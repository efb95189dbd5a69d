"""The shipped long list (candidates/longlist.csv) keeps its promises.

Above all: data_availability and comparability equal the derivation rule applied to
the recorded facts on every row, so nobody has to trust a typed number.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from pmf_select.longlist import (
    COMPARATOR_LEVELS,
    LOCAL_FREQUENCIES,
    MEASURE_TYPES,
    NATIONAL_FREQUENCIES,
    POLARITIES,
    comparability,
    data_availability,
    derive_scores,
)

LONGLIST = Path(__file__).resolve().parent.parent / "candidates" / "longlist.csv"

COLUMNS = [
    "id", "name", "service_area", "code", "definition", "rationale", "source", "polarity",
    "measure_type", "comparators", "frequency", "local_frequency", "owner", "statutory",
    "overlaps_with",
    "rationale_strength", "relevance_scrutiny", "relevance_executive", "relevance_strategic",
    "relevance_operational", "relevance_partners", "relevance_regulator", "data_availability",
    "comparability", "perverse_incentive_risk",
    "england_figure", "scoring_notes",
]  # fmt: skip
SCORES = COLUMNS[15:25]
REQUIRED_TEXT = ["id", "name", "service_area", "definition", "rationale"]
SERVICE_AREAS = {
    "Early help",
    "Front door",
    "Assessment",
    "Children in need",
    "Child protection",
    "Looked after children",
    "Health of looked after children",
    "Adoption and permanence",
    "Care leavers",
    "Workforce",
    "Quality of practice",
    "Education of vulnerable groups",
    "SEND",
    "Youth justice",
    "Missing and exploitation",
    "Finance and demand",
    "Education and participation",  # added: all-pupil attendance, exclusions, NEET
}


@pytest.fixture(scope="module")
def longlist() -> pd.DataFrame:
    return pd.read_csv(LONGLIST, dtype=str, keep_default_na=False)


def test_file_is_utf8_without_bom_with_lf_line_ends():
    data = LONGLIST.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" not in data
    data.decode("utf-8")


def test_columns_are_exactly_the_documented_ones_in_order(longlist):
    assert list(longlist.columns) == COLUMNS


def test_at_least_70_candidates_across_at_least_12_service_areas(longlist):
    assert len(longlist) >= 70
    assert longlist["service_area"].nunique() >= 12


def test_service_areas_are_the_controlled_values_and_none_dominates(longlist):
    assert set(longlist["service_area"]) <= SERVICE_AREAS
    assert longlist["service_area"].value_counts().max() <= 10


def test_ids_are_unique_upper_case_codes(longlist):
    assert longlist["id"].is_unique
    for value in longlist["id"]:
        assert re.fullmatch(r"[A-Z0-9]+(-[A-Z0-9]+)+", value), value


@pytest.mark.parametrize("column", REQUIRED_TEXT + ["code", "source", "owner"])
def test_required_text_is_never_blank(longlist, column):
    blank = longlist.loc[longlist[column].str.strip() == "", "id"].tolist()
    assert blank == []


@pytest.mark.parametrize("column", SCORES)
def test_scores_are_numbers_from_0_to_5(longlist, column):
    values = pd.to_numeric(longlist[column], errors="raise")
    assert values.between(0, 5).all()
    assert ((values * 10).round() == values * 10).all()  # integers or one decimal


@pytest.mark.parametrize(
    ("column", "allowed"),
    [
        ("polarity", POLARITIES),
        ("measure_type", MEASURE_TYPES),
        ("comparators", COMPARATOR_LEVELS),
        ("frequency", NATIONAL_FREQUENCIES),
        ("local_frequency", LOCAL_FREQUENCIES),
        ("statutory", ("yes", "no")),
    ],
)
def test_controlled_vocabularies_are_respected(longlist, column, allowed):
    outside = sorted(set(longlist[column]) - set(allowed))
    assert outside == []


def test_overlaps_refer_to_other_existing_candidates_and_are_symmetric(longlist):
    ids = set(longlist["id"])
    overlaps = {row.id: {o.strip() for o in row.overlaps_with.split(";") if o.strip()} for row in longlist.itertuples()}
    for candidate, others in overlaps.items():
        assert candidate not in others, candidate
        assert others <= ids, (candidate, others - ids)
        for other in others:
            assert candidate in overlaps[other], f"{other} does not list {candidate}"


def test_derived_scores_equal_the_rule_on_every_row(longlist):
    for row in longlist.itertuples():
        assert float(row.data_availability) == data_availability(row.source, row.local_frequency), row.id
        assert float(row.comparability) == comparability(row.comparators), row.id


def test_derive_scores_leaves_the_shipped_list_unchanged(longlist):
    derived = derive_scores(longlist)
    for column in ("data_availability", "comparability"):
        assert derived[column].astype(float).tolist() == longlist[column].astype(float).tolist()


def test_england_figure_is_blank_or_carries_its_period(longlist):
    for row in longlist.itertuples():
        figure = row.england_figure.strip()
        if figure:
            assert re.search(r"\([^)]*\d{4}[^)]*\)", figure), (row.id, figure)


def test_discontinued_historic_indicators_are_left_out(longlist):
    for code in longlist["code"]:
        assert not re.search(r"\bNI (59|60|45|46)\b", code), code


def test_local_only_indicators_claim_no_comparators(longlist):
    local = longlist[longlist["code"].str.startswith("local") & (longlist["frequency"] == "none")]
    assert set(local["comparators"]) <= {"none", "partial"}


def test_the_project_loader_accepts_the_shipped_list():
    from pmf_select.longlist import load_longlist

    loaded = load_longlist(LONGLIST)
    assert len(loaded) >= 70


def test_candidates_readme_states_the_real_counts():


    from pmf_select.longlist import load_longlist

    longlist = load_longlist(Path(__file__).resolve().parents[1] / "candidates" / "longlist.csv")
    text = (Path(__file__).resolve().parents[1] / "candidates" / "README.md").read_text(encoding="utf-8")
    match = re.search(r"It has (\d+) candidates in (\d+) service areas", text)
    assert match, "candidates/README.md should say how many candidates and areas the list has"
    assert (int(match.group(1)), int(match.group(2))) == (len(longlist), len(longlist.service_areas))
