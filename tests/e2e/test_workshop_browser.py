"""The whole workshop in a real browser, as the room sees it: presentation mode at 1280x720.

Weigh, build, lock and download with the keyboard only; every table's rows on the
page; the lock banner in view and no second lock; two screens on one draft; axe-core
finds no WCAG 2.2 A/AA violation on any page in either mode. Screenshots go to
test-artifacts/.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    axe_violations,
    focus_settled,
    grids_scrolling_sideways,
    horizontal_overflow,
    in_viewport,
    settled_in_viewport,
    shoot,
    wait_for_app,
)

pytestmark = pytest.mark.e2e


def leading(page) -> str:
    return page.locator("p", has_text="Leading now:").first.inner_text()


def slider_to(page, label: str, key: str) -> None:
    """Move the swing slider labelled ``label`` to one end with the keyboard (Home or End)."""
    slider = page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")
    slider.focus()
    slider.press(key)
    wait_for_app(page)


def press(page, locator) -> None:
    """Operate a button or link with the keyboard: focus it (once it is scrolled into
    view, :func:`focus_settled`), press Enter."""
    focus_settled(page, locator)
    locator.press("Enter")
    wait_for_app(page)


def next_step(page, label: str) -> None:
    """Follow the page's "Next: ..." link, and check the projector is still presenting
    (it fell back to the officer's layout in 3 of 33 runs before session.keep_mode)."""
    press(page, page.get_by_role("link", name=re.compile(f"^Next: {re.escape(label)}")))
    assert "present=1" in page.url, f"out of presentation mode after 'Next: {label}': {page.url}"
    assert page.get_by_test_id("stSidebar").is_hidden(), f"the officer's menu is open after 'Next: {label}'"


def assert_accessible(page, name: str) -> None:
    problems = axe_violations(page)
    assert not problems, f"{name}: " + "\n".join(problems)
    assert horizontal_overflow(page) <= 0, f"{name}: horizontal scroll"


def assert_tables_show_every_row(page) -> None:
    """Static tables: no inner scroll box (their content is as tall as their box)."""
    for table in page.get_by_test_id("stTable").all():
        heights = table.evaluate("e => [e.scrollHeight, e.clientHeight]")
        assert heights[0] <= heights[1] + 1, heights


def test_workshop_end_to_end_in_presentation_mode(app_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    page = context.new_page()
    page.goto(app_server["url"] + "/?present=1")
    wait_for_app(page)

    # 0. a cold open says where to start
    page.get_by_role("heading", name="Start here").wait_for(timeout=30_000)
    assert page.get_by_test_id("stSidebar").is_hidden()
    assert_accessible(page, "start")
    shoot(page, "e2e-1-start-presentation-1280x720")
    press(page, page.get_by_role("link", name=re.compile("^Begin: read the long list")))
    page.get_by_role("heading", name="Long list of candidate indicators").wait_for(timeout=30_000)
    assert re.search(r"draft=\w+", page.url), page.url
    draft_url = page.url
    next_step(page, "weigh the criteria")

    # 1. weigh: sliders beside the top of the ranking; change weights with the keyboard
    # (the Weigh page's own heading and a finished run first: until then the long list's
    # elements may still stand above the new page's, and its chart would pass the wait)
    page.get_by_role("heading", name="Weigh and rank").wait_for(timeout=30_000)
    wait_for_app(page)
    page.locator(".pmf-view .pmf-row").first.wait_for(timeout=30_000)  # the ranking view, drawn
    sliders = page.get_by_test_id("stSlider")
    assert sliders.count() == 5
    top = page.get_by_role("heading", name=re.compile("^Top 12 for"))
    problem = settled_in_viewport(page, [sliders.nth(i) for i in range(5)] + [top])
    assert not problem, f"a slider or the chart's heading is below the fold: {problem}"
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
    assert all(in_viewport(page, sliders.nth(i)) for i in range(5)), "moving a slider scrolled the page"
    assert_accessible(page, "weigh")
    shoot(page, "e2e-2-weigh-presentation-1280x720")

    # 2. how sure, then build: every row of the set on the page; use it (keyboard)
    next_step(page, "how sure are we?")
    page.get_by_role("heading", name="How sure are we?").wait_for(timeout=30_000)
    assert_accessible(page, "robustness")
    next_step(page, "build the set")
    page.get_by_role("heading", name=re.compile("^The best set of 12")).wait_for(timeout=30_000)
    best = page.get_by_test_id("stTable").first
    assert best.locator("tbody tr").count() == 12
    assert_tables_show_every_row(page)
    for name in ("Must include", "Must exclude"):
        assert page.get_by_test_id("stMultiSelect").filter(has_text=name).count() == 1
    assert page.get_by_text("If we drop", exact=True).count() == 1  # swap costs, in names
    assert_accessible(page, "build")
    shoot(page, "e2e-3-build-presentation-1280x720")
    press(page, page.get_by_role("button", name="Use this set as the agreed set"))
    page.get_by_role("button", name="This is the agreed set").wait_for(timeout=20_000)

    # 3. lock with the keyboard; the banner is at the top, in view; no second lock
    next_step(page, "agree and lock")
    page.get_by_role("heading", name="Agree and lock").wait_for(timeout=30_000)
    assert page.get_by_test_id("stTable").first.locator("tbody tr").count() == 12
    assert_tables_show_every_row(page)
    meeting = page.get_by_label("Meeting", exact=True)
    meeting.fill("ECF B&P Sub-Committee, 20 March 2018")
    meeting.press("Enter")
    wait_for_app(page)
    note = page.get_by_role("textbox", name="Note for the record")
    note.fill("Agreed as the best balanced set.")
    note.press("Control+Enter")
    wait_for_app(page)
    press(page, page.get_by_role("button", name="Lock the agreed set"))
    confirm = page.get_by_role("button", name="Lock it on record")
    confirm.wait_for(timeout=20_000)
    press(page, confirm)
    banner = page.get_by_text(re.compile(r"^Locked as D0001 at \d\d:\d\d: 12 indicators$"))
    banner.wait_for(timeout=30_000)
    assert in_viewport(page, banner), "the lock banner is out of view"
    download_csv = page.get_by_role("button", name="Download CSV")
    assert in_viewport(page, download_csv), "the downloads are not beside the banner"
    assert page.get_by_role("button", name="Lock the agreed set").count() == 0  # not offered again
    assert page.get_by_text(re.compile("This set is on record as D0001")).count() == 1
    assert_accessible(page, "lock (locked)")
    shoot(page, "e2e-4-locked-presentation-1280x720")

    # 4. download the CSV with the keyboard and check its contents
    with page.expect_download() as download:
        focus_settled(page, download_csv)
        download_csv.press("Enter")
    data = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename == "D0001-agreed-set.csv"
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 12
    assert {r["decision_id"] for r in rows} == {"D0001"}
    assert all(len(r["decision_sha256"]) == 64 for r in rows)

    # 5. refresh: the decision and the draft are intact, and Lock is still not offered
    page.reload()
    wait_for_app(page)
    page.get_by_text(re.compile(r"^Locked as D0001 at ")).wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Lock the agreed set").count() == 0
    page.goto(draft_url.replace("/long-list", "/weigh"))
    wait_for_app(page)
    assert leading(page) == after
    thumb = page.get_by_test_id("stSlider").filter(has_text="Comparable").get_by_test_id("stSliderThumbValue")
    assert thumb.inner_text() == "100"
    context.close()


def test_two_browsers_on_one_draft_are_told_when_stale(app_server, browser):
    projector_context = browser.new_context(viewport={"width": 1280, "height": 720})
    laptop_context = browser.new_context(viewport={"width": 1280, "height": 720})
    projector = projector_context.new_page()
    projector.goto(app_server["url"] + "/build?present=1")
    wait_for_app(projector)
    draft = re.search(r"draft=(\w+)", projector.url).group(1)
    laptop = laptop_context.new_page()
    laptop.goto(f"{app_server['url']}/build?draft={draft}")
    wait_for_app(laptop)

    def set_number(page, label: str, value: int) -> None:
        box = page.get_by_label(label, exact=True)
        box.fill(str(value))
        box.press("Enter")
        wait_for_app(page)

    set_number(projector, "Set size", 10)
    set_number(laptop, "At least n outcome measures", 4)  # based on the version before the projector's
    laptop.get_by_text(re.compile("changed on another screen")).wait_for(timeout=20_000)
    assert laptop.get_by_text(re.compile("Your latest change is not saved yet")).count() == 1
    shoot(laptop, "e2e-5-stale-draft-officer-1280x720")
    assert axe_violations(laptop) == []
    press(laptop, laptop.get_by_role("button", name="Keep my change on top"))
    # the button reruns the banner's fragment, which then reruns the whole page: wait for it
    expect(laptop.get_by_text(re.compile("changed on another screen"))).to_have_count(0, timeout=20_000)
    wait_for_app(laptop)
    expect(laptop.get_by_label("Set size", exact=True)).to_have_value("10")
    expect(laptop.get_by_label("At least n outcome measures", exact=True)).to_have_value("4")

    # the projector made no change since: it is told, live, that it is out of date, and reloads
    projector.get_by_text(re.compile("changed on another screen")).wait_for(timeout=20_000)
    assert projector.get_by_text(re.compile("This screen is out of date")).count() == 1
    assert projector.get_by_role("button", name="Keep my change on top").count() == 0
    press(projector, projector.get_by_role("button", name="Reload their version"))
    expect(projector.get_by_text(re.compile("changed on another screen"))).to_have_count(0, timeout=20_000)
    expect(projector.get_by_label("At least n outcome measures", exact=True)).to_have_value("4")
    expect(projector.get_by_label("Set size", exact=True)).to_have_value("10")
    projector_context.close()
    laptop_context.close()


PAGES = [
    ("", "Start here"),
    ("long-list", "Long list of candidate indicators"),
    ("weigh", "Weigh and rank"),
    ("robustness", "How sure are we?"),
    ("build", "Build a balanced set"),
    ("lock", "Agree and lock"),
    ("log", "Decision log"),
    ("round", "Members' round"),
    ("quarterly-report", "Quarterly report"),
    ("glossary", "Glossary"),
]
OFFICER_PAGES = [
    ("officer", "Officer: edit the long list"),
    ("paper", "Options paper"),
]


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
@pytest.mark.parametrize("present", [False, True], ids=["officer", "presentation"])
def test_screenshots_of_every_page(app_server, browser, size, present):
    """Every page in both modes: no error, no horizontal scroll, and (at 1280x720) axe-clean."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    mode = "presentation" if present else "officer"
    for path, title in PAGES + ([] if present else OFFICER_PAGES):
        page.goto(f"{app_server['url']}/{path}" + ("?present=1" if present else ""))
        wait_for_app(page)
        page.get_by_role("heading", name=title).wait_for(timeout=30_000)
        if page.get_by_test_id("stVegaLiteChart").count():
            page.get_by_test_id("stVegaLiteChart").first.locator("canvas, svg").first.wait_for(timeout=30_000)
        if path == "weigh":  # the live ranking view (a component) draws itself after the run
            page.locator(".pmf-view .pmf-row").first.wait_for(timeout=30_000)
        assert page.get_by_test_id("stException").count() == 0
        assert page.get_by_text("Page not found").count() == 0
        assert horizontal_overflow(page) <= 0, f"{path} {mode}: horizontal scroll"
        assert not grids_scrolling_sideways(page), f"{path} {mode}: a table scrolls sideways"
        if present:
            assert page.get_by_test_id("stSidebar").is_hidden()
        if (width, height) == (1280, 720):
            problems = axe_violations(page)
            assert not problems, f"{path or 'start'} {mode}: " + "\n".join(problems)
        shoot(page, f"{path or 'start'}-{mode}-{width}x{height}")
    context.close()


def test_officer_sections_below_the_ranking_follow_the_weights_and_close_again(app_server, browser):
    """The three closed sections under the officer's ranking are drawn outside the live
    fragment; opened, they are drawn inside it and follow a slider; closed again from
    inside, the page is redrawn and all three are back (none lost, none doubled)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(app_server["url"] + "/weigh")
    wait_for_app(page)
    labels = ["The whole ranking, sortable", "Check a score by hand", "Do the methods agree?"]
    expanders = page.get_by_test_id("stExpander")

    def shown() -> list[str]:
        return [label for label in labels if expanders.filter(has_text=label).count() == 1]

    page.get_by_role("heading", name=re.compile("^Top 20 for")).wait_for(timeout=30_000)
    assert shown() == labels
    expanders.filter(has_text=labels[0]).locator("summary").click()
    wait_for_app(page)
    grid = page.get_by_test_id("stDataFrame")
    grid.wait_for(timeout=30_000)
    before = leading(page)
    slider_to(page, "Speaks to this audience", "Home")
    expect(page.locator("p", has_text="Leading now:").first).not_to_have_text(before, timeout=30_000)
    assert shown() == labels and grid.count() == 1  # still open, redrawn in place
    expanders.filter(has_text=labels[0]).locator("summary").click()
    wait_for_app(page)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0, timeout=30_000)
    assert shown() == labels
    slider_to(page, "Speaks to this audience", "End")
    assert shown() == labels  # a slider move after closing keeps them, once each
    context.close()


def test_the_live_ranking_view_updates_in_place_and_its_labels_never_overlap(app_server, browser):
    """The Weigh page's chart and table (one component, pmf_select/ui/ranking_view.py):
    drawn in the browser, kept between slider moves (the same elements, new numbers),
    every row's label clear of the next, bars as wide as their scores, and the table's
    rows the same indicators in the same order as the chart's."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(app_server["url"] + "/weigh")
    wait_for_app(page)
    rows = page.locator(".pmf-view .pmf-row")
    expect(rows).to_have_count(20, timeout=30_000)
    page.evaluate("() => { window.pmfFirstRow = document.querySelector('.pmf-view .pmf-row'); }")
    boxes = [rows.nth(i).locator(".pmf-label").bounding_box() for i in range(20)]
    for upper, lower in zip(boxes, boxes[1:], strict=False):
        assert upper["y"] + upper["height"] <= lower["y"] + 0.5, "two bar labels overlap"
    widths = page.evaluate(
        """() => [...document.querySelectorAll('.pmf-view .pmf-row')].map(row =>
            row.querySelector('.pmf-track').getBoundingClientRect().width)"""
    )
    parts = page.evaluate(
        """() => [...document.querySelectorAll('.pmf-view .pmf-row')].map(row =>
            [...row.querySelectorAll('.pmf-part')].reduce((s, p) => s + p.getBoundingClientRect().width, 0))"""
    )
    scores = [float(s) for s in page.locator(".pmf-view table tbody tr td:nth-child(5)").all_inner_texts()]
    assert len(scores) == 20
    for width, drawn, score in zip(widths, parts, scores, strict=True):
        assert abs(drawn - score * width) <= 2.5  # a bar's length is its score on the 0-1 axis
    before = leading(page)
    slider_to(page, "Speaks to this audience", "Home")
    expect(page.locator("p", has_text="Leading now:").first).not_to_have_text(before, timeout=30_000)
    assert page.evaluate("() => window.pmfFirstRow === document.querySelector('.pmf-view .pmf-row')")
    labels = [t.split(". ", 1)[0] for t in rows.locator(".pmf-label").all_inner_texts()]
    ranks = page.locator(".pmf-view table tbody tr td:nth-child(1)").all_inner_texts()
    assert labels == ranks  # the chart and the table show the same ranking
    assert_accessible(page, "weigh-officer")
    context.close()
