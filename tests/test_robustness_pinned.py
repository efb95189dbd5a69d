"""Robustness results pinned to the implementation before issue 18's speed-up.

Issue 18 rewrote the SMAA kernel to be linear in candidates (no n x n count table on
the hot path). Its results must be *identical* to the old kernel's for the same seed,
ties included. Two guards:

- ``EXPECTED``: SHA-256 fingerprints of every output (table columns, rank
  acceptability, central weights) computed with the old implementation (commit
  c8859c8) for several lists (with exact ties between identical rows and between
  different rows), samplings, seeds and sizes that cross the chunk boundaries;
- ``old_smaa_counts``: the old kernel itself, kept here as a slow reference, compared
  count for count with today's statistics on random inputs.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pmf_select.longlist import LongList, load_criteria, load_longlist, parse_criteria
from pmf_select.ranking import acceptability, rank_quantile, robustness, sample_weights
from pmf_select.ranking.robustness import smaa_summary

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = load_criteria()
TWO = parse_criteria({"criterion": [{"key": "x", "scale": [0, 1]}, {"key": "y", "scale": [0, 1]}]}, "two.toml")


# ---------------------------------------------------------------- the old kernel (reference)


def old_smaa_counts(values: np.ndarray, weights: np.ndarray, top_k: int, chunk: int = 1_000):
    """The pre-issue-18 kernel, verbatim in effect: full (n, n) rank counts."""
    values = np.ascontiguousarray(values, dtype=float)
    _, first, inverse = np.unique(values, axis=0, return_index=True, return_inverse=True)
    sources = first[inverse.reshape(-1)]
    targets = np.flatnonzero(sources != np.arange(len(values)))
    bits = max(1, int(math.ceil(math.log2(max(len(values), 2)))))
    scaled = np.ascontiguousarray(-(10.0**12) * values)
    n, c = values.shape
    width = 1 << bits
    rank_counts = np.zeros(n * width, dtype=np.int64)
    central_sums = np.zeros((n, c))
    positions = np.arange(n, dtype=np.int64)
    for start in range(0, len(weights), chunk):
        block = weights[start : start + chunk]
        scores = np.empty((len(block), n))
        for s in range(0, len(block), 256):
            np.matmul(block[s : s + 256], scaled.T, out=scores[s : s + 256])
        if len(targets):
            scores[:, targets] = scores[:, sources[targets]]
        np.rint(scores, out=scores)
        keys = scores.astype(np.int64)
        keys <<= bits
        keys |= positions
        keys.sort(axis=1)
        keys &= width - 1
        top = keys[:, :top_k].ravel()
        for j in range(c):
            central_sums[:, j] += np.bincount(top, weights=np.repeat(block[:, j], top_k), minlength=n)
        keys <<= bits
        keys |= positions
        rank_counts += np.bincount(keys.ravel(), minlength=n * width)
    return rank_counts.reshape(n, width)[:, :n], central_sums


# ---------------------------------------------------------------- lists


def _frame(values: np.ndarray, criteria, ids=None) -> LongList:
    n = len(values)
    ids = ids or [f"K{i:03d}" for i in range(n)]
    frame = pd.DataFrame(
        {
            "id": ids,
            "name": [f"Indicator {i}" for i in ids],
            "service_area": [f"Area {i % 4}" for i in range(n)],
            "definition": "d",
            "rationale": "r",
        },
        dtype=object,
    )
    for j, column in enumerate(criteria.score_columns()):
        frame[column] = values[:, j]
    return LongList(frame, criteria, "test")


def grid_two(n: int = 40, seed: int = 3) -> LongList:
    """Two criteria on a 0, 0.5, 1 grid: identical rows and different rows that tie
    exactly under equal weights; ids shuffled so file order is not id order."""
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 3, (n, 2)) / 2
    ids = [f"K{i:03d}" for i in rng.permutation(n)]
    return _frame(values, TWO, ids)


def synthetic(n: int, seed: int = 5) -> LongList:
    """``n`` candidates with whole 0-5 scores on the shipped criteria (many repeats)."""
    rng = np.random.default_rng(seed)
    columns = SHIPPED.score_columns()
    return _frame(rng.integers(0, 6, (n, len(columns))).astype(float), SHIPPED)


LISTS = {
    # the long list as it was when these results were pinned (version 1, 103 rows)
    "shipped": lambda: load_longlist(ROOT / "tests" / "fixtures" / "longlist_v1_2018-01.csv"),
    "grid40": grid_two,
    "synthetic300": lambda: synthetic(300),
}

MEMBERS_TWO = {"a": {"x": 1, "y": 1}, "b": {"x": 3, "y": 1}, "c": {"x": 1, "y": 1}}

CASES = [
    ("shipped", "scrutiny", "simplex", 0, 12, 3_000, None),
    ("shipped", "scrutiny", "simplex", 7, 12, 2_500, None),
    ("shipped", "scrutiny", "around", 1, 8, 2_000, None),
    ("shipped", "scrutiny", "order", 2, 12, 2_000, None),
    ("grid40", None, "simplex", 0, 5, 2_500, None),
    ("grid40", None, "members", 4, 6, 1_500, MEMBERS_TWO),
    ("grid40", None, "around", 9, 1, 1_200, None),
    ("synthetic300", "scrutiny", "simplex", 3, 12, 2_200, None),
    ("synthetic300", "scrutiny", "order", 5, 20, 1_000, None),
]


def run_case(case) -> object:
    name, audience, sampling, seed, k, samples, members = case
    longlist = LISTS[name]()
    audience = audience or longlist.criteria.audience_keys[0]
    return acceptability(longlist, audience, sampling=sampling, seed=seed, top_k=k, samples=samples, members=members)


def fingerprint(result) -> dict[str, str]:
    """SHA-256 of each output: exact bits for floats, text for the rest."""

    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()[:20]

    table = result.table
    out = {}
    for column in table.columns:
        series = table[column]
        if series.dtype.kind in "fiu":
            out[column] = digest(np.ascontiguousarray(series.to_numpy(dtype=float)).tobytes())
        else:
            out[column] = digest(json.dumps([str(v) for v in series]).encode())
    out["rank_acceptability"] = digest(np.ascontiguousarray(result.rank_acceptability.to_numpy()).tobytes())
    out["rank_acceptability_index"] = digest(json.dumps(list(map(str, result.rank_acceptability.index))).encode())
    out["central_weights"] = digest(np.ascontiguousarray(result.central_weights.to_numpy()).tobytes())
    return out


# computed with the old implementation (commit c8859c8), before any change
EXPECTED: dict[str, dict[str, str]] = {
    "shipped|scrutiny|simplex|0|12|3000": {
        "id": "dffce01a24a48090c0ce",
        "name": "eba02d005accf375307d",
        "service_area": "1d588fb9e1ff19774356",
        "p_top_k": "b43ada89646fe5ad8ccf",
        "median_rank": "2c2ca72a19f4dbf771de",
        "rank_p05": "f4a6f87edf3e736ecd5b",
        "rank_p95": "c44be83ab4adb8aad88d",
        "class": "317fffab6c3d98f9782e",
        "p_top_k_low": "386c5d3307d1b66bb2fb",
        "p_top_k_high": "387e6ba50fdac5449a16",
        "rank_now": "9a8a383259a2380ee3d3",
        "rank_acceptability": "a65200da8e1dfa6a62cb",
        "rank_acceptability_index": "dffce01a24a48090c0ce",
        "central_weights": "06a0dd0104fd29fa2e3c",
    },
    "shipped|scrutiny|simplex|7|12|2500": {
        "id": "b92be392a56d49fa93f4",
        "name": "22b234abcfcb88529bd9",
        "service_area": "5227c1785ac7938bc703",
        "p_top_k": "c5ee13f8cc4a812cb4f8",
        "median_rank": "290e91e2167a52456165",
        "rank_p05": "398c6f182b142b97fb64",
        "rank_p95": "f1cdb9c87f4648d73846",
        "class": "317fffab6c3d98f9782e",
        "p_top_k_low": "4a320f77c40ee0a48d0a",
        "p_top_k_high": "585cd66665cbe3ffdc0a",
        "rank_now": "03b4e77ce54ab586be84",
        "rank_acceptability": "080879b1b8fe467b43e4",
        "rank_acceptability_index": "b92be392a56d49fa93f4",
        "central_weights": "2b87e67a114e8f4960da",
    },
    "shipped|scrutiny|around|1|8|2000": {
        "id": "ce9f8c4c1052d066cf2f",
        "name": "f3d087d54adc674e1bcb",
        "service_area": "643496814b21a93ada65",
        "p_top_k": "d4e63cce29905623c599",
        "median_rank": "01127c28ed73d59e4eeb",
        "rank_p05": "721771c437f3e4ebee7b",
        "rank_p95": "fc8e99a29983c2906e60",
        "class": "80082e0ce5e25e8efd3f",
        "p_top_k_low": "d3b925bda5c7e77151cd",
        "p_top_k_high": "a3b8b5d33c44368b944c",
        "rank_now": "01cd1e50fa90b1993459",
        "rank_acceptability": "61202643165ef57f1719",
        "rank_acceptability_index": "ce9f8c4c1052d066cf2f",
        "central_weights": "9c4b113cc87ac98d8c6d",
    },
    "shipped|scrutiny|order|2|12|2000": {
        "id": "b5201b434818306a69fe",
        "name": "3f466f9da4ef83ba1ba5",
        "service_area": "56f72477f35803a53dcd",
        "p_top_k": "8090a0525cc1bb5fd5b5",
        "median_rank": "f78b946f5df980041960",
        "rank_p05": "ec8628e4865910145623",
        "rank_p95": "101fcf2dd9f2854f9a0c",
        "class": "01ec94caa893301f6ecc",
        "p_top_k_low": "b6abcb878c29c27a0821",
        "p_top_k_high": "9bce2cd6a4b7f2287d90",
        "rank_now": "051f13147eed074ca055",
        "rank_acceptability": "f7e34c83d80a1270799a",
        "rank_acceptability_index": "b5201b434818306a69fe",
        "central_weights": "3f62cf772df3f05141a6",
    },
    "grid40|None|simplex|0|5|2500": {
        "id": "af23269035d214cd8137",
        "name": "86eb24a04f9bc559c8ca",
        "service_area": "943223adef62ddd55819",
        "p_top_k": "5200a2568d5dd0ce85e0",
        "median_rank": "40b1eca220f9fd489c39",
        "rank_p05": "e83325cd361daf7be929",
        "rank_p95": "a013c40c8114fff9c14e",
        "class": "000afe5533e909d38851",
        "p_top_k_low": "05ebab243dacd4d965dc",
        "p_top_k_high": "0703a0daf4c58722aaa4",
        "rank_now": "793194d28e2164b0ca4c",
        "rank_acceptability": "068e4787c7b48035e464",
        "rank_acceptability_index": "af23269035d214cd8137",
        "central_weights": "dfe90989da26b45bc52a",
    },
    "grid40|None|members|4|6|1500": {
        "id": "9571691dc77181667dcf",
        "name": "7833a87cf8a9854f7604",
        "service_area": "d53c59dc2530402b567e",
        "p_top_k": "a02aca060e983c3b3280",
        "median_rank": "c4d13da0608341a82e16",
        "rank_p05": "8e5518cb10cc89e2a1bb",
        "rank_p95": "fb3e00e62b338030a0f8",
        "class": "447c68a9c88cbd97b6de",
        "p_top_k_low": "4197c28766991acf85e8",
        "p_top_k_high": "4a926e2b568b4158d7c5",
        "rank_now": "6ca632aae2c04141b920",
        "rank_acceptability": "cc4c596362ca4883cd4b",
        "rank_acceptability_index": "9571691dc77181667dcf",
        "central_weights": "484e1344b65aad6bdc6b",
    },
    "grid40|None|around|9|1|1200": {
        "id": "5666d510a3ff4dfd7a1c",
        "name": "7f7931ec25c6ce4f1913",
        "service_area": "642bccc9182b3d5bd56a",
        "p_top_k": "b005e4b689b0326c2767",
        "median_rank": "2ad9af42a5b03edd6c1e",
        "rank_p05": "32d1ce9217c3f4ccb404",
        "rank_p95": "ddf3b0b0af36e38dd151",
        "class": "ac9d9d57f598753b4235",
        "p_top_k_low": "a8068479c00657769f94",
        "p_top_k_high": "fdfe500bd38485471ad1",
        "rank_now": "793194d28e2164b0ca4c",
        "rank_acceptability": "6276fa2f144a77e97964",
        "rank_acceptability_index": "5666d510a3ff4dfd7a1c",
        "central_weights": "71e81f8b00248e45c860",
    },
    "synthetic300|scrutiny|simplex|3|12|2200": {
        "id": "ae5782acd86c07898d8b",
        "name": "d9259842647f4697a586",
        "service_area": "bd904d04a69d364035e8",
        "p_top_k": "468a56d168ebe64a28e4",
        "median_rank": "6796867f02ee876c266e",
        "rank_p05": "54fdca1dee845597f782",
        "rank_p95": "9d82095ffacb49a1af61",
        "class": "e3085a30d3938a635357",
        "p_top_k_low": "05595b02680fb3254ff1",
        "p_top_k_high": "11bae58e387cf1c0f07f",
        "rank_now": "3768333e467f56a63368",
        "rank_acceptability": "8b030d9e790797c24c53",
        "rank_acceptability_index": "ae5782acd86c07898d8b",
        "central_weights": "108553c41db8d05e3573",
    },
    "synthetic300|scrutiny|order|5|20|1000": {
        "id": "61c904fd9bda150dd3cd",
        "name": "17c2576ffcf6c6149fa0",
        "service_area": "d0ab2f78cc1f1c9ff898",
        "p_top_k": "b4508a08d0e6c56e83c8",
        "median_rank": "d776638902b7f3497283",
        "rank_p05": "b6b76e4f67e9fde5adeb",
        "rank_p95": "175d879ac59558bb3469",
        "class": "7e6cfcffce5fec485594",
        "p_top_k_low": "44b364e8d5dc1da8a91a",
        "p_top_k_high": "b19de77a6e66053be27e",
        "rank_now": "f1e478389fc036336bbd",
        "rank_acceptability": "a416007596d1254742e0",
        "rank_acceptability_index": "61c904fd9bda150dd3cd",
        "central_weights": "2c95a0d4abbd8560bb2f",
    },
}


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[0]}-{c[2]}-seed{c[3]}-k{c[4]}-{c[5]}")
@pytest.mark.parametrize("threads", ["one thread", "two threads"])
def test_results_identical_to_the_old_implementation(case, threads, monkeypatch):
    if threads == "two threads":
        monkeypatch.setattr(robustness, "THREAD_CELLS", 0)  # split every chunk, as on large lists
    key = "|".join(map(str, case[:6]))
    assert fingerprint(run_case(case)) == EXPECTED[key]


@pytest.mark.parametrize("n, samples, k, seed", [(7, 900, 3, 0), (60, 2_345, 10, 1), (513, 1_100, 25, 2)])
def test_summary_matches_the_old_kernel_count_for_count(n, samples, k, seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 4, (n, 3)) / 3  # coarse: many exact ties
    weights = sample_weights("simplex", ["a", "b", "c"], samples, seed)
    weights[::7] = weights[0]  # repeated weight vectors
    counts, central = old_smaa_counts(values, weights, k)
    summary = smaa_summary(values, weights, k)
    np.testing.assert_array_equal(summary.in_top, counts[:, :k].sum(axis=1))
    np.testing.assert_array_equal(summary.central_sums, central)
    for q, got in zip((0.05, 0.5, 0.95), summary.quantiles, strict=True):
        np.testing.assert_array_equal(got, rank_quantile(counts, q))


def test_a_store_too_small_for_the_run_folds_into_histograms_with_the_same_result():
    rng = np.random.default_rng(11)
    values = rng.integers(0, 3, (50, 2)) / 2
    weights = sample_weights("simplex", ["a", "b"], 3_333, 4)
    whole = smaa_summary(values, weights, 7)
    folded = smaa_summary(values, weights, 7, chunk=300, store_bytes=50 * 2 * 700)  # folds every 700 samples
    counts, _ = old_smaa_counts(values, weights, 7)
    for a, b, q in zip(whole.quantiles, folded.quantiles, (0.05, 0.5, 0.95), strict=True):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, rank_quantile(counts, q))
    np.testing.assert_array_equal(whole.in_top, folded.in_top)


@pytest.mark.parametrize("n, samples, k, seed", [(60, 2_345, 10, 1), (513, 1_100, 25, 2), (2_000, 1_500, 12, 3)])
def test_rows_sorted_on_two_threads_give_the_same_numbers(monkeypatch, n, samples, k, seed):
    """The chunk split over two threads (large lists) changes no count and no float sum."""
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 4, (n, 3)) / 3
    weights = sample_weights("simplex", ["a", "b", "c"], samples, seed)
    weights[::7] = weights[0]
    counts, central = old_smaa_counts(values, weights, k)
    monkeypatch.setattr(robustness, "THREAD_CELLS", 0)  # every chunk split, whatever its size
    summary = smaa_summary(values, weights, k)
    np.testing.assert_array_equal(summary.in_top, counts[:, :k].sum(axis=1))
    np.testing.assert_array_equal(summary.central_sums, central)
    for q, got in zip((0.05, 0.5, 0.95), summary.quantiles, strict=True):
        np.testing.assert_array_equal(got, rank_quantile(counts, q))
    folded = smaa_summary(values, weights, k, chunk=300, store_bytes=n * 2 * 700)  # and folding as it fills
    for a, b in zip(summary.quantiles, folded.quantiles, strict=True):
        np.testing.assert_array_equal(a, b)
