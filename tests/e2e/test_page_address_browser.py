"""A page opened at its own address (a refresh in the room, a link to a page) finds the
server on its first request, and the app then behaves as if it had been opened at its root.

Without ``pmf_select.ui.page_base``, Streamlit's page asks ``/weigh/_stcore/health``
first (a 404 and an error in the console), waits 100 ms and asks again at the root.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    calls, errors = [], []
    page.on("response", lambda r: "/_stcore/" in r.url and calls.append((r.status, r.url)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(url)
    wait_for_app(page)
    return context, page, calls, errors


@pytest.mark.parametrize("address", ["/weigh", "/weigh?present=1", "/long-list/", "/quarterly-report"])
def test_a_page_opened_at_its_own_address_asks_the_server_once(app_server, browser, address):
    context, page, calls, errors = _open(browser, app_server["url"] + address)
    try:
        health = [(status, url) for status, url in calls if "/_stcore/health" in url]
        assert health and all(status == 200 for status, _ in health), calls
        assert all(url == app_server["url"] + "/_stcore/health" for _, url in health), health
        assert not [e for e in errors if "404" in e], errors
        assert page.evaluate("window.__streamlit.BACKEND_BASE_URL") == app_server["url"] + "/"
        page.reload()  # the room's refresh: the same again
        wait_for_app(page)
        assert all(status == 200 for status, url in calls if "/_stcore/health" in url), calls
        assert page.get_by_test_id("stHeading").count() >= 1
    finally:
        context.close()


def test_moving_on_from_a_page_opened_at_its_address_keeps_the_apps_addresses(app_server, browser):
    context, page, calls, _ = _open(browser, app_server["url"] + "/weigh?present=1")
    try:
        link = page.get_by_role("link", name=re.compile("^Next: how sure are we"))
        link.click()
        page.wait_for_url(re.compile(r"/robustness\?"), timeout=30_000)
        wait_for_app(page)
        assert page.url.startswith(app_server["url"] + "/robustness?")
        assert "present=1" in page.url
        assert page.get_by_role("heading", name=re.compile("How sure")).count() >= 1
    finally:
        context.close()


def test_the_apps_root_is_served_as_streamlit_serves_it(app_server, browser):
    context, page, calls, errors = _open(browser, app_server["url"] + "/")
    try:
        assert page.evaluate("window.__streamlit === undefined")
        assert all(status == 200 for status, url in calls if "/_stcore/health" in url), calls
        assert not [e for e in errors if "404" in e], errors
    finally:
        context.close()
