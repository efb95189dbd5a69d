"""``validate FILE``: check a long list and say how many candidates it holds."""

from __future__ import annotations

from pmf_select.cli.common import add_longlist_args, load_from_args
from pmf_select.longlist import describe


def register(sub, common) -> None:
    parser = sub.add_parser(
        "validate",
        parents=[common],
        help="check a long list",
        description="Check a long list. Prints 'N candidates across M service areas' (exit 0) "
        "or every problem, one per line, with file, row and column (exit 2).",
    )
    add_longlist_args(parser)
    parser.set_defaults(handler=run)


def run(args) -> int:
    print(describe(load_from_args(args)))
    return 0
