"""Weight sampling: uniform where it says uniform, inside the region it promises, reproducible."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from pmf_select.errors import InputError
from pmf_select.ranking import (
    MAX_SAMPLES,
    SAMPLINGS,
    normalise_order,
    order_from_weights,
    sample_weights,
    uniform_in_intervals,
)

KEYS = ["rationale_strength", "relevance", "data_availability", "comparability", "perverse_incentive_risk"]
CURRENT = dict(zip(KEYS, [0.30, 0.25, 0.20, 0.15, 0.10]))


def roc(n: int) -> np.ndarray:
    """Rank-order centroid weights (Barron & Barrett 1996), written out independently."""
    return np.array([sum(1 / k for k in range(i, n + 1)) / n for i in range(1, n + 1)])


def all_kinds():
    return {
        "simplex": {},
        "around": {"center": CURRENT, "spread": 0.1},
        "order": {"order": [[k] for k in KEYS]},
        "members": {"members": {"a": CURRENT, "b": dict(zip(KEYS, [0.1, 0.1, 0.4, 0.3, 0.1]))}},
    }


# ---------------------------------------------------------------- every kind


@pytest.mark.parametrize("kind", SAMPLINGS)
def test_every_kind_gives_rows_on_the_simplex_in_key_order(kind):
    w = sample_weights(kind, KEYS, 3_000, 5, **all_kinds()[kind])
    assert w.shape == (3_000, len(KEYS))
    assert np.all(w >= 0)
    np.testing.assert_allclose(w.sum(axis=1), 1.0, atol=1e-12)


@pytest.mark.parametrize("kind", SAMPLINGS)
def test_same_seed_same_draws_other_seed_other_draws(kind):
    extra = all_kinds()[kind]
    first = sample_weights(kind, KEYS, 500, 42, **extra)
    again = sample_weights(kind, KEYS, 500, 42, **extra)
    other = sample_weights(kind, KEYS, 500, 43, **extra)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_a_generator_continues_its_stream():
    rng = np.random.default_rng(9)
    a = sample_weights("simplex", KEYS, 100, rng)
    b = sample_weights("simplex", KEYS, 100, rng)
    assert not np.array_equal(a, b)
    rng = np.random.default_rng(9)
    np.testing.assert_array_equal(sample_weights("simplex", KEYS, 100, rng), a)


# ---------------------------------------------------------------- simplex


def test_simplex_marginals_match_dirichlet_ones():
    """Each weight of Dirichlet(1,...,1) in c dimensions is Beta(1, c-1)."""
    c = len(KEYS)
    w = sample_weights("simplex", KEYS, 20_000, 1)
    for j in range(c):
        assert stats.kstest(w[:, j], stats.beta(1, c - 1).cdf).pvalue > 0.01
    np.testing.assert_allclose(w.mean(axis=0), 1 / c, atol=0.005)
    np.testing.assert_allclose(w.var(axis=0), (c - 1) / (c * c * (c + 1)), rtol=0.05)
    # pairs are negatively correlated exactly as Dirichlet: corr = -1/(c-1)
    np.testing.assert_allclose(np.corrcoef(w[:, 0], w[:, 1])[0, 1], -1 / (c - 1), atol=0.03)


def test_the_marginal_test_rejects_normalised_uniform_draws():
    """The check above can fail: naive normalisation of U(0,1) is not uniform on the simplex."""
    rng = np.random.default_rng(1)
    naive = rng.random((20_000, len(KEYS)))
    naive /= naive.sum(axis=1, keepdims=True)
    assert stats.kstest(naive[:, 0], stats.beta(1, len(KEYS) - 1).cdf).pvalue < 1e-6


# ---------------------------------------------------------------- order


def test_ordinal_sampling_mean_is_the_rank_order_centroid():
    w = sample_weights("order", ["a", "b", "c"], 40_000, 3, order=["a", "b", "c"])
    np.testing.assert_allclose(w.mean(axis=0), [0.6111, 0.2778, 0.1111], atol=0.005)
    w = sample_weights("order", KEYS, 40_000, 3, order=[[k] for k in KEYS[::-1]])
    np.testing.assert_allclose(w.mean(axis=0), roc(5)[::-1], atol=0.005)


def test_ordinal_sampling_mean_matches_the_weights_module_roc():
    from pmf_select.longlist import load_criteria
    from pmf_select.ranking import roc_weights

    criteria = load_criteria()
    order = [["relevance"], ["rationale_strength", "data_availability"], ["comparability"], ["perverse_incentive_risk"]]
    expected = roc_weights(order, criteria)
    w = sample_weights("order", criteria.keys, 40_000, 4, order=order)
    np.testing.assert_allclose(w.mean(axis=0), [expected[k] for k in criteria.keys], atol=0.005)


def test_every_ordinal_draw_respects_the_order_and_ties_are_symmetric():
    order = [["a"], ["b", "c"], ["d"]]
    w = sample_weights("order", ["a", "b", "c", "d"], 20_000, 8, order=order)
    assert np.all(w[:, 0] >= w[:, 1]) and np.all(w[:, 0] >= w[:, 2])
    assert np.all(np.minimum(w[:, 1], w[:, 2]) >= w[:, 3])
    # tied b and c share their positions' centroid weights on average, and each is larger half the time
    r = roc(4)
    np.testing.assert_allclose(w.mean(axis=0), [r[0], (r[1] + r[2]) / 2, (r[1] + r[2]) / 2, r[3]], atol=0.005)
    assert abs((w[:, 1] > w[:, 2]).mean() - 0.5) < 0.02


def test_order_from_weights_puts_heaviest_first_and_ties_equal_weights():
    assert order_from_weights(CURRENT, KEYS) == [[k] for k in KEYS]
    tied = {"a": 2, "b": 1, "c": 2, "d": 0}
    assert order_from_weights(tied) == [["a", "c"], ["b"], ["d"]]


def test_normalise_order_accepts_flat_and_grouped_forms():
    assert normalise_order(["b", "a"], ["a", "b"]) == [["b"], ["a"]]
    assert normalise_order([("b", "a")], ["a", "b"]) == [["b", "a"]]
    assert normalise_order(["b", ["a"]], ["a", "b"]) == [["b"], ["a"]]


# ---------------------------------------------------------------- around and members


def test_around_stays_within_the_spread_and_covers_it():
    w = sample_weights("around", KEYS, 20_000, 2, center=CURRENT, spread=0.1)
    centre = np.array([CURRENT[k] for k in KEYS])
    low, high = np.maximum(centre - 0.1, 0), centre + 0.1
    assert np.all(w >= low - 1e-12) and np.all(w <= high + 1e-12)
    np.testing.assert_allclose(w.min(axis=0), low, atol=0.02)
    np.testing.assert_allclose(w.max(axis=0), high, atol=0.02)
    np.testing.assert_allclose(w.mean(axis=0), centre, atol=0.01)


def test_around_with_two_criteria_is_uniform_on_the_interval():
    """With two criteria the region is a segment: w_a uniform on [centre - s, centre + s]."""
    w = sample_weights("around", ["a", "b"], 20_000, 3, center={"a": 0.6, "b": 0.4}, spread=0.15)
    assert stats.kstest(w[:, 0], stats.uniform(0.45, 0.30).cdf).pvalue > 0.01


@pytest.mark.parametrize("spread", [0.03, 0.1, 0.3])
def test_around_is_uniform_on_the_region_like_brute_force_rejection(spread):
    """Compare with the obvious (slow) sampler: uniform simplex draws kept if inside the box."""
    keys = ["a", "b", "c", "d"]
    centre = np.array([0.4, 0.3, 0.2, 0.1])
    ours = sample_weights("around", keys, 4_000, 11, center=dict(zip(keys, centre)), spread=spread)
    rng = np.random.default_rng(12)
    brute = []
    while sum(len(b) for b in brute) < 4_000:
        draws = rng.dirichlet(np.ones(4), 400_000)
        brute.append(draws[np.all(np.abs(draws - centre) <= spread, axis=1)])
    brute = np.concatenate(brute)[:4_000]
    for j in range(4):
        assert stats.ks_2samp(ours[:, j], brute[:, j]).pvalue > 0.001


def test_around_spread_zero_is_the_current_weights_and_one_is_the_simplex():
    w = sample_weights("around", KEYS, 100, 1, center=CURRENT, spread=0)
    np.testing.assert_allclose(w, np.tile([CURRENT[k] for k in KEYS], (100, 1)), atol=1e-15)
    wide = sample_weights("around", KEYS, 20_000, 1, center=CURRENT, spread=1)
    for j in range(len(KEYS)):
        assert stats.kstest(wide[:, j], stats.beta(1, len(KEYS) - 1).cdf).pvalue > 0.01


def test_around_normalises_the_centre_and_keeps_zero_weights_nonnegative():
    w = sample_weights("around", ["a", "b", "c"], 5_000, 1, center={"a": 3, "b": 1, "c": 0}, spread=0.05)
    assert np.all(w[:, 2] >= 0) and w[:, 2].max() <= 0.05 + 1e-12
    np.testing.assert_allclose(w[:, 0].min(), 0.70, atol=0.01)


def test_members_stay_within_the_range_the_members_span():
    members = all_kinds()["members"]["members"]
    vectors = np.array([[m[k] for k in KEYS] for m in members.values()])
    w = sample_weights("members", KEYS, 20_000, 4, members=members)
    low, high = vectors.min(axis=0), vectors.max(axis=0)
    assert np.all(w >= low - 1e-12) and np.all(w <= high + 1e-12)
    np.testing.assert_allclose(w.min(axis=0), low, atol=0.02)
    np.testing.assert_allclose(w.max(axis=0), high, atol=0.02)


def test_one_member_or_identical_members_give_their_weights():
    members = {"a": CURRENT, "b": dict(CURRENT)}
    w = sample_weights("members", KEYS, 50, 1, members=members)
    np.testing.assert_allclose(w, np.tile([CURRENT[k] for k in KEYS], (50, 1)), atol=1e-15)


def test_members_who_agree_on_some_criteria_leave_those_fixed():
    a = {"x": 0.5, "y": 0.3, "z": 0.2}
    b = {"x": 0.5, "y": 0.1, "z": 0.4}
    w = sample_weights("members", ["x", "y", "z"], 2_000, 1, members={"a": a, "b": b})
    np.testing.assert_allclose(w[:, 0], 0.5, atol=1e-12)
    assert stats.kstest(w[:, 1], stats.uniform(0.1, 0.2).cdf).pvalue > 0.01


def test_uniform_in_intervals_uses_both_proposals_correctly():
    """Narrow boxes favour the box proposal, wide ones the simplex; both land inside."""
    rng = np.random.default_rng(0)
    for low, high in (([0.19, 0.19, 0.19, 0.19, 0.19], [0.21] * 5), ([0.0] * 5, [0.9] * 5)):
        w = uniform_in_intervals(rng, 2_000, np.array(low), np.array(high))
        assert np.all(w >= np.array(low) - 1e-12) and np.all(w <= np.array(high) + 1e-12)
        np.testing.assert_allclose(w.sum(axis=1), 1)
        np.testing.assert_allclose(w.mean(axis=0), 0.2, atol=0.01)


# ---------------------------------------------------------------- bad arguments


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("uniform", KEYS, 10, 0), {}, "unknown sampling 'uniform': expected one of simplex, around, order, members"),
        (("simplex", [], 10, 0), {}, "at least one criterion"),
        (("simplex", ["a", "a"], 10, 0), {}, "must be unique"),
        (("simplex", KEYS, 0, 0), {}, "samples must be from 1"),
        (("simplex", KEYS, MAX_SAMPLES + 1, 0), {}, "samples must be from 1"),
        (("simplex", KEYS, 10.5, 0), {}, "samples must be a whole number"),
        (("simplex", KEYS, True, 0), {}, "samples must be a whole number"),
        (("simplex", KEYS, 10, -1), {}, "seed must be a whole number 0 or more"),
        (("simplex", KEYS, 10, "x"), {}, "seed must be a whole number"),
        (("around", KEYS, 10, 0), {}, "needs the current weights"),
        (("around", KEYS, 10, 0), {"center": {"rationale_strength": 1}}, "no weight for relevance"),
        (("around", KEYS, 10, 0), {"center": {**CURRENT, "cost": 1}}, "unknown criterion 'cost'"),
        (("around", KEYS, 10, 0), {"center": {**CURRENT, "relevance": -1}}, "non-negative"),
        (("around", KEYS, 10, 0), {"center": dict.fromkeys(KEYS, 0)}, "all zero"),
        (("around", KEYS, 10, 0), {"center": {**CURRENT, "relevance": "lots"}}, "must be a number"),
        (("around", KEYS, 10, 0), {"center": CURRENT, "spread": -0.1}, "spread must be a number from 0 to 1"),
        (("around", KEYS, 10, 0), {"center": CURRENT, "spread": 1.5}, "spread must be a number from 0 to 1"),
        (("around", KEYS, 10, 0), {"center": CURRENT, "spread": float("nan")}, "spread must be"),
        (("around", KEYS, 10, 0), {"center": CURRENT, "spread": "wide"}, "spread must be"),
        (("order", KEYS, 10, 0), {}, "needs an order of importance"),
        (("order", KEYS, 10, 0), {"order": KEYS[:3]}, "comparability, perverse_incentive_risk not placed"),
        (("order", KEYS, 10, 0), {"order": [*KEYS, "cost"]}, "unknown criterion 'cost'"),
        (("order", KEYS, 10, 0), {"order": [*KEYS, "relevance"]}, "relevance named more than once"),
        (("order", KEYS, 10, 0), {"order": [KEYS, []]}, "empty group"),
        (("order", KEYS, 10, 0), {"order": "relevance"}, "must list the criteria"),
        (("members", KEYS, 10, 0), {}, "at least one member"),
        (("members", KEYS, 10, 0), {"members": {}}, "at least one member"),
        (("members", KEYS, 10, 0), {"members": {"Cllr A": {"relevance": 1}}}, "member 'Cllr A': no weight for"),
    ],
)
def test_bad_arguments_say_what_was_expected(args, kwargs, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        sample_weights(*args, **kwargs)


def test_unused_arguments_are_ignored():
    a = sample_weights("simplex", KEYS, 10, 0)
    b = sample_weights("simplex", KEYS, 10, 0, center={"x": 1}, order=["nonsense"], members={"z": {}})
    np.testing.assert_array_equal(a, b)


def _uniform_in_intervals_before(rng, samples, low, high):
    """The sampler as it was before issue 18's rewrite (column gathers in place), kept
    here to show the rewrite draws the very same weights from the same stream."""
    from pmf_select.ranking.sampling import _EPS, _MAX_DRAWS, _PILOT, _simplex

    out = np.tile(low, (samples, 1))
    rest = 1.0 - low.sum()
    free = np.flatnonzero(high - low > _EPS)
    if rest <= _EPS or len(free) == 0:
        return out / out.sum(axis=1, keepdims=True)
    cap = np.minimum((high[free] - low[free]) / rest, 1.0)
    if len(free) == 1:
        y = np.ones((samples, 1))
    else:
        f = len(cap)
        last = int(np.argmax(cap))
        others = np.array([j for j in range(f) if j != last], dtype=int)

        def from_simplex(m):
            y = _simplex(rng, m, f)
            return y[np.all(y <= cap + _EPS, axis=1)]

        def from_box(m):
            y = np.empty((m, f))
            y[:, others] = rng.random((m, f - 1)) * cap[others]
            y[:, last] = 1.0 - y[:, others].sum(axis=1)
            return y[(y[:, last] >= -_EPS) & (y[:, last] <= cap[last] + _EPS)]

        pilot = {name: len(fn(_PILOT)) for name, fn in (("simplex", from_simplex), ("box", from_box))}
        proposal = from_simplex if pilot["simplex"] >= pilot["box"] else from_box
        rate = max(pilot.values()) / _PILOT
        assert rate * _MAX_DRAWS >= samples
        chunks, got = [], 0
        while got < samples:
            batch = int(min(max(1_000, (samples - got) / max(rate, 1e-6) * 1.1 + 100), 1_000_000))
            accepted = proposal(batch)
            chunks.append(accepted)
            got += len(accepted)
        y = np.concatenate(chunks)[:samples]
        np.clip(y, 0.0, None, out=y)
    out[:, free] += rest * y
    out /= out.sum(axis=1, keepdims=True)
    return out


@pytest.mark.parametrize("seed", range(12))
def test_the_faster_sampler_draws_exactly_the_weights_it_drew_before(seed):
    """Bit for bit, so every robustness figure on record is reproduced (issue 18)."""
    rng = np.random.default_rng(1_000 + seed)
    centre = rng.dirichlet(np.ones(5))
    centre[seed % 5] = 0.0 if seed % 3 == 0 else centre[seed % 5]
    centre /= centre.sum()
    for spread in (0.02, 0.1, 0.35):
        low, high = np.maximum(centre - spread, 0.0), np.minimum(centre + spread, 1.0)
        now = uniform_in_intervals(np.random.default_rng(seed), 4_000, low, high)
        before = _uniform_in_intervals_before(np.random.default_rng(seed), 4_000, low, high)
        assert np.array_equal(now, before)
    fixed = np.array([0.3, 0.2, 0.2, 0.1, 0.2])
    low = np.where(np.arange(5) < 2, fixed, np.maximum(fixed - 0.1, 0))  # two criteria fixed
    high = np.where(np.arange(5) < 2, fixed, fixed + 0.1)
    now = uniform_in_intervals(np.random.default_rng(seed), 2_000, low, high)
    assert np.array_equal(now, _uniform_in_intervals_before(np.random.default_rng(seed), 2_000, low, high))
