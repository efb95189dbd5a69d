"""The workshop's state: the active long list and the draft behind every widget.

Streamlit forgets ``st.session_state`` on a browser refresh, so everything the room
does lives in a draft saved to the store (``pmf_select.record.drafts``) under an id kept in
the page URL (``?draft=...``). Widgets keep their stable keys; each is seeded from the
draft before it is drawn (:func:`seed`) and writes back through :func:`changed`, which
saves the draft at once. Reopening the URL, or refreshing, restores everything.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from pmf_select.errors import InputError
from pmf_select.longlist import LongList, load_criteria, parse_longlist
from pmf_select.record import (
    StaleDraft,
    check_draft,
    check_draft_against,
    draft_longlist,
    draft_version,
    has_draft,
    load_draft,
    new_draft_id,
    resolve_db_path,
    save_draft,
    save_draft_versioned,
)
from pmf_select.record import session as store_session
from pmf_select.record.store import shared_session
from pmf_select.ui.text import md

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_LONGLIST = Path(os.environ.get("PMF_SELECT_LONGLIST", ROOT / "candidates" / "longlist.csv"))
DEFAULT_SET_SIZE = 12
DEFAULT_SAMPLES = 10_000

# widget key -> path in the draft
BINDINGS: dict[str, tuple[str, ...]] = {
    "audience": ("audience",),
    "method": ("method",),
    "weight_mode": ("weight_mode",),
    "use_members": ("use_members",),
    "set_size": ("constraints", "size"),
    "min_per_area": ("constraints", "min_per_area"),
    "max_per_area": ("constraints", "max_per_area"),
    "min_outcomes": ("constraints", "min_outcomes"),
    "exclusive_overlaps": ("constraints", "exclusive_overlaps"),
    "min_data_availability": ("constraints", "min_data_availability"),
    "include": ("constraints", "include"),
    "exclude": ("constraints", "exclude"),
    "sampling": ("robustness", "sampling"),
    "samples": ("robustness", "samples"),
    "seed": ("robustness", "seed"),
    "spread": ("robustness", "spread"),
    "picks": ("picks",),
    "meeting": ("meeting",),
    "meeting_date": ("meeting_date",),
    "lock_note": ("lock_note",),
}


def db_path() -> Path:
    return resolve_db_path(None, os.environ)


@st.cache_resource(show_spinner=False)
def _parse(data: bytes, name: str) -> LongList:
    """Parse once per distinct content; a LongList is immutable so sharing is safe."""
    return parse_longlist(data, name, load_criteria())


def shipped_longlist() -> LongList:
    return _parse(DEFAULT_LONGLIST.read_bytes(), DEFAULT_LONGLIST.name)


def default_draft(longlist: LongList) -> dict:
    criteria = longlist.criteria
    return {
        "audience": "scrutiny" if "scrutiny" in criteria.audience_keys else criteria.audience_keys[0],
        "method": "wsm",
        "weight_mode": "swing",
        "weights": {c.key: float(c.default_weight) for c in criteria.criteria},
        "order": {c.key: i + 1 for i, c in enumerate(criteria.criteria)},
        "members": {},
        "use_members": False,
        "constraints": {
            "size": DEFAULT_SET_SIZE,
            "min_per_area": 0,
            "max_per_area": 3,
            "min_outcomes": 3,
            "exclusive_overlaps": True,
            "min_data_availability": 0.0,
            "include": [],
            "exclude": [],
        },
        "robustness": {"sampling": "around", "samples": DEFAULT_SAMPLES, "seed": 2018, "spread": 0.1},
        "picks": [],
        "meeting": "Education, Children and Families Budget and Performance Sub-Committee",
        "meeting_date": "2018-03-20",
        "lock_note": "",
        "notes": "",
    }


# ---------------------------------------------------------------- the draft


def opening() -> bool:
    """True when :func:`init` will load or create a draft (not the usual rerun, where it returns at once)."""
    current, wanted = st.session_state.get("_draft_id"), st.query_params.get("draft")
    return not current or (bool(wanted) and wanted != current)


def init() -> None:
    """Find or create this browser's draft; called at the top of every run."""
    wanted = st.query_params.get("draft")
    if st.session_state.get("_draft_id") and st.session_state["_draft_id"] == wanted:
        return
    if st.session_state.get("_draft_id") and not wanted:
        st.query_params["draft"] = st.session_state["_draft_id"]  # navigation dropped it
        return
    with store_session(db_path()) as conn:
        found = _usable_draft(conn, wanted) if wanted and _valid_id(wanted) and has_draft(conn, wanted) else None
        if isinstance(found, tuple):
            state, longlist = found
            draft_id = wanted
        else:
            if isinstance(found, str):
                st.session_state["_draft_notice"] = found
            elif wanted:
                shown = md(wanted[:80] + ("…" if len(wanted) > 80 else ""))
                st.session_state["_draft_notice"] = f"No saved draft '{shown}' here; started a new one."
            longlist = shipped_longlist()
            state = default_draft(longlist)
            draft_id = new_draft_id()
            state = save_draft(conn, draft_id, state, longlist)
        version = draft_version(conn, draft_id)
    _adopt(draft_id, state, longlist, version)


def _adopt(draft_id: str, state: dict, longlist: LongList, version: int | None) -> None:
    """Make ``state`` (at ``version`` in the store) this browser's draft and re-seed the widgets."""
    base = default_draft(longlist)
    for key, value in base.items():  # drafts from older versions gain new fields
        if isinstance(value, dict) and isinstance(state.get(key), dict):
            state[key] = {**value, **state[key]}
        else:
            state.setdefault(key, value)
    for key in list(st.session_state.keys()):
        if key in BINDINGS or str(key).startswith(("weight_", "order_")):
            del st.session_state[key]  # re-seed widgets from the loaded draft
    st.session_state["_draft_id"] = draft_id
    st.session_state["_draft"] = state
    st.session_state["_draft_version"] = version
    st.session_state["_longlist"] = longlist
    st.session_state.pop("_stale", None)
    st.query_params["draft"] = draft_id


def _usable_draft(conn, draft_id: str) -> tuple[dict, LongList] | str:
    """The saved draft and its long list, or why it cannot be used (a notice for the page).

    A draft saved by an older version, or edited in the store, may hold values the
    pages cannot draw (an unknown audience, a set size of "abc"): it is left untouched
    in the store and the room starts a new draft rather than the page crashing.
    """
    try:
        state = load_draft(conn, draft_id)
        longlist = draft_longlist(conn, state) or shipped_longlist()
        check_draft(state)
        check_draft_against(state, longlist)
    except InputError as exc:
        return f"Draft '{md(draft_id)}' could not be opened ({md(exc)}); it is kept in the store and a new draft was started."
    return state, longlist


def _valid_id(text: str) -> bool:
    try:
        from pmf_select.record import check_draft_id

        check_draft_id(text)
        return True
    except InputError:
        return False


def draft() -> dict:
    return st.session_state["_draft"]


def draft_id() -> str:
    return st.session_state["_draft_id"]


def save(longlist: LongList | None = None, paths: Sequence[Sequence[str]] | None = None) -> bool:
    """Write the draft (and, when given, a new long list) to the store now.

    The save names the version this browser last saw. If another browser saved in
    between, nothing is written: the change is kept as pending (``paths`` says which
    parts of the draft it touched; None means all of it) and :func:`stale_banner`
    offers to reload or to keep this change on top. Returns True when saved.
    """
    stale = st.session_state.get("_stale")
    if stale is not None:
        _remember(stale, paths, longlist)
        return False
    try:
        with shared_session(db_path()) as conn:  # kept open: an autosave on every slider move
            stored, version = save_draft_versioned(
                conn, draft_id(), draft(), st.session_state.get("_draft_version"), longlist
            )
    except StaleDraft as exc:
        stale = {"version": exc.version, "stored": exc.stored, "updated_at": exc.updated_at, "pending": []}
        st.session_state["_stale"] = stale
        _remember(stale, paths, longlist)
        return False
    st.session_state["_draft"] = stored
    st.session_state["_draft_version"] = version
    return True


def _remember(stale: dict, paths, longlist) -> None:
    if longlist is not None or paths is None:
        stale["pending"] = None  # the whole draft is this browser's change
    elif stale["pending"] is not None:
        stale["pending"].extend(tuple(p) for p in paths)


def check_fresh() -> None:
    """Notice (one cheap read) when another browser has saved this draft since we last did."""
    if st.session_state.get("_stale") is not None:
        return
    with store_session(db_path()) as conn:
        version = draft_version(conn, draft_id())
        if version is None or version == st.session_state.get("_draft_version"):
            return
        row = conn.execute("SELECT updated_at FROM drafts WHERE id = ?", (draft_id(),)).fetchone()
        stored = load_draft(conn, draft_id())
    st.session_state["_stale"] = {"version": version, "stored": stored, "updated_at": row[0], "pending": []}


def reload_draft() -> None:
    """Take the stored draft (another browser's changes), dropping this browser's pending change."""
    with store_session(db_path()) as conn:
        state = load_draft(conn, draft_id())
        longlist = draft_longlist(conn, state) or shipped_longlist()
        version = draft_version(conn, draft_id())
    _adopt(draft_id(), state, longlist, version)


def keep_mine() -> None:
    """Put this browser's pending change on top of the stored draft and save that."""
    stale = st.session_state.get("_stale")
    if stale is None:
        return
    mine = draft()
    if stale["pending"] is None:
        merged = copy.deepcopy(mine)
    else:
        merged = copy.deepcopy(stale["stored"])
        for path in stale["pending"]:
            value = get(path)
            node = merged
            for part in path[:-1]:
                node = node.setdefault(part, {})
            node[path[-1]] = copy.deepcopy(value)
    st.session_state["_draft"] = merged
    st.session_state["_draft_version"] = stale["version"]
    st.session_state.pop("_stale", None)
    if save(paths=stale["pending"]):
        with store_session(db_path()) as conn:
            longlist = draft_longlist(conn, draft()) or shipped_longlist()
        _adopt(draft_id(), draft(), longlist, st.session_state["_draft_version"])


STALE_CHECK_SECONDS = 4


@st.fragment(run_every=STALE_CHECK_SECONDS)
def stale_watch() -> None:
    """Check every few seconds (one cheap read) whether another screen changed the draft,
    and if so say so at the top of the page, with the ways on (:func:`stale_banner`)."""
    if st.session_state.pop("_rerun_app", False):
        st.rerun(scope="app")  # a reload or merge changed the draft: redraw the whole page
    check_fresh()
    stale_banner()


def stale_banner() -> None:
    """Tell a browser whose view is stale, and offer: reload, or keep my change on top."""
    stale = st.session_state.get("_stale")
    if stale is None:
        return
    when = str(stale.get("updated_at", ""))[11:16]
    pending = stale["pending"]
    has_change = pending is None or bool(pending)
    with st.container(border=True, key="stale_banner"):
        st.warning(
            f"This draft was changed on another screen at {when} UTC."
            + (" Your latest change is not saved yet." if has_change else " This screen is out of date.")
        )
        left, right, _ = st.columns([1, 1, 2])
        # callbacks run before the rerun, so the widgets are re-seeded from the new draft
        left.button("Reload their version", key="stale_reload", type="primary", on_click=_then_rerun(reload_draft))
        if has_change:
            right.button("Keep my change on top", key="stale_keep_mine", on_click=_then_rerun(keep_mine))


def _then_rerun(action):
    def callback() -> None:
        action()
        st.session_state["_rerun_app"] = True

    return callback


def get(path: Sequence[str], default=None):
    node = draft()
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def put(path: Sequence[str], value) -> None:
    node = draft()
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = copy.deepcopy(value)


def path_for(key: str) -> tuple[str, ...]:
    if key in BINDINGS:
        return BINDINGS[key]
    if key.startswith("weight_"):
        return ("weights", key[len("weight_") :])
    if key.startswith("order_"):
        return ("order", key[len("order_") :])
    raise KeyError(key)


def seed(key: str, transform=None) -> None:
    """Give a widget its value from the draft, unless it already has one this session."""
    if key not in st.session_state:
        value = get(path_for(key))
        if transform is not None:
            value = transform(value)
        if value is not None:
            st.session_state[key] = value


def changed(key: str, transform=None) -> None:
    """on_change callback: copy the widget's value into the draft and save it."""
    value = st.session_state.get(key)
    if transform is not None:
        value = transform(value)
    put(path_for(key), value)
    save(paths=[path_for(key)])


def bound(widget, label: str, key: str, *args, seed_transform=None, save_transform=None, **options):
    """Draw ``widget`` (e.g. ``st.slider`` or ``column.selectbox``) bound to the draft.

    ``args`` are the widget's own positional arguments after its label (the options
    of a selectbox).
    Seeds it from the draft, and saves its value back when it changes (through
    ``save_transform`` when the widget's value is not what the draft stores).
    """
    seed(key, seed_transform)
    return widget(
        label,
        *args,
        key=key,
        on_change=changed,
        args=(key,),
        kwargs={"transform": save_transform} if save_transform else None,
        **options,
    )


def set_value(key: str, value) -> None:
    """Change a bound value from code (e.g. a button) and keep the widget in step."""
    put(path_for(key), value)
    st.session_state.pop(key, None)
    save(paths=[path_for(key)])


# ---------------------------------------------------------------- the long list


def longlist() -> LongList:
    """The long list the workshop is using (the shipped one until another is loaded)."""
    current = st.session_state.get("_longlist")
    if current is None:
        current = shipped_longlist()
        st.session_state["_longlist"] = current
    return current


def set_longlist(value: LongList) -> None:
    """Use another long list (a new version is stored; the old one is kept)."""
    st.session_state["_longlist"] = value
    known = set(value.ids)
    put(("picks",), [p for p in get(("picks",), []) if p in known])
    for key in ("include", "exclude"):
        put(("constraints", key), [p for p in get(("constraints", key), []) if p in known])
        st.session_state.pop(key, None)
    st.session_state.pop("picks", None)
    save(value)


MODE = "presentation_mode"
"""The presentation toggle's key: its value says whether this browser presents."""

_MODE_KEPT = "_presenting"
"""The mode as of this browser's last run, outside any widget's state."""


def keep_mode() -> None:
    """Settle this run's presentation mode before anything reads it (call first).

    The toggle's value decides, except when Streamlit has dropped the toggle's state:
    it drops a widget's state when a page change arrives without it, and the browser
    sometimes sends one so (seen after Build's "Use this set", a run ``st.rerun()`` cuts
    short, and on other pages; the toggle stays on screen, its value forgotten). A page
    link also drops the URL's ``?present=1``. So the mode is kept here too, outside the
    widget, and restored from it; only a browser's first run reads the URL. Without this
    the projector fell back to the officer's layout in 3 of 33 end-to-end runs.
    """
    state = st.session_state
    if MODE not in state:
        state[MODE] = state.get(_MODE_KEPT, st.query_params.get("present") == "1")
    state[_MODE_KEPT] = bool(state[MODE])


def presenting() -> bool:
    return bool(st.session_state.get(MODE, False))
