"""Spreadsheet cells that can never run as formulas (OWASP CSV injection guidance).

A text cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return (or
their full-width forms, or a line feed) is read by Excel as a formula. We prefix such
text with a single quote in CSV, and in XLSX we store every text cell as an inline
string, so the text is kept whole and nothing runs (text that looks like a formula also
gets Excel's quote-prefix style, so it stays text if someone edits the cell; control
characters XML cannot hold become visible symbols, see :func:`xml_safe`). Numbers stay
numbers.
References: OWASP "CSV Injection"; ASVS 5.0 1.2.10; CWE-1236.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\0")


def neutralise(value: object) -> object:
    """Prefix a text value that Excel would read as a formula; leave anything else.

    Text that already starts with quotes followed by a trigger gets one more quote, so
    :func:`restore` can undo the prefix exactly.
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def restore(value: str) -> str:
    """Undo :func:`neutralise` on a cell read back from a CSV the tool wrote.

    ``neutralise`` adds a quote to text starting with a trigger, and to text that is
    already one or more quotes followed by a trigger, so removing one quote from such
    text gives back exactly what was written (a round trip, so a long list saved by
    ``derive --out x.csv`` and read again has the same content hash).
    """
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def default_number(value: object) -> str:
    """A number in full: integers as integers, others to 12 decimal places, NaN blank."""
    number = float(value)  # type: ignore[arg-type]
    if math.isnan(number):
        return ""
    number = round(number, 12)
    if number.is_integer():
        return str(int(number))
    return repr(number)


def csv_cell(value: object, number: Callable[[object], str] = default_number) -> str:
    """One CSV cell: numbers through ``number``; any text neutralised; blanks empty."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return number(value)
    return str(neutralise(str(value)))


def write_csv(
    header: Sequence[object], rows: Iterable[Sequence[object]], number: Callable[[object], str] = default_number
) -> bytes:
    """The one CSV writer: UTF-8 with a byte-order mark (Excel shows £), CRLF, RFC 4180 quoting.

    Every text cell, header names included, goes through :func:`neutralise`; numbers
    (Python or NumPy) are written by ``number`` and never prefixed, so -2 stays -2.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(str(h), number) for h in header])
    for row in rows:
        writer.writerow([csv_cell(v, number) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def frame_csv(frame: pd.DataFrame, number: Callable[[object], str] = default_number) -> bytes:
    """A table as CSV through :func:`write_csv` (columns as headers, no index)."""
    return write_csv(list(frame.columns), frame.itertuples(index=False), number)


def xml_safe(text: str) -> str:
    """Text an XLSX cell can hold: control characters XML 1.0 forbids become visible symbols.

    A NUL becomes U+2400 (the "symbol for null"), U+0001 becomes U+2401 and so on (the
    Unicode Control Pictures block), so nothing is silently dropped. Tab, line feed and
    carriage return are allowed in XML and kept.
    """
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: chr(0x2400 + ord(m.group(0))), text)


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and header neutralised; numeric cells untouched."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def write_workbook(sheets: Mapping[str, pd.DataFrame], widths: Mapping[str, float] | None = None) -> bytes:
    """An XLSX workbook, one sheet per frame, where text can never become a formula.

    Every string is written as an inline string (``data_type = "s"``), which openpyxl
    would otherwise turn into a live formula when it starts with ``=``. The bytes are
    the same every time for the same input (fixed document properties and timestamps).
    """
    import datetime as _dt

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    fixed = _dt.datetime(2018, 1, 1)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "pmf-select"
    for title, frame in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        for col, name in enumerate(frame.columns, start=1):
            cell = sheet.cell(row=1, column=col)
            cell.value = xml_safe(str(name))
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_TRIGGERS):
                cell.quotePrefix = True
            cell.font = Font(bold=True)
        for r, row in enumerate(frame.itertuples(index=False), start=2):
            for col, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=col)
                if value is None or (isinstance(value, float) and math.isnan(value)):
                    continue
                if isinstance(value, bool):
                    cell.value = str(value).lower()
                    cell.data_type = "s"
                elif not isinstance(value, str) and (isinstance(value, (int, float)) or hasattr(value, "dtype")):
                    cell.value = value.item() if hasattr(value, "item") else value
                else:
                    text = xml_safe(str(value))
                    cell.value = text
                    cell.data_type = "s"
                    cell.alignment = Alignment(wrap_text=False)
                    if text.startswith(FORMULA_TRIGGERS):
                        # Excel's own mark for "typed with a leading apostrophe": the cell
                        # stays text even when someone edits it later.
                        cell.quotePrefix = True
        for col, name in enumerate(frame.columns, start=1):
            letter = sheet.cell(row=1, column=col).column_letter
            width = (widths or {}).get(str(name))
            if width is None:
                longest = max([len(str(name))] + [min(len(str(v)), 60) for v in frame.iloc[:, col - 1]])
                width = min(max(10, longest + 2), 62)
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
    return _fix_zip_times(_save_without_clock(workbook))


def _save_without_clock(workbook) -> bytes:
    """Save like ``Workbook.save`` but keep our fixed "modified" time.

    openpyxl's ``save_workbook`` stamps ``modified`` with the current time, which made
    two exports of the same content differ whenever they straddled a second.
    """
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()
    return buffer.getvalue()


def _fix_zip_times(data: bytes) -> bytes:
    """Rewrite the zip with fixed member timestamps so the bytes are reproducible."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2018, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
