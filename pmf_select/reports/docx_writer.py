"""Writing the report as Word: the house style, numbered paragraphs, tables, figures
and a deterministic DOCX.

:class:`_Report` wraps a python-docx document in the style of a Bromley committee
report (Arial, numbered paragraphs 3.1, 3.2 ..., grid tables with a shaded header row
repeated on each page, captioned figures, landscape appendices). Charts are printed at
a size that puts their text at about the size of table text. :func:`deterministic_zip`
fixes every ZIP entry's time, and the document properties carry the meeting date, so
the same inputs always give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from pmf_select import __version__
from pmf_select.reports.formatting import fmt_date
from pmf_select.reports.template import DEFAULT_MEETING_DATE, ReportDetails, check_report_date

PORTRAIT_TEXT_WIDTH_CM = 17.0
LANDSCAPE_TEXT_WIDTH_CM = 25.7
CHART_SCALE = 2.0
"""Charts are rendered at twice their nominal pixel size (print quality) ..."""
CM_PER_CHART_PIXEL = 0.0235
"""... and printed at this size per nominal pixel, so 13-pixel chart text is about 8.5 pt."""

_FONT = "Arial"
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


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
