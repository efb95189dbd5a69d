"""Quarterly report: the agreed set's figures for a quarter, exceptions first; import or enter figures.

The same content as ``python -m pmf_select quarter report`` (exceptions, scorecard, trend
charts with comparators, commentary, questions members may wish to ask), sized for a
1280x720 projector. Officers (not in presentation mode) can import a filled template or
enter figures here; both go through the same checks as the command line and are
stored as a new version, the old one kept.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pmf_select.errors import InputError
from pmf_select.quarterly import (
    ILLUSTRATIVE_MARK,
    RAG_COLOURS,
    Quarter,
    decision_indicators,
    entry_groups,
    entry_table,
    fmt,
    import_template,
    list_versions,
    rag_counts,
    save_entered,
    stored_figures,
)
from pmf_select.record import list_decisions
from pmf_select.record import session as store_session
from pmf_select.reports.quarterly_report import build_report, quarterly_report_docx, scorecard_csv, trend_chart
from pmf_select.ui import session, tables
from pmf_select.ui.downloads import DOCX
from pmf_select.ui.text import md, md_lines

QUARTERS = tuple(Quarter(2018, n) for n in (1, 2, 3, 4))
TEXT_ON = {"green": "white", "red": "white", "amber": "black", "not rated": "black", "no data": "black"}


def render() -> None:
    st.title("Quarterly report")
    with store_session(session.db_path()) as conn:
        decisions = list_decisions(conn, include_superseded=False)
    if decisions.empty:
        st.info("No decision has been locked yet: agree and lock the set first, then its quarterly figures come here.")
        return
    ids = decisions["id"].iloc[::-1].tolist()
    presenting = session.presenting()
    left, right = st.columns([1, 3])
    decision_id = left.selectbox("Decision", ids, key="quarter_decision")
    try:
        with store_session(session.db_path()) as conn:
            decision, indicators = decision_indicators(conn, decision_id)
            figures = stored_figures(conn, decision_id) if list_versions(conn, decision_id) else None
    except InputError as exc:
        st.error(md(exc))
        return
    if figures is None:
        st.info(f"Decision {decision_id} has no quarterly figures yet: import the filled template or enter them below.")
    else:
        _report(decision, figures, right)
    if not presenting:
        _officer(decision_id, indicators, figures)


def _report(decision, figures, picker) -> None:
    _, version, values = figures
    with_data = [q for q in QUARTERS if any(e.values.get(q) is not None for e in values.entries)]
    default = with_data[-1] if with_data else QUARTERS[0]
    labels = [q.label for q in QUARTERS]
    if st.session_state.get("quarter_pick") not in labels:
        st.session_state["quarter_pick"] = default.label
    picked = picker.segmented_control("Quarter", labels, key="quarter_pick") or default.label
    quarter = QUARTERS[labels.index(picked)]
    report = build_report(decision, values, version, quarter)
    lines = list(report.lines)
    if report.illustrative:
        st.warning(f"**{ILLUSTRATIVE_MARK[0].upper()}{ILLUSTRATIVE_MARK[1:]}.** Every figure on this page is made up.")
    counts = rag_counts(lines)
    for column, (rating, n) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(rating.capitalize(), n)

    st.subheader("Exceptions: what is off track")
    flagged = report.exceptions
    if not flagged:
        st.success(f"No indicator is red, or worse two quarters running, in {quarter.label}.")
    for line in flagged:
        target = f" (target {fmt(line.entry.target)})" if line.entry.target is not None else ""
        st.error(f"**{md(line.entry.name)}**: {md(fmt(line.value))}{md(target)}. {md(line.exception.capitalize())}.", icon="⚠️")

    st.subheader(f"Scorecard, {quarter.label}")
    styled = _styled(lines)
    st.dataframe(
        styled,
        hide_index=True,
        width="stretch",
        height=42 + (46 if session.presenting() else 37) * len(lines),
        column_config=tables.fit(
            styled.data,
            {
                "#": st.column_config.NumberColumn("#", width=40),
                "Indicator": st.column_config.TextColumn("Indicator", width=560 if session.presenting() else 380),
            },
        ),
    )
    st.subheader("Trends against comparators")
    st.caption(
        f"Black: {quarter.label.split(' ')[1]}, by quarter; grey: the year before. Dashed: the target. Dotted: "
        "England, London and statistical neighbours where known. Each panel has its own scale."
    )
    presenting = session.presenting()
    chart = trend_chart(values, quarter.year, large=presenting, columns=3)
    st.altair_chart(chart, width="content")

    st.subheader("Questions members may wish to ask")
    st.markdown(md_lines(report.questions) or "No question arises from the figures.")
    with st.expander("Officer commentary", expanded=not session.presenting()):
        for line in sorted(lines, key=lambda item: (not item.is_exception, item.entry.position)):
            st.markdown(f"**{md(line.entry.name)}** ({line.rag}): {md(line.entry.commentary or 'no commentary')}")
    st.caption(f"Decision {decision.id}, SHA-256 {decision.sha256[:16]}…; figures {version.provenance()}.")
    if not session.presenting():
        left, right = st.columns(2)
        stem = f"{decision.id}-{quarter.code.replace(' ', '-')}"
        left.download_button(
            "Committee report (DOCX)",
            data=lambda: quarterly_report_docx(report),
            file_name=f"{stem}-quarterly-report.docx",
            mime=DOCX,
            key="quarter_download_docx",
            on_click="ignore",
        )
        right.download_button(
            "Scorecard (CSV)",
            data=lambda: scorecard_csv(report),
            file_name=f"{stem}-scorecard.csv",
            mime="text/csv",
            key="quarter_download_csv",
            on_click="ignore",
        )


def _styled(lines):
    frame = pd.DataFrame(
        {
            "#": [line.entry.position for line in lines],
            "Indicator": [line.entry.name for line in lines],
            "Value": [fmt(line.value) for line in lines],
            "Target": [fmt(line.entry.target) for line in lines],
            "RAG": [line.rag for line in lines],
            "Previous": [fmt(line.previous) for line in lines],
            "Direction": [line.direction for line in lines],
            "Last year": [fmt(line.last_year) for line in lines],
            "England": [
                fmt(line.entry.england) if line.entry.england is not None else (line.entry.england_text or "–")
                for line in lines
            ],
        }
    )

    def colour(rating: str) -> str:
        return f"background-color: {RAG_COLOURS[rating]}; color: {TEXT_ON[rating]}; font-weight: 600"

    return frame.style.map(colour, subset=["RAG"])


def _officer(decision_id: str, indicators, figures) -> None:
    st.divider()
    st.subheader("Officers: import a filled template")
    st.caption(
        "The XLSX or CSV exported from the decision, filled in in Excel. A blank figure means 'not yet "
        "available'; percentages are plain numbers (45, not 45%). Any bad cell is named and nothing is stored."
    )
    upload = st.file_uploader("Filled template", type=["xlsx", "csv"], key="quarter_upload")
    if upload is not None and st.button("Import it", key="quarter_import", type="primary"):
        try:
            with store_session(session.db_path()) as conn:
                result = import_template(conn, upload.getvalue(), upload.name)
        except InputError as exc:
            st.error("  \n".join(md(line) for line in str(exc).splitlines()))
        else:
            st.session_state["_quarter_notice"] = f"{upload.name}: {result.values.summary()}; " + (
                f"stored as version {result.version.version}."
                if result.new
                else f"the same file as version {result.version.version}; nothing new stored."
            )
            st.rerun()

    st.subheader("Officers: enter figures")
    st.caption("Edit the cells and save: the same checks as an imported file; a new version is stored, the old one kept.")
    values = figures[2] if figures else None
    table = entry_table(indicators, values)
    # Every column at once is wider than the screen: officers edit one group at a time,
    # and cannot switch group while the grid holds unsaved edits (so nothing is lost).
    groups = entry_groups(list(table.columns))
    group = st.session_state.get("quarter_columns") or "Figures"
    group = group if group in groups else "Figures"
    columns = ["ID", "Indicator", *groups[group]]
    config = {c: st.column_config.TextColumn(c) for c in columns}
    config["ID"] = st.column_config.TextColumn("ID", disabled=True, pinned=True, width=110)
    config["Indicator"] = st.column_config.TextColumn("Indicator", disabled=True, width=300)
    key = "quarter_editor" if group == "Figures" else f"quarter_editor_{group.split()[0].lower()}"
    shown = st.data_editor(
        table[columns], hide_index=True, key=key, column_config=tables.fit(table[columns], config), width="stretch"
    )
    changed = bool((shown.astype(str) != table[columns].astype(str)).any(axis=None))
    # the switch comes after the grid, so it knows whether the grid holds unsaved edits
    st.segmented_control(
        "Columns to edit",
        list(groups),
        default="Figures",
        key="quarter_columns",
        disabled=changed,
        help="Save the edits in one group before switching to another: switching is locked until then.",
    )
    edited = table.copy()
    for column in groups[group]:
        edited[column] = shown[column].to_numpy()
    illustrative = st.checkbox(
        f"These figures are illustrative ({ILLUSTRATIVE_MARK})",
        value=bool(values and values.illustrative),
        key="quarter_illustrative",
    )
    if st.button("Save as a new version", key="quarter_save"):
        try:
            with store_session(session.db_path()) as conn:
                result = save_entered(conn, decision_id, pd.DataFrame(edited), illustrative=illustrative)
        except InputError as exc:
            st.error("  \n".join(md(line) for line in str(exc).splitlines()))
        else:
            st.session_state["_quarter_notice"] = (
                f"{result.values.summary()}; stored as version {result.version.version} (entered in the app)."
            )
            st.session_state.pop(key, None)
            st.rerun()
    if notice := st.session_state.pop("_quarter_notice", None):
        st.success(notice)
