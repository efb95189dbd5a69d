"""What the room needs: one lock per set, two screens on one draft, presentation controls, a start."""

from __future__ import annotations

import re
import sqlite3

from tests.app.conftest import PAGES, open_app, reopen, view_table, view_texts, views
from tests.app.test_workshop_pages import lock_current_set


def texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning])


# ------------------------------------------------------------------ locking


def test_lock_is_not_offered_again_while_the_picks_are_unchanged(fresh_store):
    at = lock_current_set(open_app())
    assert not [b for b in at.button if b.key == "lock_button"]
    assert "This set is on record as D0001" in texts(at)
    again = reopen(at, "lock")  # nor after a refresh
    assert not [b for b in again.button if b.key == "lock_button"]
    with sqlite3.connect(fresh_store) as conn:
        assert conn.execute("SELECT count(*) FROM decisions").fetchone() == (1,)
    # a changed set is offered as a new decision, named for what it supersedes
    at.multiselect(key="picks").set_value(at.multiselect(key="picks").value[:11]).run()
    assert at.button(key="lock_button").label == "Record as a new decision, superseding D0001"
    assert any("has changed since D0001 was locked" in w.value for w in at.warning)


# ------------------------------------------------------------------ two screens, one draft


def two_screens():
    projector = open_app("build")
    laptop = open_app("build", draft=projector.query_params["draft"])
    return projector, laptop


def test_a_stale_screen_is_told_and_can_keep_its_change_on_top():
    projector, laptop = two_screens()
    projector.number_input(key="set_size").set_value(10).run()
    laptop.number_input(key="min_outcomes").set_value(4).run()  # based on the old version
    assert not laptop.exception
    assert any("changed on another screen" in w.value for w in laptop.warning)
    assert any("not saved yet" in w.value for w in laptop.warning)
    laptop.button(key="stale_keep_mine").click().run()
    assert not laptop.exception and not [w for w in laptop.warning if "another screen" in w.value]
    # both changes are kept: the projector's set size and the laptop's outcome minimum
    assert laptop.number_input(key="set_size").value == 10
    assert laptop.number_input(key="min_outcomes").value == 4
    fresh = reopen(projector, "build")
    assert fresh.number_input(key="set_size").value == 10
    assert fresh.number_input(key="min_outcomes").value == 4


def test_a_stale_screen_can_reload_and_nothing_is_silently_overwritten():
    projector, laptop = two_screens()
    projector.number_input(key="set_size").set_value(9).run()
    laptop.number_input(key="set_size").set_value(14).run()
    assert any("changed on another screen" in w.value for w in laptop.warning)
    # the projector's 9 is still what is stored
    assert reopen(projector, "build").number_input(key="set_size").value == 9
    laptop.button(key="stale_reload").click().run()
    assert not laptop.exception
    assert laptop.number_input(key="set_size").value == 9
    assert not [w for w in laptop.warning if "another screen" in w.value]


def test_a_screen_that_only_watches_is_told_it_is_out_of_date():
    projector, laptop = two_screens()
    projector.number_input(key="set_size").set_value(11).run()
    laptop.run()
    assert any("out of date" in w.value for w in laptop.warning)
    assert not [b for b in laptop.button if b.key == "stale_keep_mine"]
    laptop.button(key="stale_reload").click().run()
    assert laptop.number_input(key="set_size").value == 11


# ------------------------------------------------------------------ presentation mode


def test_presentation_mode_keeps_the_controls_the_meeting_needs():
    at = open_app("build", present="1")
    assert at.multiselect(key="include") and at.multiselect(key="exclude")
    tables = [t.value for t in at.table]
    headers = {c for t in tables for c in t.columns}
    assert {"If we drop", "Best replacement", "If we force in", "It replaces", "Change in total"} <= headers
    assert {"Indicator", "Service area", "Place in the ranking"} <= headers
    assert not headers & {"id", "service_area", "name", "relevance_partners"}
    assert "Solved by" not in texts(at)
    at.toggle(key="show_options").set_value(True).run()
    assert not at.exception
    options = [b for b in at.button if b.key and b.key.startswith("use_option_")]
    assert len(options) >= 2
    options[0].click().run()
    lock = at.switch_page(f"{PAGES}/lock.py").run()
    assert not lock.exception
    assert len(lock.multiselect(key="picks").value) >= 8
    assert lock.text_area(key="lock_note") is not None  # a note for the record, presenting
    assert any("Indicator" in t.value.columns for t in lock.table)


def test_presentation_mode_uses_members_words_not_jargon():
    for page in ("weigh", "robustness", "build", "lock"):
        at = open_app(page, present="1")
        shown = texts(at) + " ".join(" ".join(map(str, t.value.columns)) for t in at.table) + view_texts(at)
        for term in ("Monte Carlo", "seed", "Kendall", "P(top", "SHA-256", "Solved by"):
            assert term not in shown, (page, term)
    weigh = open_app("weigh", present="1")
    assert "How often in the top 12" in view_table(weigh).columns


# ------------------------------------------------------------------ start here and the glossary


def test_a_cold_open_shows_the_steps_and_what_to_do_first():
    at = open_app()
    assert at.title[0].value == "Start here"
    links = [link.proto.label for link in at.get("page_link")]
    assert links[:5] == [
        "1. Long list",
        "2. Weigh and rank",
        "3. How sure are we?",
        "4. Build the set",
        "5. Agree and lock",
    ]
    assert "Begin: read the long list →" in links


def test_an_officer_can_list_and_reopen_an_earlier_draft():
    first = open_app("lock")
    first.text_input(key="meeting").input("Schools Forum, February 2018").run()
    old = first.query_params["draft"]
    other = open_app(draft="brandnew")  # a new draft
    assert other.query_params["draft"] != old
    options = other.selectbox(key="reopen_pick").options
    assert len(options) == 1
    assert re.fullmatch(
        r"Schools Forum, February 2018 \(2018-03-20\), saved \d{4}-\d\d-\d\d \d\d:\d\d UTC, 0 picks", options[0]
    )
    other.selectbox(key="reopen_pick").set_value(old)
    other.button(key="reopen_draft_button").click().run()
    assert not other.exception
    assert other.query_params["draft"] == old
    again = other.switch_page(f"{PAGES}/lock.py").run()
    assert again.text_input(key="meeting").value == "Schools Forum, February 2018"


def test_glossary_explains_the_technical_terms():
    at = open_app("glossary")
    terms = " ".join(at.table[0].value["Technical term"])
    for term in ("Monte Carlo error", "random seed", "Kendall's tau", "P(top k)", "SHA-256"):
        assert term in terms


# ------------------------------------------------------------------ legibility and waits


def test_chart_labels_are_whole_names_never_cut():
    """The room's chart labels each bar with the rank and the indicator's short name (or
    its whole name): never cut off with an ellipsis; the browser wraps long ones onto
    lines (tests/e2e checks that labels never overlap)."""
    at = open_app("weigh", present="1")
    chart = views(at)["chart"]
    labels = [row["label"] for row in chart["rows"]]
    assert len(labels) == 12 and not any("…" in label for label in labels)
    assert chart["large"] is True
    frame = at.session_state["_longlist"].frame.set_index("id")
    short = frame["short_name"].get("CL-EET", "") if "short_name" in frame.columns else ""
    # the long list's short name when it has one, else the whole name
    assert labels[0] == f"1. {short or frame.loc['CL-EET', 'name']}"
    assert frame.loc["CL-EET", "name"] in chart["rows"][0]["tip"]  # the whole name on hover


def test_caches_are_warmed_once_in_the_background(monkeypatch):
    import json

    from pmf_select.ranking import robustness
    from pmf_select.record import workshop
    from pmf_select.ui import compute, session

    longlist = session.shipped_longlist()
    state = session.default_draft(longlist)
    state["audience"] = "partners"  # a setting no other test warms
    thread = compute.warm(longlist, state)
    assert thread is not None
    assert compute.warm(longlist, state) is None  # once per list and settings
    thread.join(timeout=60)
    # the page's own call is now served from the cache: the core is not asked again
    calls = []
    monkeypatch.setattr(robustness, "acceptability", lambda *a, **k: calls.append(a))
    settings = workshop.robustness_settings(state)
    weights = workshop.current_weights(longlist.criteria, state)
    order = workshop.order_groups(state.get("order") or {}, longlist.criteria)
    result = compute.acceptability(longlist, "partners", weights, json.dumps({**settings, "order": order}), "{}")
    assert calls == [] and result is not None
