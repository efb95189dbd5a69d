"""Cached calls into the core for the pages.

Each wrapper is a pure function of its arguments (a long list is keyed by its content
hash), so Streamlit's cache can serve repeat reruns: moving a slider back to where it
was costs nothing. Results are shared, not copied (``cache_resource``): they are
frozen dataclasses, and pages copy a table before changing it.

Speed where the room feels it (issue 18, benchmarks/bench_browser.py): the Weigh
page's robustness is keyed by the weights and the settings (:func:`weigh_acceptability`
builds the one key both the page and the warm-up use); its chart and table are plain
data for a small component (:mod:`pmf_select.ui.ranking_view`), not an Altair chart
rebuilt and validated on every rerun; and :func:`warm` computes a draft's results in the
background on a browser's first run (app.py), before anyone opens the Weigh page,
and not again on later reruns, where it would only compete with the page for the CPU.
"""

from __future__ import annotations

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


def _sampling(settings_json: str, members_json: str) -> dict:
    """The robustness settings and members (as :func:`robustness_keys` makes them) as the
    keyword arguments of :func:`pmf_select.ranking.acceptability` and ``top_k_shares``."""
    settings = json.loads(settings_json)
    return {
        "sampling": settings["sampling"],
        "samples": settings["samples"],
        "top_k": settings["top_k"],
        "seed": settings["seed"],
        "spread": settings["spread"],
        "order": settings.get("order"),
        "members": json.loads(members_json) or None,
    }


@st.cache_resource(hash_funcs=HASH, max_entries=32, show_spinner=False)
def acceptability(longlist: LongList, audience: str, weights: dict, settings_json: str, members_json: str):
    return robustness.acceptability(longlist, audience, weights, **_sampling(settings_json, members_json))


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


@st.cache_resource(hash_funcs=HASH, max_entries=64, show_spinner=False)
def top_k(longlist: LongList, audience: str, weights: dict, settings_json: str, members_json: str):
    """:func:`pmf_select.ranking.top_k_shares` (the Weigh page's column), cached like :func:`acceptability`."""
    return robustness.top_k_shares(longlist, audience, weights, **_sampling(settings_json, members_json))


def robustness_keys(longlist: LongList, state: dict) -> tuple[str, str]:
    """The draft's robustness settings and members as the cache keys :func:`acceptability` takes."""
    from pmf_select.record import workshop

    settings = {**workshop.robustness_settings(state), "sampling": workshop.sampling_in_force(state)}
    return (
        json.dumps({**settings, "order": workshop.order_groups(state.get("order") or {}, longlist.criteria)}),
        json.dumps(workshop.members_of(state)) if settings["sampling"] == "members" else "{}",
    )


def weigh_acceptability(longlist: LongList, state: dict, weights: dict):
    """How often each indicator makes the top k, for this draft and these weights (cached):
    the top-k shares alone (:func:`top_k`), as the Weigh page shows nothing else."""
    return top_k(longlist, state["audience"], weights, *robustness_keys(longlist, state))


_warmed: set[str] = set()
_warm_lock = threading.Lock()


def warm(longlist: LongList, state: dict) -> threading.Thread | None:
    """Start filling the caches for this draft's ranking and robustness in the background.

    The first visit to Weigh used to be blank for 4-10 s while 10,000 weightings were
    tried. Called by app.py on a browser's first run with a draft (usually Start here or
    the long list), this does that work in a daemon thread, once per long list, weights
    and settings, so the room finds it ready: the Weigh page's ranking and top-k shares
    first, then the set and the full robustness for the pages after. A page that needs a
    result still being computed waits for it under the cache's own lock instead of
    computing it twice. Not called again on later reruns: after a slider move the page
    computes what it shows, and a second thread would only compete with it for the CPU.
    Returns the warm-up thread (None when there was nothing new to warm).
    """
    from pmf_select.record import workshop

    criteria = longlist.criteria
    audience = state.get("audience", "scrutiny")
    try:
        weights = workshop.current_weights(criteria, state)
        settings_json, members_json = robustness_keys(longlist, state)
        constraints = workshop.constraints_dict(state)
    except Exception:  # a draft the pages will report on; nothing to warm
        return None
    key = f"{longlist.content_hash}|{audience}|{_freeze(weights)}|{settings_json}|{members_json}"
    with _warm_lock:
        if key in _warmed:
            return None
        _warmed.add(key)

    def work() -> None:
        try:
            ranking(longlist, audience, weights, state.get("method", "wsm"))
            ranking(longlist, audience, weights, "wsm")
            weigh_acceptability(longlist, state, weights)
            chosen_set(longlist, audience, weights, json.dumps(constraints))
            acceptability(longlist, audience, weights, settings_json, members_json)  # How sure are we?
        except Exception:  # the page that needs it will compute it again and show the error
            pass

    thread = threading.Thread(target=work, name="pmf-select-warm", daemon=True)
    thread.start()
    return thread
