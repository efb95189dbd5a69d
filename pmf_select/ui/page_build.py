"""Build the set: a balanced set under the committee's constraints, and what each choice costs."""

from __future__ import annotations

import json

import streamlit as st

from pmf_select.errors import InputError
from pmf_select.record import workshop
from pmf_select.reports import charts
from pmf_select.selection import InfeasibleSet, audience_coverage
from pmf_select.ui import compute, session, widgets
from pmf_select.ui.text import md


def constraint_controls(longlist, presenting: bool) -> None:
    names = dict(zip(longlist.frame["id"], longlist.frame["name"], strict=True))
    cols = st.columns(4)
    session.bound(
        cols[0].number_input,
        "Set size",
        "set_size",
        min_value=3,
        max_value=min(40, len(longlist)),
        step=1,
    )
    session.bound(
        cols[1].number_input,
        "At least per area",
        "min_per_area",
        min_value=0,
        max_value=3,
        step=1,
    )
    session.bound(
        cols[2].number_input,
        "At most per area (0 = no limit)",
        "max_per_area",
        seed_transform=lambda v: int(v or 0),
        min_value=0,
        max_value=10,
        step=1,
    )
    session.bound(
        cols[3].number_input,
        "At least n outcome measures",
        "min_outcomes",
        min_value=0,
        max_value=10,
        step=1,
        help="Measures of whether anyone is better off, not just how much or how well.",
    )
    if presenting:
        return
    cols = st.columns([3, 3, 2, 2])
    session.bound(
        cols[0].multiselect,
        "Must include",
        "include",
        longlist.ids,
        format_func=lambda i: f"{names[i]} ({i})",
    )
    session.bound(
        cols[1].multiselect,
        "Must exclude",
        "exclude",
        longlist.ids,
        format_func=lambda i: f"{names[i]} ({i})",
    )
    session.bound(
        cols[2].slider,
        "Data availability at least",
        "min_data_availability",
        seed_transform=lambda v: float(v or 0),
        min_value=0.0,
        max_value=5.0,
        step=0.5,
    )
    session.bound(
        cols[3].checkbox,
        "At most one of overlapping measures",
        "exclusive_overlaps",
    )


def render() -> None:
    longlist = session.longlist()
    criteria = longlist.criteria
    presenting = session.presenting()
    st.title("Build a balanced set")
    st.caption(widgets.settings_summary())
    constraint_controls(longlist, presenting)
    state = session.draft()
    weights = workshop.current_weights(criteria, state)
    constraints = workshop.constraints_dict(state)
    try:
        chosen = compute.chosen_set(longlist, state["audience"], weights, json.dumps(constraints))
    except InfeasibleSet as exc:
        st.error(f"No set meets these constraints.\n\n{md(exc)}")
        return
    except InputError as exc:
        st.error(md(exc))
        return

    st.subheader(f"The best set of {len(chosen)} (total score {chosen.total:.2f})")
    table = chosen.table[["name", "service_area", "score", "list_rank"]]
    st.dataframe(
        table,
        hide_index=True,
        height=38 + 35 * len(table),
        column_config={
            "name": st.column_config.TextColumn("Indicator", width=520),
            "service_area": st.column_config.TextColumn("Service area", width=230),
            "score": st.column_config.NumberColumn("Score", format="%.2f", width=70),
            "list_rank": st.column_config.NumberColumn("Rank in list", width=90),
        },
    )
    picks = state.get("picks") or []
    label = "Use this set as the agreed set" if picks != chosen.ids else "This is the agreed set"
    if st.button(label, key="use_set_button", disabled=picks == chosen.ids, type="primary"):
        session.set_value("picks", chosen.ids)
        st.rerun()
    st.caption(
        "Constraints: " + "; ".join(md(d) for d in chosen.constraints.describe()) + f". Solved by {chosen.solver}."
    )
    left, right = st.columns(2, gap="large")
    coverage = chosen.coverage[chosen.coverage["chosen"] > 0][["service_area", "chosen"]]
    left.altair_chart(
        charts.coverage_chart(coverage, "chosen", "service_area", "Indicators chosen, by service area", presenting),
        theme=None,
        width="stretch",
    )
    right.altair_chart(
        charts.coverage_chart(
            audience_coverage(longlist, chosen.ids).assign(audience=lambda f: f["audience"].str.capitalize()),
            "strongly_relevant",
            "audience",
            "Strongly relevant (4+) to each audience",
            presenting,
        ),
        theme=None,
        width="stretch",
    )

    if not presenting:
        _swaps(longlist, state, weights, constraints)
        _options(longlist, state, weights)


def _swaps(longlist, state, weights, constraints) -> None:
    st.subheader("What each choice costs")
    st.caption(
        "Change in the set's total score if an indicator is dropped (and the best replacement found), or forced in."
    )
    with st.spinner("Re-solving for each indicator…"):
        costs = compute.swaps(longlist, state["audience"], weights, json.dumps(constraints))
    chosen = costs[costs["in_set"]]
    left_out = costs[~costs["in_set"]].head(12)
    a, b = st.columns(2)
    a.markdown("**Dropping a chosen indicator**")
    a.dataframe(chosen[["name", "swap", "note"]], hide_index=True, column_config={"name": "Indicator", "swap": "Swap"})
    b.markdown("**Forcing in a left-out indicator (cheapest first)**")
    b.dataframe(
        left_out[["name", "swap", "note"]], hide_index=True, column_config={"name": "Indicator", "swap": "Swap"}
    )


def _options(longlist, state, weights) -> None:
    from pmf_select import reports as paper

    st.subheader("Options for the paper")
    if not st.toggle("Show options side by side", key="show_options"):
        return
    settings = workshop.robustness_settings(state)
    constraints = workshop.constraints_dict(state)
    with st.spinner("Building options and testing their robustness…"):
        found = compute.options(
            longlist,
            state["audience"],
            weights,
            json.dumps(
                {
                    "include": list(constraints["include"]),
                    "exclude": list(constraints["exclude"]),
                    "min_data_availability": constraints["min_data_availability"],
                    "exclusive_overlaps": constraints["exclusive_overlaps"],
                    "samples": min(settings["samples"], 10_000),
                    "seed": settings["seed"],
                }
            ),
        )
    columns = st.columns(len(found))
    for column, option in zip(columns, found, strict=True):
        with column:
            st.markdown(f"**{md(option.title)}** ({len(option.ids)} indicators)")
            st.caption(md(f"{option.purpose} {option.robustness_summary}"))
            st.dataframe(
                option.indicators[["name", "reason"]],
                hide_index=True,
                column_config={"name": "Indicator", "reason": st.column_config.TextColumn("Why it is in", width=260)},
            )
    audience = state["audience"]
    st.download_button(
        "Download the options paper (DOCX)",
        data=lambda: paper.options_paper(longlist, audience, weights, options=found),
        file_name="options-paper.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="download_paper",
        on_click="ignore",
        help="A committee report with the options, charts, trade-offs and the scored long list (takes a few seconds).",
    )
