"""The Options paper page in a real browser: the steps are shown while it works, the file downloads."""

from __future__ import annotations

import io

import pytest
from docx import Document

from tests.e2e.conftest import shoot, wait_for_app

pytestmark = pytest.mark.e2e


def test_the_paper_is_made_with_its_steps_shown_and_downloads(app_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    page = context.new_page()
    page.goto(app_server["url"] + "/paper")
    wait_for_app(page)
    page.get_by_role("heading", name="Options paper").wait_for(timeout=30_000)
    assert page.get_by_text("report number is empty").count() == 1
    shoot(page, "paper-officer-1280x720")
    page.get_by_role("button", name="Make the options paper (about ten seconds)").click()
    page.get_by_text("Step 1 of 3").wait_for(timeout=30_000)  # never a blank wait
    button = page.get_by_role("button", name="Download the options paper (DOCX)")
    button.wait_for(timeout=180_000)
    with page.expect_download() as info:
        button.click()
    data = info.value.path().read_bytes()
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "1. REASON FOR REPORT" in text and "Why officers recommend Option" in text
    shoot(page, "paper-done-officer-1280x720")
    context.close()
