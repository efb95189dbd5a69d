"""Cached calls into the core for the pages.

Each wrapper is a pure function of its arguments (a long list is keyed by its content
hash), so Streamlit's cache can serve repeat reruns: moving a slider back to where it
was costs nothing. Results are shared, not copied (``cache_resource``): they are
frozen dataclasses, and pages copy a table before changing it.

Speed where the room feels it (issue 18, benchmarks/bench_browser.py): the Weigh
page's robustness is keyed by the weights and the settings (:func:`weigh_acceptability`
builds the one key both the page and the warm-up use); its ranking chart is a
Vega-Lite spec made once per shape and refilled with each ranking's numbers
(:func:`contribution_spec`), not an Altair chart rebuilt and validated on every
rerun; and :func:`warm_up` computes the opening draft's results in the background
on the app's first run, before anyone opens the Weigh page.
"""

from __future__ import annotations

import hashlib
import json
import threading

import streamlit as st

from pmf_select import selection
from pmf_select.longlist import LongList
from pmf_select.ranking import compare, robustness, scoring
from pmf_select.selection import options as options_module

HASH = {LongList: lambda longlist: longlist.content_hash}


def _freeze(mapping) -> str:
    return json.dumps(mapping, sort_keys=True, default=list)


@st.cache_resource(hash_funcs=HASH, max_entries=64, show_spinner=False)
def ranking(longlist: LongList, audience: str, weights: dict, method: str) -> scoring.Ranking:
    return scoring.score(longlist, audience, weights, method)


@st.cache_resource(hash_funcs=HASH, max_entries=32, show_spinner=False)
def comparison(longlist: LongList, audience: str, weights: dict, top_k: int) -> compare.MethodComparison:
    return compare.compare_methods(longlist, audience, weights, top_k=top_k)


@st.cache_resource(hash_funcs=HASH, max_entries=32, show_spinner=False)
def acceptability(longlist: LongList, audience: str, weights: dict, settings_json: str, members_json: str):
    settings = json.loads(settings_json)
    members = json.loads(members_json) or None
    order = settings.pop("order", None)
    return robustness.acceptability(
        longlist,
        audience,
        weights,
        sampling=settings["sampling"],
        samples=settings["samples"],
        top_k=settings["top_k"],
        seed=settings["seed"],
        spread=settings["spread"],
        order=order,
        members=members,
    )


@st.cache_resource(hash_funcs=HASH, max_entries=32, show_spinner=False)
def chosen_set(longlist: LongList, audience: str, weights: dict, constraints_json: str) -> selection.ChosenSet:
    return selection.build_set(longlist, audience, weights, selection.SetConstraints(**json.loads(constraints_json)))


@st.cache_resource(hash_funcs=HASH, max_entries=16, show_spinner=False)
def swaps(longlist: LongList, audience: str, weights: dict, constraints_json: str):
    return selection.swap_costs(longlist, audience, weights, selection.SetConstraints(**json.loads(constraints_json)))


@st.cache_resource(hash_funcs=HASH, max_entries=16, show_spinner=False)
def set_robustness(
    longlist: LongList,
    audience: str,
    weights: dict,
    constraints_json: str,
    settings_json: str,
    members_json: str,
    _progress=None,
):
    """``_progress`` (left out of the cache key) is told how far the run has got."""
    settings = json.loads(settings_json)
    members = json.loads(members_json) or None
    return selection.set_robustness(
        longlist,
        audience,
        weights,
        selection.SetConstraints(**json.loads(constraints_json)),
        sampling=settings["sampling"],
        samples=settings["samples"],
        seed=settings["seed"],
        spread=settings["spread"],
        order=settings.get("order"),
        members=members,
        progress=_progress,
    )


@st.cache_resource(hash_funcs=HASH, max_entries=8, show_spinner=False)
def options(longlist: LongList, audience: str, weights: dict, settings_json: str) -> list:
    settings = json.loads(settings_json)
    return options_module.build_options(longlist, audience, weights, **settings)


def weigh_acceptability(longlist: LongList, state: dict, weights: dict):
    """The robustness the Weigh page shows for this draft and these weights (cached)."""
    from pmf_select.record import workshop

    settings = workshop.robustness_settings(state)
    return acceptability(
        longlist,
        state["audience"],
        weights,
        json.dumps({**settings, "order": workshop.order_groups(state.get("order") or {}, longlist.criteria)}),
        json.dumps(workshop.members_of(state)) if settings["sampling"] == "members" else "{}",
    )


def contribution_spec(ranking: scoring.Ranking, labels: dict[str, str], top: int, large: bool) -> dict:
    """The Weigh page's ranking chart (weighted-sum contributions) as a Vega-Lite spec.

    The same spec :func:`pmf_select.reports.charts.contribution_chart` gives
    (tests/test_ui_compute.py), without building and validating an Altair chart on
    every rerun: the first call for a shape builds it, later calls replace its data
    rows and the order of the bars.
    """
    from pmf_select.reports import charts

    table = ranking.table
    key = (json.dumps(labels, sort_keys=True), top, large, min(top, len(table)), tuple(table.columns))
    template = _spec_template(*key[:4], key[4], ranking)
    head = table.head(top)
    keys = [c[len(scoring.CONTRIB_PREFIX) :] for c in head.columns if c.startswith(scoring.CONTRIB_PREFIX)]
    ranks, names, ids, scores = (head[c].tolist() for c in ("rank", "name", "id", "score"))
    contributions = [head[f"{scoring.CONTRIB_PREFIX}{k}"].tolist() for k in keys]
    sort = [f"{int(r)}. {charts._short(n, 44)}" for r, n in zip(ranks, names, strict=True)]
    rows = [
        {
            "indicator": sort[i],
            "criterion": labels.get(k, k),
            "order": j,
            "contribution": float(contributions[j][i]),
            "score": float(scores[i]),
            "id": ids[i],
        }
        for i in range(len(sort))
        for j, k in enumerate(keys)
    ]
    name = "data-" + hashlib.md5(json.dumps(rows).encode()).hexdigest()
    return {
        **template,
        "data": {"name": name},
        "encoding": {**template["encoding"], "y": {**template["encoding"]["y"], "sort": sort}},
        "datasets": {name: rows},
    }


_TEMPLATES: dict = {}
_TEMPLATES_LOCK = threading.Lock()


def _spec_template(labels_json: str, top: int, large: bool, rows: int, columns: tuple, ranking) -> dict:
    key = (labels_json, top, large, rows, columns)
    with _TEMPLATES_LOCK:
        template = _TEMPLATES.get(key)
    if template is None:
        from pmf_select.reports import charts

        chart = charts.contribution_chart(ranking.table, json.loads(labels_json), top=top, large=large, legend=False)
        template = chart.to_dict()
        with _TEMPLATES_LOCK:
            _TEMPLATES[key] = template
    return template


_WARMED: set = set()
_WARM_LOCK = threading.Lock()


def warm_up(longlist: LongList, state: dict) -> None:
    """Compute the opening draft's Weigh page results in a background thread, once per
    long list and settings: the first visit to Weigh then finds the robustness run, the
    rankings and the chart template already made (and altair imported)."""
    from pmf_select.record import workshop

    try:
        weights = workshop.current_weights(longlist.criteria, state)
    except Exception:  # the page reports bad weights itself
        return
    key = (longlist.content_hash, json.dumps(state, sort_keys=True, default=str))
    with _WARM_LOCK:
        if key in _WARMED:
            return
        _WARMED.add(key)
    frozen = json.loads(json.dumps(state, default=str))

    def work() -> None:
        audience = frozen["audience"]
        wsm = ranking(longlist, audience, weights, "wsm")
        if frozen.get("method", "wsm") != "wsm":
            ranking(longlist, audience, weights, frozen["method"])
        weigh_acceptability(longlist, frozen, weights)
        criteria = longlist.criteria
        labels = {
            c.key: c.label if c.objective == "max" else f"Low {c.label[0].lower()}{c.label[1:]}"
            for c in criteria.criteria
        }
        for top, large in ((20, False), (15, True)):
            contribution_spec(wsm, labels, top, large)

    threading.Thread(target=work, name="pmf-select-warm-up", daemon=True).start()
