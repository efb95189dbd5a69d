"""What `validate` imports (issue 18: CLI start-up).

`python -m pmf_select validate` is the command officers run most and it should start
in well under a second; its work is about 60 ms and the rest is importing. It needs
the long list part and pandas, nothing else: not the ranking, selection, record or
reports parts, not scipy, scikit-criteria, altair, python-docx, openpyxl or jinja2,
not pandera for a list without problems, and never hypothesis (a test tool). This
checks which modules are loaded, not how long it takes (the time is measured by
benchmarks/bench_cli.py); a fresh interpreter runs the command in-process and lists
``sys.modules``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NOT_FOR_VALIDATE = (
    "scipy",
    "skcriteria",
    "altair",
    "docx",
    "openpyxl",
    "jinja2",
    "pandera",
    "hypothesis",
    "streamlit",
    "vl_convert",
    "pmf_select.ranking",
    "pmf_select.selection",
    "pmf_select.record",
    "pmf_select.reports",
    "pmf_select.ui",
)

PROBE = """
import contextlib, io, json, sys
from pmf_select.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def _modules_after(*argv: str) -> tuple[int, str, set[str]]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    report = json.loads(result.stdout)
    return report["code"], report["out"], set(report["modules"])


def _loaded(modules: set[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_validate_of_a_good_list_imports_only_what_it_needs():
    code, out, modules = _modules_after("validate", "candidates/longlist.csv", "--rubric")
    assert code == 0 and "candidates across" in out
    assert "pmf_select.longlist" in modules and "pandas" in modules  # the probe did run the command
    loaded = [name for name in NOT_FOR_VALIDATE if _loaded(modules, name)]
    assert loaded == [], f"validate imported {loaded}"


def test_validate_of_a_bad_list_reports_through_pandera_without_hypothesis():
    code, _, modules = _modules_after("validate", "tests/fixtures/sample_bad_mixed.csv")
    assert code == 2
    assert _loaded(modules, "pandera")  # problems are pandera's report, as before
    assert not _loaded(modules, "hypothesis")
