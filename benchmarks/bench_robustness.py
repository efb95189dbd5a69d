"""How fast, and how big, is the robustness analysis? (issues 4 and 18)

Prints, on synthetic long lists with the shipped criteria (5 criteria, 0-5 scores):

- the whole ``acceptability()`` call at 10,000 samples for 200 candidates (target
  <= 50 ms) and for 5,000 candidates (target <= 1.5 s), and its peak memory at 5,000
  (numpy's allocations seen by ``tracemalloc``, target <= 300 MB);
- the scaling over n = 100 .. 5,000: time per sample and peak memory, and the
  exponent of a log-log fit (linear in candidates = 1; a row sort is n log n, so
  about 1.1 is expected; target <= 1.2);
- sorting only the distinct value rows against sorting every candidate (the way
  before), interleaved, at 5,000 candidates;
- the BLAS guard measured: the kernel with the products kept small enough for one
  OpenBLAS thread (``BLAS_ELEMENTS``) against one product per chunk;
- scikit-criteria's ``WeightedSumModel`` evaluating the weight vectors one by one
  (imported before timing, warmed up), against the vectorised kernel, per sample.

Honest timing: one untimed warm-up, contenders interleaved run by run, median and
fastest of at least 7 runs, wall clock and CPU time of this process. The machine may
be shared: when the load average (printed first) is above the core count, wall time
includes waiting for a core, and CPU time is the fairer figure.
Run: ``python benchmarks/bench_robustness.py`` (about a minute).
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import load_note, synthetic_longlist
from benchmarks.report import Figure, print_figures
from pmf_select.ranking import acceptability, robustness, sample_weights

TOP_K = 12
SAMPLES = 10_000
RUNS = 7


def interleaved(contenders: dict, runs: int = RUNS) -> dict[str, tuple[float, float, float]]:
    """(median wall ms, fastest wall ms, median cpu ms) per contender, run by run in turn."""
    for fn in contenders.values():
        fn()  # warm up
    wall: dict[str, list[float]] = {name: [] for name in contenders}
    cpu: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(runs):
        for name, fn in contenders.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            wall[name].append((time.perf_counter() - start) * 1000)
            cpu[name].append((time.process_time() - start_cpu) * 1000)
    return {n: (statistics.median(wall[n]), min(wall[n]), statistics.median(cpu[n])) for n in contenders}


def peak_mb(fn) -> float:
    """Peak memory of ``fn`` in MB (numpy reports its buffers to tracemalloc)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def slope(xs: list[float], ys: list[float]) -> float:
    lx, ly = np.log(xs), np.log(ys)
    return float(np.polyfit(lx, ly, 1)[0])


def main() -> list[Figure]:
    warnings.filterwarnings("ignore")
    print(f"{load_note()}; numpy {np.__version__}; top {TOP_K}, {SAMPLES:,} samples, {RUNS} runs each")
    figures: list[Figure] = []
    lists = {n: synthetic_longlist(n, areas=8, seed=7) for n in (200, 5_000)}

    def run(n: int, samples: int = SAMPLES):
        return lambda: acceptability(lists[n], "scrutiny", samples=samples, top_k=TOP_K, seed=0)

    small = interleaved({"200": run(200)}, runs=15)["200"]
    print(f"acceptability, 200 x {SAMPLES:,}: median {small[0]:.1f} ms, fastest {small[1]:.1f} ms, cpu {small[2]:.1f} ms")
    figures.append(Figure("robustness 200 x 10,000 (median wall)", small[0], 50, "ms"))
    figures.append(Figure("robustness 200 x 10,000 (median cpu)", small[2], 50, "ms"))

    big = interleaved({"5000": run(5_000)})["5000"]
    memory = peak_mb(run(5_000))
    print(
        f"acceptability, 5,000 x {SAMPLES:,}: median {big[0]:.0f} ms, fastest {big[1]:.0f} ms, cpu {big[2]:.0f} ms; "
        f"peak memory {memory:.0f} MB"
    )
    figures.append(Figure("robustness 5,000 x 10,000 (median wall)", big[0] / 1000, 1.5, "s"))
    figures.append(Figure("robustness 5,000 x 10,000 (fastest wall)", big[1] / 1000, 1.5, "s"))
    figures.append(Figure("robustness 5,000 x 10,000 (median cpu)", big[2] / 1000, 1.5, "s"))
    figures.append(Figure("robustness 5,000 x 10,000 peak memory", memory, 300, "MB"))

    # sorting only the distinct value rows (robustness.DISTINCT_SHARE) against sorting
    # every candidate, the way before it, interleaved in this run
    def way(share: float):
        def go():
            saved = robustness.DISTINCT_SHARE
            robustness.DISTINCT_SHARE = share
            try:
                run(5_000)()
            finally:
                robustness.DISTINCT_SHARE = saved

        return go

    ab = interleaved({"distinct": way(robustness.DISTINCT_SHARE), "every": way(-1.0)}, runs=5)
    print(
        f"5,000 x {SAMPLES:,}, distinct rows sorted once: median {ab['distinct'][0]:.0f} ms, cpu "
        f"{ab['distinct'][2]:.0f} ms; every row sorted: median {ab['every'][0]:.0f} ms, cpu {ab['every'][2]:.0f} ms"
    )
    figures.append(Figure("5,000 x 10,000 every row sorted, cpu (info)", ab["every"][2] / 1000, None, "s"))
    figures.append(Figure("5,000 x 10,000 distinct rows sorted, cpu (info)", ab["distinct"][2] / 1000, None, "s"))

    sizes = [100, 200, 500, 1_000, 2_000, 5_000]
    scaling_samples = 2_000
    per_sample, cpu_per_sample, memories = [], [], []
    print(f"scaling ({scaling_samples:,} samples; time = fastest of 3, cpu):")
    for n in sizes:
        longlist = lists.get(n) or synthetic_longlist(n, areas=8, seed=7)
        lists[n] = longlist
        timing = interleaved({str(n): run(n, scaling_samples)}, runs=3)[str(n)]
        mem = peak_mb(run(n, scaling_samples))
        per_sample.append(min(timing[1], timing[2]) / scaling_samples * 1000)
        cpu_per_sample.append(timing[2] / scaling_samples * 1000)
        memories.append(mem)
        print(
            f"  n = {n:>5,}: {per_sample[-1]:7.1f} us per sample, cpu {cpu_per_sample[-1]:7.1f} us, peak {mem:6.1f} MB"
        )
    # fit over n >= 500: below that, fixed per-call costs (tables, sampling) dominate
    # wall time on large lists is shared by two threads (robustness.THREAD_CELLS), so the
    # CPU-time exponent is the one that shows the work per sample growing
    time_exponent = slope(sizes[2:], per_sample[2:])
    cpu_exponent = slope(sizes[2:], cpu_per_sample[2:])
    memory_exponent = slope(sizes[2:], memories[2:])
    print(
        f"scaling exponent over n = 500..5,000: time {time_exponent:.2f}, cpu {cpu_exponent:.2f}, "
        f"memory {memory_exponent:.2f} (1 = linear)"
    )
    figures.append(Figure("robustness time per sample ~ n^k, k", time_exponent, 1.2, ""))
    figures.append(Figure("robustness cpu per sample ~ n^k, k", cpu_exponent, 1.2, ""))
    figures.append(Figure("robustness memory ~ n^k, k", memory_exponent, 1.2, ""))

    # the BLAS guard, by measurement
    keys = lists[200].criteria.keys
    weights = sample_weights("simplex", keys, SAMPLES, 0)
    for n in (200, 500, 5_000):
        longlist = lists.get(n) or synthetic_longlist(n, areas=8, seed=7)
        values = longlist.values("scrutiny")

        def kernel(limit: int, v=values):
            def go():
                saved = robustness.BLAS_ELEMENTS
                robustness.BLAS_ELEMENTS = limit
                try:
                    robustness.smaa_summary(v, weights, TOP_K)
                finally:
                    robustness.BLAS_ELEMENTS = saved

            return go

        result = interleaved(
            {"guard": kernel(robustness.BLAS_ELEMENTS), "one product": kernel(10**12)}, runs=7 if n < 5_000 else 3
        )
        print(
            f"BLAS guard, n = {n:>5,}: guarded median {result['guard'][0]:6.1f} ms (fastest {result['guard'][1]:.1f}), "
            f"one product per chunk {result['one product'][0]:6.1f} ms (fastest {result['one product'][1]:.1f})"
        )

    # scikit-criteria one by one (imported and warmed up before timing)
    import skcriteria as skc
    from skcriteria.agg.simple import WeightedSumModel

    values = lists[200].values("scrutiny")
    n, c = values.shape
    model = WeightedSumModel()
    batch = sample_weights("simplex", keys, 50, 1)

    def skc_batch():
        in_top = np.zeros(n)
        for w in batch:
            in_top += model.evaluate(skc.mkdm(values, [max] * c, weights=w)).rank_ <= TOP_K
        return in_top

    big_batch = sample_weights("simplex", keys, SAMPLES, 1)
    result = interleaved(
        {"skc": skc_batch, "ours": lambda: robustness.smaa_summary(values, big_batch, TOP_K)}, runs=RUNS
    )
    skc_per = result["skc"][0] / len(batch)
    ours_per = result["ours"][0] / SAMPLES
    print(
        f"per sample, 200 candidates: scikit-criteria one by one {skc_per:.2f} ms (fastest "
        f"{result['skc'][1] / len(batch):.2f}); vectorised kernel {ours_per * 1000:.1f} us: "
        f"{skc_per / ours_per:,.0f}x faster"
    )
    figures.append(Figure("scikit-criteria one by one, per sample (info)", skc_per, None, "ms"))
    figures.append(Figure("robustness kernel per sample, 200 candidates (info)", ours_per * 1000, None, "us"))
    return figures


if __name__ == "__main__":
    print_figures(main())
