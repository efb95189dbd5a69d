"""``decisions``: list the locked decisions (id, time, meeting, size, superseded by).

``--show ID`` prints one decision's sealed record; ``--check`` verifies every
decision's SHA-256, the chain of seals (with ``--head``, that the chain head a
committee minuted is still there), the stored long lists and criteria, and the
store's integrity (exit 2 when anything is wrong). The listing ends with the chain head.
"""

from __future__ import annotations

import json

from pmf_select.cli.common import format_table, opened_store, store_path_from_args

MEETING_WIDTH = 40


def register(sub, common) -> None:
    parser = sub.add_parser(
        "decisions",
        parents=[common],
        help="list the locked decisions",
        description="List every decision in the store, oldest first: id, time locked (UTC), meeting, "
        "meeting date, number of indicators, and the decision that superseded it (blank when in force).",
    )
    parser.add_argument("--current", action="store_true", help="only decisions still in force")
    parser.add_argument("--show", metavar="ID", help="print one decision's full record (JSON)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="verify every decision's SHA-256, the chain of seals, the stored long lists and criteria, "
        "and the store's integrity",
    )
    parser.add_argument(
        "--head",
        metavar="HASH",
        help="with --check: the chain head recorded in the minutes; the store must still contain it",
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    from pmf_select.errors import InputError
    from pmf_select.record import chain_head, check_decisions, get_decision, list_decisions

    if args.head is not None and not args.check:
        raise InputError("--head only applies with --check (decisions --check --head HASH)")
    path = store_path_from_args(args)
    with opened_store(args, readonly=True) as conn:
        if args.show:
            decision = get_decision(conn, args.show)
            print(json.dumps(decision.record, indent=2, ensure_ascii=False, sort_keys=True))
            print(f"sha256 {decision.sha256}")
            print(f"superseded by {decision.superseded_by or '-'}")
            return 0
        if args.check:
            problems = check_decisions(conn, head=args.head)
            count = conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
            if problems:
                for problem in problems:
                    print(problem)
                print(f"{len(problems)} problem(s) in {path}")
                return 2
            print(
                f"{count} decision(s) in {path}: every seal, the chain, the stored long lists and criteria, "
                "and the store's integrity check out"
            )
            head = chain_head(conn)
            if head:
                pinned = f"; it contains the minuted head {args.head}" if args.head else ""
                print(f"chain head {head}{pinned}")
            return 0
        frame = list_decisions(conn, include_superseded=not args.current)
        head = chain_head(conn)
    if frame.empty:
        print(f"no decisions in {path}")
        return 0
    print(_table(frame))
    print(f"chain head {head} (the latest decision's short hash: put it in the minutes)")
    return 0


def _table(frame) -> str:
    headers = ["id", "locked at (UTC)", "meeting", "date", "size", "superseded by"]
    rows = []
    for r in frame.to_dict(orient="records"):
        meeting = r["meeting"] if len(r["meeting"]) <= MEETING_WIDTH else r["meeting"][: MEETING_WIDTH - 3] + "..."
        rows.append([r["id"], r["locked_at"], meeting, r["meeting_date"], str(r["size"]), r["superseded_by"] or "-"])
    return format_table(headers, rows, right=(4,), rule=False)
