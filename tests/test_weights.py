"""Weights: direct, swing, order of importance (rank-order centroid), several members."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pmf_select.errors import InputError
from pmf_select.longlist import LongList, load_criteria, parse_criteria
from pmf_select.ranking import (
    group_weights,
    normalise_weights,
    parse_weights_arg,
    roc_weights,
    score,
    swing_descriptions,
    swing_question,
    swing_weights,
)

SHIPPED = load_criteria()
KEYS = SHIPPED.keys  # rationale_strength, relevance, data_availability, comparability, perverse_incentive_risk


def three_criteria():
    return parse_criteria(
        {
            "criterion": [
                {"key": "a", "scale": [0, 5], "default_weight": 1},
                {"key": "b", "scale": [0, 5], "default_weight": 1},
                {"key": "c", "scale": [0, 5], "default_weight": 1},
            ]
        }
    )


# ---------------------------------------------------------------- direct (the lead's functions, behaviour kept)


def test_direct_weights_are_normalised_and_unnamed_criteria_keep_their_defaults():
    assert normalise_weights(SHIPPED) == pytest.approx(
        {
            "rationale_strength": 0.3,
            "relevance": 0.25,
            "data_availability": 0.2,
            "comparability": 0.15,
            "perverse_incentive_risk": 0.1,
        }
    )
    w = normalise_weights(SHIPPED, {"relevance": 75})  # 30+75+20+15+10 = 150
    assert w["relevance"] == pytest.approx(0.5) and w["rationale_strength"] == pytest.approx(0.2)
    assert sum(w.values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"nonsense": 1}, "unknown criterion 'nonsense': expected one of rationale_strength"),
        ({"relevance": -1}, "must be a non-negative number"),
        ({"relevance": "lots"}, "must be a number"),
        ({k: 0 for k in KEYS}, "weights are all zero"),
    ],
)
def test_direct_weights_refuse_bad_input_with_a_clear_message(weights, message):
    with pytest.raises(InputError, match=message):
        normalise_weights(SHIPPED, weights)


def test_weights_argument_is_parsed_and_bad_pairs_are_refused():
    assert parse_weights_arg("relevance=2, comparability=0.5") == {"relevance": 2.0, "comparability": 0.5}
    assert parse_weights_arg(None) == {}
    with pytest.raises(InputError, match="expected key=value pairs"):
        parse_weights_arg("relevance")
    with pytest.raises(InputError, match="must be a number, not 'x'"):
        parse_weights_arg("relevance=x")


# ---------------------------------------------------------------- rank-order centroid


def test_rank_order_centroid_for_three_criteria_is_611_278_111():
    w = roc_weights(["a", "b", "c"], three_criteria())
    assert [round(w[k], 3) for k in "abc"] == [0.611, 0.278, 0.111]
    # exact: (1 + 1/2 + 1/3)/3, (1/2 + 1/3)/3, (1/3)/3
    assert w == pytest.approx({"a": 11 / 18, "b": 5 / 18, "c": 2 / 18})


def test_rank_order_centroid_is_the_mean_of_uniform_weights_sorted_into_that_order():
    """ROC is the centroid of {w1 >= w2 >= ... >= wn} (Barron & Barrett 1996), checked by simulation."""
    rng = np.random.default_rng(7)
    samples = -np.sort(-rng.dirichlet(np.ones(5), size=200_000), axis=1)
    w = roc_weights(KEYS, SHIPPED)
    assert samples.mean(axis=0) == pytest.approx([w[k] for k in KEYS], abs=0.002)


def test_rank_order_centroid_takes_any_order_and_returns_criteria_order():
    order = ["perverse_incentive_risk", "comparability", "data_availability", "relevance", "rationale_strength"]
    w = roc_weights(order, SHIPPED)
    assert list(w) == KEYS
    assert w["perverse_incentive_risk"] > w["comparability"] > w["data_availability"] > w["relevance"]
    assert sum(w.values()) == pytest.approx(1.0)


def test_tied_criteria_share_the_centroid_weights_of_their_places():
    c = three_criteria()
    assert roc_weights(["a", ["b", "c"]], c) == pytest.approx({"a": 11 / 18, "b": 3.5 / 18, "c": 3.5 / 18})
    assert roc_weights([("a", "b"), "c"], c) == pytest.approx({"a": 8 / 18, "b": 8 / 18, "c": 2 / 18})
    assert roc_weights([["a", "b", "c"]], c) == pytest.approx({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})
    # groups of one are the same as plain keys
    assert roc_weights([["a"], ["b"], ["c"]], c) == roc_weights(["a", "b", "c"], c)


@pytest.mark.parametrize(
    ("order", "message"),
    [
        (["a", "b"], "put every criterion in the order; missing: c"),
        (["a", "b", "c", "a"], "each criterion appears once; repeated: a"),
        (["a", "b", "x"], "unknown criterion 'x': expected one of a, b, c"),
        (["a", [], "b", "c"], "a group of equally important criteria is empty"),
        ("abc", "expected a list of criterion keys"),
        (["a", 3, "b", "c"], "each item must be a criterion key or a group of keys"),
    ],
)
def test_order_of_importance_refuses_bad_orders(order, message):
    with pytest.raises(InputError, match=message):
        roc_weights(order, three_criteria())


# ---------------------------------------------------------------- swing


def test_swing_points_normalised_are_the_weights():
    points = {
        "rationale_strength": 100,
        "relevance": 80,
        "data_availability": 50,
        "comparability": 20,
        "perverse_incentive_risk": 0,
    }
    w = swing_weights(points, SHIPPED)
    assert w == pytest.approx({k: v / 250 for k, v in points.items()})
    assert list(w) == KEYS


def test_a_swing_worst_to_best_moves_the_weighted_sum_by_exactly_its_weight():
    """Why swing points are the weights: scores are normalised on the declared scale."""
    points = {
        "rationale_strength": 100,
        "relevance": 60,
        "data_availability": 40,
        "comparability": 30,
        "perverse_incentive_risk": 20,
    }
    weights = swing_weights(points, SHIPPED)
    worst = {
        "rationale_strength": 0,
        "relevance": 0,
        "data_availability": 0,
        "comparability": 0,
        "perverse_incentive_risk": 5,
    }
    best = {
        "rationale_strength": 5,
        "relevance": 5,
        "data_availability": 5,
        "comparability": 5,
        "perverse_incentive_risk": 0,
    }
    rows = {"WORST": worst}
    for key in KEYS:
        rows[f"SWING-{key}"] = {**worst, key: best[key]}
    ranking = score(_longlist(rows), "scrutiny", weights)
    s = ranking.scores
    assert s["WORST"] == pytest.approx(0.0)
    for key in KEYS:
        assert s[f"SWING-{key}"] - s["WORST"] == pytest.approx(weights[key])
    gain = {k: s[f"SWING-{k}"] - s["WORST"] for k in KEYS}
    assert gain["relevance"] / gain["rationale_strength"] == pytest.approx(60 / 100)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"relevance": 150}, "must be from 0 to 100"),
        ({"relevance": -5}, "must be from 0 to 100"),
        ({"relevance": "much"}, "must be a number"),
        ({"relevance": True}, "must be a number"),
        ({"relevance": float("nan")}, "must be a finite number"),
        ({"unknown": 5}, "unknown criterion 'unknown'"),
    ],
)
def test_swing_points_refuse_bad_values(change, message):
    points = {k: 50 for k in KEYS} | change
    with pytest.raises(InputError, match=message):
        swing_weights(points, SHIPPED)


def test_swing_points_need_every_criterion_and_one_positive():
    with pytest.raises(InputError, match="missing: comparability, perverse_incentive_risk"):
        swing_weights({"rationale_strength": 100, "relevance": 50, "data_availability": 10}, SHIPPED)
    with pytest.raises(InputError, match="all zero"):
        swing_weights({k: 0 for k in KEYS}, SHIPPED)


def test_swing_question_uses_the_declared_scale_and_reverses_less_is_better():
    question = swing_question(SHIPPED)
    assert question.startswith("An indicator that went from 0 to 5 on which criterion would you value most?")
    assert "Risk of perverse incentives: from 5 to 0" in question
    assert "Give that swing 100; how much is each other swing worth" in question
    described = swing_descriptions(SHIPPED)
    assert described["rationale_strength"] == "from 0 to 5 on Matters"
    assert described["perverse_incentive_risk"] == "from 5 to 0 on Risk of perverse incentives"


# ---------------------------------------------------------------- several members


def test_group_weights_keep_each_member_and_average_them():
    members = {
        "Cllr A": {
            "rationale_strength": 1,
            "relevance": 1,
            "data_availability": 0,
            "comparability": 0,
            "perverse_incentive_risk": 0,
        },
        "Cllr B": {
            "rationale_strength": 0,
            "relevance": 1,
            "data_availability": 1,
            "comparability": 1,
            "perverse_incentive_risk": 1,
        },
    }
    group = group_weights(members, SHIPPED)
    assert list(group.members.index) == ["Cllr A", "Cllr B"]
    assert list(group.members.columns) == KEYS
    assert group.members.loc["Cllr A", "rationale_strength"] == pytest.approx(0.5)
    assert group.members.loc["Cllr B", "relevance"] == pytest.approx(0.25)
    assert group.mean == pytest.approx(
        {
            "rationale_strength": 0.25,
            "relevance": 0.375,
            "data_availability": 0.125,
            "comparability": 0.125,
            "perverse_incentive_risk": 0.125,
        }
    )
    assert sum(group.mean.values()) == pytest.approx(1.0)
    spread = group.spread
    assert list(spread.columns) == ["min", "max", "sd"] and list(spread.index) == KEYS
    assert spread.loc["rationale_strength", "min"] == pytest.approx(0.0)
    assert spread.loc["rationale_strength", "max"] == pytest.approx(0.5)
    assert spread.loc["rationale_strength", "sd"] == pytest.approx(0.25)  # population sd of (0.5, 0)
    assert spread.loc["relevance", "sd"] == pytest.approx(0.125)


def test_every_member_counts_equally_whatever_numbers_they_used():
    a = group_weights({"x": {k: 1 for k in KEYS}, "y": {"relevance": 100}}, SHIPPED)
    b = group_weights({"x": {k: 100 for k in KEYS}, "y": {"relevance": 100}}, SHIPPED)
    assert a.mean == pytest.approx(b.mean)


def test_one_member_has_no_spread_and_a_member_without_weights_takes_the_defaults():
    group = group_weights({"Chair": None}, SHIPPED)
    assert group.mean == pytest.approx(normalise_weights(SHIPPED))
    assert (group.spread["sd"] == 0).all()
    assert isinstance(group.members, pd.DataFrame)


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({}, "expected at least one member"),
        ({"  ": {"relevance": 1}}, "every member needs a name"),
        ({"Cllr A": {"relevance": -1}}, "member 'Cllr A': weight for 'relevance' must be a non-negative number"),
        ({"Cllr A": {"colour": 1}}, "member 'Cllr A': unknown criterion 'colour'"),
        ({"Cllr A": [1, 2, 3]}, "member 'Cllr A': expected weights by criterion key"),
        ({"Cllr A": {"relevance": 1}, "Cllr A ": {"relevance": 2}}, "member 'Cllr A' appears twice"),
    ],
)
def test_group_weights_refuse_bad_input(members, message):
    with pytest.raises(InputError, match=message):
        group_weights(members, SHIPPED)


# ---------------------------------------------------------------- helpers


def _longlist(rows: dict[str, dict[str, float]]) -> LongList:
    """A long list on the shipped criteria; relevance is the same for every audience."""
    records = []
    for cid, s in rows.items():
        record = {"id": cid, "name": cid, "service_area": "Area", "definition": "d", "rationale": "r"}
        for column in SHIPPED.score_columns():
            criterion = SHIPPED.criterion_for_column(column)
            record[column] = float(s[criterion.key])
        records.append(record)
    return LongList(pd.DataFrame(records), SHIPPED, "test")
