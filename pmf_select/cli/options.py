"""``options FILE --out DIR``: two to four distinct sets for the officers' paper.

Builds the lean, balanced, outcome-led and comprehensive options (see
:mod:`pmf_select.selection.options`) under the same weights and must-include / must-exclude
lists, and writes one CSV per option (``option_<n>_<key>.csv``: ``id, name,
service_area, measure_type, score, list_rank, p_top_k, robustness, reason``), a
``summary.csv`` comparing them and a ``summary.md`` section for the paper.
"""

from __future__ import annotations

from pathlib import Path

from pmf_select.cli.build import add_shared_set_args, parse_ids, write_table
from pmf_select.cli.common import (
    add_longlist_args,
    add_weighting_args,
    format_table,
    load_from_args,
    weights_from_args,
)
from pmf_select.cli.sampling_args import add_sampling_args, sampling_from_args
from pmf_select.errors import InputError


def register(sub, common) -> None:
    parser = sub.add_parser(
        "options",
        parents=[common],
        help="write 2-4 distinct set options for the paper",
        description="Build distinct options (lean core, balanced, outcome-led, comprehensive), each the best set "
        "for its shape under the same weights, with coverage by area and audience, a robustness summary and "
        "a one-line reason per indicator. Writes option_<n>_<key>.csv for each, summary.csv and summary.md.",
    )
    add_longlist_args(parser)
    add_weighting_args(parser, method=False)
    parser.add_argument("--out", metavar="DIR", required=True, help="folder to write the options into (created)")
    add_shared_set_args(parser)
    add_sampling_args(parser, samples_default=10_000)
    parser.set_defaults(handler=run)


def run(args) -> int:
    from pmf_select.selection import build_options, options_markdown, options_summary

    longlist = load_from_args(args)
    weights = weights_from_args(args, longlist)
    sampling = sampling_from_args(args, longlist)
    folder = Path(args.out)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--out {folder}: exists and is not a folder")
    options = build_options(
        longlist,
        args.audience,
        weights,
        include=parse_ids(args.include),
        exclude=parse_ids(args.exclude),
        min_data_availability=args.min_data_availability,
        exclusive_overlaps=not args.allow_overlaps,
        **sampling,
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create {folder}: {exc.strerror or exc}") from None
    written = []
    for number, option in enumerate(options, start=1):
        written.append(write_table(option.indicators, folder / f"option_{number}_{option.key}.csv", option.title))
    summary = options_summary(options)
    written.append(write_table(summary, folder / "summary.csv", "Options"))
    audience = longlist.criteria.audience(args.audience)
    markdown = options_markdown(options, audience_label=f"{audience.label} ({audience.key})")
    path = folder / "summary.md"
    try:
        path.write_text(markdown, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    written.append(path)

    rows = [
        [
            r.title,
            str(r.size),
            f"{r.total_score:.3f}",
            r.service_areas,
            str(r.outcome_measures),
            f"{r.in_almost_any} in, {r.contested} contested, {r.out_almost_any} out",
        ]
        for r in summary.itertuples(index=False)
    ]
    print(
        format_table(
            ["option", "size", "total", "service areas", "outcomes", "robustness (top k)"], rows, right=(1, 2, 4)
        )
    )
    for option in options:
        for note in option.relaxed:
            print(f"{option.title}: {note}")
    print()
    for path in written:
        print(f"wrote {path}")
    return 0
