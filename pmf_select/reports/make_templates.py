"""Make the shipped Word templates (``candidates/templates/*.docx``) from code, so they can
be made again: ``python -m pmf_select.reports.make_templates [FOLDER]``.

The templates follow the layout of a London Borough of Bromley committee report: the
front sheet (report number, decision maker, date, decision type, title, contact
officer with title, telephone and e-mail, chief officer, ward), 1. Reason for report,
2. Recommendation(s), the impact summary and the summary box (Corporate Policy,
Financial, Staff, Legal, Customer Impact, Ward Councillor Views), 3. Commentary, the
implications in the council's order (vulnerable adults and children, policy,
financial, legal, personnel, procurement), non-applicable sections, background
documents and appendices.

Each template is an ordinary Word file with Jinja tags (docxtpl): committee services
may restyle it in Word (fonts, spacing, logo, headings) and keep the tags; the names
the tags use are listed in ``docs/paper.md``. ``marker`` adds a line of text to the
front sheet, which the tests use to prove that ``--template`` is honoured.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from pmf_select.reports.docx_writer import deterministic_zip

FONT = "Arial"
OPTIONS_TEMPLATE = "options-paper.docx"
RECORD_TEMPLATE = "decision-record.docx"
SHIPPED = Path(__file__).resolve().parents[2] / "candidates" / "templates"


# ---------------------------------------------------------------- styles


def _plain_font(style) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _styles(doc) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    _plain_font(normal)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 12), ("Heading 2", 11.5), ("Heading 3", 11), ("Title", 14), ("Caption", 9.5)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = name != "Caption"
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _plain_font(style)
        style.paragraph_format.space_before = Pt(12 if name.startswith("Heading") else 6)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    ppr = doc.styles["Title"].element.pPr
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
    numbered = doc.styles.add_style("Numbered Paragraph", WD_STYLE_TYPE.PARAGRAPH)
    numbered.base_style = normal
    fmt = numbered.paragraph_format
    fmt.left_indent = Cm(1.25)
    fmt.first_line_indent = Cm(-1.25)
    fmt.tab_stops.add_tab_stop(Cm(1.25))
    item = doc.styles.add_style("List Item", WD_STYLE_TYPE.PARAGRAPH)
    item.base_style = normal
    item.paragraph_format.left_indent = Cm(2.0)
    item.paragraph_format.first_line_indent = Cm(-0.75)
    item.paragraph_format.tab_stops.add_tab_stop(Cm(2.0))
    item.paragraph_format.space_after = Pt(3)
    for name, size, bold in (("Table Head", 9, True), ("Table Text", 9, False), ("Small Text", 8, False)):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold
        style.paragraph_format.space_after = Pt(2)
        style.paragraph_format.space_before = Pt(0)


# ---------------------------------------------------------------- building blocks


def _para(doc, text: str = "", style: str | None = None, *, bold: bool = False, align=None):
    paragraph = doc.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _tag(doc, tag: str) -> None:
    """A paragraph holding only a docxtpl block tag ({%p ... %}), removed on rendering."""
    doc.add_paragraph(tag)


def _numbered_loop(doc, name: str) -> None:
    """Numbered paragraphs (3.1, 3.2 ...) from a list of {num, text} in the context."""
    _tag(doc, f"{{%p for p in {name} %}}")
    _para(doc, "{{ p.num }}\t{{ p.text }}", "Numbered Paragraph")
    _tag(doc, "{%p endfor %}")


def _heading(doc, text: str, level: int = 1) -> None:
    doc.add_heading(text, level=level)


def _caption(doc, text: str) -> None:
    _para(doc, text, "Caption")


def _widths(table, widths_cm) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
        grid_col.w = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _shade(cell, fill: str = "D9D9D9") -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _set_cell(cell, text: str, style: str = "Table Text", *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    run = paragraph.add_run(text)
    if bold:
        run.bold = True


def _cell_lines(cell, expression: str, style: str = "Table Text") -> None:
    """A cell whose paragraphs come from a list in the context (one paragraph each)."""
    cell.paragraphs[0].style = style
    cell.paragraphs[0].add_run(f"{{%p for line in {expression} %}}")
    cell.add_paragraph("{{ line }}", style=style)
    cell.add_paragraph("{%p endfor %}", style=style)


def _row_loop_table(doc, header, cells, widths, loop: str, *, lines: dict[int, str] | None = None):
    """A grid table: a shaded header row repeated on each page, then one row per item of ``loop``.

    ``cells`` are Jinja expressions for each column of a row (``r`` is the row);
    ``lines`` maps a column to a list expression printed one paragraph per item.
    """
    table = doc.add_table(rows=4, cols=len(header))
    table.style = "Table Grid"
    for j, text in enumerate(header):
        _set_cell(table.rows[0].cells[j], text, "Table Head")
        _shade(table.rows[0].cells[j])
    trpr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for r in {loop} %}}")
    for j, expression in enumerate(cells):
        cell = table.rows[2].cells[j]
        if lines and j in lines:
            _cell_lines(cell, lines[j])
        else:
            _set_cell(cell, expression)
    table.rows[2]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _widths(table, widths)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    return table


def _reasons_table(doc, loop: str) -> None:
    """The indicators of an option or of the agreed set: number, name, why it is in, cautions."""
    _row_loop_table(
        doc,
        ("#", "Indicator", "Why it is in", "Read it with care"),
        ("{{ r.n }}", "{{ r.name }}", "", ""),
        (0.9, 3.7, 8.3, 4.1),
        loop,
        lines={2: "r.why", 3: "r.cautions"},
    )


def _key_value_table(doc, rows, widths=(5.5, 11.5)):
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, rows, strict=True):
        _set_cell(row.cells[0], label, "Table Head")
        _set_cell(row.cells[1], value)
    _widths(table, widths)
    return table


def _front_sheet(doc, marker: str | None, extra: tuple[tuple[str, str], ...] = ()) -> None:
    _para(
        doc,
        "{% if details.report_no %}Report No. {{ details.report_no }}{% endif %}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
    )
    for text, size in (("London Borough of Bromley", 14), ("PART ONE - PUBLIC", 11)):
        paragraph = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    if marker:
        _para(doc, marker, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    rows = [
        ("Decision Maker:", "{{ details.decision_maker_upper }}"),
        ("Date:", "{{ details.date_text }}"),
        ("Decision Type:", "{{ details.decision_type }}"),
        ("Title:", "{{ title_upper }}"),
        ("Contact Officer:", "{{ details.contact_line }}"),
        ("Chief Officer:", "{{ details.chief_officer }}"),
        ("Ward:", "{{ details.ward }}"),
        *extra,
    ]
    table = _key_value_table(doc, rows, (4.0, 13.0))
    for i in (0, 3):
        for run in table.rows[i].cells[1].paragraphs[0].runs:
            run.bold = True
    _para(doc)


def _summary_box(doc) -> None:
    """The council's summary box, after the recommendations."""
    _heading(doc, "Impact on Vulnerable Adults and Children", 2)
    _para(doc, "1. Summary of Impact: {{ box.impact_summary }}")
    groups = (
        ("Corporate Policy", (("Policy Status", "box.policy_status"), ("BBB Priority", "details.bbb_priority"))),
        (
            "Financial",
            (
                ("Cost of proposal", "box.cost"),
                ("Ongoing costs", "box.ongoing_costs"),
                ("Budget head/performance centre", "box.budget_head"),
                ("Total current budget for this head", "box.total_budget"),
                ("Source of funding", "box.funding"),
            ),
        ),
        (
            "Staff",
            (
                ("Number of staff (current and additional)", "box.staff_number"),
                ("If from existing staff resources, number of staff hours", "box.staff_hours"),
            ),
        ),
        ("Legal", (("Legal Requirement", "box.legal_requirement"), ("Call-in", "box.call_in"))),
        ("Customer Impact", (("Estimated number of users or beneficiaries", "box.users"),)),
        (
            "Ward Councillor Views",
            (
                ("Have Ward Councillors been asked for comments?", "box.ward_asked"),
                ("Summary of Ward Councillors comments", "box.ward_comments"),
            ),
        ),
    )
    rows = sum(1 + len(items) for _, items in groups)
    table = doc.add_table(rows=rows, cols=1)
    table.style = "Table Grid"
    i = 0
    for title, items in groups:
        cell = table.rows[i].cells[0]
        _set_cell(cell, title, "Table Head")
        _shade(cell, "EDEDED")
        i += 1
        for n, (label, expression) in enumerate(items, start=1):
            _set_cell(table.rows[i].cells[0], f"{n}. {label}: {{{{ {expression} }}}}")
            i += 1
    _widths(table, (17.0,))
    _para(doc)


def _landscape(doc) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)


def _footer(doc) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run("{% if details.report_no %}Report No. {{ details.report_no }}    {% endif %}Page ")
    run.font.size = Pt(9)
    field = paragraph.add_run()
    field.font.size = Pt(9)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = "1"
        field._r.append(element)


def _figures(doc, expression: str) -> None:
    _tag(doc, f"{{%p for f in {expression} %}}")
    _caption(doc, "Figure {{ f.number }}: {{ f.caption }}")
    _para(doc, "{{ image(f.key) }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _tag(doc, "{%p endfor %}")


def _implications(doc) -> None:
    for number, heading, name in (
        (4, "IMPACT ON VULNERABLE ADULTS AND CHILDREN", "impact"),
        (5, "POLICY IMPLICATIONS", "policy"),
        (6, "FINANCIAL IMPLICATIONS", "financial"),
        (7, "LEGAL IMPLICATIONS", "legal"),
        (8, "PERSONNEL IMPLICATIONS", "personnel"),
        (9, "PROCUREMENT IMPLICATIONS", "procurement"),
    ):
        _heading(doc, f"{number}. {heading}")
        _numbered_loop(doc, f"implications.{name}")
    _table_after = _para(doc, "Non-Applicable Sections: {{ non_applicable }}")
    _table_after.paragraph_format.space_before = Pt(12)
    _para(doc, "Background Documents: (Access via Contact Officer)", bold=True)
    _tag(doc, "{%p for d in background_documents %}")
    _para(doc, "{{ d }}", "List Item")
    _tag(doc, "{%p endfor %}")


def _technical_appendix(doc) -> None:
    _heading(doc, "Appendix {{ technical.number }}: how the figures were produced")
    _numbered_loop(doc, "technical.paragraphs")
    _caption(doc, "Table {{ technical.table_number }}: the settings and checks")
    _row_loop_table(doc, ("Item", "Value"), ("{{ r.label }}", "{{ r.value }}"), (5.0, 12.0), "technical.rows")


# ---------------------------------------------------------------- the two templates


def options_template(marker: str | None = None) -> bytes:
    """The options paper's template, as DOCX bytes."""
    doc = Document()
    _styles(doc)
    _footer(doc)
    _front_sheet(doc, marker)
    _heading(doc, "1. REASON FOR REPORT")
    _numbered_loop(doc, "reason")
    _heading(doc, "2. RECOMMENDATION(S)")
    _para(doc, "The Sub-Committee is asked to:")
    _numbered_loop(doc, "recommendations")
    _summary_box(doc)

    _heading(doc, "3. COMMENTARY")
    _heading(doc, "Why this report", 2)
    _numbered_loop(doc, "background")
    _heading(doc, "How the options were built", 2)
    _numbered_loop(doc, "method")
    _caption(doc, "Table {{ criteria_table.number }}: {{ criteria_table.caption }}")
    _row_loop_table(
        doc,
        ("Criterion", "The question it asks", "Weight"),
        ("{{ r.label }}", "{{ r.question }}", "{{ r.weight }}"),
        (4.0, 11.0, 2.0),
        "criteria_table.rows",
    )
    _heading(doc, "The options at a glance", 2)
    _numbered_loop(doc, "glance")
    _caption(doc, "Table {{ glance_table.number }}: {{ glance_table.caption }}")
    _row_loop_table(
        doc,
        (
            "Option",
            "Indicators",
            "Service areas covered",
            "Outcome measures",
            "Finance measure",
            "In the best set under most weightings",
        ),
        ("{{ r.option }}", "{{ r.size }}", "{{ r.areas }}", "{{ r.outcomes }}", "{{ r.finance }}", "{{ r.sure }}"),
        (4.2, 2.2, 2.9, 2.6, 2.3, 2.8),
        "glance_table.rows",
    )
    _figures(doc, "glance_figures")
    _numbered_loop(doc, "glance_after")

    _tag(doc, "{%p for o in options %}")
    _heading(doc, "Option {{ o.letter }}: {{ o.title }}", 2)
    _numbered_loop(doc, "o.intro")
    _caption(doc, "Table {{ o.table_number }}: {{ o.table_caption }}")
    _reasons_table(doc, "o.rows")
    _figures(doc, "o.figures")
    _numbered_loop(doc, "o.after")
    _tag(doc, "{%p endfor %}")

    _heading(doc, "Why officers recommend Option {{ recommended }}", 2)
    _numbered_loop(doc, "recommendation_reasons")
    _heading(doc, "Measures for the annual reports", 2)
    _numbered_loop(doc, "annual")
    _heading(doc, "The reporting calendar for 2018-19", 2)
    _numbered_loop(doc, "calendar")
    _caption(doc, "Table {{ meetings_table.number }}: {{ meetings_table.caption }}")
    _row_loop_table(
        doc,
        ("Meeting", "What it receives"),
        ("{{ r.meeting }}", "{{ r.receives }}"),
        (4.5, 12.5),
        "meetings_table.rows",
    )
    _caption(doc, "Table {{ timing_table.number }}: {{ timing_table.caption }}")
    _row_loop_table(
        doc,
        ("Indicator", "Source and lag", "Q1 2018-19 data first reported", "Target or tolerance"),
        ("{{ r.name }}", "{{ r.lag }}", "{{ r.first }}", "{{ r.target }}"),
        (4.6, 3.9, 3.3, 5.2),
        "timing_table.rows",
    )
    _numbered_loop(doc, "calendar_after")
    _heading(doc, "Data development agenda", 2)
    _numbered_loop(doc, "agenda")
    _caption(doc, "Table {{ agenda_table.number }}: {{ agenda_table.caption }}")
    _row_loop_table(
        doc,
        ("Indicator", "What will be done", "Who", "By when"),
        ("{{ r.name }}", "{{ r.action }}", "{{ r.who }}", "{{ r.when }}"),
        (3.6, 7.8, 3.2, 2.4),
        "agenda_table.rows",
    )
    _implications(doc)

    _landscape(doc)
    _heading(doc, "Appendix 1: the long list in rank order")
    _numbered_loop(doc, "longlist_intro")
    _caption(doc, "Table {{ longlist_table.number }}: {{ longlist_table.caption }}")
    _row_loop_table(
        doc,
        ("Rank", "Indicator", "Service area", "Score", "Reporting", "In options"),
        ("{{ r.rank }}", "{{ r.name }}", "{{ r.area }}", "{{ r.score }}", "{{ r.reporting }}", "{{ r.options }}"),
        (1.3, 10.8, 5.4, 1.8, 3.2, 3.2),
        "longlist_table.rows",
    )
    _technical_appendix(doc)
    return _save(doc)


def record_template(marker: str | None = None) -> bytes:
    """The decision record's template, as DOCX bytes."""
    doc = Document()
    _styles(doc)
    _footer(doc)
    _front_sheet(doc, marker, (("Decision:", "{{ decision_id }}"),))
    _heading(doc, "1. REASON FOR REPORT")
    _numbered_loop(doc, "reason")
    _heading(doc, "2. DECISION")
    _numbered_loop(doc, "decision")
    _tag(doc, "{%p for item in agreed_list %}")
    _para(doc, "{{ item.n }}.\t{{ item.name }}", "List Item")
    _tag(doc, "{%p endfor %}")
    _numbered_loop(doc, "decision_after")
    _heading(doc, "3. COMMENTARY")
    _heading(doc, "Why this set", 2)
    _numbered_loop(doc, "background")
    _caption(doc, "Table {{ agreed_table.number }}: {{ agreed_table.caption }}")
    _reasons_table(doc, "agreed_table.rows")
    _figures(doc, "figures")
    _numbered_loop(doc, "commentary_after")
    _heading(doc, "Data development agenda", 2)
    _numbered_loop(doc, "agenda")
    _caption(doc, "Table {{ agenda_table.number }}: {{ agenda_table.caption }}")
    _row_loop_table(
        doc,
        ("Indicator", "What will be done", "Who", "By when"),
        ("{{ r.name }}", "{{ r.action }}", "{{ r.who }}", "{{ r.when }}"),
        (3.6, 7.8, 3.2, 2.4),
        "agenda_table.rows",
    )
    _heading(doc, "4. VERIFICATION")
    _numbered_loop(doc, "verification")
    _technical_appendix(doc)
    return _save(doc)


def _save(doc) -> bytes:
    doc.core_properties.author = "London Borough of Bromley"
    doc.core_properties.title = "Committee report"
    buffer = io.BytesIO()
    doc.save(buffer)
    return deterministic_zip(buffer.getvalue())


def write_templates(folder: str | Path = SHIPPED, marker: str | None = None) -> list[Path]:
    """Write both templates into ``folder``; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in ((OPTIONS_TEMPLATE, options_template), (RECORD_TEMPLATE, record_template)):
        path = folder / name
        path.write_bytes(make(marker))
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - a maintenance script
    for path in write_templates(sys.argv[1] if len(sys.argv) > 1 else SHIPPED):
        print(f"wrote {path}")
