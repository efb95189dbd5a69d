"""AppTest fixtures: a fresh store per test, caches cleared, the app at its root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGES = "pmf_select/ui/pages"
# the projector config hides error details; tests want them when something fails
os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")


@pytest.fixture(autouse=True)
def fresh_store(tmp_path, monkeypatch):
    db = tmp_path / "workshop.db"
    monkeypatch.setenv("PMF_SELECT_DB", str(db))
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    st.cache_resource.clear()
    return db


def open_app(page: str | None = None, **params) -> AppTest:
    """Run the app (optionally switching to a page) and fail on any exception."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if page:
        at.switch_page(f"{PAGES}/{page}.py").run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def reopen(at: AppTest, page: str | None = None) -> AppTest:
    """A browser refresh: a new session with the same URL (the draft id in it)."""
    params = {k: at.query_params[k] for k in at.query_params}
    return open_app(page, **params)


def views(at: AppTest) -> dict[str, dict]:
    """The Weigh page's ranking views (pmf_select.ui.ranking_view) by kind, as the
    component receives them: ``{"chart": {...}, "table": {...}}``."""
    import json

    found = {}
    for element in at.get("bidi_component"):
        data = json.loads(element.proto.json)
        found[data["kind"]] = data
    return found


def view_table(at: AppTest):
    """The Weigh page's ranking table as a DataFrame under its headers."""
    from pmf_select.ui.ranking_view import as_frame

    return as_frame(views(at)["table"])


def view_texts(at: AppTest) -> str:
    """Every word the Weigh page's ranking views show (titles, key, labels, text, cells)."""
    words = []
    for data in views(at).values():
        leading = data.get("leading") or {}
        words += [data.get("title", ""), data.get("text", ""), data.get("note", "")]
        words += [leading.get("label", ""), leading.get("text", "")]
        words += [item["label"] for item in data.get("legend", [])] + [str(c) for c in data.get("columns", [])]
        for row in data.get("rows", []):
            words += [row["label"]] if isinstance(row, dict) else [str(v) for v in row]
    return " ".join(words)
