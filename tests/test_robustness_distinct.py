"""Sorting only the distinct value rows (issue 18) gives the numbers of the full sort.

:func:`pmf_select.ranking.robustness.smaa_summary` ranks groups of identical rows
once per weight vector and expands them to their members; rows of samples where two
*different* groups tie in rounded score are ranked candidate by candidate instead.
Each test compares with the pre-issue-18 kernel (``old_smaa_counts``, the slow
reference in tests/test_robustness_pinned.py), count for count and float for float,
and checks that the path it means to test was taken.
"""

from __future__ import annotations

import numpy as np
import pytest

from pmf_select.ranking import rank_quantile, robustness, sample_weights
from pmf_select.ranking.robustness import smaa_summary
from pmf_select.ranking.sampling import uniform_in_intervals
from tests.test_robustness_pinned import old_smaa_counts

QUANTILES = (0.05, 0.5, 0.95)


def assert_same(values, weights, k, quantiles=QUANTILES, **kwargs):
    counts, central = old_smaa_counts(values, weights, k, chunk=kwargs.get("chunk", 1_000))  # sums chunk by chunk
    summary = smaa_summary(values, weights, k, quantiles=quantiles, **kwargs)
    np.testing.assert_array_equal(summary.in_top, counts[:, :k].sum(axis=1))
    np.testing.assert_array_equal(summary.central_sums, central)  # bit for bit, summation order kept
    for q, got in zip(quantiles, summary.quantiles, strict=True):
        np.testing.assert_array_equal(got, rank_quantile(counts, q))
    return summary


@pytest.fixture
def spy(monkeypatch):
    """Counts calls of the group path and of its per-candidate ranking of tied rows."""
    calls = {"groups": 0, "tied rows": 0}

    def wrap(name, key):
        original = getattr(robustness, name)

        def counted(*args, **kwargs):
            calls[key] += len(args[0]) if key == "tied rows" else 1
            return original(*args, **kwargs)

        monkeypatch.setattr(robustness, name, counted)

    wrap("_summary_by_groups", "groups")
    wrap("_tied_rows", "tied rows")
    return calls


def test_many_duplicate_rows_take_the_group_path(spy):
    rng = np.random.default_rng(1)
    values = rng.integers(0, 3, (300, 2)) / 2  # 9 distinct rows, groups of about 33
    weights = sample_weights("simplex", ["a", "b"], 2_500, 1)
    assert_same(values, weights, 12)
    assert spy["groups"] == 1
    assert spy["tied rows"] == 0  # continuous weights: different rows never tie


def test_different_rows_tying_exactly_interleave_by_position(spy, monkeypatch):
    """Rows (1, 0) and (0, 1) tie under equal weights: their members interleave by id."""
    monkeypatch.setattr(robustness, "TIE_SHARE", 1.0)  # the group path, however many samples tie
    values = np.array([[1, 0], [0, 1], [1, 0], [0, 1], [0.5, 0.5], [1, 0], [0, 0], [0, 1]] * 5, dtype=float)
    equal = np.full((700, 2), 0.5)
    unequal = sample_weights("simplex", ["a", "b"], 800, 3)
    weights = np.concatenate([equal, unequal])[np.random.default_rng(4).permutation(1_500)]  # mixed in chunks
    for k in (1, 3, 5, 12, 17):
        assert_same(values, weights, k)
    assert spy["tied rows"] == 5 * 700  # every equal-weight row, and only those, ranked one by one


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 6, 7, 9, 10])
def test_top_k_on_and_across_group_boundaries(k):
    """Groups of 3, 1, 3, 2, 1 identical rows: k falls inside a group and on its edges."""
    distinct = np.array([[1.0, 0.2], [0.8, 0.4], [0.3, 0.9], [0.6, 0.6], [0.0, 1.0]])
    values = distinct[[0, 2, 0, 1, 3, 2, 0, 4, 2, 3]]
    weights = sample_weights("simplex", ["a", "b"], 1_200, k)
    assert_same(values, weights, k)


@pytest.mark.parametrize("n", [255, 256, 257, 512, 513])
def test_position_bits_change_with_n_and_with_distinct_rows(n):
    """n and the number of distinct rows each cross a power of two (the key's position bits)."""
    rng = np.random.default_rng(n)
    distinct = rng.random((17, 3))  # 17 groups: 5 bits, where 16 would take 4
    values = distinct[np.concatenate([np.arange(17), rng.integers(0, 17, n - 17)])]
    weights = sample_weights("simplex", ["a", "b", "c"], 1_100, 2)
    weights[::5] = weights[1]  # repeated weight vectors
    assert_same(values, weights, 10)
    assert_same(values[:16], weights, 3)  # 16 groups, no duplicates: the full sort


@pytest.mark.parametrize("seed", range(4))
def test_random_lists_forced_through_the_group_path(monkeypatch, seed):
    """Whatever the share of distinct rows, folding and threads: the same numbers."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 400))
    c = int(rng.integers(1, 5))
    levels = int(rng.integers(2, 7))
    values = rng.integers(0, levels, (n, c)) / (levels - 1)
    members = sample_weights("simplex", list("abcd"[:c]), 4, seed)
    members[0] = 1 / c  # equal weights: rows such as (0, 1) and (1, 0) tie
    weights = np.concatenate(
        [sample_weights("simplex", list("abcd"[:c]), 1_300, seed), members[rng.integers(0, 2, 700)]]
    )
    weights = weights[rng.permutation(len(weights))]
    k = int(rng.integers(1, n + 1))
    monkeypatch.setattr(robustness, "DISTINCT_SHARE", 1.0)  # the group path even with no duplicates
    monkeypatch.setattr(robustness, "TIE_SHARE", 1.0)  # and however many samples tie
    whole = assert_same(values, weights, k)
    monkeypatch.setattr(robustness, "THREAD_CELLS", 0)  # every chunk split over two threads
    folded = assert_same(values, weights, k, chunk=300, store_bytes=(n + 1) * 2 * 450)  # folds as it fills
    for a, b in zip(whole.quantiles, folded.quantiles, strict=True):
        np.testing.assert_array_equal(a, b)


def test_quantiles_at_the_ends_of_the_distribution():
    """Shares of 0 and 1 (no shift shortcut: thresholds of 0 and of every sample)."""
    rng = np.random.default_rng(7)
    values = rng.integers(0, 3, (60, 2)) / 2
    weights = sample_weights("simplex", ["a", "b"], 999, 7)
    assert_same(values, weights, 5, quantiles=(0.0, 0.001, 0.5, 1.0))
    weights[1::20] = 0.5  # and with a few tied rows (5%: still the group path)
    assert_same(values, weights, 5, quantiles=(0.0, 0.001, 0.5, 1.0))


def test_a_single_group():
    values = np.ones((40, 3))
    weights = sample_weights("simplex", ["a", "b", "c"], 500, 0)
    summary = assert_same(values, weights, 7)
    np.testing.assert_array_equal(summary.quantiles[1], np.arange(1, 41))  # ranked by position every time


@pytest.mark.parametrize(
    "setting, value", [("BLAS_ELEMENTS", 10**12), ("BLAS_ELEMENTS", 1), ("_SORT_CELLS", 1), ("_SORT_CELLS", 10**9)]
)
def test_block_sizes_change_no_number(monkeypatch, setting, value):
    """One product per chunk or one row per product; one row per block or one block per chunk."""
    rng = np.random.default_rng(5)
    values = rng.integers(0, 3, (90, 3)) / 2
    weights = sample_weights("simplex", ["a", "b", "c"], 2_100, 5)
    weights[::4] = 1 / 3  # tied rows too
    monkeypatch.setattr(robustness, "TIE_SHARE", 1.0)
    monkeypatch.setattr(robustness, setting, value)
    assert_same(values, weights, 9)
    monkeypatch.setattr(robustness, "THREAD_CELLS", 0)
    assert_same(values, weights, 9)


def test_samples_that_mostly_tie_take_the_plain_sort(spy):
    """Members sampling with one weight fixed: (1, 1, 0, 1, 1) and (0.8, ...) tie every time."""
    rng = np.random.default_rng(8)
    values = rng.integers(0, 6, (400, 5)) / 5
    keys = list("abcde")
    members = np.array([[1, 2, 3, 4, 5], [5, 4, 3, 2, 1], [1, 1, 1, 1, 1]], dtype=float)
    members /= members.sum(axis=1, keepdims=True)  # all give the middle criterion 0.2
    weights = uniform_in_intervals(np.random.default_rng(1), 1_500, members.min(0), members.max(0))
    assert robustness._tie_share(values, weights, robustness._groups(values)) == 1.0
    assert_same(values, weights, 12)
    assert spy["groups"] == 0
    weights[::30] = sample_weights("simplex", keys, 50, 2)  # a few untied draws change nothing
    assert_same(values, weights, 12)
    assert spy["groups"] == 0
