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


# ---------------------------------------------------------------- version 2: one action per indicator

ACTION_COLUMNS = ("id", "name", "action", "who", "when")


def _first_clause(definition: str) -> str:
    """The counted thing of a definition, up to its first comma or full stop, lower-cased first letter."""
    head = definition.split(". ")[0].split(", as ")[0].rstrip(".")
    return head[:1].lower() + head[1:] if head[:2] != head[:2].upper() else head


def development_action(row: Mapping) -> tuple[str, str] | None:
    """What will be done about one indicator's data, and by when (None: it needs nothing).

    Chosen by a stated rule on the row's own facts, worded for that indicator:

    - reported once a year only (``reporting`` annual, or an annual local frequency):
      nothing can be done in year (there is no in-year Progress 8); the action is to
      put the published figure, with its England comparison, into the annual report;
    - termly school data: report each term's figure at the next meeting;
    - a national return with an annual publication but a rolling local version: run the
      return's own definition on the case system each quarter, so the year-end figure
      is not a surprise;
    - local measures with no published comparator: by source (audits moderated with a
      second auditor; complaints, allegations, finance, HR and case-system measures each
      with their counting rule written down and a 2017-18 baseline);
    - low data availability (2 or less of 5) otherwise: build the extract.
    """
    from pmf_select.reports.wording import facts

    f = facts(row)
    source = f.source.lower()
    comparators = _text(row, "comparators").lower()
    frequency = _text(row, "local_frequency").lower()
    definition = _first_clause(_text(row, "definition"))
    name = f.short_name
    try:
        availability = float(row.get("data_availability"))
    except (TypeError, ValueError):
        availability = float("nan")
    name = name[:1].lower() + name[1:] if name[:2] != name[:2].upper() else name
    if f.reporting == "annual":
        return (
            f"Report {name} once a year, in the {_annual(f.service_area)}, when the national figures are published, "
            "with the England and London figures beside Bromley's; no in-year figure will be offered.",
            "2018-19 annual report",
        )
    if frequency == "termly":
        return (
            f"Take the {name.lower()} figure from each term's school records and report it at the first meeting "
            "after the term ends, marking it provisional until the national release.",
            "December 2018",
        )
    local = source.startswith("local") or "virtual school" in source
    if comparators == "none" or (comparators == "partial" and local):
        if "qa" in source.split() or "audit" in f.name.lower():
            return (
                f"Have a second auditor re-grade one case in ten behind {name.lower()} each quarter, and report how "
                "often the two grades agree, so members can trust the grade.",
                "September 2018",
            )
        if "complaints" in source:
            return (
                f"Log every stage 1 complaint with its received and answered dates so {name.lower()} is counted the "
                "same way each quarter; publish the 2017-18 figure as the baseline.",
                "June 2018",
            )
        if "lado" in source:
            return (
                "Record the date each allegation is resolved in the LADO database and agree with the LSCB what "
                "'in time' means, so the first quarterly figure can be compared with later ones.",
                "September 2018",
            )
        if "finance" in source:
            return (
                f"Reconcile {name.lower()} each quarter to the council's budget monitoring report, so members see "
                "one figure in both places.",
                "June 2018",
            )
        if "hr" in source.split():
            return (
                f"Agree with HR which posts count as case-holding for {name.lower()}, and run it from the HR "
                "system each quarter.",
                "June 2018",
            )
        if "virtual school" in source:
            return (
                f"Virtual School to record each child's {name.lower()} status in its own system, so the figure "
                "comes from records, not a count by hand.",
                "September 2018",
            )
        lowered = f.name.lower()
        measure = _text(row, "measure_type").lower()
        if "visit" in lowered or "seen" in lowered:
            return (
                f"Each quarter, check ten recorded {lowered} against the case notes to confirm the child was "
                "seen, and use the 2017-18 rate as the starting point.",
                "September 2018",
            )
        timed = any(word in lowered for word in ("on time", "within", "up-to-date"))
        if timed and any(word in lowered for word in ("review", "pathway plan", "core group", "conference")):
            return (
                f"Record the due date and the date held for {lowered} in the case system, so lateness is counted "
                "from the record rather than by hand.",
                "June 2018",
            )
        if f.polarity == "contextual" or measure == "how much":
            return (
                f"Publish the monthly figures for {lowered} for 2017-18 as its normal range, so members can see "
                "when a quarter falls outside it.",
                "June 2018",
            )
        if measure == "is anyone better off" and f.polarity == "higher":
            return (
                f"Agree with team managers what must be true before {lowered} is recorded, and audit a sample "
                "each quarter so the recorded outcome is the real one.",
                "December 2018",
            )
        return (
            f"Write down how {definition} is counted, run it from the case system for April 2017 to March 2018 as "
            "a baseline, and show that trend in place of a national comparator.",
            "June 2018",
        )
    if comparators == "partial" or (availability == availability and availability <= DATA_AT_MOST):
        if frequency == "rolling" and _statutory_source(f.source):
            return (
                f"Run the {f.source} definition of {name.lower()} on the case system each quarter as a rolling "
                "12-month figure, so the year-end return holds no surprise.",
                "September 2018",
            )
        if comparators == "partial":
            return (
                f"Show {name.lower()} beside the latest published {f.source} figures with their date, and say what "
                "they leave out, because they cover only part of the picture.",
                "June 2018",
            )
        return (f"Build a quarterly extract for {name.lower()} from the {f.source or 'case system'}.", "September 2018")
    return None


def _annual(area: str) -> str:
    from pmf_select.reports.wording import annual_report_for

    return annual_report_for(area)


def development_actions(longlist: LongList, ids: Sequence[str]) -> pd.DataFrame:
    """One row per indicator of ``ids`` that needs work on its data (:data:`ACTION_COLUMNS`).

    ``who`` is the indicator's lead post (with the performance team for extracts); ``when``
    the month by which it will be done. In the order of ``ids``.
    """
    frame = longlist.frame.set_index("id", drop=False)
    rows = []
    for cid in ids:
        record = frame.loc[cid].to_dict()
        result = development_action(record)
        if result is None:
            continue
        action, when = result
        owner = _text(record, "owner") or "Performance team"
        rows.append({"id": cid, "name": _text(record, "name"), "action": action, "who": owner, "when": when})
    return pd.DataFrame(rows, columns=list(ACTION_COLUMNS))
