"""Shared pieces of the benchmark scripts: a synthetic long list and a timer.

Benchmarks print figures; they never assert (tests check correctness). On a shared
2-core machine the fastest run is the least disturbed (as ``timeit`` advises), so the
timer reports the median, the fastest and the CPU time of this process.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pmf_select.longlist import LongList, load_criteria  # noqa: E402


def synthetic_longlist(
    n: int = 200, areas: int = 11, seed: int = 5, overlap_pairs: int = 0, half_points: bool = False
) -> LongList:
    """``n`` candidates over ``areas`` service areas with random 0-5 scores.

    About 30% are outcome measures; ``overlap_pairs`` random pairs overlap;
    ``half_points`` allows scores like 3.5.
    """
    criteria = load_criteria()
    rng = np.random.default_rng(seed)
    ids = [f"K{i:03d}" for i in range(n)]
    overlaps = [""] * n
    for _ in range(overlap_pairs):
        a, b = rng.choice(n, size=2, replace=False)
        overlaps[a] = ";".join(filter(None, [overlaps[a], ids[b]]))
        overlaps[b] = ";".join(filter(None, [overlaps[b], ids[a]]))
    frame = pd.DataFrame(
        {
            "id": ids,
            "name": [f"Indicator {i}" for i in range(n)],
            "service_area": [f"Area {i % areas:02d}" for i in range(n)],
            "definition": "synthetic",
            "rationale": "synthetic",
            "measure_type": rng.choice(["how much", "how well", "is anyone better off"], n, p=[0.35, 0.35, 0.3]),
            "overlaps_with": overlaps,
        }
    ).astype(object)
    for column in criteria.score_columns():
        scores = rng.integers(0, 11, n) / 2 if half_points else rng.integers(0, 6, n)
        frame[column] = scores.astype(float)
    return LongList(frame, criteria, "synthetic")


class Timing(NamedTuple):
    """Milliseconds: median and fastest wall time, median CPU time; and the last result."""

    median_ms: float
    fastest_ms: float
    cpu_ms: float
    result: object


def timed(fn: Callable[[], object], repeats: int, warm_up: bool = False) -> Timing:
    """Run ``fn`` ``repeats`` times (after one untimed run when ``warm_up``)."""
    result = fn() if warm_up else None
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return Timing(statistics.median(wall), min(wall), statistics.median(cpu), result)


def load_note() -> str:
    import os

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"load average {load:.2f} on {os.cpu_count()} cores"
