"""Quarterly figures in the store: append-only versions with their provenance.

Every import of a filled template, and every save from the app, is stored whole as a
new version of the decision's figures, with where it came from: the file's name, the
SHA-256 of its bytes and the time (UTC). Nothing is ever updated or deleted (the store's
triggers refuse it in SQL too), so a corrected file adds version 2 and version 1 stays
on record; reports use the latest version. The decision is named by id and SHA-256, so
figures hang off exactly what was agreed.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from pmf_select.quarterly.model import IndicatorEntry, QuarterlyValues, quarter_from_code
from pmf_select.record import format_time, transaction, utc_now

VIA_FILE, VIA_APP = "file", "app"


@dataclass(frozen=True)
class StoredVersion:
    """One stored version: its number for the decision, and where its figures came from."""

    decision_id: str
    version: int
    file_name: str
    file_sha256: str
    imported_at: str
    via: str
    illustrative: bool
    row_id: int

    def provenance(self) -> str:
        return (
            f"version {self.version}: {self.file_name} (SHA-256 {self.file_sha256[:12]}…), "
            f"{'imported' if self.via == VIA_FILE else 'saved in the app'} {self.imported_at}"
        )


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save_version(
    conn: sqlite3.Connection,
    values: QuarterlyValues,
    *,
    file_name: str,
    file_sha256: str,
    via: str = VIA_FILE,
    now: datetime | None = None,
) -> StoredVersion:
    """Store ``values`` as the decision's next version, in one transaction (all or nothing)."""
    stamp = format_time(now) if now is not None else utc_now()
    with transaction(conn):
        number = conn.execute(
            "SELECT coalesce(max(version), 0) + 1 FROM quarterly_versions WHERE decision_id = ?",
            (values.decision_id,),
        ).fetchone()[0]
        cursor = conn.execute(
            "INSERT INTO quarterly_versions (decision_id, decision_sha256, version, file_name, file_sha256, "
            "imported_at, via, illustrative) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                values.decision_id,
                values.decision_sha256,
                number,
                file_name,
                file_sha256,
                stamp,
                via,
                int(values.illustrative),
            ),
        )
        row_id = cursor.lastrowid
        for entry in values.entries:
            conn.execute(
                "INSERT INTO quarterly_indicators (version_id, indicator_id, position, target, green, red, "
                "commentary, england, london, neighbours, england_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row_id,
                    entry.id,
                    entry.position,
                    entry.target,
                    entry.green,
                    entry.red,
                    entry.commentary,
                    entry.england,
                    entry.london,
                    entry.neighbours,
                    entry.england_text,
                ),
            )
            for quarter, value in entry.values.items():
                conn.execute(
                    "INSERT INTO quarterly_values (version_id, indicator_id, quarter, value) VALUES (?, ?, ?, ?)",
                    (row_id, entry.id, quarter.code, value),
                )
    return StoredVersion(values.decision_id, number, file_name, file_sha256, stamp, via, values.illustrative, row_id)


def list_versions(conn: sqlite3.Connection, decision_id: str) -> list[StoredVersion]:
    """Every stored version of a decision's figures, oldest first."""
    rows = conn.execute(
        "SELECT decision_id, version, file_name, file_sha256, imported_at, via, illustrative, id "
        "FROM quarterly_versions WHERE decision_id = ? ORDER BY version",
        (decision_id,),
    ).fetchall()
    return [StoredVersion(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7]) for r in rows]


def load_version(
    conn: sqlite3.Connection,
    decision_id: str,
    decision_sha256: str,
    indicators: dict[str, tuple[str, str]],
    version: int | None = None,
) -> tuple[StoredVersion, QuarterlyValues] | None:
    """A stored version (default: the latest) as figures, or None when there is none.

    ``indicators`` maps the decision's ids to (name, polarity), as for
    :func:`pmf_select.quarterly.read.check_sheet`.
    """
    versions = list_versions(conn, decision_id)
    if version is not None:
        versions = [v for v in versions if v.version == version]
    if not versions:
        return None
    stored = versions[-1]
    values: dict[str, dict] = {}
    for indicator_id, quarter, value in conn.execute(
        "SELECT indicator_id, quarter, value FROM quarterly_values WHERE version_id = ?", (stored.row_id,)
    ):
        values.setdefault(indicator_id, {})[quarter_from_code(quarter)] = value
    entries = []
    for row in conn.execute(
        "SELECT indicator_id, position, target, green, red, commentary, england, london, neighbours, england_text "
        "FROM quarterly_indicators WHERE version_id = ? ORDER BY position",
        (stored.row_id,),
    ):
        name, polarity = indicators.get(row[0], (row[0], "contextual"))
        entries.append(
            IndicatorEntry(
                id=row[0],
                name=name,
                polarity=polarity,
                position=row[1],
                values=dict(sorted(values.get(row[0], {}).items())),
                target=row[2],
                green=row[3],
                red=row[4],
                commentary=row[5],
                england=row[6],
                london=row[7],
                neighbours=row[8],
                england_text=row[9],
            )
        )
    return stored, QuarterlyValues(decision_id, decision_sha256, tuple(entries), illustrative=stored.illustrative)
