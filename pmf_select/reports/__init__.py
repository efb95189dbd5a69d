"""The committee reports: the options paper and the record of a decision, as Word (DOCX) bytes.

In January 2018 the Sub-Committee asked officers to bring "options and rationales for
key performance indicators". Officers write committee reports in Word, in the London
Borough of Bromley's layout, so both reports render from a Word template that committee
services can restyle without touching Python (:func:`render_docx`, docxtpl; the shipped
templates are ``candidates/templates/*.docx``, made by :mod:`.make_templates`).

* :func:`options_paper` (:func:`options_context` for its content): the options, each
  indicator's reason in members' words, what each option gives up, the recommendation
  with its reasons, the measures for the annual reports, the 2018-19 reporting
  calendar, the data development agenda, the implications, the long list and a
  technical appendix.
* :func:`decision_paper`: the record of a locked decision, recomputed from the store.

The report's details (report number, contact officer ...) come from
``candidates/report.toml`` or the app's form (:func:`load_details`);
:func:`missing_details` names the empty ones so the doors can warn before export. The
output is deterministic (:func:`deterministic_zip`). Every number comes from the tool's
own functions; the background states only public facts dated no later than January 2018.

Modules: :mod:`.house` (rendering), :mod:`.template` (details), :mod:`.wording` (each
indicator's words), :mod:`.paper_parts` (shared text, calendar), :mod:`.agenda` (data
development actions), :mod:`.analysis` (letters, trade-offs, coverage), :mod:`.charts`,
:mod:`.formatting`, :mod:`.docx_writer` (deterministic ZIP), :mod:`.options_report`,
:mod:`.decision_record`. Import from ``pmf_select.reports``.
"""

from pmf_select.reports.agenda import (
    AGENDA_COLUMNS,
    DATA_AT_MOST,
    MATTERS_AT_LEAST,
    data_development_agenda,
    development_actions,
    development_fix,
)
from pmf_select.reports.analysis import (
    CONTENDERS_SHOWN,
    SET_SIZE_RANGE,
    TRADE_OFF_COLUMNS,
    membership_all,
    option_letter,
    option_trade_offs,
    recommended_option,
    resolve_recommendation,
    robustness_rows,
    set_coverage,
)
from pmf_select.reports.charts import (
    chart_png,
    set_coverage_chart,
    set_robustness_chart,
)
from pmf_select.reports.decision_record import (
    RECORD_TABLE_HEADER,
    decision_paper,
    decision_paper_from_store,
    record_table_header,
)
from pmf_select.reports.docx_writer import (
    CHART_SCALE,
    CM_PER_CHART_PIXEL,
    LANDSCAPE_TEXT_WIDTH_CM,
    PORTRAIT_TEXT_WIDTH_CM,
    deterministic_zip,
)
from pmf_select.reports.formatting import fmt_date, fmt_percent, fmt_score, fmt_signed, fmt_total
from pmf_select.reports.house import render_docx
from pmf_select.reports.options_report import (
    IMAGE_WIDTH_MM,
    OPTION_TABLE_HEADER,
    OPTIONS_TEMPLATE_FILE,
    SUMMARY_TABLE_HEADER,
    PaperContent,
    options_context,
    options_paper,
    recommend_with_reasons,
)
from pmf_select.reports.template import (
    DECISION_MAKER,
    DEFAULT_DETAILS_FILE,
    DEFAULT_MEETING_DATE,
    HEADINGS,
    OPTIONS_TITLE,
    RECORD_HEADINGS,
    RECORD_TITLE,
    ReportDetails,
    check_report_date,
    details_from_mapping,
    load_details,
    missing_details,
)

__all__ = [
    "AGENDA_COLUMNS",
    "CHART_SCALE",
    "CM_PER_CHART_PIXEL",
    "CONTENDERS_SHOWN",
    "DATA_AT_MOST",
    "DECISION_MAKER",
    "DEFAULT_DETAILS_FILE",
    "DEFAULT_MEETING_DATE",
    "HEADINGS",
    "IMAGE_WIDTH_MM",
    "LANDSCAPE_TEXT_WIDTH_CM",
    "MATTERS_AT_LEAST",
    "OPTIONS_TITLE",
    "OPTIONS_TEMPLATE_FILE",
    "OPTION_TABLE_HEADER",
    "PaperContent",
    "PORTRAIT_TEXT_WIDTH_CM",
    "RECORD_HEADINGS",
    "RECORD_TABLE_HEADER",
    "RECORD_TITLE",
    "ReportDetails",
    "SET_SIZE_RANGE",
    "SUMMARY_TABLE_HEADER",
    "TRADE_OFF_COLUMNS",
    "chart_png",
    "check_report_date",
    "data_development_agenda",
    "decision_paper",
    "decision_paper_from_store",
    "details_from_mapping",
    "deterministic_zip",
    "development_actions",
    "development_fix",
    "fmt_date",
    "fmt_percent",
    "fmt_score",
    "fmt_signed",
    "fmt_total",
    "load_details",
    "membership_all",
    "missing_details",
    "option_letter",
    "option_trade_offs",
    "options_context",
    "options_paper",
    "recommend_with_reasons",
    "recommended_option",
    "record_table_header",
    "render_docx",
    "resolve_recommendation",
    "robustness_rows",
    "set_coverage",
    "set_coverage_chart",
    "set_robustness_chart",
]
