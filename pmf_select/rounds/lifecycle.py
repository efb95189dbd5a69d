"""Opening and closing a members' round, and finding it again by its join code.

A round belongs to one workshop draft. It snapshots the criteria it asks about (key,
label, question) and the swing question, so the member page never needs the draft:
members see the question and nothing of the room's working state. A draft has at most
one open round (a unique index), so two officer browsers clicking *Open* together
get the same round. Closing is final for that round; the chair opens a new one to ask
again, and the analysis then uses the newest round's answers.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from pmf_select.errors import InputError
from pmf_select.longlist import CriteriaSet
from pmf_select.ranking import swing_question
from pmf_select.record import check_draft_id, has_draft, transaction, utc_now
from pmf_select.rounds.codes import new_code, normalise_code

_COLUMNS = "id, code, draft_id, criteria, question, anonymous, show_names, opened_at, closed_at"


@dataclass(frozen=True)
class RoundCriterion:
    """One criterion as a member sees it: its key, short label and question."""

    key: str
    label: str
    question: str


@dataclass(frozen=True)
class Round:
    """A members' round as stored."""

    id: int
    code: str
    draft_id: str
    criteria: tuple[RoundCriterion, ...]
    question: str
    anonymous: bool
    show_names: bool
    opened_at: str
    closed_at: str | None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.criteria)


def _round(row) -> Round:
    id_, code, draft_id, criteria, question, anonymous, show_names, opened, closed = row
    items = tuple(RoundCriterion(c["key"], c["label"], c["question"]) for c in json.loads(criteria))
    return Round(int(id_), code, draft_id, items, question, bool(anonymous), bool(show_names), opened, closed)


def open_round(conn: sqlite3.Connection, draft_id: str, criteria: CriteriaSet, *, anonymous: bool = True) -> Round:
    """Open a round on ``draft_id`` asking the swing question on ``criteria``.

    If the draft already has an open round, that round is returned unchanged (a second
    click, or a second officer browser, does not start another one).
    """
    draft_id = check_draft_id(draft_id)
    if not has_draft(conn, draft_id):
        raise InputError(f"no draft '{draft_id}' in the store: save the draft before opening a round")
    snapshot = json.dumps(
        [{"key": c.key, "label": c.label, "question": c.question} for c in criteria.criteria], ensure_ascii=False
    )
    question = swing_question(criteria)
    for _ in range(20):  # a code collision is ~1 in 1e12; retry rather than fail
        try:
            with transaction(conn):
                current = open_round_of(conn, draft_id)
                if current is not None:
                    return current
                conn.execute(
                    "INSERT INTO rounds (code, draft_id, criteria, question, anonymous, opened_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (new_code(), draft_id, snapshot, question, int(bool(anonymous)), utc_now()),
                )
        except sqlite3.IntegrityError as exc:
            if "rounds.code" in str(exc):
                continue
            raise
        found = open_round_of(conn, draft_id)
        if found is not None:
            return found
    raise RuntimeError("could not draw a fresh join code")  # pragma: no cover


def close_round(conn: sqlite3.Connection, round_id: int) -> Round:
    """Close a round: it takes no more answers (the store refuses them too)."""
    with transaction(conn):
        conn.execute("UPDATE rounds SET closed_at = ? WHERE id = ? AND closed_at IS NULL", (utc_now(), round_id))
    return get_round(conn, round_id)


def set_show_names(conn: sqlite3.Connection, round_id: int, show: bool) -> Round:
    """The chair's choice to show members' names on the projector (anonymous dots otherwise)."""
    with transaction(conn):
        conn.execute("UPDATE rounds SET show_names = ? WHERE id = ?", (int(bool(show)), round_id))
    return get_round(conn, round_id)


def get_round(conn: sqlite3.Connection, round_id: int) -> Round:
    row = conn.execute(f"SELECT {_COLUMNS} FROM rounds WHERE id = ?", (round_id,)).fetchone()
    if row is None:
        raise InputError(f"no round {round_id} in the store")
    return _round(row)


def find_round(conn: sqlite3.Connection, code: object) -> Round | None:
    """The round with this join code (typed any way: case and dashes do not matter), or None."""
    canonical = normalise_code(code)
    if canonical is None:
        return None
    row = conn.execute(f"SELECT {_COLUMNS} FROM rounds WHERE code = ?", (canonical,)).fetchone()
    return _round(row) if row else None


def open_round_of(conn: sqlite3.Connection, draft_id: str) -> Round | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM rounds WHERE draft_id = ? AND closed_at IS NULL", (draft_id,)
    ).fetchone()
    return _round(row) if row else None


def latest_round(conn: sqlite3.Connection, draft_id: str) -> Round | None:
    """The draft's newest round, open or closed (the one the analysis uses), or None."""
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM rounds WHERE draft_id = ? ORDER BY id DESC LIMIT 1", (draft_id,)
    ).fetchone()
    return _round(row) if row else None
