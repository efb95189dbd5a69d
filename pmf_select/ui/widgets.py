"""Controls shared by several pages, bound to the draft (see ``session``)."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from pmf_select.errors import InputError
from pmf_select.ranking import METHOD_LABELS, METHODS, group_weights, swing_question
from pmf_select.record import workshop
from pmf_select.ui import session
from pmf_select.ui.text import md


def audience_and_method(columns=None) -> None:
    """The audience and method selectors (keys ``audience`` and ``method``)."""
    longlist = session.longlist()
    criteria = longlist.criteria
    labels = {a.key: a.label for a in criteria.audiences}
    left, right = columns or st.columns(2)
    session.bound(
        left.selectbox,
        "Audience",
        "audience",
        criteria.audience_keys,
        format_func=lambda k: labels[k],
        help="Whose needs the relevance score is read for. Scrutiny members are not operational managers.",
    )
    session.bound(
        right.selectbox,
        "Method",
        "method",
        list(METHODS),
        format_func=lambda m: METHOD_LABELS.get(m, m),
        help="The weighted sum is the default: members can check any score with a calculator.",
    )


def weights_mode(compact: bool = False) -> None:
    """How the criteria are weighed (``weight_mode``: swing points or an order of
    importance) and, unless ``compact``, the question or instruction that goes with it.

    Drawn outside the Weigh page's live fragment: it changes rarely, and redrawing it
    on every slider move cost the browser time for nothing (issue 18)."""
    criteria = session.longlist().criteria
    session.bound(
        st.radio,
        "Weigh the criteria by",
        "weight_mode",
        workshop.WEIGHT_MODES,
        format_func=lambda m: {"swing": "swing points", "order": "order of importance"}[m],
        horizontal=True,
        label_visibility="collapsed" if compact else "visible",
    )
    if session.draft().get("weight_mode") == "order":
        st.caption("1 = most important. Give two criteria the same number if they matter equally.")
    elif not compact:
        st.markdown(md(swing_question(criteria)))


def weight_inputs() -> dict[str, float]:
    """The swing sliders (``weight_<key>``) or the order of importance (``order_<key>``)
    for the mode chosen in :func:`weights_mode`, and the weights in force; returns them."""
    criteria = session.longlist().criteria
    if session.draft().get("weight_mode") == "order":
        places = list(range(1, len(criteria.keys) + 1))
        for c in criteria.criteria:
            session.bound(st.selectbox, md(c.label), f"order_{c.key}", places, help=md(c.question))
    else:
        for c in criteria.criteria:
            key = f"weight_{c.key}"
            session.bound(
                st.slider,
                md(c.label),
                key,
                seed_transform=lambda v: int(round(float(v))) if v is not None else 0,
                min_value=0,
                max_value=100,
                step=5,
                help=md(f"{c.question} {c.help}"),
            )
    try:
        weights = workshop.current_weights(criteria, session.draft())
    except InputError as exc:
        st.warning(f"{md(exc)}. Using the default weights until this is fixed.")
        weights = criteria.default_weights()
        total = sum(weights.values())
        weights = {k: v / total for k, v in weights.items()}
    st.caption(
        "Weights in force: "
        + " · ".join(f"{md(c.label)} {weights[c.key]:.0%}" for c in criteria.criteria)
        + f". ({md(workshop.weights_source(session.draft()))})"
    )
    return weights


def members_panel() -> None:
    """The officer's panel of members' own weights (:func:`_members_panel`)."""
    _members_panel(session.longlist().criteria)


def _members_panel(criteria) -> None:
    """Members' own swing points, kept individually; the group uses their mean.

    Drawn only while open (an editable grid and a spread table cost a few milliseconds
    on every slider move, issue 18); it opens by itself when the group uses the
    members' mean. Closed, the draft keeps the members and the checkbox's choice.
    """
    state = session.draft()
    box = st.expander(
        "Members' own weights", expanded=bool(state.get("use_members")), key="members_open", on_change="rerun"
    )
    if not box.open:
        return
    with box:
        st.caption("Each member's swing points (0-100). Kept individually; the group weights are their mean.")
        members = state.get("members") or {}
        frame = pd.DataFrame(
            [{"member": name, **{k: float(v) for k, v in weights.items()}} for name, weights in members.items()],
            columns=["member", *criteria.keys],
        )
        edited = st.data_editor(
            frame,
            key="members_editor",
            num_rows="dynamic",
            hide_index=True,
            column_config={
                "member": st.column_config.TextColumn("Member", required=True),
                **{
                    c.key: st.column_config.NumberColumn(c.label, min_value=0, max_value=100, step=5, default=50)
                    for c in criteria.criteria
                },
            },
        )
        cleaned = {}
        for row in edited.to_dict(orient="records"):
            name = str(row.get("member") or "").strip()
            if name and name != "nan":
                cleaned[name] = {k: float(row[k]) if pd.notna(row[k]) else 0.0 for k in criteria.keys}
        if json.dumps(cleaned, sort_keys=True) != json.dumps(members, sort_keys=True):
            session.put(("members",), cleaned)
            session.save(paths=[("members",)])
        session.bound(
            st.checkbox,
            "Use the members' mean as the group weights",
            "use_members",
            disabled=not (cleaned or workshop.members_of(session.draft())),
        )
        valid = workshop.members_of(session.draft())
        if valid:
            group = group_weights(valid, criteria)
            spread = group.spread.copy()
            spread.insert(0, "mean", pd.Series(group.mean))
            spread.index = [criteria.criterion(k).label for k in spread.index]
            st.dataframe(
                (spread * 100).round(0),
                column_config={
                    c: st.column_config.NumberColumn(c, format="%d%%") for c in ("mean", "min", "max", "sd")
                },
            )
            st.caption("Spread of members' weights (percentage points): where the room disagrees.")


def settings_summary() -> str:
    """Audience, method and set size in one line, for pages that do not change them.

    Plain text (not Markdown): show it with :func:`pmf_select.ui.style.quiet`, which
    HTML-escapes it inside an HTML block, where Markdown is not read.
    """
    longlist = session.longlist()
    state = session.draft()
    audience = longlist.criteria.audience(state.get("audience", "scrutiny")).label
    return (
        f"Audience: {audience} · method: {METHOD_LABELS.get(state.get('method', 'wsm'), state.get('method'))} · "
        f"set size: {state.get('constraints', {}).get('size', 12)}"
    )
