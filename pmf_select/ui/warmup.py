"""Ready before the room arrives: the tools loaded and the opening results computed.

A freshly started Streamlit server imports nothing of the app until the first browser
connects; that first visit then waits for pandas, scipy and altair to load (a second
or more) and for the opening draft to be ranked and tested 10,000 times. ``make run``
serves the app through ``serve.py``, whose start-up hook (:func:`lifespan`, Streamlit's
``st.App`` lifespan) does all of that before the server answers its health check: the
first page anyone opens, the Weigh page included, finds everything ready (issue 18,
benchmarks/bench_browser.py, "first Weigh page").

:func:`freeze_start_up` then moves everything alive after start-up into the garbage
collector's permanent generation (``gc.freeze``, Python 3.7+): the hundreds of
thousands of objects the libraries create when imported are never traversed again,
so a full collection during the workshop costs a fraction of a millisecond instead of
80-200 ms on a slider move. ``app.py`` calls it too, for ``streamlit run app.py``.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
from contextlib import asynccontextmanager

_frozen = threading.Event()


def freeze_start_up(collect: bool = False) -> None:
    """``gc.freeze()`` once per process, after the app's imports (``collect``: collect first)."""
    if _frozen.is_set():
        return
    _frozen.set()
    if collect:
        gc.collect()
    gc.freeze()


def warm_up() -> None:
    """Import every page's tools and compute the opening draft's results into the caches."""
    import streamlit as st

    from pmf_select.record import session as store_session
    from pmf_select.record import store_longlist, workshop

    # the pages' modules: what app.py and every page script import
    from pmf_select.ui import (  # noqa: F401
        compute,
        page_build,
        page_lock,
        page_longlist,
        page_robustness,
        page_round,
        page_start,
        page_vote,
        page_weigh,
        ranking_view,
        session,
    )

    longlist = session.shipped_longlist()
    state = session.default_draft(longlist)
    with store_session(session.db_path()) as conn:  # the store made, and the list written and checked, once
        store_longlist(conn, longlist)
    thread = compute.warm(longlist, state)
    if thread is not None:
        thread.join()
    weights = workshop.current_weights(longlist.criteria, state)
    ranking = compute.ranking(longlist, state["audience"], weights, "wsm")

    # Streamlit's elements, drawn once with no browser attached (outside a script run they
    # are marshalled, then dropped): the first use of each pays one-time costs in the
    # server (the first element looks through every loaded module's file, about 0.15 s;
    # the first Arrow conversions warm pyarrow), which the first visitor would otherwise wait for
    st.empty()
    shares = compute.weigh_acceptability(longlist, state, weights).p_top_k
    st.dataframe(page_weigh.weigh_rows(ranking.table, shares))  # the grids of the other pages
    # the Weigh page's live view, as the page draws it (ranking_view), in both modes
    labels = page_weigh.chart_criteria(longlist.criteria)
    by_id = ranking_view.shares_by_id(shares)
    for presenting in (False, True):
        top = 12 if presenting else 20
        ranking_view.show(
            ranking_view.chart_data(
                longlist, ranking.table, labels, title="", top=top, large=presenting, leading=[(1, "")]
            ),
            key=f"warm_chart_{presenting}",
        )
        ranking_view.show(
            ranking_view.table_data(
                ranking.table, by_id, top, "", title="", text="", ids=not presenting, large=presenting
            ),
            key=f"warm_table_{presenting}",
        )


@asynccontextmanager
async def lifespan(_app):
    """``st.App`` start-up hook: warm up, freeze, then let the server answer."""
    # Streamlit warns of a missing ScriptRunContext on each cached call: there is no
    # browser yet, which is the point. Its loggers each have their own level.
    loggers = [
        logging.getLogger(name) for name in list(logging.root.manager.loggerDict) if name.startswith("streamlit")
    ]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        await asyncio.to_thread(warm_up)
    except Exception as exc:  # a bad list or store must not stop the server: the pages say what is wrong
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"pmf-select: warm-up skipped ({first}); the pages will report it", flush=True)
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
    freeze_start_up(collect=True)
    yield
