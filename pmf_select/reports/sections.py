"""The report sections the options paper and the decision record share.

The background (facts the project's domain reference marks as checked against a
source and not dated after January 2018), the criteria and the question each asks
(after "Choosing the right FABRIC", HM Treasury et al. 2001), how they were weighted
(with members' own weights and their spread), the robustness method (SMAA-2, Lahdelma
and Salminen 2001), the data development agenda, the impact and implications
sections, the background documents, and Appendix 1, the scored long list. Each writes
into a :class:`pmf_select.reports.docx_writer._Report`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from pmf_select.longlist import LongList
from pmf_select.ranking import METHOD_LABELS, METHOD_SCORES, SAMPLING_LABELS, group_weights
from pmf_select.reports.agenda import DATA_AT_MOST, MATTERS_AT_LEAST
from pmf_select.reports.docx_writer import LANDSCAPE_TEXT_WIDTH_CM, _Report
from pmf_select.reports.formatting import _score_number, fmt_percent, fmt_score
from pmf_select.reports.template import HEADINGS

AGENDA_HEADER = ("Indicator", "Service area", "Matters", "Data", "What is missing", "What would fix it", "Lead", "In")
CRITERIA_HEADER = ("Criterion", "The question it asks", "Scale", "Direction", "Weight")
APPENDIX_BASE_HEADER = ("Rank", "ID", "Indicator", "Service area", "Score")


def _background(report: _Report, longlist: LongList) -> None:
    """Facts from the domain reference marked [V] and not dated after January 2018."""
    report.heading("Background", 2)
    report.numbered(
        "Ofsted inspected Bromley's services for children in need of help and protection, children looked "
        "after and care leavers in April 2016, under the Single Inspection Framework. The report, published "
        "in June 2016, judged every area inadequate. Inspectors found widespread and serious failures, with "
        "too many children left in neglectful or abusive situations for too long; an underdeveloped and "
        "inconsistent response to children who go missing or are at risk of sexual exploitation; homeless "
        "16-17-year-olds, and care leavers for long periods, placed in bed and breakfast; and adoption "
        "considered too late. They found foster placement stability better than comparators."
    )
    report.numbered(
        "The Department for Education appointed a commissioner for children's services and issued a "
        "statutory direction. The council kept control of its children's services and reports its progress "
        "to government each quarter; the commissioner's report of September 2017 found good progress. In "
        "September 2016 Full Council agreed extra funding to add resources and reduce caseloads, and the "
        "Leader set up a multi-agency Improvement Board."
    )
    report.numbered(
        "Ofsted's framework for inspecting local authority children's services (ILACS), published in "
        "November 2017 and in use from January 2018, asks each council what it knows about the quality and "
        "impact of its social work practice, how it knows it, and what it plans to do. The indicators members "
        "watch each quarter are part of that answer."
    )
    report.numbered(
        "In January 2018 the Sub-Committee asked officers to bring options and rationales for the key "
        "performance indicators it will receive each quarter from Q1 2018-19 (April to June 2018)."
    )
    frame = longlist.frame
    report.numbered(
        f"Officers assembled a long list of {len(longlist)} candidate indicators in "
        f"{len(longlist.service_areas)} service areas, from early help and the front door to leaving care, "
        "with the workforce, quality of practice, education, youth justice and finance. Each has a "
        "definition, its source, the comparators published for it and a lead officer, and is scored on the "
        "criteria below (Appendix 1)."
        if {"definition", "source", "owner"} <= set(frame.columns)
        else f"Officers assembled a long list of {len(longlist)} candidate indicators in "
        f"{len(longlist.service_areas)} service areas, each scored on the criteria below (Appendix 1)."
    )


def _criteria_section(report: _Report, longlist: LongList, weights: Mapping[str, float], audience: str) -> None:
    criteria = longlist.criteria
    report.heading("The criteria and the question each asks", 2)
    report.numbered(
        "The criteria follow \u201cChoosing the right FABRIC: a framework for performance information\u201d "
        "(HM Treasury, Cabinet Office, National Audit Office, Audit Commission and ONS, 2001), whose tests of a "
        "single measure are: relevant, avoids perverse incentives, attributable, well-defined, timely, "
        "reliable, comparable and verifiable. Each criterion carries several of those tests; each candidate is "
        "scored on it against a written rubric."
    )
    rows = []
    for c in criteria.criteria:
        rows.append(
            [
                f"{c.label}\n({c.key})",
                c.question,
                f"{_score_number(c.scale_min)}-{_score_number(c.scale_max)}",
                "more is better" if c.objective == "max" else "less is better",
                fmt_percent(weights[c.key]),
            ]
        )
    report.table(CRITERIA_HEADER, rows, [4.2, 7.5, 1.2, 2.5, 1.6], caption="The criteria", numeric=(4,), size=9)
    per_audience = [c for c in criteria.criteria if c.per_audience]
    if per_audience:
        label = criteria.audience(audience).label
        report.numbered(
            f"{', '.join(c.label for c in per_audience)} is scored separately for each of "
            f"{len(criteria.audiences)} audiences, because a committee member, a team manager and an inspector "
            f"need different things. This report uses the scores for the {label} ({audience})."
        )


def _weights_paragraphs(
    report: _Report,
    longlist: LongList,
    weights: Mapping[str, float],
    method: str,
    audience: str,
    source_text: str,
    members: Mapping[str, Mapping[str, float]] | None,
) -> None:
    criteria = longlist.criteria
    report.heading("How the criteria were weighted", 2)
    listed = "; ".join(f"{c.label} {fmt_percent(weights[c.key])}" for c in criteria.criteria)
    report.numbered(
        f"The weights are {source_text}: {listed}. The audience is the {criteria.audience(audience).label} "
        f"({audience}). The method is the {METHOD_LABELS.get(method, method).lower()}: "
        f"{METHOD_SCORES.get(method, method)}."
    )
    if method == "wsm":
        report.numbered(
            "Each score is first placed on a 0-1 scale on its criterion's declared range (a criterion where "
            "less is better is reversed), so an indicator's score never changes because another candidate was "
            "added or removed, and members can check any score by hand: Appendix 1 shows what each criterion "
            "contributes to it."
        )
    if members:
        group = group_weights(members, criteria)
        report.numbered(
            f"{len(group.members)} members gave their own weights, shown below with the spread between them. "
            "Where members differ, the robustness analysis draws weightings from within the range they gave, "
            "so an indicator that is in only under one member's weights shows as contested."
        )
        header = ["Member", *[c.label for c in criteria.criteria]]
        rows = [
            [str(name), *[fmt_percent(group.members.at[name, c.key]) for c in criteria.criteria]]
            for name in group.members.index
        ]
        rows.append(["Members' mean", *[fmt_percent(group.mean[c.key]) for c in criteria.criteria]])
        rows.append(["Lowest", *[fmt_percent(group.spread.at[c.key, "min"]) for c in criteria.criteria]])
        rows.append(["Highest", *[fmt_percent(group.spread.at[c.key, "max"]) for c in criteria.criteria]])
        rows.append(
            ["Spread (standard deviation)", *[fmt_percent(group.spread.at[c.key, "sd"]) for c in criteria.criteria]]
        )
        first = 17.0 - 2.4 * len(criteria.criteria)
        report.table(
            header,
            rows,
            [max(first, 3.0)] + [2.4] * len(criteria.criteria),
            caption="Members' weights",
            numeric=tuple(range(1, len(header))),
            size=9,
        )


def _robustness_paragraph(report: _Report, acc, what: str) -> None:
    how = SAMPLING_LABELS.get(acc.sampling, acc.sampling).replace(" (", ", ").replace(")", "")
    if acc.sampling == "around":
        how += f", each weight within {acc.spread * 100:g} percentage points of the weights above"
    elif acc.sampling == "order" and acc.order:
        how += ": " + " > ".join(" = ".join(g) for g in acc.order)
    high, low = acc.thresholds
    report.numbered(
        "Weights are a judgement, so the analysis also asks how sure each indicator is of its place. It draws "
        f"{acc.samples:,} weightings ({how}) with random seed {acc.seed}, and counts for each indicator the "
        f"share of them that put it in the top k, where k is {what}. This is the stochastic multicriteria "
        "acceptability analysis SMAA-2 (Lahdelma and Salminen, Operations Research 49(3), 2001). An "
        f"indicator in the top k under at least {high:.0%} of weightings is \u201cin under almost any weighting\u201d, under at most "
        f"{low:.0%} \u201cout under almost any weighting\u201d, and otherwise \u201ccontested\u201d. Each share "
        f"is accurate to within \u00b1{acc.mc_error:.3f} (95%)."
    )


def _indicator_cell(name: str, cid: str) -> str:
    return f"{name}\n{cid}"


def _agenda_section(report: _Report, agenda: pd.DataFrame, membership: Mapping[str, str] | None, scope: str) -> None:
    """The data development agenda; ``membership`` (id -> options) adds the "In" column."""
    report.heading("Data development agenda", 2)
    report.numbered(
        f"Some {scope} matter (a \u201cmatters\u201d score of {MATTERS_AT_LEAST} or more out of 5) but do not "
        f"yet have good data: a data availability score of {DATA_AT_MOST} or less out of 5, or no published "
        "figure to compare with. They can be watched now only with care. The table says what each lacks and "
        "what would fix it; the lead is the post that owns the indicator."
    )
    if agenda.empty:
        report.numbered(f"None of the {scope} falls in this group.")
        return
    rows = []
    for r in agenda.itertuples(index=False):
        rows.append(
            [
                _indicator_cell(r.name, r.id),
                r.service_area,
                _score_number(r.rationale_strength),
                _score_number(r.data_availability),
                r.gaps,
                r.fix,
                r.owner,
            ]
            + ([membership.get(r.id, "")] if membership is not None else [])
        )
    report.table(
        AGENDA_HEADER if membership is not None else AGENDA_HEADER[:-1],
        rows,
        [3.1, 1.9, 1.4, 1.1, 2.2, 3.7, 2.5, 1.1] if membership is not None else [3.3, 2.0, 1.4, 1.1, 2.4, 4.1, 2.7],
        caption="Data development agenda",
        numeric=(2, 3),
        size=8,
    )


def _long_list_table(
    report: _Report, longlist: LongList, ranking, marked: Mapping[str, str] | None = None, mark_label: str = ""
) -> None:
    """Appendix 1 (landscape): every candidate in rank order with its score and contributions."""
    labels = {c.key: c.label for c in longlist.criteria.criteria}
    contrib = [c for c in ranking.table.columns if str(c).startswith("contrib_")]
    report.landscape_section()
    report.heading("Appendix 1: the scored long list", 1)
    if contrib:
        report.para(
            "Every candidate in rank order. Score is the weighted sum (0-1); each criterion column shows what that "
            "criterion contributes to it (weight \u00d7 value on the 0-1 scale); they add up to the score, up to "
            "rounding.",
            indent=False,
        )
    else:
        report.para(f"Every candidate in rank order by the method used ({ranking.method}).", indent=False)
    header = [*APPENDIX_BASE_HEADER, *(labels.get(c[len("contrib_") :], c) for c in contrib)]
    if marked is not None:
        header.append(mark_label)
    rows = []
    for record in ranking.table.to_dict(orient="records"):
        row = [
            str(int(record["rank"])),
            record["id"],
            record["name"],
            record["service_area"],
            fmt_score(record["score"]),
        ]
        row += [fmt_score(record[c]) for c in contrib]
        if marked is not None:
            row.append(marked.get(record["id"], ""))
        rows.append(row)
    fixed = 1.1 + 3.0 + 1.4 + 1.9 * len(contrib) + (1.5 if marked is not None else 0.0)
    free = max(LANDSCAPE_TEXT_WIDTH_CM - fixed, 6.0)
    widths = [1.1, 3.0, free * 2 / 3, free / 3, 1.4] + [1.9] * len(contrib) + ([1.5] if marked is not None else [])
    numeric = (0, 4, *range(5, 5 + len(contrib)))
    report.table(header, rows, widths, caption="The scored long list", numeric=numeric, size=8)


def _implications(report: _Report) -> None:
    report.heading(HEADINGS[3])
    report.numbered(
        "The indicators are about children in need of help and protection, children in care and care leavers. "
        "Choosing them well helps members see whether those children's experiences are improving. The report has "
        "no direct impact on vulnerable adults."
    )
    report.heading(HEADINGS[4])
    report.numbered(
        "The agreed set will be the Sub-Committee's quarterly performance information from Q1 2018-19. It does "
        "not change existing policy."
    )
    report.heading(HEADINGS[5])
    report.numbered(
        "There are no direct financial implications. Producing the quarterly indicators takes officer time in "
        "the performance and social care teams, met from existing resources; any fix on the data development "
        "agenda that needs more than that will be reported separately."
    )
    report.heading(HEADINGS[6])
    report.numbered(
        "There are no direct personnel implications beyond the officer time above. Each indicator has a lead "
        "post, named in the long list."
    )
    report.heading(HEADINGS[7])
    report.numbered(
        "There are no direct legal implications. The statutory returns behind many of the indicators (such as "
        "the Children in Need census and the SSDA903 return for children looked after) remain required "
        "whichever set is agreed."
    )
    report.para(
        "Non-Applicable Sections: Procurement implications; Customer impact; Ward councillor views.", indent=False
    )


def _background_documents(report: _Report, longlist: LongList, what: str) -> None:
    report.para(
        "Background Documents (access via the Contact Officer): report to the Sub-Committee, January 2018; "
        f"the long list of candidate indicators ({Path(str(longlist.source)).name}, SHA-256 "
        f"{longlist.content_hash[:16]}\u2026) and its scoring rubric; the criteria ({longlist.criteria.source}); "
        f"{what} as CSV files.",
        indent=False,
    )
