"""Robustness (SMAA-2): closed-form answers, exact counting, scikit-criteria agreement, seeds."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import skcriteria as skc
from skcriteria.agg.simple import WeightedSumModel

from pmf_select.errors import InputError
from pmf_select.longlist import LongList, load_criteria, load_longlist, parse_criteria, parse_longlist
from pmf_select.ranking import (
    CLASSES,
    CONTESTED,
    IN,
    OUT,
    OUTPUT_COLUMNS,
    TABLE_COLUMNS,
    acceptability,
    classify,
    describe_settings,
    mc_error,
    rank_quantile,
    sample_weights,
    smaa_counts,
    wilson_interval,
    wsm_ranks,
)
from pmf_select.record import acceptability_to_csv_bytes

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = load_criteria()
TWO = parse_criteria({"criterion": [{"key": "x", "scale": [0, 1]}, {"key": "y", "scale": [0, 1]}]}, "two.toml")


def make_longlist(values, ids=None, criteria=TWO, names=None, areas=None) -> LongList:
    """A long list straight from a value table (one column per score column)."""
    values = np.asarray(values, dtype=float)
    n = len(values)
    ids = ids or [f"K{i:02d}" for i in range(n)]
    frame = pd.DataFrame(
        {
            "id": ids,
            "name": names or [f"Indicator {i}" for i in ids],
            "service_area": areas or [f"Area {i % 3}" for i in range(n)],
            "definition": "d",
            "rationale": "r",
        },
        dtype=object,
    )
    columns = criteria.score_columns()
    assert values.shape[1] == len(columns), f"need {len(columns)} score columns"
    for j, column in enumerate(columns):
        frame[column] = values[:, j]
    return LongList(frame, criteria, "test")


def shipped_like(n: int, seed: int = 0) -> LongList:
    """n candidates on the shipped criteria with random whole-number scores."""
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 6, (n, len(SHIPPED.score_columns())))
    return make_longlist(scores, criteria=SHIPPED)


ANALYTIC = make_longlist([[1.0, 0.0], [0.0, 1.0], [0.6, 0.6]], ids=["A", "B", "C"])


# ---------------------------------------------------------------- closed form (mcda-notes 3.8)


def test_rank_acceptability_matches_the_closed_form():
    """A=(1,0), B=(0,1), C=(.6,.6), uniform weights: b_A=b_B=(.4,.1,.5), b_C=(.2,.8,0)."""
    result = acceptability(ANALYTIC, "all", samples=10_000, top_k=1, seed=0)
    b = result.rank_acceptability
    np.testing.assert_allclose(b.loc["A"].to_numpy(), [0.4, 0.1, 0.5], atol=0.02)
    np.testing.assert_allclose(b.loc["B"].to_numpy(), [0.4, 0.1, 0.5], atol=0.02)
    np.testing.assert_allclose(b.loc["C"].to_numpy(), [0.2, 0.8, 0.0], atol=0.02)
    assert b.loc["C", 3] == 0  # C is never last: exactly, not approximately


def test_central_weights_match_the_closed_form():
    result = acceptability(ANALYTIC, "all", samples=10_000, top_k=1, seed=0)
    cw = result.central_weights
    np.testing.assert_allclose(cw.loc["A"].to_numpy(), [0.8, 0.2], atol=0.02)
    np.testing.assert_allclose(cw.loc["B"].to_numpy(), [0.2, 0.8], atol=0.02)
    np.testing.assert_allclose(cw.loc["C"].to_numpy(), [0.5, 0.5], atol=0.02)


def test_top_two_in_the_closed_form_case():
    """C is first or second under every weighting; A is in the top two iff w_x > 1/2."""
    result = acceptability(ANALYTIC, "all", samples=10_000, top_k=2, seed=0)
    p = result.table.set_index("id")["p_top_k"]
    assert p["C"] == 1.0
    np.testing.assert_allclose([p["A"], p["B"]], [0.5, 0.5], atol=0.02)
    assert result.table.set_index("id").loc["C", "class"] == IN
    np.testing.assert_allclose(result.central_weights.loc["A"].to_numpy(), [0.75, 0.25], atol=0.02)


def test_mc_error_is_the_stated_bound_and_covers_the_observed_error():
    assert mc_error(10_000) == pytest.approx(0.0098)
    result = acceptability(ANALYTIC, "all", samples=10_000, top_k=1, seed=3)
    assert result.mc_error == pytest.approx(0.98 / math.sqrt(10_000))
    truth = {"A": 0.4, "B": 0.4, "C": 0.2}
    for row in result.table.itertuples():
        assert abs(row.p_top_k - truth[row.id]) <= 2 * result.mc_error
        assert row.p_top_k_low <= truth[row.id] + 0.005 and truth[row.id] - 0.005 <= row.p_top_k_high


# ---------------------------------------------------------------- exact counting


@pytest.mark.parametrize("sampling", ["simplex", "around", "order", "members"])
@pytest.mark.parametrize("top_k", [1, 5, 12])
def test_top_k_probabilities_sum_to_k_and_ranks_form_a_distribution(sampling, top_k):
    longlist = shipped_like(30, seed=1)
    members = {"a": {"relevance": 5, "comparability": 0}, "b": {"rationale_strength": 1}}
    result = acceptability(longlist, "scrutiny", sampling=sampling, samples=2_000, top_k=top_k, seed=2, members=members)
    assert result.table["p_top_k"].sum() == pytest.approx(top_k, abs=1e-9)
    b = result.rank_acceptability
    np.testing.assert_allclose(b.sum(axis=1), 1.0)
    np.testing.assert_allclose(b.sum(axis=0), 1.0)  # every rank is held by exactly one candidate
    assert list(b.columns) == list(range(1, 31))


def test_counts_agree_with_a_plain_per_sample_loop():
    """The packed-key sort gives the same ranks as a stable argsort per sample, with ties by row."""
    rng = np.random.default_rng(5)
    values = rng.integers(0, 6, (40, 5)) / 5.0
    values[7] = values[3]  # identical candidates tie under every weighting
    weights = sample_weights("simplex", list("abcde"), 3_001, 6)
    counts, central = smaa_counts(values, weights, 6, chunk=1_000)
    expected_counts = np.zeros((40, 40), dtype=int)
    expected_central = np.zeros((40, 5))
    for w in weights:
        score = np.round(values @ w, 12)
        order = np.lexsort((np.arange(40), -score))  # by score, then by row
        expected_counts[order, np.arange(40)] += 1
        expected_central[order[:6]] += w
    np.testing.assert_array_equal(counts, expected_counts)
    np.testing.assert_allclose(central, expected_central)
    ranks = wsm_ranks(values, weights)
    np.testing.assert_array_equal(np.apply_along_axis(np.bincount, 0, ranks - 1, minlength=40), expected_counts.T)


def test_identical_candidates_tie_and_the_lower_id_ranks_first():
    values = [[0.2, 0.8], [0.2, 0.8], [0.9, 0.1], [0.5, 0.5]]
    longlist = make_longlist(values, ids=["Z9", "B1", "C1", "D1"])
    result = acceptability(longlist, "all", samples=5_000, top_k=1, seed=0)
    b = result.rank_acceptability
    assert b.loc["Z9", 1] == 0  # never first: B1 always takes the rank just above it
    np.testing.assert_allclose(b.loc["B1"].to_numpy()[:-1], b.loc["Z9"].to_numpy()[1:])


def test_dominated_and_dominating_candidates_are_certain():
    values = [[1.0, 1.0], [0.9, 0.2], [0.2, 0.9], [0.1, 0.1], [0.5, 0.5]]
    longlist = make_longlist(values, ids=["TOP", "X", "Y", "LOW", "MID"])
    result = acceptability(longlist, "all", samples=5_000, top_k=2, seed=0)
    table = result.table.set_index("id")
    assert table.loc["TOP", "p_top_k"] == 1 and table.loc["TOP", "median_rank"] == 1
    assert table.loc["TOP", ["rank_p05", "rank_p95"]].tolist() == [1, 1]
    assert table.loc["LOW", "p_top_k"] == 0 and table.loc["LOW", "class"] == OUT
    assert table.loc["LOW", "median_rank"] == 5
    assert np.isnan(result.central_weights.loc["LOW"]).all()


# ---------------------------------------------------------------- scikit-criteria cross-check


def test_rankings_identical_to_scikit_criteria_weighted_sum_on_sampled_weights():
    longlist = make_longlist(5 * np.random.default_rng(7).random((25, 10)), criteria=SHIPPED)
    values = longlist.value_matrix("executive")
    weights = sample_weights("simplex", list(values.columns), 200, 8)
    ours = wsm_ranks(values.to_numpy(), weights)
    model = WeightedSumModel()
    for i, w in enumerate(weights):
        dm = skc.mkdm(values.to_numpy(), [max] * values.shape[1], weights=w, alternatives=list(values.index))
        np.testing.assert_array_equal(ours[i], model.evaluate(dm).rank_)


def test_top_k_shares_equal_counting_scikit_criteria_rankings():
    longlist = make_longlist(5 * np.random.default_rng(9).random((15, 10)), criteria=SHIPPED)
    result = acceptability(longlist, "scrutiny", samples=300, top_k=4, seed=10)
    drawn = sample_weights("simplex", SHIPPED.keys, 300, 10)
    values = longlist.value_matrix("scrutiny").to_numpy()
    in_top = np.zeros(15)
    for w in drawn:
        in_top += WeightedSumModel().evaluate(skc.mkdm(values, [max] * 5, weights=w)).rank_ <= 4
    expected = pd.Series(in_top / 300, index=longlist.ids)
    got = result.table.set_index("id")["p_top_k"]
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False)


# ---------------------------------------------------------------- consistency with scoring


def test_spread_zero_reproduces_the_ranking_at_the_current_weights():
    from pmf_select.ranking import score

    longlist = shipped_like(40, seed=4)
    weights = {"rationale_strength": 40, "relevance": 30, "perverse_incentive_risk": 5}
    result = acceptability(longlist, "partners", weights, sampling="around", spread=0, samples=50, top_k=10)
    ranking = score(longlist, "partners", weights)
    strict_order = ranking.table["id"].tolist()  # rank, then id: the tie order
    assert set(result.table.loc[result.table["p_top_k"] == 1, "id"]) == set(strict_order[:10])
    assert result.table["p_top_k"].isin([0.0, 1.0]).all()
    now = result.table.set_index("id")["rank_now"]
    assert now.to_dict() == ranking.ranks.to_dict()
    assert result.weights == pytest.approx(ranking.weights)


# ---------------------------------------------------------------- seeds and settings


def test_same_seed_same_result_other_seed_other_result():
    longlist = shipped_like(60, seed=2)
    a = acceptability(longlist, "scrutiny", samples=3_000, seed=11)
    b = acceptability(longlist, "scrutiny", samples=3_000, seed=11)
    c = acceptability(longlist, "scrutiny", samples=3_000, seed=12)
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(a.rank_acceptability, b.rank_acceptability)
    pd.testing.assert_frame_equal(a.central_weights, b.central_weights)
    assert acceptability_to_csv_bytes(a) == acceptability_to_csv_bytes(b)
    assert not a.table["p_top_k"].equals(c.table.set_index("id").loc[a.table["id"], "p_top_k"].reset_index(drop=True))


def test_result_records_its_settings():
    longlist = shipped_like(20)
    result = acceptability(longlist, "regulator", {"relevance": 50}, sampling="order", samples=500, top_k=5, seed=7)
    assert (result.samples, result.seed, result.sampling, result.top_k, result.audience) == (
        500,
        7,
        "order",
        5,
        "regulator",
    )
    assert result.order[0] == ["relevance"]  # implied by the weights when no order is given
    assert result.settings()["order"] == result.order
    assert result.settings()["members"] is None
    text = describe_settings(result)
    assert "Sampling: order" in text and "500 samples, seed 7" in text and "+-0.044" in text
    assert "relevance > rationale_strength" in text


def test_table_columns_sort_and_classes():
    longlist = shipped_like(50, seed=3)
    result = acceptability(longlist, "scrutiny", samples=2_000, top_k=10, seed=1)
    table = result.table
    assert tuple(table.columns) == TABLE_COLUMNS
    assert tuple(table.columns[: len(OUTPUT_COLUMNS)]) == OUTPUT_COLUMNS
    assert table["p_top_k"].is_monotonic_decreasing
    assert set(table["class"]) <= set(CLASSES)
    assert (table["rank_p05"] <= table["median_rank"]).all() and (table["median_rank"] <= table["rank_p95"]).all()
    assert list(result.rank_acceptability.index) == table["id"].tolist()
    assert list(result.central_weights.index) == table["id"].tolist()
    assert list(result.central_weights.columns) == SHIPPED.keys
    assert sum(result.counts().values()) == 50
    shown = result.central_weights.dropna()
    np.testing.assert_allclose(shown.sum(axis=1), 1.0)


def test_central_weights_hidden_when_too_few_samples_back_them():
    longlist = shipped_like(50, seed=3)
    result = acceptability(longlist, "scrutiny", samples=2_000, top_k=10, seed=1, central_min_samples=300)
    in_top = result.table.set_index("id")["p_top_k"] * 2_000
    hidden = result.central_weights.isna().all(axis=1)
    assert (hidden == (in_top < 300)).all()
    assert hidden.any() and not hidden.all()


def test_classes_follow_configurable_thresholds():
    assert classify([0.9, 0.89, 0.5, 0.11, 0.1, 0.0]) == [IN, CONTESTED, CONTESTED, CONTESTED, OUT, OUT]
    assert classify([0.9, 0.8, 0.2], (0.8, 0.2)) == [IN, IN, OUT]
    result = acceptability(ANALYTIC, "all", samples=4_000, top_k=1, seed=0, thresholds=(0.35, 0.3))
    classes = result.table.set_index("id")["class"]
    assert classes["A"] == IN and classes["C"] == OUT


def test_everything_is_in_when_the_set_is_the_whole_list():
    result = acceptability(ANALYTIC, "all", samples=100, top_k=3)
    assert (result.table["class"] == IN).all() and (result.table["p_top_k"] == 1).all()


# ---------------------------------------------------------------- statistics helpers


def test_wilson_interval_known_values():
    low, high = wilson_interval(np.array([5, 0, 10]), 10)
    np.testing.assert_allclose(low, [0.2366, 0.0, 0.7225], atol=1e-4)
    np.testing.assert_allclose(high, [0.7634, 0.2775, 1.0], atol=1e-4)


def test_rank_quantiles_read_the_cumulative_distribution():
    counts = np.array([[10, 40, 40, 10], [0, 0, 50, 50], [100, 0, 0, 0]])
    assert rank_quantile(counts, 0.5).tolist() == [2, 3, 1]
    assert rank_quantile(counts, 0.05).tolist() == [1, 3, 1]
    assert rank_quantile(counts, 0.95).tolist() == [4, 4, 1]


# ---------------------------------------------------------------- files


def test_csv_has_exactly_the_output_columns_and_neutralised_text():
    longlist = make_longlist(
        [[0.9, 0.1], [0.2, 0.5], [0.4, 0.4]], ids=["A", "B", "C"], names=["=HYPERLINK(1)", "Plain", "+1 more"]
    )
    result = acceptability(longlist, "all", samples=1_000, top_k=2, seed=0)
    data = acceptability_to_csv_bytes(result)
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(pd.io.common.BytesIO(data), encoding="utf-8-sig")
    assert tuple(frame.columns) == OUTPUT_COLUMNS
    assert set(frame["name"]) == {"'=HYPERLINK(1)", "Plain", "'+1 more"}
    assert frame["p_top_k"].sum() == pytest.approx(2)


# ---------------------------------------------------------------- real long lists


def test_runs_on_the_sample_fixture_and_the_shipped_long_list():
    sample = load_longlist(ROOT / "tests" / "fixtures" / "sample_minimal.csv")
    result = acceptability(sample, "scrutiny", samples=1_000, top_k=2)
    assert result.table["p_top_k"].sum() == pytest.approx(2)
    shipped = ROOT / "candidates" / "longlist.csv"
    longlist = parse_longlist(shipped.read_bytes(), shipped.name)
    result = acceptability(longlist, "scrutiny", samples=2_000, top_k=12, seed=0)
    assert len(result.table) == len(longlist)
    assert result.table["p_top_k"].sum() == pytest.approx(12)
    assert set(result.table["class"]) <= set(CLASSES)


# ---------------------------------------------------------------- bad arguments


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"audience": "public"}, "unknown audience 'public'"),
        ({"sampling": "latin"}, "unknown sampling 'latin'"),
        ({"top_k": 0}, "top k \\(the set size\\) must be a whole number from 1 to 3"),
        ({"top_k": 4}, "from 1 to 3"),
        ({"top_k": 2.5}, "from 1 to 3"),
        ({"samples": 0}, "samples must be from 1"),
        ({"seed": -3}, "seed must be a whole number 0 or more"),
        ({"spread": 3}, "spread must be a number from 0 to 1"),
        ({"thresholds": (0.1, 0.9)}, "0 <= out < in <= 1"),
        ({"thresholds": (0.9,)}, "thresholds must be two numbers"),
        ({"weights": {"cost": 1}}, "unknown criterion 'cost'"),
        ({"weights": {"x": -1}}, "non-negative"),
        ({"sampling": "members"}, "needs at least one member"),
        ({"sampling": "members", "members": {"Cllr B": {"x": "a lot"}}}, "member 'Cllr B': weight for 'x'"),
        ({"sampling": "order", "order": ["x"]}, "y not placed"),
        ({"central_min_samples": "many"}, "central_min_samples must be a whole number"),
    ],
)
def test_bad_arguments_raise_input_errors_that_say_what_was_expected(kwargs, message):
    args = {"audience": "all", "samples": 100, "top_k": 2, **kwargs}
    audience = args.pop("audience")
    with pytest.raises(InputError, match=message):
        acceptability(ANALYTIC, audience, **args)


@pytest.mark.parametrize("sampling", ["around", "order", "members"])
def test_recorded_settings_recompute_the_same_result(sampling):
    longlist = shipped_like(25, seed=6)
    members = {"Cllr A": {"relevance": 60}, "Cllr B": {"comparability": 50, "rationale_strength": 5}}
    first = acceptability(
        longlist, "scrutiny", {"relevance": 40}, sampling=sampling, members=members, samples=1_000, top_k=5, seed=3
    )
    settings = first.settings()
    settings["thresholds"] = tuple(settings["thresholds"])
    again = acceptability(longlist, "scrutiny", {"relevance": 40}, **settings)
    pd.testing.assert_frame_equal(first.table, again.table)
    assert (settings["members"] is not None) == (sampling == "members")
