"""The cell checks' shortcut agrees with pandera (issue 18: CLI start-up).

``load._cells_pass`` runs the long list's cell checks directly so that a valid list
loads without importing pandera; pandera still reports every problem. The shortcut is
sound only if it never says "no problems" where pandera would report one, and useful
only if it says so wherever pandera agrees. Both are checked here on the shipped list
with cells replaced by awkward values (blank, padded, out of scale, not a number,
non-ASCII digits, too long, not text at all).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmf_select.errors import LongListError
from pmf_select.longlist import load, load_criteria, parse_longlist
from pmf_select.longlist.lazy_pandera import pandera_pandas

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "candidates" / "longlist.csv"
FIXTURES = ROOT / "tests" / "fixtures"
CRITERIA = load_criteria()


def _shipped_frame():
    table = load._read_table(SHIPPED.read_bytes(), str(SHIPPED), None)
    frame, problems = load.validate_table(table, str(SHIPPED), CRITERIA)
    assert problems == []
    return frame


FRAME = _shipped_frame()

awkward = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "3",
            " 3 ",
            "3.0",
            "0",
            "5",
            "6",
            "-1",
            "nan",
            "inf",
            "-inf",
            "1e400",
            "1_0",
            "٣",
            "abc",
            "higher",
            "Higher ",
            "lower",
            "neither",
            "rate",
            "annual",
            "quarterly",
            "yes",
            "no",
            "12",
            "24",
            "25",
            "x" * 41,
            "x" * 200,
        ]
    ),
    st.text(max_size=8),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
)


def _pandera_passes(frame) -> bool:
    pa = pandera_pandas()
    try:
        load.build_schema(CRITERIA, list(frame.columns)).validate(frame, lazy=True)
    except pa.errors.SchemaErrors:
        return False
    return True


def test_shipped_list_passes_both():
    assert load._cells_pass(FRAME, CRITERIA)
    assert _pandera_passes(FRAME)


@settings(
    max_examples=60,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(
    st.lists(
        st.tuples(st.integers(0, len(FRAME) - 1), st.sampled_from(list(FRAME.columns)), awkward),
        min_size=1,
        max_size=4,
    )
)
def test_shortcut_says_pass_exactly_when_pandera_does(edits):
    frame = FRAME.copy()
    for row, column, value in edits:
        frame.at[row, column] = value
    fast, slow = load._cells_pass(frame, CRITERIA), _pandera_passes(frame)
    if fast:
        assert slow, f"the shortcut passed cells pandera refuses: {edits}"
    if all(type(v) is str for _, _, v in edits):
        # on text (all a file can hold) the shortcut also never refuses what pandera accepts
        assert fast == slow, edits


@pytest.mark.parametrize("fixture", ["sample_bad_mixed.csv", "sample_excel_cp1252.csv", "sample_minimal.csv"])
def test_messages_are_pandera_s_with_or_without_the_shortcut(fixture, monkeypatch):
    """A file's problems (or its acceptance) do not depend on the shortcut."""

    def outcome():
        data = (FIXTURES / fixture).read_bytes()
        try:
            return len(parse_longlist(data, fixture, CRITERIA))
        except LongListError as exc:
            return str(exc)

    with_shortcut = outcome()
    monkeypatch.setattr(load, "_cells_pass", lambda frame, criteria: False)
    assert outcome() == with_shortcut
