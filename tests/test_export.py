"""Exports of a decision: recomputed from the store, byte-identical, formula-safe, verifiable."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pmf_select.errors import InputError
from pmf_select.longlist import load_longlist
from pmf_select.ranking import acceptability, score
from pmf_select.record import (
    DECISION_COLUMNS,
    QUARTERS_2018_19,
    ROBUSTNESS_COLUMNS,
    SHEETS,
    TEMPLATE_COLUMNS,
    cell_text,
    export_decision,
    frame_to_csv_bytes,
    load_export,
    lock_decision,
    open_store,
    recompute,
    verify_export,
    write_workbook,
    xml_safe,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LONGLIST = FIXTURES / "decisions_longlist.csv"
AGREED = ["REF-REREF", "LAC-HEALTH", "CP-REPEAT", "LAC-COST", "CP-REVIEW"]
WEIGHTS = {"rationale_strength": 35, "relevance": 30, "data_availability": 15, "comparability": 10}
ROBUSTNESS = {"sampling": "around", "samples": 3000, "seed": 11, "spread": 0.1}


@pytest.fixture(scope="module")
def longlist():
    return load_longlist(LONGLIST)


@pytest.fixture
def conn(tmp_path, longlist):
    connection = open_store(tmp_path / "store.db")
    lock_decision(
        connection,
        longlist,
        AGREED,
        meeting="ECF Budget & Performance Sub-Committee",
        meeting_date="2018-03-14",
        weights=WEIGHTS,
        note="=cmd|' /C calc'!A0 (a note that looks like a formula)",
        robustness=ROBUSTNESS,
        now=datetime(2018, 3, 14, 20, 5, tzinfo=UTC),
    )
    yield connection
    connection.close()


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# ---------------------------------------------------------------- CSV


def test_csv_is_utf8_with_bom_crlf_and_carries_the_decision_on_every_row(conn):
    data = export_decision(conn, "D0001", "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert "£" in data.decode("utf-8-sig") and "–" in data.decode("utf-8-sig")
    rows = _rows(data)
    header = list(rows[0])
    assert header[:3] == list(DECISION_COLUMNS)
    assert header[3:8] == ["id", "name", "service_area", "score", "rank"]
    assert set(ROBUSTNESS_COLUMNS) <= set(header)
    assert {"definition", "owner", "polarity", "england_figure", "lead_member"} <= set(header)  # extras kept
    sha = load_export(conn, "D0001").decision.sha256
    assert [r["id"] for r in rows] == AGREED
    assert [r["agreed_position"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert {r["decision_id"] for r in rows} == {"D0001"} and {r["decision_sha256"] for r in rows} == {sha}


def test_csv_scores_ranks_and_robustness_are_recomputed_exactly(conn, longlist):
    rows = {r["id"]: r for r in _rows(export_decision(conn, "D0001", "csv"))}
    ranking = score(longlist, "scrutiny", WEIGHTS, "wsm").table.set_index("id")
    result = acceptability(longlist, "scrutiny", WEIGHTS, top_k=len(AGREED), **ROBUSTNESS).table.set_index("id")
    for cid in AGREED:
        assert float(rows[cid]["score"]) == pytest.approx(ranking.at[cid, "score"], abs=1e-12)
        assert int(rows[cid]["rank"]) == ranking.at[cid, "rank"]
        assert float(rows[cid]["contrib_relevance"]) == pytest.approx(ranking.at[cid, "contrib_relevance"], abs=1e-12)
        assert float(rows[cid]["p_top_k"]) == pytest.approx(result.at[cid, "p_top_k"], abs=1e-12)
        assert int(rows[cid]["median_rank"]) == result.at[cid, "median_rank"]
        assert rows[cid]["robustness"] == result.at[cid, "class"]


def test_text_that_excel_would_run_is_neutralised_in_csv_and_numbers_stay_numbers(conn):
    data = export_decision(conn, "D0001", "csv")
    rows = {r["id"]: r for r in _rows(data)}
    assert rows["LAC-HEALTH"]["name"] == '\'=HYPERLINK("http://example.invalid/x","click me")'
    assert rows["LAC-HEALTH"]["definition"] == "'+cmd|' /C calc'!A0"
    assert rows["LAC-HEALTH"]["lead_member"] == "'\uff1d1+1"
    assert rows["CP-REVIEW"]["owner"] == "'@SUM(1+1)"
    assert rows["LAC-COST"]["rationale"] == "'-2+3 reasons: money follows the child"
    # every cell that starts with a trigger has been prefixed; numbers are plain
    for row in rows.values():
        for column, value in row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (column, value)
        assert float(row["score"]) > 0 and row["rank"].isdigit() and row["rationale_strength"].isdigit()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-x", "'-x"),
        ("@A1", "'@A1"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain £ – text", "plain £ – text"),
        (-2, "-2"),
        (-2.5, "-2.5"),
        (0.1 + 0.2, "0.3"),
        (3.0, "3"),
        (None, ""),
        (float("nan"), ""),
        (True, "true"),
    ],
)
def test_each_csv_cell_is_neutralised_or_kept_as_a_number(value, text):
    assert cell_text(value) == text


def test_a_csv_round_trip_keeps_neutralised_text_whole():
    import pandas as pd

    frame = pd.DataFrame({"=header": ["=SUM(A1)", "\tTAB", "ok"], "n": [-1.5, 2.0, 3.25]})
    rows = list(csv.reader(io.StringIO(frame_to_csv_bytes(frame).decode("utf-8-sig"), newline="")))
    assert rows[0] == ["'=header", "n"]
    assert rows[1:] == [["'=SUM(A1)", "-1.5"], ["'\tTAB", "2"], ["ok", "3.25"]]


# ---------------------------------------------------------------- XLSX


def test_xlsx_has_no_formula_cells_and_keeps_text_whole_and_numbers_numeric(conn):
    workbook = load_workbook(io.BytesIO(export_decision(conn, "D0001", "xlsx")))
    assert workbook.sheetnames == list(SHEETS)
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert cells and not [c.coordinate for c in cells if c.data_type == "f"]
    agreed = workbook["Agreed set"]
    header = [c.value for c in agreed[1]]
    rows = [dict(zip(header, (c for c in row))) for row in agreed.iter_rows(min_row=2)]
    health = next(r for r in rows if r["id"].value == "LAC-HEALTH")
    assert health["name"].value == '=HYPERLINK("http://example.invalid/x","click me")'  # whole, no quote
    assert health["name"].data_type == "s" and health["name"].quotePrefix  # and Excel keeps it text
    assert health["definition"].value == "+cmd|' /C calc'!A0"
    assert health["score"].data_type == "n" and isinstance(health["score"].value, float)
    assert health["rank"].data_type == "n" and isinstance(health["rank"].value, int)
    assert health["p_top_k"].data_type == "n"
    record = {r[0].value: r[1].value for r in workbook["Decision record"].iter_rows(min_row=2)}
    assert record["note"].startswith("=cmd")
    assert workbook["Decision record"]["B1"].data_type != "f"


def test_xlsx_holds_the_agreed_set_the_scored_long_list_the_record_and_the_criteria(conn, longlist):
    workbook = load_workbook(io.BytesIO(export_decision(conn, "D0001", "xlsx")), read_only=True)
    agreed = list(workbook["Agreed set"].iter_rows(values_only=True))
    assert [r[3] for r in agreed[1:]] == AGREED
    scored = list(workbook["Scored long list"].iter_rows(values_only=True))
    header = scored[0]
    assert header[:3] == ("agreed", "agreed_position", "id")
    assert len(scored) == 1 + len(longlist)
    ranks = [r[header.index("rank")] for r in scored[1:]]
    assert ranks == sorted(ranks)
    assert sorted(r[2] for r in scored[1:] if r[0] == "yes") == sorted(AGREED)
    record = {r[0]: r[1] for r in workbook["Decision record"].iter_rows(min_row=2, values_only=True)}
    assert record["decision id"] == "D0001"
    assert record["meeting date"] == "2018-03-14" and record["locked at (UTC)"] == "2018-03-14T20:05:00Z"
    assert record["robustness seed"] == 11 and record["robustness samples"] == 3000
    assert record["agreed ids, in order"] == ", ".join(AGREED)
    assert record["long list SHA-256"] == longlist.content_hash
    criteria = list(workbook["Criteria"].iter_rows(values_only=True))
    assert [r[0] for r in criteria[1:]] == longlist.criteria.keys
    assert sum(r[criteria[0].index("weight")] for r in criteria[1:]) == pytest.approx(1)


def test_control_characters_xml_cannot_hold_are_kept_visibly():
    import pandas as pd

    assert xml_safe("a\x00b\x01c\td\ne") == "a\u2400b\u2401c\td\ne"
    data = write_workbook({"S": pd.DataFrame({"t": ["\x00=1+1", "bell\x07"], "n": [1, 2]})})
    sheet = load_workbook(io.BytesIO(data))["S"]
    assert sheet["A2"].value == "\u2400=1+1" and sheet["A3"].value == "bell\u2407"


# ---------------------------------------------------------------- template


def test_the_quarterly_template_has_a_row_per_agreed_indicator_and_the_2018_19_quarters(conn):
    workbook = load_workbook(io.BytesIO(export_decision(conn, "D0001", "template")))
    assert workbook.sheetnames == ["Template 2018-19", "About"]
    sheet = workbook["Template 2018-19"]
    header = [c.value for c in sheet[1]]
    assert header == list(TEMPLATE_COLUMNS)
    assert list(QUARTERS_2018_19) == [
        "Q1 2018-19 (Apr-Jun 2018)",
        "Q2 2018-19 (Jul-Sep 2018)",
        "Q3 2018-19 (Oct-Dec 2018)",
        "Q4 2018-19 (Jan-Mar 2019)",
    ]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    assert [r["ID"] for r in rows] == AGREED and [r["Position"] for r in rows] == [1, 2, 3, 4, 5]
    by_id = {r["ID"]: r for r in rows}
    assert by_id["CP-REPEAT"]["Polarity"] == "lower" and by_id["CP-REPEAT"]["Source"] == "CIN census"
    assert by_id["CP-REPEAT"]["Owner"] == "Head of Safeguarding"
    assert by_id["CP-REPEAT"]["Direction"].startswith("Lower is better")
    assert by_id["REF-REREF"]["Definition"].startswith("Referrals within 12 months")
    for quarter in (*QUARTERS_2018_19, "Target 2018-19", "Commentary"):
        assert all(r[quarter] is None for r in rows)  # left for officers to fill in
    assert by_id["LAC-COST"]["RAG green"] == "n/a (contextual)"  # no RAG on a contextual measure
    assert by_id["CP-REVIEW"]["RAG green"] is None and by_id["CP-REVIEW"]["Owner"] == "@SUM(1+1)"
    assert {r["Decision"] for r in rows} == {"D0001"}
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    csv_rows = _rows(export_decision(conn, "D0001", "template", template_as="csv"))
    assert list(csv_rows[0]) == list(TEMPLATE_COLUMNS) and [r["ID"] for r in csv_rows] == AGREED
    assert {r["Owner"] for r in csv_rows if r["ID"] == "CP-REVIEW"} == {"'@SUM(1+1)"}


# ---------------------------------------------------------------- determinism


def test_exports_are_byte_identical_every_time_even_after_the_decision_is_superseded(conn, longlist):
    first = {fmt: export_decision(conn, "D0001", fmt) for fmt in ("csv", "xlsx", "template")}
    again = {fmt: export_decision(conn, "D0001", fmt) for fmt in ("csv", "xlsx", "template")}
    assert first == again
    lock_decision(conn, longlist, ["CP-REPEAT"], meeting="later", meeting_date="2018-06-01", supersedes="D0001")
    assert {fmt: export_decision(conn, "D0001", fmt) for fmt in ("csv", "xlsx", "template")} == first
    result = verify_export(conn, first["csv"])  # still matches, and says it was superseded
    assert result.ok and result.notes == ("decision D0001 has since been superseded by D0002",)


def test_unknown_format_decision_or_a_mismatched_long_list_are_refused(conn, longlist):
    with pytest.raises(InputError, match="unknown export format 'pdf'"):
        export_decision(conn, "D0001", "pdf")
    with pytest.raises(InputError, match="no decision 'D0009'.*D0001"):
        export_decision(conn, "D0009", "csv")
    other = load_longlist(FIXTURES / "sample_minimal.csv")
    with pytest.raises(InputError, match="was made on long list"):
        recompute(load_export(conn, "D0001").decision, other)


# ---------------------------------------------------------------- verify


def _edit_csv(data: bytes, edit) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    edit(rows)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def test_an_untouched_export_verifies(conn):
    result = verify_export(conn, export_decision(conn, "D0001", "csv"))
    assert result.ok and result.decision_id == "D0001" and not result.notes
    assert verify_export(conn, export_decision(conn, "D0001", "xlsx")).ok


def test_a_changed_cell_is_reported_by_row_and_column(conn):
    data = export_decision(conn, "D0001", "csv")

    def edit(rows):
        rows[3][rows[0].index("score")] = "0.99"

    result = verify_export(conn, _edit_csv(data, edit))
    assert not result.ok and len(result.differences) == 1
    difference = result.differences[0]
    assert (difference.row, difference.column, difference.found) == (4, "score", "0.99")
    assert str(difference).startswith("row 4 (id CP-REPEAT), column 'score': expected '0.")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda rows: rows.append(list(rows[1])), "row 7 (id REF-REREF) was added"),
        (lambda rows: rows.pop(), "row 6 (id CP-REVIEW) is missing"),
        (lambda rows: [r.pop(i) for i in [rows[0].index("owner")] for r in rows], "column 'owner' is missing"),
        (lambda rows: rows.__setitem__(slice(1, 3), [rows[2], rows[1]]), "row 2 (id REF-REREF), column 'id'"),
        (lambda rows: rows[1].__setitem__(1, "f" * 64), "decision_sha256"),
        (lambda rows: rows[2].__setitem__(rows[0].index("name"), '=HYPERLINK("x")'), "column 'name'"),
    ],
)
def test_tampering_of_any_kind_is_detected(conn, edit, expected):
    result = verify_export(conn, _edit_csv(export_decision(conn, "D0001", "csv"), edit))
    assert not result.ok
    assert any(expected in str(d) for d in result.differences), [str(d) for d in result.differences]


def test_a_file_resaved_without_changing_a_cell_still_verifies_with_a_note(conn):
    data = export_decision(conn, "D0001", "csv")
    resaved = data.decode("utf-8-sig").replace("\r\n", "\n").encode("utf-8")
    result = verify_export(conn, resaved)
    assert result.ok and any("byte-order mark" in n for n in result.notes)


def test_a_changed_workbook_is_detected(conn):
    workbook = load_workbook(io.BytesIO(export_decision(conn, "D0001", "xlsx")))
    workbook["Decision record"]["B4"] = "Another meeting"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = verify_export(conn, buffer.getvalue())
    assert not result.ok
    assert any("sheet 'Decision record'" in str(d) and "row 4" in str(d) for d in result.differences)


def test_files_that_are_not_exports_or_name_another_store_are_refused(conn):
    with pytest.raises(InputError, match="no decision_id column"):
        verify_export(conn, (FIXTURES / "decisions_longlist.csv").read_bytes())
    with pytest.raises(InputError, match="empty"):
        verify_export(conn, b"")
    foreign = _edit_csv(
        export_decision(conn, "D0001", "csv"), lambda rows: [r.__setitem__(0, "D0042") for r in rows[1:]]
    )
    with pytest.raises(InputError, match="no decision 'D0042'"):
        verify_export(conn, foreign)
