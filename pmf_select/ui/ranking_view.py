"""The Weigh page's live ranking view: its stacked-bar chart and its static table.

Both are drawn in the browser by one small Streamlit component (``st.components.v2``,
``assets/ranking_view.js`` and ``.css``) from plain data this module builds. Why not
a Vega-Lite chart and ``st.table``, as the other pages use: the Weigh page is redrawn
on every slider move, in front of the room, and those two were most of what the
browser did per move (Vega re-renders the whole chart; ``st.table`` renders every cell
through Streamlit's Markdown renderer), and Vega's script no longer loads on a first
visit (issue 18, benchmarks/bench_browser.py). The component keeps its elements and
changes only the numbers and names that moved.

What the room reads is the same as before: the top of the ranking as bars split by
each criterion's contribution (0-1 scale, the charts' colour-blind-safe palette, whole
names wrapping onto lines), a colour key, who leads now, and the ranking with how
often each indicator makes the top k. Text reaches the page as ``textContent`` only,
so names and areas (user input) are shown as typed and can never become markup.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from pmf_select.reports.charts import OKABE_ITO
from pmf_select.ui import chart_labels

ASSETS = Path(__file__).with_name("assets")
TICKS = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
AXIS = "Score (0-1): each criterion's contribution"

_view = st.components.v2.component(
    "pmf_select_ranking_view",
    js=(ASSETS / "ranking_view.js").read_text(encoding="utf-8"),
    css=(ASSETS / "ranking_view.css").read_text(encoding="utf-8"),
    isolate_styles=False,  # the page's fonts, sizes and presentation-mode scale apply
)


def show(data: dict, key: str) -> None:
    """Draw ``data`` (:func:`chart_data` or :func:`table_data`) under ``key``."""
    _view(data=data, key=key, width="stretch", height="content")


def chart_data(
    longlist,
    wsm: pd.DataFrame,
    labels: dict[str, str],
    *,
    title: str,
    top: int,
    large: bool,
    leading: list[tuple[int, str]],
    note: str = "",
) -> dict:
    """The chart's data: the first ``top`` rows of a weighted-sum ranking table ``wsm``
    (``rank``, ``id``, ``name``, ``score`` and ``contrib_<key>`` per criterion in ``labels``).

    Each bar is labelled "rank. name" with the indicator's ``short_name`` where the long
    list has one (:func:`pmf_select.ui.chart_labels.display_names`); its tooltip gives
    the whole name, the score and each contribution. ``leading``: (rank, name) of the
    first three under the page's method, for the line under the chart.
    """
    head = wsm.head(top)
    names = chart_labels.names_of(longlist)
    ids = head["id"].tolist()
    ranks = head["rank"].tolist()
    scores = head["score"].tolist()
    full = head["name"].tolist()
    contributions = [head[f"contrib_{key}"].tolist() for key in labels]
    rows = []
    for i, cid in enumerate(ids):
        parts = [max(0.0, float(column[i])) for column in contributions]
        detail = "; ".join(f"{label} {part:.3f}" for label, part in zip(labels.values(), parts, strict=True))
        rows.append(
            {
                "label": f"{int(ranks[i])}. {names.get(cid, cid)}",
                "parts": [round(part, 5) for part in parts],
                "tip": f"{int(ranks[i])}. {full[i]}: score {scores[i]:.3f} ({detail})",
            }
        )
    return {
        "kind": "chart",
        "title": title,
        "legend": [{"label": label, "color": OKABE_ITO[i]} for i, label in enumerate(labels.values())],
        "rows": rows,
        "ticks": TICKS,
        "axis": AXIS,
        "summary": (
            f"Bar chart of the top {len(rows)} indicators by weighted-sum score, each bar split into "
            "each criterion's contribution. The table below lists the ranking."
        ),
        "leading": {"label": "Leading now:", "text": " · ".join(f"{int(rank)}. {name}" for rank, name in leading)},
        "note": note,
        "large": large,
    }


def shares_by_id(shares: pd.Series) -> dict[str, float]:
    """Top-k shares (a Series by id) as a plain dict, for :func:`table_data` (a pandas
    index lookup would hash the ids on every slider move)."""
    return dict(zip(shares.index.tolist(), shares.to_numpy().tolist(), strict=True))


def table_data(
    table: pd.DataFrame,
    shares: dict[str, float],
    rows: int,
    often: str,
    *,
    title: str,
    text: str,
    ids: bool,
    large: bool,
) -> dict:
    """The table's data: the ranking's first ``rows`` rows as rank, (with ``ids``, the
    id,) indicator, service area, score (3 decimals) and ``often`` (how often in the top
    k, a whole percentage, from ``shares`` by id), under human headers."""
    head = table.head(rows)
    keys = head["id"].tolist()
    columns = ["Rank", *(["ID"] if ids else []), "Indicator", "Service area", "Score", often]
    numeric = [True, *([False] if ids else []), False, False, True, True]
    body = [
        [int(rank), *([cid] if ids else []), str(name), str(area), f"{score:.3f}", f"{shares[cid]:.0%}"]
        for rank, cid, name, area, score in zip(
            head["rank"].tolist(),
            keys,
            head["name"].tolist(),
            head["service_area"].tolist(),
            head["score"].tolist(),
            strict=True,
        )
    ]
    return {
        "kind": "table",
        "title": title,
        "text": text,
        "columns": columns,
        "numeric": numeric,
        "rows": body,
        "large": large,
    }


def as_frame(data: dict) -> pd.DataFrame:
    """A table's data (:func:`table_data`) as the DataFrame it shows (for tests and the warm-up)."""
    return pd.DataFrame(data["rows"], columns=data["columns"])
