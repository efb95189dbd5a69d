"""Members' answers: checked, then stored one row per member per round.

An answer is swing points, 0 to 100, for every criterion the round asks about, and an
optional name. Everything arriving from a phone is untrusted (a crafted websocket
message can carry anything), so :func:`check_answer` refuses, before anything is
written: unknown or missing criteria, values that are not finite numbers from 0 to
100, all-zero answers, and names that are too long, contain control characters, or
look like the anonymous labels. A refused answer stores nothing.

Each member is identified by their own random token (kept in their address), stored
only as a hash. Answering again with the same token replaces the row, so a member can
change their mind until the round closes and is never counted twice. Anonymous
answers get a stable label, "Member 1", "Member 2", ..., in the order they first
answered; the label stays if the member later edits their answer. Each write is a
``BEGIN IMMEDIATE`` transaction, so members answering in the same instant queue for a
few milliseconds and none is lost.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from pmf_select.errors import InputError
from pmf_select.record import transaction, utc_now
from pmf_select.rounds.codes import token_hash, valid_token
from pmf_select.rounds.lifecycle import Round, get_round

MAX_NAME_LENGTH = 60
MAX_POINTS = 100
ANONYMOUS_LABEL = "Member {n}"
_RESERVED = re.compile(r"^member\s*\d+$", re.IGNORECASE)


@dataclass(frozen=True)
class Answer:
    """A stored answer: its label (name or "Member N"), the name given, the swing points."""

    label: str
    name: str
    weights: dict[str, float]
    answered_at: str
    updated_at: str


def check_name(name: object, round_: Round) -> str:
    """The name as it will be stored ("" for anonymous), or an :class:`InputError`."""
    if name is None:
        name = ""
    if not isinstance(name, str):
        raise InputError("name: expected text")
    if len(name) > 4 * MAX_NAME_LENGTH:
        raise InputError(f"name: at most {MAX_NAME_LENGTH} characters")
    text = " ".join(unicodedata.normalize("NFC", name).split())
    if len(text) > MAX_NAME_LENGTH:
        raise InputError(f"name: at most {MAX_NAME_LENGTH} characters (got {len(text)})")
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise InputError("name: letters, spaces and punctuation only")
    if _RESERVED.match(text):
        raise InputError(f"name: '{text}' is how anonymous answers are labelled; give your own name or leave it empty")
    if not text and not round_.anonymous:
        raise InputError("name: the chair asked for names in this round; please give yours")
    return text


def check_weights(weights: object, round_: Round) -> dict[str, float]:
    """Swing points from 0 to 100 for exactly the round's criteria, at least one above 0."""
    if not isinstance(weights, Mapping):
        raise InputError(f"weights: expected points by criterion ({', '.join(round_.keys)})")
    unknown = [str(k) for k in weights if k not in round_.keys]
    if unknown:
        raise InputError(f"weights: unknown criterion {unknown[0]!r}; expected {', '.join(round_.keys)}")
    missing = [k for k in round_.keys if k not in weights]
    if missing:
        raise InputError(f"weights: no points for {', '.join(missing)}; every criterion needs a value from 0 to 100")
    out = {}
    for key in round_.keys:
        value = weights[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(f"weights['{key}']: expected a number from 0 to {MAX_POINTS}, got {value!r}")
        if not math.isfinite(value) or not 0 <= value <= MAX_POINTS:
            raise InputError(f"weights['{key}']: expected a number from 0 to {MAX_POINTS}, got {value!r}")
        out[key] = float(value)
    if not any(out.values()):
        raise InputError("weights: all zero; give the swing you value most 100")
    return out


def check_answer(round_: Round, name: object, weights: object) -> tuple[str, dict[str, float]]:
    """Check a member's answer against the round; return ``(name, weights)`` as stored."""
    return check_name(name, round_), check_weights(weights, round_)


def submit_answer(conn: sqlite3.Connection, round_id: int, token: object, name: object, weights: object) -> Answer:
    """Store (or replace) the answer of the member holding ``token``; return it.

    Raises :class:`InputError`, storing nothing, when the answer is invalid, the token
    is malformed, the round is closed, or the name is already used by another member
    in this round.
    """
    if not valid_token(token):
        raise InputError("answer token: missing or malformed; reopen the link from the projector")
    round_ = get_round(conn, round_id)
    clean_name, clean_weights = check_answer(round_, name, weights)
    key = token_hash(str(token))
    now = utc_now()
    try:
        with transaction(conn):
            closed = conn.execute("SELECT closed_at FROM rounds WHERE id = ?", (round_id,)).fetchone()[0]
            if closed is not None:
                raise InputError("this round is closed: it takes no more answers")
            row = conn.execute(
                "SELECT anon_no FROM answers WHERE round_id = ? AND token_hash = ?", (round_id, key)
            ).fetchone()
            anon_no = row[0] if row else None
            if not clean_name and anon_no is None:
                anon_no = conn.execute(
                    "SELECT coalesce(max(anon_no), 0) + 1 FROM answers WHERE round_id = ?", (round_id,)
                ).fetchone()[0]
            label = clean_name or ANONYMOUS_LABEL.format(n=anon_no)
            taken = conn.execute(
                "SELECT 1 FROM answers WHERE round_id = ? AND label = ? AND token_hash != ?", (round_id, label, key)
            ).fetchone()
            if taken:
                raise InputError(f"name: someone else in this round answered as '{label}'; add an initial")
            conn.execute(
                "INSERT INTO answers (round_id, token_hash, name, label, anon_no, weights, answered_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(round_id, token_hash) DO UPDATE SET "
                "name = excluded.name, label = excluded.label, anon_no = excluded.anon_no, "
                "weights = excluded.weights, updated_at = excluded.updated_at",
                (round_id, key, clean_name, label, anon_no, json.dumps(clean_weights, sort_keys=True), now, now),
            )
    except sqlite3.IntegrityError as exc:  # the store's own guard (closed round trigger)
        raise InputError(f"answer not stored: {exc}") from None
    found = get_answer(conn, round_id, str(token))
    assert found is not None
    return found


def _answer(row) -> Answer:
    label, name, weights, answered, updated = row
    return Answer(label, name, {k: float(v) for k, v in json.loads(weights).items()}, answered, updated)


def get_answer(conn: sqlite3.Connection, round_id: int, token: str) -> Answer | None:
    """The answer stored for this member's token, or None."""
    if not valid_token(token):
        return None
    row = conn.execute(
        "SELECT label, name, weights, answered_at, updated_at FROM answers WHERE round_id = ? AND token_hash = ?",
        (round_id, token_hash(token)),
    ).fetchone()
    return _answer(row) if row else None


def list_answers(conn: sqlite3.Connection, round_id: int) -> list[Answer]:
    """Every answer in the round, in the order members first answered."""
    rows = conn.execute(
        "SELECT label, name, weights, answered_at, updated_at FROM answers WHERE round_id = ? "
        "ORDER BY answered_at, rowid",
        (round_id,),
    ).fetchall()
    return [_answer(r) for r in rows]


def count_answers(conn: sqlite3.Connection, round_id: int) -> int:
    return int(conn.execute("SELECT count(*) FROM answers WHERE round_id = ?", (round_id,)).fetchone()[0])
