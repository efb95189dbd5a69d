"""Officer grids fit the main area at 1280 px, however many columns they have."""

from __future__ import annotations

import pandas as pd
import pytest

from pmf_select.ui import tables


@pytest.mark.parametrize("columns", [3, 12, 19, 30])
def test_fitted_widths_never_add_up_to_more_than_the_space(columns):
    frame = pd.DataFrame({f"column {i}": ["a fairly long cell of text"] for i in range(columns)})
    config = tables.fit(frame)
    assert sum(entry["width"] for entry in config.values()) <= tables.MAIN_PX
    assert all(entry["width"] >= 29 for entry in config.values())
