"""Tamper evidence that holds against someone with the store file (issue 17).

Each test does what the hostile tester did: change the store with plain SQL, with the
SHA-256 recomputed where that helps the forger, and checks ``decisions --check`` (or
``verify``) now finds it. Before the chain and the REPLACE triggers these passed as sound.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
from pathlib import Path

import pytest

from pmf_select.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = str(ROOT / "tests" / "fixtures" / "decisions_longlist.csv")
IDS = "CP-REPEAT,LAC-HEALTH,WF-CASE,REF-REREF"


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "store.db"
    monkeypatch.setenv("PMF_SELECT_DB", str(path))
    return path


def _lock(capsys, *extra: str) -> str:
    argv = ["lock", FIXTURE, "--ids", IDS, "--meeting", "B&P", "--date", "2018-03-14", "--samples", "300"]
    assert main([*argv, *extra]) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


def _check(capsys, *extra: str) -> tuple[int, str]:
    code = main(["decisions", "--check", *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _canonical(record: dict) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _rewrite(db: Path, decision_id: str, change) -> None:
    """Rewrite a decision's record as a forger would: triggers dropped, seal recomputed."""
    raw = sqlite3.connect(db)
    raw.execute("DROP TRIGGER IF EXISTS decisions_no_update")
    text = raw.execute("SELECT record FROM decisions WHERE id = ?", (decision_id,)).fetchone()[0]
    record = json.loads(text)
    change(record)
    new_text = _canonical(record)
    raw.execute(
        "UPDATE decisions SET record = ?, sha256 = ? WHERE id = ?",
        (new_text, hashlib.sha256(new_text.encode()).hexdigest(), decision_id),
    )
    raw.commit()
    raw.close()


def test_every_record_names_the_seal_before_it(db, capsys):
    from pmf_select.record import get_decision, open_store

    for _ in range(3):
        _lock(capsys)
    conn = open_store(db)
    first, second, third = (get_decision(conn, f"D000{i}") for i in (1, 2, 3))
    assert first.record["previous_sha256"] is None
    assert second.record["previous_sha256"] == first.sha256
    assert third.record["previous_sha256"] == second.sha256
    code, out = _check(capsys)
    assert code == 0 and f"chain head {third.sha256[:12]}" in out


def test_a_rewritten_decision_with_a_recomputed_seal_is_detected(db, capsys):
    for _ in range(3):
        _lock(capsys)
    _rewrite(db, "D0002", lambda r: r.update(agreed=["CP-REPEAT", "WF-CASE", "LAC-HEALTH", "REF-REREF"]))
    code, out = _check(capsys)
    assert code == 2
    assert "decision D0003: its record names the previous seal" in out and "D0002 was rewritten" in out


def test_rewriting_the_last_decision_is_detected_through_the_minuted_head(db, capsys):
    _lock(capsys)
    _lock(capsys)
    assert main(["decisions"]) == 0
    head = capsys.readouterr().out.strip().splitlines()[-1].split()[2]
    _rewrite(db, "D0002", lambda r: r.update(note="never agreed"))
    assert _check(capsys)[0] == 0  # nothing after it names its seal...
    code, out = _check(capsys, "--head", head)
    assert code == 2 and f"the chain head {head} from the minutes is not in this store" in out  # ...but the minutes do


def test_deleting_the_last_decision_is_detected_with_the_minuted_head(db, capsys):
    _lock(capsys)
    _lock(capsys)
    from pmf_select.record import chain_head, open_store

    conn = open_store(db)
    head = chain_head(conn)
    conn.close()
    raw = sqlite3.connect(db)
    raw.execute("DROP TRIGGER decisions_no_delete")
    raw.execute("DELETE FROM decisions WHERE id = 'D0002'")
    raw.commit()
    raw.close()
    code, out = _check(capsys, "--head", head)
    assert code == 2 and "is not in this store" in out


def test_deleting_a_decision_in_the_middle_is_detected_by_the_chain(db, capsys):
    for _ in range(3):
        _lock(capsys)
    raw = sqlite3.connect(db)
    raw.execute("DROP TRIGGER decisions_no_delete")
    raw.execute("DELETE FROM decisions WHERE id = 'D0002'")
    raw.commit()
    raw.close()
    code, out = _check(capsys)
    assert code == 2
    assert "number 3 does not follow on: a decision after D0001 was deleted" in out
    assert "decision D0003: its record names the previous seal" in out


def test_insert_or_replace_cannot_rewrite_a_decision(db, capsys):
    _lock(capsys)
    raw = sqlite3.connect(db)
    row = raw.execute("SELECT * FROM decisions WHERE id = 'D0001'").fetchone()
    forged = list(row)
    forged[9] = forged[9].replace("CP-REPEAT", "WF-AGENCY")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute(f"INSERT OR REPLACE INTO decisions VALUES ({', '.join('?' * len(forged))})", forged)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        raw.execute(f"REPLACE INTO decisions VALUES ({', '.join('?' * len(forged))})", forged)
    assert raw.execute("SELECT record FROM decisions WHERE id = 'D0001'").fetchone()[0] == row[9]


def test_insert_or_replace_cannot_change_a_stored_long_list_or_criteria(db, capsys):
    _lock(capsys)
    raw = sqlite3.connect(db)
    hash_, source, csv, stored = raw.execute("SELECT * FROM longlists").fetchone()
    raw.execute("INSERT OR REPLACE INTO longlists VALUES (?, ?, ?, ?)", (hash_, source, b"forged", stored))
    assert raw.execute("SELECT csv FROM longlists").fetchone()[0] == csv
    crit, definition, when = raw.execute("SELECT * FROM criteria_sets").fetchone()
    raw.execute("INSERT OR REPLACE INTO criteria_sets VALUES (?, ?, ?)", (crit, "{}", when))
    assert raw.execute("SELECT definition FROM criteria_sets").fetchone()[0] == definition
    raw.commit()
    assert _check(capsys)[0] == 0


def test_check_finds_an_altered_stored_long_list(db, capsys):
    _lock(capsys)
    raw = sqlite3.connect(db)
    raw.execute("DROP TRIGGER longlists_no_update")
    raw.execute("UPDATE longlists SET csv = replace(csv, 'second or subsequent', 'first')")
    raw.commit()
    raw.close()
    code, out = _check(capsys)
    assert code == 2 and "stored long list" in out and "fails its hash check" in out


def test_check_finds_altered_criteria(db, capsys):
    _lock(capsys)
    raw = sqlite3.connect(db)
    raw.execute("DROP TRIGGER criteria_no_update")
    raw.execute("UPDATE criteria_sets SET definition = replace(definition, ?, ?)", ('"max"', '"min"'))
    raw.commit()
    raw.close()
    code, out = _check(capsys)
    assert code == 2 and "stored criteria" in out and "do not match their hash" in out


def test_decisions_locked_before_the_chain_are_pinned_by_the_first_chained_one(db, capsys):
    """Legacy rule: format-1 records have no link; the next record pins them all (legacy_sha256)."""
    _lock(capsys)
    _lock(capsys)
    for decision_id in ("D0001", "D0002"):  # make them look as the previous version wrote them
        _rewrite(db, decision_id, lambda r: (r.pop("previous_sha256"), r.update(format_version=1)))
    raw = sqlite3.connect(db)
    raw.execute("CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions BEGIN SELECT RAISE(ABORT, 'no'); END")
    raw.commit()
    raw.close()
    assert _check(capsys)[0] == 0
    _lock(capsys)
    from pmf_select.record import get_decision, open_store

    conn = open_store(db)
    third = get_decision(conn, "D0003")
    assert third.record["previous_sha256"] == get_decision(conn, "D0002").sha256
    assert "legacy_sha256" in third.record
    conn.close()
    assert _check(capsys)[0] == 0
    _rewrite(db, "D0001", lambda r: r.update(note="rewritten"))
    code, out = _check(capsys)
    assert code == 2 and "decisions locked before chaining (D0001, D0002) are not those it pinned" in out


def test_the_chain_head_is_printed_by_decisions(db, capsys):
    from pmf_select.record import chain_head, open_store

    _lock(capsys)
    conn = open_store(db)
    head = chain_head(conn)
    conn.close()
    assert main(["decisions"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith(f"chain head {head}")


# ---------------------------------------------------------------- verify: the tampered exports


def _export(tmp_path, capsys, fmt: str) -> Path:
    out = tmp_path / f"a.{fmt}"
    assert main(["export", "D0001", "--format", fmt, "--out", str(out)]) == 0
    capsys.readouterr()
    return out


def _verify(capsys, path: Path) -> tuple[int, str]:
    code = main(["verify", str(path)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_verify_finds_a_csv_cell_beyond_the_header(tmp_path, db, capsys):
    _lock(capsys)
    path = _export(tmp_path, capsys, "csv")
    lines = path.read_bytes().split(b"\r\n")
    lines[1] += b',"=HYPERLINK(""http://example.invalid"",""x"")"'
    path.write_bytes(b"\r\n".join(lines))
    code, out = _verify(capsys, path)
    assert code == 2
    assert "beyond the last column" in out and "HYPERLINK" in out and "row 2" in out


def _edit_xlsx(path: Path, edit) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    edit(workbook["Agreed set"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())


def test_verify_finds_a_cell_turned_into_a_live_formula(tmp_path, db, capsys):
    _lock(capsys)
    path = _export(tmp_path, capsys, "xlsx")

    def edit(sheet):
        cell = sheet["E2"]  # the name of the first agreed indicator
        cell.value = "=" + '"' + str(cell.value) + '"'
        cell.data_type = "f"

    _edit_xlsx(path, edit)
    code, out = _verify(capsys, path)
    assert code == 2 and "cell E2: a live formula" in out


def test_verify_finds_a_number_turned_into_text(tmp_path, db, capsys):
    _lock(capsys)
    path = _export(tmp_path, capsys, "xlsx")
    column = {}

    def edit(sheet):
        header = [c.value for c in sheet[1]]
        position = header.index("rank") + 1
        cell = sheet.cell(row=2, column=position)
        column["letter"] = cell.column_letter
        cell.value = str(cell.value)
        cell.data_type = "s"

    _edit_xlsx(path, edit)
    code, out = _verify(capsys, path)
    assert code == 2
    assert f"cell {column['letter']}2 (row 2, column 'rank'): expected a number, found text" in out


def test_verify_names_the_cell_of_a_formula_added_far_to_the_right(tmp_path, db, capsys):
    _lock(capsys)
    path = _export(tmp_path, capsys, "xlsx")
    _edit_xlsx(path, lambda sheet: sheet.__setitem__("AZ2", "=1+1"))
    code, out = _verify(capsys, path)
    assert code == 2
    assert "cell AZ2: a live formula" in out
    assert "column '' was added" not in out


def test_the_decision_record_paper_prints_the_chain_head(db, capsys):
    import docx

    from pmf_select.record import chain_head, open_store
    from pmf_select.reports import decision_paper_from_store

    _lock(capsys)
    conn = open_store(db)
    head = chain_head(conn)
    data = decision_paper_from_store(conn, "D0001", charts=False)
    conn.close()
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Chain head for the minutes" in cells
    assert any(text.startswith(f"{head} (this decision's short hash") for text in cells)
