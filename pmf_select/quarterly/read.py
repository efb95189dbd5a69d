"""Reading a filled quarterly template, cell by cell, refusing what cannot be trusted.

The file is what ``python -m pmf_select export ID --format template`` writes (XLSX with
a "Template 2018-19" sheet, or CSV; columns :data:`pmf_select.record.TEMPLATE_COLUMNS`),
after an officer has filled in quarters' figures, the target, the green and red levels
and commentary in Excel. Every problem is reported with the file, the spreadsheet row
(header = row 1) and the column, all in one pass; a file with any problem is refused
whole, so nothing half-checked is ever stored.

Rules (documented in docs/quarterly.md):

* a blank figure means "not yet available", never zero;
* a figure is a plain number; text is refused ("leave it blank if not yet available");
* percentages are always entered as plain numbers of percentage points (45, not 45%):
  the text ``45%`` is refused, and so is an XLSX cell formatted as a percentage, which
  Excel shows as 45% but stores as 0.45. Refusing both, rather than guessing, means a
  column never mixes 45 and 0.45;
* the green and red levels follow :func:`pmf_select.quarterly.rag.levels_problem`;
* every row's ID must be one of the decision's indicators, once.

Optional columns an officer may add: more quarter columns (e.g. ``Q1 2017-18`` for
last year's figures, so direction of travel can compare with the same quarter a year
earlier), ``London figure`` and ``Statistical neighbours figure`` (drawn as reference
lines beside the England figure) and ``Illustrative`` (marks made-up figures). Other
added columns are ignored and named in a note.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from dataclasses import dataclass

from pmf_select.errors import InputError, Problem
from pmf_select.quarterly.model import POLARITIES, IndicatorEntry, Quarter, QuarterlyValues, parse_quarter_heading
from pmf_select.quarterly.rag import levels_problem
from pmf_select.record import QUARTERS_2018_19, TEMPLATE_COLUMNS

TEMPLATE_SHEET = "Template 2018-19"
ILLUSTRATIVE_MARK = "illustrative figures, not Bromley's data"
ID, DECISION, DECISION_SHA = "ID", "Decision", "Decision SHA-256"
GREEN, AMBER, RED = "RAG green", "RAG amber", "RAG red"
COMMENTARY, ENGLAND, LONDON, NEIGHBOURS = "Commentary", "England figure", "London figure", "Statistical neighbours figure"
POLARITY, ILLUSTRATIVE = "Polarity", "Illustrative"
# The export's own columns that hold text, not figures (record.TEMPLATE_COLUMNS is the
# one list of what the template has; the figures are the quarters, target and levels).
KNOWN_TEXT_COLUMNS = {
    c
    for c in TEMPLATE_COLUMNS
    if c not in QUARTERS_2018_19 and c not in (ID, ENGLAND, COMMENTARY, GREEN, RED) and not c.startswith("Target")
}
NO_LEVEL_TEXT = {"", "n/a", "n/a (contextual)", "na", "none", "not rated"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_FORMULA_QUOTE = re.compile(r"^'[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]")


class CellProblem(Problem):
    """A problem with one cell; ``column`` is already written as the letter and heading (``O 'Q2 2018-19'``)."""

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class QuarterlyInputError(InputError):
    """A filled template refused, with every problem found (file, row, column, what is expected)."""

    def __init__(self, name: str, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{name}: {count} problem{'' if count == 1 else 's'}; nothing was stored"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


@dataclass(frozen=True)
class Sheet:
    """The cells of a filled template: ``header`` and ``rows`` (values as read), and where they came from.

    ``percent`` holds (row index, column index) of XLSX cells formatted as a percentage;
    ``marks`` is any text that says the figures are illustrative (from any sheet).
    """

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    percent: frozenset[tuple[int, int]] = frozenset()
    marked_illustrative: bool = False

    def column(self, heading: str) -> int | None:
        return self.header.index(heading) if heading in self.header else None

    def cell(self, row: int, column: int | None) -> object:
        if column is None or column >= len(self.rows[row]):
            return None
        return self.rows[row][column]


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _where(sheet: Sheet, column: int) -> str:
    return f"{column_letter(column)} '{sheet.header[column]}'"


# ---------------------------------------------------------------- bytes to cells


def read_sheet(data: bytes, name: str) -> Sheet:
    """The template's cells from XLSX (sheet "Template 2018-19", else the first) or CSV bytes."""
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, name)
    return _read_csv(data, name)


def _read_csv(data: bytes, name: str) -> Sheet:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # re-saved by Excel as "CSV (Comma delimited)"
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InputError(f"{name}: unreadable CSV ({exc}); expected the quarterly template as CSV") from None
    return _sheet(name, rows, frozenset(), _mark_in(rows))


def _read_xlsx(data: bytes, name: str) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"{name}: unreadable XLSX workbook ({exc})") from None
    try:
        names = workbook.sheetnames
        title = TEMPLATE_SHEET if TEMPLATE_SHEET in names else names[0]
        rows: list[list[object]] = []
        percent: set[tuple[int, int]] = set()
        for r, cells in enumerate(workbook[title].iter_rows()):
            values = []
            for c, cell in enumerate(cells):
                value = getattr(cell, "value", None)
                values.append(value)
                if isinstance(value, (int, float)) and "%" in str(getattr(cell, "number_format", "") or ""):
                    percent.add((r - 1, c))
            rows.append(values)
        marked = _mark_in(rows)
        for other in names:
            if other != title and not marked:
                marked = _mark_in([list(v) for v in workbook[other].iter_rows(values_only=True)])
    finally:
        workbook.close()
    return _sheet(name, rows, frozenset(percent), marked)


def _mark_in(rows: list[list[object]]) -> bool:
    return any(isinstance(v, str) and ILLUSTRATIVE_MARK.lower() in v.lower() for row in rows for v in row)


def _sheet(name: str, rows: list[list[object]], percent: frozenset, marked: bool) -> Sheet:
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    if not rows:
        raise InputError(f"{name}: the file is empty; expected a quarterly template exported by pmf-select")
    header = tuple(str(h or "").lstrip("\ufeff").strip() for h in rows[0])
    return Sheet(name, header, tuple(tuple(r) for r in rows[1:]), percent, marked)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value)
    )


# ---------------------------------------------------------------- the decision named in the file


def decision_named(sheet: Sheet) -> tuple[str, str]:
    """The decision id and SHA-256 the file's Decision columns name (one of each), or InputError."""
    problems = []
    found = {}
    for heading in (DECISION, DECISION_SHA):
        column = sheet.column(heading)
        if column is None:
            raise InputError(
                f"{sheet.name}: no '{heading}' column; expected the quarterly template exported by "
                "pmf-select (python -m pmf_select export ID --format template)"
            )
        seen = {}
        for i in range(len(sheet.rows)):
            text = "" if _blank(sheet.cell(i, column)) else str(sheet.cell(i, column)).strip()
            if text and not all(_blank(v) for v in sheet.rows[i]):
                seen.setdefault(text, i + 2)
        if not seen:
            raise InputError(f"{sheet.name}: column {_where(sheet, column)} is empty; cannot tell which decision")
        if len(seen) > 1:
            first, *others = seen.items()
            for text, row in others:
                problems.append(
                    CellProblem(
                        sheet.name,
                        row,
                        f"{column_letter(column)} '{heading}'",
                        f"'{text}' differs from '{first[0]}' (row {first[1]}): one file is one decision",
                    )
                )
        found[heading] = next(iter(seen))
    if problems:
        raise QuarterlyInputError(sheet.name, problems)
    return found[DECISION], found[DECISION_SHA]


# ---------------------------------------------------------------- cells to figures


def number_problem(value: object, percent_cell: bool = False) -> tuple[float | None, str | None]:
    """A cell as a figure: (number or None for blank, None) or (None, what is wrong)."""
    if _blank(value):
        return None, None
    if isinstance(value, bool):
        return None, f"'{value}' is not a number: enter a number, or leave it blank if not yet available"
    if isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            return None, "not a finite number"
        if percent_cell:
            return None, (
                f"the cell is formatted as a percentage (Excel shows {number * 100:g}%, but stores {number:g}): "
                f"format it as a number and enter {number * 100:g}; percentages are entered as plain numbers"
            )
        return number, None
    text = str(value).strip()
    if text.endswith("%"):
        return None, (
            f"'{text}' is a percentage: enter {text[:-1].strip()} (percentages are entered as plain numbers "
            "of percentage points, never with %)"
        )
    candidate = text.replace(",", "") if _THOUSANDS.match(text) else text
    try:
        number = float(candidate)
    except ValueError:
        return None, f"'{text}' is text: enter a number, or leave the cell blank if the figure is not yet available"
    if not math.isfinite(number):
        return None, f"'{text}' is not a finite number"
    return number, None


def _text(value: object) -> str:
    if _blank(value):
        return ""
    text = str(value).strip()
    return text[1:] if _FORMULA_QUOTE.match(text) else text


def check_sheet(sheet: Sheet, decision_id: str, decision_sha256: str, indicators: dict[str, tuple[str, str]]) -> QuarterlyValues:
    """The figures in a sheet, checked, or :class:`QuarterlyInputError` with every problem.

    ``indicators`` maps each of the decision's indicator ids, in the agreed order, to its
    (name, polarity) from the decision's own long list: the polarity that decides the
    RAG rule is the decision's, not whatever the file says.
    """
    problems: list[Problem] = []

    def problem(row: int, column: int | None, message: str) -> None:
        problems.append(CellProblem(sheet.name, row, _where(sheet, column) if column is not None else None, message))

    id_col = sheet.column(ID)
    if id_col is None:
        raise InputError(f"{sheet.name}: no 'ID' column; expected the quarterly template exported by pmf-select")
    quarter_cols: dict[int, Quarter] = {}
    ignored = []
    target_col = next((i for i, h in enumerate(sheet.header) if h.lower().startswith("target")), None)
    named = {h: sheet.column(h) for h in (GREEN, RED, COMMENTARY, ENGLAND, LONDON, NEIGHBOURS, POLARITY, ILLUSTRATIVE)}
    for i, heading in enumerate(sheet.header):
        quarter = parse_quarter_heading(heading)
        if quarter is not None:
            if quarter in quarter_cols.values():
                problem(1, i, f"a second column for {quarter.label}: keep one column per quarter")
            quarter_cols[i] = quarter
        elif heading and heading not in KNOWN_TEXT_COLUMNS and i != target_col and heading not in named and heading != ID:
            ignored.append(f"'{heading}'")
    if not quarter_cols:
        raise InputError(
            f"{sheet.name}: no quarter columns (e.g. '{Quarter(2018, 1).heading}'); expected the quarterly template"
        )
    order = list(indicators)
    seen: dict[str, int] = {}
    entries = []
    marked = sheet.marked_illustrative
    for r, row in enumerate(sheet.rows):
        row_no = r + 2
        if all(_blank(v) for v in row):
            continue
        cid = _text(sheet.cell(r, id_col))
        if not cid:
            problem(row_no, id_col, "no indicator id: every row with figures needs the ID of one of the decision's indicators")
            continue
        if cid not in indicators:
            problem(
                row_no,
                id_col,
                f"'{cid}' is not one of decision {decision_id}'s indicators (expected one of {', '.join(order)})",
            )
            continue
        if cid in seen:
            problem(row_no, id_col, f"'{cid}' is also on row {seen[cid]}: one row per indicator")
            continue
        seen[cid] = row_no
        name, polarity = indicators[cid]
        if named[POLARITY] is not None:
            stated = _text(sheet.cell(r, named[POLARITY])).lower()
            if stated and stated != polarity:
                problem(
                    row_no,
                    named[POLARITY],
                    f"'{stated}' differs from the decision's polarity '{polarity}' for {cid}: the template's polarity "
                    "cannot be changed (lock a new decision to change the indicator)",
                )

        def figure(column: int | None, r: int = r, row_no: int = row_no) -> float | None:
            if column is None:
                return None
            value, why = number_problem(sheet.cell(r, column), (r, column) in sheet.percent)
            if why:
                problem(row_no, column, why)
            return value

        values = {quarter: figure(c) for c, quarter in quarter_cols.items()}
        target = figure(target_col)
        levels = {}
        for heading in (GREEN, RED):
            column = named[heading]
            raw = sheet.cell(r, column) if column is not None else None
            if isinstance(raw, str) and raw.strip().lower() in NO_LEVEL_TEXT:
                levels[heading] = None
            else:
                levels[heading] = figure(column)
        why = levels_problem(polarity, levels[GREEN], levels[RED])
        if why:
            problem(row_no, named[GREEN], why)
        england_raw = sheet.cell(r, named[ENGLAND]) if named[ENGLAND] is not None else None
        england, england_why = number_problem(england_raw)
        england_text = "" if england_why is None else _text(england_raw)
        if named[ILLUSTRATIVE] is not None and ILLUSTRATIVE_MARK.lower() in _text(sheet.cell(r, named[ILLUSTRATIVE])).lower():
            marked = True
        if polarity not in POLARITIES:  # pragma: no cover - the long list is validated on load
            polarity = "contextual"
        entries.append(
            IndicatorEntry(
                id=cid,
                name=name,
                polarity=polarity,
                position=order.index(cid) + 1,
                values=values,
                target=target,
                green=levels[GREEN],
                red=levels[RED],
                commentary=_text(sheet.cell(r, named[COMMENTARY])) if named[COMMENTARY] is not None else "",
                england=england,
                london=figure(named[LONDON]),
                neighbours=figure(named[NEIGHBOURS]),
                england_text=england_text,
            )
        )
    if problems:
        raise QuarterlyInputError(sheet.name, problems)
    notes = []
    missing = [cid for cid in order if cid not in seen]
    if missing:
        notes.append(f"no row for {', '.join(missing)}: shown as no data")
    if ignored:
        notes.append(f"ignored column(s) {', '.join(ignored)}")
    entries.sort(key=lambda e: e.position)
    return QuarterlyValues(decision_id, decision_sha256, tuple(entries), illustrative=marked, notes=tuple(notes))
