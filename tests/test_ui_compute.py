"""The Weigh page's cached chart spec is exactly the chart the reports module draws."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmf_select.longlist import load_longlist
from pmf_select.ranking import score
from pmf_select.reports import charts
from pmf_select.ui import compute

ROOT = Path(__file__).resolve().parents[1]
LONGLIST = load_longlist(ROOT / "candidates" / "longlist.csv")


def _same(spec: dict, chart_dict: dict) -> None:
    (name,) = chart_dict["datasets"]
    (ours,) = spec["datasets"]
    assert spec["datasets"][ours] == chart_dict["datasets"][name]
    assert spec["data"] == {"name": ours}
    rest = {k: v for k, v in spec.items() if k not in ("datasets", "data")}
    assert rest == {k: v for k, v in chart_dict.items() if k not in ("datasets", "data")}


@pytest.mark.parametrize("top, large", [(20, False), (15, True), (5, False)])
def test_the_refilled_spec_equals_a_freshly_built_chart_for_every_ranking(top, large):
    labels = {c.key: c.label for c in LONGLIST.criteria.criteria}
    keys = LONGLIST.criteria.keys
    for i, weights in enumerate([None, dict.fromkeys(keys, 1), {keys[0]: 5, keys[-1]: 1}, {keys[2]: 1}]):
        ranking = score(LONGLIST, "scrutiny", weights)
        spec = compute.contribution_spec(ranking, labels, top, large)
        expected = charts.contribution_chart(ranking.table, labels, top=top, large=large, legend=False).to_dict()
        _same(spec, expected)
        if i:  # a refilled template, not a copy of the first ranking's numbers
            assert spec["encoding"]["y"]["sort"] == expected["encoding"]["y"]["sort"]


def test_the_warm_up_fills_the_caches_the_weigh_page_reads(monkeypatch):
    import threading

    from pmf_select.record import workshop
    from pmf_select.ui.session import default_draft

    state = default_draft(LONGLIST)
    state["robustness"]["seed"] = 4242  # settings no other test uses: a fresh cache key
    weights = workshop.current_weights(LONGLIST.criteria, state)
    compute.warm_up(LONGLIST, state)
    for thread in threading.enumerate():
        if thread.name == "pmf-select-warm-up":
            thread.join(120)

    def not_again(*args, **kwargs):
        raise AssertionError("the Weigh page recomputed what the warm-up should have left in the cache")

    monkeypatch.setattr(compute.robustness, "acceptability", not_again)
    result = compute.weigh_acceptability(LONGLIST, state, weights)
    assert result.seed == 4242 and result.samples == state["robustness"]["samples"]
