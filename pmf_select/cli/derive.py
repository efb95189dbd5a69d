"""``derive FILE``: recompute the fact-based scores (data availability, comparability).

These two scores follow from facts in the long list (the source return, how often we
can produce the figure locally, which comparators are published) by the rule in
``candidates/README.md``, so nobody has to trust a typed number.
"""

from __future__ import annotations

from pmf_select.cli.common import add_longlist_args, load_from_args
from pmf_select.errors import InputError
from pmf_select.longlist import LongList, format_score
from pmf_select.record import save_longlist


def register(sub, common) -> None:
    parser = sub.add_parser(
        "derive",
        parents=[common],
        help="recompute data_availability and comparability from the fact columns",
        description="Recompute data_availability (from source and local_frequency) and comparability "
        "(from comparators). Lists the scores that differ from the rule; with --out, writes the corrected list.",
    )
    add_longlist_args(parser)
    parser.add_argument("--out", metavar="FILE", help="write the long list with derived scores here (CSV or XLSX)")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from pmf_select.longlist import derive_scores

    longlist = load_from_args(args)
    try:
        derived = derive_scores(longlist.frame)
    except ValueError as exc:
        raise InputError(f"{longlist.source}: {exc}") from None
    changes = 0
    for column in ("data_availability", "comparability"):
        for i, (old, new) in enumerate(zip(longlist.frame[column], derived[column])):
            if float(old) != float(new):
                changes += 1
                print(
                    f"row {i + 2} ({longlist.frame.at[i, 'id']}): {column} {format_score(old)} -> {format_score(new)}"
                )
    print(f"{changes} score(s) differ from the rule")
    if args.out:
        try:
            save_longlist(LongList(derived, longlist.criteria, longlist.source), args.out)
        except OSError as exc:
            raise InputError(f"cannot write {args.out}: {exc.strerror or exc}") from None
        print(f"wrote {args.out}")
    return 0
