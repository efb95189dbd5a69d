"""Drafts: the workshop's working state, saved under an id so a refresh loses nothing.

Streamlit forgets its session state when the browser is refreshed. The app keeps a
draft id in the page URL and autosaves the room's work here: the long list (stored
once by content hash), audience, weights, members' weights, method, constraints,
picks, notes and robustness settings. Reopening the URL loads the draft back.

A draft is a plain JSON-able mapping. Known keys are checked (:data:`DRAFT_KEYS`);
others are kept as they are, so the app can add its own. Saving and loading goes
through JSON, so a draft loaded back equals the draft saved (tuples come back as
lists, which is why the app should keep lists).

Drafts can be exported to a JSON file (with the long list and criteria inside) and
imported on another machine: the file carries a format name and version, and the
long list inside is checked against its hash on import.
"""

from __future__ import annotations

import base64
import json
import math
import re
import secrets
import sqlite3
from collections.abc import Mapping

import pandas as pd

from pmf_select.errors import InputError
from pmf_select.longlist import LongList
from pmf_select.record.store import (
    canonical_json,
    criteria_definition,
    criteria_from_definition,
    get_criteria,
    get_longlist,
    get_longlist_csv,
    has_longlist,
    longlist_csv,
    put_longlist,
    sha256_text,
    transaction,
    utc_now,
)

DRAFT_FILE_FORMAT = "pmf-select draft"
DRAFT_FILE_VERSION = 1
MAX_DRAFT_FILE_BYTES = 25 * 1024 * 1024
DRAFT_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
DRAFT_KEYS = (
    "longlist_hash",
    "criteria_hash",
    "audience",
    "weights",
    "members",
    "method",
    "constraints",
    "picks",
    "notes",
    "robustness",
    "meeting",
)
# Members' answers from the draft's latest round (pmf_select.rounds), added when a draft
# is loaded and never stored in it: they are rows of their own (see round_answers).
ROUND_ANSWERS_KEY = "round_answers"


def new_draft_id() -> str:
    """A fresh random draft id: 13 lowercase letters and digits, safe in a URL."""
    return base64.b32encode(secrets.token_bytes(8)).decode("ascii").rstrip("=").lower()


def check_draft_id(draft_id: str) -> str:
    text = str(draft_id).strip()
    if not DRAFT_ID_PATTERN.match(text):
        raise InputError(f"draft id '{draft_id}': expected 1-64 letters, digits, '-' or '_'")
    return text


def _weights_mapping(name: str, value: object) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise InputError(f"draft {name}: expected a mapping of criterion to weight, got {type(value).__name__}")
    out = {}
    for key, weight in value.items():
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight) or weight < 0:
            raise InputError(f"draft {name}['{key}']: expected a non-negative number, got {weight!r}")
        out[str(key)] = weight
    return out


def check_draft(state: Mapping) -> dict:
    """Check a draft's known keys; return it as it will be stored (a JSON round trip).

    ``audience``, ``method`` and ``meeting`` are text; ``weights`` maps criterion to a
    non-negative number; ``members`` maps each member to such weights; ``picks`` is a
    list of distinct ids; ``constraints`` and ``robustness`` are mappings; ``notes`` is
    text or a mapping; the hashes are 64 hex characters. Values are not checked against
    a long list here (the app does that when it draws), so a draft never fails to save.
    """
    if not isinstance(state, Mapping):
        raise InputError(f"a draft must be a mapping of names to values, not {type(state).__name__}")
    data = json.loads(canonical_json(dict(state)))
    for key in ("audience", "method", "meeting"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            raise InputError(f"draft {key}: expected text, got {data[key]!r}")
    for key in ("longlist_hash", "criteria_hash"):
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value)):
            raise InputError(f"draft {key}: expected a SHA-256 (64 hex characters), got {value!r}")
    if data.get("weights") is not None:
        _weights_mapping("weights", data["weights"])
    if data.get("members") is not None:
        if not isinstance(data["members"], Mapping):
            raise InputError("draft members: expected a mapping of member name to their weights")
        for member, weights in data["members"].items():
            _weights_mapping(f"members['{member}']", weights)
    if data.get("picks") is not None:
        picks = data["picks"]
        if not isinstance(picks, list) or not all(isinstance(p, str) for p in picks):
            raise InputError("draft picks: expected a list of indicator ids")
        if len(set(picks)) != len(picks):
            raise InputError("draft picks: an indicator id is listed more than once")
    for key in ("constraints", "robustness"):
        if data.get(key) is not None and not isinstance(data[key], Mapping):
            raise InputError(f"draft {key}: expected a mapping, got {type(data[key]).__name__}")
    if data.get("notes") is not None and not isinstance(data["notes"], (str, Mapping)):
        raise InputError("draft notes: expected text, or a mapping of indicator id to text")
    return data


def save_draft(conn: sqlite3.Connection, draft_id: str, state: Mapping, longlist: LongList | None = None) -> dict:
    """Save (insert or replace) a draft; return the state as stored.

    With ``longlist``, the list and its criteria are stored by hash in the same
    transaction and the draft's ``longlist_hash`` and ``criteria_hash`` are set to
    them. A ``longlist_hash`` given without the list must already be in the store.
    """
    draft_id = check_draft_id(draft_id)
    data = check_draft(state)
    csv_bytes = longlist_csv(longlist) if longlist is not None else None
    now = utc_now()
    with transaction(conn):
        if longlist is not None:
            data["longlist_hash"], data["criteria_hash"] = put_longlist(conn, longlist, csv_bytes)
        elif data.get("longlist_hash") and not has_longlist(conn, data["longlist_hash"]):
            raise InputError(
                f"draft {draft_id}: its long list {data['longlist_hash'][:12]}… is not in the store; "
                "save the draft with its long list"
            )
        conn.execute(
            "INSERT INTO drafts (id, state, updated_at, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, "
            "version = drafts.version + 1",
            (draft_id, canonical_json({k: v for k, v in data.items() if k != ROUND_ANSWERS_KEY}), now, now),
        )
    return data


class StaleDraft(InputError):
    """A save was based on an older version of the draft than the one stored.

    Another browser saved the draft in between. Nothing was written; ``stored`` is
    the state now in the store and ``version`` its version, so the app can offer to
    reload it or to put this browser's change on top of it.
    """

    def __init__(self, draft_id: str, based_on: int, version: int, stored: dict, updated_at: str):
        super().__init__(
            f"draft {draft_id} was changed elsewhere (now version {version}, this change was based on {based_on})"
        )
        self.draft_id = draft_id
        self.based_on = based_on
        self.version = version
        self.stored = stored
        self.updated_at = updated_at


def draft_version(conn: sqlite3.Connection, draft_id: str) -> int | None:
    """The stored version of a draft (None when there is no such draft). One indexed read:
    cheap enough to check on every page run."""
    row = conn.execute("SELECT version FROM drafts WHERE id = ?", (check_draft_id(draft_id),)).fetchone()
    return None if row is None else int(row[0])


def save_draft_versioned(
    conn: sqlite3.Connection,
    draft_id: str,
    state: Mapping,
    based_on: int | None,
    longlist: LongList | None = None,
) -> tuple[dict, int]:
    """Save a draft only if it is still at version ``based_on`` (optimistic concurrency).

    Returns ``(state as stored, version)``. ``based_on=None`` means "a new draft": it is
    refused if the id is already taken. When the stored version differs, nothing is
    written and :class:`StaleDraft` says what is stored now. When the state is the same
    as the stored one, nothing is written and the version stays (autosave stays cheap).
    The check and the write are one ``BEGIN IMMEDIATE`` transaction, so two browsers
    saving at the same moment cannot both win.
    """
    draft_id = check_draft_id(draft_id)
    data = check_draft(state)
    csv_bytes = longlist_csv(longlist) if longlist is not None else None
    now = utc_now()
    with transaction(conn):
        row = conn.execute("SELECT state, version, updated_at FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        current = None if row is None else int(row[1])
        if current != based_on:
            if row is None:
                raise InputError(f"no draft '{draft_id}' in the store: it may have been made on another machine")
            stored = json.loads(row[0])
            answers = round_answers(conn, draft_id)
            if answers:
                stored[ROUND_ANSWERS_KEY] = answers
            raise StaleDraft(draft_id, based_on if based_on is not None else 0, current, stored, row[2])
        if longlist is not None:
            data["longlist_hash"], data["criteria_hash"] = put_longlist(conn, longlist, csv_bytes)
        elif data.get("longlist_hash") and not has_longlist(conn, data["longlist_hash"]):
            raise InputError(
                f"draft {draft_id}: its long list {data['longlist_hash'][:12]}… is not in the store; "
                "save the draft with its long list"
            )
        text = canonical_json({k: v for k, v in data.items() if k != ROUND_ANSWERS_KEY})  # answers live in rounds
        if row is not None and row[0] == text:
            return data, current
        version = (current or 0) + 1
        conn.execute(
            "INSERT INTO drafts (id, state, updated_at, created_at, version) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, "
            "version = excluded.version",
            (draft_id, text, now, now, version),
        )
    return data, version


def load_draft(conn: sqlite3.Connection, draft_id: str) -> dict:
    """The draft saved under ``draft_id`` (an :class:`InputError` if there is none)."""
    draft_id = check_draft_id(draft_id)
    row = conn.execute("SELECT state FROM drafts WHERE id = ?", (draft_id,)).fetchone()
    if row is None:
        raise InputError(f"no draft '{draft_id}' in the store: it may have been made on another machine")
    state = json.loads(row[0])
    answers = round_answers(conn, draft_id)
    if answers:
        state[ROUND_ANSWERS_KEY] = answers
    return state


def round_answers(conn: sqlite3.Connection, draft_id: str) -> dict[str, dict[str, float]]:
    """Members' own answers in the draft's latest round: label -> swing points by criterion.

    Each answer is a row of its own (written by ``pmf_select.rounds``), never part of
    the draft blob, so members answering at once cannot overwrite the room's draft or
    each other. Labels are the member's name, or a stable "Member N" for anonymous
    answers, in the order members first answered. ``workshop.members_of`` folds them into
    the draft's ``members``.
    """
    rows = conn.execute(
        "SELECT label, weights FROM answers WHERE round_id = "
        "(SELECT max(id) FROM rounds WHERE draft_id = ?) ORDER BY answered_at, rowid",
        (draft_id,),
    ).fetchall()
    return {str(label): {str(k): float(v) for k, v in json.loads(weights).items()} for label, weights in rows}


def has_draft(conn: sqlite3.Connection, draft_id: str) -> bool:
    return conn.execute("SELECT 1 FROM drafts WHERE id = ?", (check_draft_id(draft_id),)).fetchone() is not None


def draft_longlist(conn: sqlite3.Connection, state: Mapping) -> LongList | None:
    """The draft's long list from the store (None when the draft names none)."""
    if not state.get("longlist_hash"):
        return None
    if not state.get("criteria_hash"):
        raise InputError("the draft names a long list but not its criteria (criteria_hash)")
    return get_longlist(conn, state["longlist_hash"], state["criteria_hash"])


def list_drafts(conn: sqlite3.Connection) -> pd.DataFrame:
    """Drafts, most recently saved first.

    Columns: ``id, created_at, updated_at, picks, longlist_hash, meeting, meeting_date,
    locked, version`` (``meeting``/``meeting_date``/``locked`` as the draft holds them,
    empty when absent), so an officer can find a draft by meeting and time.
    """
    rows = []
    for id_, state, created, updated, version in conn.execute(
        "SELECT id, state, created_at, updated_at, version FROM drafts ORDER BY updated_at DESC, id"
    ):
        data = json.loads(state)
        rows.append(
            [
                id_,
                created or "",
                updated,
                len(data.get("picks") or []),
                data.get("longlist_hash") or "",
                str(data.get("meeting") or ""),
                str(data.get("meeting_date") or ""),
                str(data.get("locked") or ""),
                int(version),
            ]
        )
    return pd.DataFrame(
        rows,
        columns=[
            "id",
            "created_at",
            "updated_at",
            "picks",
            "longlist_hash",
            "meeting",
            "meeting_date",
            "locked",
            "version",
        ],
    )


# ---------------------------------------------------------------- draft files


def export_draft(conn: sqlite3.Connection, draft_id: str) -> bytes:
    """A draft as a self-contained JSON file (UTF-8): its state, long list and criteria.

    The same draft always gives the same bytes (sorted keys, fixed indentation).
    """
    state = load_draft(conn, draft_id)
    if ROUND_ANSWERS_KEY in state:  # the file carries members' answers as members' weights
        state["members"] = {**(state.get("members") or {}), **state.pop(ROUND_ANSWERS_KEY)}
    longlist_part = criteria_part = None
    if state.get("longlist_hash"):
        data, source = get_longlist_csv(conn, state["longlist_hash"])
        longlist_part = {
            "sha256": state["longlist_hash"],
            "source": source,
            "csv": data.decode("utf-8-sig"),
        }
    if state.get("criteria_hash"):
        criteria = get_criteria(conn, state["criteria_hash"])
        criteria_part = {"sha256": state["criteria_hash"], "definition": criteria_definition(criteria)}
    document = {
        "format": DRAFT_FILE_FORMAT,
        "format_version": DRAFT_FILE_VERSION,
        "draft_id": check_draft_id(draft_id),
        "state": state,
        "longlist": longlist_part,
        "criteria": criteria_part,
    }
    return (json.dumps(document, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def read_draft_file(data: bytes, name: str = "draft file") -> tuple[dict, LongList | None, str]:
    """Parse and check a draft file; return ``(state, long list or None, original id)``."""
    from pmf_select.longlist import parse_longlist

    if len(data) > MAX_DRAFT_FILE_BYTES:
        raise InputError(f"{name}: larger than {MAX_DRAFT_FILE_BYTES // (1024 * 1024)} MB; not a draft file")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{name}: not a draft file (expected JSON exported by pmf-select: {exc})") from None
    if not isinstance(document, dict) or document.get("format") != DRAFT_FILE_FORMAT:
        raise InputError(f'{name}: not a draft file (expected "format": "{DRAFT_FILE_FORMAT}")')
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InputError(f"{name}: the draft file has no format_version")
    if version > DRAFT_FILE_VERSION:
        raise InputError(
            f"{name}: made by a newer pmf-select (draft format {version}); this version reads up to "
            f"{DRAFT_FILE_VERSION}. Upgrade pmf-select to import it."
        )
    state = check_draft(document.get("state") or {})
    original_id = check_draft_id(document.get("draft_id") or "imported")
    longlist = None
    part, crit = document.get("longlist"), document.get("criteria")
    if part is not None:
        if not isinstance(part, dict) or not isinstance(part.get("csv"), str) or not isinstance(crit, dict):
            raise InputError(f"{name}: the long list in the draft file is incomplete (needs csv and criteria)")
        definition = crit.get("definition")
        if not isinstance(definition, dict) or sha256_text(canonical_json(definition)) != crit.get("sha256"):
            raise InputError(f"{name}: the criteria in the draft file do not match their hash (the file was edited)")
        criteria = criteria_from_definition(definition)
        longlist = parse_longlist(part["csv"].encode("utf-8"), str(part.get("source") or "draft long list"), criteria)
        if longlist.content_hash != part.get("sha256") or longlist.content_hash != state.get("longlist_hash"):
            raise InputError(
                f"{name}: the long list in the draft file does not match its hash (the file was edited); "
                "export the draft again from the machine it came from"
            )
    elif state.get("longlist_hash"):
        raise InputError(f"{name}: the draft names a long list but the file does not contain it")
    return state, longlist, original_id


def import_draft(
    conn: sqlite3.Connection, data: bytes, *, name: str = "draft file", draft_id: str | None = None
) -> str:
    """Import a draft file into the store under a new id (or ``draft_id``); return the id.

    An existing draft is never overwritten: importing under an id already in use is
    refused. The long list inside is stored by hash after its hash is checked.
    """
    state, longlist, _ = read_draft_file(data, name)
    new_id = check_draft_id(draft_id) if draft_id else new_draft_id()
    if has_draft(conn, new_id):
        raise InputError(f"a draft '{new_id}' already exists in the store; import under another id")
    save_draft(conn, new_id, state, longlist)
    return new_id
