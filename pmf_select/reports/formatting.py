"""How the paper prints numbers and dates: one rule for each, so every table agrees.

Indicator scores (0-1) to three decimals, set totals to two, differences with their
sign, weights and shares as percentages, dates as "20 March 2018".
"""

from __future__ import annotations

from datetime import date


def fmt_score(value: float) -> str:
    """An indicator's score (0-1) as the paper prints it: three decimals."""
    return f"{float(value):.3f}"


def fmt_total(value: float) -> str:
    """A set's total score as the paper prints it: two decimals."""
    return f"{float(value):.2f}"


def fmt_signed(value: float, decimals: int) -> str:
    """A difference with its sign: "+0.12", "-1.05"."""
    return f"{float(value):+.{decimals}f}"


def fmt_percent(value: float) -> str:
    """A weight or share as a percentage: whole when it is whole, else one decimal."""
    percent = float(value) * 100
    return f"{percent:.0f}%" if abs(percent - round(percent)) < 0.05 else f"{percent:.1f}%"


def fmt_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _score_number(value: float) -> str:
    return f"{float(value):g}"
