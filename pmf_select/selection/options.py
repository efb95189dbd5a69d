"""Options for the officers' paper: two to four distinct, feasible KPI sets.

An options paper does not ask the committee to invent a set from 100 candidates; it
offers a few coherent choices and says what each buys. Each option here is the
optimal set (:func:`pmf_select.selection.build_set`) under a different shape of
constraints, all sharing the weights and the officers' must-include / must-exclude
lists:

- **lean**: the strongest few (8), at most 2 from any service area;
- **balanced**: about 12, spread across service areas (one from every area when
  there are no more areas than places, else 12 different areas), at least 3 outcome
  measures;
- **outcomes**: 12 led by outcome measures ("is anyone better off", Friedman 2005,
  *Trying Hard Is Not Good Enough*): at least half of them;
- **comprehensive**: about 16, every service area covered where the places allow.

Sizes follow the list: never more than the eligible candidates. When a shape is
impossible for this list, as few of its rules as will do are dropped (trying the
area maximum, then the outcome minimum, then the area minimum) and the option says so. Options
that come out identical are shown once.

Each option carries its indicators with a one-line reason built from their data
("covers care leavers; an outcome measure; statutory return (SSDA903) with England
and London comparators; in the top 12 under 94% of weightings"), its coverage by
service area and by audience, and a robustness summary from SMAA-2 acceptability at
the option's size (:func:`pmf_select.ranking.robustness.acceptability`).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from pmf_select.errors import InputError
from pmf_select.longlist import LongList
from pmf_select.ranking import CLASSES, CONTESTED, IN, OUT, Acceptability, acceptability, normalise_weights
from pmf_select.selection import (
    OUTCOME_MEASURE,
    ChosenSet,
    InfeasibleSet,
    SetConstraints,
    build_set,
)

STRONG_SHARE = 0.8
"""A relevance at or above 80% of its scale (4 on 0-5) counts as strongly relevant."""

MEASURE_PHRASES = {
    "is anyone better off": "an outcome measure",
    "how well": "a quality measure",
    "how much": "a volume measure",
}

COMPARATOR_PHRASES = {
    "england, london and statistical neighbours": "with England, London and statistical-neighbour comparators",
    "england and london": "with England and London comparators",
    "england only": "with national comparators",
    "partial": "with partial comparators",
    "none": "no published comparators",
}

YES = ("yes", "y", "true", "1", "statutory")


@dataclass(frozen=True)
class OptionTemplate:
    """The shape of one option: its size and the coverage rules that define it."""

    key: str
    title: str
    purpose: str
    size: int
    min_per_area: int = 0
    max_per_area: int | None = None
    min_outcomes: int = 0


@dataclass(frozen=True, eq=False)
class Option:
    """One option for the paper.

    ``indicators``: one row per indicator in score order with ``id, name,
    service_area, measure_type, score, list_rank, p_top_k, robustness, reason``.
    ``coverage_by_area``: ``service_area, chosen, candidates`` for every area.
    ``coverage_by_audience``: ``audience, label, mean_relevance, strongly_relevant``
    (how many score at least 80% of the relevance scale for that audience).
    ``robustness``: counts per robustness class plus ``mean_p_top_k``, ``top_k``,
    ``samples``, ``sampling``, ``seed``. ``relaxed``: the template constraints
    dropped because this list could not meet them.
    """

    key: str
    title: str
    purpose: str
    chosen: ChosenSet
    indicators: pd.DataFrame
    coverage_by_area: pd.DataFrame
    coverage_by_audience: pd.DataFrame
    robustness: dict
    robustness_summary: str
    relaxed: tuple[str, ...]

    @property
    def ids(self) -> list[str]:
        return self.chosen.ids

    @property
    def constraints(self) -> SetConstraints:
        return self.chosen.constraints

    @property
    def total(self) -> float:
        return self.chosen.total

    @property
    def size(self) -> int:
        return len(self.chosen)


def default_templates(longlist: LongList, eligible: int | None = None) -> list[OptionTemplate]:
    """The four standard shapes, sized for this list (see the module docstring)."""
    n = len(longlist) if eligible is None else eligible
    areas = len(longlist.service_areas)
    lean = min(8, n)
    mid = min(12, n)
    if areas <= mid:
        balanced = OptionTemplate(
            "balanced",
            "Balanced set",
            f"{mid} indicators with at least one from every service area, no more than 3 from any, "
            "and at least 3 outcome measures",
            mid,
            min_per_area=1,
            max_per_area=3,
            min_outcomes=3,
        )
    else:
        balanced = OptionTemplate(
            "balanced",
            "Balanced set",
            f"{mid} indicators from {mid} different service areas, with at least 3 outcome measures",
            mid,
            max_per_area=1,
            min_outcomes=3,
        )
    big = min(max(16, areas) if areas <= 20 else 16, n)
    return [
        OptionTemplate(
            "lean",
            "Lean core set",
            f"the {lean} strongest indicators, no more than 2 from any service area",
            lean,
            max_per_area=2,
        ),
        balanced,
        OptionTemplate(
            "outcomes",
            "Outcome-led set",
            f"{mid} indicators, at least half of them outcome measures (is anyone better off), "
            "no more than 2 from any service area",
            mid,
            max_per_area=2,
            min_outcomes=(mid + 1) // 2,
        ),
        OptionTemplate(
            "comprehensive",
            "Comprehensive set",
            f"{big} indicators covering every service area"
            + (" the places allow" if areas > big else "")
            + ", no more than 3 from any, at least 4 outcome measures",
            big,
            min_per_area=1 if areas <= big else 0,
            max_per_area=3,
            min_outcomes=4,
        ),
    ]


# ---------------------------------------------------------------- reasons


def _text(row: Mapping, column: str) -> str:
    value = row.get(column, "")
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def area_phrase(area: str) -> str:
    """ "Care leavers" -> "care leavers"; acronyms ("SEND") keep their capitals."""
    first, _, rest = area.partition(" ")
    if first.isupper() and len(first) > 1:
        return area
    return first[:1].lower() + first[1:] + (" " + rest if rest else "")


def indicator_reason(
    row: Mapping,
    *,
    sole_in_area: bool = False,
    p_top_k: float | None = None,
    top_k: int | None = None,
    must_include: bool = False,
) -> str:
    """One line saying why an indicator is in an option, built from its own data.

    Pieces, each only when the data are there: must-include; "covers <area>" when it
    is the option's only indicator from its service area; what kind of measure it is;
    where the data come from and what it can be compared with; how often we can
    produce it; how often it is in the top k across weightings; a warning when the
    risk of perverse incentives is high (4 or more on 0-5).
    """
    parts = []
    if must_include:
        parts.append("must include")
    area = _text(row, "service_area")
    if sole_in_area and area:
        parts.append(f"covers {area_phrase(area)}")
    measure = MEASURE_PHRASES.get(_text(row, "measure_type").lower())
    if measure:
        parts.append(measure)
    source = _text(row, "source")
    statutory = _text(row, "statutory").lower() in YES
    comparators = COMPARATOR_PHRASES.get(_text(row, "comparators").lower())
    origin = ""
    if statutory:
        origin = f"statutory return ({source})" if source else "statutory return"
    elif source:
        origin = f"local data ({source})" if source.lower().startswith("local") else f"from {source}"
    if origin and comparators:
        origin = f"{origin}, {comparators}" if comparators.startswith("no ") else f"{origin} {comparators}"
    elif comparators:
        origin = comparators
    if origin:
        parts.append(origin)
    frequency = _text(row, "local_frequency").lower()
    if frequency in ("monthly", "quarterly"):
        parts.append(f"available {frequency}")
    elif frequency in ("termly", "annual"):
        parts.append(f"only {frequency}")
    if p_top_k is not None and top_k is not None:
        if p_top_k >= 0.1:
            parts.append(f"in the top {top_k} under {p_top_k:.0%} of weightings")
        else:
            # in the option although rarely in the top k on score: say which rule put it there
            parts.append(f"rarely in the top {top_k} on score alone; in for the option's coverage rules")
    risk = row.get("perverse_incentive_risk")
    try:
        if risk is not None and float(risk) >= 4:
            pair = _text(row, "pair_with")
            if pair:
                parts.append(f"high risk of perverse incentives: read it with {pair}")
            elif measure == MEASURE_PHRASES["how well"]:
                parts.append("high risk of perverse incentives: read it with an outcome measure and audit findings")
            else:
                parts.append("high risk of perverse incentives: pair with a quality measure")
    except (TypeError, ValueError):
        pass
    return "; ".join(parts)


# ---------------------------------------------------------------- what a member would accept


def annual_only_ids(longlist: LongList) -> list[str]:
    """Ids that can only be reported once a year, so belong in an annual report, not a quarterly set.

    The long list's ``reporting`` column (``annual``) where it has one; otherwise a
    ``local_frequency`` of ``annual``.
    """
    frame = longlist.frame
    if "reporting" in frame.columns:
        reporting = frame["reporting"].fillna("").astype(str).str.strip().str.lower()
        fallback = frame.get("local_frequency", pd.Series([""] * len(frame), index=frame.index))
        annual = (reporting == "annual") | (
            (reporting == "") & (fallback.fillna("").astype(str).str.lower() == "annual")
        )
    elif "local_frequency" in frame.columns:
        annual = frame["local_frequency"].fillna("").astype(str).str.strip().str.lower() == "annual"
    else:
        return []
    return frame.loc[annual, "id"].tolist()


def finance_areas(longlist: LongList) -> list[str]:
    """Service areas holding finance measures (their name mentions finance)."""
    return [a for a in longlist.service_areas if "finance" in a.lower()]


# ---------------------------------------------------------------- coverage


def audience_coverage(longlist: LongList, ids: Sequence[str]) -> pd.DataFrame:
    """Mean relevance per audience over ``ids``, and how many are strongly relevant.

    Columns ``audience, label, mean_relevance, strongly_relevant``; empty when the
    criteria have no per-audience criterion.
    """
    columns = ["audience", "label", "mean_relevance", "strongly_relevant"]
    criteria = longlist.criteria
    per_audience = [c for c in criteria.criteria if c.per_audience]
    if not per_audience:
        return pd.DataFrame(columns=columns)
    criterion = next((c for c in per_audience if c.key == "relevance"), per_audience[0])
    strong = criterion.scale_min + STRONG_SHARE * (criterion.scale_max - criterion.scale_min)
    frame = longlist.frame.set_index("id").loc[list(ids)]
    rows = []
    for audience in criteria.audiences:
        values = frame[criterion.column(audience.key)].astype(float)
        rows.append(
            {
                "audience": audience.key,
                "label": audience.label,
                "mean_relevance": float(values.mean()) if len(values) else float("nan"),
                "strongly_relevant": int((values >= strong).sum()),
            }
        )
    return pd.DataFrame(rows, columns=columns)


# ---------------------------------------------------------------- building options

_RELAX_ORDER = (
    ("max_per_area", None, "the per-area maximum"),
    ("min_outcomes", 0, "the outcome-measure minimum"),
    ("min_per_area", 0, "the per-area minimum"),
)


def _solve_template(
    longlist: LongList, audience: str, weights: dict, template: OptionTemplate, base: SetConstraints
) -> tuple[ChosenSet, tuple[str, ...]]:
    constraints = replace(
        base,
        size=max(template.size, len(base.include)),
        min_per_area=template.min_per_area,
        max_per_area=template.max_per_area,
        min_outcomes=template.min_outcomes,
    )
    first_error: InfeasibleSet | None = None
    active = [step for step in _RELAX_ORDER if getattr(constraints, step[0]) != step[1]]
    # the template as it is, then with as few of its rules dropped as will do (fewest
    # first; among equals, in the fixed order: maximum, outcomes, minimum)
    attempts = [combo for width in range(len(active) + 1) for combo in itertools.combinations(active, width)]
    for dropped in attempts:
        trial = constraints
        for field, value, _ in dropped:
            trial = replace(trial, **{field: value})
        try:
            chosen = build_set(longlist, audience, weights, trial)
        except InfeasibleSet as exc:
            first_error = first_error or exc
            continue
        why = "; ".join(first_error.reasons) if first_error else ""
        notes = tuple(
            f"dropped {label} ({_rule_text(constraints, field)}) because {why}" for field, _, label in dropped
        )
        return chosen, notes
    assert first_error is not None
    raise first_error


def _rule_text(constraints: SetConstraints, field: str) -> str:
    value = getattr(constraints, field)
    return {
        "max_per_area": f"at most {value} per area",
        "min_outcomes": f"at least {value} outcome measures",
        "min_per_area": f"at least {value} per area",
    }[field]


def _robustness_summary(table: pd.DataFrame, top_k: int, samples: int) -> tuple[dict, str]:
    counts = {name: int((table["robustness"] == name).sum()) for name in CLASSES}
    mean = float(table["p_top_k"].mean()) if len(table) else float("nan")
    summary = {
        **counts,
        "mean_p_top_k": mean,
        "top_k": top_k,
        "samples": samples,
    }
    text = (
        f"{counts[IN]} of {len(table)} in the top {top_k} under almost any weighting, "
        f"{counts[CONTESTED]} contested, {counts[OUT]} out under almost any weighting; "
        f"on average each is in the top {top_k} under {mean:.0%} of weightings"
    )
    return summary, text


def _eligible_count(longlist: LongList, base: SetConstraints) -> int:
    """Candidates neither excluded nor below the data-availability minimum."""
    frame = longlist.frame
    keep = ~frame["id"].isin(base.exclude)
    if base.min_data_availability is not None and "data_availability" in frame.columns:
        keep &= frame["data_availability"].astype(float) >= base.min_data_availability
    return int(keep.sum())


def build_options(
    longlist: LongList,
    audience: str,
    weights: Mapping[str, float] | None = None,
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    min_data_availability: float | None = None,
    exclusive_overlaps: bool = True,
    templates: Sequence[OptionTemplate] | None = None,
    sampling: str = "simplex",
    samples: int = 10_000,
    seed: int = 0,
    spread: float = 0.1,
    order: Sequence[Sequence[str]] | None = None,
    members: Mapping[str, Mapping[str, float]] | None = None,
    thresholds: tuple[float, float] = (0.9, 0.1),
    max_options: int = 4,
    route_annual: bool = False,
    require_finance: bool = False,
) -> list[Option]:
    """Two to four distinct, feasible options for the paper (module docstring).

    ``include`` / ``exclude`` / ``min_data_availability`` / ``exclusive_overlaps``
    apply to every option. ``templates`` default to :func:`default_templates`. The
    robustness settings are passed to :func:`pmf_select.ranking.robustness.acceptability`,
    run once per option size. Raises :class:`InfeasibleSet` when even the most
    relaxed shape is impossible (the shared constraints conflict), and
    :class:`InputError` when the list is too small for two distinct options.

    ``route_annual`` leaves out measures that can only be reported once a year
    (:func:`annual_only_ids`; they go to the annual reports) unless officers include
    them. ``require_finance`` asks every option for at least one indicator from a
    finance service area (:func:`finance_areas`), as a Budget and Performance
    sub-committee would expect; an option that cannot have one says why in
    ``relaxed``.
    """
    longlist.criteria.audience(audience)
    normalised = normalise_weights(longlist.criteria, weights)
    exclude = tuple(exclude)
    if route_annual:
        exclude += tuple(i for i in annual_only_ids(longlist) if i not in set(include) and i not in set(exclude))
    finance = {a: 1 for a in finance_areas(longlist)} if require_finance else {}
    base = SetConstraints(
        size=1,
        include=tuple(include),
        exclude=exclude,
        min_data_availability=min_data_availability,
        exclusive_overlaps=exclusive_overlaps,
        area_min=finance if len(finance) == 1 else {},
    )
    if templates is None:
        templates = default_templates(longlist, _eligible_count(longlist, base))
    if not templates:
        raise InputError("options need at least one template")
    options: list[Option] = []
    seen: dict[frozenset, str] = {}
    acceptabilities: dict[int, Acceptability] = {}
    frame = longlist.frame.set_index("id", drop=False)
    for template in templates:
        if len(options) >= max_options:
            break
        try:
            chosen, relaxed = _solve_template(longlist, audience, normalised, template, base)
        except InfeasibleSet as exc:
            if not base.area_min:
                raise
            chosen, relaxed = _solve_template(longlist, audience, normalised, template, replace(base, area_min={}))
            relaxed = (*relaxed, f"no finance measure, because {'; '.join(exc.reasons)}")
        key = frozenset(chosen.ids)
        if key in seen:
            continue
        seen[key] = template.key
        size = len(chosen)
        if size not in acceptabilities:
            acceptabilities[size] = acceptability(
                longlist,
                audience,
                normalised,
                sampling=sampling,
                samples=samples,
                top_k=size,
                seed=seed,
                spread=spread,
                order=order,
                members=members,
                thresholds=thresholds,
            )
        acc = acceptabilities[size]
        by_id = acc.table.set_index("id")
        table = chosen.table
        area_counts = table["service_area"].value_counts()
        reasons = []
        for row in table.itertuples(index=False):
            data = frame.loc[row.id].to_dict()
            reasons.append(
                indicator_reason(
                    data,
                    sole_in_area=area_counts[row.service_area] == 1,
                    p_top_k=float(by_id.at[row.id, "p_top_k"]),
                    top_k=size,
                    must_include=bool(row.must_include),
                )
            )
        measure = (
            table["measure_type"].astype(str)
            if "measure_type" in table.columns
            else pd.Series([""] * len(table), dtype=object)
        )
        indicators = pd.DataFrame(
            {
                "id": table["id"].to_numpy(),
                "name": table["name"].to_numpy(),
                "service_area": table["service_area"].to_numpy(),
                "measure_type": measure.to_numpy(),
                "score": table["score"].to_numpy(),
                "list_rank": table["list_rank"].to_numpy(),
                "p_top_k": by_id.loc[table["id"], "p_top_k"].to_numpy(),
                "robustness": by_id.loc[table["id"], "class"].to_numpy(),
                "reason": reasons,
            }
        )
        robustness, summary = _robustness_summary(indicators, size, acc.samples)
        robustness.update({"sampling": sampling, "seed": seed})
        options.append(
            Option(
                key=template.key,
                title=template.title,
                purpose=template.purpose,
                chosen=chosen,
                indicators=indicators,
                coverage_by_area=chosen.coverage[["service_area", "chosen", "candidates"]].copy(),
                coverage_by_audience=audience_coverage(longlist, chosen.ids),
                robustness=robustness,
                robustness_summary=summary,
                relaxed=relaxed,
            )
        )
    if len(options) < 2 and len(templates) > 1:
        raise InputError(
            f"the long list is too small for distinct options: every shape gave the same {len(options[0].ids)} "
            "indicators; build one set instead"
        )
    return options


# ---------------------------------------------------------------- tables and text


SUMMARY_COLUMNS = (
    "option",
    "title",
    "size",
    "total_score",
    "mean_score",
    "service_areas",
    "outcome_measures",
    "in_almost_any",
    "contested",
    "out_almost_any",
    "mean_p_top_k",
    "constraints",
    "relaxed",
    "ids",
)


def options_summary(options: Sequence[Option]) -> pd.DataFrame:
    """One row per option (:data:`SUMMARY_COLUMNS`), for the paper's comparison table."""
    rows = []
    for option in options:
        ind = option.indicators
        areas = option.coverage_by_area
        rows.append(
            {
                "option": option.key,
                "title": option.title,
                "size": option.size,
                "total_score": round(option.total, 6),
                "mean_score": round(option.total / option.size, 6),
                "service_areas": f"{int((areas['chosen'] > 0).sum())} of {len(areas)}",
                "outcome_measures": int((ind["measure_type"].str.lower() == OUTCOME_MEASURE).sum()),
                "in_almost_any": option.robustness[IN],
                "contested": option.robustness[CONTESTED],
                "out_almost_any": option.robustness[OUT],
                "mean_p_top_k": round(option.robustness["mean_p_top_k"], 4),
                "constraints": "; ".join(option.constraints.describe()),
                "relaxed": " | ".join(option.relaxed),
                "ids": "; ".join(option.ids),
            }
        )
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def common_indicators(options: Sequence[Option]) -> list[str]:
    """Ids in every option, in the first option's order: the uncontroversial core."""
    if not options:
        return []
    shared = set(options[0].ids).intersection(*(set(o.ids) for o in options[1:]))
    return [i for i in options[0].ids if i in shared]


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def options_markdown(options: Sequence[Option], *, audience_label: str | None = None) -> str:
    """The options as a markdown section for the officers' paper."""
    lines = ["# Options for the headline indicator set", ""]
    if audience_label:
        lines += [f"Audience: {audience_label}.", ""]
    lines += [
        "| option | indicators | total score | service areas | outcome measures | robustness |",
        "|---|---|---|---|---|---|",
    ]
    for row in options_summary(options).itertuples(index=False):
        lines.append(
            f"| {_md(row.title)} | {row.size} | {row.total_score:.2f} | {row.service_areas} | "
            f"{row.outcome_measures} | {row.in_almost_any} in, {row.contested} contested, {row.out_almost_any} out |"
        )
    shared = common_indicators(options)
    if shared:
        lines += ["", f"In every option: {', '.join(shared)}."]
    for number, option in enumerate(options, start=1):
        lines += [
            "",
            f"## Option {number}: {option.title}",
            "",
            f"{option.purpose[:1].upper()}{option.purpose[1:]}.",
            "",
        ]
        lines.append(f"Total score {option.total:.2f} ({option.total / option.size:.2f} on average).")
        lines.append(f"Robustness: {option.robustness_summary}.")
        for note in option.relaxed:
            lines.append(f"Note: {note}.")
        lines += ["", "| id | indicator | service area | score | why |", "|---|---|---|---|---|"]
        for row in option.indicators.itertuples(index=False):
            lines.append(
                f"| {_md(row.id)} | {_md(row.name)} | {_md(row.service_area)} | {row.score:.2f} | {_md(row.reason)} |"
            )
        missing = option.coverage_by_area[option.coverage_by_area["chosen"] == 0]["service_area"].tolist()
        lines += ["", "Service areas not covered: " + (", ".join(missing) if missing else "none") + "."]
        aud = option.coverage_by_audience
        if len(aud):
            lines.append(
                "Strongly relevant indicators by audience: "
                + ", ".join(f"{r.label} {r.strongly_relevant}" for r in aud.itertuples(index=False))
                + "."
            )
    return "\n".join(lines) + "\n"


__all__ = [
    "Option",
    "OptionTemplate",
    "annual_only_ids",
    "area_phrase",
    "audience_coverage",
    "build_options",
    "common_indicators",
    "default_templates",
    "finance_areas",
    "indicator_reason",
    "options_markdown",
    "options_summary",
]
