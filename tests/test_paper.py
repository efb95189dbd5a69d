"""The options paper and the decision record: read the DOCX back and check it against the tool.

Every number in the paper must be the tool's: the option tables against
:func:`pmf_select.selection.options.build_options`, the appendix against
:func:`pmf_select.ranking.scoring.score`, the robustness shares against
:func:`pmf_select.ranking.robustness.acceptability`, the decision record against
:func:`pmf_select.record.export.recompute`. Where LibreOffice is installed the paper is also
rendered to PDF (and PNG where poppler is), to show that it opens outside Word.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from docx import Document

from pmf_select.cli import main
from pmf_select.errors import InputError
from pmf_select.longlist import load_longlist
from pmf_select.ranking import acceptability, group_weights, normalise_weights, score
from pmf_select.record import load_export, lock_decision, open_store
from pmf_select.reports import (
    AGENDA_COLUMNS,
    APPENDIX_BASE_HEADER,
    DATA_AT_MOST,
    HEADINGS,
    MATTERS_AT_LEAST,
    OPTION_TABLE_HEADER,
    RECORD_HEADINGS,
    SUMMARY_TABLE_HEADER,
    TRADE_OFF_HEADER,
    ReportDetails,
    chart_png,
    data_development_agenda,
    decision_paper,
    decision_paper_from_store,
    deterministic_zip,
    development_fix,
    fmt_percent,
    option_letter,
    option_trade_offs,
    options_paper,
    recommended_option,
    record_table_header,
    resolve_recommendation,
    robustness_rows,
    set_coverage,
    set_coverage_chart,
    set_robustness_chart,
)
from pmf_select.selection import build_options, common_indicators, options_summary

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "candidates" / "longlist.csv"
SMALL = ROOT / "tests" / "fixtures" / "decisions_longlist.csv"
SAMPLES = 2000  # fewer than the default 10,000, to keep the suite quick; same code path
MEMBERS = {
    "Cllr A": {"rationale_strength": 40, "relevance": 20, "data_availability": 20, "comparability": 10},
    "Cllr B": {"rationale_strength": 25, "relevance": 30, "data_availability": 15, "comparability": 20},
    "Cllr C": {"rationale_strength": 30, "relevance": 25, "comparability": 15, "perverse_incentive_risk": 20},
}


# ---------------------------------------------------------------- reading a DOCX back


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


def _tables(doc, header) -> list[list[list[str]]]:
    """The tables whose first row is ``header``, as text, header row dropped."""
    found = []
    for table in doc.tables:
        rows = _rows(table)
        if tuple(rows[0]) == tuple(header):
            found.append(rows[1:])
    return found


def _table_starting(doc, start) -> list[list[str]]:
    matches = [_rows(t) for t in doc.tables if tuple(_rows(t)[0][: len(start)]) == tuple(start)]
    assert len(matches) == 1, f"expected one table starting {start}, found {len(matches)}"
    return matches[0]


def _id_of(indicator_cell: str) -> str:
    """Indicator cells are "name\\nID"."""
    return indicator_cell.split("\n")[-1]


# ---------------------------------------------------------------- the options paper of the shipped list


@pytest.fixture(scope="module")
def shipped():
    return load_longlist(SHIPPED)


@pytest.fixture(scope="module")
def options(shipped):
    return build_options(shipped, "scrutiny", samples=SAMPLES, seed=0)


@pytest.fixture(scope="module")
def ranking(shipped):
    return score(shipped, "scrutiny")


@pytest.fixture(scope="module")
def paper_bytes(shipped, options):
    return options_paper(shipped, options=options, samples=SAMPLES, seed=0)


@pytest.fixture(scope="module")
def paper(paper_bytes):
    return _doc(paper_bytes)


def test_the_paper_has_the_committee_report_sections_in_order(paper, options):
    headings = _headings(paper)
    expected = [
        HEADINGS[0],
        HEADINGS[1],
        HEADINGS[2],
        "Background",
        "The criteria and the question each asks",
        "How the criteria were weighted",
        "The options",
        *[h for h in headings if h.startswith("Option ")],
        "What each option gives up against the others",
        "Data development agenda",
        *HEADINGS[3:],
        "Appendix 1: the scored long list",
        "Appendix 2: how the figures were produced",
    ]
    assert headings == expected
    option_headings = [h for h in headings if h.startswith("Option ")]
    assert [h.split(":")[0] for h in option_headings] == [f"Option {option_letter(i)}" for i in range(len(options))]
    assert [h.split(": ", 1)[1].replace(" (recommended)", "") for h in option_headings] == [o.title for o in options]


def test_the_front_sheet_names_the_decision_maker_date_ward_and_placeholders(paper):
    assert paper.paragraphs[0].text == "Report No. [to be allocated]"
    front = dict((row[0], row[1]) for row in _rows(paper.tables[0]))
    assert front["Decision Maker:"] == "EDUCATION, CHILDREN AND FAMILIES BUDGET AND PERFORMANCE SUB-COMMITTEE"
    assert front["Date:"] == "20 March 2018"
    assert front["Ward:"] == "All Wards"
    assert "to be filled in" in front["Contact Officer:"]
    assert front["Title:"] == "KEY PERFORMANCE INDICATORS FROM Q1 2018-19: OPTIONS AND RATIONALES"
    assert paper.core_properties.created == datetime(2018, 3, 20, tzinfo=UTC)


def test_each_option_table_matches_the_options_computed_directly(paper, options, shipped, ranking):
    tables = _tables(paper, OPTION_TABLE_HEADER)
    assert len(tables) == len(options)
    definitions = shipped.frame.set_index("id")["definition"]
    ranks = ranking.ranks
    scores = ranking.scores
    for option, rows in zip(options, tables, strict=True):
        assert [_id_of(r[1]) for r in rows] == option.ids
        assert [r[0] for r in rows] == [str(i) for i in range(1, option.size + 1)]
        for row, ind in zip(rows, option.indicators.itertuples(index=False), strict=True):
            assert row[1] == f"{ind.name}\n{ind.id}"
            assert row[2] == ind.service_area
            assert row[3] == definitions[ind.id]
            assert row[4] == ind.reason  # the options module's one-line reason, word for word
            assert row[5] == f"{ind.score:.3f}" == f"{scores[ind.id]:.3f}"
            assert int(row[6]) == int(ind.list_rank) == int(ranks[ind.id])


def test_the_summary_table_matches_options_summary(paper, options):
    (rows,) = _tables(paper, SUMMARY_TABLE_HEADER)
    summary = options_summary(options)
    assert len(rows) == len(options)
    for i, (row, s) in enumerate(zip(rows, summary.itertuples(index=False), strict=True)):
        assert row[0] == f"{option_letter(i)}: {s.title}"
        assert int(row[1]) == s.size
        assert float(row[2]) == pytest.approx(s.total_score, abs=0.005)
        assert float(row[3]) == pytest.approx(s.mean_score, abs=0.0005)
        assert row[4] == s.service_areas
        assert int(row[5]) == s.outcome_measures
        assert row[6] == f"{s.in_almost_any} / {s.contested} / {s.out_almost_any}"


def test_the_appendix_is_the_full_ranking_with_its_scores_ranks_and_contributions(paper, ranking, shipped):
    rows = _table_starting(paper, APPENDIX_BASE_HEADER)
    header, body = rows[0], rows[1:]
    labels = [c.label for c in shipped.criteria.criteria]
    assert header[len(APPENDIX_BASE_HEADER) : len(APPENDIX_BASE_HEADER) + len(labels)] == labels
    table = ranking.table
    assert len(body) == len(shipped) == len(table)
    assert [r[1] for r in body] == table["id"].tolist()
    for row, record in zip(body, table.to_dict(orient="records"), strict=True):
        assert int(row[0]) == record["rank"]
        assert row[2] == record["name"]
        assert row[3] == record["service_area"]
        assert row[4] == f"{record['score']:.3f}"
        contributions = [float(x) for x in row[5 : 5 + len(labels)]]
        expected = [record[f"contrib_{c.key}"] for c in shipped.criteria.criteria]
        assert contributions == pytest.approx(expected, abs=0.0005)
        assert sum(contributions) == pytest.approx(float(row[4]), abs=0.003)


def test_the_appendix_marks_which_options_include_each_candidate(paper, options):
    rows = _table_starting(paper, APPENDIX_BASE_HEADER)
    assert rows[0][-1] == "In options"
    marks = {r[1]: r[-1] for r in rows[1:]}
    for cid, mark in marks.items():
        expected = [option_letter(i) for i, o in enumerate(options) if cid in o.ids]
        assert mark == ", ".join(expected)


def test_the_trade_off_tables_match_option_trade_offs(paper, options):
    tables = _tables(paper, TRADE_OFF_HEADER)
    assert len(tables) == len(options)
    trade = option_trade_offs(options)
    for option, rows in zip(options, tables, strict=True):
        expected = trade[trade["option"] == option.key]
        assert len(rows) == len(options) - 1
        for row, r in zip(rows, expected.itertuples(index=False), strict=True):
            listed = re.findall(r"\(([A-Z0-9-]+)\)", row[1])
            assert listed == r.gives_up
            assert row[2] == ("; ".join(r.areas_lost) or "none")
            assert float(row[3]) == pytest.approx(r.total_difference, abs=0.005)
            assert float(row[4]) == pytest.approx(r.mean_difference, abs=0.0005)


def test_trade_offs_are_mirror_images(options):
    trade = option_trade_offs(options).set_index(["option", "against"])
    for a in options:
        for b in options:
            if a is b:
                continue
            forward, back = trade.loc[(a.key, b.key)], trade.loc[(b.key, a.key)]
            assert forward["gives_up"] == back["gains"]
            assert forward["total_difference"] == pytest.approx(-back["total_difference"])
            assert set(forward["gives_up"]) == set(b.ids) - set(a.ids)


def test_the_criteria_table_asks_each_question_with_its_weight(paper, shipped):
    (rows,) = _tables(paper, ("Criterion", "The question it asks", "Scale", "Direction", "Weight"))
    weights = normalise_weights(shipped.criteria, None)
    assert len(rows) == len(shipped.criteria.criteria)
    for row, c in zip(rows, shipped.criteria.criteria, strict=True):
        assert row[0] == f"{c.label}\n({c.key})"
        assert row[1] == c.question
        assert row[3] == ("more is better" if c.objective == "max" else "less is better")
        assert row[4] == fmt_percent(weights[c.key])


def test_the_weights_paragraph_states_weights_method_and_audience(paper, shipped):
    weights = normalise_weights(shipped.criteria, None)
    text = "\n".join(_paragraphs(paper))
    listed = "; ".join(f"{c.label} {fmt_percent(weights[c.key])}" for c in shipped.criteria.criteria)
    assert f"the default weights in the criteria file: {listed}." in text
    assert "weighted sum" in text
    assert "Budget and Performance Sub-Committee (scrutiny)" in text


def test_the_recommendation_names_the_option_chosen_by_the_stated_rule(paper, options):
    chosen = recommended_option(options)
    pick = options[chosen]
    assert 10 <= pick.size <= 15
    text = "\n".join(_paragraphs(paper))
    assert f"agree Option {option_letter(chosen)}, the {pick.title.lower()} of {pick.size} indicators" in text
    assert "as its quarterly KPI set from Q1 2018-19" in text
    assert f"Option {option_letter(chosen)}: {pick.title} (recommended)" in _headings(paper)
    in_range = [o for o in options if 10 <= o.size <= 15]
    covered = [int((o.coverage_by_area["chosen"] > 0).sum()) for o in in_range]
    assert int((pick.coverage_by_area["chosen"] > 0).sum()) == max(covered)


def test_shared_indicators_are_named(paper, options, shipped):
    shared = common_indicators(options)
    text = "\n".join(_paragraphs(paper))
    assert f"{len(shared)} indicators are in every option" in text
    for cid in shared:
        assert f"({cid})" in text


def test_every_option_has_a_coverage_and_a_robustness_chart(paper, paper_bytes, options):
    assert len(paper.inline_shapes) == 2 * len(options)
    with zipfile.ZipFile(io.BytesIO(paper_bytes)) as archive:
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert images and all(archive.read(n)[:8] == b"\x89PNG\r\n\x1a\n" for n in images)
    captions = [p for p in _paragraphs(paper) if p.startswith("Figure ")]
    for i, option in enumerate(options):
        letter = option_letter(i)
        assert f"Figure {2 * i + 1}: Option {letter}, indicators by service area" in captions
        assert any(c.startswith(f"Figure {2 * i + 2}: Option {letter}, how sure") for c in captions)
        assert f"top-{option.size} place" in captions[2 * i + 1]


def test_the_robustness_charts_show_the_shares_the_options_report(shipped, options):
    # the paper recomputes acceptability per option size with the same settings: same shares
    for option in options:
        acc = acceptability(shipped, "scrutiny", top_k=option.size, samples=SAMPLES, seed=0)
        rows = robustness_rows(acc, option.ids)
        inside = rows[rows["in_set"]]
        assert inside["id"].tolist() == option.ids
        assert inside["p_top_k"].tolist() == pytest.approx(option.indicators["p_top_k"].tolist())
        outside = rows[~rows["in_set"]]
        assert len(outside) == 5 and not set(outside["id"]) & set(option.ids)
        left_out = acc.table[~acc.table["id"].isin(option.ids)]
        assert outside["p_top_k"].min() >= left_out["p_top_k"].iloc[5:].max()


def test_the_data_development_agenda_follows_its_rule(shipped):
    agenda = data_development_agenda(shipped)
    assert list(agenda.columns) == list(AGENDA_COLUMNS)
    frame = shipped.frame
    rule = (frame["rationale_strength"] >= MATTERS_AT_LEAST) & (
        (frame["data_availability"] <= DATA_AT_MOST) | (frame["comparators"].str.lower() == "none")
    )
    assert agenda["id"].tolist() == frame.loc[rule, "id"].tolist()
    assert len(agenda) > 0
    assert (agenda["gaps"] != "").all() and (agenda["fix"] != "").all()
    by_id = agenda.set_index("id")
    assert "Virtual School" in by_id.at["VS-A8", "fix"]  # annual, matched to the pupil database
    assert "once a year" in by_id.at["VS-A8", "gaps"]
    assert "regional benchmarking club" in by_id.at["CL-BANDB", "fix"]  # local, no comparator
    assert "moderate audit grades" in by_id.at["QP-AUDITGOOD", "fix"]


def test_the_paper_lists_the_agenda_with_the_options_that_include_each(paper, shipped, options):
    agenda = data_development_agenda(shipped)
    rows = _table_starting(paper, ("Indicator", "Service area", "Matters", "Data"))[1:]
    assert [_id_of(r[0]) for r in rows] == agenda["id"].tolist()
    for row, r in zip(rows, agenda.itertuples(index=False), strict=True):
        assert float(row[2]) == r.rationale_strength and float(row[3]) == r.data_availability
        assert row[5] == r.fix
        assert row[7] == ", ".join(option_letter(i) for i, o in enumerate(options) if r.id in o.ids)


@pytest.mark.parametrize(
    ("row", "gap", "fix"),
    [
        (
            {"data_availability": 2, "local_frequency": "annual", "source": "SSDA903 OC2", "comparators": "partial"},
            "produced only once a year",
            "rolling quarterly extract from the case system using the SSDA903 OC2 definition",
        ),
        (
            {"data_availability": 1, "local_frequency": "annual", "source": "Local HR", "comparators": "partial"},
            "produced only once a year",
            "build a quarterly extract from the case system",
        ),
        (
            {
                "data_availability": 4,
                "local_frequency": "monthly",
                "source": "Local case system",
                "comparators": "none",
            },
            "no published comparator",
            "join the regional benchmarking club",
        ),
        (
            {"data_availability": 2, "local_frequency": "termly", "source": "Virtual School", "comparators": "none"},
            "produced only once a school term; no published comparator",
            "report it each quarter from the Virtual School's own records; join the regional benchmarking club",
        ),
    ],
)
def test_development_fix_says_what_is_missing_and_what_would_fix_it(row, gap, fix):
    gaps, fixes = development_fix(row)
    assert gaps == gap
    assert fix in fixes


def test_the_background_states_no_post_dated_fact(paper):
    assert not re.search(r"\b20(19|2\d)\b", _all_text(paper))  # nothing from 2019 on (e.g. later inspections)
    paragraphs = _paragraphs(paper)
    start = paragraphs.index("Background")
    background = "\n".join(paragraphs[start : paragraphs.index("The criteria and the question each asks")])
    for post_dated in (
        "outstanding",
        "good overall",
        "November 2018",
        "lifted",
        "15 February 2018",
        "ILACS inspection",
    ):
        assert post_dated not in background
    for checked in ("April 2016", "June 2016", "every area inadequate", "September 2017", "January 2018"):
        assert checked in background


def test_the_usual_sections_are_brief_and_honest(paper):
    paragraphs = _paragraphs(paper)
    finance = paragraphs[paragraphs.index(HEADINGS[5]) + 1]
    assert "no direct financial implications" in finance and "officer time" in finance
    legal = paragraphs[paragraphs.index(HEADINGS[7]) + 1]
    assert "no direct legal implications" in legal


def test_the_appendix_says_how_to_make_the_paper_again(paper, shipped):
    rows = dict((r[0], r[1]) for r in _tables(paper, ("Setting", "Value"))[0])
    assert rows["Long list SHA-256"] == shipped.content_hash
    assert rows["Weightings drawn"] == f"{SAMPLES:,}"
    assert rows["To make this paper again"].startswith("python -m pmf_select paper longlist.csv --audience scrutiny")


# ---------------------------------------------------------------- determinism and settings (no charts: quick)


def test_the_same_inputs_give_the_same_bytes_and_the_paper_builds_its_own_options(shipped, options):
    given = options_paper(shipped, options=options, samples=SAMPLES, charts=False)
    built = options_paper(shipped, samples=SAMPLES, charts=False)
    assert given == built
    assert given == options_paper(shipped, options=options, samples=SAMPLES, charts=False)
    with zipfile.ZipFile(io.BytesIO(given)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_deterministic_zip_keeps_the_content():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.xml", "<a/>")
        archive.writestr("b/c.xml", "<c/>")
    fixed = deterministic_zip(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(fixed)) as archive:
        assert archive.namelist() == ["a.xml", "b/c.xml"]
        assert archive.read("b/c.xml") == b"<c/>"
    assert deterministic_zip(fixed) == fixed


def test_details_weights_and_recommendation_are_used():
    small = load_longlist(SMALL)
    details = ReportDetails(report_no="ECHS18001", meeting_date=date(2018, 3, 14), contact_officer="A. Officer")
    data = options_paper(
        small,
        "regulator",
        {"relevance": 50},
        recommend="A",
        details=details,
        samples=500,
        charts=False,
    )
    doc = _doc(data)
    front = dict((row[0], row[1]) for row in _rows(doc.tables[0]))
    assert front["Date:"] == "14 March 2018" and front["Contact Officer:"] == "A. Officer"
    assert doc.paragraphs[0].text == "Report No. ECHS18001"
    text = "\n".join(_paragraphs(doc))
    weights = normalise_weights(small.criteria, {"relevance": 50})
    assert f"set by officers for this report: Matters {fmt_percent(weights['rationale_strength'])}" in text
    assert "(regulator)" in text
    assert "agree Option A, the lean core set" in text
    assert "Officers recommend Option A." in text
    ranking = score(small, "regulator", weights)
    body = _table_starting(doc, APPENDIX_BASE_HEADER)[1:]
    assert [r[4] for r in body] == [f"{s:.3f}" for s in ranking.table["score"]]


def test_members_weights_are_shown_with_their_spread():
    small = load_longlist(SMALL)
    data = options_paper(small, sampling="members", members=MEMBERS, samples=500, charts=False)
    doc = _doc(data)
    labels = [c.label for c in small.criteria.criteria]
    (rows,) = _tables(doc, ("Member", *labels))
    group = group_weights(MEMBERS, small.criteria)
    by_name = {r[0]: r[1:] for r in rows}
    for name in MEMBERS:
        assert by_name[name] == [fmt_percent(group.members.at[name, c.key]) for c in small.criteria.criteria]
    assert by_name["Members' mean"] == [fmt_percent(group.mean[c.key]) for c in small.criteria.criteria]
    assert by_name["Highest"] == [fmt_percent(group.spread.at[c.key, "max"]) for c in small.criteria.criteria]
    assert "3 members gave their own weights" in "\n".join(_paragraphs(doc))


def test_recommended_option_prefers_the_widest_coverage_within_ten_to_fifteen():
    def fake(key, size, total, covered, areas=10):
        chosen = [1] * covered + [0] * (areas - covered)
        coverage = pd.DataFrame({"service_area": [f"area {i}" for i in range(areas)], "chosen": chosen})
        return SimpleNamespace(key=key, size=size, total=total, coverage_by_area=coverage)

    opts = [
        fake("lean", 8, 7.0, 9),
        fake("balanced", 12, 9.0, 8),
        fake("outcomes", 12, 9.5, 6),
        fake("big", 17, 13.0, 10),
    ]
    assert recommended_option(opts) == 1  # 10-15 only; most areas beats a higher total
    opts[2] = fake("outcomes", 12, 9.5, 8)
    assert recommended_option(opts) == 2  # equal coverage: the higher total
    assert recommended_option([fake("lean", 8, 7.0, 3), fake("big", 17, 13.0, 9)]) == 1  # none in range: all
    assert resolve_recommendation(opts, "d") == 3
    assert resolve_recommendation(opts, "Balanced") == 1
    with pytest.raises(InputError, match=r"expected one of the options A \(lean\), B \(balanced\)"):
        resolve_recommendation(opts, "E")


def test_bad_input_is_an_input_error(shipped, options):
    with pytest.raises(InputError, match="unknown audience"):
        options_paper(shipped, "press", options=options, charts=False)
    with pytest.raises(InputError, match="cannot recommend"):
        options_paper(shipped, options=options, recommend="lean and mean", charts=False)
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        options_paper(shipped, options=options, details=ReportDetails(meeting_date="20/03/2018"), charts=False)


# ---------------------------------------------------------------- charts added for the paper


def test_the_coverage_chart_shows_every_area_including_those_left_out(options):
    option = options[0]
    spec = set_coverage_chart(option.coverage_by_area).to_dict()
    (data,) = spec["datasets"].values()
    assert [d["service_area"] for d in data] == option.coverage_by_area["service_area"].tolist()
    uncovered = [d["label"] for d in data if not d["covered"]]
    assert uncovered and all(label.startswith("none of ") for label in uncovered)
    png = chart_png(set_coverage_chart(option.coverage_by_area))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_robustness_chart_marks_indicators_left_out(shipped, options):
    acc = acceptability(shipped, "scrutiny", top_k=options[0].size, samples=500)
    spec = set_robustness_chart(robustness_rows(acc, options[0].ids), acc.top_k).to_dict()
    (data,) = spec["datasets"].values()
    labels = [d["indicator"] for d in data]
    assert sum(label.endswith("(left out)") for label in labels) == 5
    assert [d["in_set"] for d in data][: options[0].size] == [True] * options[0].size


def test_set_coverage_counts_the_chosen_by_area(shipped):
    coverage = set_coverage(shipped, ["CL-EET", "CL-ACCOM", "CP-REPEAT"])
    by_area = coverage.set_index("service_area")
    assert by_area.at["Care leavers", "chosen"] == 2 and by_area.at["Child protection", "chosen"] == 1
    assert coverage["chosen"].sum() == 3 and coverage["candidates"].sum() == len(shipped)
    assert coverage["service_area"].tolist() == shipped.service_areas


# ---------------------------------------------------------------- the record of a decision


AGREED = ["CP-REPEAT", "LAC-HEALTH", "WF-CASE", "REF-REREF", "EH-OUTCOME"]


@pytest.fixture
def store(tmp_path):
    conn = open_store(tmp_path / "store.db")
    small = load_longlist(SMALL)
    lock_decision(
        conn,
        small,
        AGREED,
        meeting="ECF Budget and Performance Sub-Committee",
        meeting_date="2018-03-20",
        weights={"relevance": 40},
        robustness={"sampling": "members", "members": MEMBERS, "samples": 1000, "seed": 3},
        constraints={"size": 5, "min_per_area": 1},
        note="Agreed with one change to Option B",
        now=datetime(2018, 3, 20, 21, 0, tzinfo=UTC),
    )
    yield conn
    conn.close()


def test_the_record_states_the_agreed_set_how_it_was_decided_and_its_hashes(store):
    export = load_export(store, "D0001")
    data = decision_paper(export)
    doc = _doc(data)
    headings = _headings(doc)
    assert [h for h in headings if h[:1].isdigit()] == list(RECORD_HEADINGS)
    assert "Appendix 1: the scored long list" in headings
    text = _all_text(doc)
    decision = export.decision
    for needed in (decision.sha256, decision.longlist_hash, decision.criteria_hash, "Agreed with one change"):
        assert needed in text
    assert "at least 1 from every service area" in text  # the recorded set rules
    assert "3 members gave their own weights" in text
    front = dict((row[0], row[1]) for row in _rows(doc.tables[0]))
    assert front["Date:"] == "20 March 2018"
    assert front["Decision:"].startswith("D0001 (SHA-256 " + decision.sha256[:16])
    items = [p for p in _paragraphs(doc) if re.match(r"^\d+\.\t", p)]
    names = export.longlist.frame.set_index("id")["name"]
    assert items == [f"{i}.\t{names[c]} ({c})" for i, c in enumerate(AGREED, start=1)]


def test_the_record_table_matches_the_recomputed_scores_ranks_and_shares(store):
    export = load_export(store, "D0001")
    doc = _doc(decision_paper(export))
    acc = export.acceptability
    (rows,) = _tables(doc, record_table_header(acc.top_k))
    assert record_table_header(acc.top_k)[-1] == "In top 5"
    assert [_id_of(r[1]) for r in rows] == AGREED
    ranks, scores = export.ranking.ranks, export.ranking.scores
    shares = acc.table.set_index("id")["p_top_k"]
    for row, cid in zip(rows, AGREED, strict=True):
        assert row[5] == f"{scores[cid]:.3f}"
        assert int(row[6]) == int(ranks[cid])
        assert row[7] == fmt_percent(shares[cid])
    body = _table_starting(doc, APPENDIX_BASE_HEADER)[1:]
    assert [r[1] for r in body] == export.ranking.ids
    assert {r[1]: r[-1] for r in body if r[-1]} == {c: str(i) for i, c in enumerate(AGREED, start=1)}
    assert len(doc.inline_shapes) == 2


def test_the_record_is_made_again_byte_for_byte_and_notes_a_later_decision(store, tmp_path):
    first = decision_paper_from_store(store, "D0001", charts=False)
    assert decision_paper_from_store(store, "D0001", charts=False) == first
    small = load_longlist(SMALL)
    lock_decision(store, small, AGREED[:4], meeting="ECF B&P", meeting_date="2018-06-20", supersedes="D0001")
    text = "\n".join(_paragraphs(_doc(decision_paper_from_store(store, "D0001", charts=False))))
    assert "has since been replaced by decision D0002" in text
    later = "\n".join(_paragraphs(_doc(decision_paper_from_store(store, "D0002", charts=False))))
    assert "This decision replaces decision D0001." in later


def test_an_unknown_decision_is_an_input_error(store):
    with pytest.raises(InputError, match="no decision 'D0042'"):
        decision_paper_from_store(store, "D0042")


# ---------------------------------------------------------------- the command line


def test_cli_writes_the_options_paper(tmp_path, capsys):
    out = tmp_path / "paper.docx"
    code = main(["paper", str(SMALL), "--out", str(out), "--samples", "500", "--no-charts", "--recommend", "lean"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "recommended: Option A" in printed and f"wrote {out}" in printed
    doc = _doc(out.read_bytes())
    assert _headings(doc)[:2] == list(HEADINGS[:2])


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


def test_cli_unknown_decision_exits_2(tmp_path, capsys):
    assert (
        main(["paper", "--decision", "D0009", "--db", str(tmp_path / "s.db"), "--out", str(tmp_path / "r.docx")]) == 2
    )
    assert "no decision 'D0009'" in capsys.readouterr().err


# ---------------------------------------------------------------- it opens outside Word (LibreOffice)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_renders_the_paper_to_pdf(paper_bytes, tmp_path):
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
        timeout=180,
    )
    pdf = tmp_path / "paper.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr.decode(errors="replace")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= 10  # front sheet, commentary, four options with charts, appendix
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True
        )
        (png,) = tmp_path.glob("p-*.png")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_record_decided_by_another_method_shows_that_methods_scores_without_contributions(tmp_path):
    conn = open_store(tmp_path / "store.db")
    small = load_longlist(SMALL)
    lock_decision(conn, small, AGREED, meeting="B&P", meeting_date="2018-03-20", method="topsis")
    doc = _doc(decision_paper_from_store(conn, "D0001", charts=False))
    conn.close()
    ranking = score(small, "scrutiny", None, "topsis")
    rows = _table_starting(doc, APPENDIX_BASE_HEADER)
    assert rows[0] == [*APPENDIX_BASE_HEADER, "Agreed"]  # no contribution columns for TOPSIS
    assert [r[1] for r in rows[1:]] == ranking.ids
    assert [r[4] for r in rows[1:]] == [f"{s:.3f}" for s in ranking.table["score"]]
    assert "The method is the topsis: closeness to the ideal candidate" in "\n".join(_paragraphs(doc))


def test_the_agenda_works_on_a_list_without_comparators_or_owners(tmp_path):
    frame = pd.read_csv(ROOT / "tests" / "fixtures" / "sample_minimal.csv", dtype=str)
    assert "comparators" not in frame.columns and "owner" not in frame.columns
    frame.loc[frame["id"] == "WF-CASE", "data_availability"] = "1"  # matters 4, data 1: on the agenda
    frame.to_csv(tmp_path / "list.csv", index=False)
    agenda = data_development_agenda(load_longlist(tmp_path / "list.csv"))
    assert agenda["id"].tolist() == ["WF-CASE"]
    assert agenda.at[0, "gaps"] == "data availability 1 of 5"
    assert (
        agenda.at[0, "fix"]
        == "build a rolling quarterly extract from the case system using the Workforce census definition"
    )
    assert agenda.at[0, "owner"] == ""
