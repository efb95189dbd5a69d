"""The Options paper page: the details form, warnings before export, and the Word file."""

from __future__ import annotations

import io

from docx import Document

from tests.app.conftest import open_app, reopen


def test_the_form_starts_from_the_seed_values_and_names_what_is_missing():
    at = open_app("paper")
    assert at.title[0].value == "Options paper"
    assert at.text_input(key="paper_contact_name").value == "Naheed Chaudhry"
    assert at.text_input(key="paper_bbb_priority").value == "Children and Young People"
    warning = " ".join(w.value for w in at.warning)
    assert "report number is empty" in warning and "meeting dates" in warning


def test_saved_details_survive_a_refresh_and_clear_the_warnings():
    at = open_app("paper")
    at.text_input(key="paper_report_no").set_value("CSD18042")
    at.text_input(key="paper_contact_telephone").set_value("020 8461 7000")
    at.text_input(key="paper_contact_email").set_value("officer@example.org")
    at.text_area(key="paper_meetings").set_value("2018-06-26\n2018-09-11")
    at.button[0].click().run()  # the form's "Save details"
    assert not at.exception
    assert not at.warning and any("Every detail is filled in" in s.value for s in at.success)
    again = reopen(at, "paper")
    assert again.text_input(key="paper_report_no").value == "CSD18042"
    assert not again.warning


def test_a_bad_date_is_named_not_a_traceback():
    at = open_app("paper")
    at.text_input(key="paper_date").set_value("20/03/2018")
    at.button[0].click().run()
    assert not at.exception
    assert any("YYYY-MM-DD" in e.value.replace("\\", "") for e in at.error)


def test_making_the_paper_offers_a_word_file_with_the_details():
    at = open_app("paper")
    at.text_input(key="paper_report_no").set_value("CSD18042")
    at.button[0].click().run()
    at.button(key="make_paper_button").click()
    at.run(timeout=240)
    assert not at.exception, [e.value for e in at.exception]
    assert any("recommended Option" in i.value for i in at.info)
    data = at.session_state["_paper_docx"]
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Report No. CSD18042" in text and "1. REASON FOR REPORT" in text
