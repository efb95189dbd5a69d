"""`python -m pmf_select robustness`: the table, the CSV, the settings line and exit codes."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pmf_select.cli import main
from pmf_select.cli.robustness import parse_order_arg
from pmf_select.longlist import LongList, load_criteria
from pmf_select.ranking import OUTPUT_COLUMNS
from pmf_select.record import save_longlist

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "sample_minimal.csv"
SHIPPED = ROOT / "candidates" / "longlist.csv"
CRITERIA = load_criteria()


@pytest.fixture
def longlist_csv(tmp_path) -> Path:
    """Twenty candidates with random whole-number scores, saved as a CSV."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "id": [f"K{i:02d}" for i in range(20)],
            "name": [f"Indicator number {i}" for i in range(20)],
            "service_area": [f"Area {i % 4}" for i in range(20)],
            "definition": "d",
            "rationale": "r",
        },
        dtype=object,
    )
    for column in CRITERIA.score_columns():
        frame[column] = rng.integers(0, 6, 20).astype(float)
    return save_longlist(LongList(frame, CRITERIA, "k.csv"), tmp_path / "k.csv")


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(path.read_bytes()), encoding="utf-8-sig")


def test_prints_a_table_and_states_sampling_samples_seed_and_error(longlist_csv, capsys):
    assert main(["robustness", str(longlist_csv), "--top", "5", "--samples", "2000", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    assert "Sampling: simplex" in out and "2,000 samples, seed 4" in out
    assert "Monte Carlo error: at most +-0.022" in out
    header = next(line for line in out.splitlines() if line.startswith("id "))
    assert header.split() == ["id", "name", "service_area", "p_top_k", "median", "p05-p95", "class"]
    assert sum(line.startswith("K") for line in out.splitlines()) == 20
    assert "in under almost any weighting," in out.splitlines()[-1]


def test_out_writes_exactly_the_columns_and_is_reproducible(longlist_csv, tmp_path, capsys):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    args = ["robustness", str(longlist_csv), "--top", "6", "--samples", "3000", "--seed", "9"]
    assert main([*args, "--out", str(first)]) == 0
    assert main([*args, "--out", str(second)]) == 0
    out = capsys.readouterr().out
    assert f"wrote {first}" in out and "3,000 samples, seed 9" in out
    assert first.read_bytes() == second.read_bytes()
    frame = read_csv(first)
    assert tuple(frame.columns) == OUTPUT_COLUMNS
    assert len(frame) == 20
    assert frame["p_top_k"].sum() == pytest.approx(6, abs=0.01)
    assert frame["p_top_k"].is_monotonic_decreasing


def test_out_xlsx(longlist_csv, tmp_path):
    target = tmp_path / "r.xlsx"
    assert main(["robustness", str(longlist_csv), "--top", "3", "--samples", "500", "--out", str(target)]) == 0
    frame = pd.read_excel(target)
    assert tuple(frame.columns) == OUTPUT_COLUMNS


def test_around_order_and_members_samplings(longlist_csv, tmp_path, capsys):
    base = ["robustness", str(longlist_csv), "--top", "5", "--samples", "1000"]
    assert main([*base, "--sampling", "around", "--spread", "0.05", "--weights", "relevance=60"]) == 0
    assert "each weight within +-5 points" in capsys.readouterr().out
    order = "relevance,rationale_strength=data_availability>comparability,perverse_incentive_risk"
    assert main([*base, "--sampling", "order", "--order", order]) == 0
    assert "relevance > rationale_strength = data_availability > comparability" in capsys.readouterr().out
    members = tmp_path / "members.csv"
    members.write_text(
        "member,rationale_strength,relevance,data_availability,comparability,perverse_incentive_risk\n"
        "Cllr A,40,30,10,10,10\nCllr B,10,10,40,30,10\n",
        encoding="utf-8",
    )
    assert main([*base, "--sampling", "members", "--members", str(members)]) == 0
    assert "(2 members)" in capsys.readouterr().out


def test_spread_zero_matches_the_ranking(longlist_csv, tmp_path):
    target = tmp_path / "r.csv"
    assert main(["robustness", str(longlist_csv), "--top", "5", "--samples", "10", "--sampling", "around",
                 "--spread", "0", "--out", str(target)]) == 0  # fmt: skip
    frame = read_csv(target)
    assert set(frame["p_top_k"]) <= {0.0, 1.0}
    assert frame["p_top_k"].sum() == 5


def test_parse_order_arg():
    assert parse_order_arg("a, b=c > d") == [["a"], ["b", "c"], ["d"]]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--samples", "0"], "samples must be from 1"),
        (["--top", "0"], "top k (the set size) must be a whole number from 1 to 20"),
        (["--top", "21"], "from 1 to 20"),
        (["--seed", "-1"], "seed must be a whole number 0 or more"),
        (["--spread", "2", "--sampling", "around"], "spread must be a number from 0 to 1"),
        (["--audience", "public"], "unknown audience 'public'"),
        (["--weights", "cost=3"], "unknown criterion 'cost'"),
        (["--thresholds", "0.9"], "--thresholds: expected two numbers IN,OUT"),
        (["--thresholds", "0.2,0.8"], "0 <= out < in <= 1"),
        (["--sampling", "order", "--order", "relevance"], "not placed"),
        (["--sampling", "order", "--order", "relevance,,comparability"], "--order: expected criterion keys"),
        (["--order", "relevance"], "--order only applies with --sampling order"),
        (["--sampling", "members"], "--sampling members needs --members FILE"),
        (["--members", "m.csv"], "--members only applies with --sampling members"),
        (["--sampling", "members", "--members", "/nonexistent/m.csv"], "members file not found"),
    ],
)
def test_bad_arguments_exit_2_with_a_clear_message(longlist_csv, capsys, extra, message):
    assert main(["robustness", str(longlist_csv), *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty members file"),
        ("name,relevance\nA,1\n", "no 'member' column"),
        ("member,cost\nA,1\n", "unknown column 'cost'"),
        ("member,relevance\nA,lots\n", "row 2, column 'relevance': expected a non-negative number, got 'lots'"),
        ("member,relevance\nA,1\nA,2\n", "member 'A' appears twice"),
        ("member,relevance\n,1\n", "row 2: blank member name"),
        ("member,relevance\n", "no members"),
        ("member,relevance\nA,-1\n", "member 'A': weight for 'relevance' must be a non-negative number"),
    ],
)
def test_bad_members_file_exits_2(longlist_csv, tmp_path, capsys, content, message):
    members = tmp_path / "m.csv"
    members.write_text(content, encoding="utf-8")
    assert main(["robustness", str(longlist_csv), "--sampling", "members", "--members", str(members)]) == 2
    assert message in capsys.readouterr().err


def test_usage_errors_exit_2(longlist_csv):
    for extra in (["--sampling", "latin"], ["--samples", "many"], ["--top", "1.5"]):
        with pytest.raises(SystemExit) as caught:
            main(["robustness", str(longlist_csv), *extra])
        assert caught.value.code == 2


def test_bad_long_list_exits_2(tmp_path, capsys):
    assert main(["robustness", str(tmp_path / "none.csv")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_real_entry_point_on_the_shipped_long_list(tmp_path):
    target = tmp_path / "shipped.csv"
    result = subprocess.run(
        [sys.executable, "-m", "pmf_select", "robustness", str(SHIPPED), "--audience", "scrutiny", "--sampling",
         "simplex", "--samples", "2000", "--top", "12", "--seed", "1", "--out", str(target)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "2,000 samples, seed 1" in result.stdout
    frame = read_csv(target)
    assert tuple(frame.columns) == OUTPUT_COLUMNS
    assert frame["p_top_k"].sum() == pytest.approx(12, abs=0.01)
    sample = subprocess.run(
        [sys.executable, "-m", "pmf_select", "robustness", str(SAMPLE), "--top", "2", "--samples", "500"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert sample.returncode == 0 and "CP-REPEAT" in sample.stdout


def test_the_documented_example_prints_what_the_docs_say(capsys):
    """docs/robustness.md shows a command and the first line it prints; keep them true."""
    lines = (ROOT / "docs" / "robustness.md").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("$ python -m pmf_select robustness"))
    args = lines[at].removeprefix("$ python -m pmf_select ").split()
    assert main([str(ROOT / a) if a.endswith(".csv") else a for a in args]) == 0
    assert capsys.readouterr().out.splitlines()[0] == lines[at + 1]
