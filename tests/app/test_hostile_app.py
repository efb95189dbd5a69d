"""The app under the hostile tester's inputs (issue 17): no crash, a clear message, nothing lost."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from tests.app.conftest import open_app, reopen
from tests.hostile_files import huge_xlsx

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "candidates" / "longlist.csv"


def plain(markdown: str) -> str:
    """The text a reader sees: AppTest gives the Markdown source, with our escapes in it."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def _xlsx_of_shipped(tmp_path) -> bytes:
    from pmf_select.longlist import load_longlist
    from pmf_select.record import save_longlist

    return save_longlist(load_longlist(SHIPPED), tmp_path / "list.xlsx").read_bytes()


def test_an_xlsx_upload_is_loaded_and_survives_a_refresh(tmp_path):
    at = open_app("longlist")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at.file_uploader(key="ll_upload").set_value(("list.xlsx", _xlsx_of_shipped(tmp_path), xlsx)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    weigh = reopen(at, "weigh")  # the draft's list is read back from the store
    assert weigh.title[0].value == "Weigh and rank"


def test_a_two_million_row_xlsx_upload_is_refused_with_a_message():
    at = open_app("longlist")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at.file_uploader(key="ll_upload").set_value(("big.xlsx", huge_xlsx(cells=False), xlsx)).run()
    assert not at.exception
    assert "big.xlsx: more than 20,000 rows" in plain(at.error[0].value)


def test_a_bad_draft_in_the_store_opens_a_new_draft_with_a_notice(fresh_store):
    at = open_app()
    draft_id = at.query_params["draft"]
    with sqlite3.connect(fresh_store) as conn:  # as an older version or a hand edit left it
        state = json.loads(conn.execute("SELECT state FROM drafts WHERE id = ?", (draft_id,)).fetchone()[0])
        state["audience"] = "cabinet"
        state["constraints"]["size"] = "abc"
        conn.execute("UPDATE drafts SET state = ? WHERE id = ?", (json.dumps(state), draft_id))
    again = reopen(at, "weigh")
    assert not again.exception
    notice = " ".join(plain(w.value) for w in [*again.warning, *again.sidebar.warning])
    assert f"Draft '{draft_id}' could not be opened (draft constraints.size" in notice
    assert again.query_params["draft"] != draft_id


def test_the_officer_page_refuses_a_bad_draft_file(fresh_store, tmp_path):
    from pmf_select.longlist import load_longlist
    from pmf_select.record import export_draft, open_store, save_draft

    conn = open_store(fresh_store)
    save_draft(conn, "good", {"audience": "scrutiny"}, load_longlist(SHIPPED))
    document = json.loads(export_draft(conn, "good"))
    conn.close()
    document["state"]["picks"] = [f"P{i}" for i in range(1_000_000)]
    at = open_app("officer")
    at.file_uploader(key="draft_upload").set_value(("bad.json", json.dumps(document).encode(), "application/json"))
    at.run()
    at.button(key="open_draft_button").click().run()
    assert not at.exception
    assert "draft picks: 9.4 MB" in plain(at.error[0].value)


def test_a_broken_long_list_at_start_is_named_by_file_row_and_column(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from pmf_select.ui import session

    broken = tmp_path / "broken.csv"
    broken.write_text("id,name\nX,no scores at all\n")
    monkeypatch.setattr(session, "DEFAULT_LONGLIST", broken)  # as PMF_SELECT_LONGLIST would
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception  # no redacted "This app has encountered an error"
    text = " ".join(e.value for e in at.error).replace("\\", "")  # as shown: Markdown escapes removed
    assert "cannot be read" in text and "broken.csv, row 1, column 'service_area'" in text
