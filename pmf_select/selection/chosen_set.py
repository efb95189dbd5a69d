"""The optimal set at the given weights: :func:`build_set` and the :class:`ChosenSet` it returns.

The checked entry point over the kernel: it validates the audience, weights and
constraints, compiles them (:mod:`pmf_select.selection.constraints`), refuses an impossible
request with plain-English reasons (:mod:`pmf_select.selection.infeasibility`), solves
(:mod:`pmf_select.selection.solver`) and returns the set as a table in score order with its
coverage of the service areas. The candidates' values are their weighted-sum scores,
exactly as :func:`pmf_select.ranking.scoring.score` gives them, so the set and the ranking
never disagree about a score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pmf_select.longlist import LongList
from pmf_select.ranking import normalise_weights, rank_scores, score
from pmf_select.selection.constraints import InfeasibleSet, SetConstraints, _as_constraints, _compile, _Instance
from pmf_select.selection.infeasibility import _relaxation_reasons, _simple_reasons
from pmf_select.selection.solver import _check_solver, _solve_many


def candidate_values(longlist: LongList, audience: str, weights: Mapping[str, float] | None = None) -> pd.Series:
    """Each candidate's weighted-sum score (0-1), indexed by id in file order.

    ``sum_j w_j * value_j`` with ``value`` = :meth:`LongList.value_matrix` (scores
    normalised on the declared scale) and weights normalised to sum 1, rounded to 12
    decimals: exactly ``scoring.score(..., method="wsm")``'s score.
    """
    scores = score(longlist, audience, weights, "wsm").scores
    return scores.reindex(pd.Index(longlist.ids, name="id"))


@dataclass(frozen=True, eq=False)
class ChosenSet:
    """The optimal set under the constraints.

    ``table``: one row per chosen indicator in score order (ties in file order);
    columns ``id, name, service_area, score`` (weighted-sum score, 0-1),
    ``list_rank`` (its rank by score in the whole long list), ``must_include``, then
    every other long-list column. ``total``: the sum of the scores (the objective).
    ``coverage``: one row per service area with ``service_area, chosen, candidates,
    eligible, at_least, at_most``. ``solver``: "greedy" (exact fast path) or "milp".
    """

    table: pd.DataFrame
    total: float
    constraints: SetConstraints
    coverage: pd.DataFrame
    audience: str
    weights: dict[str, float]
    solver: str

    @property
    def ids(self) -> list[str]:
        return self.table["id"].tolist()

    def __len__(self) -> int:
        return len(self.table)


def _chosen_table(longlist: LongList, inst: _Instance, values: np.ndarray, mask: np.ndarray) -> pd.DataFrame:
    frame = longlist.frame
    ranks = rank_scores(values)
    rows = np.flatnonzero(mask)
    rows = rows[np.lexsort((inst.priority[rows], -values[rows]))]
    head = pd.DataFrame(
        {
            "id": frame["id"].to_numpy()[rows],
            "name": frame["name"].to_numpy()[rows],
            "service_area": frame["service_area"].to_numpy()[rows],
            "score": values[rows],
            "list_rank": ranks[rows],
            "must_include": inst.forced[rows],
        }
    )
    rest = frame.iloc[rows].drop(columns=["id", "name", "service_area"]).reset_index(drop=True)
    return pd.concat([head, rest], axis=1)


def _coverage(inst: _Instance, mask: np.ndarray) -> pd.DataFrame:
    A = len(inst.areas)
    n = inst.n
    return pd.DataFrame(
        {
            "service_area": inst.areas,
            "chosen": np.bincount(inst.area_of[mask], minlength=A),
            "candidates": np.bincount(inst.area_of, minlength=A),
            "eligible": np.bincount(inst.area_of[inst.eligible], minlength=A),
            "at_least": inst.lo,
            "at_most": [None if h >= n else int(h) for h in inst.hi],
        }
    )


def build_set(
    longlist: LongList,
    audience: str,
    weights: Mapping[str, float] | None = None,
    constraints: SetConstraints | int | None = None,
    *,
    solver: str = "auto",
) -> ChosenSet:
    """Choose the set of ``constraints.size`` that maximises the total weighted-sum
    score under the constraints (the 0-1 programme in :mod:`pmf_select.selection`).

    Raises :class:`InfeasibleSet` with plain-English reasons when no set exists, and
    :class:`InputError` for unknown ids, areas or audience. ``solver`` "auto" uses
    the exact greedy path when it applies and HiGHS otherwise.
    """
    constraints = _as_constraints(constraints)
    _check_solver(solver)
    longlist.criteria.audience(audience)
    normalised = normalise_weights(longlist.criteria, weights)
    values = candidate_values(longlist, audience, normalised).to_numpy()
    inst = _compile(longlist, constraints)
    reasons = _simple_reasons(inst)
    if reasons:
        raise InfeasibleSet(inst.k, reasons)
    try:
        masks, solved = _solve_many(inst, values[None, :], solver)
    except InfeasibleSet:
        raise InfeasibleSet(inst.k, _relaxation_reasons(longlist, constraints)) from None
    mask = masks[0]
    return ChosenSet(
        table=_chosen_table(longlist, inst, values, mask),
        total=float(values[mask].sum()),
        constraints=constraints,
        coverage=_coverage(inst, mask),
        audience=audience,
        weights=normalised,
        solver="milp" if solved else "greedy",
    )
