"""The member page: a member weighs the criteria on their own phone (``/vote?round=CODE``).

A member session sees this page and nothing else: :func:`member_navigation` gives it a
hidden navigation holding only the member pages, and it never opens the workshop
draft (the round carries the question and the criteria it asks about). A session is a
member's when its address carries ``?round=``, or, when the app serves the room
(``make workshop`` sets ``PMF_SELECT_ROOM=1``), whenever the browser is not on the
machine running the app: ``st.context.ip_address`` is the TCP peer, which a phone on
the room's network cannot forge.

The member's answer identity is a random token kept in their own address
(``&me=...``), so a refresh, or reopening the page, shows their stored answer and lets
them change it until the round closes. Streamlit pitfall: a hidden navigation makes
its only page the default at ``/``, and then ``/vote`` shows "Page not found"; the
navigation therefore has a separate default page (the same form at ``/``).
"""

from __future__ import annotations

import os

import streamlit as st

from pmf_select import rounds
from pmf_select.errors import InputError
from pmf_select.record import session as store_session
from pmf_select.ui import session
from pmf_select.ui.text import md

PAGES = "pmf_select/ui/pages"
ROOM_ENV = "PMF_SELECT_ROOM"

MEMBER_CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebar"] {display: none !important;}
.block-container {padding: 1rem 1.1rem 3rem 1.1rem !important; max-width: 40rem !important;}
h1 {font-size: 1.6rem !important;}
div[data-testid="stSlider"] label p {font-size: 1.05rem; line-height: 1.35;}
div[data-testid="stSliderThumbValue"] {font-size: 1.05rem; font-weight: 700;}
.st-key-member_submit button {min-height: 3.2rem; font-size: 1.15rem;}
</style>
"""


def is_member_session() -> bool:
    """True for a member's browser: ``?round=`` in the address, or (serving the room) not this machine."""
    if "round" in st.query_params:
        return True
    return os.environ.get(ROOM_ENV) == "1" and st.context.ip_address is not None


def member_navigation() -> None:
    """Run the member pages, and only them (no sidebar, no officer pages, no draft)."""
    st.set_page_config(page_title="Members' vote · pmf-select", layout="centered", initial_sidebar_state="collapsed")
    pages = [
        st.Page(render_home, title="Members' vote", default=True),
        st.Page(f"{PAGES}/vote.py", title="Members' vote", url_path="vote"),
    ]
    st.navigation(pages, position="hidden").run()


def render_home() -> None:
    """The default member page (``/``): the same form, so a member who lands there is not lost."""
    render()


def render() -> None:
    st.html(MEMBER_CSS)
    typed = st.query_params.get("round", "")
    with store_session(session.db_path()) as conn:
        round_ = rounds.find_round(conn, typed)
        if round_ is None:
            _join_form(typed)
            return
        token = st.query_params.get("me")
        if not rounds.valid_token(token):
            token = rounds.new_token()
            st.query_params["me"] = token
        answer = rounds.get_answer(conn, round_.id, token)
    st.title("Weigh the criteria")
    if not round_.is_open:
        st.warning(
            f"Round {round_.code} is closed: it takes no more answers."
            + (f" Your answer was counted, as {md(answer.label)}." if answer else "")
        )
        return
    st.markdown(md(round_.question))
    with st.form("member_form", border=False):
        st.text_input(
            "Your name" + (" (optional: leave empty to answer anonymously)" if round_.anonymous else ""),
            value=answer.name if answer else "",
            key="member_name",
            max_chars=rounds.MAX_NAME_LENGTH,
        )
        for criterion in round_.criteria:
            st.slider(
                f"**{criterion.label}**: {criterion.question}",
                min_value=0,
                max_value=rounds.MAX_POINTS,
                value=int(round(answer.weights[criterion.key])) if answer else 50,
                step=5,
                key=f"member_weight_{criterion.key}",
            )
        sent = st.form_submit_button("Send my weights", key="member_submit", type="primary", width="stretch")
    if sent:
        weights = {c.key: st.session_state[f"member_weight_{c.key}"] for c in round_.criteria}
        try:
            with store_session(session.db_path()) as conn:
                answer = rounds.submit_answer(conn, round_.id, token, st.session_state.get("member_name"), weights)
        except InputError as exc:
            st.error(f"Not sent: {md(exc)}")
            return
    if answer is not None:
        with st.container(key="member_thanks"):
            st.success(
                f"Thank you: your weights are stored, as **{md(answer.label)}**. "
                "You can change them and send again until the chair closes the round."
            )


def _join_form(typed: str) -> None:
    st.title("Join the members' round")
    if typed:
        st.error(f"There is no round with the code “{typed[:40]}”. Check the code on the projector and type it again.")
    with st.form("join_form", border=False):
        code = st.text_input(
            "Join code (on the projector)", key="member_code", max_chars=20, placeholder="e.g. KDM-7PX-R4T"
        )
        if st.form_submit_button("Join", type="primary", width="stretch"):
            st.query_params["round"] = rounds.normalise_code(code) or code.strip()[:40]
            st.rerun()
