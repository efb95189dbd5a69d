"""Importing a filled template: the decision checked against the store, the cells checked, then stored.

:func:`import_template` is what ``python -m pmf_select quarter import FILE`` and the
app's upload both call. The decision is read from the file's Decision and Decision
SHA-256 columns: an id the store does not hold, or a SHA-256 that is not that
decision's (a template for another store, or one whose decision cells were changed),
is refused before any figure is read. Then every cell is checked
(:func:`pmf_select.quarterly.read.check_sheet`); only a file with no problem at all is
stored, as a new version (:func:`pmf_select.quarterly.versions.save_version`).

:func:`fill_template` copies what officers entered in one filled template into another
(the template of a decision that superseded it, say), matching rows by indicator id.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pmf_select.errors import InputError
from pmf_select.quarterly.model import QuarterlyValues
from pmf_select.quarterly.read import (
    COMMENTARY,
    DECISION,
    DECISION_SHA,
    ENGLAND,
    GREEN,
    ID,
    ILLUSTRATIVE,
    ILLUSTRATIVE_MARK,
    LONDON,
    NEIGHBOURS,
    RED,
    Sheet,
    check_sheet,
    decision_named,
    number_problem,
    read_sheet,
)
from pmf_select.quarterly.versions import VIA_APP, VIA_FILE, StoredVersion, list_versions, save_version, sha256_bytes


@dataclass(frozen=True)
class Imported:
    """The outcome of an import: the figures, the version they are stored as, and whether it was new."""

    values: QuarterlyValues
    version: StoredVersion
    new: bool


def decision_indicators(conn: sqlite3.Connection, decision_id: str):
    """The decision (seal checked) and its indicators as ``{id: (name, polarity)}`` in the agreed order."""
    from pmf_select.record import decision_longlist, get_decision

    decision = get_decision(conn, decision_id)
    frame = decision_longlist(conn, decision).frame.set_index("id")
    indicators = {
        cid: (str(frame.loc[cid, "name"]), str(frame.loc[cid].get("polarity", "contextual") or "contextual").lower())
        for cid in decision.agreed
    }
    return decision, indicators


def check_template(conn: sqlite3.Connection, sheet: Sheet) -> QuarterlyValues:
    """The figures of a filled template, its decision checked against the store; nothing is stored."""
    decision_id, claimed_sha = decision_named(sheet)
    try:
        decision, indicators = decision_indicators(conn, decision_id)
    except InputError as exc:
        raise InputError(f"{sheet.name}: column '{DECISION}' names {exc}") from None
    if claimed_sha != decision.sha256:
        raise InputError(
            f"{sheet.name}: column '{DECISION_SHA}' says {claimed_sha[:16]}…, but decision {decision_id} in this "
            f"store is sealed with {decision.sha256[:16]}…: the template is for another decision (or another "
            "store), or its decision cells were changed. Export the template again for the decision in force."
        )
    return check_sheet(sheet, decision.id, decision.sha256, indicators)


def import_template(conn: sqlite3.Connection, data: bytes, name: str, *, now: datetime | None = None) -> Imported:
    """Check a filled template (XLSX or CSV bytes) and store it as a new version.

    ``name`` is the file's name as the officer gave it (only the name, not its folder, is
    stored). A file identical to the latest version (same SHA-256) is not stored twice.
    Raises :class:`InputError` (with file, row and column) and stores nothing when any
    cell is wrong.
    """
    file_name = Path(name).name or name
    sheet = read_sheet(data, file_name)
    values = check_template(conn, sheet)
    digest = sha256_bytes(data)
    versions = list_versions(conn, values.decision_id)
    if versions and versions[-1].file_sha256 == digest:
        return Imported(values, versions[-1], new=False)
    stored = save_version(conn, values, file_name=file_name, file_sha256=digest, via=VIA_FILE, now=now)
    return Imported(values, stored, new=True)


ENTERED_COLUMNS = (GREEN, RED, COMMENTARY, ENGLAND, LONDON, NEIGHBOURS, ILLUSTRATIVE)


def fill_template(template: bytes, template_name: str, filled: bytes, filled_name: str) -> tuple[bytes, list[str]]:
    """``template`` (an exported, blank XLSX template) with what officers entered in ``filled``.

    Copies, by indicator id, every quarter's figure, the target, the green and red
    levels, the commentary, the England figure and any London, statistical-neighbour,
    earlier-quarter or "Illustrative" columns (added at the end when the template lacks
    them). The template's Decision and Decision SHA-256 cells are kept, so the result
    is a template of the template's decision. Returns the workbook's bytes and notes
    (ids in ``filled`` that the template does not have). Nothing is checked here:
    :func:`import_template` checks the result.
    """
    import copy
    import io

    from openpyxl import load_workbook

    from pmf_select.quarterly.model import parse_quarter_heading
    from pmf_select.quarterly.read import TEMPLATE_SHEET

    if template[:4] != b"PK\x03\x04":
        raise InputError(f"{template_name}: expected the XLSX template (export ID --format template --out FILE.xlsx)")
    source = read_sheet(filled, filled_name)
    if source.column(ID) is None:
        raise InputError(f"{filled_name}: no 'ID' column; expected a filled quarterly template")
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook[TEMPLATE_SHEET] if TEMPLATE_SHEET in workbook.sheetnames else workbook.worksheets[0]
    header = [str(c.value or "").strip() for c in sheet[1]]
    wanted = [
        h
        for h in source.header
        if h in ENTERED_COLUMNS or parse_quarter_heading(h) is not None or h.lower().startswith("target")
    ]
    for heading in wanted:
        if heading not in header:
            header.append(heading)
            cell = sheet.cell(row=1, column=len(header), value=heading)
            cell.font = copy.copy(sheet.cell(row=1, column=1).font)
    id_col = header.index(ID)
    rows_by_id = {
        str(sheet.cell(row=r, column=id_col + 1).value or "").strip(): r for r in range(2, sheet.max_row + 1)
    }
    notes = []
    src_id = source.column(ID)
    for i in range(len(source.rows)):
        cid = str(source.cell(i, src_id) or "").strip()
        if not cid:
            continue
        if cid not in rows_by_id:
            notes.append(f"{cid} is not in {template_name}: left out")
            continue
        for heading in wanted:
            value = source.cell(i, source.column(heading))
            if isinstance(value, str) and heading not in (COMMENTARY, ILLUSTRATIVE):
                number, why = number_problem(value)
                value = value if why else number  # a CSV's "53" becomes the number 53, as Excel would read it
            target = sheet.cell(row=rows_by_id[cid], column=header.index(heading) + 1)
            target.value = None if value is None or value == "" else value
            if isinstance(value, str):
                target.data_type = "s"
    if source.marked_illustrative:
        for each in workbook.worksheets:
            each.oddHeader.center.text = each.oddFooter.center.text = f"ILLUSTRATIVE: {ILLUSTRATIVE_MARK}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), notes


def stored_figures(conn: sqlite3.Connection, decision_id: str, version: int | None = None):
    """``(decision, stored version, figures)``: the latest version (or ``version``) of a decision's figures.

    Raises :class:`InputError` when the decision has no figures yet (or not that version).
    """
    from pmf_select.quarterly.versions import load_version

    decision, indicators = decision_indicators(conn, decision_id)
    found = load_version(conn, decision.id, decision.sha256, indicators, version)
    if found is None:
        versions = list_versions(conn, decision.id)
        if version is not None and versions:
            raise InputError(
                f"decision {decision.id} has no version {version} of quarterly figures "
                f"(it has versions 1 to {versions[-1].version})"
            )
        raise InputError(
            f"decision {decision.id} has no quarterly figures yet: import a filled template first "
            f"(python -m pmf_select quarter import FILE)"
        )
    return decision, found[0], found[1]


APP_FILE_NAME = "entered in the app"
ENTRY_TEXT_COLUMNS = (ID, "Indicator")
ENTRY_TAIL = ("Target 2018-19", GREEN, RED, COMMENTARY, ENGLAND, LONDON, NEIGHBOURS)


def entry_groups(columns: list[str]) -> dict[str, list[str]]:
    """The columns of :func:`entry_table` (less ID and Indicator) in groups narrow enough
    for one screen: this year's figures with target and levels; commentary and
    comparators; and earlier years' figures when there are any."""
    this_year = [c for c in columns if c.startswith("Q") and "2018-19" in c]
    figures = [*this_year, *[c for c in columns if c.startswith("Target") or c in (GREEN, RED)]]
    notes = [c for c in columns if c in (COMMENTARY, ENGLAND, LONDON, NEIGHBOURS)]
    earlier = [c for c in columns if c not in (ID, "Indicator", *figures, *notes)]
    groups = {"Figures": figures, "Commentary and comparators": notes}
    if earlier:
        groups["Earlier years"] = earlier
    return groups


def entry_table(indicators: dict[str, tuple[str, str]], values: QuarterlyValues | None):
    """The figures as a table of text for officers to edit in the app (one row per agreed indicator).

    Columns: ID, Indicator, one per quarter (the four of 2018-19 first, then any other the
    figures have), the target, the green and red levels, commentary and the comparators.
    Cells are text, so what an officer types is checked by exactly the rules a file is.
    """
    import pandas as pd

    from pmf_select.quarterly.model import Quarter
    from pmf_select.quarterly.scorecard import fmt

    this_year = [Quarter(2018, n) for n in (1, 2, 3, 4)]
    quarters = this_year + sorted(set(values.columns if values else ()) - set(this_year))

    def text(number: float | None) -> str:
        return "" if number is None else fmt(number).replace(",", "")

    rows = []
    for cid, (name, _) in indicators.items():
        entry = values.entry(cid) if values else None
        row = {ID: cid, "Indicator": name}
        for quarter in quarters:
            row[quarter.heading] = text(entry.values.get(quarter)) if entry else ""
        row.update(
            {
                "Target 2018-19": text(entry.target) if entry else "",
                GREEN: text(entry.green) if entry else "",
                RED: text(entry.red) if entry else "",
                COMMENTARY: entry.commentary if entry else "",
                ENGLAND: (text(entry.england) or entry.england_text) if entry else "",
                LONDON: text(entry.london) if entry else "",
                NEIGHBOURS: text(entry.neighbours) if entry else "",
            }
        )
        rows.append(row)
    return pd.DataFrame(rows, dtype=object)


def save_entered(
    conn: sqlite3.Connection,
    decision_id: str,
    table,
    *,
    illustrative: bool = False,
    now: datetime | None = None,
) -> Imported:
    """Check figures entered in the app (a table like :func:`entry_table`'s) and store them as a new version.

    The same checks as a file (:func:`check_template`); the provenance is "entered in
    the app" and the SHA-256 of the table's CSV text. Raises :class:`InputError` and
    stores nothing when any cell is wrong.
    """
    from pmf_select.record import frame_to_csv_bytes

    decision, _ = decision_indicators(conn, decision_id)
    frame = table.copy()
    frame[DECISION] = decision.id
    frame[DECISION_SHA] = decision.sha256
    if illustrative:
        frame[ILLUSTRATIVE] = ILLUSTRATIVE_MARK
    header = tuple(str(c) for c in frame.columns)
    rows = tuple(tuple(None if v is None else v for v in row) for row in frame.itertuples(index=False))
    sheet = Sheet(APP_FILE_NAME, header, rows)
    values = check_template(conn, sheet)
    stored = save_version(
        conn,
        values,
        file_name=APP_FILE_NAME,
        file_sha256=sha256_bytes(frame_to_csv_bytes(frame)),
        via=VIA_APP,
        now=now,
    )
    return Imported(values, stored, new=True)
