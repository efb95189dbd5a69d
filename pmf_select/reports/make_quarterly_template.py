"""Build candidates/templates/quarterly_report.docx: the quarterly report's Word template.

Run from the repository root: ``python -m pmf_select.reports.make_quarterly_template``.

The template is a London Borough of Bromley committee report (front sheet with report
number, decision maker, date, decision type, title, contact officer, chief officer and
ward; numbered headings; Arial) with docxtpl tags where the tool puts the quarter's
figures. Officers may restyle it in Word (fonts, logo, wording) as long as the tags
stay; :func:`pmf_select.reports.quarterly_report.quarterly_report_docx` fills it in.

Tags used: ``watermark`` (header and footer; says when figures are illustrative),
``report_no``, ``decision_maker``, ``meeting_date``, ``decision_type``, ``title``,
``contact_officer``, ``chief_officer``, ``ward``, ``reason``, ``recommendations``,
``exceptions_intro``, ``exceptions`` (rows: name, value, target, rag, colour, why),
``quarter``, ``scorecard`` (rows: n, name, value, target, rag, colour, previous,
direction, last_year, england), ``scorecard_note``, ``trend_charts`` (an image),
``trend_caption``, ``commentary`` (name, rag, text), ``questions``, ``provenance``,
``non_applicable`` and ``background``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from pmf_select.reports.make_templates import FONT, _plain_font

OUT = Path(__file__).resolve().parents[2] / "candidates" / "templates" / "quarterly_report.docx"


def _font(style, size: float, bold: bool = False) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    _plain_font(style)


def _shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _table(doc, headers: list[str], cells: list[str], widths_cm: list[float], loop: str, size: float = 9):
    """A grid table: a shaded header row, then one row of tags repeated by docxtpl's ``{%tr %}``."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for grid, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
        grid.w = Cm(width)
    rows = table.rows
    _repeat_header(rows[0])
    contents = [headers, [f"{{%tr for {loop} %}}"] + [""] * (len(headers) - 1), cells, ["{%tr endfor %}"] + [""] * (len(headers) - 1)]
    for r, (row, texts) in enumerate(zip(rows, contents, strict=True)):
        for i, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            cell.width = Cm(widths_cm[i])
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(text)
            run.font.size = Pt(size)
            run.font.name = FONT
            if r == 0:
                run.bold = True
                _shade(cell, "D9D9D9")
    return table


def _heading(doc, text: str) -> None:
    doc.add_heading(text, level=1)


def _para(doc, text: str, *, bold: bool = False, indent: bool = True, style: str | None = None, size: float | None = None):
    paragraph = doc.add_paragraph(style=style)
    if indent:
        paragraph.paragraph_format.left_indent = Cm(1.25)
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    return paragraph


def _page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def build() -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = doc.styles["Normal"]
    _font(normal, 11)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 12), ("Heading 2", 11), ("Caption", 9)):
        _font(doc.styles[name], size, bold=name != "Caption")
        doc.styles[name].paragraph_format.space_before = Pt(12 if name != "Caption" else 0)
        doc.styles[name].paragraph_format.keep_with_next = name != "Caption"
    props = doc.core_properties
    props.title = "Quarterly performance report"
    props.author = "London Borough of Bromley"
    props.last_modified_by = "pmf-select"
    props.created = props.modified = props.last_printed = datetime(2018, 1, 1)
    props.revision = 1

    for part in (section.header, section.footer):
        paragraph = part.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run("{{ watermark }}")
        run.bold = True
        run.font.size = Pt(10)
        run.font.color.rgb = RGBColor(0xC0, 0x39, 0x2B)
    footer = section.footer.add_paragraph("Report No. {{ report_no }}")
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.runs[0].font.size = Pt(9)

    top = doc.add_paragraph()
    top.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    top.add_run("Report No. {{ report_no }}").bold = True
    for text, size in (("London Borough of Bromley", 14), ("PART ONE - PUBLIC", 11)):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    front = [
        ("Decision Maker:", "{{ decision_maker }}"),
        ("Date:", "{{ meeting_date }}"),
        ("Decision Type:", "{{ decision_type }}"),
        ("Title:", "{{ title }}"),
        ("Contact Officer:", "{{ contact_officer }}"),
        ("Chief Officer:", "{{ chief_officer }}"),
        ("Ward:", "{{ ward }}"),
    ]
    table = doc.add_table(rows=len(front), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for grid, width in zip(table._tbl.tblGrid.gridCol_lst, (4.0, 13.0), strict=True):
        grid.w = Cm(width)
    for row, (label, value) in zip(table.rows, front, strict=True):
        row.cells[0].width, row.cells[1].width = Cm(4.0), Cm(13.0)
        row.cells[0].paragraphs[0].add_run(label).bold = True
        run = row.cells[1].paragraphs[0].add_run(value)
        run.bold = label in ("Decision Maker:", "Title:")
    doc.add_paragraph()

    _heading(doc, "1. REASON FOR REPORT")
    _para(doc, "{{ reason }}")
    _heading(doc, "2. RECOMMENDATION(S)")
    _para(doc, "{%p for r in recommendations %}")
    _para(doc, "{{ r }}", style="List Number")
    _para(doc, "{%p endfor %}")

    _heading(doc, "3. EXCEPTIONS: WHAT IS OFF TRACK")
    _para(doc, "{{ exceptions_intro }}")
    _para(doc, "{%p if exceptions %}")
    _table(
        doc,
        ["Indicator", "{{ quarter_short }}", "Target", "RAG", "Why it is here"],
        [
            "{{ e.name }}",
            "{{ e.value }}",
            "{{ e.target }}",
            "{% cellbg e.colour %}{{ e.rag }}",
            "{{ e.why }}",
        ],
        [6.2, 1.8, 1.6, 1.8, 5.6],
        "e in exceptions",
        size=9.5,
    )
    _para(doc, "{%p endif %}")

    _page_break(doc)
    _heading(doc, "4. SCORECARD, {{ quarter }}")
    _table(
        doc,
        ["#", "Indicator", "Value", "Target", "RAG", "Previous quarter", "Direction", "Same quarter last year", "England"],
        [
            "{{ s.n }}",
            "{{ s.name }}",
            "{{ s.value }}",
            "{{ s.target }}",
            "{% cellbg s.colour %}{{ s.rag }}",
            "{{ s.previous }}",
            "{{ s.direction }}",
            "{{ s.last_year }}",
            "{{ s.england }}",
        ],
        [0.8, 4.8, 1.3, 1.3, 1.5, 1.6, 2.0, 1.9, 1.8],
        "s in scorecard",
        size=8.5,
    )
    note = _para(doc, "{{ scorecard_note }}", indent=False, size=8.5)
    note.paragraph_format.space_before = Pt(4)

    _page_break(doc)
    _heading(doc, "5. TRENDS AGAINST COMPARATORS")
    picture = doc.add_paragraph("{{ trend_charts }}")
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph("{{ trend_caption }}", style="Caption")

    _heading(doc, "6. OFFICER COMMENTARY")
    _para(doc, "{%p for c in commentary %}")
    lead = _para(doc, "{{ c.name }} ({{ c.rag }})", bold=True)
    lead.paragraph_format.keep_with_next = True
    _para(doc, "{{ c.text }}")
    _para(doc, "{%p endfor %}")

    _heading(doc, "7. QUESTIONS MEMBERS MAY WISH TO ASK")
    _para(doc, "{%p for q in questions %}")
    _para(doc, "{{ q }}", style="List Bullet")
    _para(doc, "{%p endfor %}")

    _heading(doc, "8. WHERE THE FIGURES COME FROM")
    _para(doc, "{%p for p in provenance %}")
    _para(doc, "{{ p }}")
    _para(doc, "{%p endfor %}")

    _para(doc, "Non-Applicable Sections:", bold=True, indent=False)
    _para(doc, "{{ non_applicable }}")
    _para(doc, "Background Documents: (Access via Contact Officer)", bold=True, indent=False)
    _para(doc, "{{ background }}")

    import io

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def main() -> None:
    from pmf_select.reports.docx_writer import deterministic_zip

    OUT.write_bytes(deterministic_zip(build()))
    print(f"wrote {OUT.name}")


if __name__ == "__main__":
    main()
