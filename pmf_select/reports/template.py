"""Bromley's committee report template: the front sheet's details, the titles and the
numbered section headings of the options paper and of a decision record.

Officers write committee reports to the London Borough of Bromley's template (report
number, decision maker, date, decision type, contact officer, ward; then numbered
sections). :class:`ReportDetails` carries what goes on the front sheet; what officers
must fill in before publication is shown as a placeholder in square brackets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pmf_select.errors import InputError

DECISION_MAKER = "Education, Children and Families Budget and Performance Sub-Committee"
DEFAULT_MEETING_DATE = date(2018, 3, 20)
OPTIONS_TITLE = "Key performance indicators from Q1 2018-19: options and rationales"
RECORD_TITLE = "Key performance indicators from Q1 2018-19: record of decision {id}"

HEADINGS = (
    "1. REASON FOR REPORT",
    "2. RECOMMENDATION(S)",
    "3. COMMENTARY",
    "4. IMPACT ON VULNERABLE ADULTS AND CHILDREN",
    "5. POLICY IMPLICATIONS",
    "6. FINANCIAL IMPLICATIONS",
    "7. PERSONNEL IMPLICATIONS",
    "8. LEGAL IMPLICATIONS",
)
"""The numbered sections of the options paper, in order (Bromley's report template)."""

RECORD_HEADINGS = ("1. REASON FOR REPORT", "2. DECISION", "3. COMMENTARY", "4. VERIFICATION")
"""The numbered sections of a decision record."""


@dataclass(frozen=True)
class ReportDetails:
    """The front sheet of the report: who decides, when, and who to ask.

    Placeholders in square brackets are for officers to fill in before the report is
    published (the report number comes from Democratic Services). ``meeting_date``
    None means the default: 20 March 2018 for the options paper, the meeting date in
    the record for a decision.
    """

    report_no: str = "[to be allocated]"
    meeting_date: date | None = None
    decision_maker: str = DECISION_MAKER
    decision_type: str = "Non-Urgent; Non-Executive; Non-Key"
    contact_officer: str = "[Name, job title; telephone; e-mail: to be filled in]"
    chief_officer: str = "[Director: to be filled in]"
    ward: str = "All Wards"
    title: str | None = None


def check_report_date(value: date | str) -> date:
    """A meeting date from ``YYYY-MM-DD`` text (or a date), or InputError saying so."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"date '{value}': expected a date as YYYY-MM-DD, e.g. 2018-03-20") from None
