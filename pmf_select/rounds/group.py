"""The room's view of a round: each member's weights as shares, and the group's median and spread.

Swing points only mean something relative to each other, so each member's points are
turned into shares of their own total (percent, summing to 100), the same
normalisation the ranking applies to members' weights (``ranking.group_weights``).
Per criterion the view gives the median share (robust to one member at an extreme)
and the spread, lowest to highest, which is where the room disagrees.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from pmf_select.rounds.answers import Answer
from pmf_select.rounds.lifecycle import Round

SUMMARY_COLUMNS = ["key", "criterion", "median", "lowest", "highest", "answers"]
DOT_COLUMNS = ["member", "key", "criterion", "share"]


def shares(weights: dict[str, float], keys: Sequence[str]) -> dict[str, float]:
    """Points as percent of the member's own total (0-100, summing to 100)."""
    total = sum(float(weights.get(k, 0.0)) for k in keys)
    return {k: (100.0 * float(weights.get(k, 0.0)) / total if total > 0 else 0.0) for k in keys}


def member_dots(round_: Round, answers: Sequence[Answer]) -> pd.DataFrame:
    """One row per member and criterion: ``member, key, criterion, share`` (percent)."""
    rows = []
    for answer in answers:
        for criterion in round_.criteria:
            rows.append(
                [answer.label, criterion.key, criterion.label, shares(answer.weights, round_.keys)[criterion.key]]
            )
    return pd.DataFrame(rows, columns=DOT_COLUMNS)


def group_summary(round_: Round, answers: Sequence[Answer]) -> pd.DataFrame:
    """Per criterion, in the round's order: median, lowest and highest share (percent) and the count."""
    dots = member_dots(round_, answers)
    rows = []
    for criterion in round_.criteria:
        values = dots.loc[dots["key"] == criterion.key, "share"]
        if len(values):
            rows.append([criterion.key, criterion.label, values.median(), values.min(), values.max(), len(values)])
        else:
            rows.append([criterion.key, criterion.label, float("nan"), float("nan"), float("nan"), 0])
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
