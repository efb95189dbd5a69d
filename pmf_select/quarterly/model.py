"""Quarters of the financial year, and what an officer enters for each indicator.

English councils report by financial year (April to March), so "Q1 2018-19" is April to
June 2018 and "Q4 2018-19" is January to March 2019 (the labels the quarterly template
uses, :data:`pmf_select.record.QUARTERS_2018_19`). A :class:`Quarter` sorts in time order
and knows the quarter before it and the same quarter a year earlier, which is all that
direction of travel needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_MONTHS = ("Apr-Jun", "Jul-Sep", "Oct-Dec", "Jan-Mar")
_LABEL = re.compile(r"^\s*Q([1-4])\s+(\d{4})-(\d{2})\b", re.IGNORECASE)
_CODE = re.compile(r"^\s*(\d{4})-(\d{2})\s+Q([1-4])\s*$", re.IGNORECASE)

POLARITIES = ("higher", "lower", "contextual")


@dataclass(frozen=True, order=True)
class Quarter:
    """A financial-year quarter: ``year`` is the year the financial year starts (2018 for 2018-19)."""

    year: int
    number: int

    @property
    def label(self) -> str:
        """``Q1 2018-19``: how committee papers name it."""
        return f"Q{self.number} {self.year}-{(self.year + 1) % 100:02d}"

    @property
    def code(self) -> str:
        """``2018-19 Q1``: how the store keeps it (sorts in time order as text)."""
        return f"{self.year}-{(self.year + 1) % 100:02d} Q{self.number}"

    @property
    def heading(self) -> str:
        """``Q1 2018-19 (Apr-Jun 2018)``: the template's column heading."""
        calendar = self.year + (1 if self.number == 4 else 0)
        return f"{self.label} ({_MONTHS[self.number - 1]} {calendar})"

    @property
    def short(self) -> str:
        """``Q1 18-19``: a chart's axis label."""
        return f"Q{self.number} {self.year % 100:02d}-{(self.year + 1) % 100:02d}"

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def year_before(self) -> Quarter:
        return Quarter(self.year - 1, self.number)

    def __str__(self) -> str:
        return self.label


def parse_quarter_heading(text: object) -> Quarter | None:
    """The quarter a template column heading names (``Q2 2018-19 (Jul-Sep 2018)``), or None.

    The year must read as a financial year (2018-19, not 2018-20).
    """
    match = _LABEL.match(str(text or ""))
    if not match:
        return None
    start, end = int(match.group(2)), int(match.group(3))
    if (start + 1) % 100 != end:
        return None
    return Quarter(start, int(match.group(1)))


def parse_quarter(text: str, default_year: int = 2018) -> Quarter | None:
    """A quarter from ``Q1``, ``Q1 2018-19``, ``2018-19 Q1`` or a template heading; None if not one."""
    text = str(text or "").strip()
    short = re.fullmatch(r"[Qq]([1-4])", text)
    if short:
        return Quarter(default_year, int(short.group(1)))
    code = _CODE.match(text)
    if code and (int(code.group(1)) + 1) % 100 == int(code.group(2)):
        return Quarter(int(code.group(1)), int(code.group(3)))
    return parse_quarter_heading(text)


def quarter_from_code(code: str) -> Quarter:
    quarter = parse_quarter(code)
    if quarter is None:  # pragma: no cover - codes are written by this module
        raise ValueError(f"not a quarter code: {code!r}")
    return quarter


def describe_quarters(quarters: list[Quarter] | tuple[Quarter, ...]) -> str:
    """The quarters by financial year: ``Q1-Q4 2018-19``, ``Q1 2018-19``, ``Q1-Q4 2017-18, Q1-Q2 2018-19``.

    A year whose quarters are not a run lists them: ``Q1, Q3 2018-19``.
    """
    quarters = sorted(set(quarters))
    if not quarters:
        return "no quarters"
    parts = []
    for year in sorted({q.year for q in quarters}):
        numbers = [q.number for q in quarters if q.year == year]
        label = Quarter(year, 1).label.split(" ")[1]
        if len(numbers) == 1:
            parts.append(f"Q{numbers[0]} {label}")
        elif numbers == list(range(numbers[0], numbers[-1] + 1)):
            parts.append(f"Q{numbers[0]}-Q{numbers[-1]} {label}")
        else:
            parts.append(f"{', '.join(f'Q{n}' for n in numbers)} {label}")
    return ", ".join(parts)


@dataclass(frozen=True)
class IndicatorEntry:
    """One indicator's row of a filled template, as checked.

    ``values`` maps each quarter to its figure; a quarter present with ``None`` was
    left blank ("not yet available", which is not zero). ``green`` and ``red`` are the
    RAG levels (both or neither); ``england``, ``london`` and ``neighbours`` are
    comparator figures drawn as reference lines; ``england_text`` keeps the
    England figure when it is words (as the long list gives it), which is shown but
    not drawn.
    """

    id: str
    name: str
    polarity: str
    position: int
    values: dict[Quarter, float | None] = field(default_factory=dict)
    target: float | None = None
    green: float | None = None
    red: float | None = None
    commentary: str = ""
    england: float | None = None
    london: float | None = None
    neighbours: float | None = None
    england_text: str = ""

    @property
    def rated(self) -> bool:
        """RAG-rated: a direction of good and both levels."""
        return self.polarity in ("higher", "lower") and self.green is not None and self.red is not None


@dataclass(frozen=True)
class QuarterlyValues:
    """A complete set of quarterly figures for one decision: one imported file, or one save in the app."""

    decision_id: str
    decision_sha256: str
    entries: tuple[IndicatorEntry, ...]
    illustrative: bool = False
    notes: tuple[str, ...] = ()

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        """Every quarter with at least one figure, in time order."""
        return tuple(sorted({q for e in self.entries for q, v in e.values.items() if v is not None}))

    @property
    def columns(self) -> tuple[Quarter, ...]:
        """Every quarter the source had a column for, in time order."""
        return tuple(sorted({q for e in self.entries for q in e.values}))

    @property
    def value_count(self) -> int:
        return sum(1 for e in self.entries for v in e.values.values() if v is not None)

    @property
    def indicators_with_values(self) -> int:
        return sum(1 for e in self.entries if any(v is not None for v in e.values.values()))

    def summary(self) -> str:
        """``N values for M indicators, QUARTERS``: what an import prints."""
        n, m = self.value_count, self.indicators_with_values
        return (
            f"{n} value{'' if n == 1 else 's'} for {m} indicator{'' if m == 1 else 's'}, "
            f"{describe_quarters(self.quarters)}"
        )

    def entry(self, indicator_id: str) -> IndicatorEntry | None:
        return next((e for e in self.entries if e.id == indicator_id), None)
