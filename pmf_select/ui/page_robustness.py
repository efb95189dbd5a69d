"""Robustness: which indicators are in under almost any weighting, which are contested."""

from __future__ import annotations

import json

import streamlit as st

from pmf_select.ranking import CLASSES, SAMPLING_LABELS, SAMPLINGS, describe_settings
from pmf_select.record import workshop
from pmf_select.reports import charts
from pmf_select.ui import chart_labels, compute, nav, session, style, tables, widgets


def sampling_controls(presenting: bool) -> None:
    """Sampling (``sampling``), samples (``samples``), spread and seed, bound to the draft."""
    cols = st.columns(4 if not presenting else 2)
    session.bound(
        cols[0].selectbox,
        "Weights to try",
        "sampling",
        SAMPLINGS,
        format_func=lambda s: SAMPLING_LABELS[s],
        help="simplex: every weighting equally likely (no preference). around: near today's weights. "
        "order: any weights that respect the order of importance. members: within the range members gave.",
    )
    session.bound(
        cols[1].select_slider,
        "How many to try",
        "samples",
        options=[1_000, 2_000, 5_000, 10_000, 20_000, 50_000],
        help="More weightings tried, more precise shares: within about 1 point at 10,000.",
    )
    if not presenting:
        session.bound(
            cols[2].slider,
            "Spread (around)",
            "spread",
            min_value=0.02,
            max_value=0.5,
            step=0.01,
            help="How far each weight may move from today's, in weight points (0.10 = ten percentage points).",
        )
        session.bound(cols[3].number_input, "Seed", "seed", min_value=0, step=1)


def render() -> None:
    longlist = session.longlist()
    criteria = longlist.criteria
    presenting = session.presenting()
    nav.title("robustness", "How sure are we?", presenting)
    style.quiet(widgets.settings_summary())
    sampling_controls(presenting)
    state = session.draft()
    weights = workshop.current_weights(criteria, state)
    settings = workshop.robustness_settings(state)
    order = workshop.order_groups(state.get("order") or {}, criteria)
    members = workshop.members_of(state)
    if workshop.sampling_in_force(state) != settings["sampling"]:
        st.warning("No members' weights are entered yet (Weigh and rank page): showing 'around' instead.")
        settings["sampling"] = workshop.sampling_in_force(state)
    k = settings["top_k"]
    with st.spinner(f"Trying {settings['samples']:,} plausible weightings (a few seconds the first time)…"):
        acc = compute.acceptability(
            longlist,
            state["audience"],
            weights,
            json.dumps({**settings, "order": order}),
            json.dumps(members) if settings["sampling"] == "members" else "{}",
        )
    counts = acc.counts()
    a, b, c = st.columns(3)
    a.metric("In under almost any weighting", counts.get(CLASSES[0], 0))
    b.metric("Contested", counts.get(CLASSES[1], 0))
    c.metric("Out under almost any weighting", counts.get(CLASSES[2], 0))
    plain = f"Out of {settings['samples']:,} plausible weightings, how often each indicator makes the top {k}."
    st.caption(plain if presenting else f"{plain} {describe_settings(acc)}")

    shown = acc.table[acc.table["p_top_k"] > 0.0].head(20 if presenting else 45)
    st.subheader(f"How often each makes the top {k} (the black line: the range it could be in)")
    chart = charts.acceptability_chart(chart_labels.for_chart(shown), k, large=presenting, limit=len(shown))
    st.vega_lite_chart(spec=chart_labels.relabel(chart.to_dict(), longlist, presenting), theme=None, width="stretch")
    if not presenting:
        table = acc.table[["id", "name", "service_area", "p_top_k", "median_rank", "rank_p05", "rank_p95", "class"]]
        st.dataframe(
            table,
            hide_index=True,
            height=tables.grid_height(len(table), 460),
            column_config=tables.fit(
                table,
                {
                    "id": "ID",
                    "name": st.column_config.TextColumn("Indicator", width=380),
                    "service_area": "Service area",
                    "p_top_k": st.column_config.ProgressColumn(
                        f"P(top {k})", min_value=0.0, max_value=1.0, format="percent"
                    ),
                    "median_rank": "Median rank",
                    "rank_p05": "Rank (5%)",
                    "rank_p95": "Rank (95%)",
                    "class": "Class",
                },
            ),
        )
    _set_level(longlist, state, weights, settings, order, members, presenting)
    nav.next_button("robustness")


def _set_level(longlist, state, weights, settings, order, members, presenting) -> None:
    st.subheader("How often does it make the best balanced set?")
    st.caption(
        "For each weighting tried, the best set meeting the constraints on the Build page is found again; "
        "core = in it at least 90% of the time, out = at most 10%."
    )
    samples = st.select_slider(
        "Weightings to try for the set", options=[100, 200, 500, 1000, 2000], value=500, key="set_samples"
    )
    if not st.button("Check the set's robustness", key="set_robustness_button"):
        return
    constraints = workshop.constraints_dict(state)
    bar = st.progress(0.0, text=f"Solving the set for {samples:,} weightings…")
    table = compute.set_robustness(
        longlist,
        state["audience"],
        weights,
        json.dumps(constraints),
        json.dumps({**settings, "samples": samples, "order": order}),
        json.dumps(members) if settings["sampling"] == "members" else "{}",
        _progress=lambda share: bar.progress(share, text=f"Solved {share:.0%} of {samples:,} weightings…"),
    )
    bar.progress(1.0, text=f"Done: {samples:,} weightings, seed {settings['seed']}.")
    view = table[table["p_in_set"] > 0][["id", "name", "service_area", "p_in_set", "label", "in_set"]]
    if presenting:
        view = view[["name", "service_area", "p_in_set", "label", "in_set"]].assign(
            in_set=lambda f: f["in_set"].map({True: "yes", False: ""})
        )
    tables.room_table(
        view,
        presenting,
        labels={
            "id": "ID",
            "name": "Indicator",
            "service_area": "Service area",
            "p_in_set": "How often it makes the set",
            "label": "Label",
            "in_set": "In the set today",
        },
        formats={"p_in_set": "{:.0%}"},
        limit=460,
        column_config={
            "p_in_set": st.column_config.ProgressColumn(
                "How often it makes the set", min_value=0.0, max_value=1.0, format="percent"
            ),
        },
    )
    counts = table["label"].value_counts()
    summary = (
        f"{counts.get('core', 0)} core, {counts.get('borderline', 0)} borderline, {counts.get('out', 0)} out; "
        f"{samples:,} weightings"
    )
    st.caption(
        summary + "."
        if presenting
        else f"{summary} ({table.attrs.get('sampling', settings['sampling'])}), seed {settings['seed']}, "
        f"Monte Carlo error at most +-{table.attrs.get('mc_error', 0.98 / samples**0.5):.3f}."
    )
