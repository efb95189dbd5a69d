"""``verify FILE``: does an exported agreed-set CSV (or workbook) still match its decision?

Reads the decision id from the file, makes the export again from the store and
compares cell by cell. Exit 0 on a match; exit 2 listing every difference (row and
column) when anything was changed.
"""

from __future__ import annotations

from pathlib import Path

from pmf_select.cli.common import opened_store, read_input_bytes


def register(sub, common) -> None:
    parser = sub.add_parser(
        "verify",
        parents=[common],
        help="check an exported CSV (or XLSX) against its decision",
        description="Check a file made by 'export' against the decision it names (its decision_id column): "
        "exit 0 when it matches, exit 2 listing each changed cell by row and column.",
    )
    parser.add_argument("file", metavar="FILE", help="an agreed-set CSV (or XLSX workbook) exported by pmf-select")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from pmf_select.record import verify_export

    path = Path(args.file)
    data = read_input_bytes(path, folder_hint="expected an exported CSV or XLSX file")
    with opened_store(args, readonly=True) as conn:
        result = verify_export(conn, data, name=str(path))
    for note in result.notes:
        print(f"note: {note}")
    if result.ok:
        print(f"{path} matches decision {result.decision_id} (sha256 {result.sha256})")
        return 0
    print(
        f"{path} does NOT match decision {result.decision_id} (sha256 {result.sha256}): "
        f"{result.total_differences} difference(s)"
    )
    for difference in result.differences:
        print(f"  {difference}")
    if result.total_differences > len(result.differences):
        print(f"  ... and {result.total_differences - len(result.differences)} more")
    return 2
