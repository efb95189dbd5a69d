"""The ranking chart's fast spec is the Altair chart's spec, with this ranking's rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmf_select.longlist import load_longlist
from pmf_select.ranking import score
from pmf_select.reports import charts

ROOT = Path(__file__).resolve().parents[1]
LONGLIST = load_longlist(ROOT / "candidates" / "longlist.csv")
LABELS = {c.key: c.label for c in LONGLIST.criteria.criteria}


def _without_dataset_name(spec: dict) -> dict:
    spec = dict(spec)
    (rows,) = spec.pop("datasets").values()
    spec.pop("data")
    return {**spec, "rows": rows}


@pytest.mark.parametrize(("top", "large", "legend"), [(20, False, True), (12, True, False), (3, True, True)])
@pytest.mark.parametrize("weights", [None, {"relevance": 90, "comparability": 5}, {"data_availability": 70}])
def test_the_fast_spec_equals_the_altair_charts_spec(top, large, legend, weights):
    table = score(LONGLIST, "scrutiny", weights, "wsm").table
    slow = charts.contribution_chart(table, LABELS, top=top, large=large, legend=legend).to_dict()
    fast = charts.contribution_spec(table, LABELS, top=top, large=large, legend=legend)
    assert _without_dataset_name(fast) == _without_dataset_name(slow)
    (name,) = fast["datasets"]
    assert fast["data"] == {"name": name}


def test_each_ranking_gets_its_own_rows_and_order_not_the_templates():
    first = charts.contribution_spec(score(LONGLIST, "scrutiny", {"relevance": 100}).table, LABELS, top=5)
    second = charts.contribution_spec(score(LONGLIST, "scrutiny", {"comparability": 100}).table, LABELS, top=5)
    assert first["datasets"] != second["datasets"]
    rows = first["datasets"][charts.RANKING_DATA]
    assert len(rows) == 5 * len(LABELS)
    assert [r["position"] for r in rows[:: len(LABELS)]] == [0, 1, 2, 3, 4]  # the bars' order is data
    # only the data differs, so the browser swaps it into the chart instead of rebuilding it
    assert {k: v for k, v in first.items() if k != "datasets"} == {k: v for k, v in second.items() if k != "datasets"}
    first["encoding"]["y"]["axis"] = "changed"  # a caller's edit does not reach the next spec
    again = charts.contribution_spec(score(LONGLIST, "scrutiny", {"relevance": 100}).table, LABELS, top=5)
    assert again["encoding"]["y"].get("axis") != "changed"


def test_bars_are_in_ranking_order():
    table = score(LONGLIST, "scrutiny", {"relevance": 100}).table
    y = charts.contribution_chart(table, LABELS, top=8).to_dict()["encoding"]["y"]
    assert y["sort"] == {"field": "position", "op": "min"}
