"""Options paper: the report's details (a form), the warnings before export, and the Word file.

The form starts from ``candidates/report.toml`` (the seed report's own values) and
keeps what the officer types in the workshop draft, so a refresh loses nothing. Empty
fields are listed as warnings before the paper is made; the paper itself never prints
a bracketed placeholder. Making the paper takes about ten seconds (options, robustness
at each option's size, charts, the template), so it runs inside a status box that says
which step it is on, and the finished file is kept for download.
"""

from __future__ import annotations

import tempfile
from dataclasses import asdict
from pathlib import Path

import streamlit as st

from pmf_select.errors import InputError
from pmf_select.record import workshop
from pmf_select.reports import (
    IMAGE_WIDTH_MM,
    OPTIONS_TEMPLATE_FILE,
    details_from_mapping,
    load_details,
    missing_details,
    option_letter,
    options_context,
    render_docx,
)
from pmf_select.selection import InfeasibleSet, build_options
from pmf_select.ui import session
from pmf_select.ui.text import md

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_FIELDS = (
    ("report_no", "Report number", "Allocated by Democratic Services"),
    ("meeting", "Meeting", None),
    ("decision_maker", "Decision maker", None),
    ("date", "Meeting date (YYYY-MM-DD)", None),
    ("decision_type", "Decision type", None),
    ("contact_name", "Contact officer", None),
    ("contact_title", "Contact officer's job title", None),
    ("contact_telephone", "Telephone", None),
    ("contact_email", "E-mail", None),
    ("chief_officer", "Chief officer", None),
    ("ward", "Ward", None),
    ("bbb_priority", "BBB priority", None),
)
PAPER_SAMPLES = 10_000


def _stored_details() -> dict:
    """The details as the draft keeps them (text), starting from the shipped file."""
    saved = session.get(["paper_details"])
    if isinstance(saved, dict):
        return saved
    shipped = asdict(load_details())
    shipped["date"] = shipped["date"].isoformat() if shipped["date"] else ""
    shipped["meetings_2018_19"] = "\n".join(d.isoformat() for d in shipped["meetings_2018_19"])
    shipped.pop("title", None)
    return {k: str(v) for k, v in shipped.items()}


def _details_form(stored: dict) -> dict:
    with st.form("paper_details_form"):
        st.subheader("Report details")
        values = {}
        columns = st.columns(2)
        for i, (key, label, help_text) in enumerate(TEXT_FIELDS):
            values[key] = columns[i % 2].text_input(
                label, value=stored.get(key, ""), key=f"paper_{key}", help=help_text
            )
        values["meetings_2018_19"] = st.text_area(
            "The Sub-Committee's meetings in 2018-19, one date a line (YYYY-MM-DD), for the reporting calendar",
            value=stored.get("meetings_2018_19", ""),
            key="paper_meetings",
            height=110,
        )
        if st.form_submit_button("Save details", type="primary"):
            session.put(["paper_details"], values)
            session.save()
            st.success("Details saved with this draft.")
            return values
    return stored


def _parse(values: dict):
    mapping = {k: v for k, v in values.items() if k != "meetings_2018_19"}
    mapping["meetings_2018_19"] = [
        line.strip() for line in str(values.get("meetings_2018_19", "")).splitlines() if line.strip()
    ]
    return details_from_mapping(mapping, "report details")


def _make_paper(longlist, details, template: Path | None) -> tuple[bytes, str]:
    """Build the options, then the content and charts, then fill the template, with the step shown."""
    audience = session.get(["audience"], "scrutiny")
    try:
        weights = workshop.current_weights(longlist.criteria, session.draft())
    except InputError:
        weights = None  # the criteria file's default weights
    with st.status("Making the options paper (about ten seconds)...", expanded=True) as status:
        st.write("Step 1 of 3: building the options (each the best set under its own rules)")
        options = build_options(
            longlist, audience, weights, route_annual=True, require_finance=True, samples=PAPER_SAMPLES
        )
        st.write("Step 2 of 3: checking how sure each indicator is, and drawing the charts")
        content = options_context(longlist, audience, weights, options=options, details=details, samples=PAPER_SAMPLES)
        st.write("Step 3 of 3: filling the Word template")
        data = render_docx(
            template or OPTIONS_TEMPLATE_FILE, content.context, images=content.images, image_width_mm=IMAGE_WIDTH_MM
        )
        status.update(label="The options paper is ready", state="complete", expanded=False)
    listed = ", ".join(f"{option_letter(i)} {o.title.lower()} ({o.size})" for i, o in enumerate(options))
    return data, f"Options {listed}; recommended Option {option_letter(content.recommended)}."


def render() -> None:
    longlist = session.longlist()
    st.title("Options paper")
    st.caption(
        "The committee report officers table: the options, each indicator's reason, what each option gives up, "
        "the reporting calendar and the data development agenda, in the council's Word layout. "
        "It uses the audience and weights set on the Weigh and rank page."
    )
    values = _details_form(_stored_details())
    try:
        details = _parse(values)
    except InputError as exc:
        st.error(f"The details cannot be used yet: {md(exc)}")
        return
    warnings = missing_details(details)
    if warnings:
        st.warning("Before export, fill in: " + "; ".join(warnings) + ". The paper leaves these empty.")
    else:
        st.success("Every detail is filled in.")

    upload = st.file_uploader(
        "Another house style (optional): a Word template with the same fields",
        type=["docx"],
        key="paper_template_upload",
        help="Leave empty to use the shipped Bromley committee report template.",
    )
    if st.button("Make the options paper (about ten seconds)", key="make_paper_button", type="primary"):
        template = None
        if upload is not None:
            folder = Path(tempfile.mkdtemp(prefix="pmf-template-"))
            template = folder / "template.docx"
            template.write_bytes(upload.getvalue())
        try:
            data, summary = _make_paper(longlist, details, template)
        except (InputError, InfeasibleSet) as exc:
            st.error(f"The paper could not be made: {md(exc)}")
            return
        st.session_state["_paper_docx"] = data
        st.session_state["_paper_summary"] = summary
    if "_paper_docx" in st.session_state:
        st.info(st.session_state["_paper_summary"])
        st.download_button(
            "Download the options paper (DOCX)",
            data=st.session_state["_paper_docx"],
            file_name="options-paper.docx",
            mime=DOCX,
            key="paper_download",
            on_click="ignore",
        )
