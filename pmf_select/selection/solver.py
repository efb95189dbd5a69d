"""Solving the 0-1 programme: an exact greedy fast path, and HiGHS for the rest.

The programme (:mod:`pmf_select.selection`) picks exactly ``k`` candidates to maximise
the total weighted-sum score under the compiled constraints
(:mod:`pmf_select.selection.constraints`). It is solved with HiGHS through
:func:`scipy.optimize.milp` with a zero relative gap (HiGHS's absolute tolerance, 1e-6
of total score, is far below any difference a member sees). Independent problems (one
per weight sample) are stacked block-diagonally, ``MILP_BATCH`` to a HiGHS call, so
HiGHS's set-up cost is paid once per batch.

Fast path. When the only constraints are the size, per-area minimums and maximums,
must-include and must-exclude (and the data-availability screen), the optimum is
found greedily: take the best ``lo_a`` eligible candidates of each area, then fill
the remaining places with the best remaining candidates, never taking more than
``hi_a`` from an area. It is exact: the best ``c`` candidates of an area are the
best way to spend ``c`` places there, so the problem is to split ``k`` places
between areas, maximising a sum of concave (sorted prefix-sum) functions within
bounds, and marginal-gain greedy allocation is optimal for that (the exchange
argument in mcda-notes section 4.2; Ibaraki & Katoh 1988, *Resource Allocation
Problems*, MIT Press, ch. 4). It vectorises over thousands of weight samples. With
outcome or overlap constraints, the greedy set of the relaxed problem is still
optimal whenever it happens to satisfy them (it is an upper bound); only the other
samples go to the solver.

Ties. Scores are compared at 12 decimal places, as in :mod:`pmf_select.ranking.scoring`.
Candidates with equal scores are interchangeable to the solver; we always prefer the
lower id, the ranking's tie order (the greedy path by a stable sort in id order, the
solver's answer by single tie swaps), so the same inputs give the same set whatever
the row order of the file.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import block_diag, csr_array

from pmf_select.errors import InputError
from pmf_select.selection.constraints import InfeasibleSet, _Instance

SOLVERS = ("auto", "milp", "greedy")
MILP_BATCH = 25
"""Independent problems stacked into one HiGHS call (about 3x faster than one by one)."""


def _matrix(inst: _Instance) -> LinearConstraint:
    """The constraint rows (size, areas, outcomes, pairs); bounds carry include/exclude."""
    n = inst.n
    rows = [np.ones(n)]
    lower, upper = [inst.k], [inst.k]
    for a in range(len(inst.areas)):
        if inst.lo[a] > 0 or inst.hi[a] < n:
            rows.append((inst.area_of == a).astype(float))
            lower.append(float(inst.lo[a]))
            upper.append(float(min(inst.hi[a], n)))
    if inst.min_outcomes:
        rows.append(inst.outcome.astype(float))
        lower.append(float(inst.min_outcomes))
        upper.append(np.inf)
    dense = np.vstack(rows)
    if len(inst.pairs):
        pair_rows = np.zeros((len(inst.pairs), n))
        pair_rows[np.arange(len(inst.pairs)), inst.pairs[:, 0]] = 1
        pair_rows[np.arange(len(inst.pairs)), inst.pairs[:, 1]] = 1
        dense = np.vstack([dense, pair_rows])
        lower += [-np.inf] * len(inst.pairs)
        upper += [1.0] * len(inst.pairs)
    return LinearConstraint(csr_array(dense), np.array(lower, dtype=float), np.array(upper, dtype=float))


def _milp(
    inst: _Instance,
    values: np.ndarray,
    matrix: LinearConstraint,
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
) -> np.ndarray | None:
    """One HiGHS solve; the chosen mask, or None when infeasible."""
    lower = inst.forced.astype(float) if lower is None else lower
    upper = inst.eligible.astype(float) if upper is None else upper
    if (lower > upper).any():
        return None
    result = milp(
        -np.asarray(values, dtype=float),
        constraints=matrix,
        integrality=np.ones(inst.n),
        bounds=Bounds(lower, upper),
        options={"mip_rel_gap": 0.0},
    )
    if result.status == 2:  # infeasible
        return None
    if result.x is None:
        raise RuntimeError(f"the set solver stopped without an answer: {result.message}")
    return _prefer_tie_order(inst, result.x > 0.5, values, lower, upper)


def _prefer_tie_order(
    inst: _Instance, mask: np.ndarray, values: np.ndarray, lower: np.ndarray, upper: np.ndarray
) -> np.ndarray:
    """Among exact ties, swap a chosen candidate for one earlier in the tie order (lower
    id) when the swap keeps every constraint: the solver's arbitrary choice between
    equal candidates becomes the ranking's tie order."""
    mask = mask.copy()
    values = np.asarray(values, dtype=float)
    free = upper > 0.5
    changed = True
    while changed:
        changed = False
        for j in sorted(np.flatnonzero(mask), key=lambda j: -inst.priority[j]):
            if lower[j] > 0.5:
                continue
            earlier = np.flatnonzero(~mask & free & (inst.priority < inst.priority[j]) & (values == values[j]))
            for i in earlier:
                trial = mask.copy()
                trial[j], trial[i] = False, True
                if _meets(inst, trial):
                    mask = trial
                    changed = True
                    break
            if changed:
                break
    return mask


def _meets(inst: _Instance, mask: np.ndarray) -> bool:
    counts = np.bincount(inst.area_of[mask], minlength=len(inst.areas))
    if (counts < inst.lo).any() or (counts > inst.hi).any():
        return False
    if int((mask & inst.outcome).sum()) < inst.min_outcomes:
        return False
    return not (len(inst.pairs) and (mask[inst.pairs[:, 0]] & mask[inst.pairs[:, 1]]).any())


def greedy_kernel(
    values: np.ndarray,
    area_of: np.ndarray,
    k: int,
    lo: np.ndarray,
    hi: np.ndarray,
    eligible: np.ndarray,
    forced: np.ndarray,
    priority: np.ndarray | None = None,
) -> np.ndarray:
    """The exact fast path for size + per-area bounds + include/exclude, vectorised.

    ``values`` is (s, n): one row of candidate values per weight sample. Returns an
    (s, n) boolean array of chosen sets. Plain array arithmetic with no checks: the
    caller guarantees feasibility (see :func:`explain_infeasible`). Ties go to the
    lower ``priority`` (default: the earlier column).
    """
    values = np.atleast_2d(np.asarray(values, dtype=float))
    s, n = values.shape
    if priority is not None:
        # solve with columns in tie order, so a stable sort breaks ties by priority
        perm = np.argsort(priority, kind="stable")
        inverse = np.empty(n, dtype=np.int64)
        inverse[perm] = np.arange(n)
        chosen = greedy_kernel(values[:, perm], area_of[perm], k, lo, hi, eligible[perm], forced[perm])
        return chosen[:, inverse]
    A = len(lo)
    pool = eligible & ~forced
    in_forced = np.bincount(area_of[forced], minlength=A)
    need = np.maximum(lo - in_forced, 0)
    cap = hi - in_forced
    fill = k - int(forced.sum()) - int(need.sum())
    masked = np.where(pool[None, :], values, -np.inf)
    order = np.argsort(-masked, axis=1, kind="stable")  # best first; candidates not in the pool last
    sorted_area = area_of.astype(np.int16 if A < 2**15 else np.int64)[order]
    sorted_pool = pool[order]
    # rank of each position within its area: a stable sort by area keeps the order
    # within each area, and lays the areas out in blocks whose sizes never change
    by_area = np.argsort(sorted_area, axis=1, kind="stable")
    sizes = np.bincount(area_of, minlength=A)
    block_rank = np.arange(n) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    within = np.empty((s, n), dtype=np.int64)
    np.put_along_axis(within, by_area, np.broadcast_to(block_rank, (s, n)), axis=1)
    first = sorted_pool & (within < need[sorted_area])
    fillable = sorted_pool & ~first & (within < cap[sorted_area])
    chosen_sorted = first | (fillable & (np.cumsum(fillable, axis=1, dtype=np.int32) <= fill))
    chosen = np.zeros((s, n), dtype=bool)
    np.put_along_axis(chosen, order, chosen_sorted, axis=1)
    chosen |= forced[None, :]
    return chosen


def _greedy(inst: _Instance, values: np.ndarray) -> np.ndarray:
    return greedy_kernel(values, inst.area_of, inst.k, inst.lo, inst.hi, inst.eligible, inst.forced, inst.priority)


def _solve_many(
    inst: _Instance, values: np.ndarray, solver: str, matrix: LinearConstraint | None = None, chunk: int = 2000
) -> tuple[np.ndarray, int]:
    """Optimal sets for each row of ``values`` (s, n); also how many went to HiGHS.

    The instance must already have passed :func:`_simple_reasons`. ``matrix`` (from
    :func:`_matrix`) depends only on the size, area, outcome and pair rows, so it can
    be shared by variants that differ in include/exclude.
    """
    values = np.atleast_2d(values)
    if solver == "greedy" and not inst.simple:
        raise InputError(
            "the greedy solver handles only size, per-area, include/exclude and data-availability constraints; "
            "use solver 'milp' or 'auto' with outcome or overlap constraints"
        )
    out = np.zeros(values.shape, dtype=bool)
    if solver == "milp":
        out[:] = _milp_rows(inst, values, matrix if matrix is not None else _matrix(inst))
        return out, len(values)
    relaxed = replace(inst, pairs=np.zeros((0, 2), dtype=np.int64), min_outcomes=0)
    for start in range(0, len(values), chunk):
        out[start : start + chunk] = _greedy(relaxed, values[start : start + chunk])
    if inst.simple:
        return out, 0
    ok = (out & inst.outcome[None, :]).sum(axis=1) >= inst.min_outcomes
    if len(inst.pairs):
        ok &= ~(out[:, inst.pairs[:, 0]] & out[:, inst.pairs[:, 1]]).any(axis=1)
    todo = np.flatnonzero(~ok)
    if len(todo):
        out[todo] = _milp_rows(inst, values[todo], matrix if matrix is not None else _matrix(inst))
    return out, len(todo)


def _milp_rows(inst: _Instance, values: np.ndarray, matrix: LinearConstraint) -> np.ndarray:
    """Optimal sets for several value rows, ``MILP_BATCH`` problems per HiGHS call.

    The problems are independent, so they are stacked block-diagonally into one
    programme: its optimum is every block's optimum, and the per-call set-up cost of
    HiGHS (most of the time for a problem this small) is paid once per batch.
    """
    out = np.zeros(values.shape, dtype=bool)
    lower, upper = inst.forced.astype(float), inst.eligible.astype(float)
    for start in range(0, len(values), MILP_BATCH):
        block = values[start : start + MILP_BATCH]
        if len(block) == 1:
            masks = _milp(inst, block[0], matrix)
            masks = None if masks is None else masks[None, :]
        else:
            masks = _milp_stacked(inst, block, matrix, lower, upper)
        if masks is None:
            raise InfeasibleSet(inst.k, ["no set meets all the constraints together"])
        out[start : start + len(block)] = masks
    return out


def _milp_stacked(
    inst: _Instance, values: np.ndarray, matrix: LinearConstraint, lower: np.ndarray, upper: np.ndarray
) -> np.ndarray | None:
    b, n = values.shape
    stacked = LinearConstraint(block_diag([matrix.A] * b, format="csr"), np.tile(matrix.lb, b), np.tile(matrix.ub, b))
    result = milp(
        -values.ravel(),
        constraints=stacked,
        integrality=np.ones(b * n),
        bounds=Bounds(np.tile(lower, b), np.tile(upper, b)),
        options={"mip_rel_gap": 0.0},
    )
    if result.status == 2:
        return None
    if result.x is None:
        raise RuntimeError(f"the set solver stopped without an answer: {result.message}")
    chosen = result.x.reshape(b, n) > 0.5
    return np.array([_prefer_tie_order(inst, chosen[r], values[r], lower, upper) for r in range(b)])


def _check_solver(solver: str) -> None:
    if solver not in SOLVERS:
        raise InputError(f"unknown solver '{solver}': expected one of {', '.join(SOLVERS)}")
