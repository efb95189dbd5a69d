"""How fast is scoring? (the workshop re-ranks on every slider move; issue 18)

For the shipped long list and synthetic lists of 200 and 1,000 candidates, side by
side in one run, interleaved run by run (median and fastest of 15, after a warm-up):

- ``score()``: the whole call (weights, values, kernel, ranks, the ranking table);
- the kernel: ``wsm_kernel`` and ``rank_scores`` on the value array;
- the table: building the ranking table from given scores and ranks (the fixed cost
  of returning a table of every long-list column, ``scoring._ranking_table``);
- scikit-criteria's pipeline on the same input (the 0-1 value array and the
  weights): ``mkdm`` then ``mkpipe(SumScaler(target="weights"), WeightedSumModel())``.

Targets: ``score()`` <= 2 x (kernel + table), and faster than scikit-criteria's
pipeline. Also printed: ``compare_methods()`` and ``wsm_kernel`` on 10,000 weight
vectors. Run: ``python benchmarks/bench_scoring.py``.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common
from benchmarks.bench_robustness import interleaved
from benchmarks.report import Figure, print_figures
from pmf_select.longlist import load_longlist
from pmf_select.ranking import METHODS, compare_methods, normalise_weights, rank_scores, score, scoring, wsm_kernel

ROOT = Path(__file__).resolve().parents[1]
RUNS = 15


def main() -> list[Figure]:
    warnings.filterwarnings("ignore")
    import skcriteria as skc
    from skcriteria.agg.simple import WeightedSumModel
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.scalers import SumScaler

    print(f"{common.load_note()}; median (fastest) of {RUNS} interleaved runs, ms")
    lists = {
        "shipped": load_longlist(ROOT / "candidates" / "longlist.csv"),
        "200 candidates": common.synthetic_longlist(200, areas=11, seed=0),
        "1,000 candidates": common.synthetic_longlist(1000, areas=12, seed=0, half_points=True),
    }
    pipe = mkpipe(SumScaler(target="weights"), WeightedSumModel())
    figures = []
    for label, longlist in lists.items():
        keys = longlist.criteria.keys
        weights = normalise_weights(longlist.criteria, None)
        w = np.array([weights[k] for k in keys])
        values = longlist.values("scrutiny")
        raw = wsm_kernel(values, w)
        scores = np.round(raw, scoring.SCORE_DECIMALS)
        ranks = rank_scores(scores)
        contributions = {f"contrib_{k}": values[:, j] * w[j] for j, k in enumerate(keys)}
        n, c = values.shape
        result = interleaved(
            {
                "score()": lambda ll=longlist: score(ll, "scrutiny", None, "wsm"),
                "kernel": lambda v=values, w=w: rank_scores(np.round(wsm_kernel(v, w), scoring.SCORE_DECIMALS)),
                "table": lambda ll=longlist, s=scores, r=ranks, ct=contributions: scoring._ranking_table(ll, s, r, ct),
                "scikit-criteria pipeline": lambda v=values, w=w, c=c: pipe.evaluate(
                    skc.mkdm(v, [max] * c, weights=w)
                ).rank_,
            },
            runs=RUNS,
        )
        print(f"\n{label}: {n} candidates")
        for name, (median, fastest, cpu) in result.items():
            print(f"  {name:<26} {median:8.3f} ({fastest:.3f})  cpu {cpu:.3f}")
        whole, kernel, table, skc_ms = (result[k][0] for k in ("score()", "kernel", "table", "scikit-criteria pipeline"))
        print(
            f"  score() / (kernel + table) = {whole / (kernel + table):.2f}; "
            f"scikit-criteria / score() = {skc_ms / whole:.1f}x"
        )
        figures.append(Figure(f"score() / (kernel + table), {label}", whole / (kernel + table), 2, "x"))
        figures.append(Figure(f"score() / scikit-criteria pipeline, {label}", whole / skc_ms, 1, "x"))
        for method in METHODS[1:]:
            t = interleaved({method: lambda m=method, ll=longlist: score(ll, "scrutiny", None, m)}, runs=7)[method]
            print(f"  score(method={method!r:9}) {t[0]:8.3f} ({t[1]:.3f})")
        t = interleaved({"cmp": lambda ll=longlist: compare_methods(ll, "scrutiny", top_k=12)}, runs=7)["cmp"]
        print(f"  compare_methods (4 methods) {t[0]:8.2f} ({t[1]:.2f})")
    values = lists["shipped"].values("scrutiny")
    samples = np.random.default_rng(1).dirichlet(np.ones(values.shape[1]), size=10_000)
    t = interleaved({"k": lambda: wsm_kernel(values, samples)}, runs=RUNS)["k"]
    print(f"\nwsm_kernel, {values.shape[0]} candidates x 10,000 weight vectors {t[0]:8.2f} ({t[1]:.2f})")
    return figures


if __name__ == "__main__":
    print_figures(main())
