"""Weigh & rank: move the weights, watch the ranking (and how sure it is) change."""

from __future__ import annotations

import streamlit as st

from pmf_select.ranking import METHOD_LABELS, METHOD_SCORES
from pmf_select.record import workshop
from pmf_select.reports import charts
from pmf_select.ui import compute, session, widgets


def render() -> None:
    longlist = session.longlist()
    criteria = longlist.criteria
    presenting = session.presenting()
    st.title("Weigh and rank")
    widgets.audience_and_method()

    left, right = st.columns([2, 3] if not presenting else [2, 4], gap="large")
    with left:
        weights = widgets.weights_panel(compact=presenting)
    state = session.draft()
    audience, method = state["audience"], state["method"]
    settings = workshop.robustness_settings(state)
    k = settings["top_k"]
    ranking = compute.ranking(longlist, audience, weights, method)
    wsm = ranking if method == "wsm" else compute.ranking(longlist, audience, weights, "wsm")
    acc = compute.weigh_acceptability(longlist, state, weights)
    with right:
        top = 15 if presenting else 20
        st.subheader(f"Top {top} for the {criteria.audience(audience).label}")
        labels = {
            c.key: c.label if c.objective == "max" else f"Low {c.label[0].lower()}{c.label[1:]}"
            for c in criteria.criteria
        }
        st.markdown(charts.legend_html(list(labels.values())), unsafe_allow_html=True)
        spec = compute.contribution_spec(wsm, labels, top, presenting)
        st.vega_lite_chart(spec, theme=None, key="ranking_chart", width="stretch")
        leaders = ranking.table.head(3)
        st.markdown(
            "**Leading now:** "
            + " · ".join(f"{int(r['rank'])}. {r['name']}" for r in leaders.to_dict(orient="records")),
            help="The top three under the current weights and method.",
        )
        if method != "wsm":
            st.caption(
                f"Bars show the weighted-sum contributions; the table ranks by {METHOD_LABELS[method]}: "
                f"{METHOD_SCORES[method]}."
            )

    st.subheader("Ranking, with how sure we are")
    p = acc.table.set_index("id")["p_top_k"]
    table = ranking.table[["rank", "id", "name", "service_area", "score"]].copy()
    table[f"P(top {k})"] = table["id"].map(p)
    st.dataframe(
        table.head(top if presenting else len(table)),
        hide_index=True,
        height=min(38 + 35 * len(table), 420),
        column_config={
            "rank": st.column_config.NumberColumn("Rank", width=60),
            "id": st.column_config.TextColumn("ID", width=110),
            "name": st.column_config.TextColumn("Indicator", width=420),
            "service_area": st.column_config.TextColumn("Service area", width=190),
            "score": st.column_config.NumberColumn("Score", format="%.3f", width=80),
            f"P(top {k})": st.column_config.ProgressColumn(
                f"P(top {k})", min_value=0.0, max_value=1.0, format="percent", width=130
            ),
        },
    )
    from pmf_select.ranking import describe_settings

    st.caption(f"P(top {k}): share of weightings that put it in the top {k}. {describe_settings(acc)}")

    _explain(longlist, audience, weights, ranking)
    if not presenting:
        _methods(longlist, audience, weights, k)


def _explain(longlist, audience, weights, ranking) -> None:
    from pmf_select.ranking import explain

    box = st.expander("Check a score by hand", key="explain_open", on_change="rerun")
    if not box.open:  # computed only when opened (issue 18)
        return
    with box:
        names = dict(zip(ranking.table["id"], ranking.table["name"], strict=True))
        pick = st.selectbox("Indicator", ranking.ids, format_func=lambda i: f"{names[i]} ({i})", key="explain_pick")
        rows = explain(longlist, pick, audience, weights)
        st.dataframe(
            rows[["label", "score", "scale_min", "scale_max", "objective", "value", "weight", "contribution"]],
            hide_index=True,
            column_config={
                "label": "Criterion",
                "value": st.column_config.NumberColumn("Value (0-1)", format="%.3f"),
                "weight": st.column_config.NumberColumn("Weight", format="%.3f"),
                "contribution": st.column_config.NumberColumn("Weight x value", format="%.4f"),
            },
        )
        st.caption(
            f"Weighted-sum score = sum of weight x value = {rows['contribution'].sum():.4f}. "
            "Value = (score - low) / (high - low), or (high - score) / (high - low) where less is better."
        )


def _methods(longlist, audience, weights, k) -> None:
    box = st.expander("Do the methods agree?", key="methods_open", on_change="rerun")
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
        st.dataframe(tau.round(2))
    with right:
        depends = result.depends_on_method
        if depends.empty:
            st.success(f"Every method puts the same indicators in the top {k}.")
        else:
            st.caption(f"In the top {k} under some methods but not all ({len(depends)})")
            columns = ["name"] + [f"rank_{m}" for m in result.methods]
            view = depends[columns].rename(columns={f"rank_{m}": METHOD_LABELS[m] for m in result.methods})
            st.dataframe(view.rename(columns={"name": "Indicator"}), hide_index=True)
