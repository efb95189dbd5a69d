"""Scoring: a ranking members can check by hand, published examples, ties, invariance."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import skcriteria as skc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from skcriteria.agg.simple import WeightedProductModel, WeightedSumModel
from skcriteria.agg.topsis import TOPSIS
from skcriteria.agg.vikor import VIKOR
from skcriteria.preprocessing.scalers import VectorScaler

from pmf_select.errors import InputError
from pmf_select.longlist import LongList, load_criteria, load_longlist, parse_criteria, parse_longlist
from pmf_select.ranking import (
    METHODS,
    WPM_FLOOR,
    compare_methods,
    explain,
    rank_scores,
    score,
    topsis_kernel,
    topsis_parts,
    vikor_parts,
    wpm_kernel,
    wsm_kernel,
)
from pmf_select.record import ranking_to_csv_bytes, ranking_to_xlsx_bytes

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHIPPED = load_criteria()
KEYS = SHIPPED.keys


def make_longlist(rows, criteria=SHIPPED, areas=None, extra=None) -> LongList:
    """A long list from ``{id: scores}``; scores are by criterion key (relevance: every
    audience the same unless a dict by audience is given) or, for custom criteria, a
    list in criteria order."""
    records = []
    for i, (cid, s) in enumerate(rows.items()):
        record = {
            "id": cid,
            "name": f"Indicator {cid}",
            "service_area": (areas or {}).get(cid, f"Area {i % 3}"),
            "definition": "d",
            "rationale": "r",
        }
        if isinstance(s, (list, tuple)):
            s = dict(zip(criteria.keys, s))
        for column in criteria.score_columns():
            c = criteria.criterion_for_column(column)
            value = s[c.key]
            if isinstance(value, dict):
                value = value[column.removeprefix(f"{c.key}_")]
            record[column] = float(value)
        record.update((extra or {}).get(cid, {}))
        records.append(record)
    return LongList(pd.DataFrame(records), criteria, "test")


def custom_criteria(n: int, scale=(0, 10), objectives=None):
    objectives = objectives or ["max"] * n
    return parse_criteria(
        {
            "criterion": [
                {"key": f"c{j + 1}", "scale": list(scale), "objective": objectives[j], "default_weight": 1}
                for j in range(n)
            ]
        }
    )


# ---------------------------------------------------------------- weighted sum by hand


def test_weighted_sum_ranking_matches_a_hand_calculation():
    """The sample list with the default weights 30/25/20/15/10 (= .30/.25/.20/.15/.10).

    Values are score/5, and for perverse incentive risk (less is better) (5 - score)/5:
      LAC-STAB3  5,5,4,5 risk 1: .30*1 + .25*1  + .20*.8 + .15*1  + .10*.8 = .94
      CP-REPEAT  5,4,5,5 risk 2: .30*1 + .25*.8 + .20*1  + .15*1  + .10*.6 = .91
      WF-CASE    4,4,4,3 risk 2: .30*.8 + .25*.8 + .20*.8 + .15*.6 + .10*.6 = .75
    """
    ranking = score(load_longlist(FIXTURES / "sample_minimal.csv"), "scrutiny")
    table = ranking.table
    assert table["id"].tolist() == ["LAC-STAB3", "CP-REPEAT", "WF-CASE"]
    assert table["score"].tolist() == pytest.approx([0.94, 0.91, 0.75])
    assert table["rank"].tolist() == [1, 2, 3]
    assert ranking.method == "wsm" and ranking.audience == "scrutiny"
    assert ranking.weights == pytest.approx(
        {
            "rationale_strength": 0.3,
            "relevance": 0.25,
            "data_availability": 0.2,
            "comparability": 0.15,
            "perverse_incentive_risk": 0.1,
        }
    )
    wf = table.set_index("id").loc["WF-CASE"]
    assert [wf[f"contrib_{k}"] for k in KEYS] == pytest.approx([0.24, 0.20, 0.16, 0.09, 0.06])


def test_contributions_are_weight_times_value_and_add_up_to_the_score():
    rng = np.random.default_rng(3)
    rows = {f"K{i:02d}": {k: float(rng.integers(0, 6)) for k in KEYS} for i in range(25)}
    longlist = make_longlist(rows)
    weights = {
        "rationale_strength": 3,
        "relevance": 1,
        "data_availability": 2,
        "comparability": 0.5,
        "perverse_incentive_risk": 1.5,
    }
    ranking = score(longlist, "executive", weights)
    contributions = ranking.contributions
    values = longlist.value_matrix("executive").loc[ranking.ids]
    for key in KEYS:
        assert contributions[key].to_numpy() == pytest.approx(values[key].to_numpy() * ranking.weights[key])
    assert contributions.sum(axis=1).to_numpy() == pytest.approx(ranking.table["score"].to_numpy(), abs=1e-12)


def test_relevance_uses_the_column_of_the_chosen_audience():
    rows = {
        "A": {
            **dict.fromkeys(KEYS, 3.0),
            "relevance": {
                "scrutiny": 5,
                "executive": 0,
                "strategic": 3,
                "operational": 3,
                "partners": 3,
                "regulator": 3,
            },
        },
        "B": {
            **dict.fromkeys(KEYS, 3.0),
            "relevance": {
                "scrutiny": 0,
                "executive": 5,
                "strategic": 3,
                "operational": 3,
                "partners": 3,
                "regulator": 3,
            },
        },
    }
    longlist = make_longlist(rows)
    assert score(longlist, "scrutiny").ids == ["A", "B"]
    assert score(longlist, "executive").ids == ["B", "A"]
    executive = score(longlist, "executive").table.set_index("id")
    assert executive.loc["B", "contrib_relevance"] == pytest.approx(0.25)
    assert executive.loc["A", "contrib_relevance"] == pytest.approx(0.0)


def test_weighted_sum_agrees_with_scikit_criteria():
    rng = np.random.default_rng(11)
    rows = {f"K{i:02d}": {k: float(rng.integers(0, 11)) / 2 for k in KEYS} for i in range(40)}
    longlist = make_longlist(rows)
    weights = dict(zip(KEYS, rng.random(5)))
    ranking = score(longlist, "scrutiny", weights)
    values = longlist.value_matrix("scrutiny")
    dm = skc.mkdm(
        values.to_numpy(),
        [max] * 5,
        weights=[ranking.weights[k] for k in KEYS],
        alternatives=list(values.index),
        criteria=KEYS,
    )
    result = WeightedSumModel().evaluate(dm)
    expected = pd.Series(result.e_.score, index=values.index)
    assert ranking.scores.to_numpy() == pytest.approx(expected.loc[ranking.ids].to_numpy(), abs=1e-12)
    assert ranking.ranks.loc[list(values.index)].tolist() == list(result.rank_)


def test_wsm_kernel_takes_one_weight_vector_or_many():
    rng = np.random.default_rng(5)
    values, samples = rng.random((30, 5)), rng.dirichlet(np.ones(5), size=8)
    many = wsm_kernel(values, samples)
    assert many.shape == (8, 30)
    for s in range(8):
        assert many[s] == pytest.approx(wsm_kernel(values, samples[s]))
        assert many[s] == pytest.approx((values * samples[s]).sum(axis=1))


# ---------------------------------------------------------------- ranking table


def test_table_columns_are_id_name_area_score_rank_contributions_then_every_other_column():
    longlist = load_longlist(FIXTURES / "sample_minimal.csv")
    wsm = score(longlist, "scrutiny").table
    rest = [c for c in longlist.frame.columns if c not in ("id", "name", "service_area")]
    assert list(wsm.columns) == ["id", "name", "service_area", "score", "rank", *[f"contrib_{k}" for k in KEYS], *rest]
    for method in ("topsis", "wpm", "vikor"):
        table = score(longlist, "scrutiny", method=method).table
        assert list(table.columns) == ["id", "name", "service_area", "score", "rank", *rest]
    assert wsm.set_index("id").loc["WF-CASE", "source"] == "Workforce census"


def test_columns_from_an_earlier_ranking_are_replaced_not_duplicated():
    """Officers may load a ranking CSV back in as a long list: score/rank/contrib_* are recomputed."""
    longlist = load_longlist(FIXTURES / "sample_minimal.csv")
    first = score(longlist, "scrutiny")
    reloaded = parse_longlist(ranking_to_csv_bytes(first), "ranked.csv")
    again = score(reloaded, "scrutiny", {"relevance": 100})
    assert list(again.table.columns).count("score") == 1
    assert list(again.table.columns)[:10] == list(first.table.columns)[:10]
    assert again.table["score"].tolist() != first.table["score"].tolist()
    assert score(reloaded, "scrutiny").table["score"].tolist() == pytest.approx(first.table["score"].tolist())


# ---------------------------------------------------------------- ties


def test_ties_share_the_lowest_rank_and_are_listed_by_id():
    same = dict.fromkeys(KEYS, 3.0)
    rows = {
        "ZED": same,  # file order deliberately not id order
        "TOP": dict.fromkeys(KEYS, 5.0) | {"perverse_incentive_risk": 0.0},
        "ALPHA": same,
        "LOW": dict.fromkeys(KEYS, 1.0),
    }
    table = score(make_longlist(rows), "scrutiny").table
    assert table["id"].tolist() == ["TOP", "ALPHA", "ZED", "LOW"]
    assert table["rank"].tolist() == [1, 2, 2, 4]


def test_scores_equal_in_arithmetic_but_not_in_floating_point_still_tie():
    """Default weights .30/.25/.20/.15/.10. In exact arithmetic both score .535:
      A  5, 1.5, 2.5, 1, risk 3.5:  .3*1  + .25*.3 + .2*.5 + .15*.2 + .1*.3 = .535
      B  4.5, 0, 2.5, 3.5, risk 2:  .3*.9 + .25*0  + .2*.5 + .15*.7 + .1*.6 = .535
    but in floating point B's sum comes out as 0.5349999999999999."""
    names = ["rationale_strength", "relevance", "data_availability", "comparability", "perverse_incentive_risk"]
    a, b = dict(zip(names, [5.0, 1.5, 2.5, 1.0, 3.5])), dict(zip(names, [4.5, 0.0, 2.5, 3.5, 2.0]))
    longlist = make_longlist({"B": b, "A": a})
    values = longlist.value_matrix("scrutiny").to_numpy()
    raw = wsm_kernel(values, np.array([0.3, 0.25, 0.2, 0.15, 0.1]))
    assert raw[0] != raw[1]  # the floating-point difference is real
    ranking = score(longlist, "scrutiny")
    assert ranking.table["rank"].tolist() == [1, 1]
    assert ranking.ids == ["A", "B"]
    assert ranking.table["score"].tolist() == [0.535, 0.535]
    assert rank_scores(np.array([0.1 + 0.2, 0.3, 0.2])).tolist() == [1, 1, 3]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.1, 0.2, 0.25, 0.5, 0.75, 1.0]), max_size=40))
def test_ranks_are_min_ranks_of_the_scores(values):
    """1 + the number of strictly higher scores: scipy's rankdata(-x, method="min")."""
    from scipy.stats import rankdata

    x = np.array(values, dtype=float)
    expected = rankdata(-x, method="min").astype(int).tolist() if len(x) else []
    assert rank_scores(x).tolist() == expected


def test_vikor_published_example_has_a_tie_for_second():
    """Opricovic & Tzeng (2004), EJOR 156(2):445-455, numerical example (as transcribed in
    scikit-criteria's tests/agg/test_vikor.py): risk (min) 1/2/5, altitude (max)
    3000/3750/4500, equal weights. S = (.5, .375, .5), R = (.5, .25, .5), Q = (1, 0, 1).

    VIKOR is unchanged by a linear rescaling of a criterion, so the declared scales
    (risk 0-10 reversed, altitude 0-5000) give exactly the published figures."""
    criteria = parse_criteria(
        {
            "criterion": [
                {"key": "risk", "scale": [0, 10], "objective": "min", "default_weight": 1},
                {"key": "altitude", "scale": [0, 5000], "objective": "max", "default_weight": 1},
            ]
        }
    )
    longlist = make_longlist({"A1": [1, 3000], "A2": [2, 3750], "A3": [5, 4500]}, criteria)
    ranking = score(longlist, "all", method="vikor")
    details = ranking.details.loc[["A1", "A2", "A3"]]
    assert details["vikor_s"].tolist() == pytest.approx([0.5, 0.375, 0.5])
    assert details["vikor_r"].tolist() == pytest.approx([0.5, 0.25, 0.5])
    assert details["vikor_q"].tolist() == pytest.approx([1.0, 0.0, 1.0])
    assert ranking.ids == ["A2", "A1", "A3"]
    assert ranking.table["rank"].tolist() == [1, 2, 2]
    assert ranking.table["score"].tolist() == pytest.approx([1.0, 0.0, 0.0])  # 1 - Q


# ---------------------------------------------------------------- TOPSIS


def test_topsis_reproduces_a_published_example_to_4_decimals():
    """Tzeng, G.-H. & Huang, J.-J. (2011), *Multiple Attribute Decision Making: Methods and
    Applications*, CRC Press, TOPSIS example: 4 alternatives x 3 benefit criteria,
    weights (0.3, 0.4, 0.3), closeness (0.5037, 0.6581, 0.7482, 0.3340), ranks 3, 2, 1, 4.
    The data are as transcribed in scikit-criteria's tests/agg/test_topsis.py
    (test_TOPSIS_tzeng2011multiple); recomputed by hand here with vector normalisation.

    Run through ``score`` on a long list with a declared 0-10 scale: vector
    normalisation divides out the scale, so the value matrix (x/10) gives the book's
    figures exactly."""
    matrix = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
    longlist = make_longlist({f"A{i + 1}": row for i, row in enumerate(matrix)}, custom_criteria(3))
    ranking = score(longlist, "all", {"c1": 0.3, "c2": 0.4, "c3": 0.3}, method="topsis")
    by_id = ranking.scores.loc[["A1", "A2", "A3", "A4"]]
    assert by_id.round(4).tolist() == [0.5037, 0.6581, 0.7482, 0.3340]
    assert ranking.ranks.loc[["A1", "A2", "A3", "A4"]].tolist() == [3, 2, 1, 4]
    # the kernel on the raw matrix, as in the book
    assert topsis_kernel(np.array(matrix, float), np.array([0.3, 0.4, 0.3])).round(4).tolist() == [
        0.5037,
        0.6581,
        0.7482,
        0.3340,
    ]


def _random_matrix(rng, n, c):
    # well-posed for scikit-criteria: no constant or all-zero columns
    while True:
        x = rng.integers(0, 11, size=(n, c)) / 10
        if (x.max(axis=0) > x.min(axis=0)).all():
            return x


@pytest.mark.parametrize("seed", range(5))
def test_topsis_wpm_and_vikor_agree_with_scikit_criteria(seed):
    rng = np.random.default_rng(seed)
    x, w = _random_matrix(rng, 30, 5), rng.dirichlet(np.ones(5))
    dm = skc.mkdm(x, [max] * 5, weights=w)

    t = TOPSIS().evaluate(VectorScaler(target="matrix").transform(dm))
    closeness, d_plus, d_minus = topsis_parts(x, w)
    assert closeness == pytest.approx(t.e_.similarity, abs=1e-12)
    assert rank_scores(closeness).tolist() == list(t.rank_)

    shifted = (x + WPM_FLOOR) / (1 + WPM_FLOOR)
    p = WeightedProductModel().evaluate(skc.mkdm(shifted, [max] * 5, weights=w))
    assert np.log10(wpm_kernel(x, w)) == pytest.approx(p.e_.score, abs=1e-12)
    assert rank_scores(wpm_kernel(x, w)).tolist() == list(p.rank_)

    v = VIKOR(use_compromise_set=False).evaluate(dm)
    s, r, q = vikor_parts(x, w)
    assert s == pytest.approx(v.e_.s_k, abs=1e-12)
    assert r == pytest.approx(v.e_.r_k, abs=1e-12)
    assert q == pytest.approx(v.e_.q_k, abs=1e-12)
    assert rank_scores(1 - q).tolist() == list(v.rank_)


# ---------------------------------------------------------------- awkward inputs


@pytest.mark.parametrize("method", METHODS)
def test_every_method_gives_finite_scores_on_inputs_scikit_criteria_cannot_take(method):
    # every candidate scores 5 on risk (value 0 for all: an all-zero column) and a zero weight
    rows = {
        f"K{i}": {
            "rationale_strength": i,
            "relevance": 5 - i,
            "data_availability": 3,
            "comparability": i % 2 * 5,
            "perverse_incentive_risk": 5,
        }
        for i in range(6)
    }
    ranking = score(make_longlist(rows), "scrutiny", {"comparability": 0}, method)
    assert np.isfinite(ranking.table["score"]).all()
    assert sorted(ranking.table["rank"]) == ranking.table["rank"].tolist()

    one = score(make_longlist({"ONLY": rows["K1"]}), "scrutiny", method=method)
    assert one.table["rank"].tolist() == [1] and np.isfinite(one.table["score"]).all()

    identical = score(make_longlist({"B": rows["K2"], "A": rows["K2"], "C": rows["K2"]}), "scrutiny", method=method)
    assert identical.table["rank"].tolist() == [1, 1, 1]
    assert identical.ids == ["A", "B", "C"]

    empty = score(make_longlist(rows).subset([]), "scrutiny", method=method)
    assert empty.table.empty and "score" in empty.table.columns


def test_method_names_are_checked_and_case_is_ignored():
    longlist = load_longlist(FIXTURES / "sample_minimal.csv")
    assert score(longlist, "scrutiny", method="TOPSIS").method == "topsis"
    with pytest.raises(InputError, match="unknown method 'ahp': expected one of wsm, topsis, wpm, vikor"):
        score(longlist, "scrutiny", method="ahp")


@pytest.mark.parametrize(
    ("audience", "weights", "message"),
    [
        ("councillors", None, "unknown audience 'councillors': expected one of scrutiny, executive"),
        ("scrutiny", {"cost": 1}, "unknown criterion 'cost'"),
        ("scrutiny", {"relevance": -2}, "must be a non-negative number"),
        ("scrutiny", dict.fromkeys(KEYS, 0), "weights are all zero"),
    ],
)
def test_bad_audience_or_weights_raise_input_error(audience, weights, message):
    with pytest.raises(InputError, match=message):
        score(load_longlist(FIXTURES / "sample_minimal.csv"), audience, weights)


# ---------------------------------------------------------------- add/remove invariance (property)

score_value = st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0])
candidate = st.fixed_dictionaries(
    {
        "rationale_strength": score_value,
        "relevance": st.fixed_dictionaries({a: score_value for a in SHIPPED.audience_keys}),
        "data_availability": score_value,
        "comparability": score_value,
        "perverse_incentive_risk": score_value,
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    candidates=st.lists(candidate, min_size=2, max_size=25),
    weights=st.lists(st.floats(0, 10), min_size=5, max_size=5).filter(lambda w: sum(w) > 0.01),
    keep=st.data(),
    audience=st.sampled_from(SHIPPED.audience_keys),
    method=st.sampled_from(["wsm", "wpm"]),
)
def test_scores_do_not_change_when_other_candidates_are_added_or_removed(candidates, weights, keep, audience, method):
    """Weighted sum (and weighted product) on the declared scale: a candidate's score is
    its own business, so removing or adding others leaves it and the order unchanged."""
    rows = {f"C{i:03d}": s for i, s in enumerate(candidates)}
    full = make_longlist(rows)
    kept = keep.draw(st.lists(st.sampled_from(list(rows)), min_size=1, unique=True), label="kept")
    w = dict(zip(KEYS, weights))
    before = score(full, audience, w, method)
    after = score(full.subset(kept), audience, w, method)
    assert after.scores.loc[kept].tolist() == before.scores.loc[kept].tolist()  # exactly, not approximately
    order_before = [cid for cid in before.ids if cid in set(kept)]
    assert after.ids == order_before
    # and adding them back (in another order) gives the full ranking again
    readded = score(full.subset(kept + [c for c in reversed(list(rows)) if c not in set(kept)]), audience, w, method)
    assert readded.ids == before.ids
    assert readded.scores.tolist() == before.scores.tolist()


def test_topsis_scores_do_depend_on_the_other_candidates():
    """The contrast the weighted sum avoids: TOPSIS takes its ideal from the list."""
    rows = {"A": dict.fromkeys(KEYS, 4.0), "B": dict.fromkeys(KEYS, 2.0), "C": dict.fromkeys(KEYS, 5.0)}
    longlist = make_longlist(rows)
    full = score(longlist, "scrutiny", method="topsis").scores
    part = score(longlist.subset(["A", "B"]), "scrutiny", method="topsis").scores
    assert full["A"] != pytest.approx(part["A"])
    assert score(longlist, "scrutiny").scores["A"] == pytest.approx(
        score(longlist.subset(["A", "B"]), "scrutiny").scores["A"]
    )


# ---------------------------------------------------------------- explanation and output


def test_explain_lays_out_the_sum_a_member_can_check():
    longlist = load_longlist(FIXTURES / "sample_minimal.csv")
    table = explain(longlist, "WF-CASE", "scrutiny")
    assert list(table.columns) == [
        "criterion",
        "label",
        "score",
        "scale_min",
        "scale_max",
        "objective",
        "value",
        "weight",
        "contribution",
    ]
    assert table["score"].tolist() == [4, 4, 4, 3, 2]
    assert table["value"].tolist() == pytest.approx([0.8, 0.8, 0.8, 0.6, 0.6])
    assert table["contribution"].sum() == pytest.approx(0.75)
    assert table["contribution"].sum() == pytest.approx(score(longlist, "scrutiny").scores["WF-CASE"])
    with pytest.raises(InputError, match="unknown candidate id 'NOPE'"):
        explain(longlist, "NOPE", "scrutiny")


def test_csv_output_is_excel_safe_with_clean_numbers():
    rows = {"A": dict.fromkeys(KEYS, 3.0) | {"perverse_incentive_risk": 2.0}, "B": dict.fromkeys(KEYS, 4.0)}
    longlist = make_longlist(rows, extra={"A": {"owner": '=HYPERLINK("x")'}, "B": {"owner": "Head of CSC"}})
    data = ranking_to_csv_bytes(score(longlist, "scrutiny", {"relevance": 1, "rationale_strength": 2}))
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns[:5]) == ["id", "name", "service_area", "score", "rank"]
    a = frame.set_index("id").loc["A"]
    assert a["owner"] == '\'=HYPERLINK("x")'
    assert a["rationale_strength"] == "3"
    assert a["score"] == "0.6"  # value 0.6 on every criterion (risk 2 of 5: (5 - 2)/5), whatever the weights
    assert b"\r\n" in data


def test_xlsx_output_has_the_same_table():
    from openpyxl import load_workbook

    ranking = score(load_longlist(FIXTURES / "sample_minimal.csv"), "scrutiny")
    sheet = load_workbook(io.BytesIO(ranking_to_xlsx_bytes(ranking)))["Ranking"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(ranking.table.columns)
    assert [r[0] for r in rows[1:]] == ranking.ids
    assert rows[1][3] == pytest.approx(0.94)


# ---------------------------------------------------------------- method comparison


def test_method_comparison_reports_tau_and_who_depends_on_the_method():
    """Two criteria, equal weights, scale 0-10. Weighted sum: P .5, Q .45, R .2.
    VIKOR: S = (.5, .3, .6), R = (.5, .3, .5), Q = (.833, 0, 1), so Q first, then P, R.
    Kendall's tau of (1,2,3) and (2,1,3): 2 concordant, 1 discordant pair -> 1/3."""
    longlist = make_longlist({"P": [10, 0], "Q": [4, 5], "R": [0, 4]}, custom_criteria(2))
    comparison = compare_methods(longlist, "all", methods=("wsm", "vikor"), top_k=1)
    assert comparison.rankings["wsm"].ids == ["P", "Q", "R"]
    assert comparison.rankings["vikor"].ids == ["Q", "P", "R"]
    assert comparison.tau["tau"].tolist() == pytest.approx([1 / 3])
    split = comparison.depends_on_method
    assert split["id"].tolist() == ["P", "Q"]
    assert split["in_top_k_wsm"].tolist() == [True, False]
    assert split["in_top_k_vikor"].tolist() == [False, True]
    assert split["methods_in_top_k"].tolist() == [1, 1]
    assert compare_methods(longlist, "all", methods=("wsm", "vikor"), top_k=2).depends_on_method.empty


def test_method_comparison_covers_every_pair_of_methods():
    rng = np.random.default_rng(2)
    rows = {f"K{i:02d}": {k: float(rng.integers(0, 6)) for k in KEYS} for i in range(30)}
    comparison = compare_methods(make_longlist(rows), "scrutiny", top_k=8)
    assert comparison.methods == list(METHODS)
    assert len(comparison.tau) == 6
    assert list(comparison.ranks.columns) == ["id", "name", "service_area", *[f"rank_{m}" for m in METHODS]]
    matrix = comparison.tau_matrix
    assert (np.diag(matrix) == 1).all() and np.allclose(matrix, matrix.T)
    assert comparison.tau["tau"].between(-1, 1).all()
    for row in comparison.depends_on_method.itertuples(index=False):
        flags = [getattr(row, f"in_top_k_{m}") for m in METHODS]
        assert any(flags) and not all(flags)
        assert [getattr(row, f"rank_{m}") <= 8 for m in METHODS] == flags


def test_method_comparison_refuses_bad_arguments_and_reports_undefined_tau_as_nan():
    longlist = load_longlist(FIXTURES / "sample_minimal.csv")
    with pytest.raises(InputError, match="unknown method 'borda'"):
        compare_methods(longlist, "scrutiny", methods=("wsm", "borda"))
    with pytest.raises(InputError, match="top k must be a whole number of at least 1"):
        compare_methods(longlist, "scrutiny", top_k=0)
    with pytest.raises(InputError, match="name at least one"):
        compare_methods(longlist, "scrutiny", methods=())
    single = compare_methods(longlist.subset(["WF-CASE"]), "scrutiny")
    assert single.tau["tau"].isna().all()
