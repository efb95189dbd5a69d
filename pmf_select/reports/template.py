"""The report's details: front sheet, summary box and meeting dates, from a file the
officer edits (``candidates/report.toml``) or the app's form.

A committee report carries a report number, the decision maker, the meeting and its
date, the decision type, the contact officer (name, job title, telephone, e-mail), the
chief officer, the ward and the council priority it serves. :class:`ReportDetails`
holds them; :func:`load_details` reads them from TOML with a clear error for a bad
value; :func:`missing_details` names the empty ones, so the CLI and the app can warn
before export. Nothing is ever printed as a bracketed placeholder: an empty field
prints as empty (or the sentence that needs it is left out).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from pathlib import Path

from pmf_select.errors import InputError

DECISION_MAKER = "Education, Children and Families Budget and Performance Sub-Committee"
DEFAULT_MEETING_DATE = date(2018, 3, 20)
OPTIONS_TITLE = "Key performance indicators from quarter one 2018-19: options and rationales"
RECORD_TITLE = "Key performance indicators from quarter one 2018-19: record of decision {id}"
DEFAULT_DETAILS_FILE = Path(__file__).resolve().parents[2] / "candidates" / "report.toml"

HEADINGS = (
    "1. REASON FOR REPORT",
    "2. RECOMMENDATION(S)",
    "3. COMMENTARY",
    "4. IMPACT ON VULNERABLE ADULTS AND CHILDREN",
    "5. POLICY IMPLICATIONS",
    "6. FINANCIAL IMPLICATIONS",
    "7. LEGAL IMPLICATIONS",
    "8. PERSONNEL IMPLICATIONS",
    "9. PROCUREMENT IMPLICATIONS",
)
"""The numbered sections of the options paper, in the council's order."""

RECORD_HEADINGS = ("1. REASON FOR REPORT", "2. DECISION", "3. COMMENTARY", "4. VERIFICATION")
"""The numbered sections of a decision record."""

FIELD_LABELS = {
    "report_no": "report number",
    "meeting": "meeting",
    "decision_maker": "decision maker",
    "date": "meeting date",
    "decision_type": "decision type",
    "contact_name": "contact officer's name",
    "contact_title": "contact officer's job title",
    "contact_telephone": "contact officer's telephone",
    "contact_email": "contact officer's e-mail",
    "chief_officer": "chief officer",
    "ward": "ward",
    "bbb_priority": "BBB priority",
    "meetings_2018_19": "the Sub-Committee's meeting dates for 2018-19 (for the reporting calendar)",
}
"""Each field as a warning names it."""


@dataclass(frozen=True)
class ReportDetails:
    """What goes on the front sheet and in the summary box (see the module docstring).

    Defaults are the January 2018 report's own values; ``report_no``, the contact
    officer's telephone and e-mail and the 2018-19 meeting dates have none (they are
    named by :func:`missing_details`). ``date`` None means 20 March 2018 for the
    options paper and the recorded meeting date for a decision record.
    """

    report_no: str = ""
    meeting: str = DECISION_MAKER
    decision_maker: str = DECISION_MAKER
    date: date | None = None
    decision_type: str = "Non-Urgent; Non-Executive; Non-Key"
    contact_name: str = "Naheed Chaudhry"
    contact_title: str = "Assistant Director Strategy, Performance and Business Support"
    contact_telephone: str = ""
    contact_email: str = ""
    chief_officer: str = "Ade Adetosoye"
    ward: str = "All"
    bbb_priority: str = "Children and Young People"
    meetings_2018_19: tuple[date, ...] = field(default_factory=tuple)
    title: str | None = None

    @property
    def contact_line(self) -> str:
        """ "Name, Title. Tel: ... E-mail: ...", leaving out what is empty."""
        who = ", ".join(p for p in (self.contact_name, self.contact_title) if p)
        parts = [who] if who else []
        if self.contact_telephone:
            parts.append(f"Tel: {self.contact_telephone}")
        if self.contact_email:
            parts.append(f"E-mail: {self.contact_email}")
        return "   ".join(parts)


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


def details_from_mapping(values: dict, source: str = "report details") -> ReportDetails:
    """:class:`ReportDetails` from a mapping (a TOML table, the app's form); unknown keys refused."""
    known = {f.name for f in fields(ReportDetails)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise InputError(
            f"{source}: unknown field(s) {', '.join(unknown)}; expected some of {', '.join(sorted(known))}"
        )
    clean: dict = {}
    for key, value in values.items():
        if key == "date":
            clean[key] = check_report_date(value) if str(value).strip() else None
        elif key == "meetings_2018_19":
            if not isinstance(value, (list, tuple)):
                raise InputError(f'{source}: meetings_2018_19 must be a list of dates, e.g. ["2018-06-26"]')
            try:
                clean[key] = tuple(sorted(check_report_date(v) for v in value))
            except InputError as exc:
                raise InputError(f"{source}: meetings_2018_19: {exc}") from None
        elif key == "title":
            clean[key] = str(value).strip() or None
        else:
            if not isinstance(value, (str, int)):
                raise InputError(f"{source}: {key} must be text, not {type(value).__name__}")
            clean[key] = str(value).strip()
    return ReportDetails(**clean)


def load_details(path: str | Path | None = None) -> ReportDetails:
    """The details in a TOML file (default ``candidates/report.toml``), or InputError naming the file."""
    path = Path(path) if path is not None else DEFAULT_DETAILS_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{path}: no such file (expected report details as TOML, like candidates/report.toml)"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    return details_from_mapping(data, str(path))


def missing_details(details: ReportDetails, *, calendar: bool = True) -> list[str]:
    """A warning for each empty field, in front-sheet order (empty list: nothing missing)."""
    out = []
    for f in fields(ReportDetails):
        if f.name in ("title", "date") or (f.name == "meetings_2018_19" and not calendar):
            continue
        if not getattr(details, f.name):
            out.append(f"{FIELD_LABELS[f.name]} {'are not given' if f.name == 'meetings_2018_19' else 'is empty'}")
    return out


def with_date(details: ReportDetails, value: date | None) -> ReportDetails:
    return replace(details, date=value)
