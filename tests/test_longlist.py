"""Loading a long list: what Excel really writes loads; bad input is named precisely."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from pmf_select.errors import LongListError
from pmf_select.longlist import describe, frame_from_edits, load_criteria, load_longlist, parse_longlist
from pmf_select.record import longlist_to_csv_bytes, save_longlist

LOCAL = Path(__file__).resolve().parent / "fixtures"
MINIMAL = LOCAL / "sample_minimal.csv"
HEADER = MINIMAL.read_text(encoding="utf-8").splitlines()[0]
ROWS = MINIMAL.read_text(encoding="utf-8").splitlines()[1:]


def problems_of(data: bytes, name: str = "list.csv") -> list[str]:
    with pytest.raises(LongListError) as caught:
        parse_longlist(data, name)
    return [str(p) for p in caught.value.problems]


def csv_bytes(header: str = HEADER, rows: list[str] = ROWS, newline: str = "\n") -> bytes:
    return newline.join([header, *rows]).encode("utf-8") + newline.encode()


# ------------------------------------------------------------------ what loads


def test_minimal_fixture_loads_three_candidates_in_three_areas():
    longlist = load_longlist(MINIMAL)
    assert describe(longlist) == "3 candidates across 3 service areas"
    assert longlist.ids == ["CP-REPEAT", "LAC-STAB3", "WF-CASE"]
    assert longlist.frame["relevance_scrutiny"].tolist() == [4.0, 5.0, 4.0]


def test_excel_windows_1252_crlf_loads_with_pound_and_dash_intact():
    data = (LOCAL / "sample_excel_cp1252.csv").read_bytes()
    assert b"\r\n" in data and b"\xa3" in data
    longlist = parse_longlist(data, "excel.csv")
    assert longlist.row("WF-CASE")["rationale"] == "Each extra case costs £ in agency cover – and time with children"


def test_utf8_with_bom_and_crlf_loads():
    data = b"\xef\xbb\xbf" + csv_bytes(newline="\r\n")
    longlist = parse_longlist(data, "bom.csv")
    assert longlist.ids[0] == "CP-REPEAT"
    assert "id" in longlist.frame.columns  # the BOM is not glued to the first header


def test_padded_headers_any_column_order_and_trailing_blank_rows():
    frame = pd.read_csv(MINIMAL, dtype=str, keep_default_na=False)
    frame = frame[list(reversed(frame.columns))]
    frame.columns = [f"  {c} " for c in frame.columns]
    data = frame.to_csv(index=False).encode() + b",,,,,,,,,,,,,,,,\n\n,,,,\n"
    longlist = parse_longlist(data, "shuffled.csv")
    assert len(longlist) == 3
    assert longlist.row("LAC-STAB3")["rationale_strength"] == 5.0


def test_header_names_match_case_insensitively():
    data = csv_bytes(header=HEADER.replace("id,name", "ID,Name"))
    assert parse_longlist(data, "caps.csv").ids[0] == "CP-REPEAT"


def test_semicolon_separated_csv_from_european_excel_loads():
    frame = pd.read_csv(MINIMAL, dtype=str, keep_default_na=False)
    data = frame.to_csv(index=False, sep=";").encode()
    assert len(parse_longlist(data, "semi.csv")) == 3


def test_decimal_scores_within_scale_are_kept():
    rows = [ROWS[0].replace(",5,4,4,5,4,5,5,5,5,2,", ",4.5,4,4,5,4,5,5,5,5,2.5,")]
    longlist = parse_longlist(csv_bytes(rows=rows), "decimals.csv")
    assert longlist.frame.at[0, "rationale_strength"] == 4.5
    assert longlist.frame.at[0, "perverse_incentive_risk"] == 2.5


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "Long list", first: str | None = None) -> bytes:
    workbook = Workbook()
    if first:
        workbook.active.title = first
        workbook.active["A1"] = "notes, not the list"
        worksheet = workbook.create_sheet(sheet)
    else:
        worksheet = workbook.active
        worksheet.title = sheet
    worksheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        worksheet.append([float(v) if v.replace(".", "", 1).isdigit() else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_first_sheet_loads_with_numbers_as_scores_and_text_ids():
    frame = pd.read_csv(MINIMAL, dtype=str, keep_default_na=False)
    frame.loc[0, "id"] = "101"
    longlist = parse_longlist(xlsx_bytes(frame), "list.xlsx")
    assert longlist.ids[0] == "101"  # not "101.0"
    assert longlist.frame["rationale_strength"].tolist() == [5.0, 5.0, 4.0]


def test_xlsx_named_sheet_loads_and_missing_sheet_is_named():
    frame = pd.read_csv(MINIMAL, dtype=str, keep_default_na=False)
    data = xlsx_bytes(frame, sheet="KPIs", first="Notes")
    assert len(parse_longlist(data, "book.xlsx", sheet="KPIs")) == 3
    with pytest.raises(LongListError) as caught:
        parse_longlist(data, "book.xlsx", sheet="Nope")
    assert "no sheet named 'Nope'" in str(caught.value) and "KPIs" in str(caught.value)


# ------------------------------------------------------------------ what is refused


def test_bad_mixed_fixture_reports_all_three_problems_with_row_and_column():
    problems = problems_of((LOCAL / "sample_bad_mixed.csv").read_bytes(), "sample_bad_mixed.csv")
    assert len(problems) == 3
    assert problems[0].startswith("sample_bad_mixed.csv, row 2, column 'relevance_scrutiny'")
    assert "expected a number from 0 to 5" in problems[0] and "'6'" in problems[0]
    assert problems[1].startswith("sample_bad_mixed.csv, row 3, column 'id'") and "blank" in problems[1]
    assert problems[2].startswith("sample_bad_mixed.csv, row 4, column 'data_availability'")
    assert "not a number" in problems[2] and "'n/a'" in problems[2]


def test_missing_columns_are_each_named():
    header = HEADER.replace("definition,", "").replace(",comparability", "")
    rows = [",".join(pd.read_csv(MINIMAL, dtype=str).drop(columns=["definition", "comparability"]).iloc[0].tolist())]
    problems = problems_of(csv_bytes(header=header, rows=['"' + rows[0].replace(",", '","') + '"']))
    assert any("column 'definition': missing column" in p for p in problems)
    assert any("column 'comparability': missing column" in p for p in problems)


def test_duplicate_ids_name_both_rows():
    rows = [ROWS[0], ROWS[1], ROWS[0]]
    problems = problems_of(csv_bytes(rows=rows))
    assert problems == [
        "list.csv, row 4, column 'id': duplicate id 'CP-REPEAT' (first used on row 2): ids must be unique"
    ]


def test_blank_score_and_negative_score_are_reported():
    blank = ROWS[0].replace(",5,4,4,5,4,5,5,5,5,2,", ",,4,4,5,4,5,5,5,5,2,")
    negative = ROWS[1].replace(",5,5,5,5,4,3,5,4,5,1,", ",5,5,5,5,4,3,5,4,5,-1,")
    problems = problems_of(csv_bytes(rows=[blank, negative]))
    assert "list.csv, row 2, column 'rationale_strength': blank score: expected a number from 0 to 5" in problems
    assert any(p.startswith("list.csv, row 3, column 'perverse_incentive_risk': outside the scale") for p in problems)


def test_ragged_row_is_reported_with_its_row():
    rows = [ROWS[0], ROWS[1] + ",extra", ROWS[2]]
    problems = problems_of(csv_bytes(rows=rows))
    assert len(problems) == 1
    assert problems[0].startswith("list.csv, row 3: has 18 cells but the header has 17 columns")


def test_row_numbers_count_records_not_lines_when_a_cell_holds_a_line_break():
    first = ROWS[0].replace('"Children who started', '"Children who\nstarted')
    bad = ROWS[1].replace(",5,5,5,5,4,3,5,4,5,1,", ",5,9,5,5,4,3,5,4,5,1,")
    problems = problems_of(csv_bytes(rows=[first, bad]))
    assert problems[0].startswith("list.csv, row 3, column 'relevance_scrutiny'")


def test_empty_file_header_only_and_whitespace_only():
    assert problems_of(b"") == ["list.csv: the file is empty: expected a header row and candidate rows"]
    assert problems_of(b"  \r\n\r\n") == ["list.csv: the file is empty: expected a header row and candidate rows"]
    assert problems_of(csv_bytes(rows=[])) == ["list.csv: has a header but no candidate rows"]


def test_binary_and_unreadable_files_are_refused_clearly():
    assert "binary content" in problems_of(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "picture.csv")[0]
    assert "unreadable XLSX" in problems_of(b"PK\x03\x04garbage", "book.xlsx")[0]
    assert "not an XLSX workbook" in problems_of(b"id,name\n", "book.xlsx")[0]
    # 0x81 is undefined in Windows-1252 and invalid as UTF-8
    assert "unreadable text" in problems_of(HEADER.encode() + b"\n\x81\x81\n")[0]


def test_unknown_polarity_is_reported():
    rows = [ROWS[0].replace(",lower", ",down")]
    problems = problems_of(csv_bytes(rows=rows))
    assert problems == ["list.csv, row 2, column 'polarity': expected one of higher, lower, contextual ('down')"]


def test_missing_file_is_a_problem_not_a_traceback(tmp_path):
    with pytest.raises(LongListError) as caught:
        load_longlist(tmp_path / "nope.csv")
    assert "file not found" in str(caught.value)


# ------------------------------------------------------------------ round trips


def test_load_save_load_loses_nothing_including_unknown_columns(tmp_path):
    data = (
        HEADER
        + ",local_note,Owner email\n"
        + ROWS[0]
        + ",Keep me: £5 – ok,a@b.org\n"
        + ROWS[1]
        + ",,\n"
        + ROWS[2]
        + ',"=1+1, a formula-looking note",x\n'
    ).encode()
    first = parse_longlist(data, "extra.csv")
    assert first.extra_columns == ["source", "polarity", "local_note", "Owner email"]
    for suffix in ("csv", "xlsx"):
        saved = save_longlist(first, tmp_path / f"again.{suffix}")
        second = load_longlist(saved)
        pd.testing.assert_frame_equal(first.frame, second.frame)
        assert second.content_hash == first.content_hash


def test_csv_export_of_long_list_has_bom_and_integer_scores():
    data = longlist_to_csv_bytes(load_longlist(MINIMAL))
    assert data.startswith(b"\xef\xbb\xbf")
    assert b",5,4,4,5,4,5,5,5,5,2," in data


def test_content_hash_ignores_column_order_but_not_content():
    a = load_longlist(MINIMAL)
    frame = pd.read_csv(MINIMAL, dtype=str, keep_default_na=False)
    b = parse_longlist(frame[list(reversed(frame.columns))].to_csv(index=False).encode(), "b.csv")
    assert a.content_hash == b.content_hash
    frame.loc[0, "rationale"] = "changed"
    c = parse_longlist(frame.to_csv(index=False).encode(), "c.csv")
    assert c.content_hash != a.content_hash


def test_edits_are_validated_like_a_file():
    longlist = load_longlist(MINIMAL)
    edited = longlist.frame.copy()
    edited.loc[1, "comparability"] = 7
    with pytest.raises(LongListError) as caught:
        frame_from_edits(longlist, edited)
    assert str(caught.value.problems[0]).endswith(
        "row 3, column 'comparability': outside the scale: expected a number from 0 to 5 ('7')"
    )
    edited.loc[1, "comparability"] = 3.5
    assert frame_from_edits(longlist, edited).frame.at[1, "comparability"] == 3.5


def test_other_criteria_file_changes_what_is_required(tmp_path):
    criteria_file = tmp_path / "c.toml"
    criteria_file.write_text(
        '[[criterion]]\nkey = "cost"\nlabel = "Cost"\nscale = [1, 10]\nobjective = "min"\ndefault_weight = 1\n'
    )
    criteria = load_criteria(criteria_file)
    data = b"id,name,service_area,definition,rationale,cost\nA,a,x,d,r,10\nB,b,y,d,r,11\n"
    with pytest.raises(LongListError) as caught:
        parse_longlist(data, "c.csv", criteria)
    assert str(caught.value) == "c.csv, row 3, column 'cost': outside the scale: expected a number from 1 to 10 ('11')"


# ------------------------------------------------------------------ the optional reporting columns

REPORTING_HEADER = HEADER + ",short_name,reporting,lag_months,pair_with,small_numbers"
REPORTING_ROWS = [
    ROWS[0] + ",Repeat CP plans,quarterly,1,,no",
    ROWS[1] + ",Children with 3+ placements,quarterly,1,CP-REPEAT,yes",
    ROWS[2] + ",Average caseload,annual,4,,no",
]


def test_reporting_columns_load_as_text_and_the_helpers_read_them():
    longlist = parse_longlist(csv_bytes(REPORTING_HEADER, REPORTING_ROWS), "reporting.csv")
    assert longlist.frame["lag_months"].tolist() == ["1", "1", "4"]
    assert longlist.short_name_of("LAC-STAB3") == "Children with 3+ placements"
    assert longlist.reporting_of("WF-CASE") == "annual"
    assert longlist.lag_months_of("WF-CASE") == 4
    assert longlist.pair_of("LAC-STAB3") == "CP-REPEAT" and longlist.pair_of("CP-REPEAT") is None
    assert longlist.has_small_numbers("LAC-STAB3") and not longlist.has_small_numbers("CP-REPEAT")
    assert "reporting" in longlist.extra_columns


def test_a_list_without_reporting_columns_loads_with_the_documented_defaults():
    longlist = load_longlist(MINIMAL)
    assert longlist.short_name_of("CP-REPEAT") == longlist.row("CP-REPEAT")["name"]
    assert longlist.reporting_of("CP-REPEAT") == "annual"  # no local_frequency: annual
    assert longlist.lag_months_of("CP-REPEAT") is None
    assert longlist.pair_of("CP-REPEAT") is None
    assert longlist.has_small_numbers("CP-REPEAT") is False


def test_blank_reporting_is_inferred_from_local_frequency():
    from pmf_select.longlist import infer_reporting

    assert [infer_reporting(f) for f in ("monthly", "Quarterly", "rolling", "termly", "annual", "")] == [
        "quarterly", "quarterly", "quarterly", "quarterly", "annual", "annual",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (",Repeat CP plans,monthly,1,,no", "row 2, column 'reporting': expected one of quarterly, annual ('monthly')"),
        (
            ",Repeat CP plans,quarterly,25,,no",
            "row 2, column 'lag_months': expected a whole number of months from 0 to 24",
        ),
        (
            ",Repeat CP plans,quarterly,1.5,,no",
            "row 2, column 'lag_months': expected a whole number of months from 0 to 24",
        ),
        (
            ",Repeat CP plans,quarterly,soon,,no",
            "row 2, column 'lag_months': expected a whole number of months from 0 to 24",
        ),
        (",Repeat CP plans,quarterly,1,,maybe", "row 2, column 'small_numbers': expected one of yes, no ('maybe')"),
        (",Repeat CP plans,quarterly,1,NO-SUCH,no", "row 2, column 'pair_with': unknown id 'NO-SUCH'"),
        (",Repeat CP plans,quarterly,1,CP-REPEAT,no", "row 2, column 'pair_with': 'CP-REPEAT' is this row's own id"),
        (
            "," + "x" * 41 + ",quarterly,1,,no",
            "row 2, column 'short_name': too long: expected a short name of at most 40",
        ),
        (",Average caseload,quarterly,1,,no", "row 4, column 'short_name': duplicate short name 'Average caseload'"),
    ],
)
def test_bad_reporting_cells_are_named_by_file_row_and_column(cells, expected):
    rows = [ROWS[0] + cells, *REPORTING_ROWS[1:]]
    problems = problems_of(csv_bytes(REPORTING_HEADER, rows))
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"list.csv, {expected}"), problems
