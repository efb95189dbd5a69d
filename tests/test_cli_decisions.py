"""The decision commands: lock, decisions, export, verify, draft; their output and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pmf_select.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
LONGLIST = str(FIXTURES / "decisions_longlist.csv")
IDS = "CP-REPEAT,LAC-HEALTH,WF-CASE,REF-REREF"


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A fresh store named by $PMF_SELECT_DB, as an officer would set it."""
    path = tmp_path / "decisions.db"
    monkeypatch.setenv("PMF_SELECT_DB", str(path))
    return path


def _lock(capsys, *extra: str) -> str:
    argv = ["lock", LONGLIST, "--ids", IDS, "--meeting", "ECF B&P Sub-Committee", "--date", "2018-03-14"]
    assert main([*argv, "--samples", "2000", *extra]) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pmf_select", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, **(env or {})},
    )


def test_lock_prints_the_new_decision_id_alone_on_its_last_line(db, capsys):
    argv = ["lock", LONGLIST, "--ids", IDS, "--meeting", "ECF B&P Sub-Committee", "--date", "2018-03-14"]
    assert main([*argv, "--weights", "relevance=40", "--note", "first lock"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "D0001"
    assert "locked D0001: 4 indicators agreed by 'ECF B&P Sub-Committee' on 2018-03-14" in lines[0]
    assert db.exists()
    assert _lock(capsys, "--supersedes", "D0001", "--method", "topsis", "--seed", "5") == "D0002"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--ids", "CP-REPEAT,CP-REPAET"], "unknown indicator id(s) 'CP-REPAET' (did you mean 'CP-REPEAT'?)"),
        (["--date", "14 March"], "expected a date as YYYY-MM-DD"),
        (["--audience", "cabinet"], "unknown audience 'cabinet'"),
        (["--method", "ahp"], "unknown method 'ahp'"),
        (["--weights", "relevance=lots"], "must be a number"),
        (["--sampling", "members"], "--sampling members needs --members FILE"),
        (["--top", "0"], "top must be a whole number"),
        (["--supersedes", "D0099"], "cannot supersede 'D0099'"),
        (["--meeting", " "], "meeting is required"),
    ],
)
def test_lock_with_bad_input_exits_2_with_a_clear_message_and_records_nothing(db, capsys, extra, message):
    argv = ["lock", LONGLIST, "--ids", IDS, "--meeting", "B&P", "--date", "2018-03-14", *extra]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert main(["decisions"]) == 0
    assert "no decisions" in capsys.readouterr().out


def test_lock_without_ids_or_meeting_is_a_usage_error(db, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["lock", LONGLIST, "--meeting", "B&P"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["lock", LONGLIST, "--ids", IDS])
    assert caught.value.code == 2


def test_decisions_lists_id_time_meeting_size_and_what_superseded_it(db, capsys):
    _lock(capsys)
    _lock(capsys, "--supersedes", "D0001", "--ids", "CP-REPEAT,WF-CASE")
    assert main(["decisions"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].split() == ["id", "locked", "at", "(UTC)", "meeting", "date", "size", "superseded", "by"]
    first, second = lines[1].split(), lines[2].split()
    assert first[0] == "D0001" and first[-2:] == ["4", "D0002"] and "2018-03-14" in first
    assert second[0] == "D0002" and second[-2:] == ["2", "-"]
    assert "ECF B&P Sub-Committee" in lines[1]
    assert main(["decisions", "--current"]) == 0
    assert [line.split()[0] for line in capsys.readouterr().out.strip().splitlines()[1:-1]] == ["D0002"]
    assert main(["decisions", "--check"]) == 0
    assert "every seal, the chain, the stored long lists and criteria, and the store's integrity check out" in (
        capsys.readouterr().out
    )
    assert main(["decisions", "--show", "D0002"]) == 0
    shown = capsys.readouterr().out
    assert '"supersedes": "D0001"' in shown and "superseded by -" in shown


def test_decisions_check_exits_2_when_the_store_was_tampered_with(db, capsys):
    import sqlite3

    _lock(capsys)
    raw = sqlite3.connect(db)
    raw.execute("DROP TRIGGER decisions_no_update")
    raw.execute("UPDATE decisions SET record = replace(record, 'WF-CASE', 'WF-AGENCY')")
    raw.commit()
    raw.close()
    assert main(["decisions", "--check"]) == 2
    assert "D0001: the record does not match its SHA-256" in capsys.readouterr().out
    assert main(["export", "D0001", "--out", str(db.parent / "x.csv")]) == 2
    assert "fails its hash check" in capsys.readouterr().err


def test_export_writes_each_format_and_verify_accepts_the_untouched_csv(db, tmp_path, capsys):
    _lock(capsys)
    for fmt, name in (("csv", "set.csv"), ("xlsx", "set.xlsx"), ("template", "template.xlsx"), ("template", "t.csv")):
        assert main(["export", "D0001", "--format", fmt, "--out", str(tmp_path / name)]) == 0
        assert f"wrote {tmp_path / name}" in capsys.readouterr().out
    assert (tmp_path / "set.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "set.xlsx").read_bytes()[:2] == b"PK"
    assert b"Q1 2018-19 (Apr-Jun 2018)" in (tmp_path / "t.csv").read_bytes()
    assert main(["verify", str(tmp_path / "set.csv")]) == 0
    assert "matches decision D0001" in capsys.readouterr().out
    assert main(["verify", str(tmp_path / "set.xlsx")]) == 0


def test_verify_exits_2_and_lists_what_changed(db, tmp_path, capsys):
    _lock(capsys)
    path = tmp_path / "set.csv"
    assert main(["export", "D0001", "--out", str(path)]) == 0
    capsys.readouterr()
    text = path.read_bytes().decode("utf-8-sig")
    path.write_bytes(("\ufeff" + text.replace("Head of Safeguarding", "Nobody")).encode("utf-8"))
    assert main(["verify", str(path)]) == 2
    out = capsys.readouterr().out
    assert "does NOT match decision D0001" in out and "1 difference(s)" in out
    assert "row 2 (id CP-REPEAT), column 'owner': expected 'Head of Safeguarding', found 'Nobody'" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "D0007", "--out", "{tmp}/x.csv"], "no decision 'D0007'"),
        (["export", "D0001", "--format", "csv", "--out", "{tmp}/x.xlsx"], "give an --out name ending .csv"),
        (["export", "D0001", "--format", "xlsx", "--out", "{tmp}/x.csv"], "ending .xlsx"),
        (["export", "D0001", "--out", "{tmp}/no/such/folder/x.csv"], "does not exist"),
        (["verify", "{tmp}/missing.csv"], "file not found"),
        (["verify", LONGLIST], "no decision_id column"),
        (["draft", "export", "nope", "--out", "{tmp}/d.json"], "no draft 'nope'"),
        (["draft", "import", LONGLIST], "not a draft file"),
    ],
)
def test_export_verify_and_draft_with_bad_input_exit_2(db, tmp_path, capsys, argv, message):
    _lock(capsys)
    assert main([a.replace("{tmp}", str(tmp_path)) for a in argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_draft_export_import_and_list(db, tmp_path, capsys):
    from pmf_select.longlist import load_longlist
    from pmf_select.record import save_draft, session

    with session(db) as conn:
        save_draft(conn, "room1", {"picks": ["CP-REPEAT"], "audience": "scrutiny"}, load_longlist(LONGLIST))
    out = tmp_path / "draft.json"
    assert main(["draft", "export", "room1", "--out", str(out)]) == 0
    assert json.loads(out.read_text())["state"]["picks"] == ["CP-REPEAT"]
    other = tmp_path / "other.db"
    assert main(["draft", "import", str(out), "--db", str(other)]) == 0
    new_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["draft", "list", "--db", str(other)]) == 0
    assert new_id in capsys.readouterr().out


def test_db_option_and_default_path(tmp_path, monkeypatch, capsys):
    """--db beats $PMF_SELECT_DB; with neither, the store is under the user's data folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("PMF_SELECT_DB", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert main(["decisions"]) == 0
    default = home / ".local" / "share" / "pmf-select" / "pmf_select.db"
    assert f"no decisions in {default}" in capsys.readouterr().out and default.exists()
    chosen = tmp_path / "chosen.db"
    monkeypatch.setenv("PMF_SELECT_DB", str(tmp_path / "env.db"))
    assert main(["decisions", "--db", str(chosen)]) == 0
    assert f"no decisions in {chosen}" in capsys.readouterr().out
    assert main(["decisions"]) == 0
    assert f"no decisions in {tmp_path / 'env.db'}" in capsys.readouterr().out


EXPORT_ALL = """
import sys
from pmf_select.cli import main
folder = sys.argv[1]
for fmt, name in (("csv", "set.csv"), ("xlsx", "set.xlsx"), ("template", "template.xlsx")):
    assert main(["export", "D0001", "--format", fmt, "--out", f"{folder}/{name}"]) == 0
"""


def test_exports_are_byte_identical_across_processes(db, tmp_path, capsys):
    _lock(capsys)
    outputs = []
    for run in range(2):
        folder = tmp_path / f"run{run}"
        folder.mkdir()
        result = subprocess.run(
            [sys.executable, "-c", EXPORT_ALL, str(folder)], cwd=ROOT, capture_output=True, text=True, timeout=180
        )
        assert result.returncode == 0, result.stderr
        outputs.append([(folder / name).read_bytes() for name in ("set.csv", "set.xlsx", "template.xlsx")])
        if run == 0:
            time.sleep(1.1)  # a clock-dependent timestamp would now differ
    assert outputs[0] == outputs[1]


def test_several_cli_locks_at_once_are_all_recorded(db):
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "pmf_select", "lock", LONGLIST, "--ids", IDS, "--meeting", f"meeting {n}"]
            + ["--samples", "500"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    printed = []
    for child in children:
        out, err = child.communicate(timeout=180)
        assert child.returncode == 0, err
        printed.append(out.strip().splitlines()[-1])
    assert sorted(printed) == ["D0001", "D0002", "D0003"]
    result = _run("decisions")
    assert {line.split()[0] for line in result.stdout.splitlines()[1:-1]} == {"D0001", "D0002", "D0003"}
    assert result.stdout.splitlines()[-1].startswith("chain head ")
