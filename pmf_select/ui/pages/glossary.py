"""Page script (file-based so tests can switch to it); the page lives in pmf_select.ui.page_glossary."""

from pmf_select.ui.page_glossary import render

render()
