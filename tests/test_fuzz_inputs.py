"""Fuzzing the doors with Hypothesis: long lists, drafts and exported templates (issue 17).

Every generated input must end in exit 0, or exit 2 with a message that names the
file and a row, column or key; never exit 1 (a bug), never a traceback, never a hang.
The runs are in-process (``main(argv)``) for speed and bounded: a fixed number of
examples per property and a per-example deadline that fails a slow input.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmf_select.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "decisions_longlist.csv"
ROWS = list(csv.reader(io.StringIO(FIXTURE.read_text(encoding="utf-8-sig"))))
HEADER = ROWS[0]
BOUNDED = settings(
    max_examples=25,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
NAMES_A_PLACE = re.compile(r"row \d+|column|key|draft \w|'[^']*'|cell [A-Z]+\d+|sheet")

cell_values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "5", "-1", "6", "1e308", "nan", "inf", "=1+1", "@SUM(1)", "\x00", "ＡＢ", "3.5"]),
    st.integers(-10, 10).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def _run(capsys, argv: list[str]) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.err + captured.out  # verify lists differences on stdout


def _assert_clean(code: int, err: str, name: str) -> None:
    assert code in (0, 2), f"exit {code}: {err[:500]}"
    assert "Traceback" not in err and "unexpected error" not in err
    if code == 2:
        assert err.strip(), "exit 2 without a message"
        assert name in err or NAMES_A_PLACE.search(err), f"the message names no file, row or key: {err[:300]}"


@st.composite
def long_lists(draw) -> bytes:
    """A long list: the fixture's header (sometimes edited) and rows mutated cell by cell."""
    header = list(HEADER)
    if draw(st.booleans()):
        del header[draw(st.integers(0, len(header) - 1))]
    if draw(st.booleans()):
        header.insert(draw(st.integers(0, len(header))), draw(st.text(max_size=10)))
    rows = []
    for source in draw(st.lists(st.sampled_from(ROWS[1:]), max_size=12)):
        row = list(source)[: len(header)]
        for _ in range(draw(st.integers(0, 4))):
            if row:
                row[draw(st.integers(0, len(row) - 1))] = draw(cell_values)
        if draw(st.integers(0, 9)) == 0:
            row.append(draw(cell_values))  # a ragged row
        rows.append(row)
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\r\n", "\n"]))).writerows(
        [header, *rows]
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return buffer.getvalue().encode(encoding, errors="replace")


@given(data=long_lists())
@BOUNDED
def test_fuzzed_long_lists_validate_rank_and_lock_cleanly(tmp_path, capsys, monkeypatch, data):
    monkeypatch.setenv("PMF_SELECT_DB", str(tmp_path / "fuzz.db"))
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    _assert_clean(*_run(capsys, ["validate", str(path)]), path.name)
    _assert_clean(*_run(capsys, ["rank", str(path), "--out", str(tmp_path / "r.csv")]), path.name)
    _assert_clean(
        *_run(capsys, ["lock", str(path), "--ids", "CP-REPEAT", "--meeting", "m", "--samples", "50"]), path.name
    )


@given(data=st.binary(max_size=2048), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
@BOUNDED
def test_fuzzed_bytes_are_refused_or_read_cleanly(tmp_path, capsys, data, suffix):
    path = tmp_path / f"bytes{suffix}"
    path.write_bytes(data)
    _assert_clean(*_run(capsys, ["validate", str(path)]), path.name)


json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
    ),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
DRAFT_KEYS = [
    "audience",
    "method",
    "weights",
    "members",
    "order",
    "picks",
    "notes",
    "constraints",
    "robustness",
    "meeting",
    "use_members",
    "longlist_hash",
]


@pytest.fixture(scope="module")
def draft_document(tmp_path_factory) -> dict:
    from pmf_select.longlist import load_longlist
    from pmf_select.record import export_draft, open_store, save_draft

    conn = open_store(tmp_path_factory.mktemp("draft") / "source.db")
    state = {
        "audience": "scrutiny",
        "weights": {"relevance": 30},
        "picks": ["CP-REPEAT"],
        "constraints": {"size": 4, "include": [], "exclude": []},
        "robustness": {"sampling": "around", "samples": 500, "seed": 1, "spread": 0.1},
    }
    save_draft(conn, "fuzz", state, load_longlist(FIXTURE))
    document = json.loads(export_draft(conn, "fuzz"))
    conn.close()
    return document


@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(DRAFT_KEYS),
            st.one_of(json_values, st.sampled_from(["weights", "constraints", "robustness"])),
            st.sampled_from([None, "size", "samples", "sampling", "relevance", "include", "seed", "spread"]),
        ),
        max_size=4,
    )
)
@BOUNDED
def test_fuzzed_draft_files_import_cleanly(tmp_path, capsys, monkeypatch, draft_document, edits):
    monkeypatch.setenv("PMF_SELECT_DB", str(tmp_path / "fuzz.db"))
    document = json.loads(json.dumps(draft_document))
    state = document["state"]
    for key, value, inner in edits:
        if inner is not None and isinstance(state.get(key), dict):
            state[key][inner] = value
        else:
            state[key] = value
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(document))
    code, err = _run(capsys, ["draft", "import", str(path)])
    _assert_clean(code, err, path.name)
    if code == 0:  # an imported draft can be listed, exported and locked (or is refused with a message)
        draft_id = err.strip().splitlines()[-1]
        _assert_clean(*_run(capsys, ["draft", "export", draft_id, "--out", str(tmp_path / "again.json")]), draft_id)
        db = tmp_path / "fuzz.db"
        from pmf_select.errors import InputError
        from pmf_select.record import lock_from_draft, open_store

        conn = open_store(db)
        try:
            lock_from_draft(conn, draft_id, meeting="m", meeting_date="2018-03-14")
        except InputError:
            pass
        finally:
            conn.close()


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    import os

    folder = tmp_path_factory.mktemp("exports")
    db = folder / "store.db"
    old = os.environ.get("PMF_SELECT_DB")
    os.environ["PMF_SELECT_DB"] = str(db)
    try:
        assert main(["lock", str(FIXTURE), "--ids", "CP-REPEAT,WF-CASE", "--meeting", "m", "--samples", "200"]) == 0
        files = {}
        for fmt, name in (("csv", "a.csv"), ("template", "t.csv")):
            assert main(["export", "D0001", "--format", fmt, "--out", str(folder / name)]) == 0
            files[name] = (folder / name).read_bytes()
    finally:
        if old is None:
            os.environ.pop("PMF_SELECT_DB", None)
        else:
            os.environ["PMF_SELECT_DB"] = old
    return db, files


@given(
    name=st.sampled_from(["a.csv", "t.csv"]),
    edits=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 40), cell_values), max_size=5),
)
@BOUNDED
def test_fuzzed_exports_and_templates_verify_cleanly(tmp_path, capsys, monkeypatch, exported, name, edits):
    db, files = exported
    monkeypatch.setenv("PMF_SELECT_DB", str(db))
    rows = list(csv.reader(io.StringIO(files[name].decode("utf-8-sig"), newline="")))
    for r, c, value in edits:
        if r < len(rows):
            row = rows[r]
            if c < len(row):
                row[c] = value
            else:
                row.append(value)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path = tmp_path / name
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    code, err = _run(capsys, ["verify", str(path)])
    _assert_clean(code, err, name)
