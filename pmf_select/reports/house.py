"""House style from a Word template: render a ``.docx`` template with Jinja (docxtpl).

Committee services own the look of a committee report (fonts, the front sheet, the
summary box, heading styles, page set-up). They keep it in a Word file; the tool fills
it in. :func:`render_docx` renders such a template with docxtpl, which runs Jinja2 over
the document's XML: ``{{ name }}`` prints a value, ``{%p for x in items %}`` repeats a
paragraph, ``{%tr for row in rows %}`` a table row (docxtpl documentation,
"Jinja2-like syntax"). A template can be replaced with another house style without
changing any Python, as long as it uses the same context names (``docs/paper.md``).

Charts come in as PNG bytes (``images``); each becomes a docxtpl ``InlineImage`` under
its own key in the context, so a template prints it with ``{{ key }}``. Inside a loop
the template can look one up by name with ``{{ image(name) }}``.

The output is deterministic: the ZIP entries get a fixed time
(:func:`pmf_select.reports.docx_writer.deterministic_zip`), so the same template and
context always give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from pmf_select.errors import InputError
from pmf_select.reports.docx_writer import deterministic_zip


def render_docx(
    template: str | Path,
    context: Mapping[str, object],
    *,
    images: Mapping[str, bytes] | None = None,
    image_width_mm: float = 160,
) -> bytes:
    """The template rendered with ``context`` (and ``images`` as inline pictures), as DOCX bytes.

    ``template`` is a ``.docx`` file with Jinja tags (docxtpl). Each key in ``images``
    (PNG or JPEG bytes) is available in the template as an inline picture
    ``image_width_mm`` wide, under that key, and through ``image(key)``. A missing
    or unreadable template, or a template whose tags are broken, raises
    :class:`InputError` naming the file and the problem.
    """
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage
    from jinja2 import Environment, StrictUndefined, TemplateError

    path = Path(template)
    if not path.is_file():
        raise InputError(f"template {path}: no such file (expected a Word .docx template)")
    try:
        document = DocxTemplate(str(path))
        document.init_docx()
    except Exception as exc:  # a corrupt or non-Word file: python-docx raises several kinds
        raise InputError(f"template {path}: not a readable Word .docx file ({exc})") from None
    pictures = {
        key: InlineImage(document, io.BytesIO(data), width=Mm(image_width_mm)) for key, data in (images or {}).items()
    }

    def image(key: str):
        if key not in pictures:
            raise InputError(f"template {path}: asks for image '{key}', which was not given")
        return pictures[key]

    env = Environment(undefined=StrictUndefined, autoescape=True)
    env.globals["image"] = image
    values = {**dict(context), **pictures}
    try:
        document.render(values, jinja_env=env, autoescape=True)
    except TemplateError as exc:
        raise InputError(f"template {path}: {type(exc).__name__}: {exc}") from None
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())
