"""The options paper: a draft committee report, as Word (DOCX) bytes.

In January 2018 the Sub-Committee asked officers to bring "options and rationales for
key performance indicators" to its March meeting. Officers write committee reports in
Word, so this package writes that draft in the shape of a London Borough of Bromley
report (report number, decision maker, date, decision type, contact officer, ward;
1. Reason for report; 2. Recommendation(s); 3. Commentary; the impact, policy,
financial, personnel and legal sections; background documents; appendices). It never
invents a figure: every number comes from the tool's own functions, so the paper can
be checked against them and made again from the same inputs.

* :func:`options_paper` writes the options paper from a long list and a weighting:
  the options of :func:`pmf_select.selection.options.build_options` (or those given), each as a
  table with a one-line reason per indicator, a coverage chart and a robustness chart
  (SMAA-2 acceptability, :func:`pmf_select.ranking.robustness.acceptability`), what each option
  gives up against the others (:func:`option_trade_offs`), a data development agenda
  (:func:`data_development_agenda`) and the full scored long list
  (:func:`pmf_select.ranking.scoring.score`) as an appendix.
* :func:`decision_paper` writes the record of a locked decision from the decision and
  its long list as the store keeps them (:func:`pmf_select.record.export.recompute`): the
  agreed set, how it was decided and the hashes that seal it.

Charts are Altair specifications (:mod:`pmf_select.reports.charts`) rendered to PNG offline by
vl-convert; the document is written with python-docx. The output is deterministic: the
ZIP entries carry a fixed time and the document properties the meeting date, so the
same inputs always give the same bytes.

The background paragraphs state only facts the project's domain reference marks as
checked against a source and not dated after January 2018.

Each part lives in a module named for its job: :mod:`.template` (the front sheet and
headings), :mod:`.analysis` (letters, the recommendation rule, trade-offs, coverage),
:mod:`.agenda` (the data development agenda), :mod:`.formatting` (how numbers print),
:mod:`.docx_writer` (the Word document and :func:`deterministic_zip`), :mod:`.sections`
(the sections both reports share), :mod:`.options_report` (:func:`options_paper`) and
:mod:`.decision_record` (:func:`decision_paper`). Import from ``pmf_select.reports``.
"""

from pmf_select.reports.agenda import (
    AGENDA_COLUMNS,
    DATA_AT_MOST,
    MATTERS_AT_LEAST,
    data_development_agenda,
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
from pmf_select.reports.options_report import OPTION_TABLE_HEADER, SUMMARY_TABLE_HEADER, TRADE_OFF_HEADER, options_paper
from pmf_select.reports.sections import AGENDA_HEADER, APPENDIX_BASE_HEADER, CRITERIA_HEADER
from pmf_select.reports.template import (
    DECISION_MAKER,
    DEFAULT_MEETING_DATE,
    HEADINGS,
    OPTIONS_TITLE,
    RECORD_HEADINGS,
    RECORD_TITLE,
    ReportDetails,
    check_report_date,
)

__all__ = [
    "AGENDA_COLUMNS",
    "AGENDA_HEADER",
    "APPENDIX_BASE_HEADER",
    "CHART_SCALE",
    "CM_PER_CHART_PIXEL",
    "CONTENDERS_SHOWN",
    "CRITERIA_HEADER",
    "DATA_AT_MOST",
    "DECISION_MAKER",
    "DEFAULT_MEETING_DATE",
    "HEADINGS",
    "LANDSCAPE_TEXT_WIDTH_CM",
    "MATTERS_AT_LEAST",
    "OPTIONS_TITLE",
    "OPTION_TABLE_HEADER",
    "PORTRAIT_TEXT_WIDTH_CM",
    "RECORD_HEADINGS",
    "RECORD_TABLE_HEADER",
    "RECORD_TITLE",
    "ReportDetails",
    "SET_SIZE_RANGE",
    "SUMMARY_TABLE_HEADER",
    "TRADE_OFF_COLUMNS",
    "TRADE_OFF_HEADER",
    "chart_png",
    "check_report_date",
    "data_development_agenda",
    "decision_paper",
    "decision_paper_from_store",
    "deterministic_zip",
    "development_fix",
    "fmt_date",
    "fmt_percent",
    "fmt_score",
    "fmt_signed",
    "fmt_total",
    "membership_all",
    "option_letter",
    "option_trade_offs",
    "options_paper",
    "recommended_option",
    "record_table_header",
    "resolve_recommendation",
    "robustness_rows",
    "set_coverage",
    "set_coverage_chart",
    "set_robustness_chart",
]
