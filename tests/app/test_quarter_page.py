"""The Quarterly report page: exceptions first, scorecard, trends; officers enter figures with the file's checks."""

from __future__ import annotations

from pmf_select.quarterly import fill_template, import_template, list_versions, stored_figures
from pmf_select.record import open_store
from tests.app.conftest import open_app
from tests.quarterly_helpers import ILLUSTRATIVE_XLSX, Q1, example_store, template_xlsx


def _with_illustrative_figures(db):
    conn = example_store(db)
    data, _ = fill_template(template_xlsx(conn), "t.xlsx", ILLUSTRATIVE_XLSX.read_bytes(), "ill.xlsx")
    import_template(conn, data, "filled.xlsx")
    conn.close()


def _versions(db):
    conn = open_store(db)
    try:
        return list_versions(conn, "D0001")
    finally:
        conn.close()


def test_without_a_decision_the_page_says_what_to_do_first():
    at = open_app("quarter")
    assert any("No decision has been locked yet" in i.value for i in at.info)


def test_the_report_puts_exceptions_first_then_the_scorecard_and_trends(fresh_store):
    _with_illustrative_figures(fresh_store)
    at = open_app("quarter")
    assert at.selectbox(key="quarter_decision").value == "D0001"
    assert at.get("button_group")[0].value == "Q4 2018-19"  # the latest quarter with figures
    assert "illustrative figures, not bromley's data" in at.warning[0].value.lower()
    counts = {m.label: int(m.value) for m in at.metric}
    assert counts == {"Green": 2, "Amber": 5, "Red": 2, "Not rated": 2, "No data": 1}
    flagged = [e.value for e in at.error]
    assert len(flagged) == 2 and "three or more placements" in flagged[0] and "Agency social workers" in flagged[1]
    table = at.dataframe[0].value
    assert len(table) == 12 and set(table["RAG"]) <= {"green", "amber", "red", "not rated", "no data"}
    assert table.set_index("#").loc[5, "RAG"] == "no data"  # HEALTH-SDQ Q4 was left blank
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    assert any("plan to recover" in m.value for m in at.markdown)


def test_choosing_another_quarter_rates_that_quarter(fresh_store):
    _with_illustrative_figures(fresh_store)
    at = open_app("quarter")
    at.get("button_group")[0].set_value("Q1 2018-19").run()
    assert not at.exception
    counts = {m.label: int(m.value) for m in at.metric}
    assert counts["No data"] == 0 and counts["Red"] == 1  # CP-REPEAT 24 against a red level of 23
    assert "Q1 2018-19" in at.subheader[1].value


def _edit(at, row: int, column: str, value: str):
    at.session_state["quarter_editor"] = {
        "edited_rows": {row: {column: value}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="quarter_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_entered_figures_get_the_same_checks_as_a_file_and_nothing_is_stored(fresh_store):
    _with_illustrative_figures(fresh_store)
    at = _edit(open_app("quarter"), 0, Q1, "45%")
    message = at.error[-1].value.replace("\\", "")  # the page escapes user text for Markdown
    assert "entered in the app, row 2, column" in message and Q1 in message and "enter 45" in message
    assert "nothing was stored" in message
    assert len(_versions(fresh_store)) == 1


def test_entering_a_corrected_figure_stores_a_new_version_and_keeps_the_old(fresh_store):
    _with_illustrative_figures(fresh_store)
    at = _edit(open_app("quarter"), 0, Q1, "55")
    assert any("stored as version 2 (entered in the app)" in s.value for s in at.success)
    versions = _versions(fresh_store)
    assert [v.via for v in versions] == ["file", "app"] and versions[1].illustrative
    conn = open_store(fresh_store)
    try:
        latest = stored_figures(conn, "D0001")[2]
        first = stored_figures(conn, "D0001", 1)[2]
    finally:
        conn.close()
    from pmf_select.quarterly import Quarter

    assert latest.entry("CL-EET").values[Quarter(2018, 1)] == 55
    assert first.entry("CL-EET").values[Quarter(2018, 1)] == 53
    # last year's figures, which the editor shows too, are carried into the new version
    assert latest.entry("CL-EET").values[Quarter(2017, 1)] == 48
