"""The paper's words about each indicator, from the long list's own facts.

A member reads an indicator's reason once. So each reason starts with the long list's
own rationale (cut to its first one or two sentences), then the latest checked
England figure with its period, then the cautions that change how to read it
(no good direction, small numbers, annual only, needs its pair), and only then what
the analysis adds, in plain words ("in the best 12 under almost every weighting we
tried"). No method names, hashes or references appear here: the paper's technical
appendix holds them.

The long list version 2 adds ``short_name``, ``reporting`` (``quarterly`` or
``annual``), ``lag_months``, ``pair_with`` and ``small_numbers``. Older lists lack
them; :func:`facts` then falls back on what the list has (``name``,
``local_frequency``, ``source``) and says nothing it cannot support.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

SHORT_NAME_LIMIT = 40
SAFEGUARDING_AREAS = (
    "early help",
    "front door",
    "assessment",
    "children in need",
    "child protection",
    "missing and exploitation",
    "quality of practice",
    "workforce",
    "youth justice",
)
"""Service areas whose annual-only measures go to the Annual Safeguarding Report."""
PARENTING_AREAS = (
    "looked after children",
    "health of looked after children",
    "adoption and permanence",
    "care leavers",
    "education of vulnerable groups",
)
"""... and to the Annual Corporate Parenting Report."""
ANNUAL_SAFEGUARDING = "Annual Safeguarding Report"
ANNUAL_PARENTING = "Annual Corporate Parenting Report"
ANNUAL_OTHER = "the Sub-Committee's annual item when the national figures are published"

_LOCAL_SOURCES = ("local",)


def text(row: Mapping, column: str) -> str:
    """A cell as clean text ("" for missing or NaN)."""
    value = row.get(column)
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return " ".join(str(value).split())


@dataclass(frozen=True)
class Facts:
    """One indicator's facts as the paper uses them (long list v2 columns, or fallbacks)."""

    id: str
    name: str
    short_name: str
    service_area: str
    reporting: str
    lag_months: int
    pair_with: str
    small_numbers: bool
    polarity: str
    source: str
    owner: str


def default_lag(row: Mapping) -> int:
    """Months from the end of a quarter until its figure is ready, when the list does not say.

    Local systems and the case-system extracts behind the statutory returns are ready
    about a month after the quarter ends; anything else is taken as two months.
    """
    source = text(row, "source").lower()
    if source.startswith(_LOCAL_SOURCES) or text(row, "local_frequency").lower() in ("monthly", "rolling", "quarterly"):
        return 1
    return 2


def facts(row: Mapping) -> Facts:
    """The indicator's :class:`Facts`, from the v2 columns where present."""
    name = text(row, "name")
    short = text(row, "short_name") or name
    reporting = text(row, "reporting").lower()
    if reporting not in ("quarterly", "annual"):
        reporting = "annual" if text(row, "local_frequency").lower() == "annual" else "quarterly"
    try:
        lag = int(float(text(row, "lag_months")))
    except ValueError:
        lag = default_lag(row)
    return Facts(
        id=text(row, "id"),
        name=name,
        short_name=short,
        service_area=text(row, "service_area"),
        reporting=reporting,
        lag_months=max(lag, 0),
        pair_with=text(row, "pair_with"),
        small_numbers=text(row, "small_numbers").lower() in ("yes", "y", "true", "1"),
        polarity=text(row, "polarity").lower(),
        source=text(row, "source"),
        owner=text(row, "owner"),
    )


def wrap_label(label: str, width: int = 24) -> list[str]:
    """A chart label as lines of at most ``width`` characters (never cut)."""
    return textwrap.wrap(label, width=width, break_long_words=False) or [label]


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z'\"(])")


def sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(" ".join(paragraph.split())) if s.strip()]


def trim_rationale(rationale: str, limit: int = 2, max_chars: int = 320) -> str:
    """The first ``limit`` sentences of a rationale (one when two would run past ``max_chars``)."""
    parts = sentences(rationale)
    if not parts:
        return ""
    chosen = parts[:limit]
    if len(" ".join(chosen)) > max_chars:
        chosen = parts[:1]
    return " ".join(chosen)


def england_text(row: Mapping) -> str:
    figure = text(row, "england_figure")
    return f"England: {figure}." if figure else ""


def robustness_text(p_top_k: float | None, top_k: int) -> str:
    """How sure an indicator is of a place in the best ``top_k``, in plain words."""
    if p_top_k is None or np.isnan(p_top_k):
        return ""
    if p_top_k >= 0.9:
        return f"In the best {top_k} under almost every weighting we tried."
    if p_top_k >= 0.5:
        return f"In the best {top_k} under most weightings we tried ({p_top_k:.0%})."
    if p_top_k >= 0.1:
        return f"In the best {top_k} under some weightings we tried ({p_top_k:.0%}): its place depends on the weights."
    return f"Rarely in the best {top_k} on score alone ({p_top_k:.0%} of weightings)"


def area_words(area: str) -> str:
    """A service area inside a sentence: lower case, acronyms kept ("SEND", "health of looked after children")."""
    first, _, rest = area.partition(" ")
    if first.isupper() and len(first) > 1:
        return area
    return first[:1].lower() + first[1:] + (" " + rest if rest else "")


def why_in_option(
    p_top_k: float | None, top_k: int, *, sole_area: str | None, finance: bool, must_include: bool, outcome: bool
) -> str:
    """The data-built reason: how sure it is, and, when it is not, which rule of the option put it there."""
    sure = robustness_text(p_top_k, top_k)
    if not sure.startswith("Rarely"):
        if finance and (p_top_k or 0) < 0.5:
            return sure + " It is the option's finance measure."
        extra = f" It is the option's only indicator for {area_words(sole_area)}." if sole_area else ""
        return sure + extra
    if must_include:
        return sure + "; it is in because officers asked for it."
    if finance:
        return sure + "; it is in as the option's finance measure."
    if sole_area:
        return sure + f"; it is in so that the option covers {area_words(sole_area)}."
    if outcome:
        return sure + "; it is in to meet the option's share of outcome measures."
    return sure + "; it is in to meet the option's rules on balance."


def cautions(row: Mapping, in_set: Sequence[str], names: Mapping[str, str]) -> list[str]:
    """What changes how a member reads the figure: direction, small numbers, annual, its pair."""
    f = facts(row)
    out = []
    if f.polarity == "contextual":
        out.append("No right direction: watch for change and ask why; do not set a target.")
    if f.small_numbers:
        out.append("Small numbers: one or two children can move it several points; read the count with the rate.")
    if f.reporting == "annual":
        out.append("Published once a year only.")
    if not f.pair_with and is_timeliness(row):
        audits = [i for i in in_set if is_quality_check(i, names.get(i, ""))]
        if audits:
            out.append(f"A timeliness measure: read it with {names.get(audits[0], audits[0])}, also in this set.")
        else:
            out.append("A timeliness measure with no audit measure in this set: speed can rise while quality falls.")
    if f.pair_with:
        pair = names.get(f.pair_with, f.pair_with)
        if f.pair_with in set(in_set):
            out.append(f"Read with {pair}, which is also in this set.")
        else:
            out.append(
                f"Needs its pair, {pair}, which this set leaves out: on its own it can improve while practice worsens."
            )
    return out


_TIMELY = ("within", "on time", "timescale", "in time")


def is_timeliness(row: Mapping) -> bool:
    """A 'how well' measure about speed (its name says within / on time / timescale)."""
    name = text(row, "name").lower()
    return text(row, "measure_type").lower() == "how well" and any(word in name for word in _TIMELY)


def is_quality_check(cid: str, name: str) -> bool:
    """A measure of the quality of the work itself: case audit grades."""
    return "audit" in name.lower() or "AUDIT" in cid.upper()


def annual_report_for(area: str) -> str:
    """Which annual report an annual-only measure goes to, by its service area."""
    folded = area.strip().lower()
    if folded in PARENTING_AREAS:
        return ANNUAL_PARENTING
    if folded in SAFEGUARDING_AREAS:
        return ANNUAL_SAFEGUARDING
    return ANNUAL_OTHER


def finance_ids(frame) -> list[str]:
    """Ids of finance measures: the service area names finance, or the id starts FIN-."""
    mask = frame["service_area"].astype(str).str.lower().str.contains("finance") | frame["id"].astype(
        str
    ).str.startswith("FIN-")
    return frame.loc[mask, "id"].tolist()


def or_list(items: Sequence[str], word: str = "or") -> str:
    """["A", "C", "D"] -> "A, C or D"."""
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"
