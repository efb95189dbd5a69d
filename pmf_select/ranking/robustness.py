"""How sure are we that an indicator belongs in the set? (SMAA-2, vectorised.)

Members disagree and weights are rough. Instead of one ranking at one set of weights,
we draw many weight vectors (:mod:`pmf_select.ranking.sampling`), rank the long list under
each with the weighted sum, and count. For each candidate that gives

- ``p_top_k``: the share of weightings that put it in the top k (k = the set size), the
  k-best rank acceptability ``a_i^k = sum_{r<=k} b_i^r`` of SMAA-2 (Lahdelma & Salminen
  2001, *Operations Research* 49(3):444-454; Tervonen & Figueira 2008, *JMCDA*
  15:1-14), with a 95% Wilson score interval (Wilson 1927, *JASA* 22:209-212);
- the rank acceptability ``b_i^r``: the share of weightings that give it rank r;
- its median rank and 5%-95% rank interval, read from that distribution (the smallest
  rank whose cumulative share reaches 0.5, 0.05, 0.95);
- central weights: the mean weight vector over the weightings that put it in the top k,
  SMAA-2's central weight vector taken over the top k rather than rank 1 ("to have this
  indicator in the set you would weight things roughly like this"). Shown only when at
  least ``central_min_samples`` weightings put it there, because fewer give a noisy mean;
- a class in the committee's words: "in under almost any weighting" (p_top_k >= 0.9),
  "out under almost any weighting" (p_top_k <= 0.1), otherwise "contested".

Every acceptability is a proportion of independent draws, so its Monte Carlo error
(95%) is at most ``1.96 * sqrt(0.25 / samples) = 0.98 / sqrt(samples)``: about +-0.01
at 10,000 samples (mcda-notes 3.7; Tervonen & Lahdelma 2007, *EJOR* 178:500-513).

Value model: the weighted sum ``u_i(w) = sum_j w_j v_ij`` of the values
``LongList.value_matrix`` gives (scores on each criterion's declared scale, 0-1, min
criteria reversed), the additive model of SMAA-2 and of :mod:`pmf_select.ranking.scoring`.

Ties. Under each weighting a candidate's rank is 1 + the number of candidates scoring
more + the number scoring the same with a lower id (text order). Every weighting thus
gives a strict order: ranks 1..n are each held by exactly one candidate, the top-k shares
sum to k, and the rank acceptability table's rows and columns each sum to 1. As in
:mod:`pmf_select.ranking.scoring`, scores are compared at 12 decimal places, and the order within
a tie is scoring's listing order (by id); scoring gives tied candidates the same rank
number (1, 2, 2, 4), here they are counted in that listed order (1, 2, 3, 4), so a tie
at the top-k boundary counts the lower id in. With continuous weight draws, ties almost
only happen between candidates with identical values on every criterion; those are
given one computed score, so they tie exactly, never by rounding noise. ``rank_now`` is
scoring's rank at the current weights, ties shared, as the Rank page shows it.

Vectorised: scores for a chunk of weight vectors are one matrix product, and the order
of every candidate under every weighting is one sort of integer keys that pack the
rounded score with the candidate's position (so a plain sort breaks ties by id); counts
are accumulated with ``bincount``. No Python loop runs per sample.

Linear in candidates (issue 18). The work per sample is one row sort (n log n) and a
few passes over n numbers; memory is a rank store of 2 bytes per candidate (or per
distinct row, below) per sample (uint16), never an n x n table on the hot path. The top-k counts and central weight
sums come straight from the first k positions of each sorted row. The rank quantiles
are exact: each sample's rank of every candidate goes into the store, and at the end a
histogram is built for a block of candidates at a time (``bincount``) and read with
:func:`rank_quantile`, so the figures are bit for bit those of the full rank
acceptability table (tests/test_robustness_pinned.py). A run too large for the store
(``STORE_BYTES``) folds it into per-candidate histograms as it fills. The full rank
acceptability table (n x n) is computed only when asked for
(:attr:`Acceptability.rank_acceptability`); no page shows it. On large lists each
chunk's rows are sorted half on this thread and half on a helper thread (numpy
releases the GIL while sorting), which changes no number: see :func:`_rank_chunk`.

Identical rows sorted once. Scores are whole points on a few criteria, so long lists
repeat value rows: 5,000 synthetic candidates with 0-5 scores on 5 criteria have 3,692
distinct rows. Candidates with identical rows tie exactly and are ordered by position,
so under a weighting they hold consecutive ranks; when at most ``DISTINCT_SHARE`` of the
rows are distinct, :func:`smaa_summary` sorts one key per distinct row
(:func:`_group_rows`) and stores each group's rank (2 bytes per distinct row). A
candidate's rank is its group's plus a fixed shift, so its quantiles are its group's
plus that shift. Two *different* rows can still tie in rounded score (members
sampling repeats weight vectors, and equal weights make rows (1, 0) and (0, 1) tie;
any two scores may also round to the same 12 decimals), and
their members then interleave by position: such samples are found (adjacent sorted
keys sharing their score part) and ranked candidate by candidate from the same scores,
as before. The top-k counts and central sums are added in the same order as before
(each candidate once per sample, samples in order), so every number is unchanged
(tests/test_robustness_distinct.py). The store is kept in tiles of 32 groups, so the
histograms read contiguous memory, and every step of a block of rows works in cache.
Sorting is still most of the work (about 60% of the CPU time at 5,000 candidates).
Measured in one run against the code before this change (interleaved, this 2-core
machine shared, load average 2.3-2.8; benchmarks/bench_robustness.py prints the same
comparison), 5,000 x 10,000 through :func:`acceptability`: 1.24 s CPU (median; fastest
1.19 s) against 1.83 s, 1.08 s wall (median) against 1.48 s, and with a busy-loop
process added on the other core 1.22 s wall against 1.65 s; peak memory 86-89 MB
against 200 MB. 200 x 10,000 (198 distinct rows, so every candidate sorted, as
before): 30-33 ms either way. CPU time per sample grows as about n^1.05 over
500-5,000 candidates (about n^1.15 before; both noisy on a shared machine). When
different rows tie under most draws, the plain sort is used (``TIE_SHARE``).
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np
import pandas as pd

from pmf_select.errors import InputError
from pmf_select.longlist import LongList
from pmf_select.ranking.sampling import (
    SAMPLING_LABELS,
    SAMPLINGS,
    check_samples,
    check_seed,
    check_spread,
    normalise_order,
    order_from_weights,
    sample_weights,
)
from pmf_select.ranking.scoring import SCORE_DECIMALS, rank_scores, wsm_kernel
from pmf_select.ranking.weights import normalise_weights

IN = "in under almost any weighting"
CONTESTED = "contested"
OUT = "out under almost any weighting"
CLASSES = (IN, CONTESTED, OUT)

OUTPUT_COLUMNS = ("id", "name", "service_area", "p_top_k", "median_rank", "rank_p05", "rank_p95", "class")
"""The columns of the CSV the CLI writes and the UI offers for download, in order."""

TABLE_COLUMNS = (*OUTPUT_COLUMNS, "p_top_k_low", "p_top_k_high", "rank_now")

CHUNK = 1_000
"""Weight vectors evaluated together: small enough to stay in cache, large enough that
numpy's per-call overhead vanishes (1,000 x 200 candidates is 1.6 MB of int64 keys;
1,000 measured a little faster than 500 or 2,000, benchmarks/bench_robustness.py)."""

BLAS_ELEMENTS = 200_000
"""Largest matrix product (rows x candidates x criteria) done in one call. OpenBLAS
splits a product over threads when m*n*k passes about 262,144; on a shared 2-core
machine its threads then spin-wait for a busy core and a 1 ms product takes 30-130 ms.
The old guard (256 rows whatever the size) misfired above about 204 candidates; rows
per product are now ``BLAS_ELEMENTS // (n * c)``, so every product stays on one
thread. Set by measurement (benchmarks/bench_robustness.py, "BLAS guard")."""

QUANTILES = (0.05, 0.5, 0.95)
"""Rank quantiles reported: the 5% and 95% ends of the rank interval, and the median."""

STORE_BYTES = 256 * 2**20
"""Largest rank store (2 bytes per candidate per sample): 5,000 candidates x 10,000
samples is 100 MB. A larger run folds the store into histograms as it fills."""

_Z95 = 1.959963984540054


@dataclass(frozen=True, eq=False)
class Acceptability:
    """The robustness of a ranking over sampled weights.

    ``table``: one row per candidate, sorted by ``p_top_k`` (highest first), then median
    rank, then id. Columns: ``id, name, service_area``; ``p_top_k`` (share of weightings
    putting it in the top k); ``median_rank``, ``rank_p05``, ``rank_p95`` (ints); ``class``
    (one of :data:`CLASSES`); ``p_top_k_low``, ``p_top_k_high`` (95% Wilson interval);
    ``rank_now`` (its rank at ``weights`` as :func:`pmf_select.ranking.scoring.score` gives it).

    ``rank_acceptability``: index id (in table order), columns ranks 1..n, each cell the
    share of weightings giving that rank. ``central_weights``: index id (table order),
    columns criterion keys; the mean weights over the weightings that put it in the top
    k; NaN where fewer than ``central_min_samples`` did.
    """

    table: pd.DataFrame
    central_weights: pd.DataFrame
    samples: int
    seed: int
    sampling: str
    top_k: int
    mc_error: float
    audience: str
    weights: dict[str, float]
    spread: float
    order: list[list[str]] | None
    thresholds: tuple[float, float]
    central_min_samples: int
    members: dict[str, dict[str, float]] | None = field(default=None, repr=False)
    _rank_inputs: tuple | None = field(default=None, repr=False)

    @cached_property
    def rank_acceptability(self) -> pd.DataFrame:
        """Index id (table order), columns ranks 1..n: the share of weightings giving each rank.

        An n x n table, so it is computed on first use (from the same weight draws,
        hence the same numbers), not on every run.
        """
        values, drawn, shown, index = self._rank_inputs
        counts, _ = smaa_counts(values, drawn, self.top_k)
        n = len(values)
        return pd.DataFrame(counts[shown] / self.samples, index=index, columns=pd.RangeIndex(1, n + 1, name="rank"))

    def counts(self) -> dict[str, int]:
        """How many candidates fall in each class, in :data:`CLASSES` order."""
        return {name: int((self.table["class"] == name).sum()) for name in CLASSES}

    def settings(self) -> dict[str, object]:
        """What a decision record stores to recompute this result exactly."""
        return {
            "sampling": self.sampling,
            "samples": self.samples,
            "seed": self.seed,
            "top_k": self.top_k,
            "spread": self.spread,
            "order": self.order,
            "members": self.members,
            "thresholds": list(self.thresholds),
        }


# ---------------------------------------------------------------- kernels (no checks)


def _sorted_keys(
    neg_scaled_values: np.ndarray,
    weights: np.ndarray,
    copies: tuple[np.ndarray, np.ndarray],
    bits: int,
    buffers: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """Candidate positions in rank order, one row per weight vector: shape (s, n).

    The keys of :func:`_keys`, sorted, with the score bits masked off; the result is a
    view of the int64 buffer.
    """
    keys = _keys(neg_scaled_values, weights, copies, bits, buffers)
    keys.sort(axis=1)
    keys &= (1 << bits) - 1
    return keys


def _keys(
    neg_scaled_values: np.ndarray,
    weights: np.ndarray,
    copies: tuple[np.ndarray, np.ndarray],
    bits: int,
    buffers: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """Each candidate's sort key under each weight vector, unsorted: shape (s, n).

    ``neg_scaled_values`` is ``-1e12 * values``, so the weighted sum is minus the score
    in units of 1e-12; rounding it to a whole number is scoring's 12-decimal rounding.
    ``copies`` = (targets, sources): candidates whose values repeat an earlier
    candidate's take that candidate's score, so identical candidates tie exactly. The
    key ``rounded << bits | position`` sorts by score, then position. ``buffers`` (a
    float and an int64 array of at least (s, n)) are reused from chunk to chunk, which
    saves fresh memory (and its page faults) for every chunk; the result is a view of
    the int64 one. Keys are distinct (the low bits are the position), so sorting them
    orders the candidates exactly, ties included.
    """
    m, n = len(weights), len(neg_scaled_values)
    rows = max(1, BLAS_ELEMENTS // neg_scaled_values.size)
    # the rounding and packing run on blocks of rows that stay in cache (a multiple of
    # the product's rows, so every product keeps the same rows)
    block = max(1, _CACHE_CELLS // (n * rows)) * rows
    targets, sources = copies
    positions = np.arange(n, dtype=np.int64)
    for first in range(0, m, block):
        last = min(first + block, m)
        scores, keys = buffers[0][first:last], buffers[1][first:last]
        for start in range(first, last, rows):  # small products: OpenBLAS stays on one thread
            stop = min(start + rows, last)
            np.matmul(weights[start:stop], neg_scaled_values.T, out=buffers[0][start:stop])
        if len(targets):
            scores[:, targets] = scores[:, sources]
        np.rint(scores, out=scores)
        np.copyto(keys, scores, casting="unsafe")
        keys <<= bits
        keys |= positions
    return buffers[1][:m]


_CACHE_CELLS = 65_536
"""Scores rounded and packed per block (:func:`_sorted_keys`): 512 KB of floats, which
stays in a core's cache between the steps."""


def _rank_rows(
    scaled: np.ndarray,
    weights: np.ndarray,
    copies: tuple[np.ndarray, np.ndarray],
    bits: int,
    buffers: tuple[np.ndarray, np.ndarray],
    store: np.ndarray,
    rank_numbers: np.ndarray,
) -> None:
    """Sort the rows of ``weights`` (:func:`_sorted_keys`) and write each candidate's rank to ``store``."""
    order = _sorted_keys(scaled, weights, copies, bits, buffers)
    np.put_along_axis(store, order, rank_numbers, axis=1)


def _rank_chunk(
    scaled: np.ndarray,
    weights: np.ndarray,
    copies: tuple[np.ndarray, np.ndarray],
    bits: int,
    buffers: tuple[np.ndarray, np.ndarray],
    store: np.ndarray,
    rank_numbers: np.ndarray,
) -> np.ndarray:
    """:func:`_rank_rows` for a chunk, split in two halves run at once on large lists.

    numpy's sort, rounding and scatter release the GIL, so a second thread sorts the
    second half of the rows while this one sorts the first: the wall time of the
    row sorts halves when a second core is free (CPU time is unchanged). Each row is
    computed exactly as without the split: the halves meet on a multiple of the rows
    per matrix product (``BLAS_ELEMENTS``), so every product has the same rows, and
    the top-k sums are still added chunk by chunk in order by the caller. Small lists
    (under ``THREAD_CELLS`` keys per chunk) stay on one thread: there the thread
    hand-off costs more than it saves. Returns the (s, n) order, a view of ``buffers``.
    """
    m = len(weights)
    rows = max(1, BLAS_ELEMENTS // scaled.size)
    half = -(-(m // 2) // rows) * rows
    pool = _pool() if m * scaled.shape[0] >= THREAD_CELLS else None
    if pool is None or not 0 < half < m:
        _rank_rows(scaled, weights, copies, bits, buffers, store, rank_numbers)
        return buffers[1][:m]
    second = pool.submit(
        _rank_rows,
        scaled,
        weights[half:],
        copies,
        bits,
        (buffers[0][half:], buffers[1][half:]),
        store[half:],
        rank_numbers,
    )
    _rank_rows(scaled, weights[:half], copies, bits, buffers, store[:half], rank_numbers)
    second.result()
    return buffers[1][:m]


THREAD_CELLS = 1_000_000
"""Keys per chunk (rows x candidates) from which a chunk's rows are sorted on two
threads (:func:`_rank_chunk`): 1,000 samples x 1,000 candidates. Below that, one
thread (measured, benchmarks/bench_robustness.py)."""

_POOL: list = []


def _pool():
    """One helper thread, made on first use; None on a single-core machine."""
    if not _POOL:
        _POOL.append(
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="smaa") if (os.cpu_count() or 1) > 1 else None
        )
    return _POOL[0]


def _buffers(rows: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.empty((rows, n)), np.empty((rows, n), dtype=np.int64)


def _prepare(values: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray], int]:
    """Scaled values, the duplicate rows to copy (targets, sources), and the position bits."""
    values = np.ascontiguousarray(values, dtype=float)
    _, first, inverse = np.unique(values, axis=0, return_index=True, return_inverse=True)
    sources = first[inverse.reshape(-1)]
    targets = np.flatnonzero(sources != np.arange(len(values)))
    bits = max(1, int(math.ceil(math.log2(max(len(values), 2)))))
    return np.ascontiguousarray(-(10.0**SCORE_DECIMALS) * values), (targets, sources[targets]), bits


# ---------------------------------------------------------------- identical rows sorted once


class _Groups(NamedTuple):
    """Candidates grouped by identical value rows (:func:`_groups`).

    Groups are numbered by their first candidate's position. ``of`` (n,): each
    candidate's group; ``first`` (d,): each group's first candidate; ``sizes`` (d,);
    ``members`` (n,): candidates by group, then position, group g at
    ``members[offsets[g]:offsets[g + 1]]``; ``shift`` (n,): the candidate's rank minus
    the rank of its group's last member when the group's members are ranked together
    (``within - size + 1``, so 0 for the last member); ``bits``: position bits for d;
    ``sizes32``: the sizes as int32.
    """

    of: np.ndarray
    first: np.ndarray
    sizes: np.ndarray
    members: np.ndarray
    offsets: np.ndarray
    shift: np.ndarray
    bits: int
    sizes32: np.ndarray


def _groups(values: np.ndarray) -> _Groups:
    """The groups of identical rows of ``values`` (:class:`_Groups`)."""
    values = np.ascontiguousarray(values, dtype=float)
    n = len(values)
    _, first, inverse = np.unique(values, axis=0, return_index=True, return_inverse=True)
    number = np.empty(len(first), dtype=np.int64)
    number[np.argsort(first, kind="stable")] = np.arange(len(first))
    of = number[inverse.reshape(-1)]
    first = np.sort(first).astype(np.int64)
    sizes = np.bincount(of, minlength=len(first))
    offsets = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    members = np.argsort(of, kind="stable").astype(np.int64)
    within = np.empty(n, dtype=np.int64)
    within[members] = np.arange(n) - offsets[of[members]]
    bits = max(1, int(math.ceil(math.log2(max(len(first), 2)))))
    return _Groups(of, first, sizes, members, offsets, within - sizes[of] + 1, bits, sizes.astype(np.int32))


DISTINCT_SHARE = 0.98
""":func:`smaa_summary` sorts only the distinct value rows when there are at most this
share of the candidates. Measured (CPU time, 4,000 samples, one thread, synthetic
lists): at 0.88-0.97 distinct the group path is 4-25% faster (2,000 candidates with
whole 0-5 scores: 224 against 251 ms), at 0.99-1.0 the two are level (3,000
candidates with half points: 359 against 360 ms), so lists with hardly any repeats
keep the plain sort."""


TIE_SHARE = 0.1
"""The group path is taken when different value rows tie under at most this share of
the first ``_PROBE`` weight vectors (:func:`_tie_share`). Those samples are ranked
candidate by candidate on top of the group work, so when ties are common the plain
sort is faster: members sampling with a criterion every member weighs the same fixes
that weight, and then rows such as (1, 1, 0, 1, 1) and (0.8, 0.8, 0.8, 0.8, 0.8) tie
under every draw (5,000 candidates x 10,000 samples, every sample tied: 3.6 s CPU on
the group path against 1.8 s sorting every candidate)."""

_PROBE = 128


def _tie_share(values: np.ndarray, weights: np.ndarray, groups: _Groups) -> float:
    """The share of the first ``_PROBE`` weight vectors under which two different rows tie.

    Only chooses the path (both give the same numbers), so a product of the distinct
    rows is enough here, whatever its last bits; it is made in products small enough
    for one OpenBLAS thread (``BLAS_ELEMENTS``), whose helper threads would otherwise
    spin on the other core afterwards.
    """
    probe = np.asarray(weights[:_PROBE], dtype=float)
    if len(probe) == 0 or len(groups.first) < 2:
        return 0.0
    distinct = -(10.0**SCORE_DECIMALS) * values[groups.first]
    rows = max(1, BLAS_ELEMENTS // distinct.size)
    scores = np.empty((len(probe), len(distinct)))
    for start in range(0, len(probe), rows):
        np.matmul(probe[start : start + rows], distinct.T, out=scores[start : start + rows])
    np.rint(scores, out=scores)
    scores.sort(axis=1)
    return float((scores[:, 1:] == scores[:, :-1]).any(axis=1).mean())


def _group_rows(
    scaled: np.ndarray,
    weights: np.ndarray,
    groups: _Groups,
    copies: tuple[np.ndarray, np.ndarray],
    bits: int,
    scratch: tuple[np.ndarray, ...],
    store: tuple[np.ndarray, np.ndarray, int],
    lead: np.ndarray,
    top_k: int,
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Rank the distinct rows under each weight vector, a block of rows at a time.

    Scores come from the same matrix products as :func:`_sorted_keys` (same rows per
    product, every candidate, so the same bits: a product of the distinct rows alone
    differs in the last bit for about 3 scores in 10,000 with OpenBLAS here, enough to
    move a rounding); only each group's first candidate's score is rounded, packed with
    the group number and sorted. Where no two groups share a rounded
    score, the members of a group are tied with each other only, so they hold
    consecutive ranks in position order, after every member of a group scoring more:
    the group store gets, for each group, the rank of its last member (the running sum
    of the sizes in rank order), and each candidate's rank is that plus its ``shift``;
    ``lead`` gets the first groups in rank order (for the top k). ``store`` is (the
    tiled group store, each group's place in it, the store row of the first weight
    vector): see :func:`_summary_by_groups`.

    Where two groups tie (adjacent sorted keys share their score part) their members
    interleave by position: those rows are ranked candidate by candidate from the
    block's scores, as :func:`_sorted_keys` ranks them, and marked 0 in the group store.
    Returns, for those rows: (row numbers, every candidate's rank, the first ``top_k``
    candidates). Every step runs on a block of rows whose buffers (``scratch``) stay in
    cache.
    """
    m, n = len(weights), len(scaled)
    d = len(groups.first)
    rows, block = _group_blocks(n, scaled.shape[1], d)
    scores, picked, keys, wide, counts, narrow = scratch
    block = min(block, len(scores))  # scratch for a whole chunk (one block) when products are that large
    tiles, place, row0 = store
    cells = tiles.reshape(-1)
    positions = np.arange(d, dtype=np.int64)
    offsets = tiles.shape[2] * np.arange(block, dtype=np.int64)[:, None]
    width = lead.shape[1]
    gbits = groups.bits
    ties = []
    for first in range(0, m, block):
        last = min(first + block, m)
        b = last - first
        for start in range(first, last, rows):  # small products: OpenBLAS stays on one thread
            stop = min(start + rows, last)
            np.matmul(weights[start:stop], scaled.T, out=scores[start - first : stop - first])
        part, block_keys = picked[:b], keys[:b]
        np.take(scores[:b], groups.first, axis=1, out=part, mode="clip")
        np.rint(part, out=part)
        np.copyto(block_keys, part, casting="unsafe")
        block_keys <<= gbits
        block_keys |= positions
        block_keys.sort(axis=1)
        if d > 1:  # same score part <=> the keys differ in the position bits only
            differ = wide[:b, : d - 1]
            np.bitwise_xor(block_keys[:, 1:], block_keys[:, :-1], out=differ)
            tied = np.flatnonzero(differ.view(np.uint64).min(axis=1) < (1 << gbits))
        else:
            tied = np.zeros(0, dtype=np.int64)
        block_keys &= (1 << gbits) - 1
        lead[first:last] = block_keys[:, :width]
        # the running sum of the sizes in rank order (int32: numpy's fast cumulative
        # sum), scattered to each group's place in the store (flat: cheaper than
        # put_along_axis)
        total = counts[:b]
        np.take(groups.sizes32, block_keys, out=total, mode="clip")
        np.cumsum(total, axis=1, dtype=np.int32, out=total)
        np.copyto(narrow[:b], total, casting="unsafe")
        flat = np.take(place, block_keys, out=wide[:b], mode="clip")
        flat += offsets[:b] + tiles.shape[2] * (row0 + first)
        cells[flat.reshape(-1)] = narrow[:b].reshape(-1)
        if len(tied):
            order = _tied_rows(scores[tied], copies, bits)
            ranks = np.empty(order.shape, dtype=tiles.dtype)
            np.put_along_axis(ranks, order, np.arange(1, n + 1, dtype=tiles.dtype)[None, :], axis=1)
            tiles[:, row0 + first + tied] = 0  # rank 0: not counted in the groups' histograms
            ties.append((first + tied, ranks, order[:, :top_k].copy()))
    return ties


_SORT_CELLS = 65_536
"""Keys per block of rows in :func:`_group_rows` (512 KB of int64): every step of a block
works on buffers that stay in a core's cache."""


def _group_blocks(n: int, c: int, d: int) -> tuple[int, int]:
    """Rows per matrix product (``BLAS_ELEMENTS``) and per block of :func:`_group_rows` (a multiple)."""
    rows = max(1, BLAS_ELEMENTS // (n * c))
    return rows, max(1, _SORT_CELLS // (d * rows)) * rows


def _group_scratch(n: int, c: int, d: int, dtype: type, most: int) -> tuple[np.ndarray, ...]:
    """One thread's buffers for :func:`_group_rows` (``most``: rows per chunk), reused from block to block."""
    block = min(_group_blocks(n, c, d)[1], most)
    return (
        np.empty((block, n)),
        np.empty((block, d)),
        np.empty((block, d), dtype=np.int64),
        np.empty((block, d), dtype=np.int64),
        np.empty((block, d), dtype=np.int32),
        np.empty((block, d), dtype=dtype),
    )


def _group_chunk(
    scaled: np.ndarray,
    weights: np.ndarray,
    groups: _Groups,
    copies: tuple[np.ndarray, np.ndarray],
    bits: int,
    scratch: list,
    store: tuple[np.ndarray, np.ndarray, int],
    lead: np.ndarray,
    top_k: int,
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """:func:`_group_rows` for a chunk, split in two halves on large lists as in :func:`_rank_chunk`.

    ``scratch``: one set of buffers per thread (the second made on first use).
    """
    m = len(weights)
    rows = max(1, BLAS_ELEMENTS // scaled.size)
    half = -(-(m // 2) // rows) * rows
    pool = _pool() if m * len(scaled) >= THREAD_CELLS else None
    if pool is None or not 0 < half < m:
        return _group_rows(scaled, weights, groups, copies, bits, scratch[0], store, lead, top_k)
    if len(scratch) < 2:
        scratch.append(
            _group_scratch(len(scaled), scaled.shape[1], len(groups.first), store[0].dtype, len(scratch[0][0]))
        )
    tiles, place, row0 = store
    second = pool.submit(
        _group_rows,
        scaled,
        weights[half:],
        groups,
        copies,
        bits,
        scratch[1],
        (tiles, place, row0 + half),
        lead[half:],
        top_k,
    )
    ties = _group_rows(scaled, weights[:half], groups, copies, bits, scratch[0], store, lead[:half], top_k)
    return ties + [(half + rows_, ranks, top) for rows_, ranks, top in second.result()]


def _tied_rows(scores: np.ndarray, copies: tuple[np.ndarray, np.ndarray], bits: int) -> np.ndarray:
    """Candidate positions in rank order for rows of whole scores: :func:`_sorted_keys` after its products."""
    n = scores.shape[1]
    targets, sources = copies
    if len(targets):
        scores[:, targets] = scores[:, sources]
    np.rint(scores, out=scores)
    keys = scores.astype(np.int64)
    keys <<= bits
    keys |= np.arange(n, dtype=np.int64)
    keys.sort(axis=1)
    keys &= (1 << bits) - 1
    return keys


_TILE = 32
"""Groups per tile of the group store (:func:`_summary_by_groups`): 64 bytes of uint16
ranks per sample, one cache line. Reading the store a tile at a time reads contiguous
memory (measured: 93-106 ms against 198 ms for 3,692 groups x 10,000 samples read in
column blocks of a (samples, groups) store)."""


def _tile_histograms(store: np.ndarray, filled: int, n: int, d: int, folded: np.ndarray | None, lo: int, hi: int):
    """Yield (first group, counts (b, n) of ranks 1..n) for the tiles lo..hi-1 of the group store."""
    width = store.shape[2]
    spread = np.tile((n + 1) * np.arange(width, dtype=np.int64), filled)
    for tile in range(lo, hi):
        first = tile * width
        b = min(width, d - first)
        cells = store[tile, :filled].reshape(-1).astype(np.int64)
        cells += spread
        counts = np.bincount(cells, minlength=width * (n + 1)).reshape(width, n + 1)[:b, 1:]
        if folded is not None:
            counts = counts + folded[first : first + b]
        yield first, counts


def _fold_tiles(folded: np.ndarray | None, store: np.ndarray, filled: int, n: int, d: int) -> np.ndarray:
    """Add the group store's ranks to the (d, n) histogram (made on the first fold)."""
    out = np.zeros((d, n), dtype=np.int64) if folded is None else folded
    for first, counts in _tile_histograms(store, filled, n, d, None, 0, len(store)):
        out[first : first + len(counts)] += counts
    return out


def _top_of_groups(order: np.ndarray, groups: _Groups, top_k: int) -> np.ndarray:
    """(s, top_k): the first ``top_k`` candidates of each row of groups in rank order."""
    s = len(order)
    lead = order[:, :top_k]
    sizes = groups.sizes[lead]
    before = np.cumsum(sizes, axis=1) - sizes
    take = np.clip(top_k - before, 0, sizes).ravel()
    begin = np.repeat(groups.offsets[lead.ravel()], take)
    step = np.arange(s * top_k) - np.repeat(np.cumsum(take) - take, take)
    return groups.members[begin + step].reshape(s, top_k)


def _summary_by_groups(
    values: np.ndarray,
    weights: np.ndarray,
    top_k: int,
    groups: _Groups,
    chunk: int,
    quantiles: Sequence[float],
    store_bytes: int,
) -> SmaaSummary:
    """:func:`smaa_summary` sorting only the distinct rows (:func:`_group_rows`): the same numbers.

    Top-k counts and central sums are added row by row in sample order as before (each
    candidate once per row, so every float sum is the same). The store holds each
    group's last rank per sample (2 bytes per distinct row), in tiles of ``_TILE``
    groups so that a tile is read from contiguous memory; rows where two groups tie
    keep every candidate's rank (:func:`_tied_rows`), and are marked 0 in the group
    store. Reading: a candidate's ranks are its group's shifted by its ``shift``, so
    with no tied rows its quantiles are the group's plus the shift; otherwise its
    histogram is the group's, shifted, plus its own from the tied rows.
    """
    scaled, copies, bits = _prepare(values)
    n, c = values.shape
    d = len(groups.first)
    dtype = np.uint16 if n < 2**16 else np.uint32
    size = np.dtype(dtype).itemsize
    tiles = -(-d // _TILE)
    capacity = min(len(weights), max(chunk, store_bytes // ((n + tiles * _TILE) * size)))
    # the group store, tiled: tile t holds groups t*_TILE.. for every sample, (capacity,
    # _TILE), so reading a tile reads contiguous memory; columns past d stay 0
    store = np.zeros((tiles, max(capacity, 1), _TILE), dtype=dtype)
    group = np.arange(d, dtype=np.int64)
    place = group // _TILE * store[0].size + group % _TILE
    folded: np.ndarray | None = None
    filled = 0
    tie_ranks: list[np.ndarray] = []
    tie_rows = 0
    tie_folded: np.ndarray | None = None
    in_top = np.zeros(n, dtype=np.int64)
    central_sums = np.zeros((n, c))
    scratch = [_group_scratch(n, c, d, dtype, min(chunk, len(weights)))]
    leads = np.empty((min(chunk, len(weights)), min(top_k, d)), dtype=np.int64)
    for start in range(0, len(weights), chunk):
        block = weights[start : start + chunk]
        if filled + len(block) > capacity:
            folded = _fold_tiles(folded, store, filled, n, d)
            filled = 0
        if tie_rows + len(block) > capacity and tie_ranks:
            tie_folded = _fold(tie_folded, np.concatenate(tie_ranks), n)
            tie_ranks, tie_rows = [], 0
        lead = leads[: len(block)]
        tied = _group_chunk(scaled, block, groups, copies, bits, scratch, (store, place, filled), lead, top_k)
        filled += len(block)
        top = _top_of_groups(lead, groups, top_k)
        for rows, ranks, first_k in tied:
            tie_ranks.append(ranks)
            tie_rows += len(rows)
            top[rows] = first_k
        top = top.ravel()
        in_top += np.bincount(top, minlength=n)
        for j in range(c):
            central_sums[:, j] += np.bincount(top, weights=np.repeat(block[:, j], top_k), minlength=n)
    samples = len(weights)
    out = [np.empty(n, dtype=np.int64) for _ in quantiles]
    thresholds = [math.ceil(q * np.float64(samples) - 1e-9) for q in quantiles]
    ties = np.concatenate(tie_ranks) if tie_ranks else None
    shift = groups.shift

    def read_groups(lo: int, hi: int) -> None:  # no tied rows: quantiles of the groups, shifted
        for first, histogram in _tile_histograms(store, filled, n, d, folded, lo, hi):
            for result, ranks in zip(out, _rank_quantiles(histogram, quantiles), strict=True):
                result[first : first + len(histogram)] = ranks

    def read_candidates(lo: int, hi: int) -> None:
        columns = np.arange(1, n + 1, dtype=np.int64)
        for first, histogram in _tile_histograms(store, filled, n, d, folded, lo, hi):
            b = len(histogram)
            padded = np.zeros((b, n + 2), dtype=np.int64)  # columns 0 and n + 1 stay empty
            padded[:, 1 : n + 1] = histogram
            everyone = groups.members[groups.offsets[first] : groups.offsets[first + b]]
            step = max(1, _HISTOGRAM_CELLS // max(n, 1))
            for at in range(0, len(everyone), step):
                who = everyone[at : at + step]
                where = np.minimum(columns[None, :] - shift[who][:, None], n + 1)
                counts = padded[(groups.of[who] - first)[:, None], where]
                if ties is not None:
                    for at_, extra in _histograms(ties[:, who], n, None):
                        counts[at_ : at_ + len(extra)] += extra
                if tie_folded is not None:
                    counts += tie_folded[who]
                for result, ranks in zip(out, _rank_quantiles(counts, quantiles), strict=True):
                    result[who] = ranks

    simple = ties is None and tie_folded is None and all(1 <= t <= samples for t in thresholds)
    # one thread: the tiles are read from memory as fast as one core counts them
    # (measured, 3,692 groups x 10,000 samples: 92-94 ms CPU on one thread, 111-122 ms
    # CPU and 71-79 ms wall on two)
    (read_groups if simple else read_candidates)(0, tiles)
    if simple:
        out = [result[groups.of] + shift for result in out]
    return SmaaSummary(in_top, central_sums, tuple(out))


def wsm_ranks(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Rank (1 = best) of each candidate under each weight vector: shape (s, n).

    ``values`` (n, c) in 0-1, higher better; ``weights`` (c,) or (s, c). Weighted sum;
    equal scores are ordered by row (earlier row ranks first). Plain arrays, no checks.
    """
    weights = np.atleast_2d(np.asarray(weights, dtype=float))
    scaled, copies, bits = _prepare(values)
    n = len(values)
    out = np.empty((len(weights), n), dtype=np.int64)
    buffers = _buffers(min(CHUNK, len(weights)), n)
    for start in range(0, len(weights), CHUNK):
        order = _sorted_keys(scaled, weights[start : start + CHUNK], copies, bits, buffers)
        np.put_along_axis(out[start : start + CHUNK], order, np.arange(1, n + 1, dtype=np.int64)[None, :], axis=1)
    return out


class SmaaSummary(NamedTuple):
    """What :func:`acceptability` needs from the samples, linear in candidates.

    ``in_top`` (n,) int64: how many weight vectors put candidate i in the top k.
    ``central_sums`` (n, c): the sum of those weight vectors. ``quantiles``: for each
    of the requested shares, each candidate's rank there (:func:`rank_quantile`).
    """

    in_top: np.ndarray
    central_sums: np.ndarray
    quantiles: tuple[np.ndarray, ...]


def smaa_summary(
    values: np.ndarray,
    weights: np.ndarray,
    top_k: int,
    chunk: int = CHUNK,
    quantiles: Sequence[float] = QUANTILES,
    store_bytes: int = STORE_BYTES,
) -> SmaaSummary:
    """Top-k counts, central weight sums and rank quantiles, without an n x n table.

    The same numbers as :func:`smaa_counts` followed by :func:`rank_quantile`, bit for
    bit (ties ordered by row), in time and memory linear in candidates per sample: the
    rank of every candidate under every weight vector goes into a uint16 store (2 bytes
    each), read into histograms a block of candidates at a time at the end. When the
    store (``store_bytes``) fills before the samples end, it is folded into an (n, n)
    histogram and reused. Plain arrays, no checks.
    """
    weights = np.asarray(weights, dtype=float)
    values = np.asarray(values, dtype=float)
    groups = _groups(values)
    if len(groups.first) <= DISTINCT_SHARE * len(values) and _tie_share(values, weights, groups) <= TIE_SHARE:
        return _summary_by_groups(values, weights, top_k, groups, chunk, quantiles, store_bytes)
    scaled, copies, bits = _prepare(values)
    n, c = values.shape
    dtype = np.uint16 if n < 2**16 else np.uint32
    capacity = min(len(weights), max(chunk, store_bytes // (n * np.dtype(dtype).itemsize)))
    store = np.empty((max(capacity, 1), n), dtype=dtype)
    folded: np.ndarray | None = None
    filled = 0
    in_top = np.zeros(n, dtype=np.int64)
    central_sums = np.zeros((n, c))
    rank_numbers = np.arange(1, n + 1, dtype=dtype)[None, :]
    buffers = _buffers(min(chunk, len(weights)), n)
    for start in range(0, len(weights), chunk):
        block = weights[start : start + chunk]
        if filled + len(block) > capacity:
            folded = _fold(folded, store[:filled], n)
            filled = 0
        # (s, n) candidate at each rank; the ranks go into the store as a side effect
        order = _rank_chunk(scaled, block, copies, bits, buffers, store[filled : filled + len(block)], rank_numbers)
        filled += len(block)
        top = order[:, :top_k].ravel()
        in_top += np.bincount(top, minlength=n)
        for j in range(c):
            central_sums[:, j] += np.bincount(top, weights=np.repeat(block[:, j], top_k), minlength=n)
    out = [np.empty(n, dtype=np.int64) for _ in quantiles]

    def read(lo: int, hi: int) -> None:
        for first, histogram in _histograms(store[:filled], n, folded, lo, hi):
            for result, ranks in zip(out, _rank_quantiles(histogram, quantiles), strict=True):
                result[first : first + len(histogram)] = ranks

    # two halves of the candidates at once on large lists, as for the chunks (blocks are
    # independent, so the numbers do not change)
    pool = _pool() if n * min(filled, chunk) >= THREAD_CELLS else None
    if pool is None:
        read(0, n)
    else:
        second = pool.submit(read, n // 2, n)
        read(0, n // 2)
        second.result()
    return SmaaSummary(in_top, central_sums, tuple(out))


_HISTOGRAM_CELLS = 320_000
"""Cells handled per block when turning ranks into histograms: small blocks keep the
counts in cache (measured: 0.33 s at 100-300 thousand cells against 0.52 s at 4
million, for 5,000 candidates x 10,000 samples; 320 thousand, 32 candidates at 10,000
samples, reads whole cache lines of the store: 0.31 s against 0.37 s at 20)."""


def _rank_quantiles(rank_counts: np.ndarray, quantiles: Sequence[float]) -> list[np.ndarray]:
    """:func:`rank_quantile` for several shares at once, with one cumulative sum.

    Every row has the same total (each weighting ranks every candidate once), so the
    test ``cumulative < q * total - 1e-9`` is, on whole counts, ``cumulative <
    ceil(q * total - 1e-9)``: one integer threshold per share. The rows' cumulative
    counts, each shifted by ``row * (total + 1)``, form one sorted array, so a single
    ``searchsorted`` counts the ranks below the threshold in every row. The same
    numbers as :func:`rank_quantile`, exactly (integers only).
    """
    cumulative = np.cumsum(rank_counts, axis=1)
    b, n = cumulative.shape
    totals = cumulative[:, -1]
    total = int(totals[0])
    if not np.all(totals == total):  # not one run's histograms: the general rule
        return [rank_quantile(rank_counts, q) for q in quantiles]
    shift = (total + 1) * np.arange(b, dtype=np.int64)
    cumulative += shift[:, None]
    flat = cumulative.ravel()
    out = []
    for q in quantiles:
        threshold = math.ceil(q * np.float64(total) - 1e-9)
        below = np.searchsorted(flat, threshold + shift, side="left") - n * np.arange(b, dtype=np.int64)
        out.append(below + 1)
    return out


def _histograms(ranks: np.ndarray, n: int, folded: np.ndarray | None, lo: int = 0, hi: int | None = None):
    """Yield (first candidate, counts (b, n) of ranks 1..n) for blocks of candidates lo..hi-1."""
    samples = len(ranks)
    hi = ranks.shape[1] if hi is None else hi
    size = max(1, min(n, _HISTOGRAM_CELLS // max(samples, n + 1, 1)))
    offsets = (n + 1) * np.arange(size, dtype=np.int64)
    for first in range(lo, hi, size):
        b = min(size, hi - first)
        block = np.add(ranks[:, first : first + b], offsets[:b], dtype=np.int64)  # one pass
        counts = np.bincount(block.ravel(), minlength=b * (n + 1)).reshape(b, n + 1)[:, 1:]
        if folded is not None:
            counts += folded[first : first + b]
        yield first, counts


def _fold(folded: np.ndarray | None, ranks: np.ndarray, n: int) -> np.ndarray:
    """Add the stored ranks (columns: candidates or groups) to their (columns, n) histogram (made on the first fold)."""
    out = np.zeros((ranks.shape[1], n), dtype=np.int64) if folded is None else folded
    for first, counts in _histograms(ranks, n, None):
        out[first : first + len(counts)] += counts
    return out


def smaa_counts(
    values: np.ndarray, weights: np.ndarray, top_k: int, chunk: int = CHUNK
) -> tuple[np.ndarray, np.ndarray]:
    """SMAA-2 counts for the weighted sum over many weight vectors, chunk by chunk.

    Returns ``rank_counts`` (n, n) int64, how many weight vectors gave candidate i rank
    r+1, and ``central_sums`` (n, c), the sum of the weight vectors that put candidate i
    in the top ``top_k``. Equal scores are ordered by row. Plain arrays, no checks.
    The full rank acceptability table: quadratic in candidates, so only for
    :attr:`Acceptability.rank_acceptability`; :func:`smaa_summary` is the hot path.
    """
    weights = np.asarray(weights, dtype=float)
    scaled, copies, bits = _prepare(values)
    n, c = values.shape
    width = 1 << bits
    rank_counts = np.zeros(n * width, dtype=np.int64)
    central_sums = np.zeros((n, c))
    positions = np.arange(n, dtype=np.int64)
    buffers = _buffers(min(chunk, len(weights)), n)
    for start in range(0, len(weights), chunk):
        block = weights[start : start + chunk]
        order = _sorted_keys(scaled, block, copies, bits, buffers)  # (s, n) candidate at each rank
        top = order[:, :top_k].ravel()
        for j in range(c):
            central_sums[:, j] += np.bincount(top, weights=np.repeat(block[:, j], top_k), minlength=n)
        order <<= bits
        order |= positions
        rank_counts += np.bincount(order.ravel(), minlength=n * width)
    return rank_counts.reshape(n, width)[:, :n], central_sums


TOP_K_CELLS = 80_000
"""Keys per chunk in :func:`smaa_top_k` (weight vectors x candidates): 640 KB of int64,
which stays in a core's cache through the key building and the partial sort. On the
shipped list (119 candidates) that is 672 weight vectors a chunk and 5.0 ms for 10,000,
against 6.3 ms with :data:`CHUNK`'s 1,000; 8.4 ms against 10.3 ms at 200 candidates."""


def smaa_top_k(values: np.ndarray, weights: np.ndarray, top_k: int, chunk: int | None = None) -> np.ndarray:
    """How many weight vectors put each candidate in the top ``top_k``: (n,) int64.

    :func:`smaa_summary`'s ``in_top`` alone, from the same keys (so the same numbers,
    ties included), without the rank store, the histograms or the central weights:
    what the Weigh page shows on every slider move. The keys are distinct (the position
    is in their low bits), so the ``top_k`` smallest are found by a partial sort
    (``np.partition``, introselect: linear per row) and are exactly the first ``top_k``
    of a full sort. (Dropping, chunk by chunk, the candidates whose best score cannot
    reach the top k was tried: on the shipped list it kept 71 of 119 and cost more than
    it saved.) Plain arrays, no checks.
    """
    weights = np.asarray(weights, dtype=float)
    scaled, copies, bits = _prepare(values)
    n = len(values)
    chunk = chunk or max(64, min(CHUNK, TOP_K_CELLS // max(n, 1)))
    in_top = np.zeros(n, dtype=np.int64)
    buffers = _buffers(min(chunk, len(weights)), n)
    mask = (1 << bits) - 1
    for start in range(0, len(weights), chunk):
        keys = _keys(scaled, weights[start : start + chunk], copies, bits, buffers)
        if top_k < n:
            keys.partition(top_k - 1, axis=1)
        top = keys[:, :top_k]
        top &= mask
        in_top += np.bincount(top.ravel(), minlength=n)
    return in_top


# ---------------------------------------------------------------- statistics


def wilson_interval(successes: np.ndarray, trials: int, z: float = _Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for binomial proportions (Wilson 1927); sound near 0 and 1."""
    p = np.asarray(successes, dtype=float) / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z / denom * np.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def rank_quantile(rank_counts: np.ndarray, q: float) -> np.ndarray:
    """The smallest rank whose cumulative share reaches ``q`` (inverted CDF), per row."""
    cumulative = np.cumsum(rank_counts, axis=1)
    total = cumulative[:, -1:]
    return (cumulative < q * total - 1e-9).sum(axis=1) + 1


def mc_error(samples: int) -> float:
    """Upper bound on the 95% Monte Carlo half-width of any acceptability: 0.98/sqrt(samples)."""
    return 1.96 * math.sqrt(0.25 / samples)


def classify(p_top_k: np.ndarray | Sequence[float], thresholds: tuple[float, float] = (0.9, 0.1)) -> list[str]:
    """The plain-English class of each top-k probability (``>= in``, ``<= out``)."""
    high, low = thresholds
    return [IN if p >= high else OUT if p <= low else CONTESTED for p in np.asarray(p_top_k, dtype=float)]


def check_thresholds(thresholds: object) -> tuple[float, float]:
    """(in, out) thresholds with 0 <= out < in <= 1."""
    try:
        high, low = (float(t) for t in thresholds)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise InputError(f"thresholds must be two numbers (in, out), e.g. (0.9, 0.1), not {thresholds!r}") from None
    if not (0 <= low < high <= 1):
        raise InputError(
            f"thresholds must satisfy 0 <= out < in <= 1 (e.g. in 0.9, out 0.1), got in {high:g}, out {low:g}"
        )
    return high, low


def _check_top_k(top_k: object, n: int) -> int:
    if isinstance(top_k, bool) or not isinstance(top_k, numbers.Integral) or not 1 <= int(top_k) <= n:
        raise InputError(f"top k (the set size) must be a whole number from 1 to {n} (the candidates), not {top_k!r}")
    return int(top_k)


def _member_weights(longlist: LongList, members: Mapping[str, Mapping[str, float]] | None) -> dict | None:
    if members is None:
        return None
    if not isinstance(members, Mapping) or not members:
        raise InputError("members sampling needs at least one member's weights")
    out = {}
    for name, weights in members.items():
        try:
            out[str(name)] = normalise_weights(longlist.criteria, weights)
        except InputError as exc:
            raise InputError(f"member '{name}': {exc}") from None
    return out


# ---------------------------------------------------------------- entry point


def acceptability(
    longlist: LongList,
    audience: str,
    weights: Mapping[str, float] | None = None,
    *,
    sampling: str = "simplex",
    samples: int = 10_000,
    top_k: int = 12,
    seed: int = 0,
    spread: float = 0.1,
    order: Sequence[Sequence[str]] | None = None,
    members: Mapping[str, Mapping[str, float]] | None = None,
    thresholds: tuple[float, float] = (0.9, 0.1),
    central_min_samples: int = 100,
) -> Acceptability:
    """SMAA-2 acceptability of every candidate being in the top ``top_k``.

    ``weights`` are the current weights (normalised; criteria not named keep their
    defaults): the centre for ``around`` sampling, the order of importance for ``order``
    sampling when ``order`` is not given, and the ``rank_now`` column. ``members`` maps
    each member to their weights (normalised the same way). See the module docstring for
    the statistics and :mod:`pmf_select.ranking.sampling` for the samplers. Results are the same
    for the same arguments and seed. Bad arguments raise :class:`InputError`.
    """
    high, low = check_thresholds(thresholds)
    if isinstance(central_min_samples, bool) or not isinstance(central_min_samples, numbers.Integral):
        raise InputError(f"central_min_samples must be a whole number, not {central_min_samples!r}")
    drawn = _draw(longlist, audience, weights, sampling, samples, top_k, seed, spread, order, members)
    n, keys, current, values, by_id = len(longlist), longlist.criteria.keys, drawn.current, drawn.values, drawn.by_id
    samples, top_k = drawn.samples, drawn.top_k
    in_top, central_sums, (p05, median, p95) = smaa_summary(values, drawn.weights, top_k)
    now = rank_scores(wsm_kernel(values, np.array([current[k] for k in keys])))

    p_top = in_top / samples
    p_low, p_high = wilson_interval(in_top, samples)
    with np.errstate(invalid="ignore", divide="ignore"):
        central = central_sums / in_top[:, None]
    central[in_top < central_min_samples] = np.nan

    frame = longlist.frame.iloc[by_id]
    table = pd.DataFrame(
        {
            "id": frame["id"].astype(str).to_numpy(),
            "name": frame["name"].astype(str).to_numpy(),
            "service_area": frame["service_area"].astype(str).to_numpy(),
            "p_top_k": p_top,
            "median_rank": median,
            "rank_p05": p05,
            "rank_p95": p95,
            "class": classify(p_top, (high, low)),
            "p_top_k_low": p_low,
            "p_top_k_high": p_high,
            "rank_now": now,
        }
    )
    table["_pos"] = np.arange(n)
    table = table.sort_values(["p_top_k", "median_rank", "_pos"], ascending=[False, True, True], kind="stable")
    shown = table.pop("_pos").to_numpy()
    table = table.reset_index(drop=True)
    index = pd.Index(table["id"].tolist(), name="id")
    central_weights = pd.DataFrame(central[shown], index=index, columns=pd.Index(keys, name="criterion"))
    return Acceptability(
        table=table,
        central_weights=central_weights,
        samples=samples,
        seed=drawn.seed,
        sampling=sampling,
        top_k=top_k,
        mc_error=mc_error(samples),
        audience=audience,
        weights=current,
        spread=drawn.spread,
        order=drawn.order,
        thresholds=(high, low),
        central_min_samples=int(central_min_samples),
        members=drawn.members,
        _rank_inputs=(values, drawn.weights, shown, index),
    )


class _Drawn(NamedTuple):
    """Checked arguments, the weight draws and the value matrix (candidates in id order)."""

    weights: np.ndarray
    values: np.ndarray
    by_id: np.ndarray
    current: dict[str, float]
    samples: int
    seed: int
    spread: float
    top_k: int
    order: list[list[str]] | None
    members: dict | None


def _draw(longlist, audience, weights, sampling, samples, top_k, seed, spread, order, members) -> _Drawn:
    """Check the arguments shared by :func:`acceptability` and :func:`top_k_shares`; draw."""
    criteria = longlist.criteria
    criteria.audience(audience)
    if sampling not in SAMPLINGS:
        raise InputError(f"unknown sampling '{sampling}': expected one of {', '.join(SAMPLINGS)}")
    samples = check_samples(samples)
    seed = check_seed(seed)
    spread = check_spread(spread)
    n = len(longlist)
    top_k = _check_top_k(top_k, n)
    current = normalise_weights(criteria, weights)
    keys = criteria.keys
    used_order = None
    if sampling == "order":
        used_order = normalise_order(order, keys) if order is not None else order_from_weights(current, keys)
    used_members = _member_weights(longlist, members) if sampling == "members" else None
    if sampling == "members" and used_members is None:
        raise InputError("members sampling needs at least one member's weights")
    drawn = sample_weights(
        sampling, keys, samples, seed, center=current, spread=spread, order=used_order, members=used_members
    )
    # candidates in id order, so that ties (broken by position) are broken by id
    ids = np.array(longlist.ids, dtype=object)
    by_id = np.array(sorted(range(n), key=lambda i: ids[i]), dtype=int)
    values = longlist.value_matrix(audience).to_numpy(dtype=float)[by_id]
    return _Drawn(drawn, values, by_id, current, samples, seed, spread, top_k, used_order, used_members)


@dataclass(frozen=True, eq=False)
class TopKShares:
    """How often each candidate makes the top k over sampled weights, and nothing else.

    ``p_top_k``: a Series indexed by id (id order), the share of weightings putting
    each candidate in the top k: exactly :class:`Acceptability`'s ``p_top_k`` for the
    same arguments. The other fields are as there, so :func:`describe_settings` reads
    either.
    """

    p_top_k: pd.Series
    samples: int
    seed: int
    sampling: str
    top_k: int
    mc_error: float
    audience: str
    weights: dict[str, float]
    spread: float
    order: list[list[str]] | None
    members: dict[str, dict[str, float]] | None = field(default=None, repr=False)


def top_k_shares(
    longlist: LongList,
    audience: str,
    weights: Mapping[str, float] | None = None,
    *,
    sampling: str = "simplex",
    samples: int = 10_000,
    top_k: int = 12,
    seed: int = 0,
    spread: float = 0.1,
    order: Sequence[Sequence[str]] | None = None,
    members: Mapping[str, Mapping[str, float]] | None = None,
) -> TopKShares:
    """:func:`acceptability`'s top-k shares alone, for a page redrawn on every slider move.

    The same draws and the same counts (:func:`smaa_top_k`), so the same numbers, but
    none of the rank intervals, central weights or table, which the Weigh page does not
    show: about half the work (issue 18, benchmarks/bench_browser.py).
    """
    drawn = _draw(longlist, audience, weights, sampling, samples, top_k, seed, spread, order, members)
    in_top = smaa_top_k(drawn.values, drawn.weights, drawn.top_k)
    ids = [longlist.ids[i] for i in drawn.by_id]
    return TopKShares(
        p_top_k=pd.Series(in_top / drawn.samples, index=pd.Index(ids, name="id"), name="p_top_k"),
        samples=drawn.samples,
        seed=drawn.seed,
        sampling=sampling,
        top_k=drawn.top_k,
        mc_error=mc_error(drawn.samples),
        audience=audience,
        weights=drawn.current,
        spread=drawn.spread,
        order=drawn.order,
        members=drawn.members,
    )


# ---------------------------------------------------------------- words and files


def describe_settings(result: Acceptability | TopKShares) -> str:
    """One sentence stating how the result was made, for the page, the CLI and exports."""
    how = SAMPLING_LABELS[result.sampling]
    if result.sampling == "around":
        how += f" (each weight within +-{result.spread * 100:g} points)"
    elif result.sampling == "order" and result.order:
        how += " (" + " > ".join(" = ".join(g) for g in result.order) + ")"
    elif result.sampling == "members" and result.members:
        how += f" ({len(result.members)} members)"
    return (
        f"Top {result.top_k} for audience '{result.audience}', weighted sum. "
        f"Sampling: {result.sampling}, {how}; {result.samples:,} samples, seed {result.seed}. "
        f"Monte Carlo error: at most +-{result.mc_error:.3f} on each probability (95%)."
    )


def output_table(result: Acceptability) -> pd.DataFrame:
    """The table with exactly :data:`OUTPUT_COLUMNS` (the CLI's and the download's)."""
    return result.table.loc[:, list(OUTPUT_COLUMNS)].copy()


__all__ = [
    "CLASSES",
    "CONTESTED",
    "IN",
    "OUT",
    "OUTPUT_COLUMNS",
    "SAMPLINGS",
    "TABLE_COLUMNS",
    "Acceptability",
    "SmaaSummary",
    "TopKShares",
    "acceptability",
    "check_thresholds",
    "classify",
    "describe_settings",
    "mc_error",
    "output_table",
    "rank_quantile",
    "smaa_counts",
    "smaa_summary",
    "smaa_top_k",
    "top_k_shares",
    "wilson_interval",
    "wsm_ranks",
]
