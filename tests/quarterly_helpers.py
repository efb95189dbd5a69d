"""Shared set-up for the quarterly tests: the README's example decision, its template, filled cells."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import load_workbook

from pmf_select.longlist import load_longlist
from pmf_select.record import export_decision, lock_decision, open_store

ROOT = Path(__file__).resolve().parents[1]
ILLUSTRATIVE_XLSX = ROOT / "candidates" / "illustrative" / "quarterly-2018-19-illustrative.xlsx"
ILLUSTRATIVE_CSV = ROOT / "candidates" / "illustrative" / "quarterly-2018-19-illustrative.csv"
AGREED = "CL-EET,CL-ACCOM,CP-REPEAT,LAC-STAB3,HEALTH-SDQ,LAC-RATE,MISS-LAC,ADOPT-A1,WF-AGENCY,ED-NEET,SEND-EHCP20,CP-RATE"
Q1, Q2, Q3, Q4 = (
    "Q1 2018-19 (Apr-Jun 2018)",
    "Q2 2018-19 (Jul-Sep 2018)",
    "Q3 2018-19 (Oct-Dec 2018)",
    "Q4 2018-19 (Jan-Mar 2019)",
)

_LONGLIST = None


def example_store(path: Path, meeting: str = "ECF Budget and Performance Sub-Committee"):
    """A store holding the README's example decision (D0001), locked at a fixed time."""
    global _LONGLIST
    if _LONGLIST is None:
        _LONGLIST = load_longlist(ROOT / "candidates" / "longlist.csv")
    conn = open_store(path)
    lock_decision(
        conn,
        _LONGLIST,
        AGREED.split(","),
        meeting=meeting,
        meeting_date="2018-03-20",
        robustness={"samples": 500},
        now=datetime(2018, 3, 20, 21, 0, tzinfo=UTC),
    )
    return conn


def template_xlsx(conn) -> bytes:
    return export_decision(conn, "D0001", "template")


def template_csv(conn) -> bytes:
    return export_decision(conn, "D0001", "template", template_as="csv")


def fill_xlsx(template: bytes, cells: dict[tuple[str, str], object], number_format: dict | None = None) -> bytes:
    """The XLSX template with ``cells[(indicator id, column heading)] = value`` set, as Excel would save it."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["Template 2018-19"]
    header = [c.value for c in sheet[1]]
    rows = {sheet.cell(row=r, column=header.index("ID") + 1).value: r for r in range(2, sheet.max_row + 1)}
    for (cid, heading), value in cells.items():
        if heading not in header:
            header.append(heading)
            sheet.cell(row=1, column=len(header), value=heading)
        cell = sheet.cell(row=rows[cid], column=header.index(heading) + 1, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text typed in Excel stays text, even when it starts with '='
        if number_format and (cid, heading) in number_format:
            cell.number_format = number_format[(cid, heading)]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def fill_csv(template: bytes, cells: dict[tuple[str, str], str]) -> bytes:
    """The CSV template with cells set (as text, the way Excel saves a CSV)."""
    rows = list(csv.reader(io.StringIO(template.decode("utf-8-sig"), newline="")))
    header = rows[0]
    index = {row[header.index("ID")]: i for i, row in enumerate(rows) if i}
    for (cid, heading), value in cells.items():
        rows[index[cid]][header.index(heading)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def row_of(template: bytes, cid: str) -> int:
    """The spreadsheet row (header = 1) of an indicator in the template."""
    rows = list(csv.reader(io.StringIO(template.decode("utf-8-sig"), newline="")))
    return next(i + 1 for i, row in enumerate(rows) if i and row[rows[0].index("ID")] == cid)
