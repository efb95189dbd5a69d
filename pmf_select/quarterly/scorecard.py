"""The scorecard for one quarter: each indicator's figure, RAG, direction of travel and why it matters.

One row per agreed indicator, in the agreed order (:data:`SCORECARD_COLUMNS`); the
first nine columns are the CSV the committee is sent. An indicator is an *exception*
when it is red, or when it has worsened two quarters running (this quarter on the last,
and the last on the one before): exceptions come first in the report, because members
asked to understand strengths and weaknesses, and a quarterly report that lists every
figure at the same weight hides them.

:func:`member_questions` drafts questions members may wish to ask, one or two per
exception, indicator without data, or large change in a contextual figure: open
questions about cause, plan and timing, which officers edit before publication.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pmf_select.quarterly.model import IndicatorEntry, Quarter, QuarterlyValues
from pmf_select.quarterly.rag import (
    AMBER,
    GREEN,
    NO_DATA,
    NOT_KNOWN,
    NOT_RATED,
    RED,
    WORSENING,
    direction,
    rag,
)

CSV_COLUMNS = ("id", "name", "quarter", "value", "target", "rag", "previous", "direction", "commentary")
SCORECARD_COLUMNS = (
    *CSV_COLUMNS,
    "previous_quarter",
    "same_quarter_last_year",
    "direction_year",
    "polarity",
    "green_level",
    "red_level",
    "england",
    "london",
    "statistical_neighbours",
    "exception",
)
LARGE_CHANGE = 0.15
"""A change of more than 15% on the previous quarter, in a contextual indicator, prompts a question."""


@dataclass(frozen=True)
class Line:
    """One indicator's line on the scorecard."""

    entry: IndicatorEntry
    quarter: Quarter
    value: float | None
    rag: str
    previous: float | None
    direction: str
    last_year: float | None
    direction_year: str
    exception: str

    @property
    def is_exception(self) -> bool:
        return bool(self.exception)


def line_for(entry: IndicatorEntry, quarter: Quarter) -> Line:
    """The scorecard line of one indicator in one quarter."""
    value = entry.values.get(quarter)
    previous = entry.values.get(quarter.previous())
    before = entry.values.get(quarter.previous().previous())
    last_year = entry.values.get(quarter.year_before())
    rating = rag(value, entry.polarity, entry.green, entry.red) if entry.rated else (
        NO_DATA if value is None else NOT_RATED
    )
    travel = direction(value, previous, entry.polarity)
    reasons = []
    if rating == RED:
        reasons.append("red")
    if travel == WORSENING and direction(previous, before, entry.polarity) == WORSENING:
        reasons.append("worsening two quarters running")
    return Line(
        entry=entry,
        quarter=quarter,
        value=value,
        rag=rating,
        previous=previous,
        direction=travel,
        last_year=last_year,
        direction_year=direction(value, last_year, entry.polarity),
        exception="; ".join(reasons),
    )


def scorecard(values: QuarterlyValues, quarter: Quarter, agreed: list[str] | None = None) -> list[Line]:
    """Every indicator's line for ``quarter``, in the agreed order.

    ``agreed`` (the decision's ids) adds a ``no data`` line for any indicator the
    figures have no row for, so the scorecard always shows the whole agreed set.
    """
    lines = [line_for(e, quarter) for e in values.entries]
    if agreed:
        have = {e.id for e in values.entries}
        for position, cid in enumerate(agreed, start=1):
            if cid not in have:
                lines.append(line_for(IndicatorEntry(cid, cid, "contextual", position), quarter))
        lines.sort(key=lambda line: line.entry.position)
    return lines


def exceptions(lines: list[Line]) -> list[Line]:
    """The exceptions (red, or worsening two quarters running), reds first, then in the agreed order."""
    return sorted((line for line in lines if line.is_exception), key=lambda line: (line.rag != RED, line.entry.position))


def scorecard_frame(lines: list[Line]) -> pd.DataFrame:
    """The scorecard as a table with :data:`SCORECARD_COLUMNS` (numbers as floats, blanks as None)."""
    rows = []
    for line in lines:
        e = line.entry
        rows.append(
            {
                "id": e.id,
                "name": e.name,
                "quarter": line.quarter.label,
                "value": line.value,
                "target": e.target,
                "rag": line.rag,
                "previous": line.previous,
                "direction": line.direction,
                "commentary": e.commentary,
                "previous_quarter": line.quarter.previous().label,
                "same_quarter_last_year": line.last_year,
                "direction_year": line.direction_year,
                "polarity": e.polarity,
                "green_level": e.green,
                "red_level": e.red,
                "england": e.england if e.england is not None else (e.england_text or None),
                "london": e.london,
                "statistical_neighbours": e.neighbours,
                "exception": line.exception,
            }
        )
    return pd.DataFrame(rows, columns=list(SCORECARD_COLUMNS), dtype=object)


def rag_counts(lines: list[Line]) -> dict[str, int]:
    """How many indicators have each rating, in the order green, amber, red, not rated, no data."""
    counts = {GREEN: 0, AMBER: 0, RED: 0, NOT_RATED: 0, NO_DATA: 0}
    for line in lines:
        counts[line.rag] += 1
    return counts


def fmt(value: float | None) -> str:
    """A figure as people read it: up to one decimal place, thousands separated; blank as an en dash."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}".rstrip("0").rstrip(".")


def member_questions(lines: list[Line]) -> list[str]:
    """Questions members may wish to ask, drawn from the figures (see the module docstring)."""
    questions = []
    for line in exceptions(lines):
        name = line.entry.name
        target = f" and reach the target of {fmt(line.entry.target)}" if line.entry.target is not None else ""
        run = (
            f"({fmt(line.entry.values.get(line.quarter.previous().previous()))}, {fmt(line.previous)}, "
            f"{fmt(line.value)})"
        )
        if line.rag == RED and "worsening" in line.exception:
            questions.append(
                f"{name} is red at {fmt(line.value)} in {line.quarter.label} and has worsened two quarters running "
                f"{run}: what is driving it, what is the plan to recover{target}, and by when?"
            )
        elif line.rag == RED:
            questions.append(
                f"{name} is red at {fmt(line.value)} in {line.quarter.label}: what is the plan to recover{target}, "
                "and by when will members see the effect?"
            )
        else:
            questions.append(
                f"{name} has worsened two quarters running {run}: what is driving it, and is it a trend or a blip?"
            )
    for line in lines:
        if line.rag == NO_DATA:
            questions.append(f"There is no figure for {line.entry.name} in {line.quarter.label}: when will it be available?")
        elif (
            line.entry.polarity == "contextual"
            and line.previous not in (None, 0)
            and line.value is not None
            and abs(line.value - line.previous) / abs(line.previous) > LARGE_CHANGE
        ):
            questions.append(
                f"{line.entry.name} moved from {fmt(line.previous)} to {fmt(line.value)}: what explains the change, "
                "and what does it mean for demand on services?"
            )
    if any(line.direction == NOT_KNOWN and line.value is not None for line in lines):
        questions.append(
            "Some figures have no earlier quarter to compare with: when will members be able to see a trend?"
        )
    return questions
