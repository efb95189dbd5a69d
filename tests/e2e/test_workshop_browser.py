"""The whole workshop in a real browser: weigh, build, lock, download, refresh."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.e2e.conftest import shoot, wait_for_app

pytestmark = pytest.mark.e2e


def nav(page, title: str) -> None:
    page.get_by_test_id("stSidebarNavLink").filter(has_text=title).click()
    wait_for_app(page)


def leading(page) -> str:
    return page.locator("p", has_text="Leading now:").first.inner_text()


def slider_to(page, label: str, key: str) -> None:
    """Move the swing slider labelled ``label`` to one end (key is Home or End)."""
    slider = page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")
    slider.focus()
    slider.press(key)
    wait_for_app(page)


def test_workshop_end_to_end(app_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    page = context.new_page()
    page.goto(app_server["url"] + "/weigh")
    wait_for_app(page)
    assert re.search(r"draft=\w+", page.url), page.url
    draft_url = page.url

    # 1. change a weight and see the ranking change
    before = leading(page)
    for label in ("Matters", "Speaks to this audience", "Good timely data", "Risk of perverse incentives"):
        slider_to(page, label, "Home")
    slider_to(page, "Comparable", "End")
    after = leading(page)
    for _ in range(100):
        if after != before:
            break
        page.wait_for_timeout(200)
        after = leading(page)
    assert after != before
    assert "Comparable 100%" in page.locator("p", has_text="Weights in force").first.inner_text()
    shoot(page, "e2e-weigh-after-change-1280x720")

    # 2. build a set and make it the agreed set
    nav(page, "Build the set")
    page.get_by_role("button", name="Use this set as the agreed set").click()
    wait_for_app(page)
    page.get_by_role("button", name="This is the agreed set").wait_for(timeout=20_000)

    # 3. lock it
    nav(page, "Agree and lock")
    meeting = page.get_by_label("Meeting", exact=True)
    meeting.fill("ECF B&P Sub-Committee, 20 March 2018")
    meeting.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Lock the agreed set").click()
    page.get_by_role("button", name="Lock it on record").click()
    page.get_by_text(re.compile("Locked as decision D0001")).wait_for(timeout=30_000)
    shoot(page, "e2e-locked-1280x720")

    # 4. download the CSV and check its contents
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    data = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == "D0001-agreed-set.csv"
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 12
    assert {r["decision_id"] for r in rows} == {"D0001"}
    assert all(len(r["decision_sha256"]) == 64 for r in rows)

    # 5. refresh: the decision and the draft are intact
    page.reload()
    wait_for_app(page)
    page.get_by_text(re.compile("Locked as decision D0001")).wait_for(timeout=30_000)
    page.goto(draft_url)
    wait_for_app(page)
    assert leading(page) == after
    thumb = page.get_by_test_id("stSlider").filter(has_text="Comparable").get_by_test_id("stSliderThumbValue")
    assert thumb.inner_text() == "100"
    context.close()


PAGES = [
    ("", "Long list of candidate indicators"),
    ("weigh", "Weigh and rank"),
    ("robustness", "How sure are we?"),
    ("build", "Build a balanced set"),
    ("lock", "Agree and lock"),
    ("log", "Decision log"),
]


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
@pytest.mark.parametrize("present", [False, True], ids=["officer", "presentation"])
def test_screenshots_of_every_page(app_server, browser, size, present):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    mode = "presentation" if present else "officer"
    for path, title in PAGES:
        page.goto(f"{app_server['url']}/{path}" + ("?present=1" if present else ""))
        wait_for_app(page)
        page.get_by_role("heading", name=title).wait_for(timeout=30_000)
        if page.get_by_test_id("stVegaLiteChart").count():
            page.get_by_test_id("stVegaLiteChart").first.locator("canvas, svg").first.wait_for(timeout=30_000)
        assert page.get_by_test_id("stException").count() == 0
        assert page.get_by_text("Page not found").count() == 0
        shoot(page, f"{path or 'long-list'}-{mode}-{width}x{height}")
    context.close()
