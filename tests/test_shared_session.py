"""The draft autosave's kept-open store connection (record.store.shared_session)."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from pmf_select.record import store


def _count(path) -> int:
    with store.session(path) as conn:
        return conn.execute("SELECT COUNT(*) FROM drafts").fetchone()[0]


def _write(conn, name: str) -> None:
    with store.transaction(conn):
        conn.execute(
            "INSERT INTO drafts (id, state, updated_at, created_at, version) VALUES (?, '{}', 'now', 'now', 1)",
            (name,),
        )


def test_one_connection_is_reused_and_its_writes_are_committed(tmp_path):
    path = tmp_path / "s.db"
    with store.shared_session(path) as first:
        _write(first, "a")
    with store.shared_session(path) as second:
        _write(second, "b")
    assert first is second
    assert _count(path) == 2  # a fresh connection sees both


def test_a_replaced_store_is_reopened_not_written_through_the_old_file(tmp_path):
    path = tmp_path / "s.db"
    with store.shared_session(path) as first:
        _write(first, "a")
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"s.db{suffix}").unlink(missing_ok=True)
    with store.shared_session(path) as second:  # a new, empty store at the same path
        _write(second, "b")
    assert second is not first
    assert _count(path) == 1


def test_a_database_error_drops_the_connection(tmp_path):
    path = tmp_path / "s.db"
    with store.shared_session(path) as first:
        pass
    with pytest.raises(sqlite3.OperationalError), store.shared_session(path) as conn:
        conn.execute("SELECT * FROM no_such_table")
    with store.shared_session(path) as again:
        assert again is not first


def test_callers_on_several_threads_take_turns(tmp_path):
    path = tmp_path / "s.db"
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                with store.shared_session(path) as conn:
                    _write(conn, f"{n}-{i}")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert _count(path) == 80


def test_closing_them_all_leaves_a_store_others_read(tmp_path):
    path = tmp_path / "s.db"
    with store.shared_session(path) as conn:
        _write(conn, "a")
    store.close_shared()
    with pytest.raises(sqlite3.ProgrammingError):
        conn.execute("SELECT 1")  # closed
    assert _count(path) == 1
