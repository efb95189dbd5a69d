"""``rank FILE``: score and rank the long list for one audience, with one method.

Prints a readable table (rank, score, id, name, service area), or writes the full
ranking with ``--out`` (CSV or XLSX: ``id,name,service_area,score,rank``, then
``contrib_<criterion>`` for the weighted sum, then the other input columns).
``--explain ID`` shows one candidate's weighted-sum score as a calculator check;
``--compare`` adds Kendall's tau between the methods and the candidates whose place in
the top k depends on the method.
"""

from __future__ import annotations

from pathlib import Path

from pmf_select.cli.common import (
    add_longlist_args,
    add_weighting_args,
    clip,
    format_table,
    load_from_args,
    weights_from_args,
    whole_number,
)
from pmf_select.errors import InputError


def register(sub, common) -> None:
    parser = sub.add_parser(
        "rank",
        parents=[common],
        help="score and rank the long list",
        description="Score and rank every candidate for one audience. Weights not given take the criteria's "
        "defaults. Methods: wsm (weighted sum on the declared scales, the default), topsis, wpm (weighted "
        "product), vikor. Ties share a rank and are listed by id.",
    )
    add_longlist_args(parser)
    add_weighting_args(parser, method=True)
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="write the full ranking here (.csv, or .xlsx for a workbook) instead of printing a table",
    )
    parser.add_argument("--top", metavar="N", type=whole_number(1), help="print only the rows ranked N or better")
    parser.add_argument(
        "--explain", metavar="ID", help="show how one candidate's weighted-sum score adds up, to check by hand"
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also compare the methods: Kendall's tau for each pair, and who is in the top k under some only",
    )
    parser.add_argument(
        "--top-k",
        metavar="K",
        type=whole_number(1),
        default=12,
        help="the k for --compare (default: 12, the size of the set the committee will watch)",
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    from pmf_select.ranking import METHOD_LABELS, METHOD_SCORES, check_method, explain, score
    from pmf_select.record import ranking_to_csv_bytes, ranking_to_xlsx_bytes

    method = check_method(args.method)
    longlist = load_from_args(args)
    weights = weights_from_args(args, longlist)
    ranking = score(longlist, args.audience, weights, method)

    if args.out:
        path = Path(args.out)
        data = (
            ranking_to_xlsx_bytes(ranking)
            if path.suffix.lower() in (".xlsx", ".xlsm")
            else ranking_to_csv_bytes(ranking)
        )
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
        print(f"wrote {len(ranking.table)} ranked candidates to {path}")
    else:
        audience = longlist.criteria.audience(args.audience)
        print(f"{METHOD_LABELS[method]} ranking for {audience.label} ({audience.key}), {len(ranking.table)} candidates")
        print("weights: " + ", ".join(f"{k} {v:.3f}" for k, v in ranking.weights.items()))
        print(f"score: {METHOD_SCORES[method]}")
        print()
        shown = ranking.table if args.top is None else ranking.top(args.top)
        rows = [
            [str(r["rank"]), f"{r['score']:.3f}", r["id"], clip(r["name"], 60), clip(r["service_area"], 28)]
            for _, r in shown.iterrows()
        ]
        print(format_table(["rank", "score", "id", "name", "service area"], rows, right=(0, 1)))
        if args.top is not None and len(shown) < len(ranking.table):
            print(f"... {len(ranking.table) - len(shown)} more; --out FILE writes them all")

    if args.explain:
        table = explain(longlist, args.explain, args.audience, weights)
        print()
        print(f"{args.explain}: weighted-sum score, criterion by criterion")
        rows = [
            [
                r["criterion"],
                f"{r['score']:g} on {r['scale_min']:g}-{r['scale_max']:g}"
                + (" (less is better)" if r["objective"] == "min" else ""),
                f"{r['value']:.3f}",
                f"{r['weight']:.3f}",
                f"{r['contribution']:.4f}",
            ]
            for _, r in table.iterrows()
        ]
        rows.append(["total", "", "", f"{table['weight'].sum():.3f}", f"{table['contribution'].sum():.4f}"])
        print(format_table(["criterion", "score", "value", "weight", "weight x value"], rows, right=(2, 3, 4)))

    if args.compare:
        from pmf_select.ranking import compare_methods

        comparison = compare_methods(longlist, args.audience, weights, top_k=args.top_k)
        print()
        print("Agreement between methods (Kendall's tau: 1 same order, 0 unrelated, -1 reversed)")
        rows = [[r.method_a, r.method_b, f"{r.tau:.3f}"] for r in comparison.tau.itertuples(index=False)]
        print(format_table(["method", "method", "tau"], rows, right=(2,)))
        print()
        split = comparison.depends_on_method
        methods = comparison.methods
        if split.empty:
            print(f"Every method puts the same candidates in the top {comparison.top_k}.")
        else:
            print(f"In the top {comparison.top_k} under some methods only (rank under each method):")
            rows = [
                [r["id"], clip(r["name"], 50)] + [_mark(r[f"rank_{m}"], comparison.top_k) for m in methods]
                for _, r in split.iterrows()
            ]
            print(format_table(["id", "name", *methods], rows, right=tuple(range(2, 2 + len(methods)))))
            print(f"* = in the top {comparison.top_k}")
    return 0


def _mark(rank: int, top_k: int) -> str:
    return f"{int(rank)}*" if rank <= top_k else f"{int(rank)} "
