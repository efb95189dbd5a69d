"""The workshop draft read as core arguments: what the app records is what the CLI would."""

from __future__ import annotations

import pytest

from pmf_select.errors import InputError
from pmf_select.longlist import load_criteria
from pmf_select.record import workshop

CRITERIA = load_criteria()
KEYS = CRITERIA.keys


def test_swing_points_are_normalised_into_weights():
    state = {"weight_mode": "swing", "weights": dict(zip(KEYS, [100, 50, 50, 0, 0], strict=True))}
    assert workshop.current_weights(CRITERIA, state) == pytest.approx(
        dict(zip(KEYS, [0.5, 0.25, 0.25, 0, 0], strict=True))
    )


def test_order_of_importance_with_a_tie_gives_shared_centroid_weights():
    order = {
        "rationale_strength": 1,
        "relevance": 2,
        "data_availability": 2,
        "comparability": 4,
        "perverse_incentive_risk": 5,
    }
    assert workshop.order_groups(order, CRITERIA) == [
        ["rationale_strength"],
        ["relevance", "data_availability"],
        ["comparability"],
        ["perverse_incentive_risk"],
    ]
    weights = workshop.current_weights(CRITERIA, {"weight_mode": "order", "order": order})
    assert weights["relevance"] == pytest.approx(weights["data_availability"])
    assert weights["rationale_strength"] > weights["relevance"] > weights["comparability"]
    assert sum(weights.values()) == pytest.approx(1)


def test_members_mean_is_used_only_when_chosen_and_blank_members_are_ignored():
    members = {
        "Cllr A": dict(zip(KEYS, [100, 0, 0, 0, 0], strict=True)),
        "Cllr B": dict(zip(KEYS, [0, 100, 0, 0, 0], strict=True)),
        "  ": dict(zip(KEYS, [0, 0, 100, 0, 0], strict=True)),
        "Cllr C": dict.fromkeys(KEYS, 0),
    }
    state = {"weights": dict(zip(KEYS, [30, 25, 20, 15, 10], strict=True)), "members": members}
    assert workshop.current_weights(CRITERIA, state)["rationale_strength"] == pytest.approx(0.3)
    state["use_members"] = True
    weights = workshop.current_weights(CRITERIA, state)
    assert weights["rationale_strength"] == pytest.approx(0.5) and weights["relevance"] == pytest.approx(0.5)
    assert workshop.weights_source(state) == "mean of 2 members' weights (Cllr A, Cllr B)"


def test_bad_order_is_refused_clearly():
    with pytest.raises(InputError, match="whole number"):
        workshop.order_groups({"relevance": "first"}, CRITERIA)


def test_constraints_treat_zero_as_no_limit_and_keep_lists():
    state = {
        "constraints": {"size": 10, "max_per_area": 0, "min_data_availability": 0, "include": ["A"], "min_outcomes": 2}
    }
    out = workshop.constraints_dict(state)
    assert out["size"] == 10 and out["max_per_area"] is None and out["min_data_availability"] is None
    assert out["include"] == ("A",) and out["min_outcomes"] == 2 and out["exclusive_overlaps"] is True


def test_lock_arguments_record_the_set_size_as_top_k_and_the_order_when_sampling_by_order():
    state = {
        "audience": "executive",
        "method": "topsis",
        "weight_mode": "order",
        "order": dict(zip(KEYS, [1, 2, 3, 4, 5], strict=True)),
        "picks": ["A", "B", "C"],
        "constraints": {"size": 12},
        "robustness": {"sampling": "order", "samples": 2000, "seed": 7, "spread": 0.1},
    }
    args = workshop.lock_arguments(state, CRITERIA)
    assert args["audience"] == "executive" and args["method"] == "topsis"
    assert args["robustness"]["top_k"] == 3
    assert args["robustness"]["order"] == [[k] for k in KEYS]
    assert sum(args["weights"].values()) == pytest.approx(1)


def test_members_sampling_without_members_falls_back_to_around():
    state = {"audience": "scrutiny", "robustness": {"sampling": "members"}, "constraints": {"size": 12}}
    assert workshop.lock_arguments(state, CRITERIA)["robustness"]["sampling"] == "around"
