"""The files a locked decision offers: CSV, workbook, quarterly template, record.

Each file is made only when its button is pressed (``data`` is a callable), so
drawing a page never pays for exports nobody asked for.
"""

from __future__ import annotations

import streamlit as st

from pmf_select import reports as paper
from pmf_select.errors import InputError
from pmf_select.record import export
from pmf_select.record import session as store_session
from pmf_select.ui import session
from pmf_select.ui.text import md

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def load_decision(decision_id: str) -> export.DecisionExport | None:
    """A decision recomputed from the store, or None after showing why it cannot be."""
    try:
        with store_session(session.db_path()) as conn:
            return export.load_export(conn, decision_id)
    except InputError as exc:
        st.error(md(exc))
        return None


def decision_downloads(result: export.DecisionExport, key_prefix: str = "") -> None:
    """Four download buttons in a row; keys ``<prefix>download_csv|xlsx|template|record``."""
    decision = result.decision
    files = [
        ("csv", "Download CSV", lambda: export.csv_bytes(result), f"{decision.id}-agreed-set.csv", "text/csv"),
        ("xlsx", "Download workbook (XLSX)", lambda: export.xlsx_bytes(result), f"{decision.id}-decision.xlsx", XLSX),
        (
            "template",
            "Quarterly template 2018-19",
            lambda: export.template_bytes(result),
            f"{decision.id}-quarterly-template.xlsx",
            XLSX,
        ),
        ("record", "Decision record (DOCX)", lambda: paper.decision_paper(result), f"{decision.id}-record.docx", DOCX),
    ]
    for column, (kind, label, make, name, mime) in zip(st.columns(len(files)), files, strict=True):
        column.download_button(
            label, data=make, file_name=name, mime=mime, key=f"{key_prefix}download_{kind}", on_click="ignore"
        )
