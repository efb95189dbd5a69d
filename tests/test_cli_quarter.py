"""``quarter import|fill|report|versions`` end to end, as an officer runs them."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest
from docx import Document

from tests.quarterly_helpers import ILLUSTRATIVE_XLSX, Q2, ROOT, example_store, fill_csv, row_of


def run(*args, db, cwd):
    env = {**os.environ, "PMF_SELECT_DB": str(db)}
    env.pop("PMF_SELECT_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "pmf_select", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300
    )


@pytest.fixture
def store(tmp_path):
    db = tmp_path / "store.db"
    example_store(db).close()
    assert run("export", "D0001", "--format", "template", "--out", "template.xlsx", db=db, cwd=tmp_path).returncode == 0
    return db


def test_fill_import_and_report_end_to_end(store, tmp_path):
    fill = run("quarter", "fill", "template.xlsx", "--from", str(ILLUSTRATIVE_XLSX), "--out", "filled.xlsx", db=store, cwd=tmp_path)
    assert fill.returncode == 0, fill.stderr
    imported = run("quarter", "import", "filled.xlsx", db=store, cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    lines = imported.stdout.splitlines()
    assert lines[0] == "71 values for 12 indicators, Q1-Q4 2017-18, Q1-Q4 2018-19"
    assert lines[1] == "stored as version 1 of decision D0001's figures"
    assert "marked: illustrative figures, not Bromley's data" in lines

    again = run("quarter", "import", "filled.xlsx", db=store, cwd=tmp_path)
    assert again.returncode == 0 and "unchanged: the same file as version 1" in again.stdout

    docx = run("quarter", "report", "--decision", "D0001", "--quarter", "Q4", "--out", "q4.docx", db=store, cwd=tmp_path)
    assert docx.returncode == 0, docx.stderr
    assert docx.stdout.splitlines()[1] == (
        "2 exceptions: LAC-STAB3 (red; worsening two quarters running), WF-AGENCY (red; worsening two quarters running)"
    )
    document = Document(tmp_path / "q4.docx")
    assert len(document.tables) == 3 and len(document.tables[2].rows) == 13

    scorecard = run("quarter", "report", "--decision", "D0001", "--quarter", "Q1", "--out", "q1.csv", db=store, cwd=tmp_path)
    assert scorecard.returncode == 0, scorecard.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "q1.csv").read_text(encoding="utf-8-sig"))))
    assert {r["quarter"] for r in rows} == {"Q1 2018-19"}
    assert next(r for r in rows if r["id"] == "CP-REPEAT")["rag"] == "red"

    versions = run("quarter", "versions", "--decision", "D0001", db=store, cwd=tmp_path)
    assert versions.returncode == 0 and "filled.xlsx" in versions.stdout


def test_a_bad_cell_exits_2_naming_file_row_and_column_and_stores_nothing(store, tmp_path):
    template = (tmp_path / "t.csv")
    assert run("export", "D0001", "--format", "template", "--out", "t.csv", db=store, cwd=tmp_path).returncode == 0
    blank = template.read_bytes()
    (tmp_path / "bad.csv").write_bytes(fill_csv(blank, {("CP-REPEAT", Q2): "45%"}))
    result = run("quarter", "import", "bad.csv", db=store, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    row = row_of(blank, "CP-REPEAT")
    assert f"bad.csv, row {row}, column O '{Q2}': '45%' is a percentage: enter 45" in result.stderr
    assert "nothing was stored" in result.stderr
    versions = run("quarter", "versions", "--decision", "D0001", db=store, cwd=tmp_path)
    assert "no quarterly figures yet" in versions.stdout


def test_reports_without_figures_or_with_a_bad_quarter_exit_2(store, tmp_path):
    none = run("quarter", "report", "--decision", "D0001", "--quarter", "Q1", "--out", "r.csv", db=store, cwd=tmp_path)
    assert none.returncode == 2 and "no quarterly figures yet" in none.stderr
    bad = run("quarter", "report", "--decision", "D0001", "--quarter", "Q7", "--out", "r.csv", db=store, cwd=tmp_path)
    assert bad.returncode == 2 and "--quarter 'Q7'" in bad.stderr
    missing = run("quarter", "import", "nope.xlsx", db=store, cwd=tmp_path)
    assert missing.returncode == 2 and "file not found" in missing.stderr


def test_the_shipped_illustrative_files_are_marked_on_every_sheet_and_row():
    from openpyxl import load_workbook

    mark = "illustrative figures, not Bromley's data"
    workbook = load_workbook(ILLUSTRATIVE_XLSX)
    for sheet in workbook.worksheets:
        assert mark in sheet.oddHeader.center.text and mark in sheet.oddFooter.center.text
        assert any(mark in str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    rows = list(csv.DictReader(io.StringIO((ROOT / "candidates/illustrative/quarterly-2018-19-illustrative.csv").read_text(encoding="utf-8-sig"))))
    assert rows and all(r["Illustrative"] == mark for r in rows)
