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
    open_store_from_args,
    store_path_from_args,
    weights_from_args,
)
from pmf_select.errors import InputError


def register(sub, common) -> None:
    from pmf_select.sampling import SAMPLINGS

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
    robustness = parser.add_argument_group("robustness settings recorded with the decision")
    robustness.add_argument(
        "--sampling", default="simplex", choices=SAMPLINGS, help="how weights are sampled (default simplex)"
    )
    robustness.add_argument("--samples", type=int, default=10_000, metavar="N", help="weight vectors (default 10000)")
    robustness.add_argument(
        "--top", type=int, metavar="K", help="k in 'share of weightings in the top k' (default: the set size)"
    )
    robustness.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    robustness.add_argument(
        "--spread", type=float, default=0.1, metavar="X", help="around: how far each weight may move (default 0.1)"
    )
    robustness.add_argument("--order", metavar="A,B=C,D", help="order: criterion keys, most important first; '=' ties")
    robustness.add_argument(
        "--members", metavar="FILE", help="members: CSV with a 'member' column and one column per criterion key"
    )
    robustness.add_argument(
        "--thresholds", default="0.9,0.1", metavar="IN,OUT", help="class thresholds on p_top_k (default 0.9,0.1)"
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    from pmf_select.cli.robustness import parse_order_arg, parse_thresholds_arg, read_members
    from pmf_select.decisions import lock_decision

    longlist = load_from_args(args)
    weights = weights_from_args(args, longlist)
    if args.order is not None and args.sampling != "order":
        raise InputError("--order only applies with --sampling order")
    if args.members is not None and args.sampling != "members":
        raise InputError("--members only applies with --sampling members")
    if args.sampling == "members" and args.members is None:
        raise InputError("--sampling members needs --members FILE (a CSV of each member's weights)")
    settings = {
        "sampling": args.sampling,
        "samples": args.samples,
        "top_k": args.top,
        "seed": args.seed,
        "spread": args.spread,
        "order": parse_order_arg(args.order) if args.order is not None else None,
        "members": read_members(args.members, longlist.criteria.keys) if args.members is not None else None,
        "thresholds": list(parse_thresholds_arg(args.thresholds)),
    }
    meeting_date = args.meeting_date or date.today().isoformat()
    conn = open_store_from_args(args)
    try:
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
    finally:
        conn.close()
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
