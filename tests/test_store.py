"""The store (path, WAL, schema migrations, long lists by hash) and drafts kept in it."""

from __future__ import annotations

import json
import re
import sqlite3
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmf_select.errors import InputError
from pmf_select.longlist import LongList, load_longlist
from pmf_select.record import (
    DRAFT_FILE_VERSION,
    DRAFT_KEYS,
    MIGRATIONS,
    SCHEMA_VERSION,
    canonical_json,
    check_draft,
    criteria_from_definition,
    criteria_hash,
    default_db_path,
    draft_longlist,
    export_draft,
    get_criteria,
    get_longlist,
    import_draft,
    integrity_problems,
    list_drafts,
    load_draft,
    longlist_csv,
    new_draft_id,
    open_store,
    read_draft_file,
    resolve_db_path,
    save_draft,
    schema_version,
    session,
    store_longlist,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LONGLIST = FIXTURES / "decisions_longlist.csv"


@pytest.fixture(scope="module")
def longlist() -> LongList:
    return load_longlist(LONGLIST)


@pytest.fixture
def conn(tmp_path):
    connection = open_store(tmp_path / "store.db")
    yield connection
    connection.close()


# ---------------------------------------------------------------- where the store lives


def test_default_path_follows_xdg_then_home_on_linux():
    assert default_db_path({"HOME": "/home/officer"}, "linux") == Path(
        "/home/officer/.local/share/pmf-select/pmf_select.db"
    )
    assert default_db_path({"HOME": "/home/officer", "XDG_DATA_HOME": "/data"}, "linux") == Path(
        "/data/pmf-select/pmf_select.db"
    )
    # a relative XDG_DATA_HOME is invalid under the XDG spec and ignored
    assert default_db_path({"HOME": "/h", "XDG_DATA_HOME": "rel"}, "darwin") == Path(
        "/h/.local/share/pmf-select/pmf_select.db"
    )


def test_default_path_uses_localappdata_on_windows():
    path = default_db_path({"LOCALAPPDATA": r"C:\Users\officer\AppData\Local"}, "win32")
    assert path.parts[-2:] == ("pmf-select", "pmf_select.db")
    assert str(path).startswith(r"C:\Users\officer\AppData\Local")
    fallback = default_db_path({"USERPROFILE": "/u"}, "win32")
    assert fallback == Path("/u/AppData/Local/pmf-select/pmf_select.db")


def test_explicit_path_beats_environment_which_beats_default():
    env = {"PMF_SELECT_DB": "/env/store.db", "HOME": "/home/x"}
    assert resolve_db_path("/cli/store.db", env, "linux") == Path("/cli/store.db")
    assert resolve_db_path(None, env, "linux") == Path("/env/store.db")
    assert resolve_db_path(None, {"HOME": "/home/x"}, "linux") == Path("/home/x/.local/share/pmf-select/pmf_select.db")


# ---------------------------------------------------------------- opening and migrating


def test_open_creates_folders_and_uses_wal_busy_timeout_and_latest_schema(tmp_path):
    path = tmp_path / "deep" / "er" / "store.db"
    with session(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert schema_version(connection) == SCHEMA_VERSION == len(MIGRATIONS)
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"longlists", "criteria_sets", "decisions", "drafts"} <= tables
    # opening again runs no migration twice and keeps the version
    with session(path) as connection:
        assert schema_version(connection) == SCHEMA_VERSION
        assert integrity_problems(connection) == []


V1_SCHEMA = """
CREATE TABLE longlists (hash TEXT PRIMARY KEY, source TEXT NOT NULL, csv BLOB NOT NULL, stored_at TEXT NOT NULL);
CREATE TABLE criteria_sets (hash TEXT PRIMARY KEY, definition TEXT NOT NULL, stored_at TEXT NOT NULL);
CREATE TABLE decisions (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, locked_at TEXT NOT NULL, meeting TEXT NOT NULL,
    meeting_date TEXT NOT NULL, size INTEGER NOT NULL,
    longlist_hash TEXT NOT NULL REFERENCES longlists(hash),
    criteria_hash TEXT NOT NULL REFERENCES criteria_sets(hash),
    supersedes TEXT REFERENCES decisions(id), record TEXT NOT NULL, sha256 TEXT NOT NULL);
CREATE TABLE drafts (id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at TEXT NOT NULL);
PRAGMA user_version = 1;
"""


def test_a_version_1_store_is_migrated_and_keeps_its_data(tmp_path, longlist):
    from pmf_select.record import check_decisions, get_decision, lock_decision

    # a real decision, made by this version, to copy into an old-style store by hand
    with session(tmp_path / "new.db") as new:
        decision = lock_decision(new, longlist, ["CP-REPEAT", "WF-CASE"], meeting="B&P", meeting_date="2018-03-14")
        rows = {table: new.execute(f"SELECT * FROM {table}").fetchall() for table in ("longlists", "criteria_sets")}
        decision_row = new.execute(
            "SELECT id, seq, locked_at, meeting, meeting_date, size, longlist_hash, criteria_hash, supersedes, "
            "record, sha256 FROM decisions"
        ).fetchone()

    old_path = tmp_path / "old.db"
    old = sqlite3.connect(old_path)
    old.executescript(V1_SCHEMA)
    old.executemany("INSERT INTO longlists VALUES (?, ?, ?, ?)", rows["longlists"])
    old.executemany("INSERT INTO criteria_sets VALUES (?, ?, ?)", rows["criteria_sets"])
    old.execute("INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", decision_row)
    old.execute(
        "INSERT INTO drafts VALUES (?, ?, ?)", ("draft1", json.dumps({"picks": ["CP-REPEAT"]}), "2018-03-01T10:00:00Z")
    )
    old.commit()
    # version 1 had no immutability triggers: an update went through
    old.execute("UPDATE decisions SET meeting = meeting")
    old.commit()
    old.close()

    with session(old_path) as migrated:
        assert schema_version(migrated) == SCHEMA_VERSION
        kept = get_decision(migrated, decision.id)
        assert kept.sha256 == decision.sha256 and kept.agreed == ["CP-REPEAT", "WF-CASE"]
        assert check_decisions(migrated) == []
        assert load_draft(migrated, "draft1") == {"picks": ["CP-REPEAT"]}
        created = migrated.execute("SELECT created_at FROM drafts WHERE id = 'draft1'").fetchone()[0]
        assert created == "2018-03-01T10:00:00Z"  # back-filled from updated_at
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            migrated.execute("UPDATE decisions SET meeting = 'changed'")
        # and the migrated store takes new decisions, numbered after the old ones
        assert lock_decision(migrated, longlist, ["LAC-STAB3"], meeting="B&P", meeting_date="2018-04-01").id == "D0002"


def test_a_store_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "future.db"
    future = sqlite3.connect(path)
    future.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    future.close()
    with pytest.raises(InputError, match="newer pmf-select"):
        open_store(path)


def test_files_that_are_not_stores_are_refused(tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("these are minutes, not a database " * 100)
    with pytest.raises(InputError, match="not a pmf-select store"):
        open_store(text)
    other = tmp_path / "other.db"
    foreign = sqlite3.connect(other)
    foreign.execute("CREATE TABLE budget (line TEXT)")
    foreign.close()
    with pytest.raises(InputError, match="not a pmf-select store"):
        open_store(other)
    with pytest.raises(InputError, match="is a folder"):
        open_store(tmp_path)


# ---------------------------------------------------------------- long lists and criteria by hash


def test_a_long_list_is_stored_once_and_read_back_identically(conn, longlist):
    first = store_longlist(conn, longlist)
    second = store_longlist(conn, longlist)
    assert first == second == (longlist.content_hash, criteria_hash(longlist.criteria))
    assert conn.execute("SELECT count(*) FROM longlists").fetchone()[0] == 1
    again = get_longlist(conn, *first)
    assert again.content_hash == longlist.content_hash
    assert again.frame.equals(longlist.frame)
    assert list(again.frame.columns) == list(longlist.frame.columns)
    assert again.source == "decisions_longlist.csv"  # the file name, not the officer's folders


def test_criteria_round_trip_through_their_definition(conn, longlist):
    _, crit = store_longlist(conn, longlist)
    criteria = get_criteria(conn, crit)
    assert criteria == criteria_from_definition(json.loads(canonical_json(_definition(longlist))))
    assert criteria.criteria == longlist.criteria.criteria and criteria.audiences == longlist.criteria.audiences


def _definition(longlist):
    from pmf_select.record import criteria_definition

    return criteria_definition(longlist.criteria)


def test_a_stored_long_list_altered_behind_our_back_is_detected(conn, longlist):
    hashes = store_longlist(conn, longlist)
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        conn.execute("UPDATE longlists SET csv = x'00'")
    conn.execute("DROP TRIGGER longlists_no_update")
    data = conn.execute("SELECT csv FROM longlists").fetchone()[0]
    conn.execute("UPDATE longlists SET csv = ?", (bytes(data).replace(b"Cllr A", b"Cllr Z"),))
    with pytest.raises(InputError, match="fails its hash check"):
        get_longlist(conn, *hashes)


def test_a_long_list_that_would_not_read_back_identically_is_refused(longlist):
    frame = longlist.frame.copy()
    frame.loc[0, "name"] = "  padded with spaces  "
    with pytest.raises(InputError, match="does not read back identically"):
        longlist_csv(LongList(frame, longlist.criteria, "edited"))


# ---------------------------------------------------------------- drafts


def _full_state(longlist):
    return {
        "audience": "executive",
        "weights": {"rationale_strength": 40, "relevance": 30, "data_availability": 10, "comparability": 10},
        "members": {"Cllr A": {"rationale_strength": 5, "relevance": 1}, "Cllr B": {"comparability": 3.5}},
        "method": "topsis",
        "constraints": {"size": 4, "min_per_area": 1, "include": ["CP-REPEAT"], "exclude": []},
        "picks": ["CP-REPEAT", "WF-CASE", "LAC-STAB3"],
        "notes": {"CP-REPEAT": "keep – members insist", "WF-CASE": "=not a formula"},
        "robustness": {"sampling": "around", "samples": 5000, "seed": 7, "spread": 0.15},
        "meeting": "ECF Budget & Performance Sub-Committee, 14 March 2018",
        "ui_page": "workshop",  # keys the app adds are kept
    }


def test_a_draft_saved_and_reloaded_is_identical(tmp_path, longlist):
    path = tmp_path / "store.db"
    draft_id = new_draft_id()
    with session(path) as connection:
        saved = save_draft(connection, draft_id, _full_state(longlist), longlist)
    # a browser refresh: a new connection, as a new Streamlit session would open
    with session(path) as connection:
        loaded = load_draft(connection, draft_id)
        assert loaded == saved
        assert {k: v for k, v in loaded.items() if k not in ("longlist_hash", "criteria_hash")} == _full_state(longlist)
        assert loaded["longlist_hash"] == longlist.content_hash
        assert draft_longlist(connection, loaded).content_hash == longlist.content_hash


def test_autosave_replaces_the_state_but_keeps_when_the_draft_began(conn, longlist):
    draft_id = new_draft_id()
    save_draft(conn, draft_id, {"picks": ["CP-REPEAT"]}, longlist)
    created = conn.execute("SELECT created_at FROM drafts WHERE id = ?", (draft_id,)).fetchone()[0]
    state = load_draft(conn, draft_id)
    state["picks"].append("WF-CASE")
    save_draft(conn, draft_id, state)
    assert load_draft(conn, draft_id)["picks"] == ["CP-REPEAT", "WF-CASE"]
    assert conn.execute("SELECT created_at FROM drafts WHERE id = ?", (draft_id,)).fetchone()[0] == created
    assert list_drafts(conn)["id"].tolist() == [draft_id]
    assert list_drafts(conn)["picks"].tolist() == [2]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extra=st.dictionaries(st.text(min_size=1, max_size=10).filter(lambda k: k not in DRAFT_KEYS), json_values))
def test_any_json_state_round_trips_exactly(extra):
    with tempfile.TemporaryDirectory() as folder, session(Path(folder) / "s.db") as connection:
        state = {"picks": ["A", "B"], "weights": {"relevance": 0.5}, **extra}
        saved = save_draft(connection, "d1", state)
        assert load_draft(connection, "d1") == saved == json.loads(json.dumps(state))


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({"picks": "CP-REPEAT"}, "picks: expected a list"),
        ({"picks": ["A", "A"]}, "more than once"),
        ({"weights": {"relevance": -1}}, "non-negative"),
        ({"weights": [1, 2]}, "expected a mapping"),
        ({"members": {"Cllr A": {"relevance": "lots"}}}, "members\\['Cllr A'\\]"),
        ({"audience": 3}, "audience: expected text"),
        ({"longlist_hash": "abc"}, "SHA-256"),
        ({"constraints": [1]}, "constraints: expected a mapping"),
        ({"weights": {"relevance": float("nan")}}, "cannot be saved as JSON"),
    ],
)
def test_bad_draft_fields_are_refused_with_what_was_expected(state, message):
    with pytest.raises(InputError, match=message):
        check_draft(state)


def test_draft_ids_are_fresh_url_safe_and_checked(conn):
    ids = {new_draft_id() for _ in range(200)}
    assert len(ids) == 200 and all(re.fullmatch(r"[a-z2-7]{13}", i) for i in ids)
    with pytest.raises(InputError, match="draft id"):
        save_draft(conn, "../../etc/passwd", {})
    with pytest.raises(InputError, match="no draft 'missing1'"):
        load_draft(conn, "missing1")


def test_a_draft_naming_a_long_list_not_in_the_store_is_refused(conn):
    with pytest.raises(InputError, match="not in the store"):
        save_draft(conn, "d1", {"longlist_hash": "a" * 64})


def test_a_draft_exported_and_imported_elsewhere_is_identical(tmp_path, longlist):
    with session(tmp_path / "laptop.db") as laptop:
        save_draft(laptop, "room1", _full_state(longlist), longlist)
        data = export_draft(laptop, "room1")
        assert export_draft(laptop, "room1") == data  # deterministic
    document = json.loads(data)
    assert document["format"] == "pmf-select draft" and document["format_version"] == DRAFT_FILE_VERSION
    with session(tmp_path / "office.db") as office:
        new_id = import_draft(office, data)
        assert new_id != "room1"
        state = load_draft(office, new_id)
        with session(tmp_path / "laptop.db") as laptop:
            assert state == load_draft(laptop, "room1")
        assert draft_longlist(office, state).frame.equals(longlist.frame)
        with pytest.raises(InputError, match="already exists"):
            import_draft(office, data, draft_id=new_id)


def test_edited_or_foreign_draft_files_are_refused(conn, longlist):
    save_draft(conn, "room1", _full_state(longlist), longlist)
    good = json.loads(export_draft(conn, "room1"))

    edited = json.loads(json.dumps(good))
    edited["longlist"]["csv"] = edited["longlist"]["csv"].replace("Cllr A", "Cllr Z")
    with pytest.raises(InputError, match="does not match its hash"):
        read_draft_file(json.dumps(edited).encode())

    criteria_edited = json.loads(json.dumps(good))
    criteria_edited["criteria"]["definition"]["criterion"][0]["default_weight"] = 99
    with pytest.raises(InputError, match="criteria in the draft file do not match"):
        read_draft_file(json.dumps(criteria_edited).encode())

    newer = dict(good, format_version=DRAFT_FILE_VERSION + 1)
    with pytest.raises(InputError, match="newer pmf-select"):
        read_draft_file(json.dumps(newer).encode())

    with pytest.raises(InputError, match="not a draft file"):
        read_draft_file(b"id,name\nA,B\n")
    with pytest.raises(InputError, match="not a draft file"):
        read_draft_file(json.dumps({"format": "something else"}).encode())

    missing_list = dict(good, longlist=None)
    with pytest.raises(InputError, match="does not contain it"):
        read_draft_file(json.dumps(missing_list).encode())


def _open_and_close(path: str, barrier) -> None:
    from pmf_select.record import open_store

    barrier.wait()
    open_store(path).close()


def test_many_processes_creating_the_same_new_store_at_once_all_succeed(tmp_path, monkeypatch):
    import multiprocessing
    import types

    # A spawned child re-runs the parent's __main__; after an AppTest that is app.py. Give
    # the children a plain __main__ so they run only the open under test.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    context = multiprocessing.get_context("spawn")
    for attempt in range(3):
        path = str(tmp_path / f"race{attempt}.db")
        barrier = context.Barrier(6)
        workers = [context.Process(target=_open_and_close, args=(path, barrier)) for _ in range(6)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        assert [w.exitcode for w in workers] == [0] * 6


def test_a_long_list_is_written_and_checked_once_then_kept(longlist, monkeypatch):
    from pmf_select.record import tables

    first = longlist_csv(longlist)
    monkeypatch.setattr(tables, "longlist_to_csv_bytes", lambda _: pytest.fail("written again"))
    assert longlist_csv(longlist) == first  # the same content: kept, not written again
    frame = longlist.frame.copy()
    frame.loc[0, "name"] = "Another name"
    with pytest.raises(pytest.fail.Exception, match="written again"):
        longlist_csv(LongList(frame, longlist.criteria, "edited"))  # other content: written and checked
