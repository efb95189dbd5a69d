"""Decision log: past decisions, what superseded what, re-downloads, and verifying a file."""

from __future__ import annotations

import streamlit as st

from pmf_select.errors import InputError
from pmf_select.record import export, list_decisions
from pmf_select.record import session as store_session
from pmf_select.ui import session, tables
from pmf_select.ui.downloads import decision_downloads, load_decision
from pmf_select.ui.text import md, md_lines


def render() -> None:
    st.title("Decision log")
    with store_session(session.db_path()) as conn:
        decisions = list_decisions(conn)
    if decisions.empty:
        st.info("No decisions have been locked in this store yet.")
    else:
        view = decisions[["id", "locked_at", "meeting", "meeting_date", "size", "audience", "superseded_by"]]
        st.dataframe(
            view.iloc[::-1],
            hide_index=True,
            column_config=tables.fit(
                view,
                {
                    "id": "Decision",
                    "locked_at": "Locked at (UTC)",
                    "meeting": st.column_config.TextColumn("Meeting", width=260),
                    "meeting_date": "Meeting date",
                    "size": "Indicators",
                    "audience": "Audience",
                    "superseded_by": "Superseded by",
                },
            ),
        )
        pick = st.selectbox("Open a decision", decisions["id"].iloc[::-1].tolist(), key="log_pick")
        _show(pick)
    _verify()


def _show(decision_id: str) -> None:
    result = load_decision(decision_id)
    if result is None:
        return
    decision = result.decision
    names = result.longlist.frame.set_index("id")["name"]
    st.markdown(
        f"**{decision.id}**: {md(decision.meeting)}, {decision.meeting_date}. "
        f"Locked {decision.locked_at}."
        + ("" if session.presenting() else f" SHA-256 `{decision.sha256[:20]}…`")
        + (f" Superseded by **{decision.superseded_by}**." if decision.superseded_by else "")
        + (f" Supersedes {decision.supersedes}." if decision.supersedes else "")
    )
    st.markdown("\n".join(f"{i + 1}. {md(names[cid])} ({md(cid)})" for i, cid in enumerate(decision.agreed)))
    if decision.note:
        st.caption(md(decision.note))
    decision_downloads(result, key_prefix="log_")


def _verify() -> None:
    st.subheader("Check a circulated file")
    st.caption(
        "Upload an agreed-set CSV (or workbook) exported here: any changed cell is named with its row and column."
    )
    upload = st.file_uploader("Exported file", type=["csv", "xlsx"], key="verify_upload")
    if upload is None:
        return
    try:
        with store_session(session.db_path()) as conn:
            result = export.verify_export(conn, upload.getvalue(), upload.name)
    except InputError as exc:
        st.error(md(exc))
        return
    if result.ok:
        st.success(f"{md(upload.name)} matches decision {md(result.decision_id)} exactly.")
        for note in result.notes:
            st.caption(md(note))
    else:
        st.error(
            f"{md(upload.name)} does not match decision {md(result.decision_id)}:\n\n" + md_lines(result.differences)
        )
