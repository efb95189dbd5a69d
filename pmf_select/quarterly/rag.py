"""RAG ratings and direction of travel, by the quarterly template's own rule.

The template (:data:`pmf_select.record.export.DIRECTIONS`) states the rule officers
fill it in by, and this module applies exactly that rule:

* higher is better: green at or above the green level, red at or below the red level,
  amber strictly between;
* lower is better: green at or below the green level, red at or above the red level,
  amber strictly between;
* contextual indicators (no good direction), and indicators without both levels, are
  ``not rated``; a quarter with no figure is ``no data`` (a blank is not a zero).

Direction of travel compares a figure with an earlier one in the light of the
indicator's polarity: ``improving``, ``worsening`` or ``no change``; for a contextual
indicator only ``up``, ``down`` or ``no change``; ``not known`` when either figure is
missing.
"""

from __future__ import annotations

GREEN, AMBER, RED, NOT_RATED, NO_DATA = "green", "amber", "red", "not rated", "no data"
RAG_VALUES = (GREEN, AMBER, RED, NOT_RATED, NO_DATA)
IMPROVING, WORSENING, NO_CHANGE, UP, DOWN, NOT_KNOWN = "improving", "worsening", "no change", "up", "down", "not known"
RAG_COLOURS = {GREEN: "#1B7837", AMBER: "#E69F00", RED: "#C0392B", NOT_RATED: "#DDDDDD", NO_DATA: "#FFFFFF"}
"""Fill colours for a RAG cell (text on them is always black or white and also says the rating)."""


def levels_problem(polarity: str, green: float | None, red: float | None) -> str | None:
    """Why these RAG levels cannot be used for this polarity, or None when they can.

    Both levels or neither; a contextual indicator has none; for "higher is better"
    the green level must be above the red level, for "lower is better" below it
    (equal levels would make a figure both green and red).
    """
    if green is None and red is None:
        return None
    if polarity == "contextual":
        return "this indicator is contextual (no good direction), so it has no RAG levels: leave them blank"
    if green is None or red is None:
        return "give both the green and the red level, or neither"
    if polarity == "higher" and not green > red:
        return (
            f"higher is better, so the green level must be above the red level (green {green:g}, red {red:g})"
        )
    if polarity == "lower" and not green < red:
        return f"lower is better, so the green level must be below the red level (green {green:g}, red {red:g})"
    return None


def rag(value: float | None, polarity: str, green: float | None, red: float | None) -> str:
    """The RAG rating of one figure (see the module docstring)."""
    if value is None:
        return NO_DATA
    if polarity not in ("higher", "lower") or green is None or red is None:
        return NOT_RATED
    if polarity == "higher":
        if value >= green:
            return GREEN
        if value <= red:
            return RED
        return AMBER
    if value <= green:
        return GREEN
    if value >= red:
        return RED
    return AMBER


def direction(value: float | None, earlier: float | None, polarity: str) -> str:
    """How ``value`` compares with ``earlier`` (see the module docstring)."""
    if value is None or earlier is None:
        return NOT_KNOWN
    if value == earlier:
        return NO_CHANGE
    went_up = value > earlier
    if polarity == "higher":
        return IMPROVING if went_up else WORSENING
    if polarity == "lower":
        return WORSENING if went_up else IMPROVING
    return UP if went_up else DOWN
