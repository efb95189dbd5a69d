"""The scoring rubric of ``candidates/README.md``, as rules a program checks.

Most scores on the long list are judgements, but the rubric also sets limits a
judgement must stay inside: a measure with no direction of good cannot be scored as
if it had one; a 5 must name the 2016 finding it answers; a measure whose target is
known to distort practice must be read with its pair; an annual-only figure cannot
be reported every quarter. Every limit that can be written down is one function
here, so a row that breaks it is found by ``validate --rubric`` and by the tests,
not by a reader months later.

Each rule takes the long list's table (text or numbers; ``LongList.frame`` or a
``pandas.read_csv(..., dtype=str)`` frame) and returns :class:`RubricProblem` values
naming the candidate id and the column at fault. Rules skip quietly when the
columns they need are absent, so an older list without the reporting columns is
checked on what it has. The module is pure: no file or environment reads.

Sources of the rules: the rubric tables in ``candidates/README.md``; FABRIC
("Choosing the right FABRIC", HM Treasury and others, 2001) for relevance,
attribution and avoiding perverse incentives; Audit Commission, "On Target" (2000)
for an unambiguous direction of good; Munro (2011), Smith (1995) and Bevan and Hood
(2006) for pairing measures whose targets distort practice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from pmf_select.longlist.derive import comparability, data_availability

CONTEXTUAL_MAX = 3
"""Highest ``rationale_strength`` for a contextual measure ("ambiguous in direction")."""

PAIR_REQUIRED_FROM = 4
"""``perverse_incentive_risk`` from which the rubric says "must be paired"."""

QUARTERLY_LAG_MAX = 3
"""A quarterly figure must be available within the next quarter."""

ANNUAL_OPERATIONAL_MAX = 2
"""Highest operational relevance of a figure produced only once a year."""

LATEST_ENGLAND_YEAR = 2017
"""England figures describe 2016-17 or earlier (the scenario is January-March 2018)."""

PRIORITIES_2016 = MappingProxyType(
    {
        "neglect": ("neglect left too long", r"\bneglect"),
        "missing": ("the missing and child sexual exploitation response", r"\bmissing\b|exploitation|\bCSE\b"),
        "bed-and-breakfast": ("B&B for homeless 16-17-year-olds and care leavers", r"\bB&B\b|bed and breakfast"),
        "care-leavers": ("care leavers' experiences and progress (judged inadequate)", r"\bcare leavers?\b"),
        "adoption": ("adoption considered too late and progressed too slowly", r"\badopt"),
        "stability": ("the foster placement stability strength", r"\bstabilit|\bstable\b"),
    }
)
"""Bromley's 2016 inspection findings a 5 must answer: key -> (label, pattern).

A row is tied to a priority when its rationale or scoring notes mention "2016" and
match the priority's pattern (case-insensitive).
"""


@dataclass(frozen=True)
class RubricProblem:
    """One row breaking one rubric rule."""

    candidate: str
    column: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.candidate}, column '{self.column}': {self.message} [{self.rule}]"


# ------------------------------------------------------------------ helpers


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _number(value: object) -> float | None:
    text = _text(value)
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _rows(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict(orient="records")


def _has(frame: pd.DataFrame, *columns: str) -> bool:
    return all(c in frame.columns for c in columns)


def _shown(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _shown_cell(value: object) -> str:
    number = _number(value)
    return _text(value) if number is None else _shown(number)


def priorities_of(row: dict) -> set[str]:
    """The 2016 priorities a row's rationale and scoring notes name (empty unless "2016" appears)."""
    text = " ".join(_text(row.get(c)) for c in ("rationale", "scoring_notes"))
    if "2016" not in text:
        return set()
    return {key for key, (_, pattern) in PRIORITIES_2016.items() if re.search(pattern, text, flags=re.I)}


# ------------------------------------------------------------------ the rules


def derived_scores_follow_the_rule(frame: pd.DataFrame) -> list[RubricProblem]:
    """``data_availability`` and ``comparability`` equal the derivation rule (derive.py).

    This is also where the statutory-return bonus is checked: only a return the
    council itself makes (CIN census, SSDA903, ...) earns it.
    """
    problems = []
    for row in _rows(frame):
        if _has(frame, "data_availability", "local_frequency") and _text(row["local_frequency"]):
            try:
                want = data_availability(_text(row.get("source")), _text(row["local_frequency"]))
            except ValueError as exc:
                problems.append(RubricProblem(row["id"], "local_frequency", "derived-scores", str(exc)))
            else:
                have = _number(row["data_availability"])
                if have != want:
                    problems.append(
                        RubricProblem(
                            row["id"],
                            "data_availability",
                            "derived-scores",
                            f"is {_shown_cell(row['data_availability'])} but the rule gives {want} "
                            f"(source '{_text(row.get('source'))}', local_frequency '{_text(row['local_frequency'])}')",
                        )
                    )
        if _has(frame, "comparability", "comparators") and _text(row["comparators"]):
            try:
                want = comparability(_text(row["comparators"]))
            except ValueError as exc:
                problems.append(RubricProblem(row["id"], "comparators", "derived-scores", str(exc)))
            else:
                if _number(row["comparability"]) != want:
                    problems.append(
                        RubricProblem(
                            row["id"],
                            "comparability",
                            "derived-scores",
                            f"is {_shown_cell(row['comparability'])} but the rule gives {want} "
                            f"(comparators '{_text(row['comparators'])}')",
                        )
                    )
    return problems


def contextual_is_at_most_three(frame: pd.DataFrame) -> list[RubricProblem]:
    """A contextual measure (no direction of good) scores at most 3 on ``rationale_strength``.

    Rubric: 4 and 5 need a clear link to outcomes the council can move in a known
    direction; a volume or rate with no good direction is at best "ambiguous in
    direction" (3). Its weight for members is carried by the relevance scores.
    """
    if not _has(frame, "polarity", "rationale_strength"):
        return []
    problems = []
    for row in _rows(frame):
        score = _number(row["rationale_strength"])
        if _text(row["polarity"]).lower() == "contextual" and score is not None and score > CONTEXTUAL_MAX:
            problems.append(
                RubricProblem(
                    row["id"],
                    "rationale_strength",
                    "contextual-at-most-3",
                    f"is {_shown(score)} on a contextual measure: expected at most {CONTEXTUAL_MAX}",
                )
            )
    return problems


def five_answers_a_2016_finding(frame: pd.DataFrame) -> list[RubricProblem]:
    """A 5 is an outcome or a serious risk with a direction, tied to a named 2016 finding.

    Rubric: "a direct measure of outcomes or of the most serious risks, clearly
    attributable, and tied to a Bromley improvement priority from 2016". Checked as:
    not a volume (``measure_type`` "how much"), and the rationale or scoring notes
    say "2016" and name one of :data:`PRIORITIES_2016`.
    """
    if "rationale_strength" not in frame.columns:
        return []
    problems = []
    labels = ", ".join(PRIORITIES_2016)
    for row in _rows(frame):
        if _number(row["rationale_strength"]) != 5:
            continue
        if _text(row.get("measure_type")).lower() == "how much":
            problems.append(
                RubricProblem(
                    row["id"],
                    "rationale_strength",
                    "five-needs-2016-tie",
                    "is 5 on a volume measure ('how much'): expected at most 4",
                )
            )
        if not priorities_of(row):
            problems.append(
                RubricProblem(
                    row["id"],
                    "rationale_strength",
                    "five-needs-2016-tie",
                    f"is 5 but the rationale and scoring notes name no 2016 finding: expected '2016' and one of {labels}",
                )
            )
    return problems


def mutual_pairs_on_one_priority_score_alike(frame: pd.DataFrame) -> list[RubricProblem]:
    """Two rows paired with each other on the same 2016 priority get the same ``rationale_strength``.

    Mutual pairs are counterweights (CP plans lasting two years and repeat plans):
    each is meaningless without the other, so neither matters more.
    """
    if not _has(frame, "pair_with", "rationale_strength"):
        return []
    rows = {row["id"]: row for row in _rows(frame)}
    problems = []
    for cid, row in rows.items():
        other = rows.get(_text(row["pair_with"]))
        if other is None or _text(other["pair_with"]) != cid or cid > other["id"]:
            continue
        shared = priorities_of(row) & priorities_of(other)
        mine, theirs = _number(row["rationale_strength"]), _number(other["rationale_strength"])
        if shared and mine != theirs:
            low, high = (row, other) if (mine or 0) < (theirs or 0) else (other, row)
            problems.append(
                RubricProblem(
                    low["id"],
                    "rationale_strength",
                    "mutual-pairs-alike",
                    f"is {_shown_cell(low['rationale_strength'])} but its mutual pair {high['id']} on the same 2016 "
                    f"priority ({', '.join(sorted(shared))}) is {_shown_cell(high['rationale_strength'])}: expected equal",
                )
            )
    return problems


def risky_measures_are_paired(frame: pd.DataFrame) -> list[RubricProblem]:
    """``perverse_incentive_risk`` 4 or 5 needs a ``pair_with`` (rubric: "must be paired")."""
    if not _has(frame, "perverse_incentive_risk", "pair_with"):
        return []
    problems = []
    for row in _rows(frame):
        risk = _number(row["perverse_incentive_risk"])
        if risk is not None and risk >= PAIR_REQUIRED_FROM and not _text(row["pair_with"]):
            problems.append(
                RubricProblem(
                    row["id"],
                    "pair_with",
                    "risky-needs-pair",
                    f"is blank but perverse_incentive_risk is {_shown(risk)}: expected the id of the measure "
                    "it must be read with",
                )
            )
    return problems


def judgements_at_the_ends_are_explained(frame: pd.DataFrame) -> list[RubricProblem]:
    """A 5 for ``rationale_strength``, or a perverse risk of 4-5, says why in ``scoring_notes``."""
    if "scoring_notes" not in frame.columns:
        return []
    problems = []
    for row in _rows(frame):
        if _text(row["scoring_notes"]):
            continue
        if _number(row.get("rationale_strength")) == 5:
            problems.append(
                RubricProblem(
                    row["id"], "scoring_notes", "explain-judgements", "is blank on a rationale 5: expected the reason"
                )
            )
        risk = _number(row.get("perverse_incentive_risk"))
        if risk is not None and risk >= PAIR_REQUIRED_FROM:
            problems.append(
                RubricProblem(
                    row["id"],
                    "scoring_notes",
                    "explain-judgements",
                    f"is blank on a perverse incentive risk of {_shown(risk)}: expected the distortion it invites",
                )
            )
    return problems


def pairs_are_reported_together(frame: pd.DataFrame) -> list[RubricProblem]:
    """A row and the row it must be read with have the same ``reporting``: they go in the same report."""
    if not _has(frame, "pair_with", "reporting"):
        return []
    rows = {row["id"]: row for row in _rows(frame)}
    problems = []
    for cid, row in rows.items():
        other = rows.get(_text(row["pair_with"]))
        if other is None:
            continue
        mine, theirs = _text(row["reporting"]).lower(), _text(other["reporting"]).lower()
        if mine and theirs and mine != theirs:
            problems.append(
                RubricProblem(
                    cid,
                    "reporting",
                    "pairs-reported-together",
                    f"is {mine} but its pair {other['id']} is {theirs}: expected the same",
                )
            )
    return problems


def annual_data_are_reported_annually(frame: pd.DataFrame) -> list[RubricProblem]:
    """A figure produced only once a year (``local_frequency`` annual) cannot be reported quarterly."""
    if not _has(frame, "local_frequency", "reporting"):
        return []
    problems = []
    for row in _rows(frame):
        if _text(row["local_frequency"]).lower() == "annual" and _text(row["reporting"]).lower() == "quarterly":
            problems.append(
                RubricProblem(
                    row["id"],
                    "reporting",
                    "annual-data-annual-report",
                    "is quarterly but local_frequency is annual: expected annual",
                )
            )
    return problems


def quarterly_figures_arrive_within_a_quarter(frame: pd.DataFrame) -> list[RubricProblem]:
    """A quarterly figure is available within three months of the quarter's end."""
    if not _has(frame, "reporting", "lag_months"):
        return []
    problems = []
    for row in _rows(frame):
        lag = _number(row["lag_months"])
        if _text(row["reporting"]).lower() == "quarterly" and lag is not None and lag > QUARTERLY_LAG_MAX:
            problems.append(
                RubricProblem(
                    row["id"],
                    "lag_months",
                    "quarterly-lag",
                    f"is {_shown(lag)} on a quarterly measure: expected at most {QUARTERLY_LAG_MAX}, "
                    "or report it annually",
                )
            )
    return problems


def annual_figures_are_not_for_team_managers(frame: pd.DataFrame) -> list[RubricProblem]:
    """An annual-only figure scores at most 2 for service and team managers.

    Rubric: "a team manager can do little with an annual GCSE figure"; operational
    relevance needs case-level data at least monthly.
    """
    if not _has(frame, "local_frequency", "relevance_operational"):
        return []
    problems = []
    for row in _rows(frame):
        score = _number(row["relevance_operational"])
        if _text(row["local_frequency"]).lower() == "annual" and score is not None and score > ANNUAL_OPERATIONAL_MAX:
            problems.append(
                RubricProblem(
                    row["id"],
                    "relevance_operational",
                    "annual-not-operational",
                    f"is {_shown(score)} on an annual-only figure: expected at most {ANNUAL_OPERATIONAL_MAX}",
                )
            )
    return problems


_MONTHS = {
    m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}


def _after_2016_17(period: str) -> bool:
    """True when a period such as "2017-18", "May 2018" or "30 Sep 2017" falls after 2016-17.

    A year range is judged by its second year (2016-17 ends in 2017); a date with a
    month by the financial year it falls in (after 31 March 2017 is 2017-18); a bare
    year (an academic or calendar year, "2017") by the year.
    """
    years = [int(y) for y in re.findall(r"\d{4}", period)]
    years += [2000 + int(y) for y in re.findall(r"\d{4}-(\d{2})\b", period)]
    if max(years) > LATEST_ENGLAND_YEAR:
        return True
    for month, year in re.findall(r"\b([A-Za-z]{3})[a-z]*\.? (\d{4})\b", period):
        number = _MONTHS.get(month.lower())
        if number is not None and (int(year), number) > (LATEST_ENGLAND_YEAR, 3):
            return True
    return False


def england_figures_follow_the_policy(frame: pd.DataFrame) -> list[RubricProblem]:
    """An England figure is blank, or carries its period in brackets, dated 2016-17 or earlier.

    The scenario is January-March 2018: a figure for a later period (the workforce at
    30 September 2017, the 2017-18 returns) was not known to members then.
    """
    if "england_figure" not in frame.columns:
        return []
    problems = []
    for row in _rows(frame):
        figure = _text(row["england_figure"])
        if not figure:
            continue
        period = re.search(r"\(([^)]*\d{4}[^)]*)\)", figure)
        if period is None:
            problems.append(
                RubricProblem(
                    row["id"],
                    "england_figure",
                    "england-figure-policy",
                    f"'{figure}' has no period: expected one in brackets, e.g. (2016-17)",
                )
            )
            continue
        if _after_2016_17(period.group(1)):
            problems.append(
                RubricProblem(
                    row["id"],
                    "england_figure",
                    "england-figure-policy",
                    f"'{figure}' is dated after 2016-17: not known in the January-March 2018 scenario",
                )
            )
    return problems


def overlaps_are_mutual(frame: pd.DataFrame) -> list[RubricProblem]:
    """``overlaps_with`` names other existing candidates, and each names the other back."""
    if "overlaps_with" not in frame.columns:
        return []
    overlaps = {
        row["id"]: {o.strip() for o in _text(row["overlaps_with"]).split(";") if o.strip()} for row in _rows(frame)
    }
    problems = []
    for cid, others in overlaps.items():
        for other in sorted(others):
            if other == cid:
                message = "names the row itself: expected other candidates"
            elif other not in overlaps:
                message = f"names unknown id '{other}'"
            elif cid not in overlaps[other]:
                message = f"names {other}, which does not name {cid} back: expected both ways"
            else:
                continue
            problems.append(RubricProblem(cid, "overlaps_with", "overlaps-mutual", message))
    return problems


RULES: tuple[Callable[[pd.DataFrame], list[RubricProblem]], ...] = (
    derived_scores_follow_the_rule,
    contextual_is_at_most_three,
    five_answers_a_2016_finding,
    mutual_pairs_on_one_priority_score_alike,
    risky_measures_are_paired,
    judgements_at_the_ends_are_explained,
    pairs_are_reported_together,
    annual_data_are_reported_annually,
    quarterly_figures_arrive_within_a_quarter,
    annual_figures_are_not_for_team_managers,
    england_figures_follow_the_policy,
    overlaps_are_mutual,
)
"""Every checkable rubric rule, in the order candidates/README.md states them."""


def check_rubric(longlist: object) -> list[RubricProblem]:
    """Every rubric problem in a long list (a ``LongList`` or its table), rule by rule."""
    frame = getattr(longlist, "frame", longlist)
    if not isinstance(frame, pd.DataFrame):
        raise TypeError("check_rubric expects a LongList or a pandas DataFrame")
    if "id" not in frame.columns:
        return []
    problems: list[RubricProblem] = []
    for rule in RULES:
        problems.extend(rule(frame))
    return problems
