"""Weigh & rank: move the weights, watch the ranking (and how sure it is) change."""

from __future__ import annotations

from contextlib import nullcontext
from typing import NamedTuple

import numpy as np
import pandas as pd
import streamlit as st

from pmf_select.ranking import METHOD_LABELS, METHOD_SCORES, describe_settings
from pmf_select.record import workshop
from pmf_select.ui import compute, nav, ranking_view, session, tables, widgets

SLOW_CELLS = 4_000_000
"""Candidates x samples from which the page's robustness takes long enough (about 0.1 s
or more, benchmarks/bench_robustness.py) to show a spinner while it runs."""


def render() -> None:
    presenting = session.presenting()
    nav.title("weigh", "Weigh and rank", presenting)
    if not presenting:  # outside the fragment: changing them reruns the page (rare)
        widgets.audience_and_method()
    left, right = st.columns([2, 3], gap="medium")
    # where the live fragment draws the ranking: containers made here, outside it
    slots = Slots(chart=right.container(), table=st.container(), details=st.container())
    with left:
        widgets.weights_mode(compact=presenting)
        live(presenting, slots)
        if presenting:
            widgets.audience_and_method(columns=(st, st))
        else:
            widgets.members_panel()
    if not _details_open(presenting):
        _details_closed(presenting)
    if presenting:  # the members' round is optional; with the sidebar closed, link it here
        st.page_link("pmf_select/ui/pages/round.py", label="Or let members weigh on their own phones: members' round")
    nav.next_button("weigh")


class Slots(NamedTuple):
    """The page's containers the live fragment fills: the chart (right of the sliders),
    the table (under both) and the open sections (under the table)."""

    chart: object
    table: object
    details: object


@st.fragment
def live(presenting: bool, slots: Slots) -> None:
    """Everything a weight moves: the sliders, the ranking, its robustness and the checks.

    A fragment (``st.fragment``): moving a slider reruns this function alone, not the
    app's preamble, the page's title and steps or the menu, so the room sees the new
    ranking sooner (issue 18, benchmarks/bench_browser.py). The browser redraws every
    element the fragment draws, on every move, at a millisecond or more each, so it draws
    as few as it can: the weight inputs and the weights in force (in the left column,
    where it is called), and the chart and the table as two elements of one small
    component (:mod:`pmf_select.ui.ranking_view`) in containers the page made outside it
    (:class:`Slots`: Streamlit redraws a fragment's writes there in place). What a weight
    does not change is drawn outside it: the way of weighing and its question, the
    officer's audience, method and members' panel, and the sections below the ranking
    while they are closed.
    """
    longlist = session.longlist()
    criteria = longlist.criteria
    weights = widgets.weight_inputs()
    state = session.draft()
    audience, method = state["audience"], state["method"]
    settings = workshop.robustness_settings(state)
    k = settings["top_k"]
    # a spinner costs a thread on every slider move: only for lists that take a while
    slow = len(longlist) * settings["samples"] > SLOW_CELLS
    with (
        st.spinner(f"Ranking the long list and trying {settings['samples']:,} nearby weightings…")
        if slow
        else nullcontext()
    ):
        ranking, wsm, acc = _compute(longlist, criteria, state, weights, settings)
    top = 12 if presenting else 20
    with slots.chart:
        leaders = zip(ranking.table["rank"].head(3).tolist(), ranking.table["name"].head(3).tolist(), strict=True)
        ranking_view.show(
            ranking_view.chart_data(
                longlist,
                wsm.table,
                chart_criteria(criteria),
                title=f"Top {top} for the {criteria.audience(audience).label}",
                top=top,
                large=presenting,
                leading=list(leaders),
                note=_method_note(method),
            ),
            key="ranking_chart",
        )
    often = f"How often in the top {k}"
    plain = (
        f"{often}: the share of {settings['samples']:,} plausible weightings near today's that put it in the top {k}."
    )
    with slots.table:
        ranking_view.show(
            ranking_view.table_data(
                ranking.table,
                ranking_view.shares_by_id(acc.p_top_k),
                top,
                often,
                title=f"Ranking, with how often each makes the top {k}",
                text=plain if presenting else f"{plain} Technically P(top {k}). {describe_settings(acc)}",
                ids=not presenting,
                large=presenting,
            ),
            key="ranking_table",
        )
    inside = _details_open(presenting)
    if st.session_state.get("_details_inside") and not inside:
        # the last open section was closed from inside the fragment: redraw the page so
        # the closed sections return below it, drawn outside the fragment again
        st.session_state["_details_inside"] = False
        st.rerun()
    st.session_state["_details_inside"] = inside
    if inside:  # while one is open, all are here, recomputed on every move
        with slots.details:
            if not presenting:
                _whole(ranking, acc, often)
            _explain(longlist, audience, weights, ranking)
            if not presenting:
                _methods(longlist, audience, weights, k)


DETAILS = (
    ("whole_open", "The whole ranking, sortable"),
    ("explain_open", "Check a score by hand"),
    ("methods_open", "Do the methods agree?"),
)
"""The officer's sections below the ranking (key, label), closed until asked for."""

ROOM_DETAILS = (DETAILS[1],)
"""In presentation mode, the room's one section: any member can check a score by hand."""


def _details(presenting: bool) -> tuple[tuple[str, str], ...]:
    return ROOM_DETAILS if presenting else DETAILS


def _details_open(presenting: bool) -> bool:
    return any(st.session_state.get(key) for key, _ in _details(presenting))


def _details_closed(presenting: bool) -> None:
    """This mode's sections, closed, below the fragment: elements fewer on every slider
    move. Opening one reruns the page, which then draws them all inside the fragment,
    where a weight change reaches what they show (:func:`live`)."""
    for key, _ in _details(presenting):
        _detail(key)


def _detail(key: str):
    """One of the :data:`DETAILS` sections' expander (opening or closing it reruns)."""
    return st.expander(dict(DETAILS)[key], key=key, on_change="rerun")


def _whole(ranking, acc, often: str) -> None:
    """Every indicator, ranked, in a sortable grid: for the officer, on request. (The
    grid is the page's costliest element for the browser to redraw, and the first to
    need its code loaded: issue 18.)"""
    box = _detail("whole_open")
    if not box.open:
        return
    with box:
        _officer_table(weigh_rows(ranking.table, acc.p_top_k), often)


def _officer_table(shown: pd.DataFrame, often: str) -> None:
    tables.room_table(
        shown,
        False,
        labels={
            "rank": "Rank",
            "id": "ID",
            "name": "Indicator",
            "service_area": "Service area",
            "score": "Score",
            "p_top_k": often,
        },
        limit=520,
        column_config={
            "rank": st.column_config.NumberColumn("Rank", width=60),
            "id": st.column_config.TextColumn("ID", width=110),
            "name": st.column_config.TextColumn("Indicator", width=420),
            "service_area": st.column_config.TextColumn("Service area", width=190),
            "score": st.column_config.NumberColumn("Score", format="%.3f", width=80),
            "p_top_k": st.column_config.ProgressColumn(
                often, min_value=0.0, max_value=1.0, format="percent", width=170
            ),
        },
    )


def weigh_rows(table: pd.DataFrame, shares: pd.Series) -> pd.DataFrame:
    """The whole ranking for the officer's grid: rank, id, name, area, score and
    ``p_top_k`` (``shares`` by id)."""
    share = ranking_view.shares_by_id(shares)
    frame = table[["rank", "id", "name", "service_area", "score"]].copy()
    frame["p_top_k"] = np.array([share[i] for i in table["id"].tolist()], dtype=float)
    return frame


def _method_note(method: str) -> str:
    """Under the chart, when the table ranks by another method than the bars' weighted sum."""
    if method == "wsm":
        return ""
    return f"Bars show the weighted-sum contributions; the table ranks by {METHOD_LABELS[method]}: {METHOD_SCORES[method]}."


def chart_criteria(criteria) -> dict[str, str]:
    """Each criterion's name in the chart's legend ("Low risk of ..." where less is better)."""
    return {
        c.key: c.label if c.objective == "max" else f"Low {c.label[0].lower()}{c.label[1:]}" for c in criteria.criteria
    }


def _compute(longlist, criteria, state, weights, settings):
    audience, method = state["audience"], state["method"]
    ranking = compute.ranking(longlist, audience, weights, method)
    wsm = ranking if method == "wsm" else compute.ranking(longlist, audience, weights, "wsm")
    acc = compute.weigh_acceptability(longlist, state, weights)
    return ranking, wsm, acc


def _explain(longlist, audience, weights, ranking) -> None:
    from pmf_select.ranking import explain

    box = _detail("explain_open")
    if not box.open:  # computed only when opened (issue 18)
        return
    with box:
        names = dict(zip(ranking.table["id"], ranking.table["name"], strict=True))
        pick = st.selectbox("Indicator", ranking.ids, format_func=lambda i: f"{names[i]} ({i})", key="explain_pick")
        rows = explain(longlist, pick, audience, weights)
        shown = rows[["label", "score", "scale_min", "scale_max", "objective", "value", "weight", "contribution"]]
        st.dataframe(
            shown,
            hide_index=True,
            column_config=tables.fit(
                shown,
                {
                    "label": "Criterion",
                    "score": "Score",
                    "scale_min": "Low",
                    "scale_max": "High",
                    "objective": "Better when",
                    "value": st.column_config.NumberColumn("Value (0-1)", format="%.3f"),
                    "weight": st.column_config.NumberColumn("Weight", format="%.3f"),
                    "contribution": st.column_config.NumberColumn("Weight x value", format="%.4f"),
                },
            ),
        )
        st.caption(
            f"Weighted-sum score = sum of weight x value = {rows['contribution'].sum():.4f}. "
            "Value = (score - low) / (high - low), or (high - score) / (high - low) where less is better."
        )


def _methods(longlist, audience, weights, k) -> None:
    box = _detail("methods_open")
    if not box.open:  # four rankings and six Kendall's taus: only when shown (issue 18)
        return
    with box:
        _methods_body(longlist, audience, weights, k)


def _methods_body(longlist, audience, weights, k) -> None:
    result = compute.comparison(longlist, audience, weights, k)
    tau = result.tau_matrix.copy()
    tau.index = [METHOD_LABELS[m] for m in tau.index]
    tau.columns = [METHOD_LABELS[m] for m in tau.columns]
    left, right = st.columns([2, 3])
    with left:
        st.caption("Kendall's tau between rankings (1 = same order)")
        st.dataframe(tau.round(2), column_config=tables.fit(tau, space=tables.MAIN_PX * 2 // 5 - 200))
    with right:
        depends = result.depends_on_method
        if depends.empty:
            st.success(f"Every method puts the same indicators in the top {k}.")
        else:
            st.caption(f"In the top {k} under some methods but not all ({len(depends)})")
            columns = ["name"] + [f"rank_{m}" for m in result.methods]
            view = depends[columns].rename(columns={f"rank_{m}": METHOD_LABELS[m] for m in result.methods})
            view = view.rename(columns={"name": "Indicator"})
            st.dataframe(view, hide_index=True, column_config=tables.fit(view, space=tables.MAIN_PX * 3 // 5 - 16))
