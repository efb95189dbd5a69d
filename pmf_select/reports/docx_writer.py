"""A deterministic DOCX: every ZIP entry gets a fixed time, so equal content gives equal bytes.

Word files are ZIP archives; a fresh save stamps each entry with the current time, so
two renderings of the same paper would differ. :func:`deterministic_zip` rewrites the
archive with a fixed time (1980-01-01, the earliest a ZIP can hold). Used by
:func:`pmf_select.reports.house.render_docx` and the template builder. The chart size
constants say how the charts are printed.
"""

from __future__ import annotations

import io
import zipfile

PORTRAIT_TEXT_WIDTH_CM = 17.0
LANDSCAPE_TEXT_WIDTH_CM = 25.7
CHART_SCALE = 2.0
"""Charts are rendered at twice their nominal pixel size (print quality) ..."""
CM_PER_CHART_PIXEL = 0.0235
"""... and printed at this size per nominal pixel, so 13-pixel chart text is about 8.5 pt."""

_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def deterministic_zip(data: bytes) -> bytes:
    """The same ZIP (DOCX) with every entry's time fixed, so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
