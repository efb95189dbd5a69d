"""``validate FILE [--rubric]``: check a long list and say how many candidates it holds."""

from __future__ import annotations

from pmf_select.cli.common import add_longlist_args, load_from_args
from pmf_select.errors import InputError
from pmf_select.longlist import RUBRIC_RULES, check_rubric, describe


def register(sub, common) -> None:
    parser = sub.add_parser(
        "validate",
        parents=[common],
        help="check a long list",
        description="Check a long list. Prints 'N candidates across M service areas' (exit 0) "
        "or every problem, one per line, with file, row and column (exit 2).",
    )
    add_longlist_args(parser)
    parser.add_argument(
        "--rubric",
        action="store_true",
        help="also check the scores against the rubric in candidates/README.md; "
        "each problem names the candidate id and column (exit 2)",
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    longlist = load_from_args(args)
    print(describe(longlist))
    if getattr(args, "rubric", False):
        problems = check_rubric(longlist)
        if problems:
            raise InputError("\n".join(f"{args.file}, candidate {p}" for p in problems))
        print(f"rubric: all {len(RUBRIC_RULES)} rules hold")
    return 0
