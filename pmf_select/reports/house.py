"""Rendering a report from the council's own Word template (docxtpl: Jinja in Word).

Officers keep the look of a committee report (front sheet, fonts, headings, header and
footer) in a .docx they can open and edit in Word; the tool only fills in the tags
(``{{ title }}``, ``{%tr for row in rows %}`` ...), so changing the house style needs
no code. docxtpl (https://docxtpl.readthedocs.io) renders the whole document part, its
headers and footers as one Jinja template.

:func:`render_docx` turns each image given as PNG bytes into an ``InlineImage`` under its
key, escapes every text value (``&`` or ``<`` in an indicator name cannot break the
document), and fixes every ZIP entry's time, so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from pmf_select.reports.docx_writer import deterministic_zip


def render_docx(
    template: str | Path,
    context: Mapping[str, object],
    *,
    images: Mapping[str, bytes] | None = None,
    image_width_mm: float = 160,
) -> bytes:
    """The template rendered with ``context`` as DOCX bytes (deterministic).

    Each key of ``images`` (PNG or JPEG bytes) becomes an ``InlineImage`` of
    ``image_width_mm`` in the context under that key.
    """
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    document = DocxTemplate(str(template))
    values = dict(context)
    for key, data in (images or {}).items():
        values[key] = InlineImage(document, io.BytesIO(data), width=Mm(image_width_mm))
    document.render(values, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())
