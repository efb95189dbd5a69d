"""Rank the long list: weighted sum (the default), TOPSIS, weighted product, VIKOR.

Every method reads the same input, the **value matrix** (``LongList.value_matrix``):
each score normalised on its criterion's *declared* scale to 0-1, higher better, with
"less is better" criteria reversed on that scale (0 risk scores 1). Handling min
criteria once, there, means every method sees the same numbers a member sees, and no
method needs its own cost-criterion rule.

* ``wsm`` weighted sum: ``score = sum_j w_j * v_j``. A candidate's score depends only
  on its own scores and the weights, so it never changes when candidates are added or
  removed, and a member can check it with a calculator (``explain``). Each criterion's
  contribution ``w_j * v_j`` is reported; they add up to the score.
* ``topsis``: closeness to the ideal after vector normalisation (Hwang & Yoon 1981).
* ``wpm`` weighted product: ``prod_j ((v_j + 0.2) / 1.2) ** w_j`` (Bridgman 1922;
  Miller & Starr 1969). The product needs strictly positive values, so a 0-5 score is
  read as 1-6 (``WPM_FLOOR``); otherwise one zero would wipe out every other merit.
* ``vikor``: compromise ranking by Q, lower better (Opricovic & Tzeng 2004); the
  reported score is ``1 - Q`` so that, for every method, a higher score is better.

TOPSIS and VIKOR take their ideal and anti-ideal from the candidates present, so their
scores (not just ranks) move when the list changes; two methods that disagree is
information for the committee, not noise (see ``pmf_select.ranking.compare``).

The four kernels are plain numpy. They agree with scikit-criteria 0.10
(``WeightedSumModel``, ``TOPSIS`` after ``VectorScaler``, ``WeightedProductModel``,
``VIKOR(use_compromise_set=False)``) on random well-posed inputs (tests/test_scoring.py),
and unlike it they give a defined answer for inputs a workshop produces: a criterion
on which every candidate scores the same (scikit-criteria's TOPSIS returns NaN ranks),
a single candidate (its VIKOR divides by zero), candidates that differ only on a
criterion weighted 0 (its TOPSIS divides zero by zero).

**Ties**: scores are compared at 12 decimal places. Equal scores share the lowest rank
of the group ("min" ranking: 1, 2, 2, 4) and are listed by id (``TIE_ORDER``), so the
order depends only on content, never on file row order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pmf_select.errors import InputError
from pmf_select.longlist import LongList
from pmf_select.ranking.weights import normalise_weights

METHODS = ("wsm", "topsis", "wpm", "vikor")

METHOD_LABELS = {
    "wsm": "Weighted sum",
    "topsis": "TOPSIS",
    "wpm": "Weighted product",
    "vikor": "VIKOR",
}

METHOD_SCORES = {
    "wsm": "sum of weight x value (value = score on the declared scale, 0-1); the contributions add up to it",
    "topsis": "closeness to the ideal candidate, 0-1 (vector-normalised values; ideal and anti-ideal from the list)",
    "wpm": "product of ((value + 0.2) / 1.2) ^ weight, from 1/6 to 1 (a 0-5 score read as 1-6)",
    "vikor": "1 - Q, where Q (0 best, 1 worst) balances group utility S and individual regret R, v = 0.5",
}

SCORE_DECIMALS = 12
TIE_ORDER = "id"
WPM_FLOOR = 0.2
VIKOR_V = 0.5

CONTRIB_PREFIX = "contrib_"


@dataclass(frozen=True, eq=False)
class Ranking:
    """A ranked long list, with the settings that produced it.

    ``table``: one row per candidate, sorted by ``rank`` and then by id (ties). Columns
    ``id, name, service_area, score, rank``; then, for the weighted sum only,
    ``contrib_<criterion key>`` (weight x value, adding up to ``score``); then every
    other long-list column in file order. ``score`` is higher-better for every method.
    ``details``: method-specific figures by id (``topsis_d_plus``/``topsis_d_minus``
    distances, ``vikor_s``/``vikor_r``/``vikor_q``, ``wpm_log10``; ``value_<key>`` for
    every method). ``weights``: the normalised weights used (sum 1).
    """

    table: pd.DataFrame
    method: str
    audience: str
    weights: dict[str, float]
    details: pd.DataFrame

    @property
    def ids(self) -> list[str]:
        """Candidate ids in ranked order."""
        return self.table["id"].tolist()

    @property
    def ranks(self) -> pd.Series:
        """Rank by id (index ``id``), in ranked order."""
        return pd.Series(self.table["rank"].to_numpy(), index=pd.Index(self.ids, name="id"), name="rank")

    @property
    def scores(self) -> pd.Series:
        """Score by id (index ``id``), in ranked order."""
        return pd.Series(self.table["score"].to_numpy(), index=pd.Index(self.ids, name="id"), name="score")

    @property
    def contributions(self) -> pd.DataFrame:
        """Weighted-sum contributions, id x criterion key (they add up to the score)."""
        columns = [c for c in self.table.columns if c.startswith(CONTRIB_PREFIX)]
        if not columns:
            raise InputError(f"contributions exist for the weighted sum (wsm) only, not {self.method}")
        out = self.table[columns].copy()
        out.index = pd.Index(self.ids, name="id")
        out.columns = [c[len(CONTRIB_PREFIX) :] for c in columns]
        return out

    def top(self, k: int) -> pd.DataFrame:
        """Rows ranked k or better (ties at the boundary all included)."""
        return self.table[self.table["rank"] <= k].reset_index(drop=True)


# ---------------------------------------------------------------- kernels (no checks)


def wsm_kernel(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted sum ``sum_j w_j * v_ij`` (Fishburn 1967; Triantaphyllou 2000, ch. 2).

    ``values``: (n candidates, c criteria), already on a common 0-1 higher-better
    scale. ``weights``: (c,) gives (n,) scores; (s, c), one weight vector per row as
    the robustness analysis samples them, gives (s, n) by one matrix product (equal
    to the (c,) case up to floating-point rounding, ~1e-16: round before testing
    for ties, as :func:`rank_scores` does). Plain arithmetic, no checks.
    """
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    if weights.ndim == 1:
        # row by row, criteria summed left to right: a candidate's score is the same
        # bits whatever other rows are present (a BLAS matrix-vector product is not)
        return (values * weights).sum(axis=1)
    return weights @ values.T


def topsis_parts(values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """TOPSIS closeness, distance to the ideal and to the anti-ideal.

    The textbook method (Hwang & Yoon 1981, *Multiple Attribute Decision Making*,
    Springer; Tzeng & Huang 2011, *Multiple Attribute Decision Making*, CRC Press),
    all criteria benefit-type:
    ``r_ij = x_ij / sqrt(sum_i x_ij^2)`` (vector normalisation), ``u_ij = w_j r_ij``,
    ideal ``A+_j = max_i u_ij``, anti-ideal ``A-_j = min_i u_ij``, Euclidean distances
    ``d+_i``, ``d-_i``, closeness ``C_i = d-_i / (d+_i + d-_i)``. A column of zeros is
    left at zero (it cannot discriminate). When every candidate is equal on every
    weighted criterion, ideal and anti-ideal coincide and ``C = 0.5`` for all.
    """
    x = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    if x.shape[0] == 0:
        empty = np.zeros(0)
        return empty, empty, empty
    norms = np.sqrt((x**2).sum(axis=0))
    r = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
    u = r * w
    d_plus = np.sqrt(((u - u.max(axis=0)) ** 2).sum(axis=1))
    d_minus = np.sqrt(((u - u.min(axis=0)) ** 2).sum(axis=1))
    total = d_plus + d_minus
    closeness = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
    return closeness, d_plus, d_minus


def topsis_kernel(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """TOPSIS closeness coefficients, higher better (see :func:`topsis_parts`)."""
    return topsis_parts(values, weights)[0]


def wpm_kernel(values: np.ndarray, weights: np.ndarray, floor: float = WPM_FLOOR) -> np.ndarray:
    """Weighted product ``prod_j ((v_ij + floor) / (1 + floor)) ** w_j``.

    The multiplicative model (Bridgman 1922; Miller & Starr 1969; Triantaphyllou 2000,
    ch. 2) needs strictly positive values; ``floor`` shifts the 0-1 values so that a
    0-5 score counts as 1-6 (floor = 1/5). Dividing by ``1 + floor`` only rescales
    (the best possible candidate scores 1; the worst ``(floor/(1+floor)) ** sum(w)``).
    Computed as ``exp(sum_j w_j log(...))``. Like the weighted sum, a candidate's score
    depends only on its own values.
    """
    x = (np.asarray(values, dtype=float) + floor) / (1.0 + floor)
    return np.exp((np.log(x) * np.asarray(weights, dtype=float)).sum(axis=1))


def vikor_parts(
    values: np.ndarray, weights: np.ndarray, v: float = VIKOR_V
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """VIKOR group utility S, individual regret R and compromise index Q (lower better).

    Opricovic (1998); Opricovic & Tzeng (2004), "Compromise solution by MCDM methods:
    a comparative analysis of VIKOR and TOPSIS", *EJOR* 156(2):445-455. All criteria
    benefit-type: ``f*_j = max_i x_ij``, ``f-_j = min_i x_ij``,
    ``d_ij = w_j (f*_j - x_ij) / (f*_j - f-_j)``, ``S_i = sum_j d_ij``,
    ``R_i = max_j d_ij``, ``Q_i = v (S_i - S*) / (S- - S*) + (1 - v) (R_i - R*) / (R- - R*)``.
    A criterion (or S, or R) equal for every candidate cannot discriminate and its term
    is 0, as in scikit-criteria. Q itself ranks; the compromise-set conditions are not
    applied (they would rank several candidates first together).
    """
    x = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    if x.shape[0] == 0:
        empty = np.zeros(0)
        return empty, empty, empty
    best, worst = x.max(axis=0), x.min(axis=0)
    span = best - worst
    d = np.divide(best - x, span, out=np.zeros_like(x), where=span > 0) * w
    s, r = d.sum(axis=1), d.max(axis=1)
    q = v * _unit(s) + (1.0 - v) * _unit(r)
    return s, r, q


def vikor_kernel(values: np.ndarray, weights: np.ndarray, v: float = VIKOR_V) -> np.ndarray:
    """VIKOR Q, lower better (see :func:`vikor_parts`)."""
    return vikor_parts(values, weights, v)[2]


def _unit(a: np.ndarray) -> np.ndarray:
    low, high = a.min(), a.max()
    if high - low <= 0:
        return np.zeros_like(a)
    return (a - low) / (high - low)


def rank_scores(scores: np.ndarray) -> np.ndarray:
    """Ranks (1 best) of a 1-D array of scores, higher better.

    Scores equal to 12 decimal places share the lowest rank of their group ("min"
    ranking, as ``scipy.stats.rankdata(-scores, method="min")``): 1, 2, 2, 4. A
    candidate's rank is 1 + the number of candidates with a strictly higher score.
    """
    rounded = np.round(np.asarray(scores, dtype=float), SCORE_DECIMALS)
    ascending = np.sort(rounded)
    return (len(rounded) - np.searchsorted(ascending, rounded, side="right") + 1).astype(int)


# ---------------------------------------------------------------- checked entry point


def check_method(method: str) -> str:
    """The method key, lower-cased, or InputError naming the allowed methods."""
    key = str(method).strip().lower() if method is not None else ""
    if key not in METHODS:
        raise InputError(f"unknown method '{method}': expected one of {', '.join(METHODS)}")
    return key


def score(
    longlist: LongList,
    audience: str,
    weights: Mapping[str, float] | None = None,
    method: str = "wsm",
) -> Ranking:
    """Score and rank every candidate for one audience (see the module docstring).

    ``weights`` by criterion key, any non-negative numbers (normalised; criteria not
    named take their default weight). An unknown audience, criterion or method, or
    bad weights, raise :class:`InputError` with the allowed values.
    """
    method = check_method(method)
    criteria = longlist.criteria
    criteria.audience(audience)
    normalised = normalise_weights(criteria, weights)
    keys = criteria.keys
    w = np.array([normalised[k] for k in keys], dtype=float)
    values = longlist.values(audience)

    extra: dict[str, np.ndarray] = {}
    contributions: dict[str, np.ndarray] = {}
    if method == "wsm":
        raw = wsm_kernel(values, w)
        for j, key in enumerate(keys):
            contributions[f"{CONTRIB_PREFIX}{key}"] = values[:, j] * w[j]
    elif method == "topsis":
        raw, extra["topsis_d_plus"], extra["topsis_d_minus"] = topsis_parts(values, w)
    elif method == "wpm":
        raw = wpm_kernel(values, w)
        extra["wpm_log10"] = np.log10(raw)
    else:
        s, r, q = vikor_parts(values, w)
        raw = 1.0 - q
        extra["vikor_s"], extra["vikor_r"], extra["vikor_q"] = s, r, q

    scores = np.round(raw, SCORE_DECIMALS)
    ranks = rank_scores(scores)
    table, order = _ranking_table(longlist, scores, ranks, contributions)
    details = pd.DataFrame(
        {
            **{f"value_{k}": values[order, j] for j, k in enumerate(keys)},
            **{name: column[order] for name, column in extra.items()},
        },
        index=pd.Index(np.asarray(longlist.ids, dtype=object)[order], name="id"),
    )
    return Ranking(table=table, method=method, audience=audience, weights=normalised, details=details)


def _base_columns(longlist: LongList) -> dict:
    """The long list's columns as the ranking table shows them, built once per long list.

    ``id, name, service_area`` as text arrays, then every other column (file order,
    stale ``score``/``rank``/``contrib_*`` ones dropped) as its own array and dtype.
    Re-ranking then only reorders arrays: no pandas type inference per rerun.
    """
    cache = longlist._cache
    if "ranking_columns" not in cache:
        frame = longlist.frame
        stale = [c for c in frame.columns if c in ("score", "rank") or str(c).startswith(CONTRIB_PREFIX)]
        others = [c for c in frame.columns if c not in ("id", "name", "service_area") and c not in stale]
        front = pd.DataFrame({c: frame[c].astype(str).to_numpy() for c in ("id", "name", "service_area")})
        cache["ranking_columns"] = (
            {c: front[c].array for c in front.columns},
            {c: frame[c].to_numpy() for c in others},
            front["id"].to_numpy(dtype=object),
        )
    return cache["ranking_columns"]


def _ranking_table(
    longlist: LongList, scores: np.ndarray, ranks: np.ndarray, contributions: dict[str, np.ndarray]
) -> tuple[pd.DataFrame, np.ndarray]:
    """The ranking table (rows by rank, then id) and the row order it used."""
    front, rest, ids = _base_columns(longlist)
    order = np.lexsort((ids, ranks)) if len(ids) else np.zeros(0, dtype=int)  # by rank, then id
    index = pd.RangeIndex(len(order))
    columns: dict[str, object] = {name: array.take(order) for name, array in front.items()}
    columns["score"] = np.asarray(scores, dtype=float)[order]
    columns["rank"] = np.asarray(ranks, dtype=int)[order]
    columns.update((name, np.asarray(values)[order]) for name, values in contributions.items())
    # a Series keeps each column's own dtype (a bare object array would be re-inferred)
    columns.update(
        (name, pd.Series(array[order], index=index, dtype=array.dtype, copy=False)) for name, array in rest.items()
    )
    return pd.DataFrame(columns, index=index), order


def explain(
    longlist: LongList, candidate_id: str, audience: str, weights: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """The weighted-sum score of one candidate, laid out to check with a calculator.

    One row per criterion: ``criterion`` (key), ``label``, ``score`` (as typed, from
    the audience's column for per-audience criteria), ``scale_min``, ``scale_max``,
    ``objective``, ``value`` (``(score - min) / (max - min)``, or ``(max - score) /
    (max - min)`` when less is better), ``weight`` (normalised) and ``contribution``
    (weight x value). The contributions add up to the candidate's ``wsm`` score.
    """
    criteria = longlist.criteria
    criteria.audience(audience)
    normalised = normalise_weights(criteria, weights)
    if candidate_id not in set(longlist.ids):
        raise InputError(f"unknown candidate id '{candidate_id}' in {longlist.source}")
    raw = longlist.raw_scores(audience).loc[candidate_id]
    values = longlist.value_matrix(audience).loc[candidate_id]
    rows = []
    for c in criteria.criteria:
        rows.append(
            {
                "criterion": c.key,
                "label": c.label,
                "score": float(raw[c.key]),
                "scale_min": c.scale_min,
                "scale_max": c.scale_max,
                "objective": c.objective,
                "value": float(values[c.key]),
                "weight": normalised[c.key],
                "contribution": normalised[c.key] * float(values[c.key]),
            }
        )
    return pd.DataFrame(rows)
