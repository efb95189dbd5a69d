"""Exports of a locked decision, computed again from the store, byte-identical every time.

Everything in an export follows from the decision record and the long list stored
with it: scores and ranks come from :func:`pmf_select.ranking.scoring.score` with the recorded
audience, weights and method; robustness from
:func:`pmf_select.ranking.robustness.acceptability` with the recorded sampling, samples, k and
seed. Nothing in a file depends on when or where it was made (no "now", no paths, no
"superseded by", which is learnt later), so the same decision always gives the same
bytes, and :func:`verify_export` can check a circulated file by making it again.

Formats (:data:`EXPORT_FORMATS`):

``csv``
    The agreed set, one row per indicator in the agreed order, for Excel: UTF-8 with a
    byte-order mark (so £ and dashes show), CRLF lines. Columns :data:`DECISION_COLUMNS`
    (decision id and SHA-256 on every row, position in the agreed set), then ``id, name,
    service_area, score, rank``, the weighted-sum contributions, the robustness columns
    (:data:`ROBUSTNESS_COLUMNS`) and every other long-list column (extras included).
``xlsx``
    A workbook: "Agreed set" (as the CSV), "Scored long list" (every candidate, ranked,
    with ``agreed`` and ``agreed_position``), "Decision record" (field, value) and
    "Criteria" (each criterion, its scale, direction and the weight decided).
``template``
    The quarterly reporting template for 2018-19: one row per agreed indicator with its
    definition, polarity, source and owner, blank columns for Q1 (Apr-Jun 2018) to Q4
    (Jan-Mar 2019) values, the target and the RAG conditions, and the decision id and
    SHA-256. XLSX (with an "About" sheet), or CSV.

Text that Excel would run as a formula (OWASP "CSV Injection": a leading ``=``, ``+``,
``-``, ``@``, tab or carriage return) is prefixed with a quote in CSV and stored as
plain text in XLSX (:mod:`pmf_select.record.safe_excel`); numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import math
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from pmf_select.errors import InputError
from pmf_select.longlist import CriteriaSet, LongList
from pmf_select.record.decisions import Decision, decision_longlist, get_decision
from pmf_select.record.safe_excel import csv_cell, frame_csv, write_workbook
from pmf_select.record.store import canonical_json

EXPORT_FORMATS = ("csv", "xlsx", "template")
DECISION_COLUMNS = ("decision_id", "decision_sha256", "agreed_position")
ROBUSTNESS_COLUMNS = (
    "p_top_k",
    "p_top_k_low",
    "p_top_k_high",
    "median_rank",
    "rank_p05",
    "rank_p95",
    "robustness",
)
QUARTERS_2018_19 = (
    "Q1 2018-19 (Apr-Jun 2018)",
    "Q2 2018-19 (Jul-Sep 2018)",
    "Q3 2018-19 (Oct-Dec 2018)",
    "Q4 2018-19 (Jan-Mar 2019)",
)
TEMPLATE_COLUMNS = (
    "Position",
    "ID",
    "Indicator",
    "Service area",
    "Definition",
    "Polarity",
    "Direction",
    "Measure type",
    "Source",
    "Owner",
    "Local frequency",
    "Comparators",
    "England figure",
    *QUARTERS_2018_19,
    "Target 2018-19",
    "RAG green",
    "RAG amber",
    "RAG red",
    "Commentary",
    "Decision",
    "Decision SHA-256",
)
_TEMPLATE_SOURCES = {
    "Polarity": "polarity",
    "Measure type": "measure_type",
    "Source": "source",
    "Owner": "owner",
    "Local frequency": "local_frequency",
    "Comparators": "comparators",
    "England figure": "england_figure",
}
DIRECTIONS = {
    "higher": "Higher is better: green at or above the green level, red at or below the red level",
    "lower": "Lower is better: green at or below the green level, red at or above the red level",
    "contextual": "No good direction: report the figure with commentary; no RAG rating",
}
NO_RAG = "n/a (contextual)"
SHEETS = ("Agreed set", "Scored long list", "Decision record", "Criteria")
MAX_DIFFERENCES = 50
MAX_VERIFY_ROWS = 100_000
"""Most rows read from a workbook being verified (an export has one per candidate)."""
MAX_VERIFY_COLUMNS = 1_000
"""Columns read from each row of a workbook being verified."""


# ---------------------------------------------------------------- recomputing from the record


@dataclass(frozen=True, eq=False)
class DecisionExport:
    """A decision with everything recomputed from it: the basis of every export.

    ``ranking`` is :func:`pmf_select.ranking.scoring.score` at the recorded settings;
    ``acceptability`` is :func:`pmf_select.ranking.robustness.acceptability` at the recorded
    robustness settings (None when the record has none).
    """

    decision: Decision
    longlist: LongList
    ranking: object
    acceptability: object | None
    _frames: dict = field(default_factory=dict, repr=False)

    @property
    def criteria(self) -> CriteriaSet:
        return self.longlist.criteria


def recompute(decision: Decision, longlist: LongList) -> DecisionExport:
    """Score and test the robustness of the long list exactly as the decision records."""
    from pmf_select.ranking import acceptability, score

    if longlist.content_hash != decision.longlist_hash:
        raise InputError(
            f"decision {decision.id} was made on long list {decision.longlist_hash[:12]}…, "
            f"not on {longlist.source} ({longlist.content_hash[:12]}…)"
        )
    ranking = score(longlist, decision.audience, decision.weights_input, decision.method)
    settings = decision.robustness
    result = None
    if settings:
        result = acceptability(
            longlist,
            decision.audience,
            decision.weights_input,
            sampling=settings["sampling"],
            samples=settings["samples"],
            top_k=settings["top_k"],
            seed=settings["seed"],
            spread=settings["spread"],
            order=settings.get("order"),
            members=settings.get("members"),
            thresholds=tuple(settings.get("thresholds", (0.9, 0.1))),
        )
    return DecisionExport(decision, longlist, ranking, result)


def load_export(conn: sqlite3.Connection, decision_id: str) -> DecisionExport:
    """The decision (seal checked) and its long list (hash checked) from the store, recomputed."""
    decision = get_decision(conn, decision_id)
    return recompute(decision, decision_longlist(conn, decision))


# ---------------------------------------------------------------- tables


def scored_longlist_frame(export: DecisionExport) -> pd.DataFrame:
    """Every candidate in rank order with robustness, ``agreed`` (yes/blank) and ``agreed_position``."""
    cached = export._frames.get("scored")
    if cached is not None:
        return cached.copy()
    table = export.ranking.table.copy()
    position = {cid: i for i, cid in enumerate(export.decision.agreed, start=1)}
    base = ["id", "name", "service_area", "score", "rank"]
    contrib = [c for c in table.columns if str(c).startswith("contrib_")]
    others = [c for c in table.columns if c not in base and c not in contrib]
    out = pd.DataFrame(
        {
            "agreed": ["yes" if cid in position else "" for cid in table["id"]],
            "agreed_position": pd.Series([position.get(cid) for cid in table["id"]], dtype=object),
        }
    )
    for c in base + contrib:
        out[c] = table[c].to_numpy()
    robustness = _robustness_frame(export, table["id"].tolist())
    for c in ROBUSTNESS_COLUMNS:
        out[c] = robustness[c].to_numpy() if robustness is not None else pd.Series([None] * len(out), dtype=object)
    for c in others:
        if c in out.columns:
            continue
        out[c] = table[c].to_numpy()
    export._frames["scored"] = out
    return out.copy()


def _robustness_frame(export: DecisionExport, ids: list[str]) -> pd.DataFrame | None:
    if export.acceptability is None:
        return None
    table = export.acceptability.table.set_index("id")
    frame = pd.DataFrame(
        {
            "p_top_k": table["p_top_k"],
            "p_top_k_low": table["p_top_k_low"],
            "p_top_k_high": table["p_top_k_high"],
            "median_rank": table["median_rank"],
            "rank_p05": table["rank_p05"],
            "rank_p95": table["rank_p95"],
            "robustness": table["class"],
        }
    )
    return frame.loc[ids]


def agreed_set_frame(export: DecisionExport) -> pd.DataFrame:
    """The agreed indicators in the agreed order (the CSV export's rows, typed)."""
    scored = scored_longlist_frame(export)
    by_id = scored.set_index("id", drop=False)
    rows = by_id.loc[export.decision.agreed].reset_index(drop=True)
    rows = rows.drop(columns=["agreed"])
    rows["agreed_position"] = pd.Series(range(1, len(rows) + 1), dtype=object)
    rows.insert(0, "decision_sha256", export.decision.sha256)
    rows.insert(0, "decision_id", export.decision.id)
    columns = list(DECISION_COLUMNS) + [c for c in rows.columns if c not in DECISION_COLUMNS]
    return rows[columns]


def decision_record_frame(export: DecisionExport) -> pd.DataFrame:
    """The decision record as two columns, ``field`` and ``value``, for people to read."""
    from pmf_select.ranking import METHOD_LABELS, describe_settings

    d = export.decision
    criteria = export.criteria
    audience = criteria.audience(d.audience)
    rows: list[tuple[str, object]] = [
        ("decision id", d.id),
        ("SHA-256 of the record", d.sha256),
        ("meeting", d.meeting),
        ("meeting date", d.meeting_date),
        ("locked at (UTC)", d.locked_at),
        ("supersedes", d.supersedes or ""),
        ("audience", f"{audience.key}: {audience.label}"),
        ("method", f"{d.method}: {METHOD_LABELS.get(d.method, d.method)}"),
    ]
    for c in criteria.criteria:
        rows.append((f"weight: {c.label} ({c.key})", float(d.weights[c.key])))
    rows.append(("agreed indicators", len(d.agreed)))
    rows.append(("agreed ids, in order", ", ".join(d.agreed)))
    if export.acceptability is not None:
        settings = d.robustness
        rows.append(("robustness", describe_settings(export.acceptability)))
        for key in ("sampling", "samples", "top_k", "seed", "spread"):
            rows.append((f"robustness {key}", settings[key]))
        rows.append(("robustness thresholds (in, out)", ", ".join(f"{t:g}" for t in settings["thresholds"])))
        if settings.get("order"):
            rows.append(("robustness order", " > ".join(" = ".join(g) for g in settings["order"])))
        if settings.get("members"):
            rows.append(("robustness members", canonical_json(settings["members"])))
    if d.constraints:
        rows.append(("set constraints", canonical_json(d.constraints)))
    rows.extend(
        [
            ("long list", d.record["longlist"]["source"]),
            ("long list SHA-256", d.longlist_hash),
            ("long list candidates", int(d.record["longlist"]["candidates"])),
            ("criteria SHA-256", d.criteria_hash),
            ("note", d.note),
            ("made with", d.record.get("software", "")),
        ]
    )
    return pd.DataFrame({"field": [r[0] for r in rows], "value": pd.Series([r[1] for r in rows], dtype=object)})


def criteria_frame(export: DecisionExport) -> pd.DataFrame:
    """One row per criterion: key, label, question, scale, direction, the weight decided and its column."""
    d = export.decision
    rows = []
    for c in export.criteria.criteria:
        rows.append(
            {
                "key": c.key,
                "label": c.label,
                "question": c.question,
                "scale_min": c.scale_min,
                "scale_max": c.scale_max,
                "objective": "more is better" if c.objective == "max" else "less is better",
                "weight": float(d.weights[c.key]),
                "column": c.column(d.audience),
            }
        )
    return pd.DataFrame(rows)


def template_frame(export: DecisionExport) -> pd.DataFrame:
    """The quarterly template 2018-19 (:data:`TEMPLATE_COLUMNS`), one row per agreed indicator."""
    d = export.decision
    frame = export.longlist.frame.set_index("id", drop=False)
    rows = []
    for position, cid in enumerate(d.agreed, start=1):
        source = frame.loc[cid]
        row: dict[str, object] = {column: None for column in TEMPLATE_COLUMNS}
        row.update(
            {
                "Position": position,
                "ID": cid,
                "Indicator": source["name"],
                "Service area": source["service_area"],
                "Definition": source["definition"],
                "Decision": d.id,
                "Decision SHA-256": d.sha256,
            }
        )
        for column, name in _TEMPLATE_SOURCES.items():
            value = source.get(name)
            row[column] = None if value is None or (isinstance(value, float) and math.isnan(value)) else value
        polarity = str(row["Polarity"] or "").strip().lower()
        row["Direction"] = DIRECTIONS.get(polarity, "")
        if polarity == "contextual":
            row["RAG green"] = row["RAG amber"] = row["RAG red"] = NO_RAG
        rows.append(row)
    return pd.DataFrame(rows, columns=list(TEMPLATE_COLUMNS), dtype=object)


def template_about_frame(export: DecisionExport) -> pd.DataFrame:
    d = export.decision
    lines = [
        ("what this is", "Quarterly reporting template 2018-19 for the indicators the committee agreed"),
        ("decision", d.id),
        ("decision SHA-256", d.sha256),
        ("meeting", f"{d.meeting}, {d.meeting_date}"),
        ("quarters", "Q1 Apr-Jun 2018, Q2 Jul-Sep 2018, Q3 Oct-Dec 2018, Q4 Jan-Mar 2019"),
        (
            "how to fill it in",
            "Enter each quarter's value when it is produced; set the target and the "
            "green, amber and red levels before Q1 is reported; read them with the Direction column.",
        ),
        ("check", "python -m pmf_select verify checks an agreed-set CSV against this decision"),
    ]
    return pd.DataFrame(lines, columns=["field", "value"])


# ---------------------------------------------------------------- bytes


def cell_text(value: object) -> str:
    """One CSV cell: text neutralised against formulas; numbers in full (12 d.p., no trailing zeros)."""
    return csv_cell(value)


def frame_to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV for Excel: UTF-8 with BOM, CRLF, minimal quoting, formulas neutralised."""
    return frame_csv(frame)


def csv_bytes(export: DecisionExport) -> bytes:
    """The agreed set as CSV (see the module docstring)."""
    return frame_to_csv_bytes(agreed_set_frame(export))


def xlsx_bytes(export: DecisionExport) -> bytes:
    """The workbook: agreed set, scored long list, decision record, criteria."""
    return write_workbook(
        {
            SHEETS[0]: agreed_set_frame(export),
            SHEETS[1]: scored_longlist_frame(export),
            SHEETS[2]: decision_record_frame(export),
            SHEETS[3]: criteria_frame(export),
        },
        widths={"value": 80, "field": 34},
    )


def template_bytes(export: DecisionExport, fmt: str = "xlsx") -> bytes:
    """The quarterly template 2018-19 as XLSX (with an "About" sheet) or CSV."""
    frame = template_frame(export)
    if fmt == "csv":
        return frame_to_csv_bytes(frame)
    if fmt != "xlsx":
        raise InputError(f"template format '{fmt}': expected xlsx or csv")
    widths = {name: 16 for name in QUARTERS_2018_19}
    widths.update({"Definition": 60, "Direction": 50, "value": 90, "field": 20})
    return write_workbook({"Template 2018-19": frame, "About": template_about_frame(export)}, widths=widths)


def export_decision(conn: sqlite3.Connection, decision_id: str, fmt: str, *, template_as: str = "xlsx") -> bytes:
    """The bytes of one export (``fmt`` one of :data:`EXPORT_FORMATS`) of a stored decision."""
    fmt = str(fmt).strip().lower()
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format '{fmt}': expected one of {', '.join(EXPORT_FORMATS)}")
    export = load_export(conn, decision_id)
    if fmt == "csv":
        return csv_bytes(export)
    if fmt == "xlsx":
        return xlsx_bytes(export)
    return template_bytes(export, template_as)


# ---------------------------------------------------------------- verifying a circulated file


@dataclass(frozen=True)
class Difference:
    """One way a file differs from its decision's export (``row`` as a spreadsheet row, header = 1)."""

    message: str
    row: int | None = None
    column: str | None = None
    sheet: str | None = None
    expected: str | None = None
    found: str | None = None

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Verification:
    """The outcome of :func:`verify_export`: ``ok`` when nothing differs."""

    decision_id: str
    sha256: str
    kind: str
    differences: tuple[Difference, ...]
    notes: tuple[str, ...] = ()
    total_differences: int = 0

    @property
    def ok(self) -> bool:
        return not self.differences


def _read_csv_cells(data: bytes, name: str) -> tuple[list[list[str]], list[str]]:
    notes = []
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict") if _is_utf8(data[3:]) else None
    else:
        notes.append("the file has no UTF-8 byte-order mark (it was re-saved by another program)")
        text = data.decode("utf-8") if _is_utf8(data) else None
    if text is None:
        text = data.decode("cp1252", errors="replace")
        notes.append("the file is not UTF-8 (re-saved as Windows-1252); characters such as £ may differ")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InputError(f"{name}: unreadable CSV ({exc})") from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return rows, notes


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _read_xlsx_cells(data: bytes, name: str) -> dict[str, list[list[str]]]:
    return {sheet: rows for sheet, (rows, _) in _read_xlsx_sheets(data, name).items()}


def _read_xlsx_sheets(data: bytes, name: str) -> dict[str, tuple[list[list[str]], dict[tuple[int, int], str]]]:
    """Each sheet's cells as text, and each filled cell's kind: ``n`` number, ``s`` text, ``f`` formula.

    The kinds catch what the text alone cannot: a cell re-saved as a live formula (its
    text is the same) or a number turned into text. Trailing blank cells are dropped,
    so a cell typed far to the right is reported by its own reference.
    """
    import zipfile

    from openpyxl import load_workbook

    from pmf_select.longlist import check_workbook

    check_workbook(data, name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise InputError(f"{name}: unreadable XLSX workbook ({exc})") from None
    try:
        sheets = {}
        for sheet in workbook.worksheets:
            rows: list[list[str]] = []
            kinds: dict[tuple[int, int], str] = {}
            for r, cells in enumerate(sheet.iter_rows(max_col=MAX_VERIFY_COLUMNS), start=1):
                texts = []
                for c, cell in enumerate(cells, start=1):
                    value = getattr(cell, "value", None)
                    texts.append(_xlsx_cell_text(value))
                    if value is not None:
                        kind = getattr(cell, "data_type", "s")
                        if kind in ("n", "b", "d"):
                            kind = "n" if not isinstance(value, bool) else "s"
                        elif kind not in ("f",):
                            kind = "s"
                        kinds[(r, c)] = kind
                while texts and texts[-1] == "":
                    texts.pop()
                rows.append(texts)
                if r > MAX_VERIFY_ROWS:
                    raise InputError(
                        f"{name}: sheet '{sheet.title}' has more than {MAX_VERIFY_ROWS:,} rows: not an export"
                    )
            while rows and not any(rows[-1]):
                rows.pop()
            sheets[sheet.title] = (rows, kinds)
    finally:
        workbook.close()
    return sheets


def column_letter(number: int) -> str:
    """A spreadsheet column letter from its 1-based number (1 -> A, 52 -> AZ)."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _kind_differences(
    expected: tuple[list[list[str]], dict], found: tuple[list[list[str]], dict], sheet: str
) -> list[Difference]:
    """Cells whose kind changed: a live formula anywhere, or a number now text (or text now a number)."""
    exp_rows, exp_kinds = expected
    got_rows, got_kinds = found
    differences = []
    for (r, c), kind in sorted(got_kinds.items()):
        ref = f"{column_letter(c)}{r}"
        if kind == "f":
            text = got_rows[r - 1][c - 1] if r - 1 < len(got_rows) and c - 1 < len(got_rows[r - 1]) else ""
            differences.append(
                Difference(
                    f"sheet '{sheet}', cell {ref}: a live formula {text!r}; the export holds only text and numbers "
                    "(re-saved by another program, or tampered with)",
                    row=r,
                    sheet=sheet,
                    found=text,
                )
            )
    exp_header = exp_rows[0] if exp_rows else []
    got_header = got_rows[0] if got_rows else []
    for column in exp_header:
        if column not in got_header:
            continue
        ce, cg = exp_header.index(column) + 1, got_header.index(column) + 1
        for r in range(2, min(len(exp_rows), len(got_rows)) + 1):
            want, have = exp_kinds.get((r, ce)), got_kinds.get((r, cg))
            if want in ("n", "s") and have in ("n", "s") and want != have:
                expected_kind = "a number" if want == "n" else "text"
                found_kind = "a number" if have == "n" else "text"
                differences.append(
                    Difference(
                        f"sheet '{sheet}', cell {column_letter(cg)}{r} (row {r}, column '{column}'): expected "
                        f"{expected_kind}, found {found_kind}",
                        row=r,
                        column=column,
                        sheet=sheet,
                    )
                )
    return differences


def _xlsx_cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return cell_text(value)
    return str(value)


def _decision_id_in(rows: list[list[str]], name: str) -> tuple[str, str]:
    if not rows:
        raise InputError(f"{name}: the file is empty; expected an agreed-set export with a decision_id column")
    header = [h.lstrip("\ufeff").strip() for h in rows[0]]
    if "decision_id" not in header:
        raise InputError(
            f"{name}: no decision_id column; expected an agreed-set CSV exported by pmf-select "
            "(python -m pmf_select export ID --format csv)"
        )
    ids = [r[header.index("decision_id")].strip() for r in rows[1:] if len(r) > header.index("decision_id")]
    ids = [i for i in ids if i]
    if not ids:
        raise InputError(f"{name}: the decision_id column is empty; cannot tell which decision to check against")
    decision_id = Counter(ids).most_common(1)[0][0]
    sha = ""
    if "decision_sha256" in header:
        position = header.index("decision_sha256")
        shas = [r[position].strip() for r in rows[1:] if len(r) > position and r[position].strip()]
        sha = Counter(shas).most_common(1)[0][0] if shas else ""
    return decision_id, sha


def diff_cells(
    expected: list[list[str]], found: list[list[str]], sheet: str | None = None, key: str = "id"
) -> list[Difference]:
    """Every cell that differs between two tables (first row = header), with row and column.

    Columns are matched by name (a missing, added or moved column is reported once);
    rows by position. Rows are named by spreadsheet row number and their ``key`` value.
    """
    where = f"sheet '{sheet}', " if sheet else ""
    differences: list[Difference] = []
    exp_header = expected[0] if expected else []
    got_header = [h.lstrip("\ufeff") for h in found[0]] if found else []
    for column in exp_header:
        if column not in got_header:
            differences.append(Difference(f"{where}column '{column}' is missing", column=column, sheet=sheet))
    for position, column in enumerate(got_header, start=1):
        if column == "":
            filled = [
                i + 1 for i, row in enumerate(found[1:], start=1) if position - 1 < len(row) and row[position - 1]
            ]
            if filled:
                differences.append(
                    Difference(
                        f"{where}column {column_letter(position)} was added (no header; filled in row(s) "
                        f"{', '.join(map(str, filled[:5]))}{'…' if len(filled) > 5 else ''})",
                        sheet=sheet,
                    )
                )
        elif column not in exp_header:
            differences.append(Difference(f"{where}column '{column}' was added", column=column, sheet=sheet))
    for i, row in enumerate(found[1:], start=1):
        for position in range(len(got_header), len(row)):
            if row[position].strip():
                ref = f"{column_letter(position + 1)}{i + 1}"
                differences.append(
                    Difference(
                        f"{where}cell {ref} (row {i + 1}, beyond the last column): found {row[position]!r}, "
                        "which is not in the decision",
                        row=i + 1,
                        sheet=sheet,
                        found=row[position],
                    )
                )
    common = [c for c in exp_header if c in got_header]
    if [c for c in got_header if c in common] != common:
        differences.append(Difference(f"{where}the columns are in a different order", sheet=sheet))
    exp_pos = {c: exp_header.index(c) for c in common}
    got_pos = {c: got_header.index(c) for c in common}

    def label(rows: list[list[str]], header: list[str], i: int) -> str:
        if key in header and len(rows[i]) > header.index(key):
            return f"row {i + 1} (id {rows[i][header.index(key)]})"
        return f"row {i + 1}"

    for i in range(1, max(len(expected), len(found))):
        if i >= len(found):
            differences.append(
                Difference(f"{where}{label(expected, exp_header, i)} is missing", row=i + 1, sheet=sheet)
            )
            continue
        if i >= len(expected):
            differences.append(
                Difference(
                    f"{where}{label(found, got_header, i)} was added: it is not in the decision", row=i + 1, sheet=sheet
                )
            )
            continue
        exp_row, got_row = expected[i], found[i]
        for column in common:
            want = exp_row[exp_pos[column]] if exp_pos[column] < len(exp_row) else ""
            have = got_row[got_pos[column]] if got_pos[column] < len(got_row) else ""
            if want != have:
                differences.append(
                    Difference(
                        f"{where}{label(expected, exp_header, i)}, column '{column}': expected {want!r}, found {have!r}",
                        row=i + 1,
                        column=column,
                        sheet=sheet,
                        expected=want,
                        found=have,
                    )
                )
    return differences


def verify_export(conn: sqlite3.Connection, data: bytes, name: str = "file") -> Verification:
    """Check an exported agreed-set CSV (or workbook) against its decision in the store.

    The decision id is read from the file's ``decision_id`` column; the expected file is
    made again from the store and compared cell by cell. Every difference is reported
    with its row and column (the first :data:`MAX_DIFFERENCES`). A file whose cells all
    match but whose bytes differ (re-saved with another encoding or line ends) is a
    match, with a note. Raises :class:`InputError` when the file is not an export or
    its decision is not in the store.
    """
    is_xlsx = data[:4] == b"PK\x03\x04"
    if is_xlsx:
        found_full = _read_xlsx_sheets(data, name)
        found_sheets = {sheet: rows for sheet, (rows, _) in found_full.items()}
        first = found_sheets.get(SHEETS[0])
        if first is None:
            raise InputError(f"{name}: no '{SHEETS[0]}' sheet; expected a workbook exported by pmf-select")
        decision_id, claimed_sha = _decision_id_in(first, name)
    else:
        rows, notes = _read_csv_cells(data, name)
        decision_id, claimed_sha = _decision_id_in(rows, name)
    export = load_export(conn, decision_id)
    differences: list[Difference] = []
    if claimed_sha and claimed_sha != export.decision.sha256:
        differences.append(
            Difference(
                f"the file's decision_sha256 {claimed_sha[:12]}… is not decision {decision_id}'s "
                f"{export.decision.sha256[:12]}…: the file was changed, or it comes from another store",
                column="decision_sha256",
                expected=export.decision.sha256,
                found=claimed_sha,
            )
        )
    if is_xlsx:
        notes = []
        expected_bytes = xlsx_bytes(export)
        expected_full = _read_xlsx_sheets(expected_bytes, "expected workbook")
        expected_sheets = {sheet: rows for sheet, (rows, _) in expected_full.items()}
        for sheet, expected_rows in expected_sheets.items():
            if sheet not in found_sheets:
                differences.append(Difference(f"sheet '{sheet}' is missing", sheet=sheet))
                continue
            differences.extend(diff_cells(expected_rows, found_sheets[sheet], sheet=sheet))
            differences.extend(_kind_differences(expected_full[sheet], found_full[sheet], sheet))
        for sheet in found_sheets:
            if sheet not in expected_sheets:
                differences.append(Difference(f"sheet '{sheet}' was added", sheet=sheet))
                differences.extend(
                    d for d in _kind_differences(([], {}), found_full[sheet], sheet) if "live formula" in d.message
                )
        if not differences and data != expected_bytes:
            notes.append("every cell matches; the workbook was re-saved by another program")
    else:
        expected_bytes = csv_bytes(export)
        if data != expected_bytes:
            expected_rows, _ = _read_csv_cells(expected_bytes, "expected")
            differences.extend(diff_cells(expected_rows, rows))
            if not differences:
                notes.append("every cell matches; the file was re-saved (encoding, quoting or line ends differ)")
        else:
            notes = []
    if export.decision.superseded_by:
        notes.append(f"decision {decision_id} has since been superseded by {export.decision.superseded_by}")
    total = len(differences)
    shown = differences[:MAX_DIFFERENCES]
    return Verification(
        decision_id=decision_id,
        sha256=export.decision.sha256,
        kind="xlsx" if is_xlsx else "csv",
        differences=tuple(shown),
        notes=tuple(notes),
        total_differences=total,
    )
