"""Load, validate and save a long list of candidate KPIs.

Officers bring lists out of Excel, so loading accepts what Excel really writes: CSV
in UTF-8 with or without a byte-order mark or in Windows-1252, CRLF line ends, padded
header names, trailing blank rows, any column order, comma, semicolon or tab
separators, and XLSX workbooks (first sheet, or a named one).

Validation collects every problem in one pass and names the file, the spreadsheet
row (header = row 1) and the column, saying what was expected. The cell checks are a
pandera schema (declarative, and its lazy mode reports every failing cell with its
index and column); the file-shape checks pandera cannot see (encoding, ragged rows,
empty or binary files, duplicate headers) are done while reading. A list whose every
cell passes is accepted without importing pandera (the same check functions, run
directly: see ``_cells_pass``), which keeps the CLI's start-up short (issue 18).
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pmf_select.errors import InputError, LongListError, Problem
from pmf_select.longlist.criteria import CriteriaSet, load_criteria
from pmf_select.longlist.derive import MEASURE_TYPES, POLARITIES
from pmf_select.longlist.lazy_pandera import pandera_pandas
from pmf_select.longlist.model import REQUIRED_TEXT, LongList
from pmf_select.longlist.reporting import REPORTING, SHORT_NAME_MAX, SMALL_NUMBERS, is_lag_months

if TYPE_CHECKING:
    import pandera.pandas as pa

MAX_BYTES = 20 * 1024 * 1024
"""Largest long-list file accepted (the bytes read or uploaded)."""
MAX_XLSX_UNPACKED = 50 * 1024 * 1024
"""Largest total size of an XLSX workbook's parts once decompressed (a zip bomb is refused unopened)."""
MAX_ROWS = 5_000
"""Most candidate rows in a long list (a real one has tens to a few hundred)."""
MAX_SHEET_ROWS = 20_000
"""Most rows read from a file, blank ones included, before it is refused."""
MAX_COLUMNS = 200
"""Most columns in a long list."""
MAX_CELL_CHARS = 10_000
"""Longest text in one cell."""
MAX_XLSX_CELLS = 500_000
"""Most cells in an XLSX worksheet (counted in its XML before the workbook is opened)."""
XLSX_SUFFIXES = (".xlsx", ".xlsm")
# The triggers of pmf_select.record.safe_excel (the one writer); repeated here because
# the long list sits below the record and must undo its quote when reading a CSV back.
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\0")


# ---------------------------------------------------------------- reading the file


class _Table:
    """Cells as text, with the spreadsheet row number of each data row."""

    def __init__(self, header: list[str], rows: list[list[str]], row_numbers: list[int]):
        self.header = header
        self.rows = rows
        self.row_numbers = row_numbers


def _utf16_encoding(data: bytes) -> str | None:
    """``utf-16`` when the bytes are UTF-16 text (a byte-order mark, or every other byte NUL)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4 and len(sample) % 2 == 0:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    return None


def _decode(data: bytes, name: str) -> str:
    encoding = _utf16_encoding(data)
    if encoding is not None:
        # Excel's "Unicode Text" and some exports write UTF-16: read it rather than refuse it.
        try:
            return data.decode(encoding).lstrip("\ufeff")
        except UnicodeDecodeError:
            raise LongListError(
                [Problem(name, None, None, "looks like UTF-16 text but does not decode: save it as CSV UTF-8")]
            ) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise LongListError(
            [Problem(name, None, None, "unreadable text: expected a CSV file saved as UTF-8 or Windows-1252")]
        ) from None


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read_csv(data: bytes, name: str) -> tuple[list[list[str]], list[int]]:
    text = _decode(data, name)
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if first_line.count(",") == 0:
        for candidate in (";", "\t"):
            if first_line.count(candidate) > 0:
                delimiter = candidate
                break
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[list[str]] = []
    try:
        for record in reader:
            if len(lines) >= MAX_SHEET_ROWS:
                raise LongListError([_too_many_rows(name)])
            lines.append([_restore(cell) for cell in record])
    except csv.Error as exc:
        raise LongListError([Problem(name, len(lines) + 1, None, f"unreadable CSV ({exc})")]) from None
    # A quoted cell may span lines; a spreadsheet shows each record as one row, so
    # rows are numbered by record, not by physical line.
    return lines, list(range(1, len(lines) + 1))


def _restore(cell: str) -> str:
    """Remove the quote the tool's CSV writer puts before text Excel would run as a formula."""
    if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_TRIGGERS):
        return cell[1:]
    return cell


def _too_many_rows(name: str) -> Problem:
    return Problem(
        name,
        None,
        None,
        f"more than {MAX_SHEET_ROWS:,} rows: a long list holds at most {MAX_ROWS:,} candidates; "
        "remove the blank or extra rows",
    )


def _check_xlsx_size(data: bytes, name: str) -> None:
    """Refuse a workbook whose parts would decompress to more than :data:`MAX_XLSX_UNPACKED`.

    The sizes come from the zip's directory; Python's zipfile never inflates a member
    past its declared size, so a lying directory cannot get past this check.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
            members = len(archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LongListError([Problem(name, None, None, f"unreadable XLSX workbook ({exc})")]) from None
    if total > MAX_XLSX_UNPACKED or members > 1_000:
        raise LongListError(
            [
                Problem(
                    name,
                    None,
                    None,
                    f"the workbook unpacks to {total / 1024 / 1024:.0f} MB in {members} parts; at most "
                    f"{MAX_XLSX_UNPACKED // (1024 * 1024)} MB is read. Save just the long list as CSV or a small XLSX",
                )
            ]
        )


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")


def _check_xlsx_rows(data: bytes, name: str) -> None:
    """Count the rows and cells of every worksheet in its XML, stopping at the limits.

    openpyxl reads a sheet's whole XML to size it when the sheet does not declare its
    dimension, which took minutes for a small file with two million empty rows; this
    count streams the XML in 1 MB pieces and stops as soon as a limit is passed.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue  # every part is counted: a sheet can live at any path the workbook names
            rows = cells = 0
            tail = b""
            with archive.open(info) as stream:
                while True:
                    chunk = stream.read(1 << 20)
                    if not chunk:
                        break
                    text = tail + chunk
                    # a tag split across two pieces is counted in the next piece
                    cut = text.rfind(b"<", max(0, len(text) - 64))
                    cut = len(text) if cut == -1 else cut
                    rows += len(_ROW_TAG.findall(text, 0, cut))
                    cells += len(_CELL_TAG.findall(text, 0, cut))
                    tail = text[cut:]
                    if rows > MAX_SHEET_ROWS:
                        raise LongListError([_too_many_rows(name)])
                    if cells > MAX_XLSX_CELLS:
                        too_many = f"more than {MAX_XLSX_CELLS:,} cells in one sheet: too large for a long list"
                        raise LongListError([Problem(name, None, None, too_many)])
            rows += len(_ROW_TAG.findall(tail))
            if rows > MAX_SHEET_ROWS:
                raise LongListError([_too_many_rows(name)])


def check_workbook(data: bytes, name: str) -> None:
    """Refuse, before opening it, a workbook beyond the limits (unpacked size, rows, cells).

    Raises :class:`LongListError` naming the file; used for every XLSX the tool reads.
    """
    _check_xlsx_size(data, name)
    try:
        _check_xlsx_rows(data, name)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise LongListError([Problem(name, None, None, f"unreadable XLSX workbook ({exc})")]) from None


def _read_xlsx(data: bytes, name: str, sheet: str | None) -> tuple[list[list[str]], list[int]]:
    from openpyxl import load_workbook

    check_workbook(data, name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise LongListError([Problem(name, None, None, f"unreadable XLSX workbook ({exc})")]) from None
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            raise LongListError(
                [
                    Problem(
                        name, None, None, f"no sheet named '{sheet}': the workbook has {', '.join(workbook.sheetnames)}"
                    )
                ]
            )
        declared = worksheet.max_row if isinstance(worksheet.max_row, int) else 0
        if declared > MAX_SHEET_ROWS:
            raise LongListError([_too_many_rows(name)])
        lines, numbers = [], []
        # read_only streams the sheet: stop at the limit instead of reading millions of rows
        for number, values in enumerate(worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1), start=1):
            if number > MAX_SHEET_ROWS:
                raise LongListError([_too_many_rows(name)])
            lines.append([cell_text(v) for v in values])
            numbers.append(number)
    finally:
        workbook.close()
    # openpyxl pads every row to the sheet's width; trim columns with no header.
    return lines, numbers


def _read_table(data: bytes, name: str, sheet: str | None, kind: str = "auto") -> _Table:
    if not data or not data.strip():
        raise LongListError([Problem(name, None, None, "the file is empty: expected a header row and candidate rows")])
    if len(data) > MAX_BYTES:
        raise LongListError([Problem(name, None, None, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")])
    is_zip = data[:4] == b"PK\x03\x04"
    if kind not in ("auto", "csv", "xlsx"):
        raise ValueError(f"kind must be auto, csv or xlsx, not {kind!r}")
    if kind == "xlsx" or (kind == "auto" and (is_zip or name.lower().endswith(XLSX_SUFFIXES))):
        if not is_zip:
            raise LongListError([Problem(name, None, None, "not an XLSX workbook: expected an Excel .xlsx file")])
        lines, numbers = _read_xlsx(data, name, sheet)
        from_xlsx = True
    else:
        if b"\x00" in data[:8192] and _utf16_encoding(data) is None:
            raise LongListError([Problem(name, None, None, "binary content: expected a CSV (text) or XLSX long list")])
        lines, numbers = _read_csv(data, name)
        from_xlsx = False

    # skip blank lines before the header; the first non-blank line is the header
    while lines and not any(cell.strip() for cell in lines[0]):
        lines.pop(0)
        numbers.pop(0)
    if not lines:
        raise LongListError([Problem(name, None, None, "the file is empty: expected a header row and candidate rows")])
    header = [cell.strip() for cell in lines[0]]
    if from_xlsx:
        while header and header[-1] == "":
            header.pop()
    _check_limits(lines, numbers, header, name)
    rows, row_numbers = [], []
    problems: list[Problem] = []
    for cells, number in zip(lines[1:], numbers[1:]):
        if not any(cell.strip() for cell in cells):
            continue  # blank rows (Excel leaves them at the end) carry no data
        if from_xlsx:
            extra = cells[len(header) :]
            if any(c.strip() for c in extra):
                problems.append(
                    Problem(name, number, None, f"has {len(cells)} cells but the header has {len(header)} columns")
                )
            cells = (cells + [""] * len(header))[: len(header)]
        elif len(cells) != len(header):
            problems.append(
                Problem(
                    name,
                    number,
                    None,
                    f"has {len(cells)} cells but the header has {len(header)} columns: "
                    "expected one cell per column (check for an unquoted comma)",
                )
            )
            continue
        rows.append(cells)
        row_numbers.append(number)
    table = _Table(header, rows, row_numbers)
    table.problems = problems  # type: ignore[attr-defined]
    return table


def _check_limits(lines: list[list[str]], numbers: list[int], header: list[str], name: str) -> None:
    """Refuse a table beyond the limits (rows, columns, cell length), naming where."""
    if len(header) > MAX_COLUMNS:
        raise LongListError(
            [Problem(name, numbers[0], None, f"{len(header)} columns: a long list has at most {MAX_COLUMNS}")]
        )
    filled = sum(1 for cells in lines[1:] if any(cell.strip() for cell in cells))
    if filled > MAX_ROWS:
        raise LongListError(
            [Problem(name, None, None, f"{filled:,} candidate rows: a long list holds at most {MAX_ROWS:,}")]
        )
    for cells, number in zip(lines, numbers):
        for position, cell in enumerate(cells):
            if len(cell) > MAX_CELL_CHARS:
                column = header[position] if position < len(header) and header[position] else f"column {position + 1}"
                raise LongListError(
                    [
                        Problem(
                            name,
                            number,
                            column,
                            f"{len(cell):,} characters: a cell holds at most {MAX_CELL_CHARS:,}",
                        )
                    ]
                )


# ---------------------------------------------------------------- checking the cells


def _not_blank(value: str) -> bool:
    return value.strip() != ""


def _is_number_or_blank(value: str) -> bool:
    if value.strip() == "":
        return True
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False


def _in_scale(low: float, high: float):
    def check(value: str) -> bool:
        try:
            number = float(value)
        except ValueError:
            return True  # reported by the number check
        return not math.isfinite(number) or low <= number <= high

    return check


def _in_vocabulary(allowed: tuple[str, ...]):
    def check(value: str) -> bool:
        return value.strip() == "" or value.strip().lower() in allowed

    return check


_CellCheck = tuple[Callable[[str], bool], str]
"""One element-wise check of a cell's text, and the message when it fails."""


def _cell_rules(criteria: CriteriaSet, columns: list[str]) -> dict[str, tuple[bool, list[_CellCheck]]]:
    """The cell checks of a long list, by column: (column required?, [(check, message)]).

    The one statement of the rules: :func:`build_schema` turns it into the pandera
    schema, and :func:`_cells_pass` runs the same functions directly to tell, without
    importing pandera, that a list has no cell problems (issue 18: CLI start-up).
    """
    rules: dict[str, tuple[bool, list[_CellCheck]]] = {}
    for name in REQUIRED_TEXT:
        rules[name] = (False, [(_not_blank, f"blank: every candidate needs a value in '{name}'")])
    for column in criteria.score_columns():
        criterion = criteria.criterion_for_column(column)
        low, high = criterion.scale_min, criterion.scale_max
        scale = f"{low:g} to {high:g}"
        rules[column] = (
            False,
            [
                (_not_blank, f"blank score: expected a number from {scale}"),
                (_is_number_or_blank, f"not a number: expected a number from {scale}"),
                (_in_scale(low, high), f"outside the scale: expected a number from {scale}"),
            ],
        )
    if "polarity" in columns:
        rules["polarity"] = (True, [(_in_vocabulary(POLARITIES), f"expected one of {', '.join(POLARITIES)}")])
    if "measure_type" in columns:
        rules["measure_type"] = (
            True,
            [(_in_vocabulary(MEASURE_TYPES), f"expected one of {', '.join(MEASURE_TYPES)}")],
        )
    rules.update(_reporting_rules(columns))
    return rules


def build_schema(criteria: CriteriaSet, columns: list[str]) -> pa.DataFrameSchema:
    """The pandera schema for a long list's cells (all read as text)."""
    pa = pandera_pandas()
    checks: dict[str, pa.Column] = {}
    for column, (required, cell_checks) in _cell_rules(criteria, columns).items():
        checks[column] = pa.Column(
            str,
            [pa.Check(check, element_wise=True, error=message) for check, message in cell_checks],
            required=required,
        )
    return pa.DataFrameSchema(checks, strict=False)


def _reporting_rules(columns: list[str]) -> dict[str, tuple[bool, list[_CellCheck]]]:
    """Cell checks of the optional reporting columns (see ``reporting.py``), when present."""
    rules: dict[str, tuple[bool, list[_CellCheck]]] = {}
    if "short_name" in columns:
        rules["short_name"] = (
            True,
            [
                (
                    lambda v: len(v.strip()) <= SHORT_NAME_MAX,
                    f"too long: expected a short name of at most {SHORT_NAME_MAX} characters",
                )
            ],
        )
    if "reporting" in columns:
        rules["reporting"] = (True, [(_in_vocabulary(REPORTING), f"expected one of {', '.join(REPORTING)}")])
    if "lag_months" in columns:
        rules["lag_months"] = (
            True,
            [
                (
                    lambda v: v.strip() == "" or is_lag_months(v),
                    "expected a whole number of months from 0 to 24, or blank",
                )
            ],
        )
    if "small_numbers" in columns:
        rules["small_numbers"] = (
            True,
            [(_in_vocabulary(SMALL_NUMBERS), f"expected one of {', '.join(SMALL_NUMBERS)}")],
        )
    return rules


def _cells_pass(frame: pd.DataFrame, criteria: CriteriaSet) -> bool:
    """True when every cell is text and passes every check of :func:`_cell_rules`.

    A conservative shortcut before pandera: True means pandera would report nothing
    (its other checks, column presence, type ``str`` and not-null, hold for a frame of
    text whose ruled columns are all present), so a valid list is loaded without
    importing pandera (about 0.2 s of CLI start-up, issue 18). Anything else, a
    failing cell, a cell that is not text, a check that raises, a missing required
    column, returns False and pandera reports, so the messages are pandera's as
    before. tests/test_longlist_fast_check.py checks the two agree.
    """
    for column, (required, cell_checks) in _cell_rules(criteria, list(frame.columns)).items():
        if column not in frame.columns:
            if required:
                return False
            continue
        values = frame[column].tolist()
        if not all(type(value) is str for value in values):
            return False
        try:
            for check, _ in cell_checks:
                if not all(check(value) is True for value in values):
                    return False
        except Exception:
            return False
    return True


def _cross_row_problems(name: str, frame: pd.DataFrame, row_numbers: list[int]) -> list[Problem]:
    """Checks that need the whole table: unique ids and short names, pairs naming real ids."""
    problems: list[Problem] = []
    for column, what in (("id", "ids"), ("short_name", "short names")):
        if column not in frame.columns:
            continue
        first_seen: dict[str, int] = {}
        for i, value in enumerate(frame[column]):
            if not value:
                continue
            key = value if column == "id" else value.lower()
            if key in first_seen:
                problems.append(
                    Problem(
                        name,
                        row_numbers[i],
                        column,
                        f"duplicate {column.replace('_', ' ')} '{value}' (first used on row "
                        f"{row_numbers[first_seen[key]]}): {what} must be unique",
                    )
                )
            else:
                first_seen[key] = i
    if "pair_with" in frame.columns and "id" in frame.columns:
        ids = set(frame["id"])
        for i, (own, pair) in enumerate(zip(frame["id"], frame["pair_with"])):
            if not pair:
                continue
            if pair == own:
                problems.append(
                    Problem(
                        name,
                        row_numbers[i],
                        "pair_with",
                        f"'{pair}' is this row's own id: expected blank or the id of another candidate",
                    )
                )
            elif pair not in ids:
                problems.append(
                    Problem(
                        name,
                        row_numbers[i],
                        "pair_with",
                        f"unknown id '{pair}': expected blank or the id of a candidate in this list",
                    )
                )
    return problems


def _cell_problems(name: str, frame: pd.DataFrame, row_numbers: list[int], criteria: CriteriaSet) -> list[Problem]:
    if _cells_pass(frame, criteria):
        return []
    schema = build_schema(criteria, list(frame.columns))
    try:
        schema.validate(frame, lazy=True)
    except pandera_pandas().errors.SchemaErrors as exc:
        problems = []
        for case in exc.failure_cases.itertuples(index=False):
            column = case.column
            index = case.index
            if index is None or (isinstance(index, float) and math.isnan(index)):
                problems.append(Problem(name, None, column, f"{case.check}"))
                continue
            value = frame.at[int(index), column]
            shown = f" ('{value}')" if str(value).strip() else ""
            problems.append(Problem(name, row_numbers[int(index)], column, f"{case.check}{shown}"))
        return problems
    return []


def validate_table(table: _Table, name: str, criteria: CriteriaSet) -> tuple[pd.DataFrame, list[Problem]]:
    """Check a table read from a file; return its frame and every problem found."""
    problems: list[Problem] = list(getattr(table, "problems", []))
    header = list(table.header)
    wanted = list(REQUIRED_TEXT) + criteria.score_columns()
    by_lower = {w.lower(): w for w in wanted}
    seen: dict[str, int] = {}
    for position, column in enumerate(header):
        if column == "":
            if any(row[position].strip() for row in table.rows):
                problems.append(
                    Problem(name, 1, f"column {position + 1}", "values under a blank header: expected a column name")
                )
            header[position] = f"unnamed_{position + 1}"
            continue
        if column not in by_lower.values() and column.lower() in by_lower:
            header[position] = column = by_lower[column.lower()]
        if column in seen:
            problems.append(Problem(name, 1, column, "duplicate column name: each column must appear once"))
        seen[column] = position
    missing = [w for w in wanted if w not in seen]
    for column in missing:
        problems.append(Problem(name, 1, column, "missing column: the long list needs this column"))
    if not table.rows:
        problems.append(Problem(name, None, None, "has a header but no candidate rows"))

    keep = [i for i, c in enumerate(header) if not c.startswith("unnamed_") or any(r[i].strip() for r in table.rows)]
    unique_header, positions = [], []
    for i in keep:
        if header[i] not in unique_header:
            unique_header.append(header[i])
            positions.append(i)
    frame = pd.DataFrame(
        [[row[i].strip() for i in positions] for row in table.rows],
        columns=unique_header,
        dtype=object,
    )
    if len(frame):
        problems.extend(_cell_problems(name, frame, table.row_numbers, criteria))
        problems.extend(_cross_row_problems(name, frame, table.row_numbers))
    problems.sort(key=lambda p: (p.row is not None, p.row or 0, header.index(p.column) if p.column in header else -1))
    return frame, problems


def _to_longlist(frame: pd.DataFrame, name: str, criteria: CriteriaSet) -> LongList:
    frame = frame.copy()
    for column in criteria.score_columns():
        frame[column] = frame[column].astype(float)
    for column in frame.columns:
        if column not in criteria.score_columns():
            frame[column] = frame[column].astype(object)
    return LongList(frame.reset_index(drop=True), criteria, name)


# ---------------------------------------------------------------- public API


def parse_longlist(
    data: bytes, name: str, criteria: CriteriaSet | None = None, sheet: str | None = None, kind: str = "auto"
) -> LongList:
    """Read and validate a long list from bytes (an upload, or a file's content).

    ``kind`` is ``auto`` (XLSX when the bytes are a zip or the name ends .xlsx, else
    CSV), ``csv`` or ``xlsx``. The store keeps every list as CSV under its original
    file name, so it reads them back with ``kind="csv"``. Raises
    :class:`LongListError` listing every problem when the list cannot be used.
    """
    criteria = criteria or load_criteria()
    table = _read_table(data, name, sheet, kind)
    frame, problems = validate_table(table, name, criteria)
    if problems:
        raise LongListError(problems)
    return _to_longlist(frame, name, criteria)


def load_longlist(path: str | Path, criteria: CriteriaSet | None = None, sheet: str | None = None) -> LongList:
    """Read and validate a long list file (CSV or XLSX)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LongListError([Problem(str(path), None, None, "file not found")]) from None
    except IsADirectoryError:
        raise LongListError([Problem(str(path), None, None, "is a folder: expected a CSV or XLSX file")]) from None
    except OSError as exc:
        raise LongListError([Problem(str(path), None, None, f"cannot be read ({exc.strerror})")]) from None
    return parse_longlist(data, str(path), criteria, sheet)


def frame_from_edits(longlist: LongList, edited: pd.DataFrame) -> LongList:
    """Re-validate an edited table (officer mode) exactly as a loaded file would be."""
    text = edited.astype(object).where(edited.notna(), "")
    header = [str(c) for c in text.columns]
    rows = [[cell_text(v) if not isinstance(v, str) else v for v in row] for row in text.itertuples(index=False)]
    table = _Table(header, rows, list(range(2, len(rows) + 2)))
    frame, problems = validate_table(table, longlist.source, longlist.criteria)
    if problems:
        raise LongListError(problems)
    return _to_longlist(frame, longlist.source, longlist.criteria)


def format_score(value: float) -> str:
    """A score as text: 4 not 4.0, 3.5 as 3.5."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def describe(longlist: LongList) -> str:
    """``N candidates across M service areas``: the validate command's summary."""
    return f"{len(longlist)} candidates across {len(longlist.service_areas)} service areas"


__all__ = [
    "InputError",
    "check_workbook",
    "LongListError",
    "describe",
    "frame_from_edits",
    "load_longlist",
    "parse_longlist",
]
