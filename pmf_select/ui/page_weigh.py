"""Weigh & rank: move the weights, watch the ranking (and how sure it is) change."""

from __future__ import annotations

from contextlib import nullcontext

import numpy as np
import pandas as pd
import pyarrow as pa
import streamlit as st

from pmf_select.ranking import METHOD_LABELS, METHOD_SCORES, describe_settings
from pmf_select.record import workshop
from pmf_select.reports import charts
from pmf_select.ui import chart_labels, compute, nav, session, tables, widgets
from pmf_select.ui.text import md

SLOW_CELLS = 4_000_000
"""Candidates x samples from which the page's robustness takes long enough (about 0.1 s
or more, benchmarks/bench_robustness.py) to show a spinner while it runs."""


def render() -> None:
    presenting = session.presenting()
    nav.title("weigh", "Weigh and rank", presenting)
    if not presenting:  # outside the fragment: changing them reruns the page (rare)
        widgets.audience_and_method()
    live(presenting)
    if not _details_open(presenting):
        _details_closed(presenting)
    if presenting:  # the members' round is optional; with the sidebar closed, link it here
        st.page_link("pmf_select/ui/pages/round.py", label="Or let members weigh on their own phones: members' round")
    nav.next_button("weigh")


@st.fragment
def live(presenting: bool) -> None:
    """Everything a weight moves: the sliders, the ranking, its robustness and the checks.

    A fragment (``st.fragment``): moving a slider reruns this part of the page alone,
    not the app's preamble, the page's title and steps or the menu, so the room sees the
    new ranking sooner (issue 18, benchmarks/bench_browser.py). Every element in it is
    redrawn by the browser on every move, at about a millisecond each, so it holds as
    few as it can: what a weight changes, the widgets that change it, and text merged
    into as few elements as reads well. What a weight does not change (the officer's
    audience and method, and the closed sections below the ranking) is drawn outside it.
    """
    longlist = session.longlist()
    criteria = longlist.criteria
    left, right = st.columns([2, 3], gap="medium")
    with left:
        weights = widgets.weights_panel(compact=presenting)
        if presenting:
            widgets.audience_and_method(columns=(st, st))
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
    with right:
        labels = chart_criteria(criteria)
        # the heading and the colour key: one element
        st.markdown(
            f"### Top {top} for the {md(criteria.audience(audience).label)}\n\n"
            + charts.legend_html([md(label) for label in labels.values()]),
            unsafe_allow_html=True,
        )
        spec = ranking_chart(longlist, wsm.table, top, presenting)
        st.vega_lite_chart(spec=spec, theme=None, key="ranking_chart", width="stretch")
        leaders = zip(ranking.table["rank"].head(3).tolist(), ranking.table["name"].head(3).tolist(), strict=True)
        st.markdown(
            "**Leading now:** " + " · ".join(f"{int(rank)}. {md(name)}" for rank, name in leaders),
            help="The top three under the current weights and method.",
        )
        if method != "wsm":
            st.caption(
                f"Bars show the weighted-sum contributions; the table ranks by {METHOD_LABELS[method]}: "
                f"{METHOD_SCORES[method]}."
            )

    often = f"How often in the top {k}"
    plain = (
        f"{often}: the share of {settings['samples']:,} plausible weightings near today's that put it in the top {k}."
    )
    # the heading and what the column means, before the table: one element
    st.markdown(
        f"### Ranking, with how often each makes the top {k}\n\n"
        + (plain if presenting else f"{plain} Technically P(top {k}). {describe_settings(acc)}")
    )
    st.table(present_rows(ranking.table, acc.p_top_k, top, often, ids=not presenting), hide_index=True)
    inside = _details_open(presenting)
    if st.session_state.get("_details_inside") and not inside:
        # the last open section was closed from inside the fragment: redraw the page so
        # the closed sections return below it (a fragment cannot draw outside itself)
        st.session_state["_details_inside"] = False
        st.rerun()
    st.session_state["_details_inside"] = inside
    if inside:  # while one is open, all are here, recomputed on every move
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


def present_rows(table: pd.DataFrame, shares: pd.Series, rows: int, often: str, ids: bool = False) -> pa.Table:
    """The ranking's first ``rows`` rows, as the page's static table shows them: rank,
    (with ``ids``, the id,) indicator, service area, score (3 decimals) and how often in
    the top k (a whole percentage), under human headers.

    Built as an Arrow table from plain lists: Streamlit sends it as it is, where a
    pandas frame would be converted column by column on every slider move (issue 18).
    Names and areas are escaped (``st.table`` reads text cells as Markdown).
    """
    share = _by_id(shares)
    head = table.head(rows)
    keys = head["id"].tolist()
    return pa.table(
        {
            "Rank": pa.array(head["rank"].tolist(), pa.int64()),
            **({"ID": [md(i) for i in keys]} if ids else {}),
            "Indicator": [md(name) for name in head["name"].tolist()],
            "Service area": [md(area) for area in head["service_area"].tolist()],
            "Score": [f"{score:.3f}" for score in head["score"].tolist()],
            md(often): [f"{share[i]:.0%}" for i in keys],
        }
    )


def weigh_rows(table: pd.DataFrame, shares: pd.Series) -> pd.DataFrame:
    """The whole ranking for the officer's grid: rank, id, name, area, score and
    ``p_top_k`` (``shares`` by id)."""
    share = _by_id(shares)
    frame = table[["rank", "id", "name", "service_area", "score"]].copy()
    frame["p_top_k"] = np.array([share[i] for i in table["id"].tolist()], dtype=float)
    return frame


def _by_id(shares: pd.Series) -> dict[str, float]:
    """``shares`` as a plain dict by id (a pandas index lookup would hash the ids on every move)."""
    return dict(zip(shares.index.tolist(), shares.to_numpy().tolist(), strict=True))


def chart_criteria(criteria) -> dict[str, str]:
    """Each criterion's name in the chart's legend ("Low risk of ..." where less is better)."""
    return {
        c.key: c.label if c.objective == "max" else f"Low {c.label[0].lower()}{c.label[1:]}" for c in criteria.criteria
    }


def ranking_chart(longlist, table, top: int, presenting: bool) -> dict:
    """The ranking's bars as a Vega-Lite spec: the top ``top`` of a weighted-sum ranking
    ``table``, each indicator's whole name wrapped onto lines (:mod:`chart_labels`)."""
    spec = charts.contribution_spec(
        chart_labels.for_chart(table.head(top)),
        chart_criteria(longlist.criteria),
        top=top,
        large=presenting,
        legend=False,
    )
    spec = chart_labels.relabel(spec, longlist, presenting)
    # the rows as an Arrow table, which Streamlit sends as it is (rows would go through pandas)
    spec["datasets"] = {name: pa.Table.from_pylist(rows) for name, rows in spec["datasets"].items()}
    return spec


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
