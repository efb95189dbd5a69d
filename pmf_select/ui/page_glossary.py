"""Glossary: the technical words behind the plain labels on the meeting's screens.

The room sees plain words ("how often it makes the set", "the methods agree"); the
terms an analyst would use are kept for officer views, the technical appendix and
this page, so a member who asks can read what each means.
"""

from __future__ import annotations

import streamlit as st

from pmf_select.ui import tables

TERMS: tuple[tuple[str, str, str], ...] = (
    (
        "Weighted score",
        "weighted sum (WSM)",
        "Each criterion's 0-5 score is put on a 0-1 scale and multiplied by its weight; the products are added. "
        "A member can check any score by hand (Weigh page, 'Check a score by hand').",
    ),
    (
        "Swing points",
        "swing weighting",
        "Give 100 to the criterion whose swing from worst to best matters most, and fewer points to the others. "
        "Points are divided by their total to give the weights.",
    ),
    (
        "Order of importance",
        "rank-order centroid (ROC) weights",
        "Weights worked out from an agreed order alone, when the room will not put numbers on them.",
    ),
    (
        "How often it makes the top / the set",
        "P(top k), acceptability",
        "The share of many plausible weightings under which an indicator is in the top k (or in the best set).",
    ),
    (
        "In under almost any weighting / contested / out",
        "robustness classes",
        "In: in the top k for at least 90% of the weightings tried; out: at most 10%; contested: in between.",
    ),
    (
        "How precise the shares are",
        "Monte Carlo error",
        "Shares come from trying many weightings at random; with 10,000 tries they are within about 1 point.",
    ),
    (
        "Repeatable draw",
        "random seed",
        "The starting number for the random draws, recorded so anyone can get exactly the same figures again.",
    ),
    (
        "The methods agree",
        "Kendall's tau",
        "How alike two rankings are: 1 = the same order, 0 = unrelated. Shown in the officer view.",
    ),
    (
        "Best balanced set",
        "0-1 integer programme (solved by a greedy rule or HiGHS)",
        "The set of the agreed size with the highest total score that meets every rule (areas, outcome measures, "
        "must include/exclude). The method used to find it is listed in the officer view.",
    ),
    (
        "What a swap costs",
        "swap cost",
        "How much the set's total score falls if one indicator is dropped for the best replacement, or one is forced in.",
    ),
    (
        "Outcome measure",
        "outcome",
        "Tells whether children and families are better off, not only how much was done or how quickly.",
    ),
    (
        "Locked decision",
        "decision record, SHA-256 seal",
        "The agreed set as recorded. A fingerprint (SHA-256) of the record is kept, so any change to a circulated "
        "file can be detected. A locked decision is never changed: a later change is a new decision that supersedes it.",
    ),
)


def render() -> None:
    st.title("Glossary")
    frame = tables.frame_of(TERMS, ["On screen", "Technical term", "What it means"])
    st.table(frame, hide_index=True)  # static in both modes: the explanations wrap, never cut off
