"""`python -m pmf_select validate`: the summary, every problem, and the exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pmf_select.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def test_valid_file_prints_summary_and_exits_0(capsys):
    assert main(["validate", str(FIXTURES / "sample_minimal.csv")]) == 0
    assert capsys.readouterr().out.strip() == "3 candidates across 3 service areas"


def test_bad_file_prints_every_problem_one_per_line_and_exits_2(capsys):
    assert main(["validate", str(FIXTURES / "sample_bad_mixed.csv")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 3
    assert all("sample_bad_mixed.csv, row " in line and "column '" in line for line in lines)


def test_missing_file_and_bad_criteria_file_exit_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "none.csv")]) == 2
    assert "file not found" in capsys.readouterr().err
    bad = tmp_path / "c.toml"
    bad.write_text("[[criterion]\nkey=")
    assert main(["validate", str(FIXTURES / "sample_minimal.csv"), "--criteria", str(bad)]) == 2
    assert "not a readable TOML criteria file" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["validate"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["no-such-command"])
    assert caught.value.code == 2


def test_unexpected_error_exits_1_without_traceback(monkeypatch, capsys):
    import pmf_select.cli.validate as validate

    def boom(args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(validate, "load_from_args", boom)
    assert main(["validate", "x.csv"]) == 1
    err = capsys.readouterr().err
    assert "unexpected error: RuntimeError: disk on fire" in err and "Traceback" not in err


def test_shipped_long_list_validates_through_the_real_entry_point():
    result = subprocess.run(
        [sys.executable, "-m", "pmf_select", "validate", "candidates/longlist.csv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("service areas")
    assert int(result.stdout.split()[0]) >= 60


def test_binary_file_through_the_real_entry_point_exits_2_without_traceback(tmp_path):
    binary = tmp_path / "photo.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    result = subprocess.run(
        [sys.executable, "-m", "pmf_select", "validate", str(binary)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "binary content" in result.stderr and "Traceback" not in result.stderr


def test_db_option_works_before_or_after_the_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PMF_SELECT_DB", str(tmp_path / "env.db"))
    assert main(["--db", str(tmp_path / "before.db"), "decisions"]) == 0
    assert main(["decisions", "--db", str(tmp_path / "after.db")]) == 0
    assert (tmp_path / "before.db").exists() and (tmp_path / "after.db").exists()
    assert not (tmp_path / "env.db").exists()


def test_output_piped_into_head_ends_quietly(tmp_path):
    lines = (FIXTURES / "sample_minimal.csv").read_text(encoding="utf-8").splitlines()
    rows = [lines[1].replace("CP-REPEAT", f"K{i:05d}", 1) for i in range(3000)]
    big = tmp_path / "big.csv"
    big.write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    pipe = subprocess.run(
        f"{sys.executable} -m pmf_select rank {big} --top 3000 | head -1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert pipe.stdout.startswith("Weighted sum ranking")
    assert "BrokenPipeError" not in pipe.stderr and "unexpected error" not in pipe.stderr


def test_unwritable_output_paths_are_bad_input_not_crashes(tmp_path, capsys):
    missing_folder = tmp_path / "no" / "such" / "folder"
    longlist = str(FIXTURES / "sample_minimal.csv")
    for argv in (
        ["robustness", longlist, "--top", "2", "--samples", "1000", "--out", str(missing_folder / "r.csv")],
        ["derive", longlist, "--out", str(missing_folder / "d.csv")],
        ["rank", longlist, "--out", str(missing_folder / "k.csv")],
    ):
        assert main(argv) == 2, argv
        assert "cannot write" in capsys.readouterr().err


def test_rubric_option_passes_on_the_shipped_list_and_keeps_the_summary_line(capsys):
    assert main(["validate", str(ROOT / "candidates" / "longlist.csv"), "--rubric"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].endswith("candidates across 18 service areas")
    assert lines[1].startswith("rubric: all ") and lines[1].endswith(" rules hold")


def test_rubric_option_names_candidate_and_column_and_exits_2(tmp_path, capsys):
    text = (ROOT / "candidates" / "longlist.csv").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("LAC-RATE,"))
    assert ",3,5,5,5,2,3,4,4,5,3," in row  # rationale 3, then relevance ... perverse
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace(row, row.replace(",3,5,5,5,2,3,4,4,5,3,", ",4,5,5,5,2,3,4,4,5,3,")), encoding="utf-8")
    assert main(["validate", str(bad), "--rubric"]) == 2
    captured = capsys.readouterr()
    assert captured.out.strip().endswith("service areas")
    assert captured.err.strip() == (
        f"error: {bad}, candidate LAC-RATE, column 'rationale_strength': is 4 on a contextual measure: "
        "expected at most 3 [contextual-at-most-3]"
    )
