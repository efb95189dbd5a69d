"""The warm-up at start leaves in the cache exactly what the Weigh page reads."""

from __future__ import annotations

from pathlib import Path

from pmf_select.longlist import load_longlist
from pmf_select.ui import compute

ROOT = Path(__file__).resolve().parents[1]
LONGLIST = load_longlist(ROOT / "candidates" / "longlist.csv")


def test_the_warm_up_fills_the_caches_the_weigh_page_reads(monkeypatch):

    from pmf_select.record import workshop
    from pmf_select.ui.session import default_draft

    state = default_draft(LONGLIST)
    state["robustness"]["seed"] = 4242  # settings no other test uses: a fresh cache key
    weights = workshop.current_weights(LONGLIST.criteria, state)
    thread = compute.warm(LONGLIST, state)
    assert thread is not None
    thread.join(120)

    def not_again(*args, **kwargs):
        raise AssertionError("the Weigh page recomputed what the warm-up should have left in the cache")

    monkeypatch.setattr(compute.robustness, "acceptability", not_again)
    monkeypatch.setattr(compute.robustness, "top_k_shares", not_again)
    result = compute.weigh_acceptability(LONGLIST, state, weights)
    assert result.seed == 4242 and result.samples == state["robustness"]["samples"]
    settings_json, members_json = compute.robustness_keys(LONGLIST, state)
    full = compute.acceptability(LONGLIST, state["audience"], weights, settings_json, members_json)
    assert full.seed == 4242  # the How sure page's full result is warm too
