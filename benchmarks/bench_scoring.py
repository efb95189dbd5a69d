"""How fast is scoring? (the workshop re-ranks on every slider move)

Prints, for the shipped long list and for 1,000 synthetic candidates on the shipped
criteria:

- ``score()`` with each method (value matrix, kernel, ranks, the ranking table);
- ``compare_methods()`` (all four methods, Kendall's tau, the top-12 split);
- ``wsm_kernel`` on 10,000 weight vectors at once (the robustness analysis's shape).

Each figure is the median of several runs, wall clock and (in brackets) CPU time of
this process. The machine is shared: when the load average (printed first) is above
the core count, wall time includes waiting for a core and CPU time is the fairer
figure. Run: ``.venv/bin/python benchmarks/bench_scoring.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common
from pmf_select.longlist import load_longlist
from pmf_select.ranking import METHODS, compare_methods, score, wsm_kernel

ROOT = Path(__file__).resolve().parents[1]
REPEATS = 15


def timed(fn, repeats: int = REPEATS) -> tuple[float, float]:
    """Median wall and CPU milliseconds over ``repeats`` runs (after one warm-up)."""
    t = common.timed(fn, repeats, warm_up=True)
    return t.median_ms, t.cpu_ms


def main() -> None:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.2f} on {os.cpu_count()} cores; median of {REPEATS} runs, wall ms (cpu ms)")
    lists = {
        "shipped long list": load_longlist(ROOT / "candidates" / "longlist.csv"),
        "synthetic": common.synthetic_longlist(1000, areas=12, seed=0, half_points=True),
    }
    for label, longlist in lists.items():
        print(f"\n{label}: {len(longlist)} candidates")
        for method in METHODS:
            wall, cpu = timed(lambda m=method, ll=longlist: score(ll, "scrutiny", None, m))
            print(f"  score(method={method!r:8}) {wall:8.1f} ({cpu:.1f})")
        wall, cpu = timed(lambda ll=longlist: compare_methods(ll, "scrutiny", top_k=12), repeats=5)
        print(f"  compare_methods (4 methods) {wall:8.1f} ({cpu:.1f})")
    values = lists["shipped long list"].value_matrix("scrutiny").to_numpy()
    samples = np.random.default_rng(1).dirichlet(np.ones(values.shape[1]), size=10_000)
    wall, cpu = timed(lambda: wsm_kernel(values, samples))
    print(f"\nwsm_kernel, {values.shape[0]} candidates x 10,000 weight vectors {wall:8.1f} ({cpu:.1f})")


if __name__ == "__main__":
    main()
