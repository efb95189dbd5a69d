"""The browser benchmark's clock: times taken in the page, matched to what happened there.

``benchmarks/bench_browser.py`` times a slider move from the page's ``keydown`` to the
page receiving that run's ``script_finished`` message, and the first Weigh page from
the server's health to the page first showing its ranking (``PAGE_CLOCK``, a script
added to every page). If Streamlit changed how its page talks to the server, or drew
the Weigh page differently, the benchmark would print wrong figures or none; these
tests fail instead.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks import bench_browser
from tests.e2e.conftest import CHROMIUM, ROOT


@pytest.fixture(autouse=True)
def _chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run should have installed it")
        pytest.skip("chromium not installed (apt-get install chromium)")


def test_a_press_is_timed_from_the_pages_key_press_to_the_runs_finish(browser, tmp_path):
    server = bench_browser.Server(ROOT / "benchmarks" / "trivial_app.py", {}, tmp_path / "trivial.log")
    try:
        trivial = bench_browser.Contender("trivial", browser, server.url, bench_browser.SLIDERS, server)
        try:
            before = trivial.page.locator(bench_browser.SLIDERS).first.input_value()
            for _ in range(3):
                trivial.press()
            after = trivial.page.locator(bench_browser.SLIDERS).first.input_value()
            shown = trivial.page.get_by_text(f"The value is {after}.").count()
        finally:
            trivial.close()
    finally:
        server.stop()
    assert int(after) == int(before) + 3 * 5  # three presses, three runs: each one timed
    assert shown == 1
    assert len(trivial.times) == len(trivial.harness_times) == 3
    # in the page: after the key press, and not later than Playwright, two processes away,
    # heard of the same message (plus the few ms its round trips take)
    for in_page, harness in zip(trivial.times, trivial.harness_times, strict=True):
        assert 0 < in_page < harness + 20


def test_the_first_weigh_page_is_timed_when_its_ranking_is_drawn(browser, tmp_path):
    env = {"PMF_SELECT_DB": str(tmp_path / "first.db")}
    ready, tab, start = bench_browser.first_weigh(browser, env, tmp_path / "first.log")
    assert 0 < tab < ready < 60
    assert start > 0


def test_the_page_clock_waits_for_the_ranking_not_just_the_sliders(browser, tmp_path):
    """Run finished and sliders shown is not ready while the ranking is still hidden."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.add_init_script(bench_browser.PAGE_CLOCK)
    page = context.new_page()
    try:
        page.set_content(
            '<div data-testid="stApp" data-test-script-state="notRunning">'
            '<div data-testid="stSlider">weight</div>'
            '<div class="pmf-view"><div class="pmf-row" style="display:none">1. A</div>'
            '<div class="pmf-table"><table><tbody><tr><td>A</td></tr></tbody></table></div></div></div>'
        )
        page.evaluate("document.body.appendChild(document.createElement('p'))")  # a mutation to observe
        page.wait_for_timeout(100)
        assert page.evaluate("window.__pmfReady === undefined")
        page.evaluate("document.querySelector('.pmf-row').style.display = 'block'")
        page.wait_for_function("window.__pmfReady && window.__pmfReady.painted !== undefined", timeout=5_000)
        dom, painted = page.evaluate("[window.__pmfReady.dom, window.__pmfReady.painted]")
    finally:
        context.close()
    assert 0 < dom <= painted
