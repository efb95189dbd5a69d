"""Start here: what the meeting does, step by step, and what to do first.

A cold open (no draft in the URL) lands here, so a chair who has never seen the app
knows where to begin. Officers can also list the earlier drafts in this store, named
by meeting and time, and reopen one.
"""

from __future__ import annotations

import datetime as dt
import html

import streamlit as st

from pmf_select.record import list_drafts
from pmf_select.record import session as store_session
from pmf_select.ui import nav, session, style


def render() -> None:
    presenting = session.presenting()
    state = session.draft()
    st.title("Start here")
    st.markdown(
        f"**{html.escape(str(state.get('meeting', '')))}**, {_date(state.get('meeting_date', ''))}: "
        "choosing the indicators the "
        "committee will see every quarter from 2018-19. The meeting has five steps; each is one screen."
    )
    for number, step in enumerate(nav.STEPS, start=1):
        left, right = st.columns([1, 4], vertical_alignment="center")
        left.page_link(nav.page_path(step.key), label=f"{number}. {step.title}")
        right.markdown(step.what)
    first = nav.STEPS[0]
    if state.get("locked"):
        st.info(f"This draft has already been locked as {state['locked']}: see step 5 for the downloads.")
    with st.container(key="next_start"):
        st.page_link(nav.page_path(first.key), label=f"Begin: {first.next_label} →")
    style.quiet(
        "Everything the room does is saved as it happens, under the draft in the page address: "
        "a refresh, or reopening the address on another screen, loses nothing. Words are explained on the Glossary page."
    )
    if not presenting:
        _earlier_drafts()


def _date(text: str) -> str:
    """``2018-03-20`` as people write it: ``20 March 2018`` (the text itself if it is not a date)."""
    try:
        day = dt.date.fromisoformat(str(text))
    except ValueError:
        return html.escape(str(text))
    return f"{day.day} {day:%B %Y}"


def draft_label(row: dict) -> str:
    """A draft as an officer remembers it: meeting, date, when last saved, what it holds."""
    meeting = row.get("meeting") or "(no meeting named)"
    date = f" ({row['meeting_date']})" if row.get("meeting_date") else ""
    saved = str(row.get("updated_at", ""))[:16].replace("T", " ")
    locked = f", locked as {row['locked']}" if row.get("locked") else ""
    return f"{meeting}{date}, saved {saved} UTC, {row.get('picks', 0)} picks{locked}"


def _earlier_drafts() -> None:
    st.subheader("Earlier drafts (officer)")
    with store_session(session.db_path()) as conn:
        drafts = list_drafts(conn)
    others = drafts[drafts["id"] != session.draft_id()]
    if others.empty:
        style.quiet("No other drafts in this store yet.")
        return
    labels = {r["id"]: draft_label(r) for r in others.to_dict(orient="records")}
    pick = st.selectbox("Reopen a draft", list(labels), format_func=lambda i: labels[i], key="reopen_pick")
    if st.button("Reopen this draft", key="reopen_draft_button"):
        st.query_params["draft"] = pick
        st.rerun()
