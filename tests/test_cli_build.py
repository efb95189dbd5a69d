"""`python -m pmf_select build` and `options`: files written, messages, exit codes."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pmf_select.cli import main
from pmf_select.record import save_longlist
from pmf_select.selection import SetConstraints, build_set, swap_costs
from tests.test_options import paper_list
from tests.test_selection import longlist_from_rows, row

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def list_file(tmp_path_factory):
    longlist = paper_list(40, seed=1)
    path = tmp_path_factory.mktemp("lists") / "longlist.csv"
    save_longlist(longlist, path)
    return path, longlist


def read_csv(path: Path) -> pd.DataFrame:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the BOM as UTF-8
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"id": str}, keep_default_na=False)


def test_build_writes_the_chosen_set_as_csv(list_file, tmp_path, capsys):
    path, longlist = list_file
    out = tmp_path / "set.csv"
    args = ["build", str(path), "--audience", "executive", "--weights", "relevance=40", "--size", "8"]
    args += ["--min-per-area", "1", "--max-per-area", "2", "--min-outcomes", "2", "--include", "K039"]
    args += ["--exclude", "K000,K001", "--out", str(out)]
    assert main(args) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    table = read_csv(out)
    assert list(table.columns[:4]) == ["id", "name", "service_area", "score"]
    c = SetConstraints(
        size=8, min_per_area=1, max_per_area=2, min_outcomes=2, include=("K039",), exclude=("K000", "K001")
    )
    expected = build_set(longlist, "executive", {"relevance": 40}, c)
    assert table["id"].tolist() == expected.ids
    assert table["score"].tolist() == pytest.approx(expected.table["score"].tolist())


def test_build_prints_a_table_without_out(list_file, capsys):
    path, _ = list_file
    assert main(["build", str(path), "--size", "5", "--area-min", "SEND=2", "--area-max", "Workforce=0"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Best set of 5 for Budget and Performance Sub-Committee (scrutiny)")
    assert "at least 2 from SEND" in out and "at most 0 from Workforce" in out
    assert len([line for line in out.splitlines() if " K0" in line]) == 5


def test_out_dash_writes_csv_to_standard_output(list_file, capsys):
    path, longlist = list_file
    assert main(["build", str(path), "--size", "4", "--out", "-", "--swaps"]) == 0
    captured = capsys.readouterr()
    table = pd.read_csv(io.StringIO(captured.out), dtype={"id": str}, keep_default_na=False)
    assert table["id"].tolist() == build_set(longlist, "scrutiny", None, SetConstraints(size=4)).ids
    assert "chose 4 of 40 candidates" in captured.err and "What each choice costs" in captured.err


def test_infeasible_request_exits_2_with_the_reason(list_file, capsys):
    path, _ = list_file
    assert main(["build", str(path), "--size", "5", "--min-per-area", "1"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "error: cannot build a set of 5: 6 service areas each need a place but the set has 5 places"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--include", "K001,NOPE"], "must-include names id(s) not in the long list: NOPE"),
        (["--area-min", "Nowhere=1"], "unknown service area(s) 'Nowhere'"),
        (["--area-min", "SEND"], "--area-min: expected AREA=N"),
        (["--area-max", "SEND=two"], "the limit for 'SEND' must be a whole number"),
        (["--audience", "mayor"], "unknown audience 'mayor'"),
        (["--weights", "colour=3"], "unknown criterion 'colour'"),
        (["--set-robustness", "--samples", "0"], "samples must be from 1"),
        (["--set-robustness", "--order", "relevance"], "--order only applies with --sampling order"),
    ],
)
def test_bad_input_exits_2_with_a_message(list_file, capsys, extra, message):
    path, _ = list_file
    assert main(["build", str(path), "--size", "5", *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_usage_errors_exit_2(list_file):
    path, _ = list_file
    for argv in (["build", str(path)], ["build", str(path), "--size", "0"], ["build", str(path), "--size", "x"]):
        with pytest.raises(SystemExit) as caught:
            main(argv)
        assert caught.value.code == 2


def test_swaps_file_matches_the_core(list_file, tmp_path, capsys):
    path, longlist = list_file
    out = tmp_path / "swaps.csv"
    assert main(["build", str(path), "--size", "6", "--swaps", str(out), "--out", str(tmp_path / "s.csv")]) == 0
    table = read_csv(out)
    expected = swap_costs(longlist, "scrutiny", None, SetConstraints(size=6))
    assert table["id"].tolist() == expected["id"].tolist()
    assert table["swap"].tolist() == expected["swap"].tolist()
    assert table["swap"].iloc[0].startswith("swap ")


def test_swaps_and_set_robustness_print(list_file, capsys):
    path, _ = list_file
    argv = ["build", str(path), "--size", "6", "--min-per-area", "1", "--swaps", "--set-robustness"]
    assert main([*argv, "--samples", "200", "--sampling", "around", "--spread", "0.2"]) == 0
    out = capsys.readouterr().out
    assert "What each choice costs" in out
    assert sum(line.startswith("  drop  swap ") for line in out.splitlines()) == 6
    assert "more left-out candidates; --swaps FILE writes them all" in out
    assert "In the optimal set across 200 weightings (around, seed 0)" in out
    assert "core" in out


def test_set_robustness_file(list_file, tmp_path, capsys):
    path, _ = list_file
    out = tmp_path / "robust.csv"
    argv = ["build", str(path), "--size", "6", "--set-robustness", str(out), "--samples", "300", "--seed", "4"]
    assert main(argv) == 0
    table = read_csv(out)
    assert list(table.columns[:7]) == [
        "id",
        "name",
        "service_area",
        "p_in_set",
        "p_in_set_low",
        "p_in_set_high",
        "label",
    ]
    assert table["p_in_set"].sum() == pytest.approx(6)
    assert set(table["label"]) <= {"core", "borderline", "out"}
    assert "set robustness:" in capsys.readouterr().out


def test_xlsx_output(list_file, tmp_path):
    from openpyxl import load_workbook

    path, _ = list_file
    out = tmp_path / "set.xlsx"
    assert main(["build", str(path), "--size", "4", "--out", str(out)]) == 0
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]][:4] == ["id", "name", "service_area", "score"]
    assert sheet.max_row == 5


def test_text_that_looks_like_a_formula_is_neutralised(tmp_path):
    rows = [row("A", "X", 5, name='=HYPERLINK("http://x")'), row("B", "X", 4), row("C", "X", 1)]
    path = tmp_path / "list.csv"
    save_longlist(longlist_from_rows(rows), path)
    out = tmp_path / "set.csv"
    assert main(["build", str(path), "--size", "2", "--out", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        names = [r["name"] for r in csv.DictReader(handle)]
    assert names[0] == '\'=HYPERLINK("http://x")'


def test_options_writes_each_option_and_a_summary(list_file, tmp_path, capsys):
    path, longlist = list_file
    folder = tmp_path / "paper" / "options"
    assert main(["options", str(path), "--out", str(folder), "--samples", "500", "--include", "K005"]) == 0
    out = capsys.readouterr().out
    files = sorted(p.name for p in folder.iterdir())
    option_files = [f for f in files if f.startswith("option_")]
    assert 2 <= len(option_files) <= 4
    assert "summary.csv" in files and "summary.md" in files
    summary = read_csv(folder / "summary.csv")
    assert len(summary) == len(option_files)
    seen = set()
    for number, key in enumerate(summary["option"], start=1):
        table = read_csv(folder / f"option_{number}_{key}.csv")
        assert list(table.columns) == [
            "id",
            "name",
            "service_area",
            "measure_type",
            "score",
            "list_rank",
            "p_top_k",
            "robustness",
            "reason",
        ]
        assert "K005" in table["id"].tolist()
        ids = frozenset(table["id"])
        assert ids not in seen
        seen.add(ids)
        assert f"wrote {folder / f'option_{number}_{key}.csv'}" in out
    text = (folder / "summary.md").read_text(encoding="utf-8")
    assert text.startswith("# Options for the headline indicator set")
    assert "Audience: Budget and Performance Sub-Committee (scrutiny)." in text


def test_options_bad_input_exits_2(list_file, tmp_path, capsys):
    path, _ = list_file
    a_file = tmp_path / "taken"
    a_file.write_text("x")
    assert main(["options", str(path), "--out", str(a_file), "--samples", "100"]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err
    assert main(["options", str(path), "--out", str(tmp_path / "o"), "--exclude", "GHOST"]) == 2
    assert "GHOST" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["options", str(path)])
    assert caught.value.code == 2


def test_build_through_the_real_entry_point_on_the_shipped_list(tmp_path):
    out = tmp_path / "set.csv"
    argv = [sys.executable, "-m", "pmf_select", "build", "candidates/longlist.csv", "--size", "12"]
    result = subprocess.run([*argv, "--max-per-area", "2", "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(read_csv(out)) == 12
    result = subprocess.run([*argv, "--min-per-area", "1"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    assert "service areas each need a place but the set has 12 places" in result.stderr
    assert "Traceback" not in result.stderr


def doc_examples() -> list[tuple[str, str | None]]:
    """``$ python -m pmf_select ...`` lines in docs/selection.md, each with the error line shown after it."""
    lines = (ROOT / "docs" / "selection.md").read_text(encoding="utf-8").splitlines()
    examples = []
    for i, text in enumerate(lines):
        if text.startswith("$ python -m pmf_select "):
            following = lines[i + 1] if i + 1 < len(lines) else ""
            examples.append(
                (text[len("$ python -m pmf_select ") :], following if following.startswith("error:") else None)
            )
    return examples


def test_docs_show_real_commands_and_real_messages(tmp_path, monkeypatch, capsys):
    import shlex

    examples = doc_examples()
    assert len(examples) >= 5
    monkeypatch.chdir(tmp_path)
    for command, error in examples:
        argv = [str(ROOT / a) if a.startswith("candidates/") else a for a in shlex.split(command)]
        argv = [*argv, "--samples", "300"] if "--set-robustness" in argv or argv[0] == "options" else argv
        code = main(argv)
        captured = capsys.readouterr()
        if error is None:
            assert code == 0, (command, captured.err)
        else:
            assert code == 2 and captured.err.strip() == error, (command, captured.err)
