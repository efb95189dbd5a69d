"""Weigh & rank: weights move the ranking; the draft survives a refresh."""

from __future__ import annotations

from pmf_select.ui.page_weigh import DETAILS
from tests.app.conftest import open_app, reopen, view_table, views

CRITERIA = ["rationale_strength", "relevance", "data_availability", "comparability", "perverse_incentive_risk"]


def ranking_table(at):
    """The officer's top 20 (the table under the chart)."""
    table = view_table(at)
    assert "ID" in table.columns
    return table


def test_every_criterion_has_a_swing_slider_with_its_default():
    at = open_app("weigh")
    values = {key: at.slider(key=f"weight_{key}").value for key in CRITERIA}
    assert values == {
        "rationale_strength": 30,
        "relevance": 25,
        "data_availability": 20,
        "comparability": 15,
        "perverse_incentive_risk": 10,
    }
    assert any("Give that swing 100" in m.value for m in at.markdown)


def test_moving_a_weight_changes_the_ranking():
    at = open_app("weigh")
    before = ranking_table(at)["ID"].tolist()
    for key in CRITERIA:
        at.slider(key=f"weight_{key}").set_value(0)
    at.slider(key="weight_comparability").set_value(100).run()
    assert not at.exception
    after = ranking_table(at)
    assert after["ID"].tolist() != before
    # with all weight on comparability, the top scorers are those with 5 on it
    assert after["Score"].iloc[0] == "1.000"
    assert "Comparable 100%" in " ".join(c.value for c in at.caption)


def test_ranking_chart_stacks_each_criterion_contribution():
    at = open_app("weigh")
    chart = views(at)["chart"]
    assert chart["title"] == "Top 20 for the Budget and Performance Sub-Committee"
    # the colour key: each criterion (less-is-better ones as "Low ..."), in the palette's order
    assert [item["label"] for item in chart["legend"]] == [
        "Matters",
        "Speaks to this audience",
        "Good timely data",
        "Comparable",
        "Low risk of perverse incentives",
    ]
    assert len({item["color"] for item in chart["legend"]}) == 5
    table = ranking_table(at)
    assert len(chart["rows"]) == 20
    for row, score in zip(chart["rows"], table["Score"], strict=True):
        assert len(row["parts"]) == 5 and min(row["parts"]) >= 0
        assert abs(sum(row["parts"]) - float(score)) < 1e-3  # the parts add up to the score
    assert chart["ticks"][0] == 0.0 and chart["ticks"][-1] == 1.0
    assert chart["leading"]["label"] == "Leading now:" and chart["leading"]["text"].startswith("1. ")


def test_the_chart_follows_the_weights():
    at = open_app("weigh")
    before = views(at)["chart"]["rows"]
    for key in CRITERIA:
        at.slider(key=f"weight_{key}").set_value(0)
    at.slider(key="weight_relevance").set_value(100).run()
    rows = views(at)["chart"]["rows"]
    assert rows != before
    # all weight on relevance: each bar is relevance's part alone
    assert all(row["parts"][0] == row["parts"][2] == row["parts"][3] == row["parts"][4] == 0 for row in rows)
    assert rows[0]["parts"][1] > 0


def test_audience_and_method_change_the_table():
    at = open_app("weigh")
    scrutiny = ranking_table(at)["ID"].tolist()
    at.selectbox(key="audience").set_value("operational").run()
    assert ranking_table(at)["ID"].tolist() != scrutiny
    at.selectbox(key="method").set_value("topsis").run()
    assert not at.exception
    assert "TOPSIS" in views(at)["chart"]["note"]


def test_order_of_importance_gives_rank_order_centroid_weights():
    at = open_app("weigh")
    at.radio(key="weight_mode").set_value("order").run()
    for place, key in enumerate(CRITERIA, start=1):
        at.selectbox(key=f"order_{key}").set_value(place)
    at.run()
    caption = " ".join(c.value for c in at.caption)
    # ROC for 5 criteria: 45.7%, 25.7%, 15.7%, 9.0%, 4.0%
    assert "Matters 46%" in caption and "Risk of perverse incentives 4%" in caption


def test_members_panel_is_drawn_only_when_opened():
    at = open_app("weigh")
    grids = len(at.dataframe)
    assert not any(c.key == "use_members" for c in at.checkbox)  # closed: no members' grid on every slider move
    at.session_state["members_open"] = True
    at.run()
    assert len(at.dataframe) == grids + 1  # the members' editor
    assert at.checkbox(key="use_members")


def test_members_weights_give_the_group_mean_and_spread():
    at = open_app("weigh")
    at.session_state["members_open"] = True
    at.session_state["members_editor"] = {
        "edited_rows": {},
        "added_rows": [
            {
                "member": "Cllr A",
                "rationale_strength": 100,
                "relevance": 0,
                "data_availability": 0,
                "comparability": 0,
                "perverse_incentive_risk": 0,
            },
            {
                "member": "Cllr B",
                "rationale_strength": 0,
                "relevance": 100,
                "data_availability": 0,
                "comparability": 0,
                "perverse_incentive_risk": 0,
            },
        ],
        "deleted_rows": [],
    }
    at.run()
    at.checkbox(key="use_members").check().run()
    assert not at.exception
    caption = " ".join(c.value for c in at.caption)
    assert "Matters 50%" in caption and "Speaks to this audience 50%" in caption
    assert "mean of 2 members' weights" in caption


def test_refresh_restores_weights_audience_and_method():
    at = open_app("weigh")
    at.slider(key="weight_relevance").set_value(80).run()
    at.selectbox(key="audience").set_value("executive").run()
    at.selectbox(key="method").set_value("vikor").run()
    draft = at.query_params["draft"]
    again = reopen(at, "weigh")
    assert again.query_params["draft"] == draft
    assert again.slider(key="weight_relevance").value == 80
    assert again.selectbox(key="audience").value == "executive"
    assert again.selectbox(key="method").value == "vikor"


def test_unknown_draft_id_starts_a_new_draft_with_a_notice():
    at = open_app("weigh", draft="nosuchdraft")
    assert at.query_params["draft"] != "nosuchdraft"
    assert any("No saved draft 'nosuchdraft'" in w.value for w in at.warning)


def test_members_sampling_with_no_members_entered_falls_back_to_around_on_weigh():
    at = open_app("robustness")
    at.selectbox(key="sampling").set_value("members").run()
    assert any("showing 'around' instead" in w.value for w in at.warning)
    at.switch_page("pmf_select/ui/pages/weigh.py").run()
    assert not at.exception  # it used to stop with "members sampling needs at least one member's weights"
    assert "Sampling: around" in views(at)["table"]["text"]  # what the table's column means, above it


def test_the_live_view_is_two_elements_and_the_columns_meaning_heads_the_table():
    """The chart (with its heading, colour key and leaders) and the table (with its
    heading and what its last column means) are one element each: the browser redraws
    every element of the live fragment on every slider move (issue 18)."""
    at = open_app("weigh")
    assert len(at.get("bidi_component")) == 2
    assert not at.get("vega_lite_chart") and not at.table
    assert not [m for m in at.markdown if m.value.startswith("### ")]
    table = views(at)["table"]
    assert table["title"] == "Ranking, with how often each makes the top 12"
    assert table["text"].startswith("How often in the top 12: the share of 10,000 plausible weightings")


def test_closed_check_sections_sit_outside_the_fragment_and_move_in_when_opened():
    """Closed, the two check sections are drawn after the live fragment (not redrawn on
    every slider move); opened, both are drawn inside it and follow the weights; closed
    again, the page is redrawn with them back outside."""
    at = open_app("weigh")
    labels = [e.label for e in at.expander]
    assert "Check a score by hand" in labels and "Do the methods agree?" in labels
    at.session_state["explain_open"] = True
    at.run()
    assert at.selectbox(key="explain_pick")  # the open section's content
    first = at.selectbox(key="explain_pick").value
    before = next(d.value for d in at.dataframe if "contribution" in d.value.columns)
    at.selectbox(key="explain_pick").set_value(first)
    at.slider(key="weight_relevance").set_value(100).run()
    after = next(d.value for d in at.dataframe if "contribution" in d.value.columns)
    assert after["weight"].tolist() != before["weight"].tolist()  # follows the weights
    at.session_state["explain_open"] = False
    at.run()
    assert not any(s.key == "explain_pick" for s in at.selectbox)
    assert [e.label for e in at.expander if e.label in dict(DETAILS).values()] == list(dict(DETAILS).values())


def test_the_officer_sees_the_top_20_and_the_whole_ranking_on_request():
    at = open_app("weigh")
    top = ranking_table(at)
    assert len(top) == 20 and list(top.columns)[:3] == ["Rank", "ID", "Indicator"]
    assert not at.dataframe  # the sortable grid is drawn only when asked for
    at.session_state["whole_open"] = True
    at.run()
    whole = next(d.value for d in at.dataframe if "p_top_k" in d.value.columns)
    assert len(whole) == 119
    ids = top["ID"].tolist()
    assert whole["id"].head(20).tolist() == ids
    shares = dict(zip(whole["id"], whole["p_top_k"], strict=True))
    assert [f"{shares[i]:.0%}" for i in ids] == top["How often in the top 12"].tolist()


def test_the_views_carry_names_as_typed_and_shares_by_id():
    """The component shows text as text (``textContent``): names and areas with Markdown
    or HTML in them reach it unchanged, not escaped (escaping would show backslashes),
    and the browser test checks they show as typed. Shares are matched by id."""
    import pandas as pd

    from pmf_select.ui.ranking_view import table_data

    table = pd.DataFrame(
        {
            "rank": [1, 2],
            "id": ["A-1", "B_2"],
            "name": ["**Bold** <script>alert(1)</script>", "[link](http://x.example)"],
            "service_area": ["Care | leavers", "# heading"],
            "score": [0.91234, 0.5],
        }
    )
    shares = {"B_2": 0.5, "A-1": 0.996}
    data = table_data(table, shares, 2, "How often in the top 1", title="t", text="x", ids=True, large=False)
    assert data["columns"] == ["Rank", "ID", "Indicator", "Service area", "Score", "How often in the top 1"]
    assert data["rows"] == [
        [1, "A-1", "**Bold** <script>alert(1)</script>", "Care | leavers", "0.912", "100%"],
        [2, "B_2", "[link](http://x.example)", "# heading", "0.500", "50%"],
    ]
    assert data["numeric"] == [True, False, False, False, True, True]
    room = table_data(table, shares, 1, "How often in the top 1", title="t", text="x", ids=False, large=True)
    assert "ID" not in room["columns"] and len(room["rows"]) == 1


def test_the_room_can_check_a_score_by_hand_and_sees_no_officer_sections():
    """Presentation mode keeps the hand check (any member may ask how a score was
    made); the officer's whole grid and methods comparison are not on the projector."""
    at = open_app("weigh", present="1")
    labels = [e.label for e in at.expander]
    assert "Check a score by hand" in labels
    assert "The whole ranking, sortable" not in labels and "Do the methods agree?" not in labels
    at.session_state["explain_open"] = True
    at.run()
    assert not at.exception
    assert at.selectbox(key="explain_pick")
    assert any("contribution" in d.value.columns for d in at.dataframe)
    at.session_state["explain_open"] = False
    at.run()
    assert not any(s.key == "explain_pick" for s in at.selectbox)
    assert [e.label for e in at.expander].count("Check a score by hand") == 1
