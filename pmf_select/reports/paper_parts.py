"""Pieces of text both reports share, as template context: numbered paragraphs, the
front sheet, the background, the implications, the reporting calendar and the
technical appendix.

Every function returns plain data (dicts, lists of ``{"num", "text"}``) for a Word
template (:mod:`pmf_select.reports.house`). The background states only facts that are
public and dated no later than January 2018: the June 2016 Ofsted report, the
intervention and improvement arrangements, the ILACS framework (November 2017), and
what the Sub-Committee's January 2018 report asked for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from pmf_select.reports.formatting import fmt_date
from pmf_select.reports.template import DEFAULT_MEETING_DATE, ReportDetails, check_report_date
from pmf_select.reports.wording import Facts, england_text

PAPERS_NEED_DAYS = 21
"""A quarter's figures go to a meeting only if they are ready this many days before it (to write and despatch the report)."""

QUARTERS_2018_19 = (
    ("Q1 2018-19", "April to June 2018", date(2018, 6, 30)),
    ("Q2 2018-19", "July to September 2018", date(2018, 9, 30)),
    ("Q3 2018-19", "October to December 2018", date(2018, 12, 31)),
    ("Q4 2018-19", "January to March 2019", date(2019, 3, 31)),
)


@dataclass
class Numbering:
    """Numbers paragraphs (3.1, 3.2 ...), tables and figures in the order the template prints them."""

    section: int = 0
    paragraph: int = 0
    tables: int = 0
    figures: int = 0
    _held: dict = field(default_factory=dict)

    def start(self, section: int) -> None:
        self.section, self.paragraph = section, 0

    def paras(self, *texts: str) -> list[dict]:
        out = []
        for text in texts:
            if not text:
                continue
            self.paragraph += 1
            out.append({"num": f"{self.section}.{self.paragraph}", "text": text})
        return out

    def table(self) -> int:
        self.tables += 1
        return self.tables

    def figure(self) -> int:
        self.figures += 1
        return self.figures


def details_context(details: ReportDetails, title: str, meeting_date: date | None = None) -> dict:
    """The front sheet's values (``details`` in the template)."""
    when = check_report_date(meeting_date or details.date or DEFAULT_MEETING_DATE)
    return {
        "report_no": details.report_no,
        "decision_maker": details.decision_maker,
        "decision_maker_upper": details.decision_maker.upper(),
        "meeting": details.meeting,
        "date_text": fmt_date(when),
        "decision_type": details.decision_type,
        "contact_line": details.contact_line,
        "chief_officer": details.chief_officer,
        "ward": details.ward,
        "bbb_priority": details.bbb_priority,
    }


SUMMARY_BOX = {
    "impact_summary": "The indicators members choose are about children in need of help and protection, children "
    "looked after and care leavers; watching the right ones helps members see whether those children's "
    "experiences are improving.",
    "policy_status": "Existing Policy",
    "cost": "No cost",
    "ongoing_costs": "Not Applicable",
    "budget_head": "Not Applicable",
    "total_budget": "Not Applicable",
    "funding": "Existing revenue budget (officer time)",
    "staff_number": "Not Applicable: produced by existing performance and social care staff",
    "staff_hours": "Not Applicable",
    "legal_requirement": "None",
    "call_in": "Not Applicable",
    "users": "Members of the Sub-Committee; the children and families the indicators describe",
    "ward_asked": "Not Applicable",
    "ward_comments": "Not Applicable",
}


def background_paragraphs(n: Numbering, candidates: int, areas: int) -> list[dict]:
    """Why we are here (the inspection, what members lacked) and what members will do with the figures."""
    return n.paras(
        "Ofsted inspected Bromley's services for children in need of help and protection, children looked after "
        "and care leavers in April 2016. Its report, published in June 2016, judged every area inadequate. "
        "Inspectors found widespread and serious failures: too many children were left in neglectful or abusive "
        "situations for too long; the response to children who go missing or are at risk of sexual exploitation "
        "was underdeveloped; homeless 16-17-year-olds, and care leavers for long periods, were placed in bed and "
        "breakfast; and adoption was considered too late. Foster placement stability was better than comparators.",
        "The inspection also found that members lacked a comprehensive understanding of the service's strengths "
        "and weaknesses. A short set of indicators, seen every quarter with the right comparisons, is one way to "
        "give members that understanding.",
        "Since then the Department for Education has appointed a commissioner for children's services and issued "
        "a statutory direction; the council kept control of its services and reports its progress to government "
        "each quarter, and the commissioner's report of September 2017 found good progress. In September 2016 "
        "Full Council agreed extra funding to add resources and reduce caseloads, and the Leader set up a "
        "multi-agency Improvement Board.",
        "Ofsted's new framework for inspecting local authority children's services, published in November 2017 "
        "and in use from January 2018, asks each council what it knows about the quality and impact of its "
        "social work practice, how it knows it, and what it plans to do. The indicators members watch are part "
        "of that answer.",
        "In January 2018 this Sub-Committee asked officers for options and rationales for the key performance "
        "indicators it will receive each quarter, commencing with quarter one 2018-19 data. Members will use "
        "them to act where performance falls short, to ask officers and partners what lies behind a figure, and "
        "to change where resources go.",
        f"Officers assembled a long list of {candidates} candidate indicators in {areas} service areas, from early "
        "help and the front door to leaving care, with the workforce, quality of practice, education, youth "
        "justice and finance. Each has a definition, its source, the comparisons published for it and a lead "
        "officer (Appendix 1 lists them all).",
    )


def implications(n: Numbering, *, quarterly_first: str) -> dict:
    """Sections 4-9 in the council's order."""
    out = {}
    n.start(4)
    out["impact"] = n.paras(
        "The indicators are about children in need of help and protection, children in care and care leavers. "
        "Choosing them well helps members see whether those children's experiences are improving, and where to "
        "ask questions. The report has no direct impact on vulnerable adults."
    )
    n.start(5)
    out["policy"] = n.paras(
        "The agreed set becomes the Sub-Committee's quarterly performance information under the council's "
        f"Performance Management Framework, {quarterly_first}. It does not change existing policy."
    )
    n.start(6)
    out["financial"] = n.paras(
        "There are no direct financial implications. Producing the indicators and the actions in the data "
        "development agenda takes officer time in the performance and social care teams, met from existing "
        "resources; anything that needs more will be reported to the Sub-Committee first."
    )
    n.start(7)
    out["legal"] = n.paras(
        "There are no direct legal implications. The statutory returns behind many of the indicators (the "
        "Children in Need census and the children looked after return) remain required whichever set is agreed."
    )
    n.start(8)
    out["personnel"] = n.paras(
        "There are no personnel implications beyond the officer time above. Each indicator has a lead post, named "
        "in the long list, who answers members' questions about it."
    )
    n.start(9)
    out["procurement"] = n.paras(
        "There are no procurement implications: every indicator comes from the council's own systems or from "
        "national returns it already makes, so no new system is needed."
    )
    return out


BACKGROUND_DOCUMENTS = (
    "Report to the Education, Children and Families Budget and Performance Sub-Committee, January 2018, "
    "asking for options and rationales for quarterly key performance indicators",
    "London Borough of Bromley, Performance Management Framework",
    "Ofsted, inspection of services for children in need of help and protection, children looked after and care "
    "leavers: London Borough of Bromley (June 2016)",
    "Ofsted, Inspecting local authority children's services (framework, November 2017)",
)


# ---------------------------------------------------------------- the reporting calendar


def _month_end(day: date, months: int) -> date:
    year, month = day.year + (day.month - 1 + months) // 12, (day.month - 1 + months) % 12 + 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def ready_date(quarter_end: date, lag_months: int) -> date:
    """When a quarter's figure is ready: the end of the month ``lag_months`` after the quarter ends."""
    return _month_end(quarter_end, lag_months)


def meeting_for(ready: date, meetings: Sequence[date]) -> date | None:
    """The first meeting at least :data:`PAPERS_NEED_DAYS` after ``ready`` (None: none listed)."""
    for meeting in sorted(meetings):
        if meeting - ready >= timedelta(days=PAPERS_NEED_DAYS):
            return meeting
    return None


def first_report_text(ready: date, meetings: Sequence[date]) -> str:
    meeting = meeting_for(ready, meetings)
    if meeting is not None:
        return f"{fmt_date(meeting)} meeting (ready {ready:%B %Y})"
    return f"first meeting from {fmt_date(ready + timedelta(days=PAPERS_NEED_DAYS))} (ready end of {ready:%B %Y})"


def target_text(row: Mapping, f: Facts) -> str:
    """Whether a target or a tolerance will be proposed for an indicator, and on what."""
    england = england_text(row).removeprefix("England: ").rstrip(".")
    if f.polarity == "contextual":
        return (
            "No target: it has no right direction. Officers will show its usual range and explain any move outside it."
        )
    if f.reporting == "annual":
        return "No quarterly target; compared with England once a year."
    if f.small_numbers:
        return "Tolerance (a range) from the 2017-18 figures, because small numbers swing; no single-figure target."
    if england:
        return f"Target proposed in June 2018, set against the England figure ({england})."
    if str(row.get("comparators", "")).strip().lower() in ("", "none", "nan"):
        return "Target proposed in June 2018 from Bromley's own 2017-18 baseline (no published comparison)."
    comparators = str(row.get("comparators", "")).strip()
    return f"Target proposed in June 2018 from Bromley's 2017-18 figure and the published comparisons ({comparators})."


def calendar(
    n: Numbering,
    rows: Sequence[tuple[Mapping, Facts]],
    meetings: Sequence[date],
    quarterly_first_meeting: str,
) -> dict:
    """The calendar's paragraphs and its two tables (meetings; each indicator's timing and target)."""
    quarterly = [(r, f) for r, f in rows if f.reporting != "annual"]
    lags = sorted({f.lag_months for _, f in quarterly}) or [1]
    slowest = max(lags)
    ready_q1_fast = ready_date(QUARTERS_2018_19[0][2], min(lags))
    ready_q1_slow = ready_date(QUARTERS_2018_19[0][2], slowest)
    june = next((m for m in meetings if m.year == 2018 and m.month == 6), None)
    june_text = f"the meeting on {fmt_date(june)}" if june else "the June 2018 meeting"
    lag_words = (
        f"{lags[0]} month{'s' if lags[0] != 1 else ''}" if len(lags) == 1 else f"between {lags[0]} and {slowest} months"
    )
    paragraphs = n.paras(
        "The January 2018 report said both that quarterly reporting would commence in June 2018 and that it "
        "would commence with quarter one 2018-19 data. Quarter one is April to June 2018, so its figures cannot "
        f"be ready in June. The figures for the recommended set are ready {lag_words} after a quarter ends "
        f"(each source's lag is shown below): quarter one's figures are ready by the end of {ready_q1_fast:%B %Y}"
        + (f", the slowest by the end of {ready_q1_slow:%B %Y}." if slowest != min(lags) else "."),
        f"Officers therefore propose that {june_text} receives the agreed set with each indicator's 2017-18 "
        "year-end figure as its starting point, and the proposed targets and tolerances; and that the first "
        f"quarterly report, with quarter one 2018-19 data, goes to {quarterly_first_meeting}. Both statements in "
        "the January report are then met: reporting on the new set starts in June 2018, and the quarterly series "
        "starts with quarter one 2018-19.",
    )
    meeting_rows = [
        {
            "meeting": fmt_date(june) if june else "June 2018",
            "receives": "The agreed set, with 2017-18 year-end figures as the starting point; proposed targets and "
            "tolerances",
        }
    ]
    for label, months, end in QUARTERS_2018_19:
        ready = ready_date(end, slowest)
        meeting = meeting_for(ready, meetings)
        meeting_rows.append(
            {
                "meeting": fmt_date(meeting)
                if meeting
                else f"First meeting from {fmt_date(ready + timedelta(days=PAPERS_NEED_DAYS))}",
                "receives": f"{label} ({months}), ready by the end of {ready:%B %Y}",
            }
        )
    timing_rows = []
    for row, f in rows:
        if f.reporting == "annual":
            lag = f"{f.source or 'national return'}: published once a year"
            first = "Annual report"
        else:
            lag = f"{f.source or 'local system'}: ready {f.lag_months} month{'s' if f.lag_months != 1 else ''} after the quarter"
            first = first_report_text(ready_date(QUARTERS_2018_19[0][2], f.lag_months), meetings)
        timing_rows.append({"name": f.name, "lag": lag, "first": first, "target": target_text(row, f)})
    return {"paragraphs": paragraphs, "meetings": meeting_rows, "timing": timing_rows}
