"""The quarterly report: the DOCX opened and its tables checked, the scorecard CSV, the house renderer."""

from __future__ import annotations

import csv
import io

import pytest
from docx import Document

from pmf_select.quarterly import Quarter, fill_template, import_template, stored_figures
from pmf_select.reports.house import render_docx
from pmf_select.reports.quarterly_report import TEMPLATE, build_report, quarterly_report_docx, scorecard_csv
from tests.quarterly_helpers import ILLUSTRATIVE_XLSX, Q1, example_store, fill_xlsx, template_xlsx

MARK = "ILLUSTRATIVE FIGURES, NOT BROMLEY'S DATA"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    conn = example_store(tmp_path_factory.mktemp("store") / "store.db")
    data, _ = fill_template(template_xlsx(conn), "t.xlsx", ILLUSTRATIVE_XLSX.read_bytes(), "ill.xlsx")
    import_template(conn, data, "filled.xlsx")
    decision, version, values = stored_figures(conn, "D0001")
    conn.close()
    return build_report(decision, values, version, Quarter(2018, 4))


@pytest.fixture(scope="module")
def docx_bytes(report):
    return quarterly_report_docx(report)


def _rows(table):
    return [[cell.text.strip() for cell in row.cells] for row in table.rows]


def _body_text(document):
    return [p.text for p in document.paragraphs]


def test_the_report_has_the_front_sheet_exceptions_first_and_a_one_page_scorecard(docx_bytes):
    document = Document(io.BytesIO(docx_bytes))
    front, flagged, card = document.tables
    front_rows = dict((r[0], r[1]) for r in _rows(front))
    assert front_rows["Decision Maker:"].startswith("EDUCATION, CHILDREN AND FAMILIES")
    assert front_rows["Title:"] == "PERFORMANCE REPORT: AGREED KEY PERFORMANCE INDICATORS, Q4 2018-19"
    assert "Contact Officer:" in front_rows
    exceptions = _rows(flagged)
    assert exceptions[0] == ["Indicator", "Q4", "Target", "RAG", "Why it is here"]
    assert [r[0] for r in exceptions[1:]] == [
        "Looked after children with three or more placements in the year",
        "Agency social workers as a share of the workforce",
    ]
    assert exceptions[1][1:4] == ["12", "10", "RED"]
    assert "worse two quarters running (10, 11, 12)" in exceptions[1][4]
    scorecard = _rows(card)
    assert scorecard[0][:5] == ["#", "Indicator", "Value", "Target", "RAG"]
    assert len(scorecard) == 13  # header + the 12 agreed indicators
    assert {r[4] for r in scorecard[1:]} <= {"green", "amber", "red", "not rated", "no data"}
    by_id = {r[0]: r for r in scorecard[1:]}
    assert by_id["5"][2:5] == ["–", "14", "no data"]  # blank is not zero
    assert by_id["6"][4] == "not rated"  # contextual
    assert by_id["1"][5:8] == ["54", "improving", "51"]
    # the RAG cell is shaded in its colour
    rag_cell = card.rows[4].cells[4]._tc
    assert rag_cell.xpath(".//w:shd/@w:fill") == ["F4A6A0"]
    text = _body_text(document)
    headings = [t for t in text if t[:2] in {f"{n}." for n in range(1, 9)}]
    assert headings[2].startswith("3. EXCEPTIONS") and headings[3].startswith("4. SCORECARD")
    assert headings.index(next(h for h in headings if "EXCEPTIONS" in h)) < headings.index(
        next(h for h in headings if "SCORECARD" in h)
    )


def test_the_report_has_trend_charts_commentary_questions_and_provenance(docx_bytes, report):
    document = Document(io.BytesIO(docx_bytes))
    assert len(document.inline_shapes) == 1 and document.inline_shapes[0].width > 0
    text = "\n".join(_body_text(document))
    assert "7. QUESTIONS MEMBERS MAY WISH TO ASK" in text
    assert "what is the plan to recover and reach the target of 20" in text
    assert "Illustrative: permanent recruitment slowed" in text  # officer commentary
    assert report.version.file_sha256 in text
    assert report.decision_sha256 in text


def test_every_page_of_illustrative_figures_says_so(docx_bytes):
    document = Document(io.BytesIO(docx_bytes))
    for section in document.sections:
        assert MARK in section.header.paragraphs[0].text
        assert MARK in section.footer.paragraphs[0].text


def test_the_report_is_the_same_bytes_every_time(report, docx_bytes):
    assert quarterly_report_docx(report) == docx_bytes


def test_the_scorecard_csv_has_the_agreed_columns_and_ratings(report):
    data = scorecard_csv(report)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0])[:9] == ["id", "name", "quarter", "value", "target", "rag", "previous", "direction", "commentary"]
    assert len(rows) == 12 and {r["rag"] for r in rows} <= {"green", "amber", "red", "not rated", "no data"}
    sdq = next(r for r in rows if r["id"] == "HEALTH-SDQ")
    assert (sdq["value"], sdq["rag"], sdq["previous"]) == ("", "no data", "13.8")
    assert next(r for r in rows if r["id"] == "WF-AGENCY")["exception"] == "red; worsening two quarters running"
    assert all(r["illustrative"] == "illustrative figures, not Bromley's data" for r in rows)


def test_commentary_that_looks_like_a_formula_is_neutralised_in_the_csv(tmp_path):
    conn = example_store(tmp_path / "store.db")
    data = fill_xlsx(template_xlsx(conn), {("CL-EET", Q1): 50, ("CL-EET", "Commentary"): "=HYPERLINK(\"x\")"})
    import_template(conn, data, "q1.xlsx")
    decision, version, values = stored_figures(conn, "D0001")
    conn.close()
    report = build_report(decision, values, version, Quarter(2018, 1))
    rows = list(csv.DictReader(io.StringIO(scorecard_csv(report).decode("utf-8-sig"))))
    assert rows[0]["commentary"] == "'=HYPERLINK(\"x\")"
    document = Document(io.BytesIO(quarterly_report_docx(report)))
    assert "No indicator is red" in "\n".join(_body_text(document))
    assert not any(MARK in s.header.paragraphs[0].text for s in document.sections)


def test_render_docx_fills_tags_escapes_text_and_places_images(tmp_path):
    from pmf_select.reports.charts import chart_png
    from pmf_select.reports.quarterly_report import trend_chart

    template = tmp_path / "t.docx"
    blank = Document()
    blank.add_paragraph("{{ title }}")
    blank.add_paragraph("{{ picture }}")
    blank.save(template)
    import altair as alt
    import pandas as pd

    png = chart_png(alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q"))
    out = render_docx(template, {"title": "Fish & chips <b>"}, images={"picture": png}, image_width_mm=50)
    document = Document(io.BytesIO(out))
    assert document.paragraphs[0].text == "Fish & chips <b>"
    assert len(document.inline_shapes) == 1 and abs(document.inline_shapes[0].width.mm - 50) < 0.5
    assert out == render_docx(template, {"title": "Fish & chips <b>"}, images={"picture": png}, image_width_mm=50)
    assert TEMPLATE.exists() and trend_chart is not None


def test_the_committed_quarterly_template_is_what_its_script_builds():
    from pathlib import Path

    from pmf_select.reports import make_quarterly_template
    from pmf_select.reports.docx_writer import deterministic_zip

    committed = Path(__file__).resolve().parents[1] / "candidates" / "templates" / "quarterly_report.docx"
    assert deterministic_zip(make_quarterly_template.build()) == committed.read_bytes()
