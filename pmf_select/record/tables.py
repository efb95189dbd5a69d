"""Tables as files: the long list, a ranking and a robustness table as CSV or XLSX.

Writing files is a door's job, not a method's: the scoring and robustness modules
return tables, and this module turns them into bytes for the CLI, the app and the
exports. Every cell goes through :mod:`pmf_select.record.safe_excel`, so text that
Excel would run as a formula is neutralised (OWASP, *CSV Injection*).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from pmf_select.longlist import XLSX_SUFFIXES, LongList, cell_text, format_score
from pmf_select.ranking import OUTPUT_COLUMNS, SCORE_DECIMALS, Acceptability, Ranking, output_table
from pmf_select.record.safe_excel import neutralise, write_workbook


def longlist_to_csv_bytes(longlist: LongList) -> bytes:
    """The long list as CSV (UTF-8 with BOM so Excel shows £ and dashes)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(list(longlist.frame.columns))
    scores = set(longlist.criteria.score_columns())
    for row in longlist.frame.itertuples(index=False):
        writer.writerow(
            [format_score(v) if c in scores else cell_text(v) for c, v in zip(longlist.frame.columns, row)]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in table.columns])
    for row in table.itertuples(index=False):
        writer.writerow(
            [
                _number_text(v) if is_number else neutralise("" if v is None else str(v))
                for v, is_number in zip(row, numeric)
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def ranking_to_xlsx_bytes(ranking: Ranking) -> bytes:
    """The ranking table as an XLSX workbook (one sheet, "Ranking"); text never a formula."""
    return write_workbook({"Ranking": ranking.table})


def acceptability_to_csv_bytes(result: Acceptability) -> bytes:
    """:data:`OUTPUT_COLUMNS` as CSV (UTF-8 with BOM for Excel, text never a formula)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(OUTPUT_COLUMNS)
    for row in output_table(result).itertuples(index=False):
        writer.writerow(
            [
                neutralise(row[0]),
                neutralise(row[1]),
                neutralise(row[2]),
                f"{row[3]:.4f}",
                int(row[4]),
                int(row[5]),
                int(row[6]),
                row[7],
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
