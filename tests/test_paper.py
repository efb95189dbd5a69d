"""The options paper and the decision record, read back from the DOCX and checked
against the tool's own results and against what a member must be able to read.

Fixtures: the shipped long list, and the same list with the long list v2 columns
(``short_name``, ``reporting``, ``lag_months``, ``pair_with``, ``small_numbers``)
added to some rows, so the paper's cautions, annual routing and calendar are tested
on the columns it is written for and on a list that lacks them.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
from docx import Document

from pmf_select.cli import main
from pmf_select.errors import InputError
from pmf_select.longlist import load_longlist
from pmf_select.record import load_export, lock_decision, open_store
from pmf_select.reports import (
    HEADINGS,
    RECORD_HEADINGS,
    ReportDetails,
    decision_paper,
    decision_paper_from_store,
    details_from_mapping,
    deterministic_zip,
    development_actions,
    load_details,
    missing_details,
    options_context,
    options_paper,
    render_docx,
)
from pmf_select.reports.make_templates import OPTIONS_TEMPLATE, write_templates
from pmf_select.reports.paper_parts import meeting_for, ready_date
from pmf_select.reports.wording import cautions, facts, trim_rationale
from pmf_select.selection import annual_only_ids, build_options

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "candidates" / "longlist.csv"
SMALL = ROOT / "tests" / "fixtures" / "decisions_longlist.csv"
SAMPLES = 1000  # fewer than the default 10,000, to keep the suite quick; same code path
FIGURE = re.compile(r"Figure (\d+)")

V2 = {
    # id: (short_name, reporting, lag_months, pair_with, small_numbers)
    "AS-45WD": ("Assessments in 45 working days", "quarterly", "1", "QP-AUDITGOOD", "no"),
    "CP-ICPC15": ("Conferences within 15 days", "quarterly", "1", "QP-AUDITGOOD", "no"),
    "ADOPT-A1": ("Days care to adoptive family", "quarterly", "2", "", "yes"),
    "CL-EET": ("Care leavers in work or study", "quarterly", "2", "", "yes"),
    "CL-ACCOM": ("Care leavers suitably housed", "quarterly", "2", "", "yes"),
    "VS-KS2": ("Looked after: expected standard at 11", "annual", "9", "", "yes"),
    "VS-A8": ("Looked after: Attainment 8", "annual", "9", "", "yes"),
    "VS-P8": ("Looked after: Progress 8", "annual", "9", "", "yes"),
    "CP-REPEAT": ("Repeat child protection plans", "quarterly", "1", "CP-2YEARS", "no"),
    "HEALTH-SDQ": ("Looked after: average SDQ score", "annual", "4", "", "no"),
}


def _doc(data: bytes):
    return Document(io.BytesIO(data))


def _paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def _all_text(doc) -> str:
    parts = _paragraphs(doc)
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _headings(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _body_before_appendices(doc) -> str:
    """Paragraphs and tables before the first appendix heading, in document order."""
    out = []
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
        if tag == "p" and text.startswith("Appendix "):
            break
        out.append(text)
    return "\n".join(out)


@pytest.fixture(scope="module")
def shipped():
    return load_longlist(SHIPPED)


@pytest.fixture(scope="module")
def v2_path(tmp_path_factory):
    frame = pd.read_csv(SHIPPED, dtype=str, keep_default_na=False)
    columns = ("short_name", "reporting", "lag_months", "pair_with", "small_numbers")
    for column in columns:
        frame[column] = ""
    for cid, values in V2.items():
        for column, value in zip(columns, values, strict=True):
            frame.loc[frame["id"] == cid, column] = value
    path = tmp_path_factory.mktemp("v2") / "longlist_v2.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def v2(v2_path):
    return load_longlist(v2_path)


@pytest.fixture(scope="module")
def v2_content(v2):
    details = ReportDetails(
        meetings_2018_19=(date(2018, 6, 26), date(2018, 9, 11), date(2018, 11, 27), date(2019, 2, 5))
    )
    return options_context(v2, samples=SAMPLES, details=details)


@pytest.fixture(scope="module")
def paper_bytes(v2):
    details = ReportDetails(report_no="CSD18042", contact_telephone="020 8461 7000", contact_email="a@b.gov.uk")
    return options_paper(v2, samples=SAMPLES, details=details)


@pytest.fixture(scope="module")
def paper(paper_bytes):
    return _doc(paper_bytes)


# ---------------------------------------------------------------- rendering from a template


def test_render_docx_fills_a_template_with_values_and_images(tmp_path):
    doc = Document()
    doc.add_paragraph("Hello {{ name }}")
    doc.add_paragraph("{{ chart }}")
    doc.add_paragraph("{%p for k in keys %}")
    doc.add_paragraph("{{ image(k) }}")
    doc.add_paragraph("{%p endfor %}")
    template = tmp_path / "t.docx"
    doc.save(template)
    from pmf_select.reports.charts import chart_png, options_coverage_chart

    image = chart_png(options_coverage_chart(pd.DataFrame({"service_area": ["A"], "option": ["A"], "chosen": [1]})))
    data = render_docx(template, {"name": "Bromley & members", "keys": ["chart"]}, images={"chart": image})
    out = _doc(data)
    assert out.paragraphs[0].text == "Hello Bromley & members"
    assert len(out.inline_shapes) == 2
    assert render_docx(template, {"name": "Bromley & members", "keys": ["chart"]}, images={"chart": image}) == data
    for info in zipfile.ZipFile(io.BytesIO(data)).infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)


def test_render_docx_names_a_missing_template_or_value(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        render_docx(tmp_path / "none.docx", {})
    doc = Document()
    doc.add_paragraph("{{ not_given }}")
    doc.save(tmp_path / "t.docx")
    with pytest.raises(InputError, match="not_given"):
        render_docx(tmp_path / "t.docx", {})
    (tmp_path / "bad.docx").write_text("not a word file")
    with pytest.raises(InputError, match="not a readable Word"):
        render_docx(tmp_path / "bad.docx", {})


def test_the_shipped_templates_are_the_ones_the_script_makes(tmp_path):
    made = write_templates(tmp_path)
    for path in made:
        shipped = ROOT / "candidates" / "templates" / path.name
        assert shipped.read_bytes() == path.read_bytes(), (
            f"{shipped} is stale: run python -m pmf_select.reports.make_templates"
        )


# ---------------------------------------------------------------- the report's shape and details


def test_the_paper_has_the_councils_sections_in_order(paper):
    headings = _headings(paper)
    numbered = [h for h in headings if h[:1].isdigit()]
    assert numbered == list(HEADINGS)
    assert [h.split(". ", 1)[1] for h in numbered[3:]] == [
        "IMPACT ON VULNERABLE ADULTS AND CHILDREN",
        "POLICY IMPLICATIONS",
        "FINANCIAL IMPLICATIONS",
        "LEGAL IMPLICATIONS",
        "PERSONNEL IMPLICATIONS",
        "PROCUREMENT IMPLICATIONS",
    ]
    for needed in ("Why this report", "The reporting calendar for 2018-19", "Data development agenda"):
        assert needed in headings
    assert headings[-2:] == ["Appendix 1: the long list in rank order", "Appendix 2: how the figures were produced"]
    (box_table,) = [t for t in paper.tables if t.rows[0].cells[0].text == "Corporate Policy"]
    box = "\n".join(r[0] for r in _rows(box_table))
    positions = [
        box.index(g)
        for g in ("Corporate Policy", "Financial", "Staff", "Legal", "Customer Impact", "Ward Councillor Views")
    ]
    assert positions == sorted(positions)
    text = "\n".join(_paragraphs(paper))
    assert "January 2018" in text and "Performance Management Framework" in text


def test_the_front_sheet_carries_the_details_and_no_placeholder(paper):
    front = {row[0]: row[1] for row in _rows(paper.tables[0])}
    assert front["Date:"] == "20 March 2018"
    assert front["Ward:"] == "All"
    assert front["Chief Officer:"] == "Ade Adetosoye"
    assert front["Decision Type:"] == "Non-Urgent; Non-Executive; Non-Key"
    assert front["Contact Officer:"].startswith(
        "Naheed Chaudhry, Assistant Director Strategy, Performance and Business Support"
    )
    assert "020 8461 7000" in front["Contact Officer:"] and "a@b.gov.uk" in front["Contact Officer:"]
    text = _all_text(paper)
    assert "Report No. CSD18042" in text and "BBB Priority: Children and Young People" in text
    assert not re.search(r"\[[^\]]*\]", text), "a bracketed placeholder survived"
    assert "{{" not in text and "{%" not in text


def test_report_details_come_from_the_toml_file_and_missing_ones_are_named(tmp_path):
    details = load_details()
    assert details.contact_name == "Naheed Chaudhry" and details.bbb_priority == "Children and Young People"
    warnings = missing_details(details)
    assert "report number is empty" in warnings
    assert any("meeting dates" in w for w in warnings)
    filled = details_from_mapping(
        {"report_no": "CSD1", "contact_telephone": "1", "contact_email": "e", "meetings_2018_19": ["2018-09-11"]}
    )
    assert missing_details(filled) == []
    (tmp_path / "bad.toml").write_text('report_no = "x"\ncolour = "red"\n')
    with pytest.raises(InputError, match="unknown field.*colour"):
        load_details(tmp_path / "bad.toml")
    (tmp_path / "date.toml").write_text('date = "20/03/2018"\n')
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        load_details(tmp_path / "date.toml")


def test_the_body_has_no_hashes_method_names_or_references(paper, v2):
    body = _body_before_appendices(paper)
    for jargon in (v2.content_hash[:12], "SHA-256", "SMAA", "Lahdelma", "HiGHS", "simplex", "integer programme", "p ="):
        assert jargon not in body, jargon
    appendix = _all_text(paper)
    assert v2.content_hash in appendix and "SMAA-2" in appendix and "Lahdelma" in appendix


# ---------------------------------------------------------------- each indicator's reason


def test_each_option_table_lists_its_indicators_with_rationale_england_figure_and_plain_robustness(v2_content, v2):
    ctx = v2_content.context
    frame = v2.frame.set_index("id")
    names = frame["name"]
    options = build_options_for(v2)
    assert len(ctx["options"]) == len(options)
    for block, option in zip(ctx["options"], options, strict=True):
        assert [r["name"] for r in block["rows"]] == [names[c] for c in option.ids]
        for row, cid in zip(block["rows"], option.ids, strict=True):
            why = row["why"]
            assert why[0] == trim_rationale(frame.at[cid, "rationale"])
            assert why[0].split(". ")[0] in frame.at[cid, "rationale"]
            figure = frame.at[cid, "england_figure"]
            if isinstance(figure, str) and figure.strip():
                assert f"England: {figure}." in why
            assert re.search(r"best \d+ under|Rarely in the best", why[-1])
            assert "%" not in why[-1] or "weightings" in why[-1]
            assert "±" not in " ".join(why) and "p_top_k" not in " ".join(why)


def build_options_for(longlist):
    return build_options(longlist, "scrutiny", samples=SAMPLES, route_annual=True, require_finance=True)


def test_cautions_say_contextual_small_numbers_annual_and_the_pair():
    names = {"QP-AUDITGOOD": "Case audits graded good or better"}
    row = {
        "id": "AS-45WD",
        "polarity": "higher",
        "pair_with": "QP-AUDITGOOD",
        "small_numbers": "no",
        "reporting": "quarterly",
    }
    assert cautions(row, ["AS-45WD"], names) == [
        "Needs its pair, Case audits graded good or better, which this set leaves out: on its own it can improve "
        "while practice worsens."
    ]
    assert cautions(row, ["AS-45WD", "QP-AUDITGOOD"], names) == [
        "Read with Case audits graded good or better, which is also in this set."
    ]
    context = {"id": "X", "polarity": "contextual", "small_numbers": "yes", "reporting": "annual"}
    said = " ".join(cautions(context, ["X"], {}))
    assert "do not set a target" in said and "Small numbers" in said and "once a year" in said
    assert cautions({"id": "Y", "polarity": "lower"}, ["Y"], {}) == []


def test_facts_fall_back_when_the_list_lacks_the_v2_columns(shipped):
    row = shipped.frame.set_index("id", drop=False).loc["VS-P8"].to_dict()
    f = facts(row)
    assert f.short_name == row["name"] and f.pair_with == "" and not f.small_numbers
    assert f.reporting == "annual"  # its local frequency is annual
    assert facts({"id": "L", "name": "n", "source": "Local case system"}).lag_months == 1


# ---------------------------------------------------------------- options a member would accept


def test_every_option_has_a_finance_measure_and_no_annual_only_measure(v2, v2_content):
    options = build_options_for(v2)
    annual = set(annual_only_ids(v2))
    assert {"VS-KS2", "VS-A8", "VS-P8", "HEALTH-SDQ"} <= annual
    for option in options:
        assert any(c.startswith("FIN-") for c in option.ids), option.key
        assert not annual & set(option.ids)
    assert all(r["finance"] == "Yes" for r in v2_content.context["glance_table"]["rows"])
    annual_text = " ".join(p["text"] for p in v2_content.context["annual"])
    assert (
        "Annual Corporate Parenting Report" in annual_text and "Progress made by looked after children" in annual_text
    )


def test_the_recommendation_gives_reasons_beyond_coverage(v2_content, v2):
    ctx = v2_content.context
    reasons = " ".join(p["text"] for p in ctx["recommendation_reasons"])
    pick = build_options_for(v2)[v2_content.recommended]
    finance = [c for c in pick.ids if c.startswith("FIN-")]
    names = v2.frame.set_index("id")["name"]
    assert f"Option {ctx['recommended']}" in reasons
    assert all(names[c] in reasons for c in finance)
    assert "service areas" in reasons and "better off" in reasons and "weightings" in reasons


def test_what_each_option_gives_up_names_real_indicators_and_why(v2_content, v2):
    options = build_options_for(v2)
    frame = v2.frame.set_index("id")
    for block, option in zip(v2_content.context["options"], options, strict=True):
        text = " ".join(p["text"] for p in block["after"] if p["text"].startswith(f"What Option {block['letter']}"))
        others = {c for o in options if o is not option for c in o.ids} - set(option.ids)
        named = [c for c in others if frame.at[c, "name"] in text]
        assert named, block["letter"]
        for cid in named:
            first = frame.at[cid, "rationale"].split(". ")[0].rstrip(".")
            assert first[:40] in text


def test_a_missing_pair_is_said_with_what_is_lost(v2):
    options = build_options(v2, "scrutiny", samples=SAMPLES, include=["AS-45WD"], exclude=["QP-AUDITGOOD"])
    content = options_context(v2, options=options, samples=SAMPLES, charts=False)
    for block in content.context["options"]:
        text = " ".join(p["text"] for p in block["after"])
        assert "Without its pair" in text and "Case audits graded good or better" in text
        (row,) = [r for r in block["rows"] if r["name"].startswith("Single assessments") or "45" in r["name"]]
        assert any("Needs its pair" in c for c in row["cautions"])


# ---------------------------------------------------------------- the calendar


def test_the_calendar_reconciles_june_2018_with_quarter_one_data(v2_content):
    ctx = v2_content.context
    text = " ".join(p["text"] for p in ctx["calendar"])
    assert "June 2018" in text and "quarter one 2018-19" in text and "April to June 2018" in text
    meetings = ctx["meetings_table"]["rows"]
    assert meetings[0]["meeting"] == "26 June 2018" and "2017-18" in meetings[0]["receives"]
    assert meetings[1]["receives"].startswith("Q1 2018-19")
    assert meetings[1]["meeting"] in ("11 September 2018", "27 November 2018")
    for row in ctx["timing_table"]["rows"]:
        assert row["target"]
    targets = {r["name"]: r["target"] for r in ctx["timing_table"]["rows"]}
    assert any(t.startswith("No target") for t in targets.values()) or any("Target" in t for t in targets.values())


def test_ready_dates_follow_each_sources_lag():
    assert ready_date(date(2018, 6, 30), 1) == date(2018, 7, 31)
    assert ready_date(date(2018, 6, 30), 2) == date(2018, 8, 31)
    assert ready_date(date(2018, 12, 31), 1) == date(2019, 1, 31)
    meetings = [date(2018, 6, 26), date(2018, 9, 11), date(2018, 11, 27)]
    assert meeting_for(date(2018, 7, 31), meetings) == date(2018, 9, 11)
    assert meeting_for(date(2018, 8, 31), meetings) == date(2018, 11, 27)  # 11 days is too short to write the report
    assert meeting_for(date(2019, 1, 31), meetings) is None


# ---------------------------------------------------------------- the data development agenda


def test_the_agenda_gives_one_specific_action_each_and_nothing_impossible(v2):
    ids = v2.ids
    actions = development_actions(v2, ids)
    assert len(actions) > 10
    assert actions["action"].is_unique
    assert not actions["action"].str.contains("benchmarking club").any()
    assert actions["who"].str.len().gt(0).all() and actions["when"].str.len().gt(0).all()
    p8 = actions.set_index("id").loc["VS-P8", "action"]
    assert "once a year" in p8 and "no in-year figure" in p8
    # no stock phrase repeated: no 8-word run appears in more than a third of the actions
    runs: dict[str, int] = {}
    for action in actions["action"]:
        words = action.split()
        for run in {" ".join(words[i : i + 8]) for i in range(len(words) - 7)}:
            runs[run] = runs.get(run, 0) + 1
    assert max(runs.values()) <= len(actions) / 3


# ---------------------------------------------------------------- figures are read


def test_every_figure_is_referred_to_in_the_body_and_has_a_takeaway(paper, v2_content):
    captions = [p.text for p in paper.paragraphs if p.style.name == "Caption" and p.text.startswith("Figure")]
    assert len(captions) == 1 + len(v2_content.context["options"])
    body = "\n".join(p.text for p in paper.paragraphs if p.style.name != "Caption")
    for caption in captions:
        number = FIGURE.match(caption).group(1)
        assert f"Figure {number} shows" in body
        assert len(caption.split(": ", 1)[1]) > 30  # a sentence, not a label
    assert len(paper.inline_shapes) == len(captions)


def test_chart_labels_are_short_names_never_cut(v2):
    from pmf_select.reports.charts import option_sureness_chart

    rows = pd.DataFrame(
        {
            "label": ["Looked after children placed more than 20 miles from home and outside the borough"],
            "p_top_k": [0.5],
            "in_set": [True],
        }
    )
    spec = option_sureness_chart(rows, 12).to_dict()
    shown = spec["datasets"][next(iter(spec["datasets"]))][0]["shown"]
    assert shown.replace("|", " ") == rows.at[0, "label"]
    assert "…" not in shown


# ---------------------------------------------------------------- another house style


def test_another_template_gives_another_house_style(tmp_path, v2):
    (other, _) = write_templates(tmp_path, marker="HOUSE STYLE B: COMMITTEE SERVICES")
    assert other.name == OPTIONS_TEMPLATE
    content = options_context(v2, samples=200, charts=False)
    default = _all_text(_doc(render_docx(ROOT / "candidates" / "templates" / OPTIONS_TEMPLATE, content.context)))
    styled = _all_text(_doc(render_docx(other, content.context)))
    assert "HOUSE STYLE B" in styled and "HOUSE STYLE B" not in default


def test_the_same_inputs_give_the_same_bytes(v2):
    one = options_paper(v2, samples=200, charts=False)
    assert options_paper(v2, samples=200, charts=False) == one


def test_deterministic_zip_keeps_the_content():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("a.txt", "hello")
    fixed = deterministic_zip(buffer.getvalue())
    assert zipfile.ZipFile(io.BytesIO(fixed)).read("a.txt") == b"hello"


# ---------------------------------------------------------------- the decision record

AGREED = ["CP-REPEAT", "LAC-HEALTH", "WF-CASE", "REF-REREF", "EH-OUTCOME"]


@pytest.fixture
def store(tmp_path):
    conn = open_store(tmp_path / "store.db")
    lock_decision(
        conn,
        load_longlist(SMALL),
        AGREED,
        meeting="ECF Budget and Performance Sub-Committee",
        meeting_date="2018-03-20",
        weights={"relevance": 40},
        robustness={"sampling": "simplex", "samples": 500, "seed": 3},
        constraints={"size": 5, "min_per_area": 1},
        note="Agreed with one change to Option B",
        now=datetime(2018, 3, 20, 21, 0, tzinfo=UTC),
    )
    yield conn
    conn.close()


def test_the_record_states_the_agreed_set_its_reasons_and_its_seal(store):
    export = load_export(store, "D0001")
    doc = _doc(decision_paper(export))
    assert [h for h in _headings(doc) if h[:1].isdigit()] == list(RECORD_HEADINGS)
    text = _all_text(doc)
    decision = export.decision
    for needed in (decision.sha256, decision.longlist_hash, decision.criteria_hash, "Agreed with one change"):
        assert needed in text
    names = export.longlist.frame.set_index("id")["name"]
    items = [p for p in _paragraphs(doc) if re.match(r"^\d+\.\t", p)]
    assert items == [f"{i}.\t{names[c]}" for i, c in enumerate(AGREED, start=1)]
    front = {row[0]: row[1] for row in _rows(doc.tables[0])}
    assert front["Date:"] == "20 March 2018" and front["Decision:"] == "D0001"
    assert not re.search(r"\[[^\]]*\]", text)
    body = _body_before_appendices(doc)
    assert decision.sha256 not in body and "SMAA" not in body
    assert "Figure 1 shows" in body and len(doc.inline_shapes) == 1


def test_the_record_is_made_again_byte_for_byte_and_notes_a_later_decision(store):
    first = decision_paper_from_store(store, "D0001", charts=False)
    assert decision_paper_from_store(store, "D0001", charts=False) == first
    lock_decision(
        store, load_longlist(SMALL), AGREED[:4], meeting="ECF B&P", meeting_date="2018-06-20", supersedes="D0001"
    )
    text = "\n".join(_paragraphs(_doc(decision_paper_from_store(store, "D0001", charts=False))))
    assert "has since been replaced by decision D0002" in text
    later = "\n".join(_paragraphs(_doc(decision_paper_from_store(store, "D0002", charts=False))))
    assert "This decision replaces decision D0001." in later


def test_an_unknown_decision_is_an_input_error(store):
    with pytest.raises(InputError, match="no decision 'D0042'"):
        decision_paper_from_store(store, "D0042")


# ---------------------------------------------------------------- the command line


def test_cli_writes_the_options_paper_and_warns_of_missing_details(tmp_path, capsys):
    out = tmp_path / "paper.docx"
    code = main(["paper", str(SMALL), "--out", str(out), "--samples", "300", "--no-charts", "--recommend", "lean"])
    assert code == 0
    captured = capsys.readouterr()
    assert "recommended: Option A" in captured.out and f"wrote {out}" in captured.out
    assert "warning: report number is empty" in captured.err
    assert _headings(_doc(out.read_bytes()))[:2] == list(HEADINGS[:2])


def test_cli_reads_details_and_template(tmp_path, capsys):
    details = tmp_path / "details.toml"
    details.write_text(
        'report_no = "CSD18042"\ncontact_telephone = "020 8461 7000"\ncontact_email = "x@y"\n'
        'meetings_2018_19 = ["2018-06-26", "2018-09-11"]\n'
    )
    (template, _) = write_templates(tmp_path / "house", marker="OTHER HOUSE STYLE")
    out = tmp_path / "paper.docx"
    argv = ["paper", str(SMALL), "--out", str(out), "--samples", "300", "--no-charts"]
    assert main([*argv, "--details", str(details), "--template", str(template)]) == 0
    captured = capsys.readouterr()
    assert "warning" not in captured.err
    text = _all_text(_doc(out.read_bytes()))
    assert "OTHER HOUSE STYLE" in text and "Report No. CSD18042" in text
    assert main([*argv, "--template", str(tmp_path / "none.docx")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_cli_writes_a_decisions_record(tmp_path, capsys):
    db = tmp_path / "store.db"
    conn = open_store(db)
    lock_decision(conn, load_longlist(SMALL), AGREED, meeting="B&P", meeting_date="2018-03-20")
    conn.close()
    out = tmp_path / "record.docx"
    assert main(["paper", "--decision", "D0001", "--db", str(db), "--out", str(out), "--no-charts"]) == 0
    assert "record of decision D0001" in capsys.readouterr().out
    assert _doc(out.read_bytes()).tables[0].rows[3].cells[1].text.endswith("RECORD OF DECISION D0001")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["paper", "--out", "x.docx"], "give a long list FILE"),
        (["paper", str(SMALL), "--out", "x.pdf"], "ending .docx"),
        (["paper", str(SMALL), "--out", "/no/such/folder/x.docx"], "does not exist"),
        (["paper", str(SMALL), "--decision", "D0001", "--out", "x.docx"], "not both"),
        (["paper", "--decision", "D0001", "--weights", "relevance=2", "--out", "x.docx"], "--weights: not used"),
        (["paper", str(SMALL), "--audience", "press", "--out", "x.docx", "--no-charts"], "unknown audience"),
        (["paper", str(SMALL), "--date", "14/03/2018", "--out", "x.docx", "--no-charts"], "YYYY-MM-DD"),
        (["paper", str(SMALL), "--details", "nope.toml", "--out", "x.docx", "--no-charts"], "nope.toml"),
        (["paper", str(SMALL), "--recommend", "Z", "--out", "x.docx", "--no-charts", "--samples", "200"], "Z"),
    ],
)
def test_cli_bad_input_exits_2_with_a_clear_message(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PMF_SELECT_DB", str(tmp_path / "store.db"))
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "x.docx").exists()


# ---------------------------------------------------------------- look at it: LibreOffice


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_renders_the_paper_readably(paper_bytes, tmp_path):
    source = tmp_path / "paper.docx"
    source.write_bytes(paper_bytes)
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "paper.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr.decode(errors="replace")
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext, pdftoppm) must be installed with LibreOffice"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    pages = text.count("\f")
    assert 12 <= pages <= 40, pages
    assert "{{" not in text and "{%" not in text
    assert not re.search(r"\[[^\]]*\.\.\.[^\]]*\]|\[to be|\[Name", text)
    flat = " ".join(text.split())
    captions = set(re.findall(r"Figure (\d+):", flat))
    assert captions
    for number in captions:
        assert f"Figure {number} shows" in flat, f"Figure {number} is never referred to in the text"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    (png,) = tmp_path.glob("p-*.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_timeliness_measure_without_a_listed_pair_still_says_what_is_lost():
    row = {"id": "AS-45WD", "name": "Assessments completed within 45 working days", "measure_type": "how well"}
    names = {"QP-AUDITGOOD": "Case audits graded good or better", "AS-45WD": row["name"]}
    assert cautions(row, ["AS-45WD"], names) == [
        "A timeliness measure with no audit measure in this set: speed can rise while quality falls."
    ]
    assert cautions(row, ["AS-45WD", "QP-AUDITGOOD"], names) == [
        "A timeliness measure: read it with Case audits graded good or better, also in this set."
    ]


def test_an_option_with_timeliness_but_no_audit_says_so(shipped):
    options = build_options(
        shipped, "scrutiny", samples=300, include=["AS-45WD"], exclude=["QP-AUDITGOOD", "QP-AUDITINAD"]
    )
    content = options_context(shipped, options=options, samples=300, charts=False)
    for block in content.context["options"]:
        text = " ".join(p["text"] for p in block["after"])
        assert "but no audit of the quality of the work" in text and "Assessments completed within 45" in text


def test_options_built_without_the_finance_rule_are_told_why_there_is_no_finance_measure(shipped):
    options = build_options(shipped, "scrutiny", samples=300)  # as the options command builds them
    content = options_context(shipped, options=options, samples=300, charts=False, recommend="A")
    if any(c.startswith("FIN-") for c in options[0].ids):
        pytest.skip("this weighting happens to give Option A a finance measure")
    reasons = " ".join(p["text"] for p in content.context["recommendation_reasons"])
    assert "It has no finance measure: it was built without asking for one" in reasons
    assert "Children's social care budget variance" in reasons or "placement" in reasons
