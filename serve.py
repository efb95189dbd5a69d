"""pmf-select's server: the workshop app (app.py), ready before it answers.

``make run`` starts this file (``streamlit run serve.py``). It serves app.py exactly
as ``streamlit run app.py`` would, through Streamlit's ``st.App``, whose start-up hook
first loads the tools and computes the opening results (pmf_select/ui/warmup.py), so
the first page the room opens is quick; and a page opened at its own address (a
refresh, a member's link) finds the server on its first try
(pmf_select/ui/page_base.py). Every ``streamlit run`` option still applies.
"""

import streamlit as st
from starlette.middleware import Middleware

from pmf_select.ui.page_base import PageBaseMiddleware
from pmf_select.ui.warmup import lifespan

app = st.App("app.py", lifespan=lifespan, middleware=[Middleware(PageBaseMiddleware)])
