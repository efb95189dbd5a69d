"""Agree & lock: review the agreed set, confirm, lock it on record, download it.

Locking must be unmistakable in a room: the top of the page says "Locked as D0001 at
14:32: 12 indicators" with the downloads beside it; while the picks are unchanged Lock
is not offered again (a second click used to record an identical decision that
superseded the CSV already circulated); recording a changed set is its own, named
action: "Record as a new decision, superseding D0001".
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import streamlit as st

from pmf_select.errors import InputError
from pmf_select.record import lock_decision, workshop
from pmf_select.record import session as store_session
from pmf_select.ui import nav, session, style, tables, widgets
from pmf_select.ui.downloads import decision_downloads, load_decision
from pmf_select.ui.text import md

LOCAL = "Europe/London"


def local_time(stamp: str) -> str:
    """``2018-03-20T14:32:05Z`` as the room's clock reads it: ``14:32`` (London time)."""
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        return moment.astimezone(ZoneInfo(LOCAL)).strftime("%H:%M")
    except (ValueError, KeyError):
        return stamp[11:16]


def _close_dialog() -> None:
    st.session_state["_confirm_lock"] = False


@st.dialog("Lock the agreed set?", on_dismiss=_close_dialog)
def _confirm(longlist, picks: list[str], state: dict) -> None:
    st.markdown(
        f"**{len(picks)} indicators** will be recorded as agreed by **{md(state.get('meeting', ''))}** "
        f"on **{md(state.get('meeting_date', ''))}**. A locked decision cannot be changed: a later change "
        "is recorded as a new decision that supersedes it."
    )
    previous = state.get("locked")
    replaces = previous and st.checkbox(
        f"This replaces decision {previous} (recorded as superseding it)", value=True, key="supersede_previous"
    )
    left, right = st.columns(2)
    if right.button("Not yet", key="cancel_lock"):
        _close_dialog()
        st.rerun()
    if left.button("Lock it on record", type="primary", key="confirm_lock"):
        try:
            inputs = workshop.lock_arguments(state, longlist.criteria)
            with store_session(session.db_path()) as conn:
                decision = lock_decision(
                    conn,
                    longlist,
                    picks,
                    meeting=state.get("meeting", ""),
                    meeting_date=state.get("meeting_date", ""),
                    note=state.get("lock_note", "") + f"\nWeights: {workshop.weights_source(state)}.",
                    supersedes=previous if replaces else None,
                    **inputs,
                )
        except InputError as exc:
            st.error(md(exc))
            return
        _close_dialog()
        session.put(("locked",), decision.id)
        session.save(paths=[("locked",)])
        st.rerun()


def render() -> None:
    longlist = session.longlist()
    presenting = session.presenting()
    nav.title("lock", "Agree and lock", presenting)
    names = dict(zip(longlist.frame["id"], longlist.frame["name"], strict=True))
    state = session.draft()
    picks = [p for p in (state.get("picks") or []) if p in names]
    locked = state.get("locked")
    result = load_decision(locked) if locked else None
    unchanged = result is not None and list(result.decision.agreed) == picks

    if result is not None:
        _banner(result, unchanged)
    _lock_action(longlist, picks, state, locked, unchanged)

    cols = st.columns([3, 1])
    session.bound(cols[0].text_input, "Meeting", "meeting")
    session.bound(
        cols[1].date_input,
        "Meeting date",
        "meeting_date",
        seed_transform=lambda v: dt.date.fromisoformat(v) if v else dt.date.today(),
        save_transform=lambda d: d.isoformat() if d else "",
    )
    session.bound(
        st.text_area,
        "Note for the record",
        "lock_note",
        height=80,
        help="Recorded with the decision: e.g. why a swap was made, or what the committee asked officers to do.",
    )

    st.subheader(f"The agreed set ({len(picks)} indicators)")
    if picks:
        frame = longlist.frame.set_index("id").loc[picks].reset_index()
        frame.insert(0, "number", range(1, len(frame) + 1))
        extra = [c for c in ("polarity",) if c in frame.columns]
        tables.room_table(
            frame[["number", "name", "service_area", *extra]],
            presenting,
            labels={"number": "#", "name": "Indicator", "service_area": "Service area", "polarity": "Better when"},
            column_config={
                "number": st.column_config.NumberColumn("#", width=40),
                "name": st.column_config.TextColumn("Indicator", width=520),
                "service_area": st.column_config.TextColumn("Service area", width=220),
            },
        )
    else:
        st.info("No indicators agreed yet: use the best set from the Build page, or pick them below.")
    with st.expander("Change the agreed set", expanded=not picks):
        session.bound(
            st.multiselect,
            "The agreed set (in order)",
            "picks",
            longlist.ids,
            seed_transform=lambda v: [p for p in (v or []) if p in names],
            format_func=lambda i: names[i],
            help="Start from the best set on the Build page, then add or remove as the committee agrees.",
        )
    style.quiet(widgets.settings_summary())
    if st.session_state.get("_confirm_lock") and picks:
        _confirm(longlist, picks, state)


def _banner(result, unchanged: bool) -> None:
    """The top of the page once locked: what is on record, and its downloads beside it."""
    decision = result.decision
    with st.container(border=True, key="lock_banner"):
        st.success(
            f"Locked as {decision.id} at {local_time(decision.locked_at)}: {len(decision.agreed)} indicators",
            icon=":material/lock:",
        )
        if not unchanged:
            st.warning(
                f"The agreed set has changed since {decision.id} was locked. "
                f"{decision.id} stays on record until a new decision supersedes it."
            )
        decision_downloads(result)


def _lock_action(longlist, picks: list[str], state: dict, locked: str | None, unchanged: bool) -> None:
    """The one lock button, worded for what it will do (and absent when it would do nothing new)."""
    if unchanged:
        style.quiet(
            f"This set is on record as {locked}. To record a different set, change it below; "
            "it will then be offered as a new decision that supersedes this one."
        )
        return
    label = f"Record as a new decision, superseding {locked}" if locked else "Lock the agreed set"
    if st.button(label, key="lock_button", type="primary", disabled=not picks):
        st.session_state["_confirm_lock"] = True
