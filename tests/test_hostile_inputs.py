"""Regression tests for the hostile tester's defects (issue 17): each reproduces its input.

Root ignores file modes, so "read-only" is simulated the way SQLite and the OS would
report it: a store opened with SQLite's ``mode=ro`` URI, or a temporary-file call that
raises PermissionError (see the testing-as-root note in the workshop notes).
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

import pytest

from pmf_select.cli import main
from tests.hostile_files import huge_xlsx, zip_bomb_xlsx

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = str(ROOT / "candidates" / "longlist.csv")
FIXTURE = str(ROOT / "tests" / "fixtures" / "decisions_longlist.csv")
IDS = "CP-REPEAT,LAC-HEALTH,WF-CASE,REF-REREF"


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "store.db"
    monkeypatch.setenv("PMF_SELECT_DB", str(path))
    return path


def _exit(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _lock(capsys, *extra: str) -> None:
    code, _, err = _exit(
        capsys, "lock", FIXTURE, "--ids", IDS, "--meeting", "B&P", "--date", "2018-03-14", "--samples", "500", *extra
    )
    assert code == 0, err


# ---------------------------------------------------------------- defect 1: an XLSX long list


def test_a_derived_xlsx_long_list_can_be_locked(tmp_path, db, capsys):
    out = tmp_path / "ll.xlsx"
    assert _exit(capsys, "derive", SHIPPED, "--out", str(out))[0] == 0
    code, stdout, err = _exit(capsys, "lock", str(out), "--ids", "CL-EET", "--meeting", "m")
    assert code == 0, err
    assert stdout.strip().splitlines()[-1] == "D0001"
    code, stdout, err = _exit(capsys, "export", "D0001", "--format", "csv", "--out", str(tmp_path / "a.csv"))
    assert code == 0, err
    assert _exit(capsys, "decisions", "--check")[0] == 0


def test_an_uploaded_xlsx_long_list_is_stored_and_read_back_with_a_draft(tmp_path):
    """The app's upload path: parse the XLSX, save it with the draft, read the draft's list back."""
    from pmf_select.longlist import load_longlist, parse_longlist
    from pmf_select.record import draft_longlist, load_draft, open_store, save_draft, save_longlist

    path = save_longlist(load_longlist(SHIPPED), tmp_path / "upload.xlsx")
    uploaded = parse_longlist(path.read_bytes(), "upload.xlsx")
    conn = open_store(tmp_path / "app.db")
    save_draft(conn, "d1", {"audience": "scrutiny"}, uploaded)
    again = draft_longlist(conn, load_draft(conn, "d1"))
    assert again.content_hash == uploaded.content_hash


# ---------------------------------------------------------------- defect 5: exit 2, never 1


def test_criteria_that_is_a_folder_is_bad_input(tmp_path, capsys):
    code, _, err = _exit(capsys, "validate", SHIPPED, "--criteria", str(tmp_path))
    assert code == 2 and "is a folder" in err and "criteria" in err


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02garbage\xff\xfe" * 100,
        b"PK\x03\x04 not really a zip",
        b'member,relevance\n"A,1\n' + b"x" * 200_000,
        ("member,relevance\nA," + "9" * 5000 + "\n").encode(),
        ("member,relevance\n" + "".join(f"M{i},1\n" for i in range(500))).encode(),
    ],
    ids=["binary", "zip", "unterminated-quote", "5000-digits", "500-members"],
)
def test_a_garbage_members_file_is_bad_input(tmp_path, capsys, content):
    members = tmp_path / "members.csv"
    members.write_bytes(content)
    code, _, err = _exit(
        capsys, "robustness", SHIPPED, "--sampling", "members", "--members", str(members), "--samples", "200"
    )
    assert code == 2, err
    assert str(members) in err and "Traceback" not in err


def test_a_5000_digit_weight_is_bad_input_with_a_short_message(capsys):
    code, _, err = _exit(capsys, "rank", SHIPPED, "--weights", "relevance=" + "9" * 5000)
    assert code == 2 and "5,000 characters" in err and len(err) < 300


def test_weights_whose_sum_overflows_are_normalised_not_called_zero(capsys):
    code, out, err = _exit(capsys, "rank", SHIPPED, "--weights", "relevance=1e308,comparability=1e308")
    assert code == 0, err
    assert "relevance 0.500" in out and "comparability 0.500" in out


def test_a_100000_deep_json_draft_is_bad_input(tmp_path, db, capsys):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    code, _, err = _exit(capsys, "draft", "import", str(deep))
    assert code == 2 and "nested too deeply" in err


def test_a_draft_with_a_5000_digit_number_is_bad_input(tmp_path, db, capsys):
    bad = tmp_path / "digits.json"
    bad.write_text(
        '{"format": "pmf-select draft", "format_version": 1, "state": {"weights": {"relevance": ' + "9" * 5000 + "}}}"
    )
    code, _, err = _exit(capsys, "draft", "import", str(bad))
    assert code == 2 and "not a draft file" in err


def _refuse_temp_files(monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "D0001", "--format", "csv", "--out", "{out}/a.csv"],
        ["export", "D0001", "--format", "xlsx", "--out", "{out}/a.xlsx"],
        ["paper", "--decision", "D0001", "--out", "{out}/record.docx", "--no-charts"],
        ["draft", "export", "{draft}", "--out", "{out}/draft.json"],
    ],
    ids=["export-csv", "export-xlsx", "paper-decision", "draft-export"],
)
def test_out_into_a_read_only_folder_is_bad_input(tmp_path, db, capsys, monkeypatch, argv):
    from pmf_select.longlist import load_longlist
    from pmf_select.record import open_store, save_draft

    _lock(capsys)
    conn = open_store(db)
    save_draft(conn, "d1", {"audience": "scrutiny"}, load_longlist(FIXTURE))
    conn.close()
    _refuse_temp_files(monkeypatch)
    argv = [a.format(out=tmp_path, draft="d1") for a in argv]
    code, _, err = _exit(capsys, *argv)
    assert code == 2, err
    assert "cannot be written (Permission denied)" in err and "Traceback" not in err
    assert not list(tmp_path.glob(".*.*"))  # no temporary file left behind


def _open_read_only(monkeypatch, folder_too: bool = False):
    """Make every plain store connection read-only (``mode=ro``), as a read-only file would be.

    With ``folder_too``, a plain connection fails as it does when SQLite cannot make
    the WAL index beside the file; the read-only URI connections still work.
    """
    from pmf_select.record import store

    real = sqlite3.connect

    def connect(database, *args, **kwargs):
        if kwargs.get("uri"):
            return real(database, *args, **kwargs)
        if folder_too:
            raise sqlite3.OperationalError("unable to open database file")
        kwargs["uri"] = True
        return real(f"file:{database}?mode=ro", *args, **kwargs)

    monkeypatch.setattr(store.sqlite3, "connect", connect)


def test_lock_on_a_read_only_store_is_bad_input(db, capsys, monkeypatch):
    _lock(capsys)
    _open_read_only(monkeypatch)
    code, _, err = _exit(capsys, "lock", FIXTURE, "--ids", IDS, "--meeting", "B&P", "--samples", "200")
    assert code == 2, err
    assert "read-only" in err and "nothing was changed" in err


# ---------------------------------------------------------------- defect 6: a read-only store is readable


@pytest.mark.parametrize("folder_too", [False, True], ids=["read-only-file", "read-only-folder"])
def test_a_read_only_store_can_be_listed_checked_and_exported(tmp_path, db, capsys, monkeypatch, folder_too):
    _lock(capsys)
    _open_read_only(monkeypatch, folder_too=folder_too)
    code, out, err = _exit(capsys, "decisions")
    assert code == 0, err
    assert "D0001" in out
    assert _exit(capsys, "decisions", "--check")[0] == 0
    code, _, err = _exit(capsys, "export", "D0001", "--format", "csv", "--out", str(tmp_path / "a.csv"))
    assert code == 0, err
    assert _exit(capsys, "verify", str(tmp_path / "a.csv"))[0] == 0


def test_a_read_only_connection_cannot_write(db, capsys):
    from pmf_select.record import open_readonly

    _lock(capsys)
    conn = open_readonly(db)
    with pytest.raises(sqlite3.Error):
        conn.execute("INSERT INTO drafts (id, state, updated_at) VALUES ('x', '{}', 'now')")


# ---------------------------------------------------------------- defect 8: UTF-16


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_long_list_is_read(tmp_path, capsys, encoding):
    text = Path(SHIPPED).read_text(encoding="utf-8-sig")
    path = tmp_path / "u16.csv"
    path.write_bytes(text.encode(encoding))
    code, out, err = _exit(capsys, "validate", str(path))
    assert code == 0, err
    _, expected, _ = _exit(capsys, "validate", str(SHIPPED))
    assert out == expected and re.match(r"\d+ candidates across \d+ service areas", out)


# ---------------------------------------------------------------- security 5 and limits


def test_a_small_xlsx_with_two_million_rows_is_refused_quickly(tmp_path, capsys):
    data = huge_xlsx(cells=False)
    assert len(data) < 10 * 1024 * 1024
    path = tmp_path / "big.xlsx"
    path.write_bytes(data)
    started = time.perf_counter()
    code, _, err = _exit(capsys, "validate", str(path))
    elapsed = time.perf_counter() - started
    assert code == 2 and "more than 20,000 rows" in err
    assert elapsed < 15, f"took {elapsed:.1f} s (a guard against a hang; the benchmark figure is under 1 s)"


def test_a_zip_bomb_workbook_is_refused_unopened(tmp_path, capsys):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bomb_xlsx(200))
    code, _, err = _exit(capsys, "validate", str(path))
    assert code == 2 and "unpacks to 200 MB" in err


def test_too_many_rows_too_many_columns_and_a_huge_cell_are_refused(tmp_path, capsys):
    from pmf_select.longlist import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS

    header = Path(SHIPPED).read_text(encoding="utf-8-sig").splitlines()[0]
    width = header.count(",") + 1
    rows = tmp_path / "rows.csv"
    rows.write_text(header + "\n" + ("x," * (width - 1) + "x\n") * (MAX_ROWS + 1))
    code, _, err = _exit(capsys, "validate", str(rows))
    assert code == 2 and f"at most {MAX_ROWS:,}" in err
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(MAX_COLUMNS + 5)) + "\n")
    code, _, err = _exit(capsys, "validate", str(wide))
    assert code == 2 and f"at most {MAX_COLUMNS}" in err
    long_cell = tmp_path / "cell.csv"
    long_cell.write_text(header + "\n" + "y" * (MAX_CELL_CHARS + 1) + "," * (width - 1) + "\n")
    code, _, err = _exit(capsys, "validate", str(long_cell))
    assert code == 2 and "row 2" in err and f"at most {MAX_CELL_CHARS:,}" in err


# ---------------------------------------------------------------- defect 4: draft import


def _draft_file(tmp_path, db, capsys) -> dict:
    from pmf_select.longlist import load_longlist
    from pmf_select.record import export_draft, open_store, save_draft

    conn = open_store(db)
    state = {
        "audience": "scrutiny",
        "method": "wsm",
        "weights": {"relevance": 30},
        "picks": ["CP-REPEAT"],
        "constraints": {"size": 4, "include": []},
        "robustness": {"sampling": "around", "samples": 500, "seed": 1, "spread": 0.1},
        "notes": "",
    }
    save_draft(conn, "good", state, load_longlist(FIXTURE))
    document = json.loads(export_draft(conn, "good"))
    conn.close()
    return document


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("audience",), "cabinet", "draft audience 'cabinet'"),
        (("method",), "ahp", "draft method 'ahp'"),
        (("constraints", "size"), "abc", "draft constraints.size"),
        (("robustness", "samples"), "lots", "draft robustness.samples"),
        (("robustness", "sampling"), "dice", "draft robustness.sampling"),
        (("picks",), ["NOPE-1"], "draft picks: unknown indicator id(s) 'NOPE-1'"),
        (("weights",), {"charm": 3}, "draft weights: unknown criterion key(s) 'charm'"),
        (("notes",), "n" * 20_000_001, "draft notes: 19.1 MB"),
        (("notes",), "n" * 30_000, "draft notes: 30,000 characters; at most 20,000"),
        (("picks",), [f"P{i}" for i in range(6_000)], "draft picks: 6,000 ids; at most 5,000"),
        (("picks",), [f"P{i}" for i in range(1_000_000)], "draft picks: 9.4 MB; a whole draft is at most 1 MB"),
        (("weights",), {"relevance": 10**400}, "draft weights['relevance']"),
    ],
    ids=[
        "audience",
        "method",
        "size",
        "samples",
        "sampling",
        "ids",
        "weight-key",
        "20MB-notes",
        "long-notes",
        "6000-picks",
        "million-picks",
        "huge-int",
    ],
)
def test_draft_import_refuses_bad_drafts_and_stores_nothing(tmp_path, db, capsys, path, value, message):
    document = _draft_file(tmp_path, db, capsys)
    target = document["state"]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    code, _, err = _exit(capsys, "draft", "import", str(bad))
    assert code == 2, err
    assert message in err and len(err) < 600
    assert _exit(capsys, "draft", "list")[1].count("saved") == 1  # only the good draft


def test_a_good_draft_file_still_imports(tmp_path, db, capsys):
    document = _draft_file(tmp_path, db, capsys)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(document))
    code, out, err = _exit(capsys, "draft", "import", str(good))
    assert code == 0, err
