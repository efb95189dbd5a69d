"""Tables the room reads: every row visible, human column headers, text that scales.

Two renderings of the same table:

* presentation mode: a static HTML table (``st.table``): its text follows the page's
  font size (the projector CSS makes it larger), every row is on the page with no
  inner scroll box, and cell text is escaped by Streamlit;
* officer mode: ``st.dataframe`` (sortable, searchable) with its height set from the
  row count, so 12-17 rows show without an inner scroll.

Column headers are always the human labels given in ``labels`` (never ``id`` or
``service_area``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from pmf_select.ui.text import md

ROW_PX = 35  # st.dataframe's row height at the theme's base font size
HEADER_PX = 38


def frame_of(rows: Sequence[Sequence], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([list(r) for r in rows], columns=list(columns))


def grid_height(rows: int, limit: int | None = None) -> int:
    """Pixel height that shows ``rows`` rows of an ``st.dataframe`` with no inner scroll."""
    height = HEADER_PX + ROW_PX * max(rows, 1) + 3
    return height if limit is None else min(height, limit)


MAIN_PX = 880  # the main area's width at 1280 px with the sidebar open, less the grid's borders


def fit(frame: pd.DataFrame, column_config: Mapping | None = None, space: int = MAIN_PX) -> dict:
    """Column settings whose widths add up to at most ``space`` pixels, so the grid never
    scrolls sideways at 1280 px. Widths given are kept in proportion; other columns get
    one from their content (numbers narrow, text by its typical length)."""
    config: dict = {}
    wanted: dict[str, float] = {}
    for column in frame.columns:
        entry = (column_config or {}).get(column)
        entry = {"label": entry} if isinstance(entry, str) else dict(entry or {})
        width = entry.get("width")
        if not isinstance(width, int):
            values = frame[column]
            if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
                width = 80
            else:
                text = values.astype(str).str.len()
                typical = float(text.quantile(0.9)) if len(text) else 10.0
                width = int(min(max(typical, len(str(entry.get("label", column)))), 60) * 8 + 16)
        wanted[column] = width
        config[column] = entry
    total = sum(wanted.values())
    scale = min(1.0, space / total) if total else 1.0
    floor = min(48, space // max(len(wanted), 1))  # many columns: narrower, never wider than the space
    for column, width in wanted.items():
        config[column]["width"] = max(floor, int(width * scale))
    return config


def room_table(
    frame: pd.DataFrame,
    presenting: bool,
    labels: Mapping[str, str] | None = None,
    column_config: Mapping | None = None,
    formats: Mapping[str, str] | None = None,
    limit: int | None = None,
    space: int = MAIN_PX,
) -> None:
    """Show ``frame`` with every row visible; ``labels`` renames raw columns to human headers.

    ``space``: the pixels the officer's grid may take (half the main area in a column).

    ``formats`` maps a column to a format string for the static table (e.g. ``"{:.0%}"``);
    ``column_config`` configures the officer's grid; ``limit`` caps the grid's height
    (longer officer tables then scroll inside, as the room never sees them).
    """
    labels = dict(labels or {})
    if presenting:
        shown = frame.copy()
        for column, fmt in (formats or {}).items():
            if column in shown.columns:
                shown[column] = [fmt.format(v) if pd.notna(v) else "" for v in shown[column]]
        # st.table reads string cells as Markdown: user text (names, areas) is escaped
        for column in shown.columns:
            if shown[column].dtype == object or pd.api.types.is_string_dtype(shown[column]):
                shown[column] = [md(v) if isinstance(v, str) else v for v in shown[column]]
        st.table(shown.rename(columns={c: md(label) for c, label in labels.items()}), hide_index=True)
        return
    config = {c: label for c, label in labels.items() if c in frame.columns}
    config.update(column_config or {})
    st.dataframe(frame, hide_index=True, height=grid_height(len(frame), limit), column_config=fit(frame, config, space))
