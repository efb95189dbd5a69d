"""``paper FILE --out paper.docx``: the options paper for the committee, as Word.

Builds the options with the same weighting, set and sampling flags as ``options``,
with annual-only measures routed to the annual reports and a finance measure asked of
every option, and renders the committee report from a Word template
(``--template FILE``; default the shipped ``candidates/templates/options-paper.docx``)
with the front sheet from ``--details FILE`` (default ``candidates/report.toml``).
Empty details are listed on stderr as warnings before the paper is written. Or, with
``--decision ID`` (and ``--db``), the record of a locked decision.
"""

from __future__ import annotations

from pathlib import Path

from pmf_select.cli.build import add_shared_set_args, parse_ids
from pmf_select.cli.common import add_weighting_args, load_from_args, opened_store, weights_from_args
from pmf_select.cli.sampling_args import add_sampling_args, sampling_from_args
from pmf_select.errors import InputError

LONG_LIST_ONLY = (
    "criteria",
    "sheet",
    "audience",
    "weights",
    "include",
    "exclude",
    "allow_overlaps",
    "min_data_availability",
    "sampling",
    "samples",
    "seed",
    "spread",
    "order",
    "members",
    "thresholds",
    "recommend",
)
"""Options that shape an options paper; a decision's record takes its settings from the decision."""


def register(sub, common) -> None:
    parser = sub.add_parser(
        "paper",
        parents=[common],
        help="write the options paper (DOCX), or the record of a locked decision",
        description="Write a draft committee report (Word) offering 2-4 options for the quarterly KPI set: the "
        "criteria and weights, each option with a one-line reason per indicator, coverage and robustness charts, "
        "what each option gives up against the others, a data development agenda and the full scored long list. "
        "Every figure comes from the same functions as rank, options and robustness. With --decision ID, write "
        "the record of that locked decision instead (from the store given by --db).",
    )
    parser.add_argument("file", metavar="FILE", nargs="?", help="long list (CSV or XLSX); leave out with --decision")
    parser.add_argument(
        "--criteria", metavar="FILE", help="criteria TOML (default: the shipped candidates/criteria.toml)"
    )
    parser.add_argument("--sheet", metavar="NAME", help="XLSX sheet to read (default: the first)")
    parser.add_argument(
        "--decision", metavar="ID", help="write the record of this locked decision instead (see: decisions)"
    )
    parser.add_argument("--out", metavar="FILE", required=True, help="the Word file to write (.docx)")
    add_weighting_args(parser, method=False)
    add_shared_set_args(parser)
    add_sampling_args(parser, samples_default=10_000)
    parser.add_argument(
        "--recommend",
        metavar="OPTION",
        help="the option to recommend, by letter (A-D) or key (lean, balanced, outcomes, comprehensive); "
        "default: of the options with 10-15 indicators, the one covering the most service areas",
    )
    parser.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="date of the meeting (default 2018-03-20; for --decision, the meeting date in the record)",
    )
    parser.add_argument(
        "--details",
        metavar="FILE",
        help="report details as TOML: report number, contact officer, meeting dates ... (default: candidates/report.toml)",
    )
    parser.add_argument(
        "--template",
        metavar="FILE",
        help="the Word template (house style) to render (default: the shipped candidates/templates/options-paper.docx, "
        "or decision-record.docx with --decision)",
    )
    parser.add_argument("--report-no", metavar="TEXT", help="report number (overrides the details file)")
    parser.add_argument("--contact-officer", metavar="TEXT", help="contact officer's name (overrides the details file)")
    parser.add_argument("--chief-officer", metavar="TEXT", help="chief officer (overrides the details file)")
    parser.add_argument("--no-charts", action="store_true", help="leave the charts out (faster; for a preview)")
    defaults = {dest: parser.get_default(dest) for dest in LONG_LIST_ONLY}
    parser.set_defaults(handler=run, paper_defaults=defaults)


def _details(args):
    from dataclasses import replace

    from pmf_select.reports import check_report_date, load_details

    details = load_details(args.details)
    fields = {}
    if args.date is not None:
        fields["date"] = check_report_date(args.date)
    for flag, name in (
        ("report_no", "report_no"),
        ("contact_officer", "contact_name"),
        ("chief_officer", "chief_officer"),
    ):
        value = getattr(args, flag)
        if value is not None:
            if not value.strip():
                raise InputError(f"--{flag.replace('_', '-')} must not be blank")
            fields[name] = value.strip()
    return replace(details, **fields)


def _warn(details, *, calendar: bool) -> None:
    """Name each empty detail on stderr before the paper is written (never a bracketed placeholder)."""
    import sys

    from pmf_select.reports import missing_details

    for warning in missing_details(details, calendar=calendar):
        print(f"warning: {warning} (set it in the details file or the app's Options paper page)", file=sys.stderr)


def _template(args):
    if args.template is None:
        return None
    path = Path(args.template)
    if not path.is_file():
        raise InputError(f"--template {path}: no such file (expected a Word .docx template)")
    return path


def _check_out(path: Path) -> None:
    """Refuse a bad --out before the (slow) paper is made."""
    if path.suffix.lower() != ".docx":
        raise InputError(f"--out writes a Word document: give a name ending .docx, not '{path.name}'")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"--out {path}: the folder {folder} does not exist")


def run(args) -> int:
    from pmf_select.cli.common import write_atomically

    out = Path(args.out)
    _check_out(out)
    details = _details(args)
    template = _template(args)
    _warn(details, calendar=args.decision is None)
    if args.decision is not None:
        return _run_decision(args, out, details, template, write_atomically)
    if args.file is None:
        raise InputError("give a long list FILE for the options paper, or --decision ID for a decision's record")
    from pmf_select.reports import option_letter
    from pmf_select.selection import build_options

    longlist = load_from_args(args)
    weights = weights_from_args(args, longlist)
    sampling = sampling_from_args(args, longlist)
    shared = {
        "include": parse_ids(args.include),
        "exclude": parse_ids(args.exclude),
        "min_data_availability": args.min_data_availability,
        "exclusive_overlaps": not args.allow_overlaps,
    }
    options = build_options(
        longlist, args.audience, weights, route_annual=True, require_finance=True, **shared, **sampling
    )
    from pmf_select.reports import options_context, render_docx
    from pmf_select.reports.options_report import IMAGE_WIDTH_MM, OPTIONS_TEMPLATE_FILE

    content = options_context(
        longlist,
        args.audience,
        weights if args.weights else None,
        options=options,
        recommend=args.recommend,
        details=details,
        charts=not args.no_charts,
        **shared,
        **sampling,
    )
    chosen = content.recommended
    data = render_docx(
        template or OPTIONS_TEMPLATE_FILE, content.context, images=content.images, image_width_mm=IMAGE_WIDTH_MM
    )
    write_atomically(out, data)
    listed = ", ".join(f"{option_letter(i)} {o.key} ({o.size})" for i, o in enumerate(options))
    print(f"options: {listed}; recommended: Option {option_letter(chosen)}")
    print(f"wrote {out} (options paper, {len(data):,} bytes)")
    return 0


def _run_decision(args, out: Path, details, template, write_atomically) -> int:
    from pmf_select.reports import check_report_date, decision_paper_from_store

    if args.file is not None:
        raise InputError(
            "give either a long list FILE (options paper) or --decision ID (a decision's record), not both: "
            "a decision's record uses the long list stored with it"
        )
    changed = [dest for dest, default in args.paper_defaults.items() if getattr(args, dest) != default]
    if changed:
        flags = ", ".join("--" + dest.replace("_", "-") for dest in changed)
        raise InputError(
            f"{flags}: not used with --decision; a decision's record takes its audience, weights and settings "
            "from the decision itself"
        )
    with opened_store(args, readonly=True) as conn:
        data = decision_paper_from_store(
            conn,
            args.decision,
            details=details,
            meeting_date=check_report_date(args.date) if args.date else None,
            charts=not args.no_charts,
            template=template,
        )
    write_atomically(out, data)
    print(f"wrote {out} (record of decision {args.decision.strip()}, {len(data):,} bytes)")
    return 0
