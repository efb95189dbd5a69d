"""``pmf_select.ui.page_base``: a page's address tells Streamlit's page where the app lives."""

from __future__ import annotations

import asyncio
import gzip

import pytest

from pmf_select.ui.page_base import PageBaseMiddleware, page_segment, script, with_script

INDEX = b"<!DOCTYPE html>\n<html lang='en'>\n  <head>\n    <meta charset='UTF-8'>\n  </head><body></body></html>"


@pytest.mark.parametrize(
    ("path", "base", "segment"),
    [
        ("/weigh", "", "weigh"),
        ("/weigh/", "", "weigh"),
        ("/quarterly-report", "", "quarterly-report"),
        ("/pmf/weigh", "pmf", "weigh"),
        ("/pmf/weigh", "/pmf/", "weigh"),
        ("/a/b/weigh", "a/b", "weigh"),
        ("/", "", None),
        ("", "", None),
        ("/pmf", "pmf", None),  # the app's own root under its base
        ("/pmf/", "pmf", None),
        ("/weigh", "pmf", None),  # outside the server's base: not ours to touch
        ("/pmfx/weigh", "pmf", None),
        ("/a/weigh", "", None),  # two segments: not a page's address
        ("/static/js/index.js", "", None),
        ("/_stcore", "", None),
        ("/_stcore/health", "", None),
        ("/media", "", None),
        ("/component", "", None),
        ("/we%22igh", "", None),  # anything that would need escaping in the script
        ("/we'igh", "", None),
        ("/we<igh", "", None),
    ],
)
def test_only_a_pages_own_address_has_a_segment(path, base, segment):
    assert page_segment(path, base) == segment


def test_the_script_takes_the_segment_off_the_browsers_address_and_nothing_else():
    text = script("long-list").decode()
    assert "location.pathname.match(/^(.*\\/)long-list\\/?$/)" in text
    assert "BACKEND_BASE_URL: location.origin + base[1]" in text
    assert "if (window.__streamlit) return;" in text  # a host that set its own wins
    with pytest.raises(ValueError):
        script("a/b")
    with pytest.raises(ValueError):
        script("x</script><script>alert(1)")


def test_the_script_goes_first_in_the_head_or_not_at_all():
    body = with_script(INDEX, "weigh")
    assert body.index(b"<head><script>") < body.index(b"<meta")
    assert body.count(b"<script>") == 1
    assert with_script(b"<html><body>no head</body></html>", "weigh") is None


def _serve(path: str, *, body=INDEX, status=200, content_type=b"text/html; charset=utf-8", gzipped=False,
           method="GET", chunks=1, base=""):  # fmt: skip
    """Run the middleware around a fake app answering ``body``; return (start, body) sent."""
    payload = gzip.compress(body) if gzipped else body

    async def app(scope, receive, send):
        headers = [(b"content-type", content_type), (b"content-length", str(len(payload)).encode()),
                   (b"etag", b'"abc"'), (b"cache-control", b"no-cache")]  # fmt: skip
        if gzipped:
            headers.append((b"content-encoding", b"gzip"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        size = max(1, -(-len(payload) // chunks))
        pieces = [payload[i : i + size] for i in range(0, len(payload), size)] or [b""]
        for i, piece in enumerate(pieces):
            await send({"type": "http.response.body", "body": piece, "more_body": i < len(pieces) - 1})

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    scope = {"type": "http", "method": method, "path": path}
    asyncio.run(PageBaseMiddleware(app, base=base)(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    out = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start, out


def test_a_pages_index_html_gets_the_script_with_its_length_and_without_the_files_validators():
    start, body = _serve("/weigh", chunks=3)
    headers = dict(start["headers"])
    assert body == with_script(INDEX, "weigh")
    assert int(headers[b"content-length"]) == len(body)
    assert b"etag" not in headers
    assert headers[b"cache-control"] == b"no-cache"


def test_a_gzipped_page_stays_gzipped():
    start, body = _serve("/pmf/robustness", gzipped=True, base="pmf")
    headers = dict(start["headers"])
    assert headers[b"content-encoding"] == b"gzip"
    assert gzip.decompress(body) == with_script(INDEX, "robustness")
    assert int(headers[b"content-length"]) == len(body)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"path": "/"},  # the app's root: Streamlit's page finds the server first time
        {"path": "/static/js/index.js", "content_type": b"text/javascript"},
        {"path": "/weigh", "content_type": b"application/json"},
        {"path": "/weigh", "status": 304, "body": b""},
        {"path": "/weigh", "status": 404},
        {"path": "/weigh", "method": "HEAD"},
        {"path": "/weigh", "method": "POST"},
    ],
)
def test_everything_else_passes_through_as_it_came(kwargs):
    start, body = _serve(**kwargs)
    assert body == kwargs.get("body", INDEX)
    assert (b"etag", b'"abc"') in start["headers"]


def test_a_body_that_is_not_the_gzip_it_claims_passes_through():
    async def app(scope, receive, send):
        headers = [(b"content-type", b"text/html"), (b"content-encoding", b"gzip"), (b"etag", b'"abc"')]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": INDEX})

    sent = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    asyncio.run(PageBaseMiddleware(app, base="")({"type": "http", "method": "GET", "path": "/weigh"}, receive, send))
    assert sent[-1]["body"] == INDEX
    assert (b"etag", b'"abc"') in sent[0]["headers"]


def test_a_websocket_passes_through():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["type"])

    async def nothing(*_):
        return None

    asyncio.run(PageBaseMiddleware(app, base="")({"type": "websocket", "path": "/_stcore/stream"}, nothing, nothing))
    assert seen == ["websocket"]
