"""pmf-select: the workshop app. Wires the pages together; the logic is in the core.

Run with ``make run`` (or ``streamlit run app.py``). ``?present=1`` opens in
presentation mode; ``?draft=ID`` reopens a saved workshop draft.
"""

import streamlit as st

from pmf_select.ui import compute, session, style

PAGES = "pmf_select/ui/pages"

if "presentation_mode" not in st.session_state:
    st.session_state["presentation_mode"] = st.query_params.get("present") == "1"
st.set_page_config(
    page_title="pmf-select: choosing headline KPIs",
    layout="wide",
    initial_sidebar_state="collapsed" if st.session_state["presentation_mode"] else "expanded",
)

session.init()
compute.warm_up(session.longlist(), session.draft())  # once, in the background (issue 18)

with st.sidebar:
    st.toggle("Presentation mode", key="presentation_mode", help="Large type and fewer controls for the projector")
    st.caption(f"Draft {session.draft_id()} · saved automatically")
    if notice := st.session_state.get("_draft_notice"):
        st.warning(notice)
presenting = session.presenting()
if presenting:
    st.query_params["present"] = "1"
elif st.query_params.get("present"):
    del st.query_params["present"]
style.apply(presenting)

pages = [
    st.Page(f"{PAGES}/longlist.py", title="Long list", url_path="long-list", default=True),
    st.Page(f"{PAGES}/weigh.py", title="Weigh and rank", url_path="weigh"),
    st.Page(f"{PAGES}/robustness.py", title="How sure are we?", url_path="robustness"),
    st.Page(f"{PAGES}/build.py", title="Build the set", url_path="build"),
    st.Page(f"{PAGES}/lock.py", title="Agree and lock", url_path="lock"),
    st.Page(f"{PAGES}/log.py", title="Decision log", url_path="log"),
]
if not presenting:
    pages.append(st.Page(f"{PAGES}/officer.py", title="Officer: edit list", url_path="officer"))
st.navigation(pages).run()
