"""How fast is set building? (issue 5: 200 candidates, 11 areas, k = 15, < 100 ms per solve)

Prints, for 200 synthetic candidates in 11 service areas on the shipped criteria (0-5
scores, about 30% outcome measures, 20 overlapping pairs):

- ``build_set`` for k = 15 with coverage constraints (at least 1 and at most 3 per
  area, at least 4 outcome measures, at most one of each overlapping pair), through
  HiGHS (``solver="milp"``) and the default (``auto``: the exact greedy path first,
  HiGHS only when its set breaks the outcome or overlap rule);
- the same with size and per-area rules only (the greedy fast path);
- ``swap_costs`` (one re-solve per candidate: 200 solves);
- ``set_robustness``: 10,000 weightings on the fast path, and 1,000 weightings with the
  outcome and overlap rules (how many needed HiGHS is printed);
- ``build_options`` on the shipped long list (four options and their robustness).

Each figure is the median of several runs, wall clock and (in brackets) CPU time of
this process. The machine is shared: when the load average (printed first) is above
the core count, wall time includes waiting for a core and CPU time is the fairer
figure. Run: ``.venv/bin/python benchmarks/bench_selection.py``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common
from pmf_select.longlist import load_longlist
from pmf_select.selection import SetConstraints, build_options, build_set, set_robustness, swap_costs

CANDIDATES = 200
AREAS = 11
SIZE = 15
PAIRS = 20


def timed(fn, repeat: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds over ``repeat`` runs, and the last result."""
    t = common.timed(fn, repeat)
    return t.median_ms / 1000, t.cpu_ms / 1000, t.result


def line(label: str, wall: float, cpu: float, note: str = "") -> None:
    print(f"  {label:<58} {wall * 1000:9.1f} ms  ({cpu * 1000:8.1f} ms CPU){'  ' + note if note else ''}")


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    longlist = common.synthetic_longlist(CANDIDATES, AREAS, seed=5, overlap_pairs=PAIRS)
    full = SetConstraints(size=SIZE, min_per_area=1, max_per_area=3, min_outcomes=4)
    simple = SetConstraints(size=SIZE, min_per_area=1, max_per_area=3, exclusive_overlaps=False)
    print(f"\n{CANDIDATES} candidates, {AREAS} service areas, k = {SIZE}")
    print("  coverage: 1-3 per area, >= 4 outcome measures, at most one of each of 20 overlapping pairs")

    build_set(longlist, "scrutiny", None, full)  # warm imports and caches
    wall, cpu, chosen = timed(lambda: build_set(longlist, "scrutiny", None, full, solver="milp"), 15)
    line("build_set, HiGHS (solver='milp')", wall, cpu, f"target < 100 ms; total {chosen.total:.3f}")
    wall, cpu, auto = timed(lambda: build_set(longlist, "scrutiny", None, full), 15)
    line("build_set, auto (greedy first, HiGHS if needed)", wall, cpu, f"used {auto.solver}; total {auto.total:.3f}")
    assert abs(auto.total - chosen.total) < 1e-9
    wall, cpu, greedy = timed(lambda: build_set(longlist, "scrutiny", None, simple, solver="greedy"), 15)
    line("build_set, size + per-area rules only, greedy", wall, cpu)
    wall, cpu, _ = timed(lambda: build_set(longlist, "scrutiny", None, simple, solver="milp"), 15)
    line("build_set, size + per-area rules only, HiGHS", wall, cpu)

    wall, cpu, costs = timed(lambda: swap_costs(longlist, "scrutiny", None, full), 3)
    line(f"swap_costs ({len(costs)} re-solves), full constraints", wall, cpu, f"{wall / len(costs) * 1000:.1f} ms each")
    wall, cpu, costs = timed(lambda: swap_costs(longlist, "scrutiny", None, simple), 3)
    line(f"swap_costs ({len(costs)} re-solves), per-area rules only", wall, cpu)

    wall, cpu, table = timed(lambda: set_robustness(longlist, "scrutiny", None, simple, samples=10_000), 3)
    line("set_robustness, 10,000 weightings, fast path", wall, cpu, f"{table.attrs['distinct_sets']} distinct sets")
    wall, cpu, table = timed(lambda: set_robustness(longlist, "scrutiny", None, full, samples=1_000), 1)
    line(
        "set_robustness, 1,000 weightings, outcome + overlap rules",
        wall,
        cpu,
        f"{table.attrs['milp_solves']} of 1,000 needed HiGHS",
    )

    shipped = load_longlist(Path(__file__).resolve().parents[1] / "candidates" / "longlist.csv")
    print(f"\nshipped long list: {len(shipped)} candidates, {len(shipped.service_areas)} service areas")
    wall, cpu, options = timed(lambda: build_options(shipped, "scrutiny", None), 3)
    line(f"build_options ({len(options)} options, 10,000-sample robustness)", wall, cpu)
    wall, cpu, _ = timed(
        lambda: set_robustness(shipped, "scrutiny", None, SetConstraints(size=12, max_per_area=2, min_outcomes=4)), 1
    )
    line("set_robustness, k = 12, <= 2 per area, >= 4 outcomes, 1,000", wall, cpu)


if __name__ == "__main__":
    main()
