"""The meeting's steps, and in-page buttons from one step to the next.

In presentation mode the sidebar stays closed (a projector has no room for it, and a
chair should not have to hunt for it), so every page carries its own way on: a row
of the meeting's steps at the top and a "Next: ..." button at the bottom
(``st.page_link``, which works with the sidebar hidden).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

PAGES = "pmf_select/ui/pages"


@dataclass(frozen=True)
class Step:
    key: str  # the page script's name in pmf_select/ui/pages
    title: str  # the page's title in the navigation
    url_path: str
    short: str  # the label in the row of steps
    next_label: str  # "Next: ..." wording for the button that leads here
    what: str  # what the room does at this step, for the Start page


STEPS: tuple[Step, ...] = (
    Step(
        "longlist",
        "Long list",
        "long-list",
        "Long list",
        "read the long list",
        "Read the candidate indicators: what each measures, why it matters, where the data comes from.",
    ),
    Step(
        "weigh",
        "Weigh and rank",
        "weigh",
        "Weigh",
        "weigh the criteria",
        "Agree how much each criterion matters. The ranking moves as the sliders move.",
    ),
    Step(
        "robustness",
        "How sure are we?",
        "robustness",
        "How sure",
        "how sure are we?",
        "See which indicators stay near the top whatever the weights, and which depend on them.",
    ),
    Step(
        "build",
        "Build the set",
        "build",
        "Build",
        "build the set",
        "Set the rules (size, areas, must include) and see the best balanced set, and what each swap costs.",
    ),
    Step(
        "lock",
        "Agree and lock",
        "lock",
        "Lock",
        "agree and lock",
        "Agree the set, add a note for the record, lock it, and download it.",
    ),
)
BY_KEY = {s.key: s for s in STEPS}


def page_path(key: str) -> str:
    return f"{PAGES}/{key}.py"


def step_bar(current: str) -> None:
    """The meeting's steps as links, the current one marked (presentation mode only)."""
    if current not in BY_KEY:
        return
    columns = st.columns(len(STEPS), gap="small")
    for number, (column, step) in enumerate(zip(columns, STEPS, strict=True), start=1):
        label = f"{number}. {step.short}"
        if step.key == current:
            column.markdown(f'<p class="step-current" aria-current="step">{label}</p>', unsafe_allow_html=True)
        else:
            column.page_link(page_path(step.key), label=label)


def next_button(current: str) -> None:
    """A "Next: ..." link to the following step (every mode; the room's way forward)."""
    keys = [s.key for s in STEPS]
    if current not in keys or keys.index(current) == len(keys) - 1:
        return
    following = STEPS[keys.index(current) + 1]
    with st.container(key=f"next_{current}"):  # styled as a button (style.py: [class*=st-key-next_])
        st.page_link(page_path(following.key), label=f"Next: {following.next_label} →")


def title(current: str, text: str, presenting: bool) -> None:
    """A meeting page's title; when presenting, with the row of steps beside it (one line, not two)."""
    if not presenting:
        st.title(text)
        return
    left, right = st.columns([2, 3], vertical_alignment="bottom")
    left.title(text)
    with right:
        step_bar(current)
