"""AppTest for the members' round: the projector page and the member page, and the wall between them."""

from __future__ import annotations

import ast
import sqlite3

import pytest

from pmf_select import rounds
from pmf_select.longlist import load_criteria
from pmf_select.record import load_draft, open_store, workshop

from .conftest import open_app, reopen

KEYS = load_criteria().keys


def _texts(at) -> str:
    return "\n".join(m.value for m in at.markdown) + "\n".join(e.value for e in at.error)


def _open_round(at):
    at.button(key="round_open").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _draft_id(at) -> str:
    value = at.query_params["draft"]
    return value[0] if isinstance(value, list) else value


def test_the_chair_opens_a_round_and_the_projector_shows_code_count_and_group(fresh_store):
    at = open_app("round")
    assert at.button(key="round_open")
    _open_round(at)
    conn = open_store(fresh_store)
    round_ = rounds.latest_round(conn, _draft_id(at))
    assert round_ is not None and round_.is_open
    assert round_.code in _texts(at)
    assert "0 answers so far" in _texts(at)
    rounds.submit_answer(conn, round_.id, rounds.new_token(), "", dict(zip(KEYS, [100, 0, 0, 0, 0], strict=True)))
    rounds.submit_answer(conn, round_.id, rounds.new_token(), "", dict(zip(KEYS, [0, 100, 0, 0, 0], strict=True)))
    at.run()
    assert "2 answers so far" in _texts(at)
    table = at.table[0].value
    assert table.loc[load_criteria().criterion("rationale_strength").label, "Median share"] == "50%"
    # a projector refresh finds the round again
    again = reopen(at, "round")
    assert round_.code in _texts(again) and "2 answers so far" in _texts(again)
    # the ranking can use the members' weights
    again.button(key="round_use_weights").click().run()
    state = again.session_state["_draft"]
    assert state["use_members"] is True
    assert set(workshop.members_of(state)) == {"Member 1", "Member 2"}
    assert workshop.current_weights(load_criteria(), state)["rationale_strength"] == 0.5
    # closing
    again.button(key="round_close").click().run()
    assert not again.exception
    assert not rounds.get_round(conn, round_.id).is_open
    assert "2 answers (round closed)" in _texts(again)
    assert again.button(key="round_open")
    conn.close()


def _member(code: str, **extra):
    return open_app(None, round=code, **extra)


def _opened_round(db) -> rounds.Round:
    at = _open_round(open_app("round"))
    with open_store(db) as conn:
        return rounds.latest_round(conn, _draft_id(at))


def test_a_member_answers_sees_thanks_and_keeps_the_answer_on_refresh(fresh_store):
    round_ = _opened_round(fresh_store)
    at = _member(round_.code.lower())
    assert at.text_input(key="member_name")
    for key, value in zip(KEYS, [80, 60, 40, 20, 0], strict=True):
        at.slider(key=f"member_weight_{key}").set_value(value)
    at.text_input(key="member_name").input("Cllr Ann Smith")
    at.button(key="member_submit").click().run()
    assert not at.exception
    assert "Thank you" in at.success[0].value and "Cllr Ann Smith" in at.success[0].value
    token = at.query_params["me"]
    token = token[0] if isinstance(token, list) else token
    conn = open_store(fresh_store)
    assert rounds.get_answer(conn, round_.id, token).weights == dict(zip(KEYS, [80, 60, 40, 20, 0], strict=True))
    # refresh: the same address finds the stored answer
    again = reopen(at)
    assert [again.slider(key=f"member_weight_{k}").value for k in KEYS] == [80, 60, 40, 20, 0]
    assert again.text_input(key="member_name").value == "Cllr Ann Smith"
    assert again.success and "Thank you" in again.success[0].value
    # change of mind: the row is replaced, not added
    again.slider(key=f"member_weight_{KEYS[4]}").set_value(100)
    again.button(key="member_submit").click().run()
    assert rounds.count_answers(conn, round_.id) == 1
    assert rounds.get_answer(conn, round_.id, token).weights[KEYS[4]] == 100
    # the draft's members now include the answer
    assert "Cllr Ann Smith" in workshop.members_of(load_draft(conn, round_.draft_id))
    conn.close()


def test_a_wrong_code_and_a_closed_round_get_plain_messages(fresh_store):
    at = _member("ACD-EFH-JKM")
    assert "no round with the code" in at.error[0].value
    assert not at.slider
    round_ = _opened_round(fresh_store)
    member = _member(round_.code)
    with open_store(fresh_store) as conn:
        rounds.close_round(conn, round_.id)
    member.button(key="member_submit").click().run()  # the form was on screen when the round closed
    assert "closed" in member.warning[0].value
    with open_store(fresh_store) as conn:
        assert rounds.count_answers(conn, round_.id) == 0
    late = _member(round_.code)
    assert "closed" in late.warning[0].value and not late.slider


def test_an_invalid_answer_is_refused_on_screen_and_nothing_stored(fresh_store):
    round_ = _opened_round(fresh_store)
    at = _member(round_.code)
    for key in KEYS:
        at.slider(key=f"member_weight_{key}").set_value(0)
    at.button(key="member_submit").click().run()
    assert "Not sent" in at.error[0].value
    assert not at.success
    with open_store(fresh_store) as conn:
        assert rounds.count_answers(conn, round_.id) == 0


def _draft_count(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM drafts").fetchone()[0]


def test_a_member_session_reaches_nothing_but_the_member_page(fresh_store):
    officer = open_app("round")
    _open_round(officer)
    draft_id = _draft_id(officer)
    with open_store(fresh_store) as conn:
        round_ = rounds.latest_round(conn, draft_id)
    drafts_before = _draft_count(fresh_store)
    # even with the officer's draft id in the address, a member session never loads it
    at = _member(round_.code, draft=draft_id)
    assert "_draft" not in at.session_state and "_longlist" not in at.session_state
    assert not at.sidebar.toggle and {b.key for b in at.button} == {"member_submit"}
    assert at.slider(key=f"member_weight_{KEYS[0]}")
    shown = _texts(at) + "".join(s.label for s in at.slider)
    assert "Cllr" not in shown and "Decision log" not in shown and "Top 15" not in shown
    # the member's navigation holds the member pages and nothing else
    for page in ("officer", "weigh", "lock", "log", "longlist", "round"):
        with pytest.raises(ValueError, match="Known pages") as refused:
            at.switch_page(f"pmf_select/ui/pages/{page}.py")
        known = ast.literal_eval(str(refused.value).split("Known pages: ")[1].rstrip("."))
        assert len(known) == 2 and known[0] == "Members' vote" and known[1].endswith("pages/vote.py"), known
    assert _draft_count(fresh_store) == drafts_before
