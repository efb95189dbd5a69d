"""``export DECISION_ID --format csv|xlsx|template --out FILE``: files made from a decision.

Everything is computed again from the store (the decision and the long list kept with
it), so the same decision always gives byte-identical files.
"""

from __future__ import annotations

from pathlib import Path

from pmf_select.cli.common import opened_store, write_atomically
from pmf_select.errors import InputError


def register(sub, common) -> None:
    from pmf_select.record import EXPORT_FORMATS

    parser = sub.add_parser(
        "export",
        parents=[common],
        help="write a decision as CSV, XLSX or the 2018-19 quarterly template",
        description="csv: the agreed set (UTF-8 with BOM for Excel) with the decision id and SHA-256 on every "
        "row, scores, ranks, robustness and every long-list column. xlsx: a workbook with the agreed set, the "
        "scored long list, the decision record and the criteria. template: the 2018-19 quarterly reporting "
        "template (Q1 Apr-Jun 2018 to Q4 Jan-Mar 2019, target, RAG), XLSX or, with an --out ending .csv, CSV. "
        "Text is never written as a live formula.",
    )
    parser.add_argument("decision", metavar="DECISION_ID", help="the decision to export (see: decisions)")
    parser.add_argument("--format", default="csv", choices=EXPORT_FORMATS, help="what to write (default csv)")
    parser.add_argument("--out", required=True, metavar="FILE", help="where to write it")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from pmf_select.record import export_decision

    out = Path(args.out)
    suffix = out.suffix.lower()
    template_as = "xlsx"
    if args.format == "csv" and suffix in (".xlsx", ".xlsm"):
        raise InputError(f"--format csv writes CSV: give an --out name ending .csv, not {out.name}")
    if args.format == "xlsx" and suffix not in (".xlsx", ""):
        raise InputError(f"--format xlsx writes a workbook: give an --out name ending .xlsx, not {out.name}")
    if args.format == "template":
        template_as = "csv" if suffix == ".csv" else "xlsx"
        if suffix not in (".csv", ".xlsx", ""):
            raise InputError(
                f"--format template writes .xlsx or .csv: give an --out name ending in one, not {out.name}"
            )
    with opened_store(args, readonly=True) as conn:
        data = export_decision(conn, args.decision, args.format, template_as=template_as)
    write_atomically(out, data)
    print(
        f"wrote {out} ({args.format}{', ' + template_as if args.format == 'template' else ''}, decision {args.decision})"
    )
    return 0


__all__ = ["register", "run", "write_atomically"]
