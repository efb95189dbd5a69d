"""The reporting columns of a long list: how a candidate would reach the committee.

Five optional columns say, for each candidate, what a chart shows and whether the
figure can come to the committee every quarter or belongs in an annual report (the
Annual Safeguarding Report, the Annual Corporate Parenting Report):

``short_name``
    at most :data:`SHORT_NAME_MAX` characters, for charts and projected tables;
    blank means "use ``name``".
``reporting``
    ``quarterly`` (local data every quarter) or ``annual``; blank means "infer
    from ``local_frequency``" (:func:`infer_reporting`).
``lag_months``
    whole months, 0-24, after the period ends before the figure can be reported
    (local quarterly data typically 1; an annual national release its publication
    lag); blank means unknown.
``pair_with``
    blank, or the id of the candidate this one must be read with (a timeliness
    measure with its quality pair, caseload with unallocated cases).
``small_numbers``
    ``yes`` when Bromley's counts are so small that quarter-to-quarter movement is
    mostly noise; blank means ``no``.

Lists without these columns still load: they are optional and the defaults above
apply. The loader (``load.py``) checks them when present; this module holds the
vocabularies and the defaults, and is pure.
"""

from __future__ import annotations

REPORTING = ("quarterly", "annual")
"""Allowed values of ``reporting``."""

SMALL_NUMBERS = ("yes", "no")
"""Allowed values of ``small_numbers``."""

LAG_MONTHS_MIN, LAG_MONTHS_MAX = 0, 24
"""Allowed range of ``lag_months`` (whole months)."""

SHORT_NAME_MAX = 40
"""Longest ``short_name`` a chart axis or projected table can show."""

REPORTING_COLUMNS = ("short_name", "reporting", "lag_months", "pair_with", "small_numbers")
"""The optional reporting columns, in the order the shipped list has them."""

QUARTERLY_LOCAL_FREQUENCIES = frozenset({"monthly", "quarterly", "rolling", "termly"})
"""``local_frequency`` values from which a figure can be produced every quarter."""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    return str(value).strip()


def infer_reporting(local_frequency: object) -> str:
    """``quarterly`` when local data come at least once a term, else ``annual``.

    The default for a list without a ``reporting`` value: a figure the council can
    produce monthly, quarterly, as a rolling/snapshot figure or each term can be
    reported every quarter; an annual-only figure belongs in an annual report.
    """
    return "quarterly" if _text(local_frequency).lower() in QUARTERLY_LOCAL_FREQUENCIES else "annual"


def is_lag_months(value: object) -> bool:
    """True for a whole number of months from 0 to 24 ("3" or "3.0"; not "3.5")."""
    text = _text(value)
    try:
        number = float(text)
    except ValueError:
        return False
    return number.is_integer() and LAG_MONTHS_MIN <= number <= LAG_MONTHS_MAX


def lag_months_value(value: object) -> int | None:
    """The lag as an int, or None when blank (unknown)."""
    text = _text(value)
    return int(float(text)) if text else None


def reporting_value(reporting: object, local_frequency: object) -> str:
    """The row's reporting frequency, with the documented default when blank."""
    text = _text(reporting).lower()
    return text if text else infer_reporting(local_frequency)


def short_name_value(short_name: object, name: object) -> str:
    """The row's short name, or its name when blank."""
    return _text(short_name) or _text(name)


def pair_value(pair_with: object) -> str | None:
    """The id this row must be read with, or None."""
    return _text(pair_with) or None


def small_numbers_value(small_numbers: object) -> bool:
    """True when the row is marked ``yes`` (blank means no)."""
    return _text(small_numbers).lower() == "yes"
