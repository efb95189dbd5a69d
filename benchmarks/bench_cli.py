"""CLI start-up: ``python -m pmf_select validate candidates/longlist.csv`` (issue 18).

Target: under 0.8 s. The work is about 60 ms; the rest is importing. Prints the wall
time (median and fastest of 7, after one warm-up run that fills the OS file cache)
and the CPU time of the child process, then ``python -X importtime``'s top five
imports by cumulative time, and whether hypothesis was imported (it must not be:
pandera's strategies module pulls it in where installed; see
pmf_select/longlist/lazy_pandera.py). A valid list does not import pandera at all
(pmf_select/longlist/load.py, ``_cells_pass``); tests/test_cli_imports.py checks what
validate imports. On a loaded machine the wall time includes
waiting for a core; CPU time is then the fairer figure.
Run: ``python benchmarks/bench_cli.py``.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, load_note
from benchmarks.report import Figure, print_figures

COMMAND = [sys.executable, "-m", "pmf_select", "validate", "candidates/longlist.csv"]
RUNS = 7


def once() -> tuple[float, float]:
    """(wall s, child cpu s) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(COMMAND, cwd=ROOT, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def import_top(count: int = 5) -> tuple[list[tuple[float, str]], bool]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *COMMAND[1:]],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    rows = []
    hypothesis = False
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|")
        module = name.strip()
        if module == "hypothesis" and int(cumulative) > 1000:
            hypothesis = True
        rows.append((int(cumulative) / 1e6, name.rstrip()))
    rows.sort(reverse=True)
    return rows[:count], hypothesis


def main() -> list[Figure]:
    print(f"{load_note()}; {' '.join(['python', *COMMAND[1:]])}")
    once()  # warm-up
    runs = [once() for _ in range(RUNS)]
    walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
    print(
        f"validate: wall median {statistics.median(walls):.2f} s, fastest {min(walls):.2f} s; "
        f"cpu (user+sys) median {statistics.median(cpus):.2f} s"
    )
    top, hypothesis = import_top()
    print("python -X importtime, top five by cumulative time:")
    for seconds, name in top:
        print(f"  {seconds * 1000:7.0f} ms  {name}")
    print(f"hypothesis imported: {'YES' if hypothesis else 'no'}")
    return [
        Figure("CLI validate start-up (median wall)", statistics.median(walls), 0.8, "s"),
        Figure("CLI validate start-up (fastest wall)", min(walls), 0.8, "s"),
        Figure("CLI validate start-up (median cpu)", statistics.median(cpus), 0.8, "s"),
        Figure("hypothesis imported by validate (1 = yes)", float(hypothesis), 0, ""),
    ]


if __name__ == "__main__":
    print_figures(main())
