"""Members' rounds: join codes, answers checked and stored once, folded into the draft's members."""

from __future__ import annotations

import json
import math
import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest

from pmf_select import rounds
from pmf_select.errors import InputError
from pmf_select.longlist import load_criteria, parse_longlist
from pmf_select.record import (
    ROUND_ANSWERS_KEY,
    export_draft,
    load_draft,
    open_store,
    read_draft_file,
    save_draft,
    workshop,
)

ROOT = Path(__file__).resolve().parents[1]
CRITERIA = load_criteria()
KEYS = CRITERIA.keys


def points(*values: float) -> dict[str, float]:
    return dict(zip(KEYS, values, strict=True))


@pytest.fixture
def store(tmp_path):
    db = tmp_path / "rounds.db"
    conn = open_store(db)
    longlist = parse_longlist((ROOT / "candidates" / "longlist.csv").read_bytes(), "longlist.csv", CRITERIA)
    save_draft(
        conn, "d1", {"audience": "scrutiny", "members": {"Cllr Officer-Typed": points(100, 0, 0, 0, 0)}}, longlist
    )
    yield conn, db
    conn.close()


def test_join_codes_are_three_groups_from_an_unambiguous_alphabet():
    codes = {rounds.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:50]:
        groups = code.split("-")
        assert [len(g) for g in groups] == [3, 3, 3]
        assert set(code.replace("-", "")) <= set(rounds.ALPHABET)
    assert not set("0O1IL2Z5S8B6GQ") & set(rounds.ALPHABET)
    code = next(iter(codes))
    assert rounds.normalise_code(code.lower().replace("-", " ")) == code
    assert rounds.normalise_code(code.replace("-", "")) == code
    assert rounds.normalise_code("ABC-DEF-GHI") is None  # B, G, I are not in the alphabet
    assert rounds.normalise_code("ACD-EFH") is None
    assert rounds.normalise_code(None) is None


def test_opening_twice_gives_the_same_round_and_the_code_finds_it(store):
    conn, _ = store
    first = rounds.open_round(conn, "d1", CRITERIA)
    again = rounds.open_round(conn, "d1", CRITERIA)
    assert again == first and first.is_open
    assert rounds.find_round(conn, first.code.lower()) == first
    assert rounds.find_round(conn, "ACD-EFH-JKM") is None
    assert list(first.keys) == list(KEYS)
    assert "100" in first.question
    with pytest.raises(InputError, match="no draft"):
        rounds.open_round(conn, "nosuchdraft", CRITERIA)


def test_anonymous_answers_get_stable_labels_and_an_edit_replaces_the_row(store):
    conn, _ = store
    round_ = rounds.open_round(conn, "d1", CRITERIA)
    a, b, c = rounds.new_token(), rounds.new_token(), rounds.new_token()
    assert rounds.submit_answer(conn, round_.id, a, "", points(100, 50, 0, 0, 0)).label == "Member 1"
    assert rounds.submit_answer(conn, round_.id, b, "  Cllr   Ann  Smith ", points(10, 100, 0, 0, 0)).label == (
        "Cllr Ann Smith"
    )
    assert rounds.submit_answer(conn, round_.id, c, None, points(0, 0, 100, 0, 0)).label == "Member 2"
    changed = rounds.submit_answer(conn, round_.id, a, "", points(0, 0, 0, 0, 100))
    assert changed.label == "Member 1" and changed.weights == points(0, 0, 0, 0, 100)
    assert rounds.count_answers(conn, round_.id) == 3
    assert [x.label for x in rounds.list_answers(conn, round_.id)] == ["Member 1", "Cllr Ann Smith", "Member 2"]
    assert rounds.get_answer(conn, round_.id, b).weights == points(10, 100, 0, 0, 0)
    assert rounds.get_answer(conn, round_.id, rounds.new_token()) is None
    with pytest.raises(InputError, match="someone else"):
        rounds.submit_answer(conn, round_.id, rounds.new_token(), "Cllr Ann Smith", points(1, 1, 1, 1, 1))
    # the token is stored only as a hash
    stored = [r[0] for r in conn.execute("SELECT token_hash FROM answers")]
    assert a not in stored and len(stored[0]) == 64


BAD_ANSWERS = [
    ("unknown criterion", "", {**points(50, 50, 50, 50, 50), "cost": 10}),
    ("missing criterion", "", {k: 50 for k in KEYS[:-1]}),
    ("negative", "", points(-1, 50, 50, 50, 50)),
    ("non-numeric", "", points("50", 50, 50, 50, 50)),
    ("boolean", "", points(True, 50, 50, 50, 50)),
    ("NaN", "", points(math.nan, 50, 50, 50, 50)),
    ("infinite", "", points(math.inf, 50, 50, 50, 50)),
    ("over 100", "", points(101, 50, 50, 50, 50)),
    ("all zero", "", points(0, 0, 0, 0, 0)),
    ("not a mapping", "", [50, 50, 50, 50, 50]),
    ("oversized name", "x" * 61, points(50, 50, 50, 50, 50)),
    ("huge name", "x" * 100_000, points(50, 50, 50, 50, 50)),
    ("control characters", "Ann\x00\u202e", points(50, 50, 50, 50, 50)),
    ("name not text", 42, points(50, 50, 50, 50, 50)),
    ("reserved label", "member 7", points(50, 50, 50, 50, 50)),
]


@pytest.mark.parametrize(("what", "name", "weights"), BAD_ANSWERS, ids=[b[0] for b in BAD_ANSWERS])
def test_a_crafted_answer_is_refused_and_nothing_is_stored(store, what, name, weights):
    conn, _ = store
    round_ = rounds.open_round(conn, "d1", CRITERIA)
    with pytest.raises(InputError):
        rounds.submit_answer(conn, round_.id, rounds.new_token(), name, weights)
    assert rounds.count_answers(conn, round_.id) == 0


@pytest.mark.parametrize("token", [None, "", "short", "x" * 65, "has space in it..", "../../etc/passwd/xx"])
def test_a_malformed_token_is_refused(store, token):
    conn, _ = store
    round_ = rounds.open_round(conn, "d1", CRITERIA)
    with pytest.raises(InputError, match="token"):
        rounds.submit_answer(conn, round_.id, token, "", points(50, 50, 50, 50, 50))
    assert rounds.count_answers(conn, round_.id) == 0


def test_a_round_that_asks_for_names_refuses_an_anonymous_answer(store):
    conn, _ = store
    round_ = rounds.open_round(conn, "d1", CRITERIA, anonymous=False)
    with pytest.raises(InputError, match="names"):
        rounds.submit_answer(conn, round_.id, rounds.new_token(), " ", points(50, 50, 50, 50, 50))
    assert rounds.submit_answer(conn, round_.id, rounds.new_token(), "Ann", points(50, 50, 50, 50, 50)).label == "Ann"


def test_a_closed_round_refuses_answers_even_written_straight_to_the_store(store):
    conn, _ = store
    round_ = rounds.open_round(conn, "d1", CRITERIA)
    token = rounds.new_token()
    rounds.submit_answer(conn, round_.id, token, "", points(50, 50, 50, 50, 50))
    closed = rounds.close_round(conn, round_.id)
    assert not closed.is_open and closed.closed_at
    with pytest.raises(InputError, match="closed"):
        rounds.submit_answer(conn, round_.id, token, "", points(100, 0, 0, 0, 0))
    with pytest.raises(InputError, match="closed"):
        rounds.submit_answer(conn, round_.id, rounds.new_token(), "", points(100, 0, 0, 0, 0))
    with pytest.raises(sqlite3.IntegrityError, match="closed"):
        conn.execute(
            "INSERT INTO answers (round_id, token_hash, label, weights, answered_at, updated_at) "
            "VALUES (?, 'h', 'x', '{}', 'now', 'now')",
            (round_.id,),
        )
    with pytest.raises(sqlite3.IntegrityError, match="closed"):
        conn.execute("UPDATE answers SET weights = '{}' WHERE round_id = ?", (round_.id,))
    assert rounds.get_answer(conn, round_.id, token).weights == points(50, 50, 50, 50, 50)
    # a new round on the draft gets a new code; the analysis moves to it
    fresh = rounds.open_round(conn, "d1", CRITERIA)
    assert fresh.id != round_.id and fresh.code != round_.code
    assert rounds.latest_round(conn, "d1") == fresh


def test_answers_are_folded_into_the_drafts_members_and_never_into_its_blob(store):
    conn, _ = store
    round_ = rounds.open_round(conn, "d1", CRITERIA)
    rounds.submit_answer(conn, round_.id, rounds.new_token(), "", points(100, 0, 0, 0, 0))
    rounds.submit_answer(conn, round_.id, rounds.new_token(), "Cllr Jones", points(0, 100, 0, 0, 0))
    state = load_draft(conn, "d1")
    assert state[ROUND_ANSWERS_KEY] == {"Member 1": points(100, 0, 0, 0, 0), "Cllr Jones": points(0, 100, 0, 0, 0)}
    members = workshop.members_of(state)
    assert set(members) == {"Cllr Officer-Typed", "Member 1", "Cllr Jones"}
    # "use members' weights": the mean of the three members' normalised weights
    weights = workshop.current_weights(CRITERIA, {**state, "use_members": True})
    assert weights == pytest.approx(points(2 / 3, 1 / 3, 0, 0, 0))
    assert "3 members" in workshop.weights_source({**state, "use_members": True})
    # members' sampling for robustness and the lock record carry them
    args = workshop.lock_arguments({**state, "robustness": {"sampling": "members"}}, CRITERIA)
    assert set(args["robustness"]["members"]) == {"Cllr Officer-Typed", "Member 1", "Cllr Jones"}
    # saving the loaded draft (as the app does) does not copy the answers into the blob
    save_draft(conn, "d1", state)
    blob = json.loads(conn.execute("SELECT state FROM drafts WHERE id = 'd1'").fetchone()[0])
    assert ROUND_ANSWERS_KEY not in blob and set(blob["members"]) == {"Cllr Officer-Typed"}
    # draft export carries them as members' weights
    exported, _, _ = read_draft_file(export_draft(conn, "d1"))
    assert set(exported["members"]) == {"Cllr Officer-Typed", "Member 1", "Cllr Jones"}
    assert ROUND_ANSWERS_KEY not in exported


def test_a_members_own_answer_wins_over_a_row_typed_under_the_same_name(store):
    conn, _ = store
    round_ = rounds.open_round(conn, "d1", CRITERIA)
    rounds.submit_answer(conn, round_.id, rounds.new_token(), "Cllr Officer-Typed", points(0, 0, 0, 0, 100))
    assert workshop.members_of(load_draft(conn, "d1"))["Cllr Officer-Typed"] == points(0, 0, 0, 0, 100)


def test_the_group_view_gives_median_and_spread_of_shares(store):
    conn, _ = store
    round_ = rounds.open_round(conn, "d1", CRITERIA)
    for p in (points(100, 0, 0, 0, 0), points(50, 50, 0, 0, 0), points(25, 25, 25, 25, 0)):
        rounds.submit_answer(conn, round_.id, rounds.new_token(), "", p)
    summary = rounds.group_summary(round_, rounds.list_answers(conn, round_.id)).set_index("key")
    assert summary.loc["rationale_strength", ["median", "lowest", "highest"]].tolist() == [50, 25, 100]
    assert summary.loc["relevance", ["median", "lowest", "highest"]].tolist() == [25, 0, 50]
    assert summary["answers"].tolist() == [3] * 5
    dots = rounds.member_dots(round_, rounds.list_answers(conn, round_.id))
    assert dots.groupby("member")["share"].sum().round(6).tolist() == [100.0] * 3


def _answer_in_process(db: str, round_id: int, token: str, value: float, barrier) -> None:
    conn = open_store(db)
    barrier.wait()
    try:
        rounds.submit_answer(conn, round_id, token, "", points(100, value, 0, 0, 0))
    finally:
        conn.close()


@pytest.mark.parametrize("how", ["threads", "processes"])
def test_fifteen_members_answering_in_the_same_instant_lose_nothing_and_count_once(store, how):
    conn, db = store
    round_ = rounds.open_round(conn, "d1", CRITERIA)
    tokens = [rounds.new_token() for _ in range(15)]
    if how == "threads":
        barrier = threading.Barrier(15)
        errors = []

        def answer(i: int) -> None:
            try:
                _answer_in_process(str(db), round_.id, tokens[i], i, barrier)
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        workers = [threading.Thread(target=answer, args=(i,)) for i in range(15)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert not errors
    else:
        ctx = multiprocessing.get_context("fork")
        barrier = ctx.Barrier(15)
        workers = [
            ctx.Process(target=_answer_in_process, args=(str(db), round_.id, tokens[i], i, barrier)) for i in range(15)
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join(120)
        assert [w.exitcode for w in workers] == [0] * 15
    assert rounds.count_answers(conn, round_.id) == 15
    stored = {rounds.get_answer(conn, round_.id, t).weights["relevance"] for t in tokens}
    assert stored == {float(i) for i in range(15)}
    labels = [a.label for a in rounds.list_answers(conn, round_.id)]
    assert sorted(labels, key=lambda s: int(s.split()[1])) == [f"Member {i}" for i in range(1, 16)]


def test_make_workshop_serves_the_room_with_safe_settings_and_make_run_stays_local():
    import subprocess

    workshop_ = subprocess.run(["make", "-n", "workshop"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "--server.address 0.0.0.0" in workshop_ and "PMF_SELECT_ROOM=1" in workshop_
    assert "--server.enableXsrfProtection true" in workshop_ and "--server.maxUploadSize 5" in workshop_
    assert "/vote?round=" in workshop_ and "Open a round" in workshop_
    run = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "0.0.0.0" not in run and "PMF_SELECT_ROOM" not in run


def test_the_options_paper_lists_members_answers_with_the_officers_rows(store):
    import io

    from docx import Document

    from pmf_select.record import draft_longlist
    from pmf_select.reports import options_paper

    conn, _ = store
    round_ = rounds.open_round(conn, "d1", CRITERIA)
    rounds.submit_answer(conn, round_.id, rounds.new_token(), "", points(100, 20, 0, 0, 0))
    rounds.submit_answer(conn, round_.id, rounds.new_token(), "Cllr Jones", points(0, 100, 40, 0, 0))
    state = load_draft(conn, "d1")
    longlist = draft_longlist(conn, state)
    weights = workshop.current_weights(CRITERIA, {**state, "use_members": True})
    data = options_paper(longlist, "scrutiny", weights, members=workshop.members_of(state), samples=200, charts=False)
    text = "\n".join(
        [p.text for p in Document(io.BytesIO(data)).paragraphs]
        + [c.text for t in Document(io.BytesIO(data)).tables for r in t.rows for c in r.cells]
    )
    assert "3 members gave their own weights" in text
    assert "Member 1" in text and "Cllr Jones" in text and "Cllr Officer-Typed" in text
