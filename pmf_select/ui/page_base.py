"""Open any page's address straight away: tell the browser where the app lives.

Opened at a page's own address (``/weigh``, after a refresh in the room or from a link
on a member's phone), Streamlit's page does not know whether the app is served from
``/`` or from ``/weigh/``. It asks ``/weigh/_stcore/health`` first, gets a 404, waits
100 ms and only then asks ``/_stcore/health``: two failed requests, two errors in the
browser's console and about 0.1 s on every such page load (benchmarks/bench_browser.py,
"first Weigh page": 1.58 s against 1.50 s, median of ten fresh servers each).

Streamlit's page reads where its server is from ``window.__streamlit.BACKEND_BASE_URL``
when that is set (streamlit/streamlit#11378, May 2025); its maintainers named this 404
as what setting it from the served ``index.html`` would fix (streamlit/streamlit#11537,
June 2025). :class:`PageBaseMiddleware` does that, for ``serve.py``'s ``st.App``: when
the server answers a page's address (one path segment after the server's
``baseUrlPath``) with Streamlit's ``index.html``, it adds a script that takes that
segment off the browser's own address. The address the browser then asks first is the
one Streamlit's page would have reached on its second try, so nothing else changes,
also behind a proxy that serves the app under a prefix the server does not know.
Any other response passes through untouched.
"""

from __future__ import annotations

import gzip
import re

PAGE_SEGMENT = re.compile(r"[A-Za-z0-9_-]+")
"""A page's address as Streamlit's ``st.Page(url_path=...)`` makes them (and nothing
that needs escaping inside the script)."""

_RESERVED = {"_stcore", "static", "component", "media", "app"}
"""Streamlit's own first segments: never a page."""


def page_segment(path: str, base: str) -> str | None:
    """The page's segment when ``path`` is a page's address under the server's ``base``
    path (``server.baseUrlPath``, "" for none), else None."""
    prefix = "/" + base.strip("/") if base.strip("/") else ""
    if prefix and not (path == prefix or path.startswith(prefix + "/")):
        return None
    rest = path[len(prefix) :].strip("/")
    if not PAGE_SEGMENT.fullmatch(rest) or rest in _RESERVED:
        return None
    return rest


def script(segment: str) -> bytes:
    """The ``<script>`` that sets the base address from the browser's own location."""
    if not PAGE_SEGMENT.fullmatch(segment):
        raise ValueError(f"not a page segment: {segment!r}")
    return (
        "<script>(() => {"
        "if (window.__streamlit) return;"
        f"const base = location.pathname.match(/^(.*\\/){segment}\\/?$/);"
        "if (base) window.__streamlit = {BACKEND_BASE_URL: location.origin + base[1]};"
        "})();</script>"
    ).encode()


def with_script(body: bytes, segment: str) -> bytes | None:
    """``body`` (an HTML page) with :func:`script` first in its ``<head>``, or None
    when it has no ``<head>`` to put it in."""
    if b"<head>" not in body:
        return None
    return body.replace(b"<head>", b"<head>" + script(segment), 1)


class PageBaseMiddleware:
    """ASGI middleware for ``st.App``: :func:`script` in a page address's ``index.html``.

    Only a GET answered 200 with ``text/html`` (plain or gzip, as Streamlit sends it)
    is changed; its ``content-length`` is set to the new body's and its ``etag`` and
    ``last-modified`` are dropped (they describe the file, not this page). Everything
    else, the server's health, its scripts and the websocket included, passes through
    as it came.
    """

    def __init__(self, app, base: str | None = None) -> None:
        self.app = app
        self.base = base

    def _base(self) -> str:
        if self.base is None:
            from streamlit import config

            self.base = config.get_option("server.baseUrlPath") or ""
        return self.base

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        segment = page_segment(scope.get("path", ""), self._base())
        if segment is None:
            await self.app(scope, receive, send)
            return
        held: dict = {}
        parts: list[bytes] = []

        async def send_with_script(message) -> None:
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                encoding = headers.get(b"content-encoding", b"identity")
                if message["status"] == 200 and html and encoding in (b"identity", b"gzip"):
                    held["start"], held["gzip"] = message, encoding == b"gzip"
                    return
                await send(message)
                return
            if "start" not in held or message["type"] != "http.response.body":
                await send(message)
                return
            parts.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(parts)
            try:
                changed = with_script(gzip.decompress(body) if held["gzip"] else body, segment)
            except (OSError, EOFError):  # not the gzip it said: send it as it came
                changed = None
            if changed is not None:
                body = gzip.compress(changed) if held["gzip"] else changed
            start = held["start"]
            drop = {b"content-length", b"etag", b"last-modified"} if changed is not None else {b"content-length"}
            headers = [(k, v) for k, v in start.get("headers") or [] if k.lower() not in drop]
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, send_with_script)
