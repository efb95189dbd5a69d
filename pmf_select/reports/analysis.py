"""What the options paper reports about its options, computed apart from the writing.

Option letters (A, B, C ...), the recommendation and the rule behind it
(:func:`recommended_option`: of the options of the size the Sub-Committee asked for,
the one that covers the most service areas, FABRIC's "balanced"; HM Treasury et al.
2001, *Choosing the right FABRIC*), what each option gives up against each other
(:func:`option_trade_offs`), a set's coverage of the service areas and the rows of its
robustness chart. Plain functions of the options, so tests can check the paper's
tables against them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from pmf_select.errors import InputError
from pmf_select.longlist import LongList
from pmf_select.ranking import Acceptability

SET_SIZE_RANGE = (10, 15)
"""The size of set the Sub-Committee asked for; the recommended option is one of these sizes when it can be."""

CONTENDERS_SHOWN = 5
"""Robustness charts show the set's indicators and this many of the strongest left out."""


def option_letter(position: int) -> str:
    """Options are named A, B, C ... in the order given (0 -> "A")."""
    if not 0 <= position < 26:
        raise InputError(f"an options paper can name at most 26 options, not {position + 1}")
    return chr(ord("A") + position)


def _areas_covered(option) -> list[str]:
    coverage = option.coverage_by_area
    return coverage.loc[coverage["chosen"] > 0, "service_area"].tolist()


def recommended_option(options: Sequence, size_range: tuple[int, int] = SET_SIZE_RANGE) -> int:
    """The position of the option officers recommend, by a stated rule.

    Among the options whose size is in ``size_range`` (the 10-15 the Sub-Committee
    asked for; all options when none is), the one that covers the most service areas
    (FABRIC's "balanced": the set covers all the significant areas of work), then the
    higher total score, then the earlier option.
    """
    if not options:
        raise InputError("no options to recommend from")
    low, high = size_range
    pool = [i for i, o in enumerate(options) if low <= o.size <= high] or list(range(len(options)))
    return min(pool, key=lambda i: (-len(_areas_covered(options[i])), -round(options[i].total, 9), i))


def resolve_recommendation(options: Sequence, choice: str | None) -> int:
    """``choice`` as an option position: a letter (A, B ...) or an option key (balanced ...)."""
    if choice is None or not str(choice).strip():
        return recommended_option(options)
    text = str(choice).strip()
    letters = [option_letter(i) for i in range(len(options))]
    if text.upper() in letters:
        return letters.index(text.upper())
    keys = [o.key for o in options]
    if text.lower() in keys:
        return keys.index(text.lower())
    allowed = ", ".join(f"{letter} ({key})" for letter, key in zip(letters, keys, strict=True))
    raise InputError(f"cannot recommend '{text}': expected one of the options {allowed}")


TRADE_OFF_COLUMNS = ("option", "against", "gives_up", "gains", "areas_lost", "total_difference", "mean_difference")


def option_trade_offs(options: Sequence) -> pd.DataFrame:
    """What each option gives up against each other option.

    One row per ordered pair (``option``, ``against``), both option keys: ``gives_up``
    (ids in ``against`` but not in ``option``, in ``against``'s order), ``gains`` (ids
    in ``option`` but not in ``against``), ``areas_lost`` (service areas ``against``
    covers and ``option`` does not), ``total_difference`` and ``mean_difference``
    (``option`` minus ``against``, in weighted-sum score).
    """
    rows = []
    for option in options:
        mine = set(option.ids)
        covered = set(_areas_covered(option))
        for other in options:
            if other is option:
                continue
            theirs = set(other.ids)
            rows.append(
                {
                    "option": option.key,
                    "against": other.key,
                    "gives_up": [i for i in other.ids if i not in mine],
                    "gains": [i for i in option.ids if i not in theirs],
                    "areas_lost": [a for a in _areas_covered(other) if a not in covered],
                    "total_difference": float(option.total - other.total),
                    "mean_difference": float(option.total / option.size - other.total / other.size),
                }
            )
    return pd.DataFrame(rows, columns=list(TRADE_OFF_COLUMNS))


def set_coverage(longlist: LongList, ids: Sequence[str]) -> pd.DataFrame:
    """``service_area, chosen, candidates`` for every area of the list (its order)."""
    frame = longlist.frame
    chosen = frame[frame["id"].isin(set(ids))]["service_area"].value_counts()
    candidates = frame["service_area"].value_counts()
    areas = longlist.service_areas
    return pd.DataFrame(
        {
            "service_area": areas,
            "chosen": [int(chosen.get(a, 0)) for a in areas],
            "candidates": [int(candidates.get(a, 0)) for a in areas],
        }
    )


def robustness_rows(result: Acceptability, ids: Sequence[str], contenders: int = CONTENDERS_SHOWN) -> pd.DataFrame:
    """The set's rows of an acceptability result's table (in ``ids`` order), then the strongest left out.

    Columns ``id, name, p_top_k, p_top_k_low, p_top_k_high, class, in_set``; the left-out
    rows are the ``contenders`` with the highest ``p_top_k`` (the table's own order).
    """
    table = result.table
    by_id = table.set_index("id", drop=False)
    inside = by_id.loc[list(ids)].copy()
    inside["in_set"] = True
    outside = table[~table["id"].isin(set(ids))].head(contenders).copy()
    outside["in_set"] = False
    columns = ["id", "name", "p_top_k", "p_top_k_low", "p_top_k_high", "class", "in_set"]
    return pd.concat([inside[columns], outside[columns]], ignore_index=True)


def membership_all(options: Sequence, letters: Sequence[str]) -> dict[str, str]:
    """Each id in any option -> the letters of the options that include it ("A, C")."""
    out: dict[str, str] = {}
    for letter, option in zip(letters, options, strict=True):
        for cid in option.ids:
            out[cid] = f"{out[cid]}, {letter}" if cid in out else letter
    return out
