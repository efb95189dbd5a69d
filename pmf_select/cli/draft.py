"""``draft export|import|list``: move a workshop draft between machines as a JSON file.

A draft holds the workshop's working state (long list, audience, weights, members'
weights, method, constraints, picks, notes); the app autosaves it under the id in its
URL. ``draft export ID --out FILE`` writes it (with its long list) to a file;
``draft import FILE`` stores it under a new id, printed alone on the last line.
"""

from __future__ import annotations

from pathlib import Path

from pmf_select.cli.common import opened_store, read_input_bytes, store_path_from_args


def register(sub, common) -> None:
    parser = sub.add_parser(
        "draft",
        parents=[common],
        help="export, import or list workshop drafts",
        description="Drafts are the workshop's autosaved working state. Export one to a JSON file (with its "
        "long list), import such a file on another machine, or list the drafts in the store.",
    )
    actions = parser.add_subparsers(dest="draft_action", metavar="ACTION")
    actions.required = True
    export = actions.add_parser("export", parents=[common], help="write a draft to a JSON file")
    export.add_argument("draft_id", metavar="DRAFT_ID")
    export.add_argument("--out", required=True, metavar="FILE", help="where to write the draft file")
    export.set_defaults(handler=run_export)
    imported = actions.add_parser("import", parents=[common], help="store a draft file under a new id")
    imported.add_argument("file", metavar="FILE", help="a draft file written by 'draft export'")
    imported.add_argument("--id", metavar="DRAFT_ID", help="the id to store it under (default: a new random id)")
    imported.set_defaults(handler=run_import)
    listed = actions.add_parser("list", parents=[common], help="list the drafts in the store")
    listed.set_defaults(handler=run_list)


def run_export(args) -> int:
    from pmf_select.cli.common import write_atomically
    from pmf_select.record import export_draft

    with opened_store(args, readonly=True) as conn:
        data = export_draft(conn, args.draft_id)
    write_atomically(Path(args.out), data)
    print(f"wrote {args.out} (draft {args.draft_id})")
    return 0


def run_import(args) -> int:
    from pmf_select.record import import_draft

    path = Path(args.file)
    data = read_input_bytes(path)
    with opened_store(args) as conn:
        draft_id = import_draft(conn, data, name=str(path), draft_id=args.id)
    print(f"imported {path} into {store_path_from_args(args)} as draft:")
    print(draft_id)
    return 0


def run_list(args) -> int:
    from pmf_select.record import list_drafts

    with opened_store(args, readonly=True) as conn:
        frame = list_drafts(conn)
    if frame.empty:
        print(f"no drafts in {store_path_from_args(args)}")
        return 0
    for r in frame.to_dict(orient="records"):
        print(f"{r['id']}  saved {r['updated_at']}  {r['picks']} picks  long list {r['longlist_hash'][:12] or '-'}")
    return 0
