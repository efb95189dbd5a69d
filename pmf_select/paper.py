"""The options paper: a draft committee report, as Word (DOCX) bytes.

In January 2018 the Sub-Committee asked officers to bring "options and rationales for
key performance indicators" to its March meeting. Officers write committee reports in
Word, so this module writes that draft in the shape of a London Borough of Bromley
report (report number, decision maker, date, decision type, contact officer, ward;
1. Reason for report; 2. Recommendation(s); 3. Commentary; the impact, policy,
financial, personnel and legal sections; background documents; appendices). It never
invents a figure: every number comes from the tool's own functions, so the paper can
be checked against them and made again from the same inputs.

* :func:`options_paper` writes the options paper from a long list and a weighting:
  the options of :func:`pmf_select.options.build_options` (or those given), each as a
  table with a one-line reason per indicator, a coverage chart and a robustness chart
  (SMAA-2 acceptability, :func:`pmf_select.robustness.acceptability`), what each option
  gives up against the others (:func:`option_trade_offs`), a data development agenda
  (:func:`data_development_agenda`) and the full scored long list
  (:func:`pmf_select.scoring.score`) as an appendix.
* :func:`decision_paper` writes the record of a locked decision from the decision and
  its long list as the store keeps them (:func:`pmf_select.export.recompute`): the
  agreed set, how it was decided and the hashes that seal it.

Charts are Altair specifications (:mod:`pmf_select.charts`) rendered to PNG offline by
vl-convert; the document is written with python-docx. The output is deterministic: the
ZIP entries carry a fixed time and the document properties the meeting date, so the
same inputs always give the same bytes.

The background paragraphs state only facts the project's domain reference marks as
checked against a source and not dated after January 2018.
"""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from pmf_select import __version__
from pmf_select.charts import chart_png, set_coverage_chart, set_robustness_chart
from pmf_select.derive import STATUTORY_SOURCES
from pmf_select.errors import InputError
from pmf_select.export import DecisionExport, load_export
from pmf_select.model import LongList
from pmf_select.options import build_options, common_indicators, indicator_reason, options_summary
from pmf_select.robustness import Acceptability, acceptability
from pmf_select.sampling import SAMPLING_LABELS
from pmf_select.scoring import METHOD_LABELS, METHOD_SCORES, score
from pmf_select.selection import SetConstraints
from pmf_select.weights import group_weights, normalise_weights

DECISION_MAKER = "Education, Children and Families Budget and Performance Sub-Committee"
DEFAULT_MEETING_DATE = date(2018, 3, 20)
OPTIONS_TITLE = "Key performance indicators from Q1 2018-19: options and rationales"
RECORD_TITLE = "Key performance indicators from Q1 2018-19: record of decision {id}"
SET_SIZE_RANGE = (10, 15)
"""The size of set the Sub-Committee asked for; the recommended option is one of these sizes when it can be."""

MATTERS_AT_LEAST = 4
"""Data development agenda: 'matters' (rationale strength) at or above this, on 0-5 ..."""
DATA_AT_MOST = 2
"""... and data availability at or below this (on 0-5), or no published comparator."""

PORTRAIT_TEXT_WIDTH_CM = 17.0
LANDSCAPE_TEXT_WIDTH_CM = 25.7
CHART_SCALE = 2.0
"""Charts are rendered at twice their nominal pixel size (print quality) ..."""
CM_PER_CHART_PIXEL = 0.0235
"""... and printed at this size per nominal pixel, so 13-pixel chart text is about 8.5 pt."""

CONTENDERS_SHOWN = 5
"""Robustness charts show the set's indicators and this many of the strongest left out."""

OPTION_TABLE_HEADER = ("#", "Indicator", "Service area", "Definition", "Why it is in", "Score", "Rank")
RECORD_TABLE_HEADER = ("#", "Indicator", "Service area", "Definition", "Why it is in", "Score", "Rank", "In top {k}")


def record_table_header(top_k: int | None) -> tuple[str, ...]:
    """The agreed-set table's header in a decision record ("In top 12": the share of weightings)."""
    return (*RECORD_TABLE_HEADER[:-1], RECORD_TABLE_HEADER[-1].format(k=top_k if top_k is not None else "k"))


SUMMARY_TABLE_HEADER = (
    "Option",
    "Indicators",
    "Total score",
    "Average score",
    "Service areas covered",
    "Outcome measures",
    "Robustness (in / contested / out)",
)
TRADE_OFF_HEADER = ("Against", "Gives up (in the other option only)", "Service areas lost", "Total score", "Average")
AGENDA_HEADER = ("Indicator", "Service area", "Matters", "Data", "What is missing", "What would fix it", "Lead", "In")
CRITERIA_HEADER = ("Criterion", "The question it asks", "Scale", "Direction", "Weight")
APPENDIX_BASE_HEADER = ("Rank", "ID", "Indicator", "Service area", "Score")

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

_FONT = "Arial"
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_STATUTORY_PREFIXES = ("SSDA903",)


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


# ---------------------------------------------------------------- analysis the paper reports


def option_letter(position: int) -> str:
    """Options are named A, B, C ... in the order given (0 -> "A")."""
    if not 0 <= position < 26:
        raise InputError(f"an options paper can name at most 26 options, not {position + 1}")
    return chr(ord("A") + position)


def _areas_covered(option) -> list[str]:
    coverage = option.coverage_by_area
    return coverage.loc[coverage["chosen"] > 0, "service_area"].tolist()


def recommended_option(options: Sequence, size_range: tuple[int, int] = SET_SIZE_RANGE) -> int:
    """The position of the option officers recommend, by a stated rule.

    Among the options whose size is in ``size_range`` (the 10-15 the Sub-Committee
    asked for; all options when none is), the one that covers the most service areas
    (FABRIC's "balanced": the set covers all the significant areas of work), then the
    higher total score, then the earlier option.
    """
    if not options:
        raise InputError("no options to recommend from")
    low, high = size_range
    pool = [i for i, o in enumerate(options) if low <= o.size <= high] or list(range(len(options)))
    return min(pool, key=lambda i: (-len(_areas_covered(options[i])), -round(options[i].total, 9), i))


def resolve_recommendation(options: Sequence, choice: str | None) -> int:
    """``choice`` as an option position: a letter (A, B ...) or an option key (balanced ...)."""
    if choice is None or not str(choice).strip():
        return recommended_option(options)
    text = str(choice).strip()
    letters = [option_letter(i) for i in range(len(options))]
    if text.upper() in letters:
        return letters.index(text.upper())
    keys = [o.key for o in options]
    if text.lower() in keys:
        return keys.index(text.lower())
    allowed = ", ".join(f"{letter} ({key})" for letter, key in zip(letters, keys, strict=True))
    raise InputError(f"cannot recommend '{text}': expected one of the options {allowed}")


TRADE_OFF_COLUMNS = ("option", "against", "gives_up", "gains", "areas_lost", "total_difference", "mean_difference")


def option_trade_offs(options: Sequence) -> pd.DataFrame:
    """What each option gives up against each other option.

    One row per ordered pair (``option``, ``against``), both option keys: ``gives_up``
    (ids in ``against`` but not in ``option``, in ``against``'s order), ``gains`` (ids
    in ``option`` but not in ``against``), ``areas_lost`` (service areas ``against``
    covers and ``option`` does not), ``total_difference`` and ``mean_difference``
    (``option`` minus ``against``, in weighted-sum score).
    """
    rows = []
    for option in options:
        mine = set(option.ids)
        covered = set(_areas_covered(option))
        for other in options:
            if other is option:
                continue
            theirs = set(other.ids)
            rows.append(
                {
                    "option": option.key,
                    "against": other.key,
                    "gives_up": [i for i in other.ids if i not in mine],
                    "gains": [i for i in option.ids if i not in theirs],
                    "areas_lost": [a for a in _areas_covered(other) if a not in covered],
                    "total_difference": float(option.total - other.total),
                    "mean_difference": float(option.total / option.size - other.total / other.size),
                }
            )
    return pd.DataFrame(rows, columns=list(TRADE_OFF_COLUMNS))


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


def set_coverage(longlist: LongList, ids: Sequence[str]) -> pd.DataFrame:
    """``service_area, chosen, candidates`` for every area of the list (its order)."""
    frame = longlist.frame
    chosen = frame[frame["id"].isin(set(ids))]["service_area"].value_counts()
    candidates = frame["service_area"].value_counts()
    areas = longlist.service_areas
    return pd.DataFrame(
        {
            "service_area": areas,
            "chosen": [int(chosen.get(a, 0)) for a in areas],
            "candidates": [int(candidates.get(a, 0)) for a in areas],
        }
    )


def robustness_rows(result: Acceptability, ids: Sequence[str], contenders: int = CONTENDERS_SHOWN) -> pd.DataFrame:
    """The set's rows of an acceptability result's table (in ``ids`` order), then the strongest left out.

    Columns ``id, name, p_top_k, p_top_k_low, p_top_k_high, class, in_set``; the left-out
    rows are the ``contenders`` with the highest ``p_top_k`` (the table's own order).
    """
    table = result.table
    by_id = table.set_index("id", drop=False)
    inside = by_id.loc[list(ids)].copy()
    inside["in_set"] = True
    outside = table[~table["id"].isin(set(ids))].head(contenders).copy()
    outside["in_set"] = False
    columns = ["id", "name", "p_top_k", "p_top_k_low", "p_top_k_high", "class", "in_set"]
    return pd.concat([inside[columns], outside[columns]], ignore_index=True)


# ---------------------------------------------------------------- formatting numbers


def fmt_score(value: float) -> str:
    """An indicator's score (0-1) as the paper prints it: three decimals."""
    return f"{float(value):.3f}"


def fmt_total(value: float) -> str:
    """A set's total score as the paper prints it: two decimals."""
    return f"{float(value):.2f}"


def fmt_signed(value: float, decimals: int) -> str:
    """A difference with its sign: "+0.12", "-1.05"."""
    return f"{float(value):+.{decimals}f}"


def fmt_percent(value: float) -> str:
    """A weight or share as a percentage: whole when it is whole, else one decimal."""
    percent = float(value) * 100
    return f"{percent:.0f}%" if abs(percent - round(percent)) < 0.05 else f"{percent:.1f}%"


def fmt_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _score_number(value: float) -> str:
    return f"{float(value):g}"


# ---------------------------------------------------------------- the Word document


class _Report:
    """A python-docx document with the report's house style and numbered paragraphs."""

    def __init__(self, details: ReportDetails, title: str):
        self.details = details
        self.meeting_date = check_report_date(details.meeting_date or DEFAULT_MEETING_DATE)
        self.title = title
        self.doc = Document()
        self.section_number = 0
        self.paragraph_number = 0
        self.tables = 0
        self.figures = 0
        self._table_styles: dict[str, str] = {}
        self._style()

    # -- style
    def _style(self) -> None:
        doc = self.doc
        for section in doc.sections:
            section.page_height, section.page_width = Cm(29.7), Cm(21.0)
            section.left_margin = section.right_margin = Cm(2.0)
            section.top_margin = section.bottom_margin = Cm(2.0)
        normal = doc.styles["Normal"]
        normal.font.name = _FONT
        normal.font.size = Pt(11)
        self._plain_font(normal)
        normal.paragraph_format.space_after = Pt(6)
        for name, size in (("Heading 1", 12), ("Heading 2", 11.5), ("Heading 3", 11), ("Title", 14), ("Caption", 9)):
            style = doc.styles[name]
            style.font.name = _FONT
            style.font.size = Pt(size)
            style.font.bold = name != "Caption"
            style.font.italic = name == "Caption"
            style.font.color.rgb = RGBColor(0, 0, 0)
            self._plain_font(style)
            style.paragraph_format.space_before = Pt(12 if name.startswith("Heading") else 0)
            style.paragraph_format.space_after = Pt(6)
            style.paragraph_format.keep_with_next = name != "Caption"
        title = doc.styles["Title"]
        title.paragraph_format.space_after = Pt(10)
        # the default Title style draws a coloured rule under it; a committee report has none
        ppr = title.element.pPr
        if ppr is not None:
            for border in ppr.findall(qn("w:pBdr")):
                ppr.remove(border)
        props = doc.core_properties
        moment = datetime(self.meeting_date.year, self.meeting_date.month, self.meeting_date.day)
        props.title = self.title
        props.subject = self.details.decision_maker
        props.author = "London Borough of Bromley"
        props.last_modified_by = f"pmf-select {__version__}"
        props.comments = "Draft produced by pmf-select; every figure comes from the tool and can be made again."
        props.keywords = "KPI; options; Q1 2018-19"
        props.created = props.modified = moment
        props.last_printed = moment
        props.revision = 1
        self._footer(doc.sections[0])

    @staticmethod
    def _plain_font(style) -> None:
        """Drop theme fonts so the named font (Arial) is used everywhere."""
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), _FONT)

    def _footer(self, section) -> None:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(f"Report No. {self.details.report_no}    Page ")
        run.font.size = Pt(9)
        self._field(paragraph, "PAGE")

    @staticmethod
    def _field(paragraph, instruction: str) -> None:
        run = paragraph.add_run()
        run.font.size = Pt(9)
        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = instruction
        separate = OxmlElement("w:fldChar")
        separate.set(qn("w:fldCharType"), "separate")
        value = OxmlElement("w:t")
        value.text = "1"
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        for element in (begin, text, separate, value, end):
            run._r.append(element)

    # -- text
    def front_sheet(self, extra: Sequence[tuple[str, str]] = ()) -> None:
        d = self.details
        top = self.doc.add_paragraph()
        top.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = top.add_run(f"Report No. {d.report_no}")
        run.bold = True
        for text, size in (("London Borough of Bromley", 14), ("PART ONE - PUBLIC", 11)):
            paragraph = self.doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.bold = True
            run.font.size = Pt(size)
        rows = [
            ("Decision Maker:", d.decision_maker.upper()),
            ("Date:", fmt_date(self.meeting_date)),
            ("Decision Type:", d.decision_type),
            ("Title:", self.title.upper()),
            ("Contact Officer:", d.contact_officer),
            ("Chief Officer:", d.chief_officer),
            ("Ward:", d.ward),
            *extra,
        ]
        table = self.doc.add_table(rows=len(rows), cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = [Cm(4.0), Cm(13.0)]
        for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            grid_col.w = width
        label_style, value_style = self._table_style(10, True), self._table_style(10, False)
        for tr, (label, value) in zip(table._tbl.tr_lst, rows, strict=True):
            first, second = tr.tc_lst
            first.width, second.width = widths
            self._fill(first, label, label_style)
            self._fill(second, value, label_style if label in ("Decision Maker:", "Title:") else value_style)
        self.doc.add_paragraph()

    def heading(self, text: str, level: int = 1) -> None:
        if level == 1:
            self.section_number = int(text.split(".", 1)[0]) if text[:1].isdigit() else self.section_number + 1
            self.paragraph_number = 0
        self.doc.add_heading(text, level=level)

    def numbered(self, text: str, bold_lead: str | None = None):
        """A paragraph numbered within its section (3.1, 3.2 ...), Bromley style."""
        self.paragraph_number += 1
        paragraph = self.doc.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.left_indent = Cm(1.25)
        fmt.first_line_indent = Cm(-1.25)
        fmt.tab_stops.add_tab_stop(Cm(1.25))
        paragraph.add_run(f"{self.section_number}.{self.paragraph_number}\t")
        if bold_lead:
            paragraph.add_run(bold_lead).bold = True
        paragraph.add_run(text)
        return paragraph

    def para(self, text: str = "", *, bold: bool = False, italic: bool = False, indent: bool = True):
        paragraph = self.doc.add_paragraph()
        if indent:
            paragraph.paragraph_format.left_indent = Cm(1.25)
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = italic
        return paragraph

    def item(self, label: str, text: str):
        """A list item under a numbered paragraph: ``label`` (e.g. "1.") hanging, then the text."""
        paragraph = self.doc.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.left_indent = Cm(2.25)
        fmt.first_line_indent = Cm(-1.0)
        fmt.space_after = Pt(2)
        fmt.tab_stops.add_tab_stop(Cm(2.25))
        paragraph.add_run(f"{label}\t{text}")
        return paragraph

    def caption(self, text: str) -> None:
        paragraph = self.doc.add_paragraph(text, style="Caption")
        paragraph.paragraph_format.keep_with_next = True

    # -- tables and figures
    def _table_style(self, size: float, bold: bool) -> str:
        """The id of a paragraph style for table text at ``size`` points (made once)."""
        name = f"Table {'Head' if bold else 'Text'} {size:g}"
        if name not in self._table_styles:
            style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = self.doc.styles["Normal"]
            style.font.size = Pt(size)
            style.font.bold = bold
            style.paragraph_format.space_after = Pt(0)
            style.paragraph_format.space_before = Pt(0)
            self._table_styles[name] = style.style_id
        return self._table_styles[name]

    @staticmethod
    def _fill(tc, text: str, style_id: str, right: bool = False) -> None:
        """Write ``text`` into a table cell ("\n" becomes a line break) in a paragraph style."""
        p = tc.p_lst[0]
        p.style = style_id
        if right:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_r().text = str(text)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths_cm: Sequence[float],
        *,
        caption: str | None = None,
        numeric: Sequence[int] = (),
        size: float = 8.5,
    ):
        """A grid table with a shaded header row repeated on every page; rows never split."""
        if caption:
            self.tables += 1
            self.caption(f"Table {self.tables}: {caption}")
        columns = len(header)
        for values in rows:
            if len(values) != columns:
                raise ValueError(f"table row has {len(values)} cells, expected {columns}")
        table = self.doc.add_table(rows=len(rows) + 1, cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = [Cm(w) for w in widths_cm]
        for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
            grid_col.w = width
        head_style, text_style = self._table_style(size, True), self._table_style(size, False)
        right = set(numeric)
        for i, tr in enumerate(table._tbl.tr_lst):
            properties = tr.get_or_add_trPr()
            properties.append(OxmlElement("w:cantSplit"))
            if i == 0:
                repeat = OxmlElement("w:tblHeader")
                repeat.set(qn("w:val"), "true")
                properties.append(repeat)
            values = header if i == 0 else rows[i - 1]
            for j, (tc, value) in enumerate(zip(tr.tc_lst, values, strict=True)):
                tc.width = widths[j]
                if i == 0:
                    shading = OxmlElement("w:shd")
                    shading.set(qn("w:val"), "clear")
                    shading.set(qn("w:color"), "auto")
                    shading.set(qn("w:fill"), "D9D9D9")
                    tc.get_or_add_tcPr().append(shading)
                    self._fill(tc, value, head_style)
                else:
                    self._fill(tc, value, text_style, right=j in right)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)
        return table

    def figure(self, png: bytes, caption: str, scale: float = CHART_SCALE) -> None:
        """A chart with its caption, sized so its text prints at about the size of table text."""
        self.figures += 1
        self.caption(f"Figure {self.figures}: {caption}")
        pixels = int.from_bytes(png[16:20], "big") / scale  # PNG IHDR width, in chart pixels
        width = min(PORTRAIT_TEXT_WIDTH_CM, pixels * CM_PER_CHART_PIXEL)
        self.doc.add_picture(io.BytesIO(png), width=Cm(width))
        self.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER

    def landscape_section(self) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)

    def portrait_section(self) -> None:
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)

    def page_break(self) -> None:
        self.doc.add_page_break()

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return deterministic_zip(buffer.getvalue())


def deterministic_zip(data: bytes) -> bytes:
    """The same ZIP (DOCX) with every entry's time fixed, so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------- shared report sections


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


# ---------------------------------------------------------------- the options paper


def options_paper(
    longlist: LongList,
    audience: str = "scrutiny",
    weights: Mapping[str, float] | None = None,
    *,
    options: Sequence | None = None,
    recommend: str | None = None,
    details: ReportDetails | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    min_data_availability: float | None = None,
    exclusive_overlaps: bool = True,
    sampling: str = "simplex",
    samples: int = 10_000,
    seed: int = 0,
    spread: float = 0.1,
    order: Sequence[Sequence[str]] | None = None,
    members: Mapping[str, Mapping[str, float]] | None = None,
    thresholds: tuple[float, float] = (0.9, 0.1),
    charts: bool = True,
) -> bytes:
    """The options paper for the March meeting, as DOCX bytes (see the module docstring).

    ``options`` defaults to :func:`pmf_select.options.build_options` with these
    arguments (pass the options already built, with the same arguments, to avoid
    building them twice). ``recommend`` names the recommended option by letter or key
    (default: :func:`recommended_option`). The robustness settings are those of
    :func:`pmf_select.robustness.acceptability`; the paper recomputes acceptability
    once per option size with them, so its charts show the same shares as the options'
    reasons. ``charts=False`` leaves the charts out (faster; for previews).
    """
    criteria = longlist.criteria
    criteria.audience(audience)
    normalised = normalise_weights(criteria, weights)
    details = details or ReportDetails()
    settings = {
        "sampling": sampling,
        "samples": samples,
        "seed": seed,
        "spread": spread,
        "order": order,
        "members": members,
        "thresholds": thresholds,
    }
    if options is None:
        options = build_options(
            longlist,
            audience,
            normalised,
            include=include,
            exclude=exclude,
            min_data_availability=min_data_availability,
            exclusive_overlaps=exclusive_overlaps,
            **settings,
        )
    options = list(options)
    if not options:
        raise InputError("an options paper needs at least one option")
    chosen = resolve_recommendation(options, recommend)
    ranking = score(longlist, audience, normalised, "wsm")
    by_size = {}
    for option in options:
        if option.size not in by_size:
            by_size[option.size] = acceptability(longlist, audience, normalised, top_k=option.size, **settings)
    letters = [option_letter(i) for i in range(len(options))]
    title = details.title or OPTIONS_TITLE
    report = _Report(details, title)
    report.front_sheet()

    # 1. reason
    report.heading(HEADINGS[0])
    sizes = sorted({o.size for o in options})
    size_text = f"{sizes[0]}" if len(sizes) == 1 else f"{sizes[0]} to {sizes[-1]}"
    report.numbered(
        "In January 2018 the Sub-Committee asked officers to bring options and rationales for key performance "
        "indicators (KPIs) to this meeting. This report offers "
        f"{len(options)} options, of {size_text} indicators each, for the set the Sub-Committee will watch each "
        "quarter from Q1 2018-19, and sets out what each option includes, why, and what it gives up."
    )
    report.numbered(
        f"Each option is drawn from a long list of {len(longlist)} candidate indicators in "
        f"{len(longlist.service_areas)} service areas, scored against {len(criteria.criteria)} criteria. Every "
        "figure in this report was produced by the pmf-select decision-support tool from that long list "
        f"(SHA-256 {longlist.content_hash[:16]}\u2026) and can be produced again from it (Appendix 2)."
    )

    # 2. recommendations
    report.heading(HEADINGS[1])
    others = [letters[i] for i in range(len(options)) if i != chosen]
    pick = options[chosen]
    report.para("The Sub-Committee is asked to:", indent=False)
    alternatives = ""
    if others:
        alternatives = (
            f"; or to agree Option {_or_list(others)} instead, or an option amended by naming "
            "indicators to add or remove"
        )
    report.numbered(
        f"agree Option {letters[chosen]}, the {pick.title.lower()} of {pick.size} indicators set out in section 3, "
        f"as its quarterly KPI set from Q1 2018-19{alternatives};"
    )
    report.numbered("note what each option gives up against the others, and how sure each indicator is of its place;")
    report.numbered(
        "note the data development agenda in section 3, and ask officers to report progress on it with the "
        "quarterly indicators."
    )
    report.para(
        f"Officers recommend Option {letters[chosen]} because, of the options with "
        f"{SET_SIZE_RANGE[0]}-{SET_SIZE_RANGE[1]} indicators, it covers the most service areas "
        f"({len(_areas_covered(pick))} of {len(pick.coverage_by_area)})."
        if recommend is None
        else f"Officers recommend Option {letters[chosen]}.",
        italic=True,
    )

    # 3. commentary
    report.heading(HEADINGS[2])
    _background(report, longlist)
    _criteria_section(report, longlist, normalised, audience)
    weights_given = weights is not None and normalised != normalise_weights(criteria, None)
    source_text = "set by officers for this report" if weights_given else "the default weights in the criteria file"
    _weights_paragraphs(report, longlist, normalised, "wsm", audience, source_text, members)
    first_acc = by_size[options[0].size]
    _robustness_paragraph(report, first_acc, "the size of the option")

    # the options
    report.heading("The options", 2)
    report.numbered(
        "Each option is the set with the highest total score that meets its own rules (a 0-1 integer "
        "programme, so no other set meeting the same rules scores more). The options share the weights above"
        + (
            " and these rules: " + "; ".join(_shared_rules(include, exclude, min_data_availability, exclusive_overlaps))
            if _shared_rules(include, exclude, min_data_availability, exclusive_overlaps)
            else ""
        )
        + "."
    )
    summary = options_summary(options)
    rows = []
    for letter, option, s in zip(letters, options, summary.itertuples(index=False), strict=True):
        rows.append(
            [
                f"{letter}: {option.title}",
                str(option.size),
                fmt_total(option.total),
                fmt_score(option.total / option.size),
                s.service_areas,
                str(s.outcome_measures),
                f"{s.in_almost_any} / {s.contested} / {s.out_almost_any}",
            ]
        )
    report.table(
        SUMMARY_TABLE_HEADER,
        rows,
        [3.8, 1.9, 1.8, 1.8, 2.3, 2.0, 3.4],
        caption="The options at a glance",
        numeric=(1, 2, 3, 5),
        size=9,
    )
    shared = common_indicators(options)
    names = longlist.frame.set_index("id")["name"]
    if shared and len(options) > 1:
        report.numbered(
            f"{len(shared)} indicators are in every option: "
            + "; ".join(f"{names[i]} ({i})" for i in shared)
            + ". The options differ in what they add to that core."
        )
    for i, option in enumerate(options):
        _option_section(report, longlist, letters[i], option, by_size[option.size], charts, recommended=i == chosen)

    # what each option gives up
    if len(options) > 1:
        report.heading("What each option gives up against the others", 2)
        report.numbered(
            "For each option, the table lists against each other option the indicators it leaves out that the "
            "other includes, the service areas the other covers and it does not, and the difference in total "
            "and average score (this option minus the other). A larger set scores more in total; the average "
            "shows the strength of each indicator in it."
        )
        trade = option_trade_offs(options)
        key_letter = {o.key: letters[i] for i, o in enumerate(options)}
        key_title = {o.key: o.title for o in options}
        for i, option in enumerate(options):
            rows = []
            for r in trade[trade["option"] == option.key].itertuples(index=False):
                rows.append(
                    [
                        f"{key_letter[r.against]}: {key_title[r.against]}",
                        "; ".join(f"{names[x]} ({x})" for x in r.gives_up) or "nothing",
                        "; ".join(r.areas_lost) or "none",
                        fmt_signed(r.total_difference, 2),
                        fmt_signed(r.mean_difference, 3),
                    ]
                )
            report.table(
                TRADE_OFF_HEADER,
                rows,
                [2.6, 7.4, 3.6, 1.6, 1.8],
                caption=f"What Option {letters[i]} ({option.title}) gives up",
                numeric=(3, 4),
            )

    # data development agenda
    agenda = data_development_agenda(longlist)
    membership = {
        cid: ", ".join(letters[i] for i, o in enumerate(options) if cid in set(o.ids)) for cid in agenda["id"]
    }
    _agenda_section(report, agenda, membership, "candidates")
    if not agenda.empty:
        report.numbered(
            "The last column shows the options that include each of them. An indicator in the agreed set "
            "that lacks data can still be reported, with a note of its limits, while the fix is made."
        )

    _implications(report)
    _background_documents(report, longlist, "the options")
    _long_list_table(report, longlist, ranking, marked=membership_all(options, letters), mark_label="In options")
    _appendix_reproduce(
        report,
        longlist,
        audience,
        normalised,
        settings,
        include,
        exclude,
        min_data_availability,
        exclusive_overlaps,
        weights_given,
    )
    return report.to_bytes()


def _or_list(items: Sequence[str]) -> str:
    """["A", "C", "D"] -> "A, C or D"."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def membership_all(options: Sequence, letters: Sequence[str]) -> dict[str, str]:
    """Each id in any option -> the letters of the options that include it ("A, C")."""
    out: dict[str, str] = {}
    for letter, option in zip(letters, options, strict=True):
        for cid in option.ids:
            out[cid] = f"{out[cid]}, {letter}" if cid in out else letter
    return out


def _shared_rules(include, exclude, min_data_availability, exclusive_overlaps) -> list[str]:
    rules = []
    if include:
        rules.append(f"must include {', '.join(include)}")
    if exclude:
        rules.append(f"must leave out {', '.join(exclude)}")
    if exclusive_overlaps:
        rules.append("at most one of each pair of indicators that measure nearly the same thing")
    if min_data_availability is not None:
        rules.append(f"data availability at least {min_data_availability:g}")
    return rules


def _option_section(report: _Report, longlist: LongList, letter: str, option, acc, charts: bool, recommended: bool):
    heading = f"Option {letter}: {option.title}" + (" (recommended)" if recommended else "")
    report.heading(heading, 3)
    purpose = option.purpose[:1].upper() + option.purpose[1:]
    covered = _areas_covered(option)
    report.numbered(
        f"{purpose}. Total score {fmt_total(option.total)} (average {fmt_score(option.total / option.size)} per "
        f"indicator); it covers {len(covered)} of {len(option.coverage_by_area)} service areas. Robustness: "
        f"{option.robustness_summary}."
    )
    for note in option.relaxed:
        report.numbered(f"This list could not meet every rule of this shape, so officers {note}.")
    definitions = longlist.frame.set_index("id")["definition"]
    rows = []
    for n, r in enumerate(option.indicators.itertuples(index=False), start=1):
        rows.append(
            [
                str(n),
                _indicator_cell(r.name, r.id),
                r.service_area,
                str(definitions[r.id]),
                r.reason,
                fmt_score(r.score),
                str(int(r.list_rank)),
            ]
        )
    report.table(
        OPTION_TABLE_HEADER,
        rows,
        [0.6, 3.3, 2.0, 4.3, 4.2, 1.4, 1.2],
        caption=f"Option {letter}: {option.title}",
        numeric=(0, 5, 6),
    )
    missing = option.coverage_by_area.loc[option.coverage_by_area["chosen"] == 0, "service_area"].tolist()
    audience_cov = option.coverage_by_audience
    text = "Service areas not covered: " + ("; ".join(missing) if missing else "none") + "."
    if len(audience_cov):
        text += (
            " Indicators strongly relevant (4 or more of 5) to each audience: "
            + "; ".join(f"{r.label} {r.strongly_relevant}" for r in audience_cov.itertuples(index=False))
            + "."
        )
    report.numbered(text)
    if charts:
        report.figure(
            chart_png(set_coverage_chart(option.coverage_by_area), scale=CHART_SCALE),
            f"Option {letter}, indicators by service area",
        )
        rows = robustness_rows(acc, option.ids)
        report.figure(
            chart_png(set_robustness_chart(rows, acc.top_k), scale=CHART_SCALE),
            f"Option {letter}, how sure each indicator is of a top-{acc.top_k} place; the black line is the 95% "
            f"interval; paler bars are the {len(rows) - option.size} strongest indicators left out",
        )


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


def _appendix_reproduce(
    report: _Report,
    longlist: LongList,
    audience: str,
    weights: Mapping[str, float],
    settings: Mapping,
    include,
    exclude,
    min_data_availability,
    exclusive_overlaps,
    weights_given: bool,
) -> None:
    report.portrait_section()
    report.heading("Appendix 2: how the figures were produced", 1)
    name = Path(str(longlist.source)).name
    high, low = settings["thresholds"]
    rows = [
        ("Long list", f"{name}: {len(longlist)} candidates in {len(longlist.service_areas)} service areas"),
        ("Long list SHA-256", longlist.content_hash),
        ("Criteria", str(longlist.criteria.source)),
        ("Audience", f"{longlist.criteria.audience(audience).label} ({audience})"),
        ("Method", "weighted sum (wsm)"),
        ("Weights", ", ".join(f"{k}={weights[k]:.6g}" for k in longlist.criteria.keys)),
        ("Robustness sampling", str(settings["sampling"])),
        ("Weightings drawn", f"{int(settings['samples']):,}"),
        ("Random seed", str(settings["seed"])),
        ("Thresholds (in, out)", f"{high:g}, {low:g}"),
        (
            "Shared rules",
            "; ".join(_shared_rules(include, exclude, min_data_availability, exclusive_overlaps)) or "none",
        ),
        ("Software", f"pmf-select {__version__}"),
    ]
    if settings["sampling"] == "around":
        rows.insert(7, ("Spread", f"{settings['spread']:g}"))
    command = ["python -m pmf_select paper", name, f"--audience {audience}"]
    if weights_given:
        command.append("--weights " + ",".join(f"{k}={weights[k]:.6g}" for k in longlist.criteria.keys))
    if include:
        command.append("--include " + ",".join(include))
    if exclude:
        command.append("--exclude " + ",".join(exclude))
    if not exclusive_overlaps:
        command.append("--allow-overlaps")
    if min_data_availability is not None:
        command.append(f"--min-data-availability {min_data_availability:g}")
    command.append(f"--sampling {settings['sampling']} --samples {settings['samples']} --seed {settings['seed']}")
    if settings["sampling"] == "around":
        command.append(f"--spread {settings['spread']:g}")
    if settings.get("order"):
        command.append("--order " + ",".join("=".join(g) for g in settings["order"]))
    if settings.get("members"):
        command.append("--members MEMBERS.csv")
    command.append("--out paper.docx")
    rows.append(("To make this paper again", " ".join(command)))
    report.table(("Setting", "Value"), rows, [4.0, 13.0], caption="Settings", size=9)
    report.para(
        "The same long list and settings give the same options, scores, ranks and robustness shares, and the "
        "same document.",
        indent=False,
    )


# ---------------------------------------------------------------- the record of a decision


def decision_paper(export: DecisionExport, *, details: ReportDetails | None = None, charts: bool = True) -> bytes:
    """The record of a locked decision as DOCX bytes, from :func:`pmf_select.export.recompute`.

    ``export`` is a :class:`pmf_select.export.DecisionExport`: the decision, its long
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


__all__ = [
    "AGENDA_COLUMNS",
    "DECISION_MAKER",
    "DEFAULT_MEETING_DATE",
    "HEADINGS",
    "OPTION_TABLE_HEADER",
    "RECORD_HEADINGS",
    "RECORD_TABLE_HEADER",
    "record_table_header",
    "ReportDetails",
    "TRADE_OFF_COLUMNS",
    "check_report_date",
    "data_development_agenda",
    "decision_paper",
    "decision_paper_from_store",
    "deterministic_zip",
    "development_fix",
    "fmt_percent",
    "fmt_score",
    "fmt_total",
    "membership_all",
    "option_letter",
    "option_trade_offs",
    "options_paper",
    "recommended_option",
    "resolve_recommendation",
    "robustness_rows",
    "set_coverage",
]
