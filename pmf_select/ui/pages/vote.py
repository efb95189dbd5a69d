"""Page script (file-based so tests can switch to it); the page lives in pmf_select.ui.page_vote."""

from pmf_select.ui.page_vote import render

render()
