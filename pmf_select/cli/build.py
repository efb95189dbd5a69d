"""``build FILE --size K``: the best balanced set under coverage and must/must-not rules.

Chooses exactly K indicators to maximise the total weighted-sum score subject to the
constraints given (per-area minimums and maximums, must-include, must-exclude,
outcome measures, overlapping pairs, data availability). Prints the set, or writes it
with ``--out`` (CSV, or XLSX; columns ``id,name,service_area,score,list_rank,
must_include`` then every long-list column). An impossible request exits 2 with the
reason, naming the constraints that conflict. ``--swaps`` adds what each choice
costs; ``--set-robustness`` how often each candidate is in the optimal set across
sampled weightings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from pmf_select.cli.common import (
    add_longlist_args,
    add_weighting_args,
    clip,
    format_table,
    load_from_args,
    weights_from_args,
    whole_number,
    write_output,
)
from pmf_select.cli.sampling_args import add_sampling_args, sampling_from_args
from pmf_select.errors import InputError

NAME_WIDTH = 56
SWAPS_SHOWN = 10


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, not '{text}'") from None


def add_shared_set_args(parser: argparse.ArgumentParser) -> None:
    """Rules every option shares: include/exclude, overlaps, data availability."""
    parser.add_argument("--include", metavar="ID,ID", help="ids that must be in the set")
    parser.add_argument("--exclude", metavar="ID,ID", help="ids that must not be in the set")
    parser.add_argument(
        "--allow-overlaps",
        action="store_true",
        help="allow both of an overlapping pair (the overlaps_with column); by default at most one of each",
    )
    parser.add_argument(
        "--min-data-availability",
        type=_number,
        metavar="X",
        help="only candidates scoring at least X on data availability (0-5) are eligible",
    )


def parse_ids(text: str | None) -> tuple[str, ...]:
    """``A,B;C`` as ids (commas or semicolons, blanks ignored)."""
    if not text:
        return ()
    return tuple(part.strip() for part in text.replace(";", ",").split(",") if part.strip())


def parse_area_limits(items: list[str] | None, option: str) -> dict[str, int]:
    """Repeated ``AREA=N`` options as a mapping (area names may contain spaces)."""
    out: dict[str, int] = {}
    for item in items or []:
        area, sep, number = item.rpartition("=")
        if not sep or not area.strip():
            raise InputError(f"{option}: expected AREA=N (for example \"Workforce=2\"), got '{item}'")
        try:
            out[area.strip()] = int(number)
        except ValueError:
            raise InputError(
                f"{option}: the limit for '{area.strip()}' must be a whole number, not '{number}'"
            ) from None
    return out


def register(sub, common) -> None:
    parser = sub.add_parser(
        "build",
        parents=[common],
        help="choose the best balanced set of K indicators",
        description="Choose exactly K indicators that maximise the total weighted-sum score under coverage and "
        "must/must-not rules (a 0-1 integer programme solved with HiGHS). An impossible request exits 2 with "
        "the reason.",
    )
    add_longlist_args(parser)
    add_weighting_args(parser, method=False)
    parser.add_argument("--size", type=whole_number(1), required=True, metavar="K", help="how many indicators")
    parser.add_argument(
        "--min-per-area", type=whole_number(0), default=0, metavar="N", help="at least N from every service area"
    )
    parser.add_argument("--max-per-area", type=whole_number(0), metavar="N", help="at most N from any service area")
    parser.add_argument(
        "--area-min",
        action="append",
        metavar="AREA=N",
        help="at least N from this area (overrides --min-per-area for it); repeat for more areas",
    )
    parser.add_argument(
        "--area-max",
        action="append",
        metavar="AREA=N",
        help="at most N from this area (overrides --max-per-area for it); repeat for more areas",
    )
    parser.add_argument(
        "--min-outcomes",
        type=whole_number(0),
        default=0,
        metavar="N",
        help="at least N outcome measures (measure_type 'is anyone better off')",
    )
    add_shared_set_args(parser)
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="write the set here (.csv, or .xlsx) instead of printing a table; '-' writes the CSV to standard "
        "output (messages then go to standard error)",
    )
    parser.add_argument(
        "--swaps",
        nargs="?",
        const="-",
        metavar="FILE",
        help="also show what each choice costs ('swap X for Y: -0.03'); with FILE, write the full table as CSV",
    )
    parser.add_argument(
        "--set-robustness",
        nargs="?",
        const="-",
        metavar="FILE",
        help="also show how often each candidate is in the optimal set across sampled weightings "
        "(core / borderline / out); with FILE, write the table as CSV",
    )
    add_sampling_args(parser, samples_default=1000)
    parser.set_defaults(handler=run)


def constraints_from_args(args: argparse.Namespace):
    from pmf_select.selection import SetConstraints

    return SetConstraints(
        size=args.size,
        min_per_area=args.min_per_area,
        max_per_area=args.max_per_area,
        area_min=parse_area_limits(args.area_min, "--area-min"),
        area_max=parse_area_limits(args.area_max, "--area-max"),
        include=parse_ids(args.include),
        exclude=parse_ids(args.exclude),
        min_outcomes=args.min_outcomes,
        exclusive_overlaps=not args.allow_overlaps,
        min_data_availability=args.min_data_availability,
    )


def frame_to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for Excel through the one neutralising writer (UTF-8 with BOM, CRLF, text never a formula)."""
    from pmf_select.record import write_csv

    rows = ([str(v) if isinstance(v, bool) else v for v in row] for row in frame.itertuples(index=False))
    return write_csv(list(frame.columns), rows, _pandas_number)


def _pandas_number(value: object) -> str:
    """Numbers as pandas' ``to_csv`` writes them (4, 0.25, 4.0), so the files keep their bytes."""
    if isinstance(value, (int,)) or (hasattr(value, "dtype") and value.dtype.kind in "iu"):
        return str(int(value))
    number = float(value)
    return "" if number != number else repr(number)


def write_table(frame: pd.DataFrame, path: str | Path, sheet: str) -> Path:
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from pmf_select.record import write_workbook

        data = write_workbook({sheet: frame})
    else:
        data = frame_to_csv_bytes(frame)
    return write_output(path, data)


def run(args) -> int:
    from pmf_select.selection import build_set, set_robustness, swap_costs

    longlist = load_from_args(args)
    weights = weights_from_args(args, longlist)
    constraints = constraints_from_args(args)
    sampling = sampling_from_args(args, longlist) if args.set_robustness else None
    chosen = build_set(longlist, args.audience, weights, constraints)
    to_stdout = args.out == "-"

    def say(*parts: object) -> None:
        print(*parts, file=sys.stderr if to_stdout else sys.stdout)

    if to_stdout:
        sys.stdout.write(frame_to_csv_bytes(chosen.table).decode("utf-8").lstrip("\ufeff"))
        say(f"chose {len(chosen)} of {len(longlist)} candidates, total score {chosen.total:.3f}")
    elif args.out:
        write_table(chosen.table, args.out, "Chosen set")
        say(f"chose {len(chosen)} of {len(longlist)} candidates, total score {chosen.total:.3f}; wrote {args.out}")
    else:
        audience = longlist.criteria.audience(args.audience)
        say(f"Best set of {len(chosen)} for {audience.label} ({audience.key}): total score {chosen.total:.3f}")
        say("constraints: " + "; ".join(constraints.describe()))
        say()
        rows = [
            [f"{r.score:.3f}", str(r.list_rank), r.id, clip(r.name, NAME_WIDTH), r.service_area]
            for r in chosen.table.itertuples(index=False)
        ]
        say(format_table(["score", "list rank", "id", "name", "service area"], rows, right=(0, 1)))
        uncovered = chosen.coverage[chosen.coverage["chosen"] == 0]["service_area"].tolist()
        if uncovered:
            say(f"\nservice areas not covered: {', '.join(uncovered)}")

    if args.swaps:
        costs = swap_costs(longlist, args.audience, weights, constraints)
        if args.swaps == "-":
            say("\nWhat each choice costs (change in total score):")
            shown = pd.concat([costs[costs["in_set"]], costs[~costs["in_set"]].head(SWAPS_SHOWN)])
            for r in shown.itertuples(index=False):
                if r.swap:
                    say(("  drop  " if r.in_set else "  add   ") + r.swap)
                else:
                    say(("  keep  " if r.in_set else "  can't ") + f"{r.id}: {r.note}")
            hidden = len(costs) - len(shown)
            if hidden:
                say(f"  ... {hidden} more left-out candidates; --swaps FILE writes them all")
        else:
            write_table(costs, args.swaps, "Swap costs")
            say(f"wrote swap costs for {len(costs)} candidates to {args.swaps}")

    if args.set_robustness:
        table = set_robustness(longlist, args.audience, weights, constraints, **sampling)
        attrs = table.attrs
        settings = (
            f"{attrs['samples']} weightings ({attrs['sampling']}, seed {attrs['seed']}); "
            f"Monte Carlo error at most +-{attrs['mc_error']:.3f}; {attrs['distinct_sets']} different optimal sets"
        )
        counts = table["label"].value_counts()
        summary = ", ".join(f"{int(counts.get(label, 0))} {label}" for label in ("core", "borderline", "out"))
        if args.set_robustness == "-":
            say(f"\nIn the optimal set across {settings}:")
            shown = table[table["label"] != "out"]
            rows = [
                [f"{r.p_in_set:.3f}", r.label, "yes" if r.in_set else "", r.id, clip(r.name, 48)]
                for r in shown.itertuples(index=False)
            ]
            say(format_table(["p_in_set", "label", "in set", "id", "name"], rows, right=(0,)))
            say(summary)
        else:
            write_table(table, args.set_robustness, "Set robustness")
            say(f"set robustness: {summary}; {settings}; wrote {args.set_robustness}")
    return 0
