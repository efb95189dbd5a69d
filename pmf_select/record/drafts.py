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
"""Largest draft file (the long list inside it is at most 20 MB)."""
MAX_STATE_BYTES = 1024 * 1024
"""Largest draft state as saved (everything but the long list), as canonical JSON."""
MAX_JSON_DEPTH = 32
"""Deepest nesting of lists and mappings in a draft state (the app uses 3)."""
MAX_TEXT = 200
"""Longest short text: audience, method, meeting, an id, a member's name."""
MAX_NOTE = 20_000
"""Longest note (or the notes on one indicator)."""
MAX_PICKS = 5_000
"""Most picked, included or excluded indicators (a long list has at most 5,000)."""
MAX_MEMBERS = 100
"""Most members with their own weights."""
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
    "meeting_date",
    "order",
    "use_members",
    "weight_mode",
    "lock_note",
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


def _number(name: str, value: object, low: float, high: float, whole: bool = False) -> None:
    kind = "a whole number" if whole else "a number"
    ok = not isinstance(value, bool) and isinstance(value, int if whole else (int, float))
    if ok:
        try:
            ok = math.isfinite(float(value)) and low <= float(value) <= high  # type: ignore[arg-type]
        except OverflowError:
            ok = False
    if not ok:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        raise InputError(f"draft {name}: expected {kind} from {low:g} to {high:g}, got {shown}")


def _text(name: str, value: object, limit: int = MAX_TEXT) -> None:
    if value is not None and not isinstance(value, str):
        raise InputError(f"draft {name}: expected text, got {type(value).__name__}")
    if isinstance(value, str) and len(value) > limit:
        raise InputError(f"draft {name}: {len(value):,} characters; at most {limit:,}")


def _id_list(name: str, value: object) -> list:
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise InputError(f"draft {name}: expected a list of indicator ids")
    if len(value) > MAX_PICKS:
        raise InputError(f"draft {name}: {len(value):,} ids; at most {MAX_PICKS:,}")
    for item in value:
        _text(f"{name} id", item)
    return value


def _weights_mapping(name: str, value: object) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise InputError(f"draft {name}: expected a mapping of criterion to weight, got {type(value).__name__}")
    if len(value) > MAX_PICKS:
        raise InputError(f"draft {name}: {len(value):,} entries; expected one per criterion")
    out = {}
    for key, weight in value.items():
        _text(f"{name} key", key)
        if isinstance(weight, (int, float)) and not isinstance(weight, bool) and weight < 0:
            raise InputError(f"draft {name}['{key}']: expected a non-negative number, got {weight!r}")
        _number(f"{name}['{key}']", weight, 0, 1e12)
        out[str(key)] = weight
    return out


def _depth(value: object, limit: int) -> int:
    """How deeply lists and mappings nest in ``value`` (stops counting past ``limit``)."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (list, dict)):
            level += 1
            deepest = max(deepest, level)
            if deepest > limit:
                return deepest
            stack.extend((v, level) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


CONSTRAINT_LIMITS = {
    "size": (1, MAX_PICKS),
    "min_per_area": (0, MAX_PICKS),
    "max_per_area": (0, MAX_PICKS),
    "min_outcomes": (0, MAX_PICKS),
}


def check_draft(state: Mapping) -> dict:
    """Check a draft's known keys; return it as it will be stored (a JSON round trip).

    ``audience``, ``method`` and ``meeting`` are short text (the method one of the
    ranking methods); ``weights`` maps criterion to a non-negative number; ``members``
    maps each member to such weights; ``picks`` is a list of distinct ids;
    ``constraints`` and ``robustness`` are mappings whose known keys have the types and
    ranges the app uses; ``notes`` is text or a mapping; the hashes are 64 hex
    characters. The whole state is limited in size (:data:`MAX_STATE_BYTES`) and
    nesting (:data:`MAX_JSON_DEPTH`). Values are not checked against a long list here
    (see :func:`check_draft_against`), so the app's autosave never fails on them.
    """
    from pmf_select.ranking import MAX_SAMPLES, METHODS, SAMPLINGS

    if not isinstance(state, Mapping):
        raise InputError(f"a draft must be a mapping of names to values, not {type(state).__name__}")
    if _depth(dict(state), MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise InputError(f"draft: lists and mappings nested more than {MAX_JSON_DEPTH} deep; not a pmf-select draft")
    text = canonical_json(dict(state))
    if len(text.encode("utf-8")) > MAX_STATE_BYTES:
        sizes = {str(key): len(canonical_json(value).encode("utf-8")) for key, value in state.items()}
        largest = max(sizes, key=sizes.__getitem__)
        raise InputError(
            f"draft {largest}: {sizes[largest] / 1024 / 1024:.1f} MB; a whole draft is at most "
            f"{MAX_STATE_BYTES // 1024 // 1024} MB of settings (a real one is a few kB)"
        )
    data = json.loads(text)
    for key in ("audience", "method", "meeting", "meeting_date", "weight_mode"):
        if key in data and data[key] is not None:
            if not isinstance(data[key], str):
                raise InputError(f"draft {key}: expected text, got {data[key]!r}")
            _text(key, data[key])
    if isinstance(data.get("method"), str) and data["method"].strip().lower() not in METHODS:
        raise InputError(f"draft method '{data['method']}': expected one of {', '.join(METHODS)}")
    _text("lock_note", data.get("lock_note"), MAX_NOTE)
    for key in ("longlist_hash", "criteria_hash"):
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value)):
            raise InputError(f"draft {key}: expected a SHA-256 (64 hex characters), got {value!r}")
    if data.get("weights") is not None:
        _weights_mapping("weights", data["weights"])
    if data.get("order") is not None:
        _weights_mapping("order", data["order"])
    if data.get("use_members") is not None and not isinstance(data["use_members"], bool):
        raise InputError(f"draft use_members: expected true or false, got {data['use_members']!r}")
    if data.get("members") is not None:
        if not isinstance(data["members"], Mapping):
            raise InputError("draft members: expected a mapping of member name to their weights")
        if len(data["members"]) > MAX_MEMBERS:
            raise InputError(f"draft members: {len(data['members']):,} members; at most {MAX_MEMBERS}")
        for member, weights in data["members"].items():
            _text("members name", member)
            _weights_mapping(f"members['{member}']", weights)
    if data.get("picks") is not None:
        picks = _id_list("picks", data["picks"])
        if len(set(picks)) != len(picks):
            raise InputError("draft picks: an indicator id is listed more than once")
    for key in ("constraints", "robustness"):
        if data.get(key) is not None and not isinstance(data[key], Mapping):
            raise InputError(f"draft {key}: expected a mapping, got {type(data[key]).__name__}")
    constraints = data.get("constraints") or {}
    for key, (low, high) in CONSTRAINT_LIMITS.items():
        if constraints.get(key) is not None:
            _number(f"constraints.{key}", constraints[key], low, high, whole=True)
    if constraints.get("min_data_availability") is not None:
        _number("constraints.min_data_availability", constraints["min_data_availability"], 0, 5)
    if constraints.get("exclusive_overlaps") is not None and not isinstance(constraints["exclusive_overlaps"], bool):
        raise InputError("draft constraints.exclusive_overlaps: expected true or false")
    for key in ("include", "exclude"):
        if constraints.get(key) is not None:
            _id_list(f"constraints.{key}", constraints[key])
    robustness = data.get("robustness") or {}
    if robustness.get("sampling") is not None and robustness["sampling"] not in SAMPLINGS:
        raise InputError(
            f"draft robustness.sampling {robustness['sampling']!r}: expected one of {', '.join(SAMPLINGS)}"
        )
    if robustness.get("samples") is not None:
        _number("robustness.samples", robustness["samples"], 1, MAX_SAMPLES, whole=True)
    if robustness.get("seed") is not None:
        _number("robustness.seed", robustness["seed"], 0, 2**63 - 1, whole=True)
    if robustness.get("spread") is not None:
        _number("robustness.spread", robustness["spread"], 0, 1)
    notes = data.get("notes")
    if notes is not None and not isinstance(notes, (str, Mapping)):
        raise InputError("draft notes: expected text, or a mapping of indicator id to text")
    if isinstance(notes, str):
        _text("notes", notes, MAX_NOTE)
    elif isinstance(notes, Mapping):
        if len(notes) > MAX_PICKS:
            raise InputError(f"draft notes: {len(notes):,} entries; at most {MAX_PICKS:,}")
        for key, value in notes.items():
            _text(f"notes['{key[:40]}']", value, MAX_NOTE)
    return data


def check_draft_against(state: Mapping, longlist: LongList) -> None:
    """Check a draft's names against its long list: audience, criterion keys, indicator ids.

    Used on import, so a draft file edited by hand (or crafted) cannot put unknown
    names into the store for the app to trip on later.
    """
    _check_criterion_names(state, longlist.criteria)
    ids = set(longlist.ids)
    lists = {"picks": state.get("picks") or []}
    for key in ("include", "exclude"):
        lists[f"constraints.{key}"] = (state.get("constraints") or {}).get(key) or []
    for where, values in lists.items():
        unknown = [v for v in values if v not in ids]
        if unknown:
            raise InputError(
                f"draft {where}: unknown indicator id(s) {', '.join(repr(u) for u in unknown[:5])}"
                f"{' …' if len(unknown) > 5 else ''}; expected ids from the long list in the file"
            )


def _check_criterion_names(state: Mapping, criteria) -> None:
    """The draft's audience and criterion keys (weights, order, members) must exist in ``criteria``."""
    audience = state.get("audience")
    if audience is not None and audience not in criteria.audience_keys:
        raise InputError(f"draft audience '{audience}': expected one of {', '.join(criteria.audience_keys)}")
    keys = set(criteria.keys)
    named = {"weights": state.get("weights") or {}, "order": state.get("order") or {}}
    for member, weights in (state.get("members") or {}).items():
        named[f"members['{member}']"] = weights
    for where, mapping in named.items():
        unknown = sorted(set(mapping) - keys)
        if unknown:
            raise InputError(
                f"draft {where}: unknown criterion key(s) {', '.join(repr(u) for u in unknown[:5])}; "
                f"expected {', '.join(criteria.keys)}"
            )


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
    except RecursionError:
        raise InputError(
            f"{name}: JSON nested too deeply; not a draft file (a draft nests {MAX_JSON_DEPTH} deep at most)"
        ) from None
    except (UnicodeDecodeError, ValueError) as exc:
        # ValueError also covers integers longer than Python reads (4,300 digits)
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
    if _depth(document, MAX_JSON_DEPTH + 3) > MAX_JSON_DEPTH + 3:
        raise InputError(f"{name}: JSON nested too deeply; not a draft file")
    try:
        state = check_draft(document.get("state") or {})
    except InputError as exc:
        raise InputError(f"{name}: {exc}") from None
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
        longlist = parse_longlist(
            part["csv"].encode("utf-8"), str(part.get("source") or "draft long list"), criteria, kind="csv"
        )
        if longlist.content_hash != part.get("sha256") or longlist.content_hash != state.get("longlist_hash"):
            raise InputError(
                f"{name}: the long list in the draft file does not match its hash (the file was edited); "
                "export the draft again from the machine it came from"
            )
    elif state.get("longlist_hash"):
        raise InputError(f"{name}: the draft names a long list but the file does not contain it")
    try:
        if longlist is not None:
            check_draft_against(state, longlist)
        else:  # the app opens such a draft on the shipped list, scored on the shipped criteria
            from pmf_select.longlist import load_criteria

            _check_criterion_names(state, load_criteria())
    except InputError as exc:
        raise InputError(f"{name}: {exc}") from None
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
