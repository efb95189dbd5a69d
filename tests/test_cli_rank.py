"""`python -m pmf_select rank`: the table, the CSV/XLSX output, and every error path."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pmf_select.cli import main
from pmf_select.longlist import load_criteria, load_longlist
from pmf_select.ranking import score

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = str(FIXTURES / "sample_minimal.csv")
KEYS = load_criteria().keys


def _table_rows(out: str) -> list[list[str]]:
    """The data rows of the printed ranking (after the dashed rule), split on 2+ spaces."""
    import re

    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("----"))
    rows = []
    for line in lines[start + 1 :]:
        if not line.strip() or line.startswith("..."):
            break
        rows.append(re.split(r"\s{2,}", line.strip()))
    return rows


def test_prints_a_readable_ranking_with_method_audience_and_weights(capsys):
    assert main(["rank", SAMPLE]) == 0
    out = capsys.readouterr().out
    assert (
        out.splitlines()[0] == "Weighted sum ranking for Budget and Performance Sub-Committee (scrutiny), 3 candidates"
    )
    assert "weights: rationale_strength 0.300, relevance 0.250, data_availability 0.200" in out
    rows = _table_rows(out)
    assert [r[:3] for r in rows] == [
        ["1", "0.940", "LAC-STAB3"],
        ["2", "0.910", "CP-REPEAT"],
        ["3", "0.750", "WF-CASE"],
    ]
    header = next(line for line in out.splitlines() if line.startswith("rank"))
    assert header.split() == ["rank", "score", "id", "name", "service", "area"]


def test_weights_audience_and_method_change_the_ranking(capsys):
    assert main(["rank", SAMPLE, "--weights", "comparability=100,relevance=0", "--audience", "regulator"]) == 0
    rows = _table_rows(capsys.readouterr().out)
    ranking = score(
        load_longlist(SAMPLE), "regulator", {"comparability": 100, "relevance": 0}
    )  # the CLI and the core agree
    assert [r[2] for r in rows] == ranking.ids
    assert [r[1] for r in rows] == [f"{s:.3f}" for s in ranking.table["score"]]
    assert main(["rank", SAMPLE, "--method", "vikor"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("VIKOR ranking") and "score: 1 - Q" in out


def test_top_limits_the_printed_rows(capsys):
    assert main(["rank", SAMPLE, "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert len(_table_rows(out)) == 2
    assert "... 1 more; --out FILE writes them all" in out


@pytest.mark.parametrize("method", ["wsm", "topsis", "wpm", "vikor"])
def test_out_csv_has_the_documented_columns(tmp_path, capsys, method):
    path = tmp_path / "ranking.csv"
    assert main(["rank", SAMPLE, "--method", method, "--out", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote 3 ranked candidates to {path}"
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    inputs = list(pd.read_csv(SAMPLE, nrows=0).columns)
    others = [c for c in inputs if c not in ("id", "name", "service_area")]
    contribs = [f"contrib_{k}" for k in KEYS] if method == "wsm" else []
    assert list(frame.columns) == ["id", "name", "service_area", "score", "rank", *contribs, *others]
    expected = score(load_longlist(SAMPLE), "scrutiny", method=method).table
    assert frame["id"].tolist() == expected["id"].tolist()
    assert [float(s) for s in frame["score"]] == pytest.approx(expected["score"].tolist(), abs=1e-12)
    if method == "wsm":
        row = frame.set_index("id").loc["WF-CASE"]
        assert [row[c] for c in contribs] == ["0.24", "0.2", "0.16", "0.09", "0.06"]
        assert row["score"] == "0.75"


def test_out_xlsx_writes_a_workbook(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "ranking.xlsx"
    assert main(["rank", SAMPLE, "--out", str(path)]) == 0
    rows = list(load_workbook(path)["Ranking"].iter_rows(values_only=True))
    assert rows[0][:5] == ("id", "name", "service_area", "score", "rank")
    assert [r[0] for r in rows[1:]] == ["LAC-STAB3", "CP-REPEAT", "WF-CASE"]


def test_explain_shows_the_sum_to_check_by_hand(capsys):
    assert main(["rank", SAMPLE, "--explain", "WF-CASE"]) == 0
    out = capsys.readouterr().out
    assert "WF-CASE: weighted-sum score, criterion by criterion" in out
    assert "perverse_incentive_risk  2 on 0-5 (less is better)  0.600   0.100          0.0600" in out
    total = next(line for line in out.splitlines() if line.startswith("total"))
    assert total.split() == ["total", "1.000", "0.7500"]


def test_compare_prints_tau_for_every_pair_and_the_split_candidates(tmp_path, capsys):
    criteria = tmp_path / "two.toml"
    criteria.write_text(
        '[[criterion]]\nkey = "a"\nscale = [0, 10]\n\n[[criterion]]\nkey = "b"\nscale = [0, 10]\n', encoding="utf-8"
    )
    longlist = tmp_path / "three.csv"
    longlist.write_text(
        "id,name,service_area,definition,rationale,a,b\n"
        "P,Indicator P,Area,d,r,10,0\nQ,Indicator Q,Area,d,r,4,5\nR,Indicator R,Area,d,r,0,4\n",
        encoding="utf-8",
    )
    assert (
        main(["rank", str(longlist), "--criteria", str(criteria), "--audience", "all", "--compare", "--top-k", "1"])
        == 0
    )
    out = capsys.readouterr().out
    assert "wsm     vikor   0.333" in out
    assert "In the top 1 under some methods only (rank under each method):" in out
    split = out.split("rank under each method):", 1)[1]
    # Q is in the top 1 under topsis, wpm and vikor; P under the weighted sum only
    assert [line.split()[:6] for line in split.strip().splitlines()[2:4]] == [
        ["Q", "Indicator", "Q", "2", "1*", "1*"],
        ["P", "Indicator", "P", "1*", "2", "2"],
    ]


def test_shipped_criteria_defaults_are_used_when_no_weights_are_given(tmp_path):
    from pmf_select.ranking import normalise_weights

    path = tmp_path / "r.csv"
    assert main(["rank", SAMPLE, "--out", str(path)]) == 0
    frame = pd.read_csv(path, encoding="utf-8-sig")
    w = normalise_weights(load_criteria())
    wf = frame.set_index("id").loc["WF-CASE"]
    assert wf["contrib_rationale_strength"] == pytest.approx(w["rationale_strength"] * 4 / 5)


# ---------------------------------------------------------------- every error path exits 2 with a clear message


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--audience", "voters"], "unknown audience 'voters': expected one of scrutiny, executive, strategic"),
        (["--weights", "cost=1"], "unknown criterion 'cost': expected one of rationale_strength, relevance"),
        (["--method", "ahp"], "unknown method 'ahp': expected one of wsm, topsis, wpm, vikor"),
        (["--weights", "relevance"], "--weights: expected key=value pairs separated by commas, got 'relevance'"),
        (["--weights", "relevance=high"], "--weights: weight for 'relevance' must be a number, not 'high'"),
        (["--weights", "relevance=-1"], "weight for 'relevance' must be a non-negative number"),
        (["--weights", "relevance=inf"], "weight for 'relevance' must be a non-negative number"),
        (
            ["--weights", ",".join(f"{k}=0" for k in KEYS)],
            "weights are all zero: give at least one criterion a positive weight",
        ),
        (["--explain", "NOPE"], "unknown candidate id 'NOPE'"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(capsys, args, message):
    assert main(["rank", SAMPLE, *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.startswith("error: ") and "Traceback" not in err


def test_bad_files_exit_2(tmp_path, capsys):
    assert main(["rank", str(tmp_path / "missing.csv")]) == 2
    assert "file not found" in capsys.readouterr().err
    assert main(["rank", str(FIXTURES / "sample_bad_mixed.csv")]) == 2
    assert "sample_bad_mixed.csv, row " in capsys.readouterr().err
    bad = tmp_path / "c.toml"
    bad.write_text("[[criterion]\nkey=", encoding="utf-8")
    assert main(["rank", SAMPLE, "--criteria", str(bad)]) == 2
    assert "not a readable TOML criteria file" in capsys.readouterr().err
    assert main(["rank", SAMPLE, "--out", str(tmp_path / "no" / "such" / "folder" / "r.csv")]) == 2
    assert "cannot write" in capsys.readouterr().err


@pytest.mark.parametrize("args", [[], ["--top", "0"], ["--top-k", "x"], ["--top", "-3"]])
def test_usage_errors_exit_2(capsys, args):
    argv = ["rank", *args] if not args else ["rank", SAMPLE, *args]
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_through_the_real_entry_point():
    shipped = ROOT / "candidates" / "longlist.csv"
    target = shipped if shipped.exists() else Path(SAMPLE)
    result = subprocess.run(
        [sys.executable, "-m", "pmf_select", "rank", str(target), "--method", "topsis", "--top", "5"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("TOPSIS ranking for Budget and Performance Sub-Committee (scrutiny)")
    assert 1 <= len(_table_rows(result.stdout)) <= 5 + 10  # ties at the boundary may add rows
    bad = subprocess.run(
        [sys.executable, "-m", "pmf_select", "rank", str(target), "--method", "nope"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert bad.returncode == 2 and "unknown method 'nope'" in bad.stderr and "Traceback" not in bad.stderr


def test_csv_output_reads_back_as_a_long_list(tmp_path):
    """The ranking CSV keeps every input column, so it is itself a valid long list."""
    path = tmp_path / "r.csv"
    assert main(["rank", SAMPLE, "--out", str(path)]) == 0
    again = load_longlist(path)
    assert sorted(again.ids) == sorted(load_longlist(SAMPLE).ids)
    assert io.BytesIO(path.read_bytes()).read(3) == b"\xef\xbb\xbf"


# ---------------------------------------------------------------- the documented examples cannot drift


def _documents() -> list[Path]:
    return [p for p in (ROOT / "docs" / "scoring.md", ROOT / "README.md") if p.exists()]


def _console_examples() -> list[tuple[str, str, str]]:
    import re

    found = []
    for doc in _documents():
        for block in re.findall(r"```console\n(.*?)```", doc.read_text(encoding="utf-8"), re.S):
            lines = block.rstrip("\n").splitlines()
            if lines and lines[0].startswith("$ python -m pmf_select rank "):
                found.append((doc.name, lines[0][2:], "\n".join(lines[1:])))
    return found


def _python_examples() -> list[tuple[str, str, str]]:
    import re

    found = []
    for doc in _documents():
        text = doc.read_text(encoding="utf-8")
        for code, output in re.findall(r"```python\n(.*?)```\s*```text\n(.*?)```", text, re.S):
            if "from pmf_select.ranking import" in code:
                found.append((doc.name, code, output))
    return found


def test_the_documented_commands_print_what_the_docs_show(monkeypatch, capsys):
    import shlex

    examples = _console_examples()
    assert len(examples) >= 3, "docs/scoring.md (or the README) should show the rank command on the shipped long list"
    monkeypatch.chdir(ROOT)
    for doc, command, expected in examples:
        assert main(shlex.split(command)[3:]) == 0, command
        actual = capsys.readouterr().out.rstrip("\n")
        assert actual == expected, f"{doc}: the output of `{command}` changed; paste the new output:\n{actual}"


def test_the_documented_python_example_prints_what_the_docs_show(monkeypatch):
    import contextlib

    examples = _python_examples()
    assert examples, "docs/scoring.md (or the README) should show the Python API with its output"
    monkeypatch.chdir(ROOT)
    for doc, code, expected in examples:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(code, f"{doc} example", "exec"), {"__name__": "__doc_example__"})
        actual = buffer.getvalue().rstrip("\n")
        assert actual == expected.rstrip("\n"), f"{doc}: the Python example's output changed:\n{actual}"
