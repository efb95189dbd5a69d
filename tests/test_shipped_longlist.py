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
    LAG_MONTHS_MAX,
    LOCAL_FREQUENCIES,
    MEASURE_TYPES,
    NATIONAL_FREQUENCIES,
    POLARITIES,
    REPORTING,
    SHORT_NAME_MAX,
    SMALL_NUMBERS,
    check_rubric,
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
    "short_name", "reporting", "lag_months", "pair_with", "small_numbers",
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
    "Early years",  # added: school readiness and funded places for two-year-olds
    "Schools and attainment",  # added: all-pupil attainment, attendance, exclusions, 16-17 participation
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
        ("reporting", REPORTING),
        ("small_numbers", SMALL_NUMBERS),
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


NEW_IN_VERSION_2 = [
    "EY-GLD", "EY-GLDGAP", "EY-2YO",
    "ED-KS2RWM", "ED-A8", "ED-P8", "ED-DISGAP", "ED-GOODSCH",
    "MISS-CME", "MISS-CSE", "WF-UNALLOC", "FIN-FOSTERCARERS",
    "SEND-EHCPS", "SEND-TRIBUNAL", "SEND-HNB", "CL-PA25",
]  # fmt: skip


def test_the_shipped_list_has_119_candidates_in_18_areas(longlist):
    assert len(longlist) == 119
    assert longlist["service_area"].nunique() == 18
    assert "Education and participation" not in set(longlist["service_area"])


def test_version_2_measures_are_present_with_every_column_filled(longlist):
    by_id = longlist.set_index("id")
    for cid in NEW_IN_VERSION_2:
        row = by_id.loc[cid]
        blank = [
            c for c in COLUMNS[1:] if c not in ("overlaps_with", "england_figure", "pair_with") and not row[c].strip()
        ]
        assert blank == [], (cid, blank)


def test_short_names_are_filled_unique_and_fit_a_chart(longlist):
    names = longlist["short_name"].str.strip()
    assert (names != "").all()
    assert names.str.lower().is_unique
    assert (names.str.len() <= SHORT_NAME_MAX).all(), names[names.str.len() > SHORT_NAME_MAX].tolist()


def test_lags_are_whole_months_and_pairs_name_other_candidates(longlist):
    lags = pd.to_numeric(longlist["lag_months"], errors="raise")
    assert ((lags >= 0) & (lags <= LAG_MONTHS_MAX) & (lags == lags.round())).all()
    ids = set(longlist["id"])
    for row in longlist.itertuples():
        if row.pair_with:
            assert row.pair_with in ids and row.pair_with != row.id, row.id


def test_every_rubric_rule_holds_on_the_shipped_list(longlist):
    assert [str(p) for p in check_rubric(longlist)] == []


def test_rows_the_issue_named_are_scored_as_the_rubric_says(longlist):
    by_id = longlist.set_index("id")
    score = by_id["rationale_strength"].astype(float)
    assert score[["HEALTH-SDQ", "VS-P8", "QP-AUDITGOOD", "LAC-RATE", "CP-RATE"]].max() <= 4
    assert score[["LAC-RATE", "CP-RATE"]].max() <= 3
    assert score["CP-2YEARS"] == score["CP-REPEAT"]
    assert by_id.loc["CP-2YEARS", "pair_with"] == "CP-REPEAT" and by_id.loc["CP-REPEAT", "pair_with"] == "CP-2YEARS"
    assert by_id.loc["WF-CASELOAD", "pair_with"] == "WF-UNALLOC"
    for cid in ("PERM-26WK", "ADOPT-A1", "ADOPT-A2", "ADOPT-A3", "ADOPT-A10", "ADOPT-A5", "ADOPT-WAITING"):
        base = {"monthly": 4, "quarterly": 4, "rolling": 3, "termly": 2, "annual": 1}[by_id.loc[cid, "local_frequency"]]
        assert float(by_id.loc[cid, "data_availability"]) == base, cid  # no statutory-return bonus


def test_facts_the_issue_named_are_right(longlist):
    by_id = longlist.set_index("id")
    assert "on a child protection plan at the period end" in by_id.loc["CP-NEGLECT", "definition"]
    assert "children on plans" in by_id.loc["CP-NEGLECT", "england_figure"]
    assert "matched" in by_id.loc["ADOPT-ADOPTERS", "definition"]
    assert "Adoption Leadership Board" not in " ".join(by_id.loc["ADOPT-A10", ["rationale", "scoring_notes"]])
    assert "Local Government and Social Care Ombudsman" in by_id.loc["QP-UPHELD", "definition"]
    assert (
        "NEET" in by_id.loc["CL-EET", "england_figure"] and "not the EET share" in by_id.loc["CL-EET", "england_figure"]
    )
    for cid in ("VS-A8", "ED-A8"):
        assert "9-1" in by_id.loc[cid, "scoring_notes"], cid
    assert "foster placements" in by_id.loc["LAC-STAB3", "rationale"]


def test_annual_only_figures_are_reported_annually(longlist):
    annual = longlist[longlist["local_frequency"] == "annual"]
    assert set(annual["reporting"]) == {"annual"}
    assert {"quarterly", "annual"} == set(longlist["reporting"])


def test_no_row_points_to_a_machine_path_or_the_internal_reference(longlist):
    text = "\n".join(longlist.astype(str).agg(" ".join, axis=1))
    assert "/work" not in text and "shared/" not in text and "Section B4" not in text
    readme = (Path(__file__).resolve().parents[1] / "candidates" / "README.md").read_text(encoding="utf-8")
    assert "/work" not in readme and "shared/" not in readme and "indicators-reference" not in readme
