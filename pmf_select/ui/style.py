"""Look and feel for a projected screen: large type, high contrast, colour-blind-safe.

The projector theme itself is in ``.streamlit/config.toml``; presentation mode adds
larger type and hides officer controls. Chart styling lives in the core
(``pmf_select.reports.charts``) so exported charts match the screen.
"""

from __future__ import annotations

import html

import streamlit as st

BASE_CSS = """
<style>
/* keep the page clear of the (hidden) toolbar and use the width */
.block-container {padding: 3.6rem 1.5rem 2rem 1.5rem !important; max-width: 100% !important;}
h1 {font-size: 2.0rem !important; margin-bottom: 0.2rem;}
h2 {font-size: 1.55rem !important;}
h3 {font-size: 1.3rem !important;}
div[data-testid="stCaptionContainer"] p {color: #2a2a2a !important; font-size: 0.95rem;}
/* captions and muted text at full opacity and a 4.5:1+ colour (WCAG 2.2 AA 1.4.3) */
div[data-testid="stCaptionContainer"], div[data-testid="stCaptionContainer"] * {opacity: 1 !important; color: #2a2a2a !important;}
div[data-testid="stWidgetLabel"] *, div[data-testid="stTooltipHoverTarget"] * {opacity: 1 !important;}
.quiet {color: #2a2a2a; font-size: 0.95rem; margin: 0.2rem 0 0.6rem 0;}
.step-current {font-weight: 700; border-bottom: 4px solid #0b3d91; padding: 0.25rem 0.2rem; margin: 0; white-space: nowrap;}
/* static room tables: readable, no horizontal scroll */
div[data-testid="stTable"] table {width: 100%;}
div[data-testid="stTable"] th {background: #dfe6f0; color: #0a0a0a; font-weight: 600;}
div[data-testid="stTable"] td, div[data-testid="stTable"] th {padding: 0.25rem 0.5rem; white-space: normal;}
/* "Next: ..." and "Begin: ..." links look like the room's primary buttons */
div[class*="st-key-next_"] a {background: #0b3d91; border-radius: 0.5rem; padding: 0.45rem 1.1rem; display: inline-flex;}
div[class*="st-key-next_"] a * {color: #ffffff !important; font-weight: 600;}
div[class*="st-key-next_"] a:focus-visible {outline: 3px solid #E69F00; outline-offset: 2px;}
/* the lock banner */
.st-key-lock_banner {border: 3px solid #0b6b2e !important; background: #e8f5ec;}
</style>
"""

PRESENTATION_CSS = """
<style>
html {font-size: 20px;}
.block-container {padding: 1.1rem 1.6rem 2rem 1.6rem !important;}
h1 {font-size: 1.9rem !important; padding: 0 0 0.35rem 0 !important; line-height: 1.2 !important;}
div[data-testid="stVerticalBlock"] {gap: 0.55rem;}
/* the app header (menu only, in viewer mode) would cover the title row on a 720-line screen */
header[data-testid="stHeader"] {display: none;}
p, li, label, .stMarkdown, div[data-testid="stMarkdownContainer"] {font-size: 1.05rem;}
div[data-testid="stMetricValue"], div[data-testid="stMetricValue"] p {font-size: 2.8rem !important; font-weight: 700;}
div[data-testid="stCaptionContainer"] p {font-size: 0.95rem; color: #1f1f1f !important;}
.officer-only {display: none;}
div[data-testid="stTable"] td, div[data-testid="stTable"] th {font-size: 1.0rem; line-height: 1.3;}
/* no sidebar on the projector: the page carries its own steps and "Next" links */
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"] {display: none;}
</style>
"""


def quiet(text: str) -> None:
    """Secondary text at full contrast (``st.caption`` renders at reduced opacity, which
    fails WCAG AA contrast on a projector). ``text`` is escaped: it may hold user input."""
    st.markdown(f'<p class="quiet">{html.escape(text)}</p>', unsafe_allow_html=True)


def apply(presenting: bool) -> None:
    """Inject the page CSS; presentation mode enlarges everything."""
    st.html(BASE_CSS + (PRESENTATION_CSS if presenting else ""))
