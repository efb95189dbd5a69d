"""Agree & lock: review the agreed set, confirm, lock it on record, download it."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from pmf_select.errors import InputError
from pmf_select.record import lock_decision, workshop
from pmf_select.record import session as store_session
from pmf_select.ui import session, widgets
from pmf_select.ui.downloads import decision_downloads, load_decision
from pmf_select.ui.text import md


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
        session.save()
        st.rerun()


def render() -> None:
    longlist = session.longlist()
    presenting = session.presenting()
    st.title("Agree and lock")
    st.caption(widgets.settings_summary())
    names = dict(zip(longlist.frame["id"], longlist.frame["name"], strict=True))

    session.bound(
        st.multiselect,
        "The agreed set (in order)",
        "picks",
        longlist.ids,
        seed_transform=lambda v: [p for p in (v or []) if p in names],
        format_func=lambda i: f"{names[i]} ({i})",
        help="Start from the best set on the Build page, then add or remove as the committee agrees.",
    )
    state = session.draft()
    picks = [p for p in (state.get("picks") or []) if p in names]
    if picks:
        frame = longlist.frame.set_index("id").loc[picks].reset_index()
        st.dataframe(
            frame[["id", "name", "service_area"] + [c for c in ("polarity", "source") if c in frame.columns]],
            hide_index=True,
            height=min(38 + 35 * len(frame), 460),
            column_config={
                "id": st.column_config.TextColumn("ID", width=110),
                "name": st.column_config.TextColumn("Indicator", width=420),
                "service_area": st.column_config.TextColumn("Service area", width=190),
            },
        )
    else:
        st.info("No indicators agreed yet: pick them above, or use the best set from the Build page.")

    cols = st.columns([3, 1])
    session.bound(cols[0].text_input, "Meeting", "meeting")
    session.bound(
        cols[1].date_input,
        "Meeting date",
        "meeting_date",
        seed_transform=lambda v: dt.date.fromisoformat(v) if v else dt.date.today(),
        save_transform=lambda d: d.isoformat() if d else "",
    )
    if not presenting:
        session.bound(st.text_area, "Note for the record", "lock_note", height=80)

    if st.button("Lock the agreed set", key="lock_button", type="primary", disabled=not picks):
        st.session_state["_confirm_lock"] = True
    if st.session_state.get("_confirm_lock") and picks:
        _confirm(longlist, picks, state)

    locked = state.get("locked")
    if locked:
        _downloads(locked)


def _downloads(decision_id: str) -> None:
    result = load_decision(decision_id)
    if result is None:
        return
    decision = result.decision
    st.success(
        f"Locked as decision {decision.id} at {decision.locked_at} "
        f"({len(decision.agreed)} indicators). SHA-256 {decision.sha256[:16]}…"
    )
    decision_downloads(result)
