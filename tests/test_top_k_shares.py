"""The Weigh page's top-k shares are exactly the full robustness run's, ties included."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pmf_select.errors import InputError
from pmf_select.longlist import load_longlist
from pmf_select.ranking import acceptability, describe_settings, top_k_shares
from pmf_select.ranking.robustness import smaa_summary, smaa_top_k

ROOT = Path(__file__).resolve().parents[1]
LONGLIST = load_longlist(ROOT / "candidates" / "longlist.csv")
MEMBERS = {  # two members whose weights tie several indicators exactly
    "Cllr A": {
        "rationale_strength": 50,
        "relevance": 50,
        "data_availability": 0,
        "comparability": 0,
        "perverse_incentive_risk": 0,
    },
    "Cllr B": {
        "rationale_strength": 0,
        "relevance": 0,
        "data_availability": 50,
        "comparability": 50,
        "perverse_incentive_risk": 0,
    },
}


@pytest.mark.parametrize(
    ("sampling", "extra"),
    [("around", {}), ("simplex", {}), ("order", {}), ("members", {"members": MEMBERS})],
)
@pytest.mark.parametrize("top_k", [1, 12, 40])
def test_shares_equal_the_full_runs_p_top_k(sampling, extra, top_k):
    weights = {"relevance": 40, "rationale_strength": 30}
    args = dict(sampling=sampling, samples=3_000, top_k=top_k, seed=7, **extra)
    full = acceptability(LONGLIST, "scrutiny", weights, **args).table.set_index("id")["p_top_k"]
    fast = top_k_shares(LONGLIST, "scrutiny", weights, **args)
    assert fast.p_top_k.to_dict() == full.to_dict()  # exact, not approximately
    assert fast.p_top_k.sum() == pytest.approx(top_k)
    assert describe_settings(fast) == describe_settings(acceptability(LONGLIST, "scrutiny", weights, **args))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_counts_equal_the_summarys_when_rows_repeat_and_tie(seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 3, size=(300, 3)).astype(float) / 2  # many identical rows
    weights = rng.dirichlet(np.ones(3), size=2_500)
    weights[::5] = [1 / 3, 1 / 3, 1 / 3]  # equal weights: different rows tie too
    for k in (1, 7, 150):
        assert np.array_equal(smaa_top_k(values, weights, k), smaa_summary(values, weights, k).in_top)


def test_bad_arguments_are_refused_as_by_the_full_run():
    with pytest.raises(InputError, match="top k"):
        top_k_shares(LONGLIST, "scrutiny", None, top_k=0)
    with pytest.raises(InputError, match="members sampling"):
        top_k_shares(LONGLIST, "scrutiny", None, sampling="members")


@pytest.mark.parametrize("n", [37, 119, 1_500])
def test_counts_do_not_depend_on_the_chunk_size(n):
    """``smaa_top_k`` sizes its chunks by candidates (``TOP_K_CELLS``); any chunk gives
    the same counts, ties included."""
    rng = np.random.default_rng(n)
    values = rng.integers(0, 6, size=(n, 5)).astype(float) / 5  # on the 0-5 scale: many ties
    weights = rng.dirichlet(np.ones(5), size=3_001)
    default = smaa_top_k(values, weights, 12)
    for chunk in (1, 64, 500, 1_000, 3_001):
        assert np.array_equal(smaa_top_k(values, weights, 12, chunk=chunk), default)
    assert default.sum() == 12 * 3_001
