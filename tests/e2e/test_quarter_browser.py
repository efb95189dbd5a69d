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
