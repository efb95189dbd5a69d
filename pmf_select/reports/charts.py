"""Altair chart builders shared by the app and the options paper.

Pure functions of their inputs, returning ``alt.Chart`` objects; no Streamlit. A
``large`` flag sizes fonts for a projected screen (Vega-Lite does not follow the
page's CSS). Colours are the Okabe-Ito palette, safe for common colour-vision
deficiencies (Okabe & Ito 2008, "Color Universal Design").
"""

from __future__ import annotations

import altair as alt
import pandas as pd

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
CLASS_COLOURS = {
    "in under almost any weighting": "#0072B2",
    "contested": "#E69F00",
    "out under almost any weighting": "#999999",
}
SET_LABEL_COLOURS = {"core": "#0072B2", "borderline": "#E69F00", "out": "#999999"}


def style(chart: alt.TopLevelMixin, large: bool = False) -> alt.TopLevelMixin:
    """Readable fonts (large for a projector) and a plain white background."""
    label, title = (17, 19) if large else (13, 14)
    # configure() replaces the whole config, so it must come first
    return (
        chart.configure(background="white", font="DejaVu Sans, Arial, sans-serif")
        .configure_axis(labelFontSize=label, titleFontSize=title, labelLimit=420, titleFontWeight="normal")
        .configure_legend(labelFontSize=label, titleFontSize=title, labelLimit=360, orient="bottom")
        .configure_title(fontSize=title + 2, anchor="start")
        .configure_view(stroke=None)
    )


def _short(name: str, limit: int = 48) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def relevance_heatmap(frame: pd.DataFrame, audiences: list[tuple[str, str]], large: bool = False) -> alt.Chart:
    """Relevance of each candidate (rows) to each audience (columns), 0-5.

    ``frame`` has ``id``, ``name`` and ``relevance_<audience>`` columns; ``audiences``
    is a list of (key, label).
    """
    rows = []
    for record in frame.to_dict(orient="records"):
        for key, label in audiences:
            rows.append(
                {
                    "indicator": _short(f"{record['name']}"),
                    "id": record["id"],
                    "audience": key.capitalize(),
                    "audience_label": label,
                    "relevance": float(record[f"relevance_{key}"]),
                }
            )
    data = pd.DataFrame(rows)
    order = [_short(n) for n in frame["name"]]
    height = max(120, (26 if large else 20) * len(frame))
    chart = (
        alt.Chart(data)
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X(
                "audience:N",
                sort=[key.capitalize() for key, _ in audiences],
                title=None,
                axis=alt.Axis(labelAngle=0, orient="top", labelLimit=160),
            ),
            y=alt.Y("indicator:N", sort=order, title=None),
            color=alt.Color(
                "relevance:Q",
                scale=alt.Scale(domain=[0, 5], scheme="blues"),
                legend=alt.Legend(title="Relevance (0-5)"),
            ),
            tooltip=["id", "indicator", "audience_label", "relevance"],
        )
    )
    text = (
        alt.Chart(data)
        .mark_text(fontSize=15 if large else 12)
        .encode(
            x=alt.X("audience:N", sort=[key.capitalize() for key, _ in audiences]),
            y=alt.Y("indicator:N", sort=order),
            text=alt.Text("relevance:Q", format=".0f"),
            color=alt.condition("datum.relevance >= 3.5", alt.value("white"), alt.value("black")),
        )
    )
    width = 560 if large else 480
    return style((chart + text).properties(height=height, width=width), large)


def _contribution_rows(head: pd.DataFrame, labels: dict[str, str], keys: list[str]) -> list[dict]:
    """The chart's data: one row per indicator and criterion, ``position`` the indicator's place."""
    rows = []
    # plain lists, not DataFrame.to_dict (which costs milliseconds on every slider move)
    contributions = [head[f"contrib_{key}"].to_numpy(dtype=float).tolist() for key in keys]
    criteria = [labels.get(key, key) for key in keys]
    columns = zip(
        head["rank"].tolist(),
        head["name"].tolist(),
        head["score"].to_numpy(dtype=float).tolist(),
        head["id"].tolist(),
        strict=True,
    )
    for position, (rank, name, score, cid) in enumerate(columns):
        indicator = f"{int(rank)}. {_short(name, 44)}"
        for order, criterion in enumerate(criteria):
            rows.append(
                {
                    "indicator": indicator,
                    "criterion": criterion,
                    "order": order,
                    "contribution": contributions[order][position],
                    "score": score,
                    "id": cid,
                    "position": position,
                }
            )
    return rows


def _contribution_keys(table: pd.DataFrame) -> list[str]:
    return [c[len("contrib_") :] for c in table.columns if c.startswith("contrib_")]


def contribution_chart(
    table: pd.DataFrame,
    labels: dict[str, str],
    top: int = 20,
    large: bool = False,
    highlight: set[str] | None = None,
    legend: bool = True,
) -> alt.Chart:
    """Ranking as stacked bars: each criterion's contribution to the weighted-sum score.

    ``table`` is a ranking table (``id,name,score,rank,contrib_<key>``); ``labels``
    maps criterion key to its display label. Contributions add up to the score.
    """
    head = table.head(top)
    keys = _contribution_keys(head)
    rows = _contribution_rows(head, labels, keys)
    data = pd.DataFrame(rows, columns=["indicator", "criterion", "order", "contribution", "score", "id", "position"])
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            # ordered by a field of the data, not a list in the spec: a new ranking then
            # changes only the data, and a live chart is updated rather than rebuilt
            y=alt.Y("indicator:N", sort=alt.EncodingSortField("position", op="min"), title=None),
            x=alt.X(
                "sum(contribution):Q",
                title="Score (0-1): each criterion's contribution",
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "criterion:N",
                sort=[labels.get(k, k) for k in keys],
                scale=alt.Scale(range=OKABE_ITO[: len(keys)]),
                legend=alt.Legend(title=None, columns=3 if large else 5) if legend else None,
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                "id",
                "indicator",
                "criterion",
                alt.Tooltip("contribution:Q", format=".3f"),
                alt.Tooltip("score:Q", format=".3f"),
            ],
        )
        .properties(height=(30 if large else 22) * len(head))
    )
    return style(chart, large)


def acceptability_chart(table: pd.DataFrame, top_k: int, large: bool = False, limit: int = 40) -> alt.Chart:
    """Probability of being in the top k, with its 95% interval, coloured by class."""
    head = table.head(limit).copy()
    head["indicator"] = [_short(n, 44) for n in head["name"]]
    sort = head["indicator"].tolist()
    base = alt.Chart(head).encode(y=alt.Y("indicator:N", sort=sort, title=None))
    bars = base.mark_bar().encode(
        x=alt.X(
            "p_top_k:Q",
            title=f"Probability of being in the top {top_k}",
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format="%"),
        ),
        color=alt.Color(
            "class:N",
            scale=alt.Scale(domain=list(CLASS_COLOURS), range=list(CLASS_COLOURS.values())),
            legend=alt.Legend(title=None),
        ),
        tooltip=["id", "name", alt.Tooltip("p_top_k:Q", format=".1%"), "median_rank", "rank_p05", "rank_p95", "class"],
    )
    charts = [bars]
    if {"p_top_k_low", "p_top_k_high"} <= set(head.columns):
        charts.append(base.mark_rule(color="black", strokeWidth=2).encode(x="p_top_k_low:Q", x2="p_top_k_high:Q"))
    return style(alt.layer(*charts).properties(height=(28 if large else 20) * len(head)), large)


def coverage_chart(counts: pd.DataFrame, value: str, category: str, title: str, large: bool = False) -> alt.Chart:
    """A simple horizontal bar chart of ``value`` by ``category`` (coverage of a set)."""
    chart = (
        alt.Chart(counts)
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            y=alt.Y(f"{category}:N", sort="-x", title=None),
            x=alt.X(f"{value}:Q", title=title, axis=alt.Axis(tickMinStep=1)),
            tooltip=[category, value],
        )
        .properties(height=(28 if large else 20) * max(1, len(counts)))
    )
    return style(chart, large)


# ---------------------------------------------------------------- the options paper (static PNG charts)


def set_coverage_chart(coverage: pd.DataFrame, title: str | None = None) -> alt.Chart:
    """Indicators a set takes from each service area, every area shown.

    ``coverage`` has ``service_area``, ``chosen`` and ``candidates`` (as
    ``Option.coverage_by_area``), in the order to show (the long list's). Each bar is
    labelled "chosen of candidates"; an area the set leaves out shows "none of N", so
    what a set gives up is as visible as what it takes.
    """
    data = coverage[["service_area", "chosen", "candidates"]].copy()
    data["chosen"] = data["chosen"].astype(int)
    data["candidates"] = data["candidates"].astype(int)
    data["label"] = [
        f"{c} of {n}" if c else f"none of {n}" for c, n in zip(data["chosen"], data["candidates"], strict=True)
    ]
    data["covered"] = data["chosen"] > 0
    order = data["service_area"].tolist()
    top = max(1, int(data["chosen"].max()) if len(data) else 1)
    y = alt.Y("service_area:N", sort=order, title=None)
    x_scale = alt.Scale(domain=[0, top + 0.9])
    bars = (
        alt.Chart(data)
        .mark_bar(color=OKABE_ITO[0])
        .encode(
            y=y,
            x=alt.X("chosen:Q", title="Indicators in the set", scale=x_scale, axis=alt.Axis(tickMinStep=1)),
        )
    )
    labels = (
        alt.Chart(data)
        .mark_text(align="left", dx=4, fontSize=12)
        .encode(
            y=y,
            x=alt.X("chosen:Q", scale=x_scale),
            text="label:N",
            color=alt.condition("datum.covered", alt.value("black"), alt.value("#8a8a8a")),
        )
    )
    chart = (bars + labels).properties(width=300, height=19 * max(1, len(data)))
    if title:
        chart = chart.properties(title=title)
    return style(chart)


def set_robustness_chart(table: pd.DataFrame, top_k: int, title: str | None = None) -> alt.Chart:
    """How sure each indicator is of a top-k place: the set's own and the strongest left out.

    ``table`` has ``name``, ``p_top_k``, ``class`` and ``in_set`` (bool), and may have
    ``p_top_k_low`` / ``p_top_k_high`` (the 95% interval, drawn as a black line). The
    set's indicators come first, then those left out (labelled so, paler), each group
    in the order given. Colours are the robustness classes of :data:`CLASS_COLOURS`.
    """
    data = table.copy()
    data["in_set"] = data["in_set"].astype(bool)
    data["indicator"] = [
        _short(str(n), 46) + ("" if inside else " (left out)")
        for n, inside in zip(data["name"], data["in_set"], strict=True)
    ]
    data["share"] = [f"{p:.0%}" for p in data["p_top_k"]]
    sort = data["indicator"].tolist()
    y = alt.Y("indicator:N", sort=sort, title=None)
    x_scale = alt.Scale(domain=[0, 1.12])
    base = alt.Chart(data)
    layers = [
        base.mark_bar().encode(
            y=y,
            x=alt.X(
                "p_top_k:Q",
                title=f"Share of weightings that put it in the top {top_k}",
                scale=x_scale,
                axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
            ),
            color=alt.Color(
                "class:N",
                scale=alt.Scale(domain=list(CLASS_COLOURS), range=list(CLASS_COLOURS.values())),
                legend=alt.Legend(title=None, orient="bottom", columns=1),
            ),
            opacity=alt.condition("datum.in_set", alt.value(1.0), alt.value(0.4)),
        )
    ]
    if {"p_top_k_low", "p_top_k_high"} <= set(data.columns):
        layers.append(
            base.mark_rule(color="black", strokeWidth=1.5).encode(
                y=y, x=alt.X("p_top_k_low:Q", scale=x_scale), x2="p_top_k_high:Q"
            )
        )
    layers.append(
        base.mark_text(align="left", dx=4, fontSize=11).encode(
            y=y,
            x=alt.X("p_top_k_high:Q" if "p_top_k_high" in data.columns else "p_top_k:Q", scale=x_scale),
            text="share:N",
        )
    )
    chart = alt.layer(*layers).properties(width=300, height=19 * max(1, len(data)))
    if title:
        chart = chart.properties(title=title)
    return style(chart)


def chart_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes, rendered offline by vl-convert (no browser, no network).

    The first call starts vl-convert's engine (about 1.5 s); later ones take about
    0.25 s. ``scale`` 2 gives print quality at the width a Word page allows.
    """
    import vl_convert

    return vl_convert.vegalite_to_png(chart.to_dict(), scale=scale)


# ---------------------------------------------------------------- options paper v2 (names never cut)


def options_coverage_chart(coverage: pd.DataFrame) -> alt.Chart:
    """Which service areas each option covers: one row per area, one column per option.

    ``coverage`` has ``service_area``, ``option`` (e.g. "A") and ``chosen`` (indicators
    taken from that area). Each cell shows the count; an area an option leaves out is a
    blank cell marked with a dash, so what each option gives up is as visible as what
    it takes. Area names are printed whole.
    """
    data = coverage.copy()
    data["label"] = [str(int(c)) if c else "\u2013" for c in data["chosen"]]
    areas = list(dict.fromkeys(data["service_area"]))
    options = list(dict.fromkeys(data["option"]))
    y = alt.Y("service_area:N", sort=areas, title=None, axis=alt.Axis(labelLimit=0, labelFontSize=13))
    x = alt.X("option:N", sort=options, title="Option", axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=14))
    cells = (
        alt.Chart(data)
        .mark_rect(stroke="white", strokeWidth=2)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "chosen:Q",
                scale=alt.Scale(domain=[0, 3], range=["#f2f2f2", "#0072B2"], clamp=True),
                legend=None,
            ),
        )
    )
    text = (
        alt.Chart(data)
        .mark_text(fontSize=13)
        .encode(
            x=x,
            y=y,
            text="label:N",
            color=alt.condition("datum.chosen >= 2", alt.value("white"), alt.value("black")),
        )
    )
    return style((cells + text).properties(width=70 * len(options), height=24 * len(areas)))


def option_sureness_chart(rows: pd.DataFrame, top_k: int) -> alt.Chart:
    """How sure each of an option's indicators is of a place in the best ``top_k``.

    ``rows`` has ``label`` (a short name; wrapped, never cut), ``p_top_k`` (0-1) and
    ``in_set`` (bool: the option's own, or one of the strongest left out, drawn pale).
    Bars are coloured by the plain-words band the paper's text uses: almost every
    weighting (90% or more), most (50-90%), some (10-50%), rarely (under 10%).
    """
    data = rows.copy()
    data["in_set"] = data["in_set"].astype(bool)
    data["shown"] = [
        ("" if inside else "Left out: ") + str(label)
        for label, inside in zip(data["label"], data["in_set"], strict=True)
    ]
    data["band"] = [
        "almost every weighting"
        if p >= 0.9
        else ("most weightings" if p >= 0.5 else ("some weightings" if p >= 0.1 else "rarely"))
        for p in data["p_top_k"]
    ]
    data["share"] = [f"{p:.0%}" for p in data["p_top_k"]]
    data["shown"] = ["|".join(wrap_lines(s, 44)) for s in data["shown"]]
    order = data["shown"].tolist()
    y = alt.Y(
        "shown:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelLimit=0, labelExpr="split(datum.label, '|')", labelFontSize=12),
    )
    x_scale = alt.Scale(domain=[0, 1.12])
    bands = ["almost every weighting", "most weightings", "some weightings", "rarely"]
    base = alt.Chart(data)
    bars = base.mark_bar().encode(
        y=y,
        x=alt.X(
            "p_top_k:Q",
            title=f"Share of weightings that put it in the best {top_k}",
            scale=x_scale,
            axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
        ),
        color=alt.Color(
            "band:N",
            scale=alt.Scale(domain=bands, range=["#0072B2", "#56B4E9", "#E69F00", "#999999"]),
            legend=alt.Legend(title="In the best set under", orient="bottom", direction="horizontal"),
        ),
        opacity=alt.condition("datum.in_set", alt.value(1.0), alt.value(0.45)),
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(
        y=y, x=alt.X("p_top_k:Q", scale=x_scale), text="share:N"
    )
    lines = int((data["shown"].str.count(r"\|") + 1).max())
    return style((bars + labels).properties(width=280, height=alt.Step(14 * lines + 6)))


def wrap_lines(label: str, width: int = 30) -> list[str]:
    """A label as lines of at most ``width`` characters, never cut."""
    import textwrap

    return textwrap.wrap(label, width=width, break_long_words=False) or [label]
