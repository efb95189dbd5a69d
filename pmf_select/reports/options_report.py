"""The options paper: the committee report that puts the options to the Sub-Committee.

:func:`options_context` builds everything the paper says, as template context plus
chart images; :func:`options_paper` renders it through a Word template
(:func:`pmf_select.reports.house.render_docx`; default the shipped
``candidates/templates/options-paper.docx``). The body is written for members: each
indicator's reason is the long list's own rationale, its England figure and its
cautions, then what the analysis adds in plain words (:mod:`.wording`); each figure has
a one-line takeaway and is referred to in the text; what each option gives up names
real indicators and why they matter; the recommendation gives its reasons; the
reporting calendar reconciles "June 2018" with "quarter one 2018-19 data"; the data
development agenda gives one action per indicator. Method names, sampling details,
hashes and references are kept to the technical appendix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pmf_select import __version__
from pmf_select.errors import InputError
from pmf_select.longlist import LongList
from pmf_select.ranking import SAMPLING_LABELS, acceptability, normalise_weights, score
from pmf_select.reports.agenda import development_actions
from pmf_select.reports.analysis import SET_SIZE_RANGE, _areas_covered, membership_all, option_letter
from pmf_select.reports.charts import chart_png, option_sureness_chart, options_coverage_chart
from pmf_select.reports.formatting import fmt_percent, fmt_score
from pmf_select.reports.house import render_docx
from pmf_select.reports.paper_parts import (
    BACKGROUND_DOCUMENTS,
    QUARTERS_2018_19,
    SUMMARY_BOX,
    Numbering,
    background_paragraphs,
    calendar,
    details_context,
    first_report_text,
    implications,
    ready_date,
)
from pmf_select.reports.template import OPTIONS_TITLE, ReportDetails
from pmf_select.reports.wording import (
    ANNUAL_OTHER,
    annual_report_for,
    cautions,
    england_text,
    facts,
    finance_ids,
    is_quality_check,
    is_timeliness,
    or_list,
    sentences,
    trim_rationale,
    why_in_option,
)
from pmf_select.selection import annual_only_ids, build_options, common_indicators

TEMPLATES = Path(__file__).resolve().parents[2] / "candidates" / "templates"
OPTIONS_TEMPLATE_FILE = TEMPLATES / "options-paper.docx"
OPTION_TABLE_HEADER = ("#", "Indicator", "Why it is in", "Read it with care")
SUMMARY_TABLE_HEADER = (
    "Option",
    "Indicators",
    "Service areas covered",
    "Outcome measures",
    "Finance measure",
    "In the best set under most weightings",
)
OUTCOME = "is anyone better off"
IMAGE_WIDTH_MM = 130
"""Charts print 13 cm wide: their 12-pixel labels come out at about 8 pt, and a chart fits on a page with its text."""


@dataclass(frozen=True)
class PaperContent:
    """What the paper says: the template context, the chart images and the recommended option's position."""

    context: dict
    images: dict[str, bytes]
    recommended: int


def _sure(option) -> int:
    """How many of the option's indicators make its best set under almost every weighting (90% or more)."""
    return int((option.indicators["p_top_k"] >= 0.9).sum())


def _likely(option) -> int:
    """How many make it under most weightings (half or more)."""
    return int((option.indicators["p_top_k"] >= 0.5).sum())


def _sure_words(option) -> str:
    k = option.size
    likely, sure = _likely(option), _sure(option)
    return (
        f"{likely} of its {k} indicators {'is' if likely == 1 else 'are'} in the best {k} under most weightings we "
        f"tried ({sure} under almost every one)"
    )


def _finance_in(option, finance: set[str]) -> list[str]:
    return [i for i in option.ids if i in finance]


def recommend_with_reasons(options: Sequence, finance: set[str], size_range=SET_SIZE_RANGE) -> int:
    """The option officers recommend: of those with 10-15 indicators (all, if none), the one with a
    finance measure, then the most service areas, then the most indicators sure of their place,
    then the higher total score."""
    low, high = size_range
    pool = [i for i, o in enumerate(options) if low <= o.size <= high] or list(range(len(options)))
    return min(
        pool,
        key=lambda i: (
            not _finance_in(options[i], finance),
            -len(_areas_covered(options[i])),
            -_likely(options[i]) / options[i].size,
            -round(options[i].total, 9),
            i,
        ),
    )


def _resolve(options: Sequence, choice: str | None, finance: set[str]) -> int:
    if choice is None or not str(choice).strip():
        return recommend_with_reasons(options, finance)
    from pmf_select.reports.analysis import resolve_recommendation

    return resolve_recommendation(options, choice)


def options_context(
    longlist: LongList,
    audience: str = "scrutiny",
    weights: Mapping[str, float] | None = None,
    *,
    options: Sequence | None = None,
    recommend: str | None = None,
    details: ReportDetails | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    min_data_availability: float | None = None,
    exclusive_overlaps: bool = True,
    sampling: str = "simplex",
    samples: int = 10_000,
    seed: int = 0,
    spread: float = 0.1,
    order: Sequence[Sequence[str]] | None = None,
    members: Mapping[str, Mapping[str, float]] | None = None,
    thresholds: tuple[float, float] = (0.9, 0.1),
    charts: bool = True,
) -> PaperContent:
    """Everything the options paper says (see the module docstring), before rendering.

    ``options`` defaults to :func:`pmf_select.selection.build_options` with annual-only
    measures routed to the annual reports and a finance measure asked of every option.
    """
    criteria = longlist.criteria
    criteria.audience(audience)
    normalised = normalise_weights(criteria, weights)
    details = details or ReportDetails()
    settings = {
        "sampling": sampling,
        "samples": samples,
        "seed": seed,
        "spread": spread,
        "order": order,
        "members": members,
        "thresholds": thresholds,
    }
    if options is None:
        options = build_options(
            longlist,
            audience,
            normalised,
            include=include,
            exclude=exclude,
            min_data_availability=min_data_availability,
            exclusive_overlaps=exclusive_overlaps,
            route_annual=True,
            require_finance=True,
            **settings,
        )
    options = list(options)
    if not options:
        raise InputError("an options paper needs at least one option")
    frame = longlist.frame.set_index("id", drop=False)
    records = {cid: frame.loc[cid].to_dict() for cid in frame.index}
    names = {cid: str(r["name"]) for cid, r in records.items()}
    finance = set(finance_ids(longlist.frame))
    letters = [option_letter(i) for i in range(len(options))]
    chosen = _resolve(options, recommend, finance)
    pick, pick_letter = options[chosen], letters[chosen]
    ranking = score(longlist, audience, normalised, "wsm")
    by_size = {}
    for option in options:
        if option.size not in by_size:
            by_size[option.size] = acceptability(longlist, audience, normalised, top_k=option.size, **settings)
    title = details.title or OPTIONS_TITLE
    n = Numbering()
    images: dict[str, bytes] = {}
    ctx: dict = {"title": title, "title_upper": title.upper(), "details": details_context(details, title)}
    ctx["box"] = dict(SUMMARY_BOX)
    annual = annual_only_ids(longlist)
    meetings = list(details.meetings_2018_19)
    q1_first = first_report_text(
        ready_date(QUARTERS_2018_19[0][2], max([facts(records[i]).lag_months for i in pick.ids] or [1])), meetings
    )

    # 1. reason
    n.start(1)
    sizes = sorted({o.size for o in options})
    size_text = f"{sizes[0]}" if len(sizes) == 1 else f"{sizes[0]} to {sizes[-1]}"
    ctx["reason"] = n.paras(
        "In January 2018 the Sub-Committee asked officers for options and rationales for the key performance "
        "indicators it will receive each quarter from quarter one 2018-19. This report offers "
        f"{len(options)} options, of {size_text} indicators each, says why each indicator is in, what each "
        "option gives up, and when members will first see the figures.",
        f"Officers recommend Option {pick_letter}, the {pick.title.lower()} of {pick.size} indicators, for the "
        "reasons in section 3.",
    )

    # 2. recommendations
    n.start(2)
    others = [letters[i] for i in range(len(options)) if i != chosen]
    alternatives = (
        f" (or Option {or_list(others)}, or an option amended by naming indicators to add or remove)" if others else ""
    )
    ctx["recommendations"] = n.paras(
        f"Agree Option {pick_letter} ({pick.title.lower()} of {pick.size} indicators, section 3) as its quarterly "
        f"key performance indicators{alternatives}.",
        "Agree the reporting calendar in section 3: the agreed set with its 2017-18 starting figures in June 2018, "
        f"and the first quarterly report, with quarter one 2018-19 data, at the {q1_first.split(' (')[0]}, once "
        "those figures are ready.",
        "Note that measures published only once a year will be reported in the annual reports that continue (the "
        "Annual Safeguarding Report and the Annual Corporate Parenting Report), not in the quarterly set."
        if annual
        else "",
        "Note the data development agenda in section 3 and ask officers to report progress on it with the "
        "quarterly indicators.",
    )

    # 3. commentary
    n.start(3)
    ctx["background"] = background_paragraphs(n, len(longlist), len(longlist.service_areas))
    criteria_labels = "; ".join(f"{c.label.lower()}" for c in criteria.criteria)
    ctx["method"] = n.paras(
        f"Each candidate was scored against {len(criteria.criteria)} questions ({criteria_labels}), shown in "
        f"Table {n.tables + 1} with the weight each carries in this report. The weights are a judgement, so "
        "officers also checked how far the choice depends on them: we repeated it under many different "
        "weightings of the same questions and counted how often each indicator made the best set. Where this "
        "paper says an indicator is in the best set \u201cunder almost every weighting we tried\u201d, it made it "
        "nine times in ten or more; \u201crarely\u201d means less than one time in ten. Appendix 2 gives the details.",
        "Each option is the highest-scoring set that meets its own rules (for example, no more than two "
        "indicators from any service area). Measures published only once a year are not offered for a quarterly "
        "set, and every option is asked for a finance measure, because this is a Budget and Performance "
        "Sub-Committee.",
    )
    ctx["criteria_table"] = {
        "number": n.table(),
        "caption": "the questions each candidate was scored on, and their weights",
        "rows": [
            {"label": c.label, "question": c.question, "weight": fmt_percent(normalised[c.key])}
            for c in criteria.criteria
        ],
    }

    # the options at a glance
    glance_table = n.tables + 1
    shared = common_indicators(options)
    ctx["glance"] = n.paras(
        f"Table {glance_table} compares the options."
        + (
            f" {len(shared)} indicators are in every option: {or_list([names[i] for i in shared], 'and')}. The "
            "options differ in what they add to that core."
            if shared and len(options) > 1
            else ""
        )
    )
    glance_rows = []
    for letter, option in zip(letters, options, strict=True):
        fin = _finance_in(option, finance)
        outcomes = int((option.indicators["measure_type"].str.lower() == OUTCOME).sum())
        glance_rows.append(
            {
                "option": f"{letter}: {option.title}",
                "size": str(option.size),
                "areas": f"{len(_areas_covered(option))} of {len(option.coverage_by_area)}",
                "outcomes": str(outcomes),
                "finance": "Yes" if fin else "No",
                "sure": f"{_likely(option)} of {option.size}",
            }
        )
    ctx["glance_table"] = {"number": n.table(), "caption": "the options at a glance", "rows": glance_rows}
    ctx["glance_figures"] = []
    ctx["glance_after"] = []
    coverage_rows = []
    for letter, option in zip(letters, options, strict=True):
        for r in option.coverage_by_area.itertuples(index=False):
            coverage_rows.append({"service_area": r.service_area, "option": letter, "chosen": int(r.chosen)})
    coverage = pd.DataFrame(coverage_rows)
    most = max(range(len(options)), key=lambda i: (len(_areas_covered(options[i])), -i))
    uncovered = [a for a in longlist.service_areas if not any(a in _areas_covered(o) for o in options)]
    takeaway = (
        f"Option {letters[most]} covers the most service areas ({len(_areas_covered(options[most]))} of "
        f"{len(longlist.service_areas)}); "
        + (
            f"no option covers {or_list([a.lower() for a in uncovered])}"
            if uncovered
            else "every area is in at least one option"
        )
    )
    if charts:
        number = n.figure()
        images["fig_coverage"] = chart_png(options_coverage_chart(coverage))
        ctx["glance_figures"] = [{"number": number, "caption": takeaway + ".", "key": "fig_coverage"}]
        gaps = {
            letters[i]: [a for a in longlist.service_areas if a not in _areas_covered(o)] for i, o in enumerate(options)
        }
        ctx["glance_after"] = n.paras(
            f"Figure {number} shows how many indicators each option takes from each service area; a dash is an area "
            f"the option leaves out. {takeaway[0].upper() + takeaway[1:]}. Option {pick_letter} leaves out "
            + (or_list([a.lower() for a in gaps[pick_letter]], "and") or "no area")
            + "."
        )

    # each option
    ctx["options"] = []
    union_others = {}
    for i, option in enumerate(options):
        union_others[i] = [cid for j, o in enumerate(options) if j != i for cid in o.ids if cid not in set(option.ids)]
    for i, option in enumerate(options):
        ctx["options"].append(
            _option_block(
                n,
                option,
                letters,
                i,
                records,
                names,
                finance,
                by_size[option.size],
                options,
                charts,
                images,
                pick_letter,
            )
        )

    # why the recommendation
    ctx["recommended"] = pick_letter
    ctx["recommendation_reasons"] = _recommendation_reasons(n, options, letters, chosen, records, names, finance)

    # annual reports
    ctx["annual"] = _annual_paragraphs(n, annual, records)

    # calendar
    pick_rows = [(records[i], facts(records[i])) for i in pick.ids]
    cal = calendar(n, pick_rows, meetings, f"the {q1_first}" if not q1_first.startswith("first") else f"the {q1_first}")
    ctx["calendar"] = cal["paragraphs"]
    timing_number = n.tables + 2
    ctx["calendar"] += n.paras(
        f"Table {n.tables + 1} sets out which meeting receives which quarter. Table {timing_number} gives, for each "
        f"indicator in Option {pick_letter}, its source and lag, when its quarter one figure is first reported, "
        "and whether officers will propose a target or a tolerance."
    )
    ctx["meetings_table"] = {
        "number": n.table(),
        "caption": "which meeting receives which quarter, 2018-19",
        "rows": cal["meetings"],
    }
    ctx["timing_table"] = {
        "number": n.table(),
        "caption": f"Option {pick_letter}: when each indicator is first reported, and its target or tolerance",
        "rows": cal["timing"],
    }
    ctx["calendar_after"] = n.paras(
        "If members agree another option, the same rules give its calendar: contextual measures never get a "
        "target, small-number measures get a range, and every other quarterly measure gets a target in June 2018."
    )

    # data development agenda
    in_any = list(dict.fromkeys(cid for o in options for cid in o.ids))
    actions = development_actions(longlist, in_any)
    membership = membership_all(options, letters)
    ctx["agenda"] = n.paras(
        f"Some indicators in the options cannot yet be reported as well as members need: no published comparison, "
        "a figure made only once a year or once a term, or a count that needs a written rule. Table "
        f"{n.tables + 1} gives one action for each: what will be done, by whom and by when. "
        f"{len(actions)} of the {len(in_any)} indicators in the options need one."
        if len(actions)
        else "Every indicator in the options can be reported each quarter as it stands."
    )
    ctx["agenda_table"] = {
        "number": n.table(),
        "caption": "data development agenda (options that include each indicator in brackets)",
        "rows": [
            {"name": f"{r.name} ({membership.get(r.id, '')})", "action": r.action, "who": r.who, "when": r.when}
            for r in actions.itertuples(index=False)
        ],
    }

    ctx["implications"] = implications(
        n, quarterly_first="from the June 2018 meeting, with quarter one 2018-19 data from the first quarterly report"
    )
    ctx["non_applicable"] = "Customer Impact; Ward Councillor Views."
    ctx["background_documents"] = [
        *BACKGROUND_DOCUMENTS,
        f"The long list of candidate indicators and its scoring rubric ({Path(str(longlist.source)).name})",
    ]

    # appendix 1: the long list
    n.start(0)
    ctx["longlist_intro"] = []
    annual_set = set(annual)
    rows = []
    for r in ranking.table.itertuples(index=False):
        rows.append(
            {
                "rank": str(int(r.rank)),
                "name": r.name,
                "area": r.service_area,
                "score": fmt_score(r.score),
                "reporting": "annual" if r.id in annual_set else "quarterly",
                "options": membership.get(r.id, ""),
            }
        )
    ctx["longlist_table"] = {
        "number": n.table(),
        "caption": "every candidate in order of its score (0 to 1, higher is better) under the weights in Table "
        f"{ctx['criteria_table']['number']}",
        "rows": rows,
    }
    ctx["technical"] = _technical(
        n,
        longlist,
        audience,
        normalised,
        by_size[pick.size],
        settings,
        include,
        exclude,
        min_data_availability,
        exclusive_overlaps,
        weights is not None,
    )
    return PaperContent(ctx, images, chosen)


def _option_block(n, option, letters, i, records, names, finance, acc, options, charts, images, pick_letter) -> dict:
    letter = letters[i]
    k = option.size
    ids = option.ids
    area_counts = option.indicators["service_area"].value_counts()
    must = set(option.constraints.include)
    table_number = n.tables + 1
    purpose = option.purpose[:1].upper() + option.purpose[1:]
    intro = [
        f"{purpose}." + (" Officers recommend this option." if letter == pick_letter else ""),
        f"Table {table_number} lists its {k} indicators: for each, why it matters, the latest England figure where "
        "one is published, what the analysis adds, and what to read with care.",
    ]
    for note in option.relaxed:
        intro.append(f"This long list could not meet every rule of this option: it {note}.")
    rows = []
    for pos, r in enumerate(option.indicators.itertuples(index=False), start=1):
        record = records[r.id]
        why = [trim_rationale(str(record.get("rationale", "")))]
        if england_text(record):
            why.append(england_text(record))
        why.append(
            why_in_option(
                float(r.p_top_k),
                k,
                sole_area=r.service_area if area_counts[r.service_area] == 1 else None,
                finance=r.id in finance,
                must_include=r.id in must,
                outcome=str(r.measure_type).lower() == OUTCOME,
            )
        )
        care = cautions(record, ids, names) or ["None."]
        rows.append({"n": str(pos), "name": r.name, "why": [w for w in why if w], "cautions": care})
    block = {
        "letter": letter,
        "title": option.title + (" (recommended)" if letter == pick_letter else ""),
        "intro": None,
        "table_number": n.table(),
        "table_caption": f"Option {letter}, {option.title.lower()}: {k} indicators",
        "rows": rows,
        "figures": [],
    }
    n_intro = n.paras(*intro)
    block["intro"] = n_intro
    after = []
    ind = option.indicators
    weakest = ind.sort_values("p_top_k").iloc[0]
    sure_text = f"{_sure_words(option)}; the least sure is {weakest['name']} ({weakest['p_top_k']:.0%})"
    if charts:
        number = n.figure()
        ineligible = set(ids) | set(option.constraints.exclude)  # annual-only and excluded measures are not contenders
        left_out = acc.table[~acc.table["id"].isin(ineligible)].head(3)
        ordered = ind.sort_values("p_top_k", ascending=False, kind="stable")
        chart_rows = pd.DataFrame(
            {
                "label": [facts(records[c]).short_name for c in ordered["id"]]
                + [facts(records[c]).short_name for c in left_out["id"]],
                "p_top_k": list(ordered["p_top_k"]) + list(left_out["p_top_k"]),
                "in_set": [True] * len(ordered) + [False] * len(left_out),
            }
        )
        key = f"fig_option_{letter}"
        images[key] = chart_png(option_sureness_chart(chart_rows, k))
        block["figures"] = [{"number": number, "caption": sure_text[0].upper() + sure_text[1:] + ".", "key": key}]
        after.append(
            f"Figure {number} shows how often each indicator in Option {letter} made the best {k} as the weights "
            f"changed, beside the three strongest it leaves out. {sure_text[0].upper() + sure_text[1:]}."
        )
    else:
        after.append(sure_text[0].upper() + sure_text[1:] + ".")
    after.extend(_gives_up(option, letter, options, letters, records, names))
    missing_pairs = [
        (cid, facts(records[cid]).pair_with)
        for cid in ids
        if facts(records[cid]).pair_with and facts(records[cid]).pair_with not in set(ids)
    ]
    if missing_pairs:
        after.append(
            "Without its pair, "
            + "; ".join(f"{names[c]} loses its check ({names.get(p, p)})" for c, p in missing_pairs)
            + ": a timeliness figure can improve while the quality of the work falls, and only its pair would show it."
        )
    if not missing_pairs:
        rushed = [c for c in ids if not facts(records[c]).pair_with and is_timeliness(records[c])]
        audits = [c for c in ids if is_quality_check(c, names[c])]
        if rushed and not audits:
            after.append(
                f"Option {letter} has timeliness measures ({or_list([names[c] for c in rushed], 'and')}) but no "
                "audit of the quality of the work, so members would see speed without seeing whether the work was "
                "good; officers will report audit findings beside them."
            )
    block["after"] = n.paras(*after)
    return block


def _why_matters(record: Mapping) -> str:
    first = sentences(str(record.get("rationale", "")))
    return first[0].rstrip(".") if first else ""


def _gives_up(option, letter, options, letters, records, names) -> list[str]:
    """What this option leaves out that other options include: the strongest few, by name, and why they matter."""
    mine = set(option.ids)
    counts: dict[str, list[str]] = {}
    for j, other in enumerate(options):
        if other is option:
            continue
        for cid in other.ids:
            if cid not in mine:
                counts.setdefault(cid, []).append(letters[j])
    if not counts:
        return [f"Option {letter} leaves out nothing that another option includes."]
    score_of = {}
    for other in options:
        for r in other.indicators.itertuples(index=False):
            score_of[r.id] = float(r.score)
    ranked = sorted(counts, key=lambda c: (-len(counts[c]), -score_of.get(c, 0.0), c))
    top = ranked[:3]
    lines = [f"{names[c]} (in Option {or_list(counts[c], 'and')}): {_why_matters(records[c])}" for c in top]
    areas_lost = [
        a for a in dict.fromkeys(records[c]["service_area"] for c in counts) if a not in set(_areas_covered(option))
    ]
    text = (
        f"What Option {letter} gives up: {len(counts)} indicators that another option includes. The most important "
        "are these. " + " ".join(line + "." for line in lines)
    )
    if not text.endswith("."):
        text += "."
    out = [text]
    if areas_lost:
        out.append(
            f"Option {letter} has nothing from {or_list([a.lower() for a in areas_lost], 'or')}, which another option "
            "covers, so members would not see those parts of the service each quarter."
        )
    return out


def _recommendation_reasons(n, options, letters, chosen, records, names, finance) -> list[dict]:
    pick, letter = options[chosen], letters[chosen]
    areas = len(_areas_covered(pick))
    total_areas = len(pick.coverage_by_area)
    others = [(letters[i], o) for i, o in enumerate(options) if i != chosen]
    reasons = []
    low, high = SET_SIZE_RANGE
    size_bit = (
        f"It has {pick.size} indicators, within the {low} to {high} a committee can follow each quarter"
        if low <= pick.size <= high
        else f"It has {pick.size} indicators"
    )
    fewer = [ltr for ltr, o in others if len(_areas_covered(o)) < areas]
    reasons.append(
        f"{size_bit}, and covers {areas} of the {total_areas} service areas"
        + (f", more than Option {or_list(fewer, 'and')}" if fewer else "")
        + ", so members see the child's journey from first contact to leaving care rather than one part of it."
    )
    fin = _finance_in(pick, finance)
    if fin:
        reasons.append(
            f"It includes {or_list([names[f] for f in fin], 'and')}, so the Sub-Committee sees money beside "
            "performance, as a Budget and Performance Sub-Committee must."
        )
    else:
        notes = [note for note in pick.relaxed if note.startswith("no finance measure")]
        available = [c for c in records if c in finance and c not in set(pick.constraints.exclude)]
        if notes:
            why = (
                "; ".join(notes)
                + ". Members will continue to see the budget through the council's budget monitoring reports."
            )
        elif available:
            best = max(available, key=lambda c: (float(records[c].get("rationale_strength", 0) or 0), c))
            weakest = pick.indicators.sort_values("score").iloc[0]["name"]
            why = (
                "it was built without asking for one. Officers suggest members add "
                f"{names[best]} in place of {weakest}, or rely on the council's budget monitoring reports."
            )
        else:
            why = "the long list has none. Members will see the budget through the council's budget monitoring reports."
        reasons.append(f"It has no finance measure: {why}")
    outcomes = [r.name for r in pick.indicators.itertuples(index=False) if str(r.measure_type).lower() == OUTCOME]
    if outcomes:
        reasons.append(
            f"{len(outcomes)} of its indicators measure whether children are better off (for example "
            f"{or_list(outcomes[:2], 'and')}), not only how much work was done or how fast."
        )
    reasons.append(
        f"{_sure_words(pick)[0].upper() + _sure_words(pick)[1:]}. Members can change the weights a good deal "
        "and most of the set stays the same; the rest are in to keep the set balanced across the service."
    )
    missing_pairs = [
        c for c in pick.ids if facts(records[c]).pair_with and facts(records[c]).pair_with not in set(pick.ids)
    ]
    paired = [c for c in pick.ids if facts(records[c]).pair_with and facts(records[c]).pair_with in set(pick.ids)]
    if paired and not missing_pairs:
        reasons.append("Every indicator that needs a pair to be read safely has its pair in the set.")
    elif missing_pairs:
        reasons.append(
            "One caution: "
            + or_list(
                [
                    f"{names[c]} lacks its pair ({names.get(facts(records[c]).pair_with, facts(records[c]).pair_with)})"
                    for c in missing_pairs
                ],
                "and",
            )
            + "; section 3 says what is lost, and members may wish to swap one indicator to add it."
        )
    comparable = sum(1 for c in pick.ids if england_text(records[c]))
    reasons.append(
        f"{comparable} of its indicators have a published England figure to compare with today; the data development "
        "agenda gives the others a baseline."
    )
    return n.paras(f"Officers recommend Option {letter} for these reasons.", *reasons)


def _annual_paragraphs(n, annual: Sequence[str], records) -> list[dict]:
    if not annual:
        return n.paras(
            "Every measure on the long list can be reported each quarter, so none is routed to an annual report."
        )
    by_report: dict[str, list[str]] = {}
    for cid in annual:
        by_report.setdefault(annual_report_for(str(records[cid]["service_area"])), []).append(str(records[cid]["name"]))
    parts = []
    for report, names_ in by_report.items():
        where = "" if report == ANNUAL_OTHER else "the "
        parts.append(f"{or_list(names_, 'and')} to {where}{report}")
    return n.paras(
        f"{len(annual)} measures on the long list are published only once a year, so a quarterly report would show "
        "the same figure four times. They are not offered for the quarterly set. The annual reports continue, and "
        "will carry them: " + "; ".join(parts) + "."
    )


def _shared_rules(include, exclude, min_data_availability, exclusive_overlaps) -> list[str]:
    rules = []
    if include:
        rules.append(f"must include {', '.join(include)}")
    if exclude:
        rules.append(f"must leave out {', '.join(exclude)}")
    if exclusive_overlaps:
        rules.append("at most one of each pair of indicators that measure nearly the same thing")
    if min_data_availability is not None:
        rules.append(f"data availability at least {min_data_availability:g}")
    return rules


def _technical(
    n,
    longlist,
    audience,
    weights,
    acc,
    settings,
    include,
    exclude,
    min_data_availability,
    exclusive_overlaps,
    weights_given,
) -> dict:
    number = 2
    n.start(0)
    name = Path(str(longlist.source)).name
    high, low = settings["thresholds"]
    how = SAMPLING_LABELS.get(settings["sampling"], settings["sampling"])
    paragraphs = [
        {
            "num": "A2.1",
            "text": "Scores. Each criterion score is placed on a 0-1 scale on its declared range (reversed where less "
            "is better) and the weighted sum of those values is the indicator's score (the weighted sum model). "
            "Because the range is declared, a score never changes when another candidate is added or removed.",
        },
        {
            "num": "A2.2",
            "text": "How sure. Robustness is stochastic multicriteria acceptability analysis, SMAA-2 (Lahdelma and "
            f"Salminen, Operations Research 49(3), 2001): {int(settings['samples']):,} weightings drawn ({how}) "
            f"with random seed {settings['seed']}; for each indicator, the share that put it in the best k, where k "
            f"is the option's size. \u201cAlmost every weighting\u201d is at least {high:.0%}, \u201crarely\u201d at most "
            f"{low:.0%}. Each share is accurate to within \u00b1{acc.mc_error:.3f} (95%).",
        },
        {
            "num": "A2.3",
            "text": "Options. Each option is the optimal solution of a 0-1 integer programme (solved with HiGHS) that "
            "maximises the total score subject to the option's rules on size, service areas, outcome measures, "
            "overlapping pairs, must-include and must-exclude lists, and a finance measure; rules the list cannot "
            "meet are dropped as few at a time as will do, and the option says so.",
        },
    ]
    command = ["python -m pmf_select paper", name, f"--audience {audience}"]
    if weights_given:
        command.append("--weights " + ",".join(f"{k}={weights[k]:.6g}" for k in longlist.criteria.keys))
    if include:
        command.append("--include " + ",".join(include))
    if exclude:
        command.append("--exclude " + ",".join(exclude))
    if not exclusive_overlaps:
        command.append("--allow-overlaps")
    if min_data_availability is not None:
        command.append(f"--min-data-availability {min_data_availability:g}")
    command.append(f"--sampling {settings['sampling']} --samples {settings['samples']} --seed {settings['seed']}")
    command.append("--out paper.docx")
    rows = [
        {
            "label": "Long list",
            "value": f"{name}: {len(longlist)} candidates in {len(longlist.service_areas)} service areas",
        },
        {"label": "Long list SHA-256", "value": longlist.content_hash},
        {"label": "Criteria", "value": Path(str(longlist.criteria.source)).name},
        {"label": "Audience", "value": f"{longlist.criteria.audience(audience).label} ({audience})"},
        {"label": "Weights", "value": ", ".join(f"{k}={weights[k]:.6g}" for k in longlist.criteria.keys)},
        {
            "label": "Robustness",
            "value": f"SMAA-2, {how}, {int(settings['samples']):,} weightings, seed {settings['seed']}",
        },
        {
            "label": "Shared rules",
            "value": "; ".join(_shared_rules(include, exclude, min_data_availability, exclusive_overlaps)) or "none",
        },
        {"label": "Software", "value": f"pmf-select {__version__}"},
        {"label": "To make this paper again", "value": " ".join(command)},
    ]
    return {"number": number, "paragraphs": paragraphs, "table_number": n.table(), "rows": rows}


def options_paper(
    longlist: LongList,
    audience: str = "scrutiny",
    weights: Mapping[str, float] | None = None,
    *,
    template: str | Path | None = None,
    **kwargs,
) -> bytes:
    """The options paper as DOCX bytes, rendered from ``template`` (default the shipped one).

    Takes the arguments of :func:`options_context`.
    """
    content = options_context(longlist, audience, weights, **kwargs)
    return render_docx(
        template or OPTIONS_TEMPLATE_FILE, content.context, images=content.images, image_width_mm=IMAGE_WIDTH_MM
    )
