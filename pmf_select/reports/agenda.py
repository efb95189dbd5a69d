"""The data development agenda: indicators that matter but lack good data yet, and
what would fix each.

An indicator can matter to members (a high rationale strength) and still be produced
only once a year, or have no published comparator. Rather than drop it, the paper lists
it with what it lacks for quarterly reporting and a proposed fix, chosen by a stated
rule on the indicator's own facts (:func:`development_fix`), so officers can see why
each fix is proposed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from pmf_select.longlist import STATUTORY_SOURCES, LongList

MATTERS_AT_LEAST = 4
"""Data development agenda: 'matters' (rationale strength) at or above this, on 0-5 ..."""
DATA_AT_MOST = 2
"""... and data availability at or below this (on 0-5), or no published comparator."""

_STATUTORY_PREFIXES = ("SSDA903",)

AGENDA_COLUMNS = (
    "id",
    "name",
    "service_area",
    "rationale_strength",
    "data_availability",
    "comparators",
    "gaps",
    "fix",
    "owner",
)


def _text(row: Mapping, column: str) -> str:
    value = row.get(column)
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def _statutory_source(source: str) -> bool:
    folded = " ".join(source.split()).lower()
    return folded in {s.lower() for s in STATUTORY_SOURCES} or folded.upper().startswith(_STATUTORY_PREFIXES)


def development_fix(row: Mapping) -> tuple[str, str]:
    """What an indicator lacks for quarterly reporting, and what would fix it, as two phrases.

    A rule on the row's own facts (``data_availability``, ``local_frequency``,
    ``source``, ``comparators``), so officers can see why each fix is proposed:

    - produced only once a year or once a term: figures matched to the national pupil
      database are tracked termly from the Virtual School's records; the Virtual
      School's own figures are reported from its records each quarter; a statutory
      return's figure is run as a rolling quarterly extract with the return's own
      definition; anything else needs a quarterly extract from the case system;
    - no published comparator: audit grades are moderated with neighbouring boroughs;
      anything else joins a regional benchmarking club (a common definition shared
      with other London boroughs).
    """
    gaps: list[str] = []
    fixes: list[str] = []
    source = _text(row, "source")
    frequency = _text(row, "local_frequency").lower()
    try:
        availability = float(row.get("data_availability"))
    except (TypeError, ValueError):
        availability = float("nan")
    if availability <= DATA_AT_MOST:
        if frequency == "annual":
            gaps.append("produced only once a year")
        elif frequency == "termly":
            gaps.append("produced only once a school term")
        else:
            gaps.append(f"data availability {availability:g} of 5")
        lowered = source.lower()
        if "npd" in lowered:
            fixes.append(
                "track the cohort each term from the Virtual School's own records and report it quarterly, "
                "ahead of the annual national figure"
            )
        elif "virtual school" in lowered:
            fixes.append("report it each quarter from the Virtual School's own records")
        elif _statutory_source(source):
            fixes.append(f"build a rolling quarterly extract from the case system using the {source} definition")
        else:
            fixes.append("build a quarterly extract from the case system")
    if _text(row, "comparators").lower() == "none":
        gaps.append("no published comparator")
        if "qa" in source.lower().split() or "audit" in _text(row, "name").lower():
            fixes.append("moderate audit grades with neighbouring boroughs (a shared audit tool, joint sampling)")
        else:
            fixes.append(
                "join the regional benchmarking club: agree a common definition with other London boroughs "
                "and exchange figures each quarter"
            )
    return "; ".join(gaps), "; ".join(fixes)


def data_development_agenda(
    longlist: LongList,
    ids: Sequence[str] | None = None,
    *,
    matters_at_least: float = MATTERS_AT_LEAST,
    data_at_most: float = DATA_AT_MOST,
) -> pd.DataFrame:
    """Indicators that matter but lack good data yet, with what would fix each.

    Candidates (all, or ``ids``) scoring at least ``matters_at_least`` on
    ``rationale_strength`` and either at most ``data_at_most`` on
    ``data_availability`` or with no published comparator (``comparators`` "none").
    Columns :data:`AGENDA_COLUMNS`; ``gaps`` and ``fix`` from :func:`development_fix`.
    In long-list order. Empty when the criteria have no ``rationale_strength`` or
    ``data_availability``.
    """
    frame = longlist.frame
    if ids is not None:
        wanted = set(ids)
        frame = frame[frame["id"].isin(wanted)]
    keys = set(longlist.criteria.keys)
    if not {"rationale_strength", "data_availability"} <= keys:
        return pd.DataFrame(columns=list(AGENDA_COLUMNS))
    comparators = (
        frame["comparators"].astype(str).str.strip().str.lower()
        if "comparators" in frame.columns
        else pd.Series([""] * len(frame), index=frame.index)
    )
    mask = (frame["rationale_strength"].astype(float) >= matters_at_least) & (
        (frame["data_availability"].astype(float) <= data_at_most) | (comparators == "none")
    )
    rows = []
    for record in frame[mask].to_dict(orient="records"):
        gaps, fix = development_fix(record)
        rows.append(
            {
                "id": record["id"],
                "name": record["name"],
                "service_area": record["service_area"],
                "rationale_strength": float(record["rationale_strength"]),
                "data_availability": float(record["data_availability"]),
                "comparators": _text(record, "comparators"),
                "gaps": gaps,
                "fix": fix,
                "owner": _text(record, "owner"),
            }
        )
    return pd.DataFrame(rows, columns=list(AGENDA_COLUMNS))
