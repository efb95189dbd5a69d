"""Building a balanced KPI set: a 0-1 integer programme, its infeasibility reasons,
swap costs and set-level robustness.

"Top k by score" can fill a committee's twelve places with child-protection
timeliness measures. Here the set is chosen as a whole: pick exactly ``k`` candidates
to maximise the total weighted-sum score

    max  sum_j v_j x_j
    s.t. sum_j x_j = k                                   (set size)
         lo_a <= sum_{j in area a} x_j <= hi_a           (coverage, per service area)
         sum_{j outcome} x_j >= m                        (outcome measures)
         x_i + x_j <= 1           for overlapping pairs  (no double counting)
         x_j = 1 must-include;  x_j = 0 must-exclude or below the data-availability floor
         x_j in {0, 1}

where ``v_j`` is candidate j's weighted-sum score (0-1). This is the deterministic
core of Robust Portfolio Modelling (Liesio, Mild & Salo 2007, EJOR 181(3):1488-1505;
Salo, Keisler & Morton (eds.) 2011, *Portfolio Decision Analysis*, Springer) and is
solved with HiGHS through :func:`scipy.optimize.milp` with a zero relative gap (HiGHS's
absolute tolerance, 1e-6 of total score, is far below any difference a member sees).

This module is the public door; each part lives in a module named for its job:

* :mod:`pmf_select.selection.constraints`: :class:`SetConstraints`, the rules in the committee's
  terms, compiled to arrays over the long list; :func:`overlap_pairs`, :func:`outcome_mask`.
* :mod:`pmf_select.selection.solver`: the exact greedy fast path (:func:`greedy_kernel`), HiGHS
  in batches, and the tie rule (equal scores go to the lower id).
* :mod:`pmf_select.selection.infeasibility`: :func:`explain_infeasible` and :func:`violations`,
  in plain English.
* :mod:`pmf_select.selection.relaxation`: :func:`suggest_relaxations`, the smallest change to
  each rule that makes a set possible again (one click each in the workshop).
* :mod:`pmf_select.selection.chosen_set`: :func:`build_set`, the optimal set at the given weights.
* :mod:`pmf_select.selection.swaps`: :func:`swap_costs`, what each choice costs.
* :mod:`pmf_select.selection.set_robustness`: :func:`set_robustness`, how often each candidate is
  in the optimal set across weightings.
"""

from pmf_select.selection.chosen_set import ChosenSet, build_set, candidate_values
from pmf_select.selection.constraints import OUTCOME_MEASURE, InfeasibleSet, SetConstraints, outcome_mask, overlap_pairs
from pmf_select.selection.infeasibility import explain_infeasible, violations
from pmf_select.selection.options import (
    Option,
    OptionTemplate,
    annual_only_ids,
    area_phrase,
    audience_coverage,
    build_options,
    common_indicators,
    default_templates,
    finance_areas,
    indicator_reason,
    options_markdown,
    options_summary,
)
from pmf_select.selection.relaxation import Relaxation, suggest_relaxations
from pmf_select.selection.set_robustness import LABELS, SET_ROBUSTNESS_COLUMNS, set_robustness
from pmf_select.selection.solver import MILP_BATCH, SOLVERS, greedy_kernel
from pmf_select.selection.swaps import SWAP_COLUMNS, format_change, swap_costs, swap_text

__all__ = [
    "ChosenSet",
    "InfeasibleSet",
    "LABELS",
    "MILP_BATCH",
    "OUTCOME_MEASURE",
    "Option",
    "OptionTemplate",
    "Relaxation",
    "SET_ROBUSTNESS_COLUMNS",
    "SOLVERS",
    "SWAP_COLUMNS",
    "SetConstraints",
    "annual_only_ids",
    "area_phrase",
    "audience_coverage",
    "build_options",
    "build_set",
    "candidate_values",
    "common_indicators",
    "default_templates",
    "explain_infeasible",
    "finance_areas",
    "format_change",
    "greedy_kernel",
    "indicator_reason",
    "options_markdown",
    "options_summary",
    "outcome_mask",
    "overlap_pairs",
    "set_robustness",
    "suggest_relaxations",
    "swap_costs",
    "swap_text",
    "violations",
]
