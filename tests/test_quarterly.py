"""Quarterly figures: RAG by the template's rule, direction of travel, reading and refusing filled templates,
append-only versions."""

from __future__ import annotations

import sqlite3

import pytest

from pmf_select.errors import InputError
from pmf_select.quarterly import (
    Quarter,
    QuarterlyInputError,
    describe_quarters,
    direction,
    import_template,
    levels_problem,
    list_versions,
    parse_quarter,
    rag,
    scorecard,
    stored_figures,
)
from tests.quarterly_helpers import (
    ILLUSTRATIVE_CSV,
    ILLUSTRATIVE_XLSX,
    Q1,
    Q2,
    Q3,
    example_store,
    fill_csv,
    fill_xlsx,
    row_of,
    template_csv,
    template_xlsx,
)

# ------------------------------------------------------------------ RAG at the boundaries


@pytest.mark.parametrize(
    ("value", "expected"),
    [(70, "green"), (60, "green"), (59.999, "amber"), (55, "amber"), (50.001, "amber"), (50, "red"), (0, "red")],
)
def test_higher_is_better_green_at_or_above_green_red_at_or_below_red(value, expected):
    assert rag(value, "higher", 60, 50) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "green"), (10, "green"), (10.001, "amber"), (11, "amber"), (11.999, "amber"), (12, "red"), (30, "red")],
)
def test_lower_is_better_is_mirrored(value, expected):
    assert rag(value, "lower", 10, 12) == expected


def test_contextual_or_no_levels_is_not_rated_and_missing_is_no_data():
    assert rag(35, "contextual", None, None) == "not rated"
    assert rag(35, "higher", None, None) == "not rated"
    assert rag(None, "higher", 60, 50) == "no data"
    assert rag(None, "contextual", None, None) == "no data"
    # zero is a figure, not a missing one
    assert rag(0, "higher", 60, 50) == "red"


def test_levels_on_the_wrong_side_for_the_polarity_are_refused():
    assert levels_problem("higher", 60, 50) is None
    assert levels_problem("lower", 10, 12) is None
    assert "above the red level" in levels_problem("higher", 50, 60)
    assert "above the red level" in levels_problem("higher", 50, 50)
    assert "below the red level" in levels_problem("lower", 12, 10)
    assert "both" in levels_problem("higher", 60, None)
    assert "contextual" in levels_problem("contextual", 1, 2)
    assert levels_problem("contextual", None, None) is None


def test_direction_of_travel_follows_polarity():
    assert direction(5, 4, "higher") == "improving"
    assert direction(3, 4, "higher") == "worsening"
    assert direction(5, 4, "lower") == "worsening"
    assert direction(3, 4, "lower") == "improving"
    assert direction(5, 4, "contextual") == "up"
    assert direction(3, 4, "contextual") == "down"
    assert direction(4, 4, "lower") == "no change"
    assert direction(None, 4, "lower") == "not known"
    assert direction(0, None, "lower") == "not known"


def test_quarters_know_their_neighbours_and_names():
    q1 = Quarter(2018, 1)
    assert q1.label == "Q1 2018-19" and q1.heading == "Q1 2018-19 (Apr-Jun 2018)"
    assert Quarter(2018, 4).heading == "Q4 2018-19 (Jan-Mar 2019)"
    assert q1.previous() == Quarter(2017, 4) and q1.year_before() == Quarter(2017, 1)
    assert parse_quarter("Q3") == Quarter(2018, 3)
    assert parse_quarter("q2 2019-20") == Quarter(2019, 2)
    assert parse_quarter("2017-18 Q4") == Quarter(2017, 4)
    assert parse_quarter("Q5") is None and parse_quarter("Q1 2018-20") is None
    assert describe_quarters([Quarter(2018, n) for n in (1, 2, 3, 4)]) == "Q1-Q4 2018-19"
    assert describe_quarters([Quarter(2018, 1)]) == "Q1 2018-19"
    assert describe_quarters([Quarter(2017, 4), Quarter(2018, 1), Quarter(2018, 3)]) == "Q4 2017-18, Q1, Q3 2018-19"


# ------------------------------------------------------------------ importing


@pytest.fixture
def conn(tmp_path):
    connection = example_store(tmp_path / "store.db")
    yield connection
    connection.close()


def test_blank_is_not_yet_available_and_zero_is_a_figure(conn):
    data = fill_xlsx(template_xlsx(conn), {("CL-EET", Q1): 0, ("CL-EET", "RAG green"): 60, ("CL-EET", "RAG red"): 50})
    result = import_template(conn, data, "q1.xlsx")
    assert result.values.summary() == "1 value for 1 indicator, Q1 2018-19"
    _, _, values = stored_figures(conn, "D0001")
    eet, accom = values.entry("CL-EET"), values.entry("CL-ACCOM")
    assert eet.values[Quarter(2018, 1)] == 0.0
    assert accom.values[Quarter(2018, 1)] is None
    lines = {line.entry.id: line for line in scorecard(values, Quarter(2018, 1))}
    assert lines["CL-EET"].rag == "red" and lines["CL-ACCOM"].rag == "no data"


def test_csv_template_imports_like_the_workbook(conn):
    data = fill_csv(template_csv(conn), {("CL-EET", Q1): "53", ("CP-REPEAT", Q1): "24.5", ("LAC-RATE", Q2): "1,234"})
    result = import_template(conn, data, "q1.csv")
    assert result.values.summary() == "3 values for 3 indicators, Q1-Q2 2018-19"
    assert result.values.entry("LAC-RATE").values[Quarter(2018, 2)] == 1234.0


def test_reimporting_a_corrected_file_adds_a_version_and_keeps_the_old(conn):
    template = template_xlsx(conn)
    original = fill_xlsx(template, {("CL-EET", Q1): 35})
    first = import_template(conn, original, "q1.xlsx")
    again = import_template(conn, original, "q1.xlsx")
    assert not again.new and again.version.version == 1  # the very same bytes are not stored twice
    second = import_template(conn, fill_xlsx(template, {("CL-EET", Q1): 53}), "q1-corrected.xlsx")
    assert (first.version.version, second.version.version) == (1, 2)
    versions = list_versions(conn, "D0001")
    assert [v.file_name for v in versions] == ["q1.xlsx", "q1-corrected.xlsx"]
    assert versions[0].file_sha256 != versions[1].file_sha256 and versions[0].imported_at
    assert stored_figures(conn, "D0001")[2].entry("CL-EET").values[Quarter(2018, 1)] == 53
    assert stored_figures(conn, "D0001", 1)[2].entry("CL-EET").values[Quarter(2018, 1)] == 35


def test_stored_figures_cannot_be_changed_or_deleted_in_sql(conn):
    import_template(conn, fill_xlsx(template_xlsx(conn), {("CL-EET", Q1): 35}), "q1.xlsx")
    for statement in (
        "UPDATE quarterly_values SET value = 99",
        "DELETE FROM quarterly_values",
        "UPDATE quarterly_versions SET file_name = 'x'",
        "DELETE FROM quarterly_indicators",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(statement)


BAD_CELLS = [
    pytest.param({("CL-EET", Q2): "n/a"}, "CL-EET", "O", Q2, "is text", id="text-in-a-value"),
    pytest.param({("CL-EET", Q2): "45%"}, "CL-EET", "O", Q2, "enter 45", id="percent-text"),
    pytest.param(
        {("CL-EET", "RAG green"): 50, ("CL-EET", "RAG red"): 60}, "CL-EET", "S", "RAG green", "above the red level",
        id="green-below-red-higher",
    ),
    pytest.param(
        {("CP-REPEAT", "RAG green"): 23, ("CP-REPEAT", "RAG red"): 18}, "CP-REPEAT", "S", "RAG green",
        "below the red level", id="green-above-red-lower",
    ),
    pytest.param({("CL-EET", "Target 2018-19"): "about 60"}, "CL-EET", "R", "Target 2018-19", "is text", id="text-target"),
    pytest.param({("CL-EET", "ID"): "CL-NOPE"}, "CL-EET", "B", "ID", "is not one of decision D0001", id="unknown-id"),
    pytest.param({("CL-ACCOM", "ID"): "CL-EET"}, "CL-ACCOM", "B", "ID", "also on row 2", id="repeated-id"),
]


@pytest.mark.parametrize(("cells", "cid", "letter", "heading", "message"), BAD_CELLS)
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_bad_cells_are_refused_with_file_row_and_column_and_nothing_is_stored(conn, cells, cid, letter, heading, message, kind):
    row = row_of(template_csv(conn), cid)
    if kind == "xlsx":
        data = fill_xlsx(template_xlsx(conn), {("CL-EET", Q1): 50, **cells})
    else:
        data = fill_csv(template_csv(conn), {("CL-EET", Q1): "50", **{k: str(v) for k, v in cells.items()}})
    with pytest.raises(QuarterlyInputError) as caught:
        import_template(conn, data, f"filled.{kind}")
    text = str(caught.value)
    assert f"filled.{kind}, row {row}, column {letter} '{heading}': " in text, text
    assert message in text and "nothing was stored" in text
    assert list_versions(conn, "D0001") == []


def test_a_cell_excel_shows_as_a_percentage_is_refused_like_45_percent_text(conn):
    data = fill_xlsx(template_xlsx(conn), {("CL-EET", Q3): 0.45}, number_format={("CL-EET", Q3): "0%"})
    with pytest.raises(QuarterlyInputError, match=r"row 2, column P .*formatted as a percentage.*enter 45"):
        import_template(conn, data, "filled.xlsx")
    assert list_versions(conn, "D0001") == []


def test_every_problem_is_reported_in_one_pass(conn):
    data = fill_xlsx(template_xlsx(conn), {("CL-EET", Q1): "x", ("CP-REPEAT", Q2): "12%", ("ADOPT-A1", "ID"): "NOPE"})
    with pytest.raises(QuarterlyInputError) as caught:
        import_template(conn, data, "filled.xlsx")
    assert len(caught.value.problems) == 3


def test_a_template_for_another_decision_or_a_tampered_one_is_refused(conn, tmp_path):
    other = example_store(tmp_path / "other.db", meeting="Another meeting")  # same id D0001, another seal
    foreign = fill_xlsx(template_xlsx(other), {("CL-EET", Q1): 50})
    other.close()
    with pytest.raises(InputError, match="Decision SHA-256.*another decision"):
        import_template(conn, foreign, "foreign.xlsx")
    tampered = fill_xlsx(template_xlsx(conn), {("CL-EET", Q1): 50, ("CL-EET", "Decision SHA-256"): "0" * 64})
    with pytest.raises(InputError, match="row 3.*differs from"):
        import_template(conn, tampered, "tampered.xlsx")
    unknown = fill_csv(template_csv(conn), {(cid, "Decision"): "D0042" for cid in ["CL-EET", "CL-ACCOM"]})
    with pytest.raises(InputError):
        import_template(conn, unknown, "unknown.csv")
    assert list_versions(conn, "D0001") == []


def test_the_illustrative_files_fill_a_fresh_template_and_import_whole(conn):
    from pmf_select.quarterly import fill_template

    for source in (ILLUSTRATIVE_XLSX, ILLUSTRATIVE_CSV):
        data, notes = fill_template(template_xlsx(conn), "t.xlsx", source.read_bytes(), source.name)
        result = import_template(conn, data, f"filled-from-{source.suffix[1:]}.xlsx")
        assert notes == []
        assert result.values.illustrative
        assert result.values.summary() == "71 values for 12 indicators, Q1-Q4 2017-18, Q1-Q4 2018-19"
    # the shipped files name their own (example) decision, so they are refused as they stand
    with pytest.raises(InputError, match="another decision"):
        import_template(conn, ILLUSTRATIVE_XLSX.read_bytes(), ILLUSTRATIVE_XLSX.name)


def test_exceptions_are_red_or_worsening_two_quarters_running(conn):
    from pmf_select.quarterly import exceptions, fill_template

    data, _ = fill_template(template_xlsx(conn), "t.xlsx", ILLUSTRATIVE_XLSX.read_bytes(), "ill.xlsx")
    import_template(conn, data, "filled.xlsx")
    _, _, values = stored_figures(conn, "D0001")
    q3 = {line.entry.id: line for line in scorecard(values, Quarter(2018, 3))}
    # CP-REPEAT Q3 is 23 with red level 23 (lower is better): at the level is red
    assert q3["CP-REPEAT"].rag == "red" and q3["CP-REPEAT"].direction == "improving"
    # WF-AGENCY 27, 28, 30: worse two quarters running, and at its red level
    assert q3["WF-AGENCY"].exception == "red; worsening two quarters running"
    assert q3["LAC-RATE"].rag == "not rated" and q3["LAC-RATE"].direction == "up"
    q4 = scorecard(values, Quarter(2018, 4))
    assert [line.entry.id for line in exceptions(q4)] == ["LAC-STAB3", "WF-AGENCY"]
    sdq = next(line for line in q4 if line.entry.id == "HEALTH-SDQ")
    assert sdq.rag == "no data" and sdq.direction == "not known"
    eet = next(line for line in q4 if line.entry.id == "CL-EET")
    assert (eet.last_year, eet.direction_year) == (51, "improving")
