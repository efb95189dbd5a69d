"""Build the set: a balanced set under the committee's constraints, and what each choice costs."""

from __future__ import annotations

import json

import streamlit as st

from pmf_select import selection
from pmf_select.errors import InputError
from pmf_select.record import workshop
from pmf_select.reports import charts
from pmf_select.selection import InfeasibleSet, audience_coverage
from pmf_select.ui import chart_labels, compute, nav, session, style, tables, widgets
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
    cols = st.columns(2)
    label = (lambda i: names[i]) if presenting else (lambda i: f"{names[i]} ({i})")
    session.bound(cols[0].multiselect, "Must include", "include", longlist.ids, format_func=label)
    session.bound(cols[1].multiselect, "Must exclude", "exclude", longlist.ids, format_func=label)
    with st.expander("More rules: data availability, overlapping measures"):
        cols = st.columns(2)
        session.bound(
            cols[0].slider,
            "Data availability at least",
            "min_data_availability",
            seed_transform=lambda v: float(v or 0),
            min_value=0.0,
            max_value=5.0,
            step=0.5,
        )
        session.bound(
            cols[1].checkbox,
            "At most one of overlapping measures",
            "exclusive_overlaps",
        )


def render() -> None:
    longlist = session.longlist()
    criteria = longlist.criteria
    presenting = session.presenting()
    nav.title("build", "Build a balanced set", presenting)
    style.quiet(widgets.settings_summary())
    constraint_controls(longlist, presenting)
    state = session.draft()
    weights = workshop.current_weights(criteria, state)
    constraints = workshop.constraints_dict(state)
    try:
        with st.spinner("Finding the best set that meets the rules…"):
            chosen = compute.chosen_set(longlist, state["audience"], weights, json.dumps(constraints))
    except InfeasibleSet as exc:
        _way_out(longlist, constraints, exc, presenting)
        return
    except InputError as exc:
        st.error(md(exc))
        return
    st.session_state["_last_feasible"] = chosen

    st.subheader(f"The best set of {len(chosen)} (total score {chosen.total:.2f})")
    _set_table(chosen, presenting)
    picks = state.get("picks") or []
    label = "Use this set as the agreed set" if picks != chosen.ids else "This is the agreed set"
    if st.button(label, key="use_set_button", disabled=picks == chosen.ids, type="primary"):
        session.set_value("picks", chosen.ids)
        st.rerun()
    rules = "Rules: " + "; ".join(md(d) for d in chosen.constraints.describe()) + "."
    st.caption(rules if presenting else f"{rules} Solved by {chosen.solver}.")
    left, right = st.columns(2, gap="large")
    coverage = chosen.coverage[chosen.coverage["chosen"] > 0][["service_area", "chosen"]]
    by_area = charts.coverage_chart(
        coverage, "chosen", "service_area", "Indicators chosen, by service area", presenting
    )
    left.vega_lite_chart(spec=chart_labels.bar_rows(by_area.to_dict(), presenting), theme=None, width="stretch")
    by_audience = charts.coverage_chart(
        audience_coverage(longlist, chosen.ids).assign(audience=lambda f: f["audience"].str.capitalize()),
        "strongly_relevant",
        "audience",
        "Strongly relevant (4+) to each audience",
        presenting,
    )
    right.vega_lite_chart(spec=chart_labels.bar_rows(by_audience.to_dict(), presenting), theme=None, width="stretch")

    _swaps(longlist, state, weights, constraints, presenting)
    _options(longlist, state, weights, presenting)
    nav.next_button("build")


def _set_table(chosen, presenting: bool) -> None:
    table = chosen.table[["name", "service_area", "score", "list_rank"]]
    tables.room_table(
        table,
        presenting,
        labels={
            "name": "Indicator",
            "service_area": "Service area",
            "score": "Score",
            "list_rank": "Place in the ranking",
        },
        formats={"score": "{:.2f}", "list_rank": "{:.0f}"},
        column_config={
            "name": st.column_config.TextColumn("Indicator", width=520),
            "service_area": st.column_config.TextColumn("Service area", width=230),
            "score": st.column_config.NumberColumn("Score", format="%.2f", width=70),
            "list_rank": st.column_config.NumberColumn("Place in the ranking", width=150),
        },
    )


def _way_out(longlist, constraints: dict, exc: InfeasibleSet, presenting: bool) -> None:
    """No set meets the rules: say why, keep the last set that did, offer each way out as one click."""
    st.error(f"No set meets these rules.\n\n{md(exc)}")
    rules = selection.SetConstraints(**constraints)
    with st.spinner("Looking for the smallest change that makes a set possible…"):
        found = selection.suggest_relaxations(longlist, rules, max_size=min(40, len(longlist)))
    if found:
        st.markdown("**Ways out** (each is one change; click to make it):")
        for number, relaxation in enumerate(found):
            st.button(
                relaxation.text[0].upper() + relaxation.text[1:],
                key=f"relax_{number}",
                on_click=_apply_relaxation,
                args=(relaxation.changes,),
            )
    last = st.session_state.get("_last_feasible")
    if last is not None:
        st.subheader(f"The last set that met the rules ({len(last)} indicators)")
        style.quiet("Rules then: " + "; ".join(last.constraints.describe()) + ".")
        _set_table(last, presenting)


_DRAFT_KEYS = {
    "size": "set_size",
    "min_per_area": "min_per_area",
    "max_per_area": "max_per_area",
    "min_outcomes": "min_outcomes",
    "exclusive_overlaps": "exclusive_overlaps",
    "min_data_availability": "min_data_availability",
    "include": "include",
    "exclude": "exclude",
}


def _apply_relaxation(changes: dict) -> None:
    """Make one suggested change to the rules (a button callback; saved to the draft)."""
    for field, value in changes.items():
        key = _DRAFT_KEYS.get(field)
        if key is None:  # per-area overrides are not set from the page
            continue
        if field == "max_per_area" and value is None:
            value = 0
        if field == "min_data_availability" and value is None:
            value = 0.0
        if field in ("include", "exclude"):
            value = list(value)
        session.set_value(key, value)


def _names(ids_text: str, names: dict) -> str:
    ids = [i.strip() for i in str(ids_text or "").split(";") if i.strip()]
    return "; ".join(names.get(i, i) for i in ids)


def _swaps(longlist, state, weights, constraints, presenting: bool) -> None:
    st.subheader("What each choice costs")
    style.quiet(
        "How much the set's total score changes if an indicator is dropped (and the best replacement is found), "
        "or if a left-out indicator is forced in. Smaller changes are cheaper swaps."
    )
    with st.spinner("Re-solving the set for each indicator…"):
        costs = compute.swaps(longlist, state["audience"], weights, json.dumps(constraints))
    names = dict(zip(longlist.frame["id"], longlist.frame["name"], strict=True))
    chosen = costs[costs["in_set"]].copy()
    left_out = costs[~costs["in_set"]].head(12).copy()
    for frame in (chosen, left_out):
        frame["out_names"] = [_names(v, names) for v in frame["out_ids"]]
        frame["in_names"] = [_names(v, names) for v in frame["in_ids"]]
        frame["cost"] = [
            selection.format_change(v) if v == v else note
            for v, note in zip(frame["change"], frame["note"], strict=True)
        ]
    a, b = st.columns(2)
    with a:
        st.markdown("**Dropping a chosen indicator**")
        tables.room_table(
            chosen[["name", "in_names", "cost"]],
            presenting,
            labels={"name": "If we drop", "in_names": "Best replacement", "cost": "Change in total"},
            space=tables.MAIN_PX // 2 - 16,
        )
    with b:
        st.markdown("**Forcing in a left-out indicator (cheapest first)**")
        tables.room_table(
            left_out[["name", "out_names", "cost"]],
            presenting,
            labels={"name": "If we force in", "out_names": "It replaces", "cost": "Change in total"},
            space=tables.MAIN_PX // 2 - 16,
        )
    if not presenting:
        with st.expander("The same, as solver output (officer)"):
            solver = costs[["id", "name", "swap", "note"]]
            st.dataframe(solver, hide_index=True, height=tables.grid_height(12), column_config=tables.fit(solver))


def _options(longlist, state, weights, presenting: bool) -> None:
    from pmf_select import reports as paper

    st.subheader("Options side by side")
    if not st.toggle("Show options side by side", key="show_options"):
        return
    settings = workshop.robustness_settings(state)
    constraints = workshop.constraints_dict(state)
    with st.status("Building the options and testing how sure each is (about 10 seconds)…", expanded=False) as status:
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
                    # the same rules as the options paper: a quarterly set for a Budget
                    # sub-committee leaves annual-only measures to the annual reports and
                    # asks every option for a finance measure
                    "route_annual": True,
                    "require_finance": True,
                }
            ),
        )
        status.update(label=f"{len(found)} options ready.", state="complete")
    picks = state.get("picks") or []
    columns = st.columns(len(found))
    for number, (column, option) in enumerate(zip(columns, found, strict=True)):
        with column:
            st.markdown(f"**{md(option.title)}** ({len(option.ids)} indicators)")
            style.quiet(option.purpose)
            if option.ids == picks:
                st.markdown("**This is the agreed set.**")
            else:
                st.button(
                    "Use this option",
                    key=f"use_option_{number}",
                    on_click=session.set_value,
                    args=("picks", list(option.ids)),
                    type="primary",
                )
            # presenting: names only, so four options fit side by side in projector type
            tables.room_table(
                option.indicators[["name"] if presenting else ["name", "reason"]],
                presenting,
                labels={"name": "Indicator", "reason": "Why it is in"},
                column_config={"reason": st.column_config.TextColumn("Why it is in", width=260)},
                space=tables.MAIN_PX // len(found) - 16,
            )
            if not presenting:
                style.quiet(option.robustness_summary)
    if presenting:
        return
    audience = state["audience"]
    members = workshop.members_of(state) or None  # typed by officers and answered in members' rounds
    st.download_button(
        "Download the options paper (DOCX)",
        data=lambda: paper.options_paper(longlist, audience, weights, options=found, members=members),
        file_name="options-paper.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        key="download_paper",
        on_click="ignore",
        help="A committee report with the options, charts, trade-offs and the scored long list (takes about 10 seconds "
        "after the click).",
    )
