"""Tables as files: the long list, a ranking and a robustness table as CSV or XLSX.

Writing files is a door's job, not a method's: the scoring and robustness modules
return tables, and this module turns them into bytes for the CLI, the app and the
exports. Every cell goes through :mod:`pmf_select.record.safe_excel`, so text that
Excel would run as a formula is neutralised (OWASP, *CSV Injection*).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pmf_select.longlist import XLSX_SUFFIXES, LongList, cell_text, format_score
from pmf_select.ranking import OUTPUT_COLUMNS, SCORE_DECIMALS, Acceptability, Ranking, output_table
from pmf_select.record.safe_excel import write_csv, write_workbook


def longlist_to_csv_bytes(longlist: LongList) -> bytes:
    """The long list as CSV (UTF-8 with BOM so Excel shows £ and dashes), formulas neutralised.

    Text cells that Excel would run as a formula get a leading quote
    (:func:`pmf_select.record.safe_excel.neutralise`); the loader removes it again,
    so the list reads back with the same content hash.
    """
    scores = set(longlist.criteria.score_columns())
    columns = list(longlist.frame.columns)
    rows = (
        [format_score(v) if c in scores else cell_text(v) for c, v in zip(columns, row)]
        for row in longlist.frame.itertuples(index=False)
    )
    return write_csv(columns, rows)


def save_longlist(longlist: LongList, path: str | Path) -> Path:
    """Write a long list as CSV, or as XLSX when the path ends in .xlsx."""
    path = Path(path)
    if path.suffix.lower() in XLSX_SUFFIXES:
        path.write_bytes(write_workbook({"Long list": longlist.frame}))
    else:
        path.write_bytes(longlist_to_csv_bytes(longlist))
    return path


def _number_text(value: object) -> str:
    number = float(value)
    if np.isnan(number):
        return ""
    number = round(number, SCORE_DECIMALS)
    if number.is_integer():
        return str(int(number))
    return repr(number)


def ranking_to_csv_bytes(ranking: Ranking) -> bytes:
    """The ranking table as CSV for Excel: UTF-8 with a byte-order mark, CRLF lines.

    Columns exactly as ``Ranking.table``. Numbers are written in full to 12 decimal
    places without trailing zeros (4 not 4.0, 0.24 not 0.24000000000000002); text
    that Excel would run as a formula is prefixed with a quote (``safe_excel``).
    """
    table = ranking.table
    numeric = [pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c]) for c in table]
    rows = (
        [float(v) if is_number else ("" if v is None else str(v)) for v, is_number in zip(row, numeric)]
        for row in table.itertuples(index=False)
    )
    return write_csv([str(c) for c in table.columns], rows, _number_text)


def ranking_to_xlsx_bytes(ranking: Ranking) -> bytes:
    """The ranking table as an XLSX workbook (one sheet, "Ranking"); text never a formula."""
    return write_workbook({"Ranking": ranking.table})


def acceptability_to_csv_bytes(result: Acceptability) -> bytes:
    """:data:`OUTPUT_COLUMNS` as CSV (UTF-8 with BOM for Excel, text never a formula)."""
    rows = (
        [str(row[0]), str(row[1]), str(row[2]), f"{row[3]:.4f}", int(row[4]), int(row[5]), int(row[6]), row[7]]
        for row in output_table(result).itertuples(index=False)
    )
    return write_csv(OUTPUT_COLUMNS, rows, lambda v: str(int(v)) if float(v).is_integer() else repr(float(v)))
