"""The decision store: one SQLite file holding long lists, drafts and decisions.

Why SQLite: it is in the standard library, a single file an officer can copy, and it
keeps several writers safe at once. The store is opened in WAL mode (readers never
block the writer) with a busy timeout (a second writer waits instead of failing), and
every write happens in a ``BEGIN IMMEDIATE`` transaction, so a process killed half-way
leaves either the whole change or none of it (SQLite's atomic commit:
https://www.sqlite.org/atomiccommit.html, https://www.sqlite.org/wal.html).

The schema is versioned with ``PRAGMA user_version`` and brought up to date by the
ordered :data:`MIGRATIONS` when a store is opened, each in its own transaction.

Long lists and criteria are stored once per content hash, so a decision or a draft
can name the exact list it was made on, and anything computed from it (scores, ranks,
robustness) can be computed again later from the store alone.

Where the store lives is decided by the caller (the CLI or the app) with
:func:`resolve_db_path`, which is given the environment explicitly: this module never
reads environment variables or files it was not handed.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

from pmf_select.errors import InputError
from pmf_select.longlist import CriteriaSet, LongList, parse_criteria

ENV_VAR = "PMF_SELECT_DB"
APP_DIR = "pmf-select"
DB_NAME = "pmf_select.db"
BUSY_TIMEOUT_MS = 30_000


# ---------------------------------------------------------------- where the store lives


def default_db_path(environ: Mapping[str, str], platform: str | None = None) -> Path:
    """The per-user default store path, from the environment given (not ``os.environ``).

    Linux and macOS: ``$XDG_DATA_HOME/pmf-select/pmf_select.db``, which is
    ``~/.local/share/pmf-select/pmf_select.db`` when XDG_DATA_HOME is unset (XDG Base
    Directory spec). Windows: ``%LOCALAPPDATA%\\pmf-select\\pmf_select.db``.
    """
    platform = platform or sys.platform
    if platform.startswith("win"):
        base = environ.get("LOCALAPPDATA")
        if base:
            return Path(base) / APP_DIR / DB_NAME
        home = environ.get("USERPROFILE") or str(Path.home())
        return Path(home) / "AppData" / "Local" / APP_DIR / DB_NAME
    xdg = environ.get("XDG_DATA_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / APP_DIR / DB_NAME
    home = environ.get("HOME") or str(Path.home())
    return Path(home) / ".local" / "share" / APP_DIR / DB_NAME


def resolve_db_path(explicit: str | Path | None, environ: Mapping[str, str], platform: str | None = None) -> Path:
    """The store to use: ``--db PATH`` if given, else ``$PMF_SELECT_DB``, else the default."""
    if explicit:
        return Path(explicit).expanduser()
    if environ.get(ENV_VAR):
        return Path(environ[ENV_VAR]).expanduser()
    return default_db_path(environ, platform)


# ---------------------------------------------------------------- schema and migrations

# Each migration takes the store from version i to i+1 (index i). Never edit one that
# has shipped: add a new one. Version 1 was the first schema; version 2 made decisions
# and stored long lists immutable in SQL, allowed a decision to be superseded only
# once, and recorded when each draft was first saved.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE longlists (
            hash TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            csv BLOB NOT NULL,
            stored_at TEXT NOT NULL
        )""",
        """CREATE TABLE criteria_sets (
            hash TEXT PRIMARY KEY,
            definition TEXT NOT NULL,
            stored_at TEXT NOT NULL
        )""",
        """CREATE TABLE decisions (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,
            locked_at TEXT NOT NULL,
            meeting TEXT NOT NULL,
            meeting_date TEXT NOT NULL,
            size INTEGER NOT NULL,
            longlist_hash TEXT NOT NULL REFERENCES longlists(hash),
            criteria_hash TEXT NOT NULL REFERENCES criteria_sets(hash),
            supersedes TEXT REFERENCES decisions(id),
            record TEXT NOT NULL,
            sha256 TEXT NOT NULL
        )""",
        """CREATE TABLE drafts (
            id TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
    ),
    (
        "ALTER TABLE drafts ADD COLUMN created_at TEXT",
        "UPDATE drafts SET created_at = updated_at WHERE created_at IS NULL",
        "CREATE UNIQUE INDEX decisions_superseded_once ON decisions(supersedes) WHERE supersedes IS NOT NULL",
        "CREATE INDEX decisions_by_longlist ON decisions(longlist_hash)",
        """CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
           BEGIN SELECT RAISE(ABORT, 'decisions are append-only: lock a new decision that supersedes this one'); END""",
        """CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
           BEGIN SELECT RAISE(ABORT, 'decisions are append-only: they cannot be deleted'); END""",
        """CREATE TRIGGER longlists_no_update BEFORE UPDATE ON longlists
           BEGIN SELECT RAISE(ABORT, 'a stored long list is immutable (it is keyed by its content hash)'); END""",
        """CREATE TRIGGER longlists_no_delete BEFORE DELETE ON longlists
           WHEN EXISTS (SELECT 1 FROM decisions WHERE longlist_hash = OLD.hash)
           BEGIN SELECT RAISE(ABORT, 'this long list is part of a decision and cannot be deleted'); END""",
        """CREATE TRIGGER criteria_no_update BEFORE UPDATE ON criteria_sets
           BEGIN SELECT RAISE(ABORT, 'stored criteria are immutable (they are keyed by their content hash)'); END""",
    ),
    # Quarterly values (pmf_select.quarterly): each import of a filled template, or each
    # save from the app, is a complete, append-only version with its provenance.
    (
        """CREATE TABLE quarterly_versions (
            id INTEGER PRIMARY KEY,
            decision_id TEXT NOT NULL REFERENCES decisions(id),
            decision_sha256 TEXT NOT NULL,
            version INTEGER NOT NULL,
            file_name TEXT NOT NULL,
            file_sha256 TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            via TEXT NOT NULL,
            illustrative INTEGER NOT NULL DEFAULT 0,
            UNIQUE (decision_id, version)
        )""",
        """CREATE TABLE quarterly_indicators (
            version_id INTEGER NOT NULL REFERENCES quarterly_versions(id),
            indicator_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            target REAL,
            green REAL,
            red REAL,
            commentary TEXT NOT NULL DEFAULT '',
            england REAL,
            london REAL,
            neighbours REAL,
            england_text TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (version_id, indicator_id)
        )""",
        """CREATE TABLE quarterly_values (
            version_id INTEGER NOT NULL REFERENCES quarterly_versions(id),
            indicator_id TEXT NOT NULL,
            quarter TEXT NOT NULL,
            value REAL,
            PRIMARY KEY (version_id, indicator_id, quarter)
        )""",
        *(
            f"""CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}
               BEGIN SELECT RAISE(ABORT, 'quarterly values are append-only: import a corrected file as a new version'); END"""
            for table in ("quarterly_versions", "quarterly_indicators", "quarterly_values")
            for verb in ("UPDATE", "DELETE")
        ),
    ),
    # Members' rounds (pmf_select.rounds): a round belongs to a draft and snapshots the
    # criteria it asks about; each member's answer is one row, keyed by the hash of the
    # member's own token, so answering again replaces it. A closed round takes nothing.
    (
        """CREATE TABLE rounds (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            draft_id TEXT NOT NULL REFERENCES drafts(id),
            criteria TEXT NOT NULL,
            question TEXT NOT NULL,
            anonymous INTEGER NOT NULL DEFAULT 1,
            show_names INTEGER NOT NULL DEFAULT 0,
            opened_at TEXT NOT NULL,
            closed_at TEXT
        )""",
        "CREATE INDEX rounds_by_draft ON rounds(draft_id, id)",
        "CREATE UNIQUE INDEX rounds_one_open_per_draft ON rounds(draft_id) WHERE closed_at IS NULL",
        """CREATE TABLE answers (
            round_id INTEGER NOT NULL REFERENCES rounds(id),
            token_hash TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            label TEXT NOT NULL,
            anon_no INTEGER,
            weights TEXT NOT NULL,
            answered_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (round_id, token_hash),
            UNIQUE (round_id, label)
        )""",
        """CREATE TRIGGER answers_insert_open_only BEFORE INSERT ON answers
           WHEN (SELECT closed_at FROM rounds WHERE id = NEW.round_id) IS NOT NULL
           BEGIN SELECT RAISE(ABORT, 'this round is closed: it takes no more answers'); END""",
        """CREATE TRIGGER answers_update_open_only BEFORE UPDATE ON answers
           WHEN (SELECT closed_at FROM rounds WHERE id = OLD.round_id) IS NOT NULL
           BEGIN SELECT RAISE(ABORT, 'this round is closed: it takes no more answers'); END""",
    ),
    # drafts: a version number per draft, so two browsers on one draft cannot silently
    # overwrite each other (each save names the version it was based on)
    ("ALTER TABLE drafts ADD COLUMN version INTEGER NOT NULL DEFAULT 1",),
    # REPLACE-proof append-only: INSERT OR REPLACE deletes the clashing row without
    # firing DELETE triggers (recursive_triggers is off), so a BEFORE INSERT trigger
    # refuses any insert that would clash with a stored decision; stored long lists
    # and criteria keep their first content (RAISE(IGNORE) leaves INSERT OR IGNORE working).
    (
        """CREATE TRIGGER decisions_no_replace BEFORE INSERT ON decisions
           WHEN EXISTS (SELECT 1 FROM decisions WHERE id = NEW.id OR seq = NEW.seq
                        OR (NEW.supersedes IS NOT NULL AND supersedes = NEW.supersedes))
           BEGIN SELECT RAISE(ABORT, 'decisions are append-only: a stored decision cannot be replaced'); END""",
        """CREATE TRIGGER longlists_no_replace BEFORE INSERT ON longlists
           WHEN EXISTS (SELECT 1 FROM longlists WHERE hash = NEW.hash)
           BEGIN SELECT RAISE(IGNORE); END""",
        """CREATE TRIGGER criteria_no_replace BEFORE INSERT ON criteria_sets
           WHEN EXISTS (SELECT 1 FROM criteria_sets WHERE hash = NEW.hash)
           BEGIN SELECT RAISE(IGNORE); END""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def open_store(path: str | Path, *, check_same_thread: bool = True, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating if needed) the store at ``path`` and bring its schema up to date.

    The connection is in autocommit mode; writes go through :func:`transaction`. It has
    WAL journaling, a 30 s busy timeout, foreign keys on and ``synchronous = FULL`` (a
    committed decision survives a power cut, not just a crashed process).
    Raises :class:`InputError` when the path is not a usable SQLite store, or was
    written by a newer pmf-select.

    With ``readonly`` (commands that only read: ``decisions``, ``export``, ``verify``),
    a store that cannot be opened for writing (a read-only file or folder, a CD, a
    share) is opened read-only instead (:func:`open_readonly`).
    """
    path = Path(path)
    if path.is_dir():
        raise InputError(f"store {path}: is a folder; expected the path of an SQLite file (pmf_select.db)")
    if readonly:
        try:
            return open_store(path, check_same_thread=check_same_thread)
        except InputError as exc:
            if not _looks_read_only(str(exc)) or not path.is_file():
                raise
        return open_readonly(path, check_same_thread=check_same_thread)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"store {path}: cannot create its folder ({exc.strerror})") from None
    try:
        conn = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=check_same_thread
        )
    except sqlite3.Error as exc:
        raise InputError(f"store {path}: cannot be opened ({exc})") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        _retry_while_locked(lambda: _set_up(conn, path))
    except sqlite3.DatabaseError as exc:
        conn.close()
        if _looks_read_only(str(exc)):
            raise InputError(
                f"store {path}: cannot be written ({exc}): the file or its folder is read-only; "
                "commands that only read (decisions, export, verify) still work"
            ) from None
        raise InputError(
            f"store {path}: not a pmf-select store ({exc}); expected an SQLite file or a new path"
        ) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _looks_read_only(message: str) -> bool:
    message = message.lower()
    return any(word in message for word in ("readonly", "read-only", "unable to open", "cannot be written"))


def open_readonly(path: str | Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """Open an existing store for reading only (``mode=ro``), without migrating it.

    A store in WAL mode needs its ``-shm`` file; in a read-only folder that file cannot
    be made, so the store is then opened ``immutable=1`` (nothing can change it there).
    The connection also has ``PRAGMA query_only`` on, so no write can slip through.
    https://www.sqlite.org/uri.html, https://www.sqlite.org/wal.html#readonly
    """
    from urllib.parse import quote

    path = Path(path)
    uri = "file:" + quote(str(path.resolve()))
    last: Exception | None = None
    for options in ("?mode=ro", "?mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(
                uri + options,
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=check_same_thread,
            )
        except sqlite3.Error as exc:
            last = exc
            continue
        try:
            conn.execute("PRAGMA query_only = 1")
            version = schema_version(conn)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            conn.close()
            last = exc
            continue
        if version == 0 or version > SCHEMA_VERSION:
            conn.close()
            raise InputError(
                f"store {path}: not a store this pmf-select can read (schema version {version}); "
                f"expected 1 to {SCHEMA_VERSION}"
            )
        return conn
    raise InputError(f"store {path}: cannot be opened even read-only ({last})")


def _set_up(conn: sqlite3.Connection, path: Path) -> None:
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":  # pragma: no cover - only on file systems without shared memory
        raise InputError(f"store {path}: could not switch to WAL mode (got {mode})")
    migrate(conn, source=str(path))


def _retry_while_locked(step, deadline_s: float = BUSY_TIMEOUT_MS / 1000) -> None:
    """Run ``step`` again while SQLite says the database is locked.

    Switching a brand-new file to WAL, and its first migration, need locks that SQLite
    may refuse at once (SQLITE_BUSY without calling the busy handler) when several
    processes create the same store together; waiting and trying again is the
    documented remedy (https://www.sqlite.org/rescode.html#busy).
    """
    import random
    import time

    end = time.monotonic() + deadline_s
    delay = 0.005
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if ("locked" not in message and "busy" not in message) or time.monotonic() > end:
                raise
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.25)


@contextlib.contextmanager
def session(path: str | Path) -> Iterator[sqlite3.Connection]:
    """``with session(path) as conn:`` opens the store and always closes it."""
    conn = open_store(path)
    try:
        yield conn
    finally:
        conn.close()


_SHARED: dict[str, tuple[tuple[int, int, int] | None, sqlite3.Connection | None, threading.Lock]] = {}
_SHARED_LOCK = threading.Lock()


@contextlib.contextmanager
def shared_session(path: str | Path) -> Iterator[sqlite3.Connection]:
    """``with shared_session(path) as conn:`` this process's one open connection to the store.

    For small writes made many times a minute (the draft autosave on every slider move,
    issue 18). Opening a store and closing it costs more than the write: the close of
    the last connection checkpoints the WAL into the database file and syncs it, about
    1.2 ms of the 1.6 ms an autosave took, on the path between a slider move and the new
    ranking. The connection is kept open instead, with the same settings as
    :func:`open_store` (``synchronous = FULL``: a committed save is as durable as
    before), and SQLite checkpoints the WAL by itself as it grows.

    One caller at a time uses it (a lock per store; the calls are short), so it may be
    used from any thread. It is reopened when the file at ``path`` is no longer the one
    it has open (deleted, or replaced by another store), and dropped when a call fails
    with a database error, so a broken connection is never reused. Every connection is
    closed when the process exits.
    """
    key = str(Path(path).resolve())
    with _SHARED_LOCK:
        entry = _SHARED.get(key)
        if entry is None:
            entry = _SHARED[key] = (None, None, threading.Lock())
    identity, conn, lock = entry
    with lock:
        if conn is None or _identity(key) != identity:
            if conn is not None:
                conn.close()
            _SHARED[key] = (None, None, lock)
            conn = open_store(key, check_same_thread=False)
        broken = False
        try:
            yield conn
        except sqlite3.DatabaseError:
            broken = True
            raise
        finally:
            if broken:
                conn.close()
                _SHARED[key] = (None, None, lock)
            else:  # the file as it is after this call: a later change by anyone else shows
                _SHARED[key] = (_identity(key), conn, lock)


def _identity(path: str) -> tuple[int, int, int] | None:
    """The file at ``path`` as (device, inode, ctime in ns); None when there is none.

    The change time is there because a deleted store's inode number can be given to a
    new file at the same path: a new file's change time is its own.
    """
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_ctime_ns)


@atexit.register
def close_shared() -> None:
    """Close every :func:`shared_session` connection (the last close checkpoints the WAL)."""
    with _SHARED_LOCK:
        for key, (_, conn, lock) in list(_SHARED.items()):
            with lock:
                if conn is not None:
                    conn.close()
                _SHARED[key] = (None, None, lock)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, source: str = "store") -> int:
    """Apply every migration the store lacks, each all-or-nothing; return the version.

    Safe when several processes open an old store at once: the version is read again
    inside the write transaction, so each migration runs exactly once.
    """
    if schema_version(conn) > SCHEMA_VERSION:
        raise InputError(
            f"{source}: written by a newer pmf-select (schema version {schema_version(conn)}); "
            f"this version understands up to {SCHEMA_VERSION}. Upgrade pmf-select to open it."
        )
    while schema_version(conn) < SCHEMA_VERSION:
        with transaction(conn):
            version = schema_version(conn)
            if version >= SCHEMA_VERSION:
                break
            if version == 0 and _has_foreign_tables(conn):
                raise InputError(
                    f"{source}: an SQLite file that is not a pmf-select store (it has other tables); "
                    "expected a pmf-select store or a new path"
                )
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
    return schema_version(conn)


def _has_foreign_tables(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchone()
    return bool(row[0])


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction (``BEGIN IMMEDIATE``): committed whole, or rolled back whole.

    IMMEDIATE takes the write lock at the start, so two writers queue on the busy
    timeout rather than failing part-way with SQLITE_BUSY.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if _looks_read_only(str(exc)):
            raise InputError(f"the store cannot be written ({exc}): it is read-only; nothing was changed") from None
        raise
    try:
        yield conn
    except sqlite3.OperationalError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if _looks_read_only(str(exc)):
            raise InputError(f"the store cannot be written ({exc}): it is read-only; nothing was changed") from None
        raise
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """SQLite's own checks (``PRAGMA integrity_check`` and ``foreign_key_check``); empty when sound."""
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
        problems.append(f"{table} row {rowid} refers to a missing {parent} row")
    return problems


def utc_now() -> str:
    """The current time as ISO 8601 UTC to the second, e.g. ``2018-03-14T19:05:00Z``."""
    return format_time(datetime.now(UTC))


def format_time(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise InputError("times must carry a time zone (UTC is used in the store)")
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- canonical JSON and hashes


def canonical_json(value: object) -> str:
    """The canonical text of a JSON-able value: sorted keys, no spaces, UTF-8, no NaN.

    Numbers are written as Python writes them (the shortest text that reads back to the
    same float), so the same value always gives the same text, and the same hash. In
    the spirit of RFC 8785 (JSON Canonicalization Scheme), not byte-compatible with it.
    """
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InputError(f"cannot be saved as JSON ({exc}): expected text, numbers, lists and mappings") from None


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- criteria and long lists by hash


def criteria_definition(criteria: CriteriaSet) -> dict:
    """A criteria set as the JSON-able mapping :func:`parse_criteria` reads back."""
    return {
        "source": criteria.source,
        "audience": [{"key": a.key, "label": a.label, "help": a.help} for a in criteria.audiences],
        "criterion": [
            {
                "key": c.key,
                "label": c.label,
                "question": c.question,
                "scale": [c.scale_min, c.scale_max],
                "objective": c.objective,
                "default_weight": c.default_weight,
                "per_audience": c.per_audience,
                "help": c.help,
            }
            for c in criteria.criteria
        ],
    }


def criteria_from_definition(definition: Mapping) -> CriteriaSet:
    data = dict(definition)
    source = str(data.pop("source", "criteria.toml"))
    return parse_criteria(data, source=source)


def criteria_hash(criteria: CriteriaSet) -> str:
    """SHA-256 of the criteria's canonical JSON (keys, scales, objectives, audiences, texts)."""
    return sha256_text(canonical_json(criteria_definition(criteria)))


def longlist_csv(longlist: LongList) -> bytes:
    """The long list as the CSV bytes the store keeps, checked to read back identically.

    Raises :class:`InputError` if reading the CSV back would not give the same content
    hash, because then nothing computed later from the store could be trusted.

    Writing and re-reading the list takes 80 ms; every browser that opens the workshop
    stores the list with its new draft, so the bytes are kept per list content and
    criteria (:data:`_CSV_KEPT` lists at most): the same list is written and checked
    once per process. Both bytes and check depend only on that content.
    """
    key = (longlist.content_hash, criteria_hash(longlist.criteria))
    kept = _CSV.get(key)
    if kept is not None:
        return kept
    from pmf_select.longlist import parse_longlist
    from pmf_select.record.tables import longlist_to_csv_bytes

    data = longlist_to_csv_bytes(longlist)
    again = parse_longlist(data, _source_name(longlist.source), longlist.criteria, kind="csv")
    if again.content_hash != longlist.content_hash:
        raise InputError(
            f"{longlist.source}: the long list does not read back identically from CSV, so it cannot be "
            "stored faithfully; check for cells with leading or trailing spaces or unusual characters"
        )
    _CSV[key] = data
    while len(_CSV) > _CSV_KEPT:
        _CSV.pop(next(iter(_CSV)))
    return data


_CSV: dict[tuple[str, str], bytes] = {}
_CSV_KEPT = 8


def put_longlist(conn: sqlite3.Connection, longlist: LongList, csv_bytes: bytes | None = None) -> tuple[str, str]:
    """Store a long list and its criteria (once per hash) inside the caller's transaction.

    Returns ``(longlist_hash, criteria_hash)``. Call it inside :func:`transaction`, or
    use :func:`store_longlist`.
    """
    data = csv_bytes if csv_bytes is not None else longlist_csv(longlist)
    now = utc_now()
    list_hash = longlist.content_hash
    definition = criteria_definition(longlist.criteria)
    crit_hash = sha256_text(canonical_json(definition))
    conn.execute(
        "INSERT OR IGNORE INTO longlists (hash, source, csv, stored_at) VALUES (?, ?, ?, ?)",
        (list_hash, _source_name(longlist.source), data, now),
    )
    conn.execute(
        "INSERT OR IGNORE INTO criteria_sets (hash, definition, stored_at) VALUES (?, ?, ?)",
        (crit_hash, canonical_json(definition), now),
    )
    return list_hash, crit_hash


def store_longlist(conn: sqlite3.Connection, longlist: LongList) -> tuple[str, str]:
    """Store a long list and its criteria in their own transaction; return both hashes."""
    data = longlist_csv(longlist)
    with transaction(conn):
        return put_longlist(conn, longlist, data)


def has_longlist(conn: sqlite3.Connection, longlist_hash: str) -> bool:
    return conn.execute("SELECT 1 FROM longlists WHERE hash = ?", (longlist_hash,)).fetchone() is not None


def get_criteria(conn: sqlite3.Connection, criteria_hash_: str) -> CriteriaSet:
    row = conn.execute("SELECT definition FROM criteria_sets WHERE hash = ?", (criteria_hash_,)).fetchone()
    if row is None:
        raise InputError(f"no criteria with hash {criteria_hash_[:12]}… in the store")
    if sha256_text(row[0]) != criteria_hash_:
        raise InputError(f"the stored criteria {criteria_hash_[:12]}… fail their hash check: the store was altered")
    return criteria_from_definition(json.loads(row[0]))


def get_longlist_csv(conn: sqlite3.Connection, longlist_hash: str) -> tuple[bytes, str]:
    """The stored CSV bytes and source name of a long list."""
    row = conn.execute("SELECT csv, source FROM longlists WHERE hash = ?", (longlist_hash,)).fetchone()
    if row is None:
        raise InputError(f"no long list with hash {longlist_hash[:12]}… in the store")
    data = row[0].encode("utf-8") if isinstance(row[0], str) else bytes(row[0])  # TEXT if edited by hand
    return data, str(row[1])


def get_longlist(
    conn: sqlite3.Connection, longlist_hash: str, criteria_hash_: str | None = None, criteria: CriteriaSet | None = None
) -> LongList:
    """Read a stored long list back, checked against its content hash.

    The criteria come from the store by ``criteria_hash_`` (or are passed in). Raises
    :class:`InputError` if the list is missing or no longer matches its hash.
    """
    from pmf_select.longlist import parse_longlist

    if criteria is None:
        if criteria_hash_ is None:
            raise InputError("reading a stored long list needs its criteria (a criteria hash or a CriteriaSet)")
        criteria = get_criteria(conn, criteria_hash_)
    data, source = get_longlist_csv(conn, longlist_hash)
    longlist = parse_longlist(data, source, criteria, kind="csv")
    if longlist.content_hash != longlist_hash:
        raise InputError(f"the stored long list {longlist_hash[:12]}… fails its hash check: the store was altered")
    return longlist


def _source_name(source: str) -> str:
    """Just the file name: a stored record should not carry the officer's folders."""
    name = Path(str(source)).name
    return name or str(source)
