"""``robustness FILE``: which indicators are in the top k under almost any weighting.

Draws many weight vectors (uniform over all weights, around the current weights, in an
order of importance, or within the members' range), ranks the long list under each and
reports, per candidate, the share of weightings that put it in the top k, its median
rank and 5-95% rank range, and a plain-English class. Prints a table, or writes a CSV
(or XLSX) with ``--out``; always states the sampling, samples, seed and Monte Carlo error.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pmf_select.cli.common import add_longlist_args, add_weighting_args, load_from_args, weights_from_args
from pmf_select.errors import InputError
from pmf_select.sampling import SAMPLINGS

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
    parser.add_argument(
        "--sampling",
        default="simplex",
        choices=SAMPLINGS,
        help="simplex: uniform over all weights (default); around: each weight within --spread of --weights; "
        "order: any weights in the order of importance --order (default: the order --weights imply); "
        "members: within the range of the weights in --members",
    )
    parser.add_argument(
        "--samples", type=int, default=10_000, metavar="N", help="weight vectors to draw (default 10000: +-0.01)"
    )
    parser.add_argument("--top", type=int, default=12, metavar="K", help="the set size k (default 12)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    parser.add_argument(
        "--spread",
        type=float,
        default=0.1,
        metavar="X",
        help="around: how far each weight may move, in weight points 0-1 (default 0.1 = 10 percentage points)",
    )
    parser.add_argument(
        "--order",
        metavar="A,B=C,D",
        help="order: every criterion key, most important first, separated by ',' or '>'; tie with '='",
    )
    parser.add_argument(
        "--members",
        metavar="FILE",
        help="members: CSV with a 'member' column and one column per criterion key (missing columns take "
        "the default weight); one row per member",
    )
    parser.add_argument(
        "--thresholds",
        default="0.9,0.1",
        metavar="IN,OUT",
        help="p_top_k at or above IN is 'in', at or below OUT is 'out' (default 0.9,0.1)",
    )
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="write the columns id,name,service_area,p_top_k,median_rank,rank_p05,rank_p95,class as CSV "
        "(or XLSX when FILE ends in .xlsx) instead of printing the table",
    )
    parser.set_defaults(handler=run)


def parse_order_arg(text: str) -> list[list[str]]:
    """``a,b=c,d`` (or ``a>b=c>d``) as groups, most important first; '=' ties."""
    groups = []
    for part in text.replace(">", ",").split(","):
        names = [name.strip() for name in part.split("=")]
        if not part.strip() or not all(names):
            raise InputError(
                f"--order: expected criterion keys separated by ',' (or '>') with '=' for ties, got '{text}'"
            )
        groups.append(names)
    return groups


def parse_thresholds_arg(text: str) -> tuple[float, float]:
    parts = [p.strip() for p in text.split(",")]
    try:
        high, low = (float(p) for p in parts)
    except ValueError:
        raise InputError(f"--thresholds: expected two numbers IN,OUT such as 0.9,0.1, got '{text}'") from None
    return high, low


def read_members(path: str, keys: list[str]) -> dict[str, dict[str, float]]:
    """Members' weights from a CSV: a ``member`` column and criterion-key columns."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: members file not found") from None
    except OSError as exc:
        raise InputError(f"{path}: members file cannot be read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise InputError(f"{path}: empty members file: expected a header 'member,<criterion>,...' and one row each")
    header = [h.strip() for h in rows[0]]
    if "member" not in header:
        raise InputError(f"{path}: no 'member' column: expected a header 'member,{','.join(keys)}'")
    unknown = [h for h in header if h != "member" and h not in keys]
    if unknown:
        raise InputError(f"{path}: unknown column '{unknown[0]}': expected member and criterion keys {', '.join(keys)}")
    members: dict[str, dict[str, float]] = {}
    for line, row in enumerate(rows[1:], start=2):
        cells = dict(zip(header, (c.strip() for c in row)))
        name = cells.get("member", "")
        if not name:
            raise InputError(f"{path}, row {line}: blank member name")
        if name in members:
            raise InputError(f"{path}, row {line}: member '{name}' appears twice")
        weights = {}
        for key in header:
            if key == "member":
                continue
            value = cells.get(key, "")
            try:
                weights[key] = float(value)
            except ValueError:
                raise InputError(
                    f"{path}, row {line}, column '{key}': expected a non-negative number, got '{value}'"
                ) from None
        members[name] = weights
    if not members:
        raise InputError(f"{path}: no members: expected one row of weights per member")
    return members


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
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(headers)]
    numeric = {3, 4, 5}
    lines = []
    for row in [headers, *rows]:
        cells = [c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def run(args) -> int:
    from pmf_select.robustness import acceptability, acceptability_to_csv_bytes, describe_settings, output_table

    longlist = load_from_args(args)
    weights = weights_from_args(args, longlist)
    if args.order is not None and args.sampling != "order":
        raise InputError("--order only applies with --sampling order")
    if args.members is not None and args.sampling != "members":
        raise InputError("--members only applies with --sampling members")
    if args.sampling == "members" and args.members is None:
        raise InputError("--sampling members needs --members FILE (a CSV of each member's weights)")
    order = parse_order_arg(args.order) if args.order is not None else None
    members = read_members(args.members, longlist.criteria.keys) if args.members is not None else None
    result = acceptability(
        longlist,
        args.audience,
        weights,
        sampling=args.sampling,
        samples=args.samples,
        top_k=args.top,
        seed=args.seed,
        spread=args.spread,
        order=order,
        members=members,
        thresholds=parse_thresholds_arg(args.thresholds),
    )
    counts = result.counts()
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    if args.out:
        path = Path(args.out)
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            from pmf_select.safe_excel import write_workbook

            path.write_bytes(write_workbook({"Robustness": output_table(result)}))
        else:
            path.write_bytes(acceptability_to_csv_bytes(result))
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
