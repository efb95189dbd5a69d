"""A real app server and a real browser (Debian's chromium, driven by Playwright).

Playwright's own browser download does not work here, so the browser is
``/usr/bin/chromium``. Without it the tests skip locally; under CI they fail, since
``.ci/run`` installs chromium.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    """``streamlit run serve.py`` (what ``make run`` starts) on a free localhost port with its own store."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run should have installed it")
        pytest.skip("chromium not installed (apt-get install chromium)")
    port = _free_port()
    db = tmp_path_factory.mktemp("store") / "e2e.db"
    log = tmp_path_factory.mktemp("log") / "server.log"
    env = {**os.environ, "PMF_SELECT_DB": str(db)}
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "serve.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app server exited:\n{log.read_text()}")
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail(f"the app server did not become healthy:\n{log.read_text()}")
    yield {"url": url, "db": db, "log": log}
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def wait_for_app(page) -> None:
    """Wait until the script has run and the widgets have settled (Streamlit's own e2e recipe)."""
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=60_000)
    page.wait_for_timeout(250)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0", timeout=60_000)
    page.wait_for_timeout(300)


def shoot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[str]:
    """WCAG 2.2 A/AA violations axe-core finds on the page as it is now (empty when clean).

    axe-core comes from npm (package.json, installed by ``make test`` and ``.ci/run``).
    Without it the audit skips locally and fails under CI.
    """
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is missing: `npm ci` should have installed node_modules/axe-core")
        pytest.skip("axe-core not installed (npm ci)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:5]]}"
        for v in result["violations"]
    ]


def horizontal_overflow(page) -> int:
    """How many pixels the main area is wider than the window (0: no horizontal scroll)."""
    return page.evaluate(
        """() => Math.max(...[document.documentElement,
            document.querySelector('[data-testid=stMain]'),
            document.querySelector('[data-testid=stMainBlockContainer]')]
            .filter(Boolean).map(e => e.scrollWidth - e.clientWidth))"""
    )


def grids_scrolling_sideways(page) -> list[list[int]]:
    """``[scrollWidth, clientWidth]`` of each st.dataframe grid wider than its box (empty: none)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stDataFrame] .dvn-scroller')]
            .map(e => [e.scrollWidth, e.clientWidth]).filter(([s, c]) => s > c + 1)"""
    )


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and box["x"] >= 0


SCROLL_TOP = "() => (document.querySelector('[data-testid=stMain]') || document.scrollingElement).scrollTop"


def focus_settled(page, locator, timeout_ms: int = 3_000) -> None:
    """Focus ``locator`` and wait until the page has finished scrolling it into view.

    Streamlit's widget library (react-aria) patches ``HTMLElement.focus``: a programmatic
    focus scrolls an element that is out of view into the middle of its scroller, smoothly
    and a frame later. A key pressed before that scroll ends (Enter on a "Next" link at
    the foot of the long list) changes the page while it runs, and it can run on into the
    new page: the Weigh page once opened at its foot (1 of about 45 end-to-end runs). A
    person tabbing to the link or clicking it starts no such scroll."""
    locator.focus()
    last, waited = None, 0
    while waited < timeout_ms:
        page.wait_for_timeout(80)
        waited += 80
        now = page.evaluate(SCROLL_TOP)
        if now == last:
            return
        last = now


def settled_in_viewport(page, locators, timeout_ms: int = 5_000) -> str:
    """Wait until every locator is inside the viewport (the page settles after a page
    change: Streamlit swaps the old page's elements out and resets the scroll over a
    few frames). Returns "" when they are; else says what was missing or out of view,
    and where, and keeps a screenshot of the page (test-artifacts/settle-failure-*)."""
    waited = 0
    while True:
        out = [i for i, locator in enumerate(locators) if not (locator.count() and in_viewport(page, locator))]
        if not out:
            return ""
        if waited >= timeout_ms:
            where = [locators[i].bounding_box() if locators[i].count() else "missing" for i in out]
            shot = shoot(page, f"settle-failure-{int(time.time())}")
            return f"out of view: {out} at {where}; scrolled {page.evaluate(SCROLL_TOP)} px; see {shot}"
        page.wait_for_timeout(100)
        waited += 100
