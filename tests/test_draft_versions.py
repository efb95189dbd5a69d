"""Two browsers on one draft: versioned saves, never a silent overwrite."""

from __future__ import annotations

import pytest

from pmf_select.errors import InputError
from pmf_select.record import (
    StaleDraft,
    draft_version,
    list_drafts,
    load_draft,
    open_store,
    save_draft,
    save_draft_versioned,
)


@pytest.fixture
def conn(tmp_path):
    connection = open_store(tmp_path / "store.db")
    yield connection
    connection.close()


def test_each_save_names_its_base_version_and_a_stale_one_is_refused(conn):
    save_draft(conn, "room", {"picks": ["A"]})
    assert draft_version(conn, "room") == 1
    # projector and laptop both read version 1
    stored, version = save_draft_versioned(conn, "room", {"picks": ["A", "B"]}, 1)
    assert version == 2 and stored["picks"] == ["A", "B"]
    with pytest.raises(StaleDraft) as stale:
        save_draft_versioned(conn, "room", {"picks": ["C"]}, 1)
    assert stale.value.version == 2 and stale.value.based_on == 1
    assert stale.value.stored["picks"] == ["A", "B"]
    assert load_draft(conn, "room")["picks"] == ["A", "B"]  # nothing overwritten
    # keeping my change on top: save again, based on what is stored now
    _, version = save_draft_versioned(conn, "room", {"picks": ["A", "B", "C"]}, 2)
    assert version == 3 and load_draft(conn, "room")["picks"] == ["A", "B", "C"]


def test_an_unchanged_state_is_not_written_again(conn):
    save_draft(conn, "room", {"picks": ["A"], "meeting": "ECF"})
    before = conn.execute("SELECT updated_at, version FROM drafts").fetchone()
    stored, version = save_draft_versioned(conn, "room", {"meeting": "ECF", "picks": ["A"]}, 1)
    assert version == 1
    assert conn.execute("SELECT updated_at, version FROM drafts").fetchone() == before


def test_unconditional_save_still_bumps_the_version(conn):
    save_draft(conn, "room", {"picks": ["A"]})
    save_draft(conn, "room", {"picks": ["B"]})
    assert draft_version(conn, "room") == 2
    with pytest.raises(StaleDraft):
        save_draft_versioned(conn, "room", {"picks": ["C"]}, 1)


def test_a_missing_draft_is_not_created_by_a_versioned_save(conn):
    with pytest.raises(InputError, match="no draft 'ghost'"):
        save_draft_versioned(conn, "ghost", {"picks": []}, 3)
    assert draft_version(conn, "ghost") is None


def test_drafts_are_listed_by_meeting_and_time(conn):
    save_draft(conn, "a", {"meeting": "ECF B&P Sub-Committee", "meeting_date": "2018-03-20", "picks": ["X"]})
    save_draft(conn, "b", {"meeting": "Schools Forum", "locked": "D0003"})
    frame = list_drafts(conn)
    rows = {r["id"]: r for r in frame.to_dict(orient="records")}
    assert rows["a"]["meeting"] == "ECF B&P Sub-Committee" and rows["a"]["meeting_date"] == "2018-03-20"
    assert rows["b"]["locked"] == "D0003" and rows["b"]["version"] == 1
