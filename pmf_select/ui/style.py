"""Look and feel for a projected screen: large type, high contrast, colour-blind-safe.

The projector theme itself is in ``.streamlit/config.toml``; presentation mode adds
larger type and hides officer controls. Chart styling lives in the core
(``pmf_select.reports.charts``) so exported charts match the screen.
"""

from __future__ import annotations

import streamlit as st

BASE_CSS = """
<style>
/* keep the page clear of the (hidden) toolbar and use the width */
.block-container {padding: 2.2rem 1.5rem 2rem 1.5rem !important; max-width: 100% !important;}
h1 {font-size: 2.0rem !important; margin-bottom: 0.2rem;}
h2 {font-size: 1.55rem !important;}
h3 {font-size: 1.3rem !important;}
div[data-testid="stCaptionContainer"] p {color: #2a2a2a !important; font-size: 0.95rem;}
</style>
"""

PRESENTATION_CSS = """
<style>
html {font-size: 20px;}
.block-container {padding-left: 1.6rem; padding-right: 1.6rem;}
h1 {font-size: 2.2rem !important;}
p, li, label, .stMarkdown, div[data-testid="stMarkdownContainer"] {font-size: 1.05rem;}
div[data-testid="stMetricValue"], div[data-testid="stMetricValue"] p {font-size: 2.8rem !important; font-weight: 700;}
div[data-testid="stCaptionContainer"] p {font-size: 0.95rem; color: #1f1f1f !important;}
.officer-only {display: none;}
</style>
"""


def apply(presenting: bool) -> None:
    """Inject the page CSS; presentation mode enlarges everything."""
    st.html(BASE_CSS + (PRESENTATION_CSS if presenting else ""))
