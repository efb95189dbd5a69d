"""The Quarterly report page in a real browser at projector size: it fits, and says what is off track."""

from __future__ import annotations

import pytest

from pmf_select.quarterly import fill_template, import_template
from tests.e2e.conftest import shoot, wait_for_app
from tests.quarterly_helpers import ILLUSTRATIVE_XLSX, example_store, template_xlsx

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def with_figures(app_server):
    conn = example_store(app_server["db"])
    data, _ = fill_template(template_xlsx(conn), "t.xlsx", ILLUSTRATIVE_XLSX.read_bytes(), "ill.xlsx")
    import_template(conn, data, "filled.xlsx")
    conn.close()
    return app_server


@pytest.mark.parametrize("present", [False, True], ids=["officer", "present"])
def test_screenshots_quarterly_report_fits_a_1280x720_projector(with_figures, browser, present):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(f"{with_figures['url']}/quarterly-report{'?present=1' if present else ''}")
        wait_for_app(page)
        page.wait_for_selector("text=Exceptions: what is off track", timeout=60_000)
        assert page.get_by_text("Illustrative figures, not Bromley's data").first.is_visible()
        # the exceptions are on the first screen, above the fold
        first = page.get_by_text("Looked after children with three or more placements in the year").first
        box = first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 720
        # nothing is wider than the screen
        width = page.evaluate("document.querySelector('[data-testid=stMain]').scrollWidth")
        assert width <= 1280
        shoot(page, f"quarterly-report-1280x720{'-present' if present else ''}")
    finally:
        page.close()


def test_officers_upload_a_filled_template_and_a_bad_cell_is_named(with_figures, browser, tmp_path):
    from pmf_select.quarterly import list_versions
    from pmf_select.record import open_store
    from tests.quarterly_helpers import Q2, fill_csv, template_csv

    conn = open_store(with_figures["db"])
    blank = template_csv(conn)
    conn.close()
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_bytes(fill_csv(blank, {("CP-REPEAT", Q2): "45%"}))
    good.write_bytes(fill_csv(blank, {("CP-REPEAT", Q2): "45"}))
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(f"{with_figures['url']}/quarterly-report")
        wait_for_app(page)
        for path in (bad, good):
            page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
            # the button is already there for the second file: wait for this file to be
            # uploaded and the page to rerun with it, or the click may import the first again
            page.get_by_text(path.name, exact=True).first.wait_for(timeout=60_000)
            wait_for_app(page)
            page.get_by_role("button", name="Import it").click()
            wait_for_app(page)
            if path is bad:
                page.wait_for_selector("text=nothing was stored", timeout=60_000)
                assert page.get_by_text(f"bad.csv, row 4, column O '{Q2}'", exact=False).first.is_visible()
            else:
                page.wait_for_selector("text=stored as version 2", timeout=60_000)
    finally:
        page.close()
    conn = open_store(with_figures["db"])
    try:
        assert [v.file_name for v in list_versions(conn, "D0001")] == ["filled.xlsx", "good.csv"]
    finally:
        conn.close()
