"""``lock FILE --ids ... --meeting ...``: record the agreed set as an immutable decision.

Stores the long list itself (by content hash) with the decision, so every export can be
made again from the store alone. Prints what was locked; the new decision id is alone
on the last line, so scripts can take it with ``tail -n 1``.
"""

from __future__ import annotations

from datetime import date

from pmf_select.cli.common import (
    add_longlist_args,
    add_weighting_args,
    load_from_args,
    opened_store,
    store_path_from_args,
    weights_from_args,
)
from pmf_select.cli.sampling_args import add_sampling_args, sampling_from_args


def register(sub, common) -> None:
    parser = sub.add_parser(
        "lock",
        parents=[common],
        help="lock the agreed set as a decision (append-only, hashed)",
        description="Record the agreed indicators, in order, as a new decision with the meeting, its date, "
        "the audience, weights, method, robustness settings and seed, and the long list itself. Decisions "
        "never change: to change one, lock a new decision with --supersedes. Prints the new decision id alone "
        "on the last line. Unknown ids or bad arguments exit 2.",
    )
    add_longlist_args(parser)
    parser.add_argument("--ids", required=True, metavar="ID,ID,...", help="the agreed indicator ids, in order")
    parser.add_argument("--meeting", required=True, metavar="TEXT", help="the meeting that agreed the set")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the meeting date (default: today)", dest="meeting_date")
    add_weighting_args(parser, method=True)
    parser.add_argument("--note", default="", metavar="TEXT", help="a note kept with the decision")
    parser.add_argument("--supersedes", metavar="ID", help="the decision this one replaces")
    robustness = add_sampling_args(
        parser, samples_default=10_000, group="robustness settings recorded with the decision"
    )
    robustness.add_argument(
        "--top", type=int, metavar="K", help="k in 'share of weightings in the top k' (default: the set size)"
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    from pmf_select.record import lock_decision

    longlist = load_from_args(args)
    weights = weights_from_args(args, longlist)
    settings = {**sampling_from_args(args, longlist), "top_k": args.top}
    meeting_date = args.meeting_date or date.today().isoformat()
    with opened_store(args) as conn:
        decision = lock_decision(
            conn,
            longlist,
            args.ids.split(","),
            meeting=args.meeting,
            meeting_date=meeting_date,
            audience=args.audience,
            weights=weights,
            method=args.method,
            note=args.note,
            robustness=settings,
            supersedes=args.supersedes,
        )
    record = decision.record
    print(
        f"locked {decision.id}: {len(decision.agreed)} indicator{'' if len(decision.agreed) == 1 else 's'} agreed by '{decision.meeting}' on "
        f"{decision.meeting_date} (audience {decision.audience}, method {decision.method})"
    )
    print(
        f"long list {record['longlist']['source']}: {record['longlist']['candidates']} candidates, "
        f"sha256 {decision.longlist_hash}"
    )
    if decision.supersedes:
        print(f"supersedes {decision.supersedes}")
    print(f"record sha256 {decision.sha256}")
    print(f"store {store_path_from_args(args)}")
    print(decision.id)
    return 0
