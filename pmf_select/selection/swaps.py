"""What each choice costs: swap costs, the set-level sensitivity of the optimal set.

A committee member who asks "why not this one instead?" deserves a number. For each
chosen indicator the set is solved again without it, and for each left-out one again
with it forced in; the change in total score, and what leaves and what comes in, are
shown as "swap X for Y: -0.03" (mcda-notes section 4.2). Each re-solve reuses the
compiled constraints and their constraint matrix, so all of a list's swap costs take
a fraction of a second (docs/selection.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from pmf_select.errors import InputError
from pmf_select.longlist import LongList
from pmf_select.ranking import SCORE_DECIMALS
from pmf_select.selection.chosen_set import candidate_values
from pmf_select.selection.constraints import InfeasibleSet, SetConstraints, _as_constraints, _compile
from pmf_select.selection.infeasibility import _relaxation_reasons, _simple_reasons
from pmf_select.selection.solver import _check_solver, _matrix, _solve_many


def format_change(change: float) -> str:
    """A change in total score as text: "-0.03"; small non-zero changes keep a third
    decimal ("-0.004") so they never read as free; an exact tie is "0.00"."""
    if abs(change) < 1e-12:
        return "0.00"
    text = f"{change:.2f}"
    if float(text) == 0:
        text = f"{change:.3f}"
        if float(text) == 0:
            text = f"{change:.1e}"
    return text


def swap_text(out_ids: Sequence[str], in_ids: Sequence[str], change: float) -> str:
    """``swap X for Y: -0.03`` (several ids joined with ", ")."""
    return f"swap {', '.join(out_ids)} for {', '.join(in_ids)}: {format_change(change)}"


SWAP_COLUMNS = ("id", "name", "service_area", "in_set", "score", "change", "out_ids", "in_ids", "swap", "note")


def swap_costs(
    longlist: LongList,
    audience: str,
    weights: Mapping[str, float] | None = None,
    constraints: SetConstraints | int | None = None,
    *,
    ids: Sequence[str] | None = None,
    solver: str = "auto",
) -> pd.DataFrame:
    """What each choice costs: set-level sensitivity (mcda-notes section 4.2).

    For each chosen indicator, re-solve with it excluded: ``change`` is the new total
    minus the optimal total (<= 0), ``out_ids`` what leaves, ``in_ids`` what replaces
    it. For each left-out indicator, re-solve with it forced in: ``change`` is the
    cost of forcing it, ``out_ids`` what it displaces. ``swap`` renders it as
    "swap X for Y: -0.03". Where no re-solve is possible, ``change`` is NaN and
    ``note`` says why (must-include, excluded, below the data-availability minimum,
    or no set meets the constraints without / with it).

    Columns: ``id, name, service_area, in_set, score, change, out_ids, in_ids, swap,
    note`` (``out_ids``/``in_ids`` are "; "-joined). Chosen rows first in score
    order, then left-out rows from cheapest to dearest to force in. ``ids`` limits
    the rows computed (the base set is always solved).
    """
    constraints = _as_constraints(constraints)
    _check_solver(solver)
    longlist.criteria.audience(audience)
    values = candidate_values(longlist, audience, weights).to_numpy()
    inst = _compile(longlist, constraints)
    reasons = _simple_reasons(inst)
    if reasons:
        raise InfeasibleSet(inst.k, reasons)
    try:
        base = _solve_many(inst, values[None, :], solver)[0][0]
    except InfeasibleSet:
        raise InfeasibleSet(inst.k, _relaxation_reasons(longlist, constraints)) from None
    total = float(values[base].sum())
    matrix = None if inst.simple else _matrix(inst)
    position = {cid: i for i, cid in enumerate(inst.ids)}
    if ids is None:
        rows = list(range(inst.n))
    else:
        unknown = [i for i in ids if i not in position]
        if unknown:
            raise InputError(f"swap costs asked for id(s) not in the long list: {', '.join(unknown)}")
        rows = [position[i] for i in ids]
    frame = longlist.frame
    records = []
    for j in rows:
        in_set = bool(base[j])
        change, out_ids, in_ids, note = math.nan, [], [], ""
        if in_set and inst.forced[j]:
            note = "must include (a constraint)"
        elif not in_set and inst.excluded[j]:
            note = "must exclude (a constraint)"
        elif not in_set and inst.below_floor[j]:
            note = (
                f"data availability {inst.availability[j]:g} is below the minimum {constraints.min_data_availability:g}"
            )
        else:
            if in_set:
                variant = replace(inst, excluded=inst.excluded | _one_hot(inst.n, j))
            else:
                variant = replace(inst, forced=inst.forced | _one_hot(inst.n, j))
            problems = _simple_reasons(variant)
            mask = None
            if not problems:
                try:
                    mask = _solve_many(variant, values[None, :], solver, matrix)[0][0]
                except InfeasibleSet:
                    mask = None
            if mask is None:
                note = (
                    "needed: no set meets the constraints without it"
                    if in_set
                    else "cannot be added: no set meets the constraints with it"
                )
            else:
                change = round(float(values[mask].sum()) - total, SCORE_DECIMALS)
                out_ids = [inst.ids[i] for i in np.flatnonzero(base & ~mask)]
                in_ids = [inst.ids[i] for i in np.flatnonzero(mask & ~base)]
        records.append(
            {
                "id": inst.ids[j],
                "name": frame["name"].iat[j],
                "service_area": frame["service_area"].iat[j],
                "in_set": in_set,
                "score": float(values[j]),
                "change": change,
                "out_ids": "; ".join(out_ids),
                "in_ids": "; ".join(in_ids),
                "swap": swap_text(out_ids, in_ids, change) if out_ids else "",
                "note": note,
            }
        )
    table = pd.DataFrame.from_records(records, columns=list(SWAP_COLUMNS))
    table["_pos"] = [inst.priority[position[i]] for i in table["id"]]
    chosen = table[table["in_set"]].sort_values(["score", "_pos"], ascending=[False, True], kind="stable")
    left = table[~table["in_set"]].sort_values(
        ["change", "score", "_pos"], ascending=[False, False, True], na_position="last", kind="stable"
    )
    return pd.concat([chosen, left]).drop(columns="_pos").reset_index(drop=True)


def _one_hot(n: int, j: int) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    out[j] = True
    return out
