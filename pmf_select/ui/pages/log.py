"""Page script (file-based so tests can switch to it); the page lives in pmf_select.ui.page_log."""

from pmf_select.ui.page_log import render

render()
