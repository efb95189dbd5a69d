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
    check_draft,
    check_draft_against,
    draft_longlist,
    has_draft,
    load_draft,
    new_draft_id,
    resolve_db_path,
    save_draft,
)
from pmf_select.record import session as store_session
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
    st.session_state["_longlist"] = longlist
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


def save(longlist: LongList | None = None) -> None:
    """Write the draft (and, when given, a new long list) to the store now."""
    with store_session(db_path()) as conn:
        stored = save_draft(conn, draft_id(), draft(), longlist)
    st.session_state["_draft"] = stored


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
    save()


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
    save()


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


def presenting() -> bool:
    return bool(st.session_state.get("presentation_mode", False))
