"""Officer mode: edit scores and rationales, save a new long-list version; back up the draft."""

from __future__ import annotations

import streamlit as st

from pmf_select.errors import InputError, LongListError
from pmf_select.longlist import describe, frame_from_edits
from pmf_select.record import export_draft, import_draft, longlist_to_csv_bytes
from pmf_select.record import session as store_session
from pmf_select.ui import session, tables
from pmf_select.ui.text import md, md_lines

EDITABLE_TEXT = ("name", "definition", "rationale", "scoring_notes")


def render() -> None:
    longlist = session.longlist()
    criteria = longlist.criteria
    st.title("Officer: edit the long list")
    st.caption(
        f"{describe(longlist)} · version {longlist.content_hash[:8]}. Edits are checked exactly as a loaded file "
        "is; saving makes a new version and keeps the old one in the store."
    )
    scores = criteria.score_columns()
    # One grid of every column is 4,000 px wide; two narrower grids fit 1280 px without
    # scrolling sideways. Switching is locked while a grid has unsaved edits, so none is lost.
    group = st.session_state.get("officer_columns") or "Scores"
    words = [c for c in EDITABLE_TEXT if c in longlist.frame.columns]
    if group == "Words":
        columns, key = ["id", *words], "officer_editor_words"
    else:
        columns, key = ["id", "name", *scores], "officer_editor"
    config = {
        "id": st.column_config.TextColumn("ID", disabled=True, width=110),
        "name": st.column_config.TextColumn("Indicator", disabled=group == "Scores", width=320),
        "definition": st.column_config.TextColumn("Definition", width=360),
        "rationale": st.column_config.TextColumn("Why it matters", width=360),
        "scoring_notes": st.column_config.TextColumn("Scoring notes", width=260),
    }
    for column in scores:
        c = criteria.criterion_for_column(column)
        config[column] = st.column_config.NumberColumn(
            column.removeprefix("relevance_").capitalize()[:9] if column.startswith("relevance_") else c.label.split()[0],
            help=c.label,
            min_value=c.scale_min,
            max_value=c.scale_max,
            step=0.5,
            width=76,
        )
    config = {c: v for c, v in config.items() if c in columns}
    edited = st.data_editor(
        longlist.frame[columns],
        key=key,
        hide_index=True,
        column_config=tables.fit(longlist.frame[columns], config),
        height=460,
    )
    changed = int((edited.astype(str) != longlist.frame[columns].astype(str)).any(axis=1).sum())
    # the switch comes after the grid, so it knows whether the grid holds unsaved edits
    st.segmented_control(
        "Columns to edit",
        ["Scores", "Words"],
        default="Scores",
        key="officer_columns",
        disabled=changed > 0,
        help="Save (or undo) the edits in one grid before switching to the other: switching is locked until then.",
    )
    st.caption(f"{changed} row(s) changed.")
    if st.button("Save as a new version", key="save_version_button", disabled=changed == 0, type="primary"):
        full = longlist.frame.copy()
        for column in columns:
            full[column] = edited[column].to_numpy()
        try:
            new = frame_from_edits(longlist, full)
        except LongListError as exc:
            st.error("Not saved; the current version is unchanged:\n\n" + md_lines(exc.problems))
            return
        session.set_longlist(new)
        st.session_state.pop(key, None)
        st.success(f"Saved version {new.content_hash[:8]} ({describe(new)}).")
        st.rerun()

    st.download_button(
        "Download this version (CSV)",
        longlist_to_csv_bytes(longlist),
        file_name=f"longlist-{longlist.content_hash[:8]}.csv",
        mime="text/csv",
        key="download_longlist",
        on_click="ignore",
    )
    _draft_backup()


def _draft_backup() -> None:
    st.subheader("Back up or move the workshop draft")
    with store_session(session.db_path()) as conn:
        data = export_draft(conn, session.draft_id())
    st.download_button(
        "Download the draft (JSON)",
        data,
        file_name=f"draft-{session.draft_id()}.json",
        mime="application/json",
        key="download_draft",
        on_click="ignore",
    )
    upload = st.file_uploader("Open a draft file", type=["json"], key="draft_upload")
    if upload is not None and st.button("Open this draft", key="open_draft_button"):
        try:
            with store_session(session.db_path()) as conn:
                new_id = import_draft(conn, upload.getvalue(), name=upload.name)
        except InputError as exc:
            st.error(md(exc))
            return
        st.session_state.pop("_draft_id", None)
        st.query_params["draft"] = new_id
        st.rerun()
