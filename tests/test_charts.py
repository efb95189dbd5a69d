"""The contribution chart (the paper's): bars in ranking order, each criterion's part."""

from __future__ import annotations

from pathlib import Path

from pmf_select.longlist import load_longlist
from pmf_select.ranking import score
from pmf_select.reports import charts

ROOT = Path(__file__).resolve().parents[1]
LONGLIST = load_longlist(ROOT / "candidates" / "longlist.csv")
LABELS = {c.key: c.label for c in LONGLIST.criteria.criteria}


def test_bars_are_in_ranking_order():
    table = score(LONGLIST, "scrutiny", {"relevance": 100}).table
    y = charts.contribution_chart(table, LABELS, top=8).to_dict()["encoding"]["y"]
    assert y["sort"] == {"field": "position", "op": "min"}
