"""The quarterly performance report on the agreed set: a committee report (DOCX) and a scorecard (CSV).

The Sub-Committee agreed in March 2018 to "receive a quarterly report on the agreed
performance indicator set commencing with quarter one 2018-19 data". The report is
built from the decision in the store and the latest version of its figures
(:mod:`pmf_select.quarterly`), in the order a member reads it:

1. exceptions first: what is red, or has worsened two quarters running, and why;
2. a one-page scorecard: every indicator's figure, target, RAG, the previous quarter,
   direction of travel, the same quarter last year and the England figure;
3. a small trend chart per indicator with England, London and statistical-neighbour
   figures (where the file gives them) and the target as reference lines;
4. the officers' commentary;
5. questions members may wish to ask;
6. where the figures come from (decision id and SHA-256, file, its SHA-256, when).

The DOCX is the house template ``candidates/templates/quarterly_report.docx`` rendered by
:func:`pmf_select.reports.house.render_docx`; the CSV is :data:`pmf_select.quarterly.SCORECARD_COLUMNS`
through the project's formula-neutralising writer. Figures marked illustrative say so
in the header and footer of every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd

from pmf_select.quarterly import (
    ILLUSTRATIVE_MARK,
    RAG_COLOURS,
    Line,
    Quarter,
    QuarterlyValues,
    StoredVersion,
    exceptions,
    fmt,
    member_questions,
    rag_counts,
    scorecard,
    scorecard_frame,
)
from pmf_select.record import frame_to_csv_bytes
from pmf_select.reports.charts import style
from pmf_select.reports.template import DECISION_MAKER

TEMPLATE = Path(__file__).resolve().parents[2] / "candidates" / "templates" / "quarterly_report.docx"
SERIES = ("Bromley", "Target", "England", "London", "Statistical neighbours")
SERIES_COLOURS = ("#000000", "#CC79A7", "#0072B2", "#E69F00", "#009E73")
SERIES_DASH = ([1, 0], [6, 3], [2, 2], [2, 2], [2, 2])
CELL_FILLS = {"green": "A6D9A0", "amber": "FFD27F", "red": "F4A6A0", "not rated": "E6E6E6", "no data": "FFFFFF"}
"""Light fills for the RAG cell in Word, so black text stays readable; the cell also says the rating."""


@dataclass(frozen=True)
class QuarterReport:
    """What a quarterly report shows: the decision, the version of the figures, the quarter and its lines."""

    decision_id: str
    decision_sha256: str
    meeting: str
    quarter: Quarter
    values: QuarterlyValues
    version: StoredVersion
    lines: tuple[Line, ...]

    @property
    def exceptions(self) -> list[Line]:
        return exceptions(list(self.lines))

    @property
    def questions(self) -> list[str]:
        return member_questions(list(self.lines))

    @property
    def illustrative(self) -> bool:
        return self.values.illustrative


def build_report(decision, values: QuarterlyValues, version: StoredVersion, quarter: Quarter) -> QuarterReport:
    """The report's content for ``quarter`` from a decision and a stored version of its figures."""
    lines = scorecard(values, quarter, decision.agreed)
    return QuarterReport(decision.id, decision.sha256, decision.meeting, quarter, values, version, tuple(lines))


# ---------------------------------------------------------------- the scorecard CSV


def scorecard_csv(report: QuarterReport) -> bytes:
    """The scorecard as CSV for Excel (UTF-8 with BOM, CRLF, text never a formula).

    Columns ``id,name,quarter,value,target,rag,previous,direction,commentary`` and then
    the rest of :data:`pmf_select.quarterly.SCORECARD_COLUMNS`; ``rag`` is one of
    ``green|amber|red|not rated|no data``; a figure not yet available is blank.
    """
    frame = scorecard_frame(list(report.lines))
    if report.illustrative:
        frame["illustrative"] = ILLUSTRATIVE_MARK
    return frame_to_csv_bytes(frame)


# ---------------------------------------------------------------- the trend charts


def trend_frame(values: QuarterlyValues, year: int, ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Long table for :func:`trend_chart`: the figures of financial year ``year`` and the year before, by
    quarter (series ``2018-19`` and ``2017-18``), and one row per reference line (target and comparators)."""
    rows = []
    this, last = (Quarter(year, 1).label.split(" ")[1], Quarter(year - 1, 1).label.split(" ")[1])
    for entry in values.entries:
        if ids is not None and entry.id not in ids:
            continue
        title = f"{entry.position}. {_short(entry.name, 34)}"
        for series, fy in ((this, year), (last, year - 1)):
            for number in (1, 2, 3, 4):
                value = entry.values.get(Quarter(fy, number))
                if value is not None:
                    rows.append({"title": title, "series": series, "quarter": f"Q{number}", "value": value})
        for series, level in (
            ("Target", entry.target),
            ("England", entry.england),
            ("London", entry.london),
            ("Statistical neighbours", entry.neighbours),
        ):
            if level is not None:
                rows.append({"title": title, "series": series, "quarter": None, "value": level})
    return pd.DataFrame(rows, columns=["title", "series", "quarter", "value"])


def trend_chart(
    values: QuarterlyValues,
    year: int = 2018,
    *,
    large: bool = False,
    columns: int = 3,
    ids: Sequence[str] | None = None,
) -> alt.FacetChart:
    """A small trend chart per indicator (small multiples), with comparators and target as reference lines.

    Quarters Q1-Q4 run along the bottom; the black line is financial year ``year``, the
    grey line the year before (so the same quarter last year sits directly below or
    above); dashed is the target, dotted the England, London and statistical-neighbour
    figures where known. Each panel has its own vertical scale (the indicators are in
    different units).
    """
    data = trend_frame(values, year, ids)
    this, last = Quarter(year, 1).label.split(" ")[1], Quarter(year - 1, 1).label.split(" ")[1]
    domain = [this, last, *SERIES[1:]]
    colours = [SERIES_COLOURS[0], "#9A9A9A", *SERIES_COLOURS[1:]]
    dashes = [[1, 0], [1, 0], *SERIES_DASH[1:]]
    titles = list(dict.fromkeys(data["title"]))
    legend = alt.Legend(title=None, orient="bottom", direction="horizontal", symbolType="stroke", symbolStrokeWidth=3)
    colour = alt.Color("series:N", scale=alt.Scale(domain=domain, range=colours), legend=legend)
    dash = alt.StrokeDash("series:N", scale=alt.Scale(domain=domain, range=dashes), legend=legend)
    width, height = (250, 110) if large else (150, 80)
    base = alt.Chart()
    is_year = alt.FieldOneOfPredicate(field="series", oneOf=[this, last])
    line = (
        base.transform_filter(is_year)
        .mark_line(point=True, strokeWidth=2.5 if large else 2)
        .encode(
            x=alt.X("quarter:O", sort=["Q1", "Q2", "Q3", "Q4"], title=None, scale=alt.Scale(domain=["Q1", "Q2", "Q3", "Q4"]), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False), axis=alt.Axis(tickCount=4)),
            color=colour,
            strokeDash=dash,
            order=alt.Order("quarter:O"),
            tooltip=["title", "series", "quarter", "value"],
        )
    )
    rules = (
        base.transform_filter(alt.FieldOneOfPredicate(field="series", oneOf=list(SERIES[1:])))
        .mark_rule(strokeWidth=1.6)
        .encode(y=alt.Y("value:Q"), color=colour, strokeDash=dash, tooltip=["title", "series", "value"])
    )
    chart = (
        alt.layer(line, rules, data=data)
        .properties(width=width, height=height)
        .facet(
            facet=alt.Facet(
                "title:N",
                sort=titles,
                title=None,
                header=alt.Header(labelFontSize=15 if large else 11, labelLimit=0, labelAnchor="start"),
            ),
            columns=columns,
        )
        .resolve_scale(y="independent")
    )
    return style(chart, large)


def _short(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------- the committee report


def _why(line: Line) -> str:
    parts = []
    if line.rag == "red":
        level = line.entry.red
        side = "at or below" if line.entry.polarity == "higher" else "at or above"
        parts.append(f"red: {fmt(line.value)} is {side} the red level of {fmt(level)}")
    if "worsening" in line.exception:
        before = line.entry.values.get(line.quarter.previous().previous())
        parts.append(f"worse two quarters running ({fmt(before)}, {fmt(line.previous)}, {fmt(line.value)})")
    return "; ".join(parts)


def report_context(report: QuarterReport, *, report_no: str = "[to be allocated]", meeting_date: str = "[date of meeting]",
                   contact_officer: str = "[Name, job title; telephone; e-mail: to be filled in]") -> dict:
    """The values the house template's tags take (see pmf_select/reports/make_quarterly_template.py)."""
    lines = list(report.lines)
    counts = rag_counts(lines)
    q = report.quarter
    flagged = report.exceptions
    mark = ILLUSTRATIVE_MARK.upper() if report.illustrative else ""
    summary = ", ".join(f"{n} {rating}" for rating, n in counts.items() if n)
    return {
        "watermark": mark,
        "report_no": report_no,
        "decision_maker": DECISION_MAKER.upper(),
        "meeting_date": meeting_date,
        "decision_type": "Non-Urgent; Non-Executive; Non-Key",
        "title": f"PERFORMANCE REPORT: AGREED KEY PERFORMANCE INDICATORS, {q.label.upper()}",
        "contact_officer": contact_officer,
        "chief_officer": "[Director of Children's Social Care: to be filled in]",
        "ward": "All Wards",
        "reason": (
            f"This report gives the Sub-Committee the {q.label} figures for the {len(lines)} key performance "
            f"indicators it agreed on record (decision {report.decision_id}, {report.meeting}). "
            f"In {q.label}: {summary}. Exceptions come first; every figure is on the one-page scorecard."
        ),
        "recommendations": [
            f"Members note performance against the agreed indicators in {q.label}.",
            "Members consider the exceptions in section 3 and the questions in section 7, and agree any "
            "further information they wish to see at the next meeting.",
        ],
        "exceptions_intro": (
            f"{len(flagged)} indicator{' is' if len(flagged) == 1 else 's are'} red, or worse two quarters running, in {q.label}."
            if flagged
            else f"No indicator is red, or worse two quarters running, in {q.label}."
        ),
        "exceptions": [
            {
                "name": line.entry.name,
                "value": fmt(line.value),
                "target": fmt(line.entry.target),
                "rag": line.rag.upper() if line.rag == "red" else line.rag,
                "colour": CELL_FILLS[line.rag],
                "why": _why(line),
            }
            for line in flagged
        ],
        "quarter": q.label,
        "quarter_short": q.label.split(" ")[0],
        "scorecard": [
            {
                "n": line.entry.position,
                "name": line.entry.name,
                "value": fmt(line.value),
                "target": fmt(line.entry.target),
                "rag": line.rag,
                "colour": CELL_FILLS[line.rag],
                "previous": fmt(line.previous),
                "direction": line.direction,
                "last_year": fmt(line.last_year),
                "england": fmt(line.entry.england) if line.entry.england is not None else (line.entry.england_text or "–"),
            }
            for line in lines
        ],
        "scorecard_note": (
            "RAG by the template's rule: higher is better, green at or above the green level and red at or below "
            "the red level; lower is better, mirrored; amber between. Contextual indicators are not rated. "
            "'no data': the figure is not yet available (a blank is not a zero). Direction compares with the "
            "previous quarter in the light of the indicator's polarity."
        ),
        "trend_caption": (
            f"Figure 1: each indicator by quarter, {q.label.split(' ')[1]} (black) and the year before (grey), with the "
            "target (dashed) and the England, London and statistical-neighbour figures (dotted) where known. "
            "Each panel has its own scale."
        ),
        "commentary": [
            {"name": line.entry.name, "rag": line.rag, "text": line.entry.commentary or "No commentary was provided."}
            for line in sorted(lines, key=lambda item: (not item.is_exception, item.entry.position))
        ],
        "questions": report.questions or ["No question arises from the figures this quarter."],
        "provenance": [
            f"Indicators: decision {report.decision_id} ({report.meeting}), SHA-256 {report.decision_sha256}.",
            f"Figures: {report.version.provenance()}; full SHA-256 {report.version.file_sha256}.",
            "Earlier versions stay on record in the decision store; this report uses the latest.",
            *([f"Every figure in this report is illustrative: {ILLUSTRATIVE_MARK}."] if report.illustrative else []),
        ],
        "non_applicable": "Policy, Financial, Personnel and Legal Implications.",
        "background": f"Decision record {report.decision_id}; quarterly template 2018-19 as imported ({report.version.file_name}).",
    }


def quarterly_report_docx(report: QuarterReport, *, template: str | Path = TEMPLATE, **details: str) -> bytes:
    """The committee report as DOCX bytes (deterministic for the same figures and template)."""
    from pmf_select.reports.charts import chart_png
    from pmf_select.reports.house import render_docx

    chart = trend_chart(report.values, report.quarter.year)
    return render_docx(
        template,
        report_context(report, **details),
        images={"trend_charts": chart_png(chart, scale=2.0)},
        image_width_mm=165,
    )


def rag_fill(rating: str) -> str:
    """The screen colour of a rating (for the app's table)."""
    return RAG_COLOURS[rating]
