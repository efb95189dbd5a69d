"""How long does the options paper take? (issue 13: "about ten seconds", said on the app page)

Prints, for the shipped long list at the default 10,000 weightings, the time for each
step the app's status box shows: building the four options (with their robustness),
the paper's content with its five charts, and filling the Word template. Wall clock, median of a few runs, with the CPU
time of this process in brackets (the machine is shared). Run:
``.venv/bin/python benchmarks/bench_paper.py``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pmf_select.longlist import load_longlist
from pmf_select.reports import OPTIONS_TEMPLATE_FILE, options_context, render_docx
from pmf_select.selection import build_options

ROOT = Path(__file__).resolve().parents[1]


def timed(fn, repeat: int = 3):
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    walls.sort()
    cpus.sort()
    return walls[len(walls) // 2], cpus[len(cpus) // 2], result


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    longlist = load_longlist(ROOT / "candidates" / "longlist.csv")
    wall, cpu, options = timed(
        lambda: build_options(longlist, "scrutiny", route_annual=True, require_finance=True), repeat=2
    )
    print(f"step 1, build the options (10,000 weightings):   {wall:6.2f} s ({cpu:.2f} s CPU)")
    wall, cpu, content = timed(lambda: options_context(longlist, options=options), repeat=2)
    print(f"step 2, content and {len(content.images)} charts:                {wall:6.2f} s ({cpu:.2f} s CPU)")
    wall, cpu, data = timed(lambda: render_docx(OPTIONS_TEMPLATE_FILE, content.context, images=content.images))
    print(f"step 3, fill the Word template:                  {wall:6.2f} s ({cpu:.2f} s CPU), {len(data):,} bytes")


if __name__ == "__main__":
    main()
