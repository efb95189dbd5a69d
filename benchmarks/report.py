"""Figures with their targets: each benchmark's table, and ``make bench``'s summary.

A benchmark returns :class:`Figure` rows (lower is better; ``target`` None for a
figure shown for information). :func:`print_figures` prints them as a table with the
target beside each figure and says plainly which are missed. When
``BENCH_SUMMARY`` names a file, the rows are also appended to it (JSON lines), and
``python -m benchmarks.report FILE`` prints one summary table of every benchmark
(``make bench`` does this last).

The machine these run on may be shared: wall-clock figures then include waiting for
a core. Each table says the load average; re-run a missed figure before believing it.
"""

from __future__ import annotations

import json
import os
import sys
from typing import NamedTuple


class Figure(NamedTuple):
    name: str
    value: float
    target: float | None
    unit: str

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.value <= self.target


def _verdict(figure: Figure) -> str:
    return "-" if figure.met is None else "met" if figure.met else "MISSED"


def _format(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "":
        return f"{value:.2f}"
    return f"{value:.1f} {unit}"


def table(figures: list[Figure]) -> str:
    width = max([len(f.name) for f in figures] + [6])
    lines = [f"{'figure':<{width}}  {'value':>10}  {'target':>10}  met?", "-" * (width + 32)]
    for f in figures:
        target = "-" if f.target is None else "<= " + _format(f.target, f.unit)
        lines.append(f"{f.name:<{width}}  {_format(f.value, f.unit):>10}  {target:>10}  {_verdict(f)}")
    missed = [f for f in figures if f.met is False]
    lines.append(
        f"MISSED {len(missed)} of {sum(f.target is not None for f in figures)} targets: "
        + "; ".join(f.name for f in missed)
        if missed
        else f"all {sum(f.target is not None for f in figures)} targets met"
    )
    return "\n".join(lines)


def print_figures(figures: list[Figure]) -> None:
    if not figures:
        return
    print()
    print(table(figures))
    path = os.environ.get("BENCH_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            for f in figures:
                out.write(json.dumps(f._asdict()) + "\n")


def main(path: str) -> None:
    with open(path, encoding="utf-8") as source:
        figures = [Figure(**json.loads(line)) for line in source if line.strip()]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n== summary of every benchmark (load average now {load:.1f} on {os.cpu_count()} cores)")
    print(table(figures))


if __name__ == "__main__":
    main(sys.argv[1])
