"""Long list: every candidate with its definition, rationale, source and scores."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pmf_select.errors import LongListError
from pmf_select.longlist import describe, format_score, parse_longlist
from pmf_select.reports import charts
from pmf_select.ui import chart_labels, nav, session, tables
from pmf_select.ui.text import md, md_lines

SHORT = {
    "rationale_strength": "Matters",
    "data_availability": "Data",
    "comparability": "Comparable",
    "perverse_incentive_risk": "Gaming risk",
}


def filtered(frame: pd.DataFrame, areas: list[str], search: str) -> pd.DataFrame:
    """Rows in the chosen areas whose text mentions every word searched for."""
    out = frame
    if areas:
        out = out[out["service_area"].isin(areas)]
    words = [w for w in search.lower().split() if w]
    if words:
        text_columns = [c for c in ("id", "name", "code", "definition", "rationale", "source") if c in out.columns]
        haystack = out[text_columns].astype(str).agg(" ".join, axis=1).str.lower()
        mask = pd.Series(True, index=out.index)
        for word in words:
            mask &= haystack.str.contains(word, regex=False)
        out = out[mask]
    return out


def render() -> None:
    longlist = session.longlist()
    criteria = longlist.criteria
    presenting = session.presenting()
    nav.title("longlist", "Long list of candidate indicators", presenting)
    st.caption(f"{describe(longlist)} · source: {md(longlist.source)} · version {longlist.content_hash[:8]}")

    left, right = st.columns([2, 3])
    areas = left.multiselect("Service area", longlist.service_areas, key="ll_areas", placeholder="All areas")
    search = right.text_input(
        "Search names, definitions and rationales", key="ll_search", placeholder="e.g. adoption, timeliness"
    )
    shown = filtered(longlist.frame, areas, search)

    audience = session.draft().get("audience", "scrutiny")
    table = shown[["id", "name", "service_area"]].copy()
    score_config = {}
    for column in criteria.columns_for(audience):
        key = criteria.criterion_for_column(column).key
        label = SHORT.get(key, "Relevance")
        table[label] = shown[column]
        score_config[label] = st.column_config.NumberColumn(label, format="%.1g", width=78)
    st.dataframe(
        table,
        hide_index=True,
        height=min(38 + 35 * len(table), 460 if presenting else 420),
        column_config=tables.fit(
            table,
            {
                "id": st.column_config.TextColumn("ID", width=95),
                "name": st.column_config.TextColumn("Indicator", width=330),
                "service_area": st.column_config.TextColumn("Service area", width=170),
                **score_config,
            },
        ),
    )
    st.caption(
        f"Showing {len(shown)} of {len(longlist)}. Scores 0-5; relevance is to the {audience} audience; gaming risk: lower is better."
    )

    if not shown.empty:
        options = shown["id"].tolist()
        labels = dict(zip(shown["id"], shown["name"]))
        pick = st.selectbox("Read an indicator", options, format_func=lambda i: f"{labels[i]} ({i})", key="ll_pick")
        _detail(longlist.row(pick), criteria)
        st.subheader("Relevance to each audience")
        audiences = [(a.key, a.label) for a in criteria.audiences]
        if all(f"relevance_{a}" in shown.columns for a, _ in audiences):
            chart = charts.relevance_heatmap(chart_labels.for_chart(shown.head(40)), audiences, large=presenting)
            st.vega_lite_chart(
                spec=chart_labels.relabel(chart.to_dict(), longlist, presenting), theme=None, width="stretch"
            )
            if len(shown) > 40:
                st.caption("The heatmap shows the first 40; filter by service area to see the rest.")

    nav.next_button("longlist")
    if not presenting:
        _upload(longlist)


def _detail(row: pd.Series, criteria) -> None:
    with st.container(border=True):
        st.markdown(f"### {md(row['name'])}")
        facts = [
            f"**{label}:** {md(row[column])}"
            for column, label in (
                ("service_area", "Area"),
                ("code", "Code"),
                ("source", "Source"),
                ("polarity", "Better when"),
                ("measure_type", "Type"),
                ("comparators", "Comparators"),
                ("frequency", "Published"),
                ("local_frequency", "We can produce it"),
            )
            if column in row.index and str(row[column]).strip()
        ]
        st.markdown(" · ".join(facts))
        st.markdown(f"**Definition.** {md(row['definition'])}")
        st.markdown(f"**Why it matters.** {md(row['rationale'])}")
        if "england_figure" in row.index and str(row["england_figure"]).strip():
            st.markdown(f"**England (checked source):** {md(row['england_figure'])}")
        scores = []
        for c in criteria.criteria:
            if c.per_audience:
                cells = ", ".join(f"{a.key} {format_score(row[c.column(a.key)])}" for a in criteria.audiences)
                scores.append(f"{md(c.label)}: {md(cells)}")
            else:
                scores.append(f"{md(c.label)}: {format_score(row[c.key])}")
        st.markdown("**Scores (0-5).** " + " · ".join(scores))
        if "scoring_notes" in row.index and str(row["scoring_notes"]).strip():
            st.caption(f"Scoring notes: {md(row['scoring_notes'])}")


def _upload(current) -> None:
    with st.expander("Load another long list (CSV or XLSX)"):
        st.caption(
            "Columns: id, name, service_area, definition, rationale and the score columns; "
            "other columns are kept. Problems are listed with their row and column, and "
            "the current list stays in use until a file loads cleanly."
        )
        upload = st.file_uploader("Long list file", type=["csv", "xlsx"], key="ll_upload")
        if upload is None:
            return
        try:
            loaded = parse_longlist(upload.getvalue(), upload.name, current.criteria)
        except LongListError as exc:
            st.error(
                f"{md(upload.name)} was not loaded ({len(exc.problems)} problem(s)); the current list is unchanged:\n\n"
                + md_lines(exc.problems)
            )
            return
        if loaded.content_hash != current.content_hash:
            session.set_longlist(loaded)
            st.success(f"Loaded {md(upload.name)}: {describe(loaded)}.")
            st.rerun()
