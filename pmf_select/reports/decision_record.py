"""The record of a decision: the agreed set, why each indicator is in, and the checks that seal it.

:func:`decision_paper` writes a locked decision as a committee document from the
decision and its long list as the store keeps them (:func:`pmf_select.record.export.recompute`),
rendered through a Word template (default ``candidates/templates/decision-record.docx``):
the agreed set in the agreed order with each indicator's reason in members' words
(:mod:`.wording`), how sure each is of its place (a figure with a one-line takeaway),
the data development agenda for the agreed indicators, and the verification details
(the SHA-256 of the record, the long list and the criteria) in a technical appendix,
so anyone can produce the figures again from the store.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pandas as pd

from pmf_select.errors import InputError
from pmf_select.record import DecisionExport, load_export
from pmf_select.reports.agenda import development_actions
from pmf_select.reports.analysis import set_coverage
from pmf_select.reports.charts import chart_png, option_sureness_chart
from pmf_select.reports.formatting import fmt_date, fmt_percent
from pmf_select.reports.house import render_docx
from pmf_select.reports.paper_parts import Numbering, details_context
from pmf_select.reports.template import RECORD_TITLE, ReportDetails, check_report_date
from pmf_select.reports.wording import (
    area_words,
    cautions,
    england_text,
    facts,
    finance_ids,
    or_list,
    trim_rationale,
    why_in_option,
)
from pmf_select.selection import SetConstraints

RECORD_TEMPLATE_FILE = Path(__file__).resolve().parents[2] / "candidates" / "templates" / "decision-record.docx"
RECORD_TABLE_HEADER = ("#", "Indicator", "Why it is in", "Read it with care")


def record_table_header(top_k: int | None = None) -> tuple[str, ...]:
    """The agreed-set table's header in a decision record."""
    return RECORD_TABLE_HEADER


def decision_context(
    export: DecisionExport,
    *,
    details: ReportDetails | None = None,
    meeting_date: date | None = None,
    charts: bool = True,
) -> tuple[dict, dict[str, bytes]]:
    """The record's template context and chart images (see the module docstring)."""
    decision = export.decision
    longlist = export.longlist
    criteria = longlist.criteria
    acc = export.acceptability
    meeting = check_report_date(meeting_date or decision.meeting_date)
    details = details or ReportDetails()
    title = details.title or RECORD_TITLE.format(id=decision.id)
    agreed = list(decision.agreed)
    frame = longlist.frame.set_index("id", drop=False)
    records = {cid: frame.loc[cid].to_dict() for cid in frame.index}
    names = {cid: str(r["name"]) for cid, r in records.items()}
    finance = set(finance_ids(longlist.frame))
    n = Numbering()
    images: dict[str, bytes] = {}
    ctx: dict = {
        "title": title,
        "title_upper": title.upper(),
        "details": details_context(details, title, meeting),
        "decision_id": decision.id,
    }
    n.start(1)
    ctx["reason"] = n.paras(
        f"This is the record of decision {decision.id}: the key performance indicators the Sub-Committee agreed to "
        "receive each quarter from quarter one 2018-19, why each is in, and how anyone can check the figures."
    )
    n.start(2)
    ctx["decision"] = n.paras(
        f"On {fmt_date(meeting)} ({decision.meeting}) the Sub-Committee agreed these {len(agreed)} indicators, in "
        "this order:"
    )
    ctx["agreed_list"] = [{"n": str(i), "name": names[cid]} for i, cid in enumerate(agreed, start=1)]
    after = []
    if decision.supersedes:
        after.append(f"This decision replaces decision {decision.supersedes}.")
    if decision.superseded_by:
        after.append(
            f"This decision has since been replaced by decision {decision.superseded_by}; it is kept on record unchanged."
        )
    if decision.note:
        after.append(f"Note recorded with the decision: {decision.note}")
    ctx["decision_after"] = n.paras(*after)

    n.start(3)
    coverage = set_coverage(longlist, agreed)
    covered = int((coverage["chosen"] > 0).sum())
    missing = coverage.loc[coverage["chosen"] == 0, "service_area"].tolist()
    weights = decision.weights
    listed = "; ".join(f"{c.label.lower()} {fmt_percent(weights[c.key])}" for c in criteria.criteria)
    background = [
        f"The Sub-Committee chose from a long list of {len(longlist)} candidates in {len(longlist.service_areas)} "
        f"service areas, scoring each against {len(criteria.criteria)} questions weighted as follows: {listed}.",
        f"The agreed set covers {covered} of the {len(coverage)} service areas"
        + (f"; it has nothing from {or_list([area_words(a) for a in missing], 'or')}." if missing else "."),
    ]
    if decision.constraints:
        try:
            rules = SetConstraints.from_dict(decision.constraints).describe()
        except InputError:
            rules = [f"{k}: {v}" for k, v in decision.constraints.items()]
        background.append("The set was built under these rules: " + "; ".join(rules) + ".")
    table_number = n.tables + 1
    background.append(f"Table {table_number} gives the reason for each indicator and what to read with care.")
    ctx["background"] = n.paras(*background)
    by_acc = acc.table.set_index("id") if acc is not None else None
    area_counts = coverage.set_index("service_area")["chosen"]
    rows = []
    for position, cid in enumerate(agreed, start=1):
        record = records[cid]
        why = [trim_rationale(str(record.get("rationale", "")))]
        if england_text(record):
            why.append(england_text(record))
        if by_acc is not None:
            why.append(
                why_in_option(
                    float(by_acc.at[cid, "p_top_k"]),
                    acc.top_k,
                    sole_area=record["service_area"] if area_counts.get(record["service_area"], 0) == 1 else None,
                    finance=cid in finance,
                    must_include=False,
                    outcome=str(record.get("measure_type", "")).lower() == "is anyone better off",
                )
            )
        rows.append(
            {
                "n": str(position),
                "name": names[cid],
                "why": [w for w in why if w],
                "cautions": cautions(record, agreed, names) or ["None."],
            }
        )
    ctx["agreed_table"] = {"number": n.table(), "caption": f"the agreed set ({decision.id})", "rows": rows}
    ctx["figures"] = []
    commentary_after = []
    if acc is not None:
        p = by_acc.loc[agreed, "p_top_k"].astype(float)
        likely = int((p >= 0.5).sum())
        weakest = p.idxmin()
        takeaway = (
            f"{likely} of the {len(agreed)} agreed indicators are in the best {acc.top_k} under most weightings tried; "
            f"the least sure is {names[weakest]} ({p[weakest]:.0%})"
        )
        if charts:
            number = n.figure()
            ordered = p.sort_values(ascending=False, kind="stable")
            left_out = acc.table[~acc.table["id"].isin(set(agreed))].head(3)
            chart_rows = pd.DataFrame(
                {
                    "label": [facts(records[c]).short_name for c in ordered.index]
                    + [facts(records[c]).short_name for c in left_out["id"]],
                    "p_top_k": list(ordered) + list(left_out["p_top_k"]),
                    "in_set": [True] * len(ordered) + [False] * len(left_out),
                }
            )
            images["fig_agreed"] = chart_png(option_sureness_chart(chart_rows, acc.top_k))
            ctx["figures"] = [{"number": number, "caption": takeaway + ".", "key": "fig_agreed"}]
            commentary_after.append(
                f"Figure {number} shows how often each agreed indicator made the best {acc.top_k} as the weights "
                f"changed, beside the three strongest left out. {takeaway}."
            )
        else:
            commentary_after.append(takeaway + ".")
    ctx["commentary_after"] = n.paras(*commentary_after)
    actions = development_actions(longlist, agreed)
    ctx["agenda"] = n.paras(
        f"Table {n.tables + 1} gives one action for each agreed indicator whose data need work: what, who and by when."
        if len(actions)
        else "Every agreed indicator can be reported each quarter as it stands."
    )
    ctx["agenda_table"] = {
        "number": n.table(),
        "caption": "data development agenda for the agreed set",
        "rows": [
            {"name": r.name, "action": r.action, "who": r.who, "when": r.when} for r in actions.itertuples(index=False)
        ],
    }
    n.start(4)
    ctx["verification"] = n.paras(
        "The decision was sealed when it was locked: any later change to the record would show. The long list it "
        "was made on is kept in the decision store, so every figure in this record can be produced again from the "
        "store alone. Appendix 1 gives the details."
    )
    technical_rows = [
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
        technical_rows += [
            (
                "Robustness",
                f"SMAA-2 (Lahdelma and Salminen 2001), {settings['sampling']}, {settings['samples']:,} weightings, "
                f"top {settings['top_k']}, seed {settings['seed']}",
            ),
        ]
    technical_rows.append(("Made with", str(decision.record.get("software", ""))))
    technical_rows.append(
        ("To make this record again", f"python -m pmf_select paper --decision {decision.id} --out record.docx")
    )
    ctx["technical"] = {
        "number": 1,
        "paragraphs": [
            {
                "num": "A1.1",
                "text": "python -m pmf_select verify checks a circulated export against these values; the SHA-256 of "
                "the record is computed over the whole record.",
            }
        ],
        "table_number": n.table(),
        "rows": [{"label": k, "value": v} for k, v in technical_rows],
    }
    return ctx, images


def decision_paper(
    export: DecisionExport,
    *,
    details: ReportDetails | None = None,
    meeting_date: date | None = None,
    charts: bool = True,
    template: str | Path | None = None,
) -> bytes:
    """The record of a locked decision as DOCX bytes (the date defaults to the recorded meeting date)."""
    context, images = decision_context(export, details=details, meeting_date=meeting_date, charts=charts)
    return render_docx(template or RECORD_TEMPLATE_FILE, context, images=images, image_width_mm=130)


def decision_paper_from_store(
    conn: sqlite3.Connection,
    decision_id: str,
    *,
    details: ReportDetails | None = None,
    meeting_date: date | None = None,
    charts: bool = True,
    template: str | Path | None = None,
) -> bytes:
    """:func:`decision_paper` for a decision in the store (its seal and long list hash checked)."""
    return decision_paper(
        load_export(conn, decision_id), details=details, meeting_date=meeting_date, charts=charts, template=template
    )
