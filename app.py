"""pmf-select: the workshop app. Wires the pages together; the logic is in the core.

Run with ``make run`` (or ``streamlit run app.py``). ``?present=1`` opens in
presentation mode; ``?draft=ID`` reopens a saved workshop draft.
"""

import sys
from contextlib import nullcontext

import streamlit as st

PAGES = "pmf_select/ui/pages"

# The first open of a freshly started app imports pandas, scipy and altair (several
# seconds on a laptop): say so instead of showing a blank page. (``make run`` loads them
# before the server answers, serve.py. A spinner costs a thread per rerun, so only when
# there is something to wait for.)
with st.spinner("Opening the workshop: loading the tools…") if "pmf_select.ui.compute" not in sys.modules else nullcontext():
    from pmf_select.errors import InputError
    from pmf_select.ui import compute, page_round, page_vote, session, style, warmup
    from pmf_select.ui.text import md_lines
warmup.freeze_start_up()  # once per process: keeps Python's collector off the start-up objects

if page_vote.is_member_session():  # a member's phone: the member page and nothing else, no draft
    page_vote.member_navigation()
    st.stop()

session.keep_mode()
st.set_page_config(
    page_title="pmf-select: choosing headline KPIs",
    layout="wide",
    initial_sidebar_state="collapsed" if session.presenting() else "expanded",
)

try:
    with st.spinner("Opening the workshop: loading the long list and the saved draft…") if session.opening() else nullcontext():
        session.init()
except InputError as exc:  # the long list the app was started with (PMF_SELECT_LONGLIST) cannot be read
    st.error(
        "The workshop cannot open: its long list cannot be read.\n\n"
        + md_lines(str(exc).splitlines())
        + "\n\nMend the file named above, or start the app without PMF_SELECT_LONGLIST to use the shipped list."
    )
    st.stop()
if st.session_state.get("_warmed") != session.draft_id():  # once per browser and draft, not per rerun
    st.session_state["_warmed"] = session.draft_id()
    compute.warm(session.longlist(), session.draft())  # rank and test robustness in the background
page_round.fold_answers()

presenting = session.presenting()
if not presenting:
    with st.sidebar:
        st.toggle("Presentation mode", key=session.MODE, help="Large type and fewer controls for the projector")
        st.markdown(f'<p class="quiet">Draft {session.draft_id()} · saved automatically</p>', unsafe_allow_html=True)
if notice := st.session_state.get("_draft_notice"):
    st.warning(notice)
if presenting:
    st.query_params["present"] = "1"
elif st.query_params.get("present"):
    del st.query_params["present"]
style.apply(presenting)
session.stale_watch()

pages = [
    st.Page(f"{PAGES}/start.py", title="Start here", url_path="start", default=True),
    st.Page(f"{PAGES}/longlist.py", title="Long list", url_path="long-list"),
    st.Page(f"{PAGES}/weigh.py", title="Weigh and rank", url_path="weigh"),
    st.Page(f"{PAGES}/round.py", title="Members' round", url_path="round"),
    st.Page(f"{PAGES}/robustness.py", title="How sure are we?", url_path="robustness"),
    st.Page(f"{PAGES}/build.py", title="Build the set", url_path="build"),
    st.Page(f"{PAGES}/lock.py", title="Agree and lock", url_path="lock"),
    st.Page(f"{PAGES}/log.py", title="Decision log", url_path="log"),
    st.Page(f"{PAGES}/quarter.py", title="Quarterly report", url_path="quarterly-report"),
    st.Page(f"{PAGES}/glossary.py", title="Glossary", url_path="glossary"),
]
if not presenting:
    pages.append(st.Page(f"{PAGES}/officer.py", title="Officer: edit list", url_path="officer"))
    pages.append(st.Page(f"{PAGES}/paper.py", title="Options paper", url_path="paper"))
page = st.navigation(pages, position="hidden" if presenting else "sidebar")
page.run()
if presenting:
    st.divider()
    st.toggle("Presentation mode", key=session.MODE, help="Turn off for the officer's controls and the menu")
