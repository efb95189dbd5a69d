"""User text renders as text on every page, in a real browser (issue 17, security 1 and 2).

A draft whose long list, criteria labels, audience label, members, meeting and note
carry HTML, Markdown links and images and ``javascript:`` URLs is put in the app's
store; each page is opened on it and the rendered DOM must hold no injected element
(no <img>, <a> or styled <span> of ours, no javascript: link, no link to the payload
hosts), the payload must show as plain text, and the browser must fetch nothing from
the payload hosts. The same for a crafted ``?draft=`` value.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.e2e.conftest import shoot, wait_for_app

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1:9"  # the discard port: nothing answers, but a request would be seen
PAYLOADS = {
    "img": f'<img src="http://{HOST}/tag.png" id="inj-img">',
    "a": '<a href="javascript:alert(1)" id="inj-a">Click</a>',
    "span": '<span style="font-size:40px" id="inj-span">BIG</span>',
    "md_link": "[Session expired - click here](javascript:alert(1))",
    "md_image": f"![remote](http://{HOST}/md.png)",
    "autolink": "see https://example.invalid/auto and www.example.invalid",
    "directive": ":red[coloured] **bold** :skull:",
}
WHERE = """e => e.map(x => {
    const box = x.closest('[data-testid]');
    const outer = box && box.parentElement ? box.parentElement.closest('[data-testid]') : null;
    return (outer ? outer.getAttribute('data-testid') + ' > ' : '') + (box ? box.getAttribute('data-testid') : '?')
        + ': ' + x.outerHTML;
})"""
PAGES = [
    "",
    "long-list",
    "weigh",
    "round",
    "robustness",
    "build",
    "lock",
    "log",
    "quarterly-report",
    "officer",
    "paper",
]
INJECTED = (
    "#inj-img, #inj-a, #inj-span, img[src*='127.0.0.1:9'], a[href^='javascript:'], "
    "a[href*='example.invalid'], a[href*='127.0.0.1:9']"
)


def _hostile_draft(db: Path) -> str:
    from pmf_select.longlist import load_criteria, parse_longlist
    from pmf_select.record import criteria_definition, criteria_from_definition, lock_decision, open_store, save_draft

    definition = criteria_definition(load_criteria())
    names = list(PAYLOADS.values())
    for i, criterion in enumerate(definition["criterion"]):
        criterion["label"] = names[i % len(names)] + f" c{i}"
        criterion["question"] = PAYLOADS["md_link"]
        criterion["help"] = PAYLOADS["md_image"]
    for audience in definition["audience"]:
        audience["label"] = PAYLOADS["md_link"] + " " + PAYLOADS["img"]
    criteria = criteria_from_definition(definition)
    rows = list(csv.reader(io.StringIO((ROOT / "candidates" / "longlist.csv").read_text(encoding="utf-8-sig"))))
    header = rows[0]
    for i, row in enumerate(rows[1:15]):
        payload = names[i % len(names)]
        row[header.index("name")] = f"{payload} n{i}"
        for column in ("definition", "rationale", "source"):
            row[header.index(column)] = payload
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    longlist = parse_longlist(buffer.getvalue().encode(), "hostile <img>.csv", criteria)
    conn = open_store(db)
    first = longlist.ids[:4]
    state = {
        "audience": criteria.audience_keys[0],
        "picks": first,
        "members": {PAYLOADS["md_link"]: {"relevance": 50}, PAYLOADS["img"]: {"relevance": 10}},
        "meeting": PAYLOADS["md_link"],
        "notes": PAYLOADS["img"],
    }
    save_draft(conn, "hostile", state, longlist)
    decision = lock_decision(
        conn,
        longlist,
        first,
        meeting=PAYLOADS["md_link"],
        meeting_date="2018-03-14",
        audience=criteria.audience_keys[0],
        note=PAYLOADS["a"] + " " + PAYLOADS["md_image"],
        robustness={"samples": 200},
    )
    conn.close()
    return decision.id


def _check_page(page, requests: list[str], name: str) -> None:
    assert page.get_by_test_id("stException").count() == 0, f"{name}: the page raised an exception"
    injected = page.locator(INJECTED)
    assert injected.count() == 0, f"{name}: injected elements: {injected.evaluate_all(WHERE)}"
    from urllib.parse import urlparse

    fetched = [r for r in requests if urlparse(r).netloc in (HOST, "example.invalid", "www.example.invalid")]
    assert not fetched, f"{name}: the browser fetched {fetched}"


def test_payloads_render_as_text_on_every_page(app_server, browser):
    _hostile_draft(app_server["db"])
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    seen_text = set()
    for name in PAGES:
        page.goto(f"{app_server['url']}/{name}?draft=hostile")
        wait_for_app(page)
        if name == "log":
            expanders = page.get_by_test_id("stExpander")
            if expanders.count():
                expanders.first.click()
                wait_for_app(page)
        if name == "weigh":  # the ranking view draws itself after the run: wait for it
            page.locator(".pmf-view .pmf-row").first.wait_for(timeout=30_000)
            view = page.locator(".pmf-view").first.inner_text()
            # the audience's and the criteria's labels, shown exactly as typed
            assert PAYLOADS["img"] in view and PAYLOADS["md_link"] in view and "<span" in view, view[:300]
        _check_page(page, requests, name)
        body = page.locator("[data-testid='stMain']").inner_text().replace("\u2060", "")  # see ui/text.py
        for key, payload in PAYLOADS.items():
            if payload in body:
                seen_text.add(key)
        shoot(page, f"e2e-payloads-{name or 'start'}-1280x720")
    # the payloads were on the pages, shown literally (not swallowed)
    assert {"md_link", "img", "md_image"} <= seen_text, seen_text
    context.close()


def test_a_crafted_draft_url_is_shown_as_text(app_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    crafted = f"x'. [Session expired – click here](https://example.invalid/login) ![i](http://{HOST}/q.png)"
    from urllib.parse import quote

    page.goto(f"{app_server['url']}/weigh?draft={quote(crafted)}")
    wait_for_app(page)
    warning = page.get_by_test_id("stAlertContentWarning").first  # shown on the page itself, in both modes
    text = warning.inner_text().replace("\u2060", "")
    assert "No saved draft" in text and "[Session expired – click here](https://example.invalid/login)" in text
    _check_page(page, requests, "draft warning")
    shoot(page, "e2e-payloads-draft-url-1280x720")
    context.close()
