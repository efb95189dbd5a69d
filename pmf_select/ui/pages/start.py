"""Page script (file-based so tests can switch to it); the page lives in pmf_select.ui.page_start."""

from pmf_select.ui.page_start import render

render()
