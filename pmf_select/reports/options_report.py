"""The options paper: the draft committee report that puts the options to the Sub-Committee.

:func:`options_paper` builds the options (or takes those given), recomputes their
robustness once per option size, and writes the report in Bromley's template: the
reason for the report, the recommendation, the commentary (background, criteria,
weights, robustness, each option with its table, reasons and charts, what each gives
up against the others, the data development agenda), the implications, the scored
long list (Appendix 1) and how to make the paper again (Appendix 2).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from pmf_select import __version__
from pmf_select.errors import InputError
from pmf_select.longlist import LongList
from pmf_select.ranking import acceptability, normalise_weights, score
from pmf_select.reports.agenda import data_development_agenda
from pmf_select.reports.analysis import (
    SET_SIZE_RANGE,
    _areas_covered,
    membership_all,
    option_letter,
    option_trade_offs,
    resolve_recommendation,
    robustness_rows,
)
from pmf_select.reports.charts import chart_png, set_coverage_chart, set_robustness_chart
from pmf_select.reports.docx_writer import CHART_SCALE, _Report
from pmf_select.reports.formatting import fmt_score, fmt_signed, fmt_total
from pmf_select.reports.sections import (
    _agenda_section,
    _background,
    _background_documents,
    _criteria_section,
    _implications,
    _indicator_cell,
    _long_list_table,
    _robustness_paragraph,
    _weights_paragraphs,
)
from pmf_select.reports.template import HEADINGS, OPTIONS_TITLE, ReportDetails
from pmf_select.selection import build_options, common_indicators, options_summary

OPTION_TABLE_HEADER = ("#", "Indicator", "Service area", "Definition", "Why it is in", "Score", "Rank")

SUMMARY_TABLE_HEADER = (
    "Option",
    "Indicators",
    "Total score",
    "Average score",
    "Service areas covered",
    "Outcome measures",
    "Robustness (in / contested / out)",
)
TRADE_OFF_HEADER = ("Against", "Gives up (in the other option only)", "Service areas lost", "Total score", "Average")


def options_paper(
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
) -> bytes:
    """The options paper for the March meeting, as DOCX bytes (see the module docstring).

    ``options`` defaults to :func:`pmf_select.selection.options.build_options` with these
    arguments (pass the options already built, with the same arguments, to avoid
    building them twice). ``recommend`` names the recommended option by letter or key
    (default: :func:`recommended_option`). The robustness settings are those of
    :func:`pmf_select.ranking.robustness.acceptability`; the paper recomputes acceptability
    once per option size with them, so its charts show the same shares as the options'
    reasons. ``charts=False`` leaves the charts out (faster; for previews).
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
            **settings,
        )
    options = list(options)
    if not options:
        raise InputError("an options paper needs at least one option")
    chosen = resolve_recommendation(options, recommend)
    ranking = score(longlist, audience, normalised, "wsm")
    by_size = {}
    for option in options:
        if option.size not in by_size:
            by_size[option.size] = acceptability(longlist, audience, normalised, top_k=option.size, **settings)
    letters = [option_letter(i) for i in range(len(options))]
    title = details.title or OPTIONS_TITLE
    report = _Report(details, title)
    report.front_sheet()

    # 1. reason
    report.heading(HEADINGS[0])
    sizes = sorted({o.size for o in options})
    size_text = f"{sizes[0]}" if len(sizes) == 1 else f"{sizes[0]} to {sizes[-1]}"
    report.numbered(
        "In January 2018 the Sub-Committee asked officers to bring options and rationales for key performance "
        "indicators (KPIs) to this meeting. This report offers "
        f"{len(options)} options, of {size_text} indicators each, for the set the Sub-Committee will watch each "
        "quarter from Q1 2018-19, and sets out what each option includes, why, and what it gives up."
    )
    report.numbered(
        f"Each option is drawn from a long list of {len(longlist)} candidate indicators in "
        f"{len(longlist.service_areas)} service areas, scored against {len(criteria.criteria)} criteria. Every "
        "figure in this report was produced by the pmf-select decision-support tool from that long list "
        f"(SHA-256 {longlist.content_hash[:16]}\u2026) and can be produced again from it (Appendix 2)."
    )

    # 2. recommendations
    report.heading(HEADINGS[1])
    others = [letters[i] for i in range(len(options)) if i != chosen]
    pick = options[chosen]
    report.para("The Sub-Committee is asked to:", indent=False)
    alternatives = ""
    if others:
        alternatives = (
            f"; or to agree Option {_or_list(others)} instead, or an option amended by naming "
            "indicators to add or remove"
        )
    report.numbered(
        f"agree Option {letters[chosen]}, the {pick.title.lower()} of {pick.size} indicators set out in section 3, "
        f"as its quarterly KPI set from Q1 2018-19{alternatives};"
    )
    report.numbered("note what each option gives up against the others, and how sure each indicator is of its place;")
    report.numbered(
        "note the data development agenda in section 3, and ask officers to report progress on it with the "
        "quarterly indicators."
    )
    report.para(
        f"Officers recommend Option {letters[chosen]} because, of the options with "
        f"{SET_SIZE_RANGE[0]}-{SET_SIZE_RANGE[1]} indicators, it covers the most service areas "
        f"({len(_areas_covered(pick))} of {len(pick.coverage_by_area)})."
        if recommend is None
        else f"Officers recommend Option {letters[chosen]}.",
        italic=True,
    )

    # 3. commentary
    report.heading(HEADINGS[2])
    _background(report, longlist)
    _criteria_section(report, longlist, normalised, audience)
    weights_given = weights is not None and normalised != normalise_weights(criteria, None)
    source_text = "set by officers for this report" if weights_given else "the default weights in the criteria file"
    _weights_paragraphs(report, longlist, normalised, "wsm", audience, source_text, members)
    first_acc = by_size[options[0].size]
    _robustness_paragraph(report, first_acc, "the size of the option")

    # the options
    report.heading("The options", 2)
    report.numbered(
        "Each option is the set with the highest total score that meets its own rules (a 0-1 integer "
        "programme, so no other set meeting the same rules scores more). The options share the weights above"
        + (
            " and these rules: " + "; ".join(_shared_rules(include, exclude, min_data_availability, exclusive_overlaps))
            if _shared_rules(include, exclude, min_data_availability, exclusive_overlaps)
            else ""
        )
        + "."
    )
    summary = options_summary(options)
    rows = []
    for letter, option, s in zip(letters, options, summary.itertuples(index=False), strict=True):
        rows.append(
            [
                f"{letter}: {option.title}",
                str(option.size),
                fmt_total(option.total),
                fmt_score(option.total / option.size),
                s.service_areas,
                str(s.outcome_measures),
                f"{s.in_almost_any} / {s.contested} / {s.out_almost_any}",
            ]
        )
    report.table(
        SUMMARY_TABLE_HEADER,
        rows,
        [3.8, 1.9, 1.8, 1.8, 2.3, 2.0, 3.4],
        caption="The options at a glance",
        numeric=(1, 2, 3, 5),
        size=9,
    )
    shared = common_indicators(options)
    names = longlist.frame.set_index("id")["name"]
    if shared and len(options) > 1:
        report.numbered(
            f"{len(shared)} indicators are in every option: "
            + "; ".join(f"{names[i]} ({i})" for i in shared)
            + ". The options differ in what they add to that core."
        )
    for i, option in enumerate(options):
        _option_section(report, longlist, letters[i], option, by_size[option.size], charts, recommended=i == chosen)

    # what each option gives up
    if len(options) > 1:
        report.heading("What each option gives up against the others", 2)
        report.numbered(
            "For each option, the table lists against each other option the indicators it leaves out that the "
            "other includes, the service areas the other covers and it does not, and the difference in total "
            "and average score (this option minus the other). A larger set scores more in total; the average "
            "shows the strength of each indicator in it."
        )
        trade = option_trade_offs(options)
        key_letter = {o.key: letters[i] for i, o in enumerate(options)}
        key_title = {o.key: o.title for o in options}
        for i, option in enumerate(options):
            rows = []
            for r in trade[trade["option"] == option.key].itertuples(index=False):
                rows.append(
                    [
                        f"{key_letter[r.against]}: {key_title[r.against]}",
                        "; ".join(f"{names[x]} ({x})" for x in r.gives_up) or "nothing",
                        "; ".join(r.areas_lost) or "none",
                        fmt_signed(r.total_difference, 2),
                        fmt_signed(r.mean_difference, 3),
                    ]
                )
            report.table(
                TRADE_OFF_HEADER,
                rows,
                [2.6, 7.4, 3.6, 1.6, 1.8],
                caption=f"What Option {letters[i]} ({option.title}) gives up",
                numeric=(3, 4),
            )

    # data development agenda
    agenda = data_development_agenda(longlist)
    membership = {
        cid: ", ".join(letters[i] for i, o in enumerate(options) if cid in set(o.ids)) for cid in agenda["id"]
    }
    _agenda_section(report, agenda, membership, "candidates")
    if not agenda.empty:
        report.numbered(
            "The last column shows the options that include each of them. An indicator in the agreed set "
            "that lacks data can still be reported, with a note of its limits, while the fix is made."
        )

    _implications(report)
    _background_documents(report, longlist, "the options")
    _long_list_table(report, longlist, ranking, marked=membership_all(options, letters), mark_label="In options")
    _appendix_reproduce(
        report,
        longlist,
        audience,
        normalised,
        settings,
        include,
        exclude,
        min_data_availability,
        exclusive_overlaps,
        weights_given,
    )
    return report.to_bytes()


def _or_list(items: Sequence[str]) -> str:
    """["A", "C", "D"] -> "A, C or D"."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


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


def _option_section(report: _Report, longlist: LongList, letter: str, option, acc, charts: bool, recommended: bool):
    heading = f"Option {letter}: {option.title}" + (" (recommended)" if recommended else "")
    report.heading(heading, 3)
    purpose = option.purpose[:1].upper() + option.purpose[1:]
    covered = _areas_covered(option)
    report.numbered(
        f"{purpose}. Total score {fmt_total(option.total)} (average {fmt_score(option.total / option.size)} per "
        f"indicator); it covers {len(covered)} of {len(option.coverage_by_area)} service areas. Robustness: "
        f"{option.robustness_summary}."
    )
    for note in option.relaxed:
        report.numbered(f"This list could not meet every rule of this shape, so officers {note}.")
    definitions = longlist.frame.set_index("id")["definition"]
    rows = []
    for n, r in enumerate(option.indicators.itertuples(index=False), start=1):
        rows.append(
            [
                str(n),
                _indicator_cell(r.name, r.id),
                r.service_area,
                str(definitions[r.id]),
                r.reason,
                fmt_score(r.score),
                str(int(r.list_rank)),
            ]
        )
    report.table(
        OPTION_TABLE_HEADER,
        rows,
        [0.6, 3.3, 2.0, 4.3, 4.2, 1.4, 1.2],
        caption=f"Option {letter}: {option.title}",
        numeric=(0, 5, 6),
    )
    missing = option.coverage_by_area.loc[option.coverage_by_area["chosen"] == 0, "service_area"].tolist()
    audience_cov = option.coverage_by_audience
    text = "Service areas not covered: " + ("; ".join(missing) if missing else "none") + "."
    if len(audience_cov):
        text += (
            " Indicators strongly relevant (4 or more of 5) to each audience: "
            + "; ".join(f"{r.label} {r.strongly_relevant}" for r in audience_cov.itertuples(index=False))
            + "."
        )
    report.numbered(text)
    if charts:
        report.figure(
            chart_png(set_coverage_chart(option.coverage_by_area), scale=CHART_SCALE),
            f"Option {letter}, indicators by service area",
        )
        rows = robustness_rows(acc, option.ids)
        report.figure(
            chart_png(set_robustness_chart(rows, acc.top_k), scale=CHART_SCALE),
            f"Option {letter}, how sure each indicator is of a top-{acc.top_k} place; the black line is the 95% "
            f"interval; paler bars are the {len(rows) - option.size} strongest indicators left out",
        )


def _appendix_reproduce(
    report: _Report,
    longlist: LongList,
    audience: str,
    weights: Mapping[str, float],
    settings: Mapping,
    include,
    exclude,
    min_data_availability,
    exclusive_overlaps,
    weights_given: bool,
) -> None:
    report.portrait_section()
    report.heading("Appendix 2: how the figures were produced", 1)
    name = Path(str(longlist.source)).name
    high, low = settings["thresholds"]
    rows = [
        ("Long list", f"{name}: {len(longlist)} candidates in {len(longlist.service_areas)} service areas"),
        ("Long list SHA-256", longlist.content_hash),
        ("Criteria", str(longlist.criteria.source)),
        ("Audience", f"{longlist.criteria.audience(audience).label} ({audience})"),
        ("Method", "weighted sum (wsm)"),
        ("Weights", ", ".join(f"{k}={weights[k]:.6g}" for k in longlist.criteria.keys)),
        ("Robustness sampling", str(settings["sampling"])),
        ("Weightings drawn", f"{int(settings['samples']):,}"),
        ("Random seed", str(settings["seed"])),
        ("Thresholds (in, out)", f"{high:g}, {low:g}"),
        (
            "Shared rules",
            "; ".join(_shared_rules(include, exclude, min_data_availability, exclusive_overlaps)) or "none",
        ),
        ("Software", f"pmf-select {__version__}"),
    ]
    if settings["sampling"] == "around":
        rows.insert(7, ("Spread", f"{settings['spread']:g}"))
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
    if settings["sampling"] == "around":
        command.append(f"--spread {settings['spread']:g}")
    if settings.get("order"):
        command.append("--order " + ",".join("=".join(g) for g in settings["order"]))
    if settings.get("members"):
        command.append("--members MEMBERS.csv")
    command.append("--out paper.docx")
    rows.append(("To make this paper again", " ".join(command)))
    report.table(("Setting", "Value"), rows, [4.0, 13.0], caption="Settings", size=9)
    report.para(
        "The same long list and settings give the same options, scores, ranks and robustness shares, and the "
        "same document.",
        indent=False,
    )
