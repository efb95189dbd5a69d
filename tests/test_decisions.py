"""Locking decisions: sealed records, append-only history, all-or-nothing under crashes and concurrency."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pmf_select.errors import InputError
from pmf_select.longlist import load_longlist
from pmf_select.record import (
    DECISION_FORMAT,
    LIST_COLUMNS,
    canonical_json,
    check_decisions,
    decision_longlist,
    get_decision,
    integrity_problems,
    list_decisions,
    load_draft,
    lock_decision,
    lock_from_draft,
    open_store,
    record_sha256,
    save_draft,
    session,
    sha256_text,
)

ROOT = Path(__file__).resolve().parents[1]
LONGLIST = ROOT / "tests" / "fixtures" / "decisions_longlist.csv"
LOCKED_AT = datetime(2018, 3, 14, 19, 45, tzinfo=UTC)


@pytest.fixture(scope="module")
def longlist():
    return load_longlist(LONGLIST)


@pytest.fixture
def conn(tmp_path):
    connection = open_store(tmp_path / "store.db")
    yield connection
    connection.close()


def _lock(conn, longlist, ids=("CP-REPEAT", "LAC-STAB3", "WF-CASE"), **kwargs):
    kwargs.setdefault("meeting", "ECF Budget and Performance Sub-Committee")
    kwargs.setdefault("meeting_date", "2018-03-14")
    return lock_decision(conn, longlist, list(ids), **kwargs)


def test_a_lock_records_everything_and_its_seal_checks_out(conn, longlist):
    decision = _lock(
        conn,
        longlist,
        audience="executive",
        weights={"rationale_strength": 3, "relevance": 1},
        method="topsis",
        note="Agreed subject to Q1 data – see minute 7",
        robustness={"sampling": "around", "samples": 4000, "seed": 42, "spread": 0.05},
        constraints={"size": 3, "min_per_area": 1},
        now=LOCKED_AT,
    )
    record = decision.record
    assert decision.id == "D0001" and record["id"] == "D0001" and record["seq"] == 1
    assert record["format"] == DECISION_FORMAT
    assert record["meeting"] == "ECF Budget and Performance Sub-Committee"
    assert record["meeting_date"] == "2018-03-14" and record["locked_at"] == "2018-03-14T19:45:00Z"
    assert record["audience"] == "executive" and record["method"] == "topsis"
    assert record["agreed"] == ["CP-REPEAT", "LAC-STAB3", "WF-CASE"]
    assert record["note"] == "Agreed subject to Q1 data – see minute 7"
    assert sum(record["weights"].values()) == pytest.approx(1)
    assert record["weights"]["rationale_strength"] == pytest.approx(3 / (3 + 1 + 20 + 15 + 10))
    # and as given, defaults filled in, so scores and robustness recompute bit for bit
    assert record["weights_input"] == {
        "rationale_strength": 3.0,
        "relevance": 1.0,
        "data_availability": 20.0,
        "comparability": 15.0,
        "perverse_incentive_risk": 10.0,
    }
    assert record["robustness"] == {
        "sampling": "around",
        "samples": 4000,
        "seed": 42,
        "spread": 0.05,
        "top_k": 3,  # defaults to the size of the agreed set
        "order": None,
        "members": None,
        "thresholds": [0.9, 0.1],
    }
    assert record["constraints"] == {"size": 3, "min_per_area": 1}
    assert record["longlist"] == {"sha256": longlist.content_hash, "source": "decisions_longlist.csv", "candidates": 10}
    # the seal is the SHA-256 of the canonical JSON of exactly this record
    assert decision.sha256 == sha256_text(canonical_json(record)) == record_sha256(record)
    stored = get_decision(conn, "D0001")
    assert stored == decision and stored.seal_ok()
    assert decision_longlist(conn, stored).frame.equals(longlist.frame)


def test_canonical_json_ignores_key_order_and_refuses_nan():
    assert (
        canonical_json({"b": 1, "a": [1.5, "£"]})
        == canonical_json({"a": [1.5, "£"], "b": 1})
        == '{"a":[1.5,"£"],"b":1}'
    )
    with pytest.raises(InputError, match="JSON"):
        canonical_json({"w": float("nan")})


def test_unknown_ids_are_refused_with_a_suggestion_and_nothing_is_written(conn, longlist):
    with pytest.raises(InputError) as caught:
        _lock(conn, longlist, ids=["CP-REPEAT", "CP-REPAET", "NOPE"])
    message = str(caught.value)
    assert "'CP-REPAET' (did you mean 'CP-REPEAT'?)" in message and "'NOPE'" in message
    assert "decisions_longlist.csv" in message
    assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM longlists").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ids": []}, "no indicators to lock"),
        ({"ids": ["WF-CASE", "WF-CASE"]}, "more than once"),
        ({"meeting": "  "}, "meeting is required"),
        ({"meeting_date": "14/03/2018"}, "YYYY-MM-DD"),
        ({"audience": "cabinet"}, "unknown audience 'cabinet'"),
        ({"method": "ahp"}, "unknown method 'ahp'"),
        ({"weights": {"relevance": -1}}, "non-negative"),
        ({"weights": {"cost": 1}}, "unknown criterion 'cost'"),
        ({"robustness": {"sampling": "guess"}}, "unknown sampling 'guess'"),
        ({"robustness": {"samples": 0}}, "samples"),
        ({"robustness": {"top_k": 11}}, "top must be a whole number from 1 to 10"),
        ({"robustness": {"seed": -1}}, "seed"),
        ({"robustness": {"thresholds": [0.1, 0.9]}}, "thresholds"),
        ({"robustness": {"sampling": "members"}}, "members"),
        ({"robustness": {"sampling": "order", "order": [["relevance"]]}}, "order"),
        ({"robustness": {"colour": "red"}}, "unknown robustness setting"),
        ({"supersedes": "D0042"}, "no such decision"),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_written(conn, longlist, kwargs, message):
    ids = kwargs.pop("ids", ["CP-REPEAT"])
    with pytest.raises(InputError, match=message):
        _lock(conn, longlist, ids=ids, **kwargs)
    assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0


def test_order_and_members_sampling_record_what_they_sample_from(conn, longlist):
    implied = _lock(conn, longlist, weights={"comparability": 50}, robustness={"sampling": "order"})
    assert implied.robustness["order"][0] == ["comparability"]  # the order the weights imply, written down
    members = {"Cllr B": {"relevance": 2}, "Cllr A": {"rationale_strength": 1, "relevance": 1}}
    pooled = _lock(conn, longlist, robustness={"sampling": "members", "members": members})
    # kept as given (the robustness analysis normalises them), sorted by member
    assert pooled.robustness["members"] == {
        "Cllr A": {"rationale_strength": 1.0, "relevance": 1.0},
        "Cllr B": {"relevance": 2.0},
    }
    assert list(pooled.robustness["members"]) == ["Cllr A", "Cllr B"]
    with pytest.raises(InputError, match="member 'Cllr C'"):
        _lock(conn, longlist, robustness={"sampling": "members", "members": {"Cllr C": {"relevance": -1}}})


def test_changing_a_decision_means_a_new_one_that_supersedes_it(conn, longlist):
    first = _lock(conn, longlist)
    second = _lock(conn, longlist, ids=["CP-REPEAT", "REF-REREF"], supersedes=first.id, note="swap WF-CASE out")
    third = _lock(conn, longlist, ids=["EH-OUTCOME"], meeting="Another meeting")
    assert second.supersedes == "D0001"
    assert get_decision(conn, "D0001").superseded_by == "D0002"
    assert get_decision(conn, "D0001").agreed == ["CP-REPEAT", "LAC-STAB3", "WF-CASE"]  # unchanged
    listed = list_decisions(conn)
    assert list(listed.columns) == LIST_COLUMNS
    assert listed["id"].tolist() == ["D0001", "D0002", "D0003"]
    assert listed["superseded_by"].tolist() == ["D0002", "", ""]
    assert listed["size"].tolist() == [3, 2, 1]
    assert list_decisions(conn, include_superseded=False)["id"].tolist() == [second.id, third.id]
    with pytest.raises(InputError, match="already superseded by D0002; supersede D0002 instead"):
        _lock(conn, longlist, supersedes="D0001")
    assert check_decisions(conn) == []


def test_the_database_itself_refuses_to_change_or_delete_a_decision(conn, longlist):
    _lock(conn, longlist)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE decisions SET meeting = 'something else'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM decisions")
    with pytest.raises(sqlite3.IntegrityError, match="part of a decision"):
        conn.execute("DELETE FROM longlists")
    assert get_decision(conn, "D0001").meeting == "ECF Budget and Performance Sub-Committee"


def test_a_record_altered_outside_pmf_select_is_detected(conn, longlist):
    _lock(conn, longlist)
    _lock(conn, longlist, ids=["WF-CASE"])
    conn.execute("DROP TRIGGER decisions_no_update")
    record = json.loads(conn.execute("SELECT record FROM decisions WHERE id = 'D0001'").fetchone()[0])
    record["agreed"] = ["CP-REPEAT", "LAC-STAB3", "WF-AGENCY"]
    conn.execute("UPDATE decisions SET record = ? WHERE id = 'D0001'", (canonical_json(record),))
    conn.execute("UPDATE decisions SET meeting = 'Renamed' WHERE id = 'D0002'")
    with pytest.raises(InputError, match="D0001 fails its hash check"):
        get_decision(conn, "D0001")
    problems = check_decisions(conn)
    assert any("D0001" in p and "SHA-256" in p for p in problems)
    assert any("D0002" in p and "meeting" in p for p in problems)


def test_a_failure_inside_the_lock_leaves_nothing_behind(conn, longlist):
    def fail():
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        _lock(conn, longlist, before_commit=fail)
    assert conn.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM longlists").fetchone()[0] == 0
    assert _lock(conn, longlist).id == "D0001"


def test_a_draft_can_be_locked_as_it_stands(conn, longlist):
    save_draft(
        conn,
        "room1",
        {
            "audience": "regulator",
            "weights": {"comparability": 40},
            "method": "wpm",
            "picks": ["REF-REREF", "CP-REPEAT"],
            "notes": "as agreed in the room",
            "robustness": {"samples": 3000, "seed": 9},
        },
        longlist,
    )
    decision = lock_from_draft(conn, "room1", meeting="B&P", meeting_date="2018-03-14")
    assert decision.agreed == ["REF-REREF", "CP-REPEAT"]
    assert (decision.audience, decision.method, decision.note) == ("regulator", "wpm", "as agreed in the room")
    assert decision.robustness["samples"] == 3000 and decision.robustness["seed"] == 9
    assert decision.longlist_hash == longlist.content_hash
    # the draft's members and order of importance feed the robustness settings they ask for
    save_draft(
        conn,
        "room2",
        {
            "picks": ["WF-CASE"],
            "members": {"Cllr A": {"relevance": 3}, "Cllr B": {"comparability": 2}},
            "order": {
                "relevance": 1,
                "rationale_strength": 2,
                "comparability": 2,
                "data_availability": 3,
                "perverse_incentive_risk": 4,
            },
            "robustness": {"sampling": "members", "samples": 500},
        },
        longlist,
    )
    pooled = lock_from_draft(conn, "room2", meeting="B&P", meeting_date="2018-03-14")
    assert set(pooled.robustness["members"]) == {"Cllr A", "Cllr B"}
    save_draft(conn, "room2", {**load_draft(conn, "room2"), "robustness": {"sampling": "order", "samples": 500}})
    ordered = lock_from_draft(conn, "room2", meeting="B&P", meeting_date="2018-03-14")
    groups = [set(g) for g in ordered.robustness["order"]]
    assert groups == [
        {"relevance"},
        {"rationale_strength", "comparability"},
        {"data_availability"},
        {"perverse_incentive_risk"},
    ]


# ---------------------------------------------------------------- several processes, and a crash

CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from pmf_select.record.decisions import lock_decision
    from pmf_select.longlist.load import load_longlist
    from pmf_select.record.store import open_store

    db, longlist_path, go, name, count = sys.argv[1:6]
    longlist = load_longlist(longlist_path)
    conn = open_store(db)
    deadline = time.time() + 60
    while not Path(go).exists() and time.time() < deadline:
        time.sleep(0.005)
    for i in range(int(count)):
        decision = lock_decision(
            conn, longlist, ["CP-REPEAT", "WF-CASE"], meeting=f"{name}-{i}", meeting_date="2018-03-14",
            robustness={"samples": 100},
        )
        print(decision.id, flush=True)
    conn.close()
    """
)


def test_several_processes_locking_at_once_are_all_recorded(tmp_path, longlist):
    db = tmp_path / "shared.db"
    go = tmp_path / "go"
    processes, per_process = 4, 3
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db), str(LONGLIST), str(go), f"p{n}", str(per_process)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    time.sleep(0.5)
    go.touch()  # release them together
    printed = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        printed.extend(out.split())
    with session(db) as conn:
        listed = list_decisions(conn)
        assert len(listed) == processes * per_process
        assert sorted(listed["id"]) == sorted(printed)  # every process got the id it was told
        assert listed["id"].tolist() == [f"D{i:04d}" for i in range(1, processes * per_process + 1)]
        assert set(listed["meeting"]) == {f"p{n}-{i}" for n in range(processes) for i in range(per_process)}
        assert check_decisions(conn) == []
        assert conn.execute("SELECT count(*) FROM longlists").fetchone()[0] == 1


CRASHING_CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from pmf_select.record.decisions import lock_decision
    from pmf_select.longlist.load import load_longlist
    from pmf_select.record.store import open_store

    db, longlist_path, marker = sys.argv[1:4]
    conn = open_store(db)

    def stall():
        Path(marker).touch()  # everything is written but not committed
        time.sleep(120)

    lock_decision(
        conn, load_longlist(longlist_path), ["LAC-STAB3"], meeting="doomed", meeting_date="2018-03-14",
        before_commit=stall,
    )
    """
)


def test_a_process_killed_mid_lock_leaves_a_valid_store_and_no_partial_decision(tmp_path, longlist):
    db = tmp_path / "store.db"
    other = load_longlist(ROOT / "tests" / "fixtures" / "sample_minimal.csv")
    with session(db) as conn:
        kept = lock_decision(conn, other, ["CP-REPEAT"], meeting="kept", meeting_date="2018-02-01")
    marker = tmp_path / "inside-transaction"
    child = subprocess.Popen(
        [sys.executable, "-c", CRASHING_CHILD, str(db), str(LONGLIST), str(marker)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 60
    while not marker.exists():
        assert child.poll() is None, child.stderr.read().decode()
        assert time.time() < deadline, "the child never reached the transaction"
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL

    with session(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert integrity_problems(conn) == []
        assert list_decisions(conn)["id"].tolist() == [kept.id]
        assert get_decision(conn, kept.id).meeting == "kept"
        # the long list written inside the killed transaction is gone too: all or nothing
        assert [r[0] for r in conn.execute("SELECT hash FROM longlists")] == [other.content_hash]
        assert check_decisions(conn) == []
        assert lock_decision(conn, longlist, ["LAC-STAB3"], meeting="again", meeting_date="2018-03-14").id == "D0002"
