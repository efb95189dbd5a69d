"""The long-list page: the shipped list, filters, and uploads that never lose the list."""

from __future__ import annotations

import re
from pathlib import Path

from tests.app.conftest import open_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_shipped_list_shows_every_candidate():
    at = open_app("longlist")
    assert at.title[0].value == "Long list of candidate indicators"
    table = at.dataframe[0].value
    assert len(table) >= 60
    assert {"id", "name", "service_area", "Matters", "Relevance", "Gaming risk"} <= set(table.columns)
    assert "candidates across" in at.caption[0].value


def test_filter_by_area_and_search_narrow_the_table():
    at = open_app("longlist")
    at.multiselect(key="ll_areas").set_value(["Care leavers"]).run()
    areas = set(at.dataframe[0].value["service_area"])
    assert areas == {"Care leavers"}
    at.multiselect(key="ll_areas").set_value([]).run()
    at.text_input(key="ll_search").input("adoptive").run()
    names = at.dataframe[0].value["name"].str.lower().tolist()
    assert names and all("adopt" in n or "adopt" in n for n in names)


def test_reading_an_indicator_shows_definition_rationale_and_source():
    at = open_app("longlist")
    at.selectbox(key="ll_pick").set_value("CP-REPEAT").run()
    text = " ".join(m.value for m in at.markdown)
    assert "**Definition.**" in text and "**Why it matters.**" in text and "CIN census" in text


def test_relevance_heatmap_covers_six_audiences():
    import json

    at = open_app("longlist")
    charts = at.get("vega_lite_chart")
    spec = json.loads(charts[0].proto.spec)
    assert spec["layer"][0]["mark"]["type"] == "rect"
    assert spec["layer"][0]["encoding"]["x"]["sort"] == [
        "Scrutiny", "Executive", "Strategic", "Operational", "Partners", "Regulator",
    ]


def test_bad_upload_lists_every_problem_and_keeps_the_current_list():
    at = open_app("longlist")
    before = len(at.dataframe[0].value)
    data = (FIXTURES / "sample_bad_mixed.csv").read_bytes()
    at.file_uploader(key="ll_upload").set_value(("bad.csv", data, "text/csv")).run()
    assert not at.exception
    error = re.sub(r"\\(.)", r"\1", at.error[0].value)  # user text is shown escaped (pmf_select/ui/text.py)
    assert "bad.csv was not loaded (3 problem(s))" in error
    assert "row 2, column 'relevance_scrutiny'" in error and "row 4, column 'data_availability'" in error
    assert len(at.dataframe[0].value) == before


def test_good_upload_replaces_the_list_and_survives_a_refresh():
    from tests.app.conftest import reopen

    at = open_app("longlist")
    data = (FIXTURES / "sample_minimal.csv").read_bytes()
    at.file_uploader(key="ll_upload").set_value(("mine.csv", data, "text/csv")).run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 3
    again = reopen(at, "longlist")
    assert len(again.dataframe[0].value) == 3
    assert "mine.csv" in again.caption[0].value.replace("\\", "")


def test_relevance_column_follows_the_audience_chosen_elsewhere():
    from tests.app.conftest import reopen

    at = open_app("weigh")
    at.selectbox(key="audience").set_value("operational").run()
    at.switch_page("pmf_select/ui/pages/longlist.py").run()
    table = at.dataframe[0].value.set_index("id")
    assert "relevance is to the operational audience" in " ".join(c.value for c in at.caption)
    again = reopen(at, "longlist")
    assert again.dataframe[0].value.set_index("id")["Relevance"].equals(table["Relevance"])
