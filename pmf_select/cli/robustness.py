"""``robustness FILE``: which indicators are in the top k under almost any weighting.

Draws many weight vectors (uniform over all weights, around the current weights, in an
order of importance, or within the members' range), ranks the long list under each and
reports, per candidate, the share of weightings that put it in the top k, its median
rank and 5-95% rank range, and a plain-English class. Prints a table, or writes a CSV
(or XLSX) with ``--out``; always states the sampling, samples, seed and Monte Carlo error.
"""

from __future__ import annotations

from pathlib import Path

from pmf_select.cli.common import (
    add_longlist_args,
    add_weighting_args,
    format_table,
    load_from_args,
    weights_from_args,
    write_output,
)
from pmf_select.cli.sampling_args import add_sampling_args, sampling_from_args

# the sampling parsers' old home: they stay importable from here
from pmf_select.cli.sampling_args import parse_order_arg as parse_order_arg
from pmf_select.cli.sampling_args import parse_thresholds_arg as parse_thresholds_arg
from pmf_select.cli.sampling_args import read_members as read_members

NAME_WIDTH = 48


def register(sub, common) -> None:
    parser = sub.add_parser(
        "robustness",
        parents=[common],
        help="how sure is each indicator of a place in the top k, whatever the weights",
        description="Sample many weight vectors, rank the long list (weighted sum) under each, and report "
        "for each candidate the share of weightings that put it in the top K (p_top_k), its median rank, "
        "its 5-95% rank range and a class: 'in under almost any weighting' (p_top_k >= 0.9), 'contested', "
        "'out under almost any weighting' (<= 0.1). Same arguments and seed, same result.",
    )
    add_longlist_args(parser)
    add_weighting_args(parser, method=False)
    parser.add_argument("--top", type=int, default=12, metavar="K", help="the set size k (default 12)")
    add_sampling_args(parser, samples_default=10_000)
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="write the columns id,name,service_area,p_top_k,median_rank,rank_p05,rank_p95,class as CSV "
        "(or XLSX when FILE ends in .xlsx) instead of printing the table",
    )
    parser.set_defaults(handler=run)


def _table_text(frame) -> str:
    headers = ["id", "name", "service_area", "p_top_k", "median", "p05-p95", "class"]
    rows = []
    for r in frame.to_dict(orient="records"):
        name = r["name"] if len(r["name"]) <= NAME_WIDTH else r["name"][: NAME_WIDTH - 3] + "..."
        rows.append(
            [
                r["id"],
                name,
                r["service_area"],
                f"{r['p_top_k']:.3f}",
                str(int(r["median_rank"])),
                f"{int(r['rank_p05'])}-{int(r['rank_p95'])}",
                r["class"],
            ]
        )
    return format_table(headers, rows, right=(3, 4, 5), rule=False)


def run(args) -> int:
    from pmf_select.ranking import acceptability, describe_settings, output_table
    from pmf_select.record import acceptability_to_csv_bytes

    longlist = load_from_args(args)
    weights = weights_from_args(args, longlist)
    result = acceptability(longlist, args.audience, weights, top_k=args.top, **sampling_from_args(args, longlist))
    counts = result.counts()
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    if args.out:
        path = Path(args.out)
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            from pmf_select.record import write_workbook

            write_output(path, write_workbook({"Robustness": output_table(result)}))
        else:
            write_output(path, acceptability_to_csv_bytes(result))
        print(describe_settings(result))
        print(summary)
        print(f"wrote {args.out}")
        return 0
    print(describe_settings(result))
    print()
    print(_table_text(output_table(result)))
    print()
    print(summary)
    return 0
