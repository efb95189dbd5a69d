"""The record of a decision: the agreed set, how it was decided and the hashes that seal it.

:func:`decision_paper` writes a locked decision as a committee document from the
decision and its long list as the store keeps them (:func:`pmf_select.record.export.recompute`):
the agreed set in the agreed order with each indicator's reason, score, rank and share
of weightings that put it in the top k; how it was decided (criteria, weights, method,
audience, members, set rules, robustness settings); and the SHA-256 of the record, the
long list and the criteria, so anyone can produce the figures again from the store.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from pmf_select.errors import InputError
from pmf_select.record import DecisionExport, load_export
from pmf_select.reports.agenda import data_development_agenda
from pmf_select.reports.analysis import robustness_rows, set_coverage
from pmf_select.reports.charts import chart_png, set_coverage_chart, set_robustness_chart
from pmf_select.reports.docx_writer import CHART_SCALE, _Report
from pmf_select.reports.formatting import fmt_date, fmt_percent, fmt_score, fmt_total
from pmf_select.reports.sections import (
    _agenda_section,
    _background,
    _criteria_section,
    _indicator_cell,
    _long_list_table,
    _robustness_paragraph,
    _weights_paragraphs,
)
from pmf_select.reports.template import RECORD_HEADINGS, RECORD_TITLE, ReportDetails, check_report_date
from pmf_select.selection import SetConstraints, indicator_reason

RECORD_TABLE_HEADER = ("#", "Indicator", "Service area", "Definition", "Why it is in", "Score", "Rank", "In top {k}")


def record_table_header(top_k: int | None) -> tuple[str, ...]:
    """The agreed-set table's header in a decision record ("In top 12": the share of weightings)."""
    return (*RECORD_TABLE_HEADER[:-1], RECORD_TABLE_HEADER[-1].format(k=top_k if top_k is not None else "k"))


def decision_paper(export: DecisionExport, *, details: ReportDetails | None = None, charts: bool = True) -> bytes:
    """The record of a locked decision as DOCX bytes, from :func:`pmf_select.record.export.recompute`.

    ``export`` is a :class:`pmf_select.record.export.DecisionExport`: the decision, its long
    list (as stored, hash-checked) and the ranking and robustness recomputed at the
    recorded settings. The date defaults to the meeting date in the record. States
    the agreed set in the agreed order, how it was decided (criteria, weights, method,
    audience, members, set rules, robustness settings), and the SHA-256 of the record,
    the long list and the criteria.
    """
    decision = export.decision
    longlist = export.longlist
    criteria = longlist.criteria
    ranking = export.ranking
    acc = export.acceptability
    meeting = check_report_date(decision.meeting_date)
    details = details or ReportDetails()
    if details.meeting_date is None:
        details = replace(details, meeting_date=meeting)
    title = details.title or RECORD_TITLE.format(id=decision.id)
    report = _Report(details, title)
    report.front_sheet(extra=[("Decision:", f"{decision.id} (SHA-256 {decision.sha256[:16]}\u2026)")])
    agreed = decision.agreed
    names = longlist.frame.set_index("id")["name"]

    report.heading(RECORD_HEADINGS[0])
    report.numbered(
        f"This is the record of decision {decision.id}: the key performance indicators the Sub-Committee agreed "
        "to watch each quarter from Q1 2018-19, how they were chosen, and the checks that let anyone produce "
        "the figures again."
    )
    report.heading(RECORD_HEADINGS[1])
    report.numbered(
        f"On {fmt_date(meeting)} ({decision.meeting}) the Sub-Committee agreed these {len(agreed)} indicators, "
        "in this order, as its quarterly KPI set from Q1 2018-19:"
    )
    for position, cid in enumerate(agreed, start=1):
        report.item(f"{position}.", f"{names[cid]} ({cid})")
    if decision.supersedes:
        report.numbered(f"This decision replaces decision {decision.supersedes}.")
    if decision.superseded_by:
        report.numbered(
            f"This decision has since been replaced by decision {decision.superseded_by}; it is kept on record "
            "unchanged."
        )
    if decision.note:
        report.numbered(f"Note recorded with the decision: {decision.note}")

    report.heading(RECORD_HEADINGS[2])
    _background(report, longlist)
    _criteria_section(report, longlist, decision.weights, decision.audience)
    members = (decision.robustness or {}).get("members")
    _weights_paragraphs(
        report,
        longlist,
        decision.weights,
        decision.method,
        decision.audience,
        f"those recorded in decision {decision.id}",
        members,
    )
    if decision.constraints:
        try:
            rules = SetConstraints.from_dict(decision.constraints).describe()
        except InputError:
            rules = [f"{k}: {v}" for k, v in decision.constraints.items()]
        report.numbered("The set was built under these rules: " + "; ".join(rules) + ".")
    if acc is not None:
        _robustness_paragraph(report, acc, f"{acc.top_k}")

    report.heading("The agreed set", 2)
    frame = longlist.frame.set_index("id", drop=False)
    rank_of = ranking.table.set_index("id")
    by_acc = acc.table.set_index("id") if acc is not None else None
    coverage = set_coverage(longlist, agreed)
    area_counts = coverage.set_index("service_area")["chosen"]
    rows = []
    for position, cid in enumerate(agreed, start=1):
        record = frame.loc[cid].to_dict()
        p = float(by_acc.at[cid, "p_top_k"]) if by_acc is not None else None
        reason = indicator_reason(
            record,
            sole_in_area=area_counts.get(record["service_area"], 0) == 1,
            p_top_k=p,
            top_k=acc.top_k if acc is not None else None,
        )
        rows.append(
            [
                str(position),
                _indicator_cell(record["name"], cid),
                record["service_area"],
                str(record["definition"]),
                reason,
                fmt_score(rank_of.at[cid, "score"]),
                str(int(rank_of.at[cid, "rank"])),
                fmt_percent(p) if p is not None else "",
            ]
        )
    report.table(
        record_table_header(acc.top_k if acc is not None else None),
        rows,
        [0.6, 3.1, 1.9, 3.7, 3.6, 1.4, 1.2, 1.5],
        caption=f"The agreed set ({decision.id})",
        numeric=(0, 5, 6, 7),
    )
    covered = int((coverage["chosen"] > 0).sum())
    missing = coverage.loc[coverage["chosen"] == 0, "service_area"].tolist()
    total = float(rank_of.loc[agreed, "score"].sum())
    report.numbered(
        f"Total score {fmt_total(total)} (average {fmt_score(total / len(agreed))}); the set covers {covered} of "
        f"{len(coverage)} service areas. Not covered: " + ("; ".join(missing) if missing else "none") + "."
    )
    if charts:
        report.figure(
            chart_png(set_coverage_chart(coverage), scale=CHART_SCALE), "The agreed set, indicators by service area"
        )
        if acc is not None:
            table = robustness_rows(acc, agreed)
            report.figure(
                chart_png(set_robustness_chart(table, acc.top_k), scale=CHART_SCALE),
                f"The agreed set, how sure each indicator is of a top-{acc.top_k} place; the black line is the "
                f"95% interval; paler bars are the {len(table) - len(agreed)} strongest indicators left out",
            )
    agenda = data_development_agenda(longlist, agreed)
    _agenda_section(report, agenda, None, "agreed indicators")

    report.heading(RECORD_HEADINGS[3])
    record_rows = [
        ("Decision", decision.id),
        ("SHA-256 of the decision record", decision.sha256),
        (
            "Chain head for the minutes",
            f"{decision.sha256[:12]} (this decision's short hash; its record holds the previous decision's SHA-256, "
            f"so a minuted head pins every decision up to it: python -m pmf_select decisions --check --head "
            f"{decision.sha256[:12]})",
        ),
        ("Meeting", f"{decision.meeting}, {decision.meeting_date}"),
        ("Locked at (UTC)", decision.locked_at),
        ("Replaces", decision.supersedes or "none"),
        (
            "Long list",
            f"{decision.record['longlist']['source']} ({decision.record['longlist']['candidates']} candidates)",
        ),
        ("Long list SHA-256", decision.longlist_hash),
        ("Criteria SHA-256", decision.criteria_hash),
        ("Audience", decision.audience),
        ("Method", decision.method),
        ("Weights", ", ".join(f"{k}={decision.weights[k]:.6g}" for k in criteria.keys)),
        ("Agreed ids, in order", ", ".join(agreed)),
    ]
    if acc is not None:
        settings = decision.robustness
        record_rows += [
            ("Robustness", f"{settings['sampling']}, {settings['samples']:,} weightings, top {settings['top_k']}"),
            ("Random seed", str(settings["seed"])),
        ]
    record_rows.append(("Made with", decision.record.get("software", "")))
    report.numbered(
        "The decision was sealed when it was locked: the SHA-256 below is computed over the whole record, so any "
        "later change to it would show. The long list it was made on is kept in the decision store under its own "
        "SHA-256, so the scores, ranks and robustness shares in this record can be computed again from the store "
        f"alone (python -m pmf_select paper --decision {decision.id} makes this document again; python -m "
        "pmf_select verify checks a circulated export)."
    )
    report.table(("Field", "Value"), record_rows, [4.5, 12.5], caption="The decision record", size=9)
    _long_list_table(
        report, longlist, ranking, marked={cid: str(i) for i, cid in enumerate(agreed, 1)}, mark_label="Agreed"
    )
    return report.to_bytes()


def decision_paper_from_store(
    conn: sqlite3.Connection, decision_id: str, *, details: ReportDetails | None = None, charts: bool = True
) -> bytes:
    """:func:`decision_paper` for a decision in the store (its seal and long list hash checked)."""
    return decision_paper(load_export(conn, decision_id), details=details, charts=charts)
