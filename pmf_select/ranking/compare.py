"""Compare the ranking methods: where they agree, and which candidates they disagree on.

Two methods that disagree is information, not noise: a candidate that is in the top k
under the weighted sum but not under VIKOR owes its place to how strengths on some
criteria are allowed to make up for weaknesses on others, and the committee should
look at it rather than let the method decide. Agreement between whole rankings is
Kendall's tau-b (Kendall 1938, *Biometrika* 30:81-93; tau-b's tie correction, Kendall
1945, *Biometrika* 33:239-251), computed by ``scipy.stats.kendalltau``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

from pmf_select.errors import InputError
from pmf_select.longlist import LongList
from pmf_select.ranking.scoring import METHODS, Ranking, check_method, score


@dataclass(frozen=True, eq=False)
class MethodComparison:
    """The same long list, audience and weights ranked by several methods.

    ``rankings``: method -> :class:`~pmf_select.ranking.scoring.Ranking`.
    ``ranks``: one row per candidate, columns ``id, name, service_area``, then
    ``rank_<method>`` for each method, sorted by the first method's ranking.
    ``tau``: one row per pair of methods, columns ``method_a, method_b, tau, p_value``
    (Kendall's tau-b of the two rankings; NaN when a ranking is all ties, e.g. a single
    candidate). ``depends_on_method``: the candidates in the top ``top_k`` under some
    methods but not all, columns ``id, name, service_area``, ``rank_<method>`` and
    ``in_top_k_<method>`` for each method, and ``methods_in_top_k`` (how many put it
    there); sorted by that count (most first), then by the first method's rank.
    "In the top k" means rank <= k, so candidates tied at the boundary are all in.
    """

    rankings: dict[str, Ranking]
    ranks: pd.DataFrame
    tau: pd.DataFrame
    depends_on_method: pd.DataFrame
    top_k: int

    @property
    def methods(self) -> list[str]:
        return list(self.rankings)

    @property
    def tau_matrix(self) -> pd.DataFrame:
        """Kendall's tau as a method x method table (1 on the diagonal), for a heatmap."""
        methods = self.methods
        matrix = pd.DataFrame(np.eye(len(methods)), index=methods, columns=methods)
        for row in self.tau.itertuples(index=False):
            matrix.loc[row.method_a, row.method_b] = row.tau
            matrix.loc[row.method_b, row.method_a] = row.tau
        return matrix


def compare_methods(
    longlist: LongList,
    audience: str,
    weights: Mapping[str, float] | None = None,
    methods: Sequence[str] = METHODS,
    top_k: int = 12,
) -> MethodComparison:
    """Rank with every method in ``methods`` and compare (see :class:`MethodComparison`)."""
    if isinstance(methods, str):
        methods = [methods]
    keys = list(dict.fromkeys(check_method(m) for m in methods))
    if not keys:
        raise InputError(f"compare methods: name at least one of {', '.join(METHODS)}")
    if isinstance(top_k, bool) or not isinstance(top_k, (int, np.integer)) or top_k < 1:
        raise InputError(f"top k must be a whole number of at least 1, not {top_k!r}")
    top_k = int(top_k)

    rankings = {m: score(longlist, audience, weights, m) for m in keys}
    first = rankings[keys[0]].table
    ranks = first[["id", "name", "service_area"]].copy()
    for m in keys:
        by_id = rankings[m].ranks
        ranks[f"rank_{m}"] = by_id.loc[ranks["id"]].to_numpy()

    from scipy.stats import kendalltau  # 0.8 s to import: only when methods are compared

    rows = []
    for a, b in combinations(keys, 2):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # constant input: tau is undefined, reported as NaN
            result = kendalltau(ranks[f"rank_{a}"], ranks[f"rank_{b}"])
        rows.append({"method_a": a, "method_b": b, "tau": float(result.statistic), "p_value": float(result.pvalue)})
    tau = pd.DataFrame(rows, columns=["method_a", "method_b", "tau", "p_value"])

    membership = ranks.copy()
    for m in keys:
        membership[f"in_top_k_{m}"] = membership[f"rank_{m}"] <= top_k
    flags = membership[[f"in_top_k_{m}" for m in keys]]
    membership["methods_in_top_k"] = flags.sum(axis=1).astype(int)
    split = membership[(membership["methods_in_top_k"] > 0) & (membership["methods_in_top_k"] < len(keys))]
    split = split.sort_values(
        ["methods_in_top_k", f"rank_{keys[0]}", "id"], ascending=[False, True, True], kind="mergesort"
    ).reset_index(drop=True)
    return MethodComparison(
        rankings=rankings, ranks=ranks.reset_index(drop=True), tau=tau, depends_on_method=split, top_k=top_k
    )
