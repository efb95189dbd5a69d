"""``quarter import|fill|report|versions``: the quarterly figures of the agreed set, in and out.

* ``quarter import FILE``: check a filled quarterly template (XLSX or CSV) against its
  decision and store it as a new version; prints ``N values for M indicators, QUARTERS``.
  Any bad cell exits 2, naming the file, row and column, and nothing is stored.
* ``quarter fill TEMPLATE --from FILLED --out FILE``: copy what officers entered in one
  filled template into another decision's template (by indicator id).
* ``quarter report --decision ID --quarter Q1 --out FILE``: the committee report
  (``.docx``) or the scorecard (``.csv``) from the latest version.
* ``quarter versions --decision ID``: every stored version and where it came from.
"""

from __future__ import annotations

from pathlib import Path

from pmf_select.cli.common import format_table, opened_store, read_input_bytes
from pmf_select.errors import InputError


def register(sub, common) -> None:
    parser = sub.add_parser(
        "quarter",
        parents=[common],
        help="import filled quarterly templates; write the quarterly report",
        description="The quarterly figures for an agreed set: import a filled template, fill one from another, "
        "write the committee report or scorecard, list stored versions.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    importing = actions.add_parser(
        "import",
        parents=[common],
        help="check a filled template and store its figures as a new version",
        description="Reads the XLSX or CSV that 'export ID --format template' wrote, filled in by officers. The "
        "decision is checked against the store by id and SHA-256. Blank figures mean 'not yet available' (not "
        "zero). Percentages are plain numbers (45, not 45%%). Any bad cell exits 2 naming the file, row and "
        "column, and nothing is stored. A corrected file is stored as a new version; the old one is kept.",
    )
    importing.add_argument("file", metavar="FILE", help="the filled template (.xlsx or .csv)")
    importing.set_defaults(handler=run_import)

    fill = actions.add_parser(
        "fill",
        parents=[common],
        help="copy officers' entries from a filled template into another template",
        description="Copies quarter figures, target, RAG levels, commentary and comparator columns, by indicator "
        "id, from --from into TEMPLATE (an exported XLSX template), keeping TEMPLATE's decision. Nothing is "
        "checked here: 'quarter import' checks the result.",
    )
    fill.add_argument("template", metavar="TEMPLATE", help="the exported template (.xlsx) to fill")
    fill.add_argument("--from", dest="source", required=True, metavar="FILE", help="a filled template (.xlsx or .csv)")
    fill.add_argument("--out", required=True, metavar="FILE", help="where to write the filled template (.xlsx)")
    fill.set_defaults(handler=run_fill)

    report = actions.add_parser(
        "report",
        parents=[common],
        help="write the quarterly report (.docx) or scorecard (.csv)",
        description="From the latest version of the decision's figures (or --version N). .docx: the committee "
        "report (exceptions first, one-page scorecard, trend charts with comparators, commentary, questions "
        "members may wish to ask). .csv: the scorecard, columns id,name,quarter,value,target,rag,previous,"
        "direction,commentary and more.",
    )
    report.add_argument("--decision", required=True, metavar="ID", help="the decision (see: decisions)")
    report.add_argument("--quarter", required=True, metavar="Q", help="Q1-Q4 (of 2018-19), or e.g. 'Q1 2019-20'")
    report.add_argument("--out", required=True, metavar="FILE", help="the report (.docx) or scorecard (.csv)")
    report.add_argument("--version", type=int, metavar="N", help="a stored version (default: the latest)")
    report.add_argument("--meeting-date", metavar="TEXT", help="the meeting's date for the front sheet, e.g. '17 July 2018'")
    report.add_argument("--report-no", metavar="TEXT", help="the report number from Democratic Services")
    report.add_argument("--contact", metavar="TEXT", help="the contact officer for the front sheet")
    report.set_defaults(handler=run_report)

    versions = actions.add_parser(
        "versions", parents=[common], help="list the stored versions of a decision's figures"
    )
    versions.add_argument("--decision", required=True, metavar="ID")
    versions.set_defaults(handler=run_versions)


def run_import(args) -> int:
    from pmf_select.quarterly import import_template

    path = Path(args.file)
    data = read_input_bytes(path, folder_hint="expected a filled quarterly template (.xlsx or .csv)")
    with opened_store(args) as conn:
        result = import_template(conn, data, path.name)
    print(result.values.summary())
    version = result.version
    if result.new:
        print(f"stored as version {version.version} of decision {version.decision_id}'s figures")
    else:
        print(f"unchanged: the same file as version {version.version} (SHA-256 {version.file_sha256[:12]}…); nothing new stored")
    print(f"file {version.file_name}, SHA-256 {version.file_sha256}, imported {version.imported_at}")
    if result.values.illustrative:
        print("marked: illustrative figures, not Bromley's data")
    for note in result.values.notes:
        print(f"note: {note}")
    return 0


def run_fill(args) -> int:
    from pmf_select.cli.export import write_atomically
    from pmf_select.quarterly import fill_template

    template, source, out = Path(args.template), Path(args.source), Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise InputError(f"--out {out.name}: 'quarter fill' writes a workbook; give a name ending .xlsx")
    data, notes = fill_template(
        read_input_bytes(template), template.name, read_input_bytes(source), source.name
    )
    write_atomically(out, data)
    print(f"wrote {out} ({template.name} filled from {source.name})")
    for note in notes:
        print(f"note: {note}")
    return 0


def run_report(args) -> int:
    from pmf_select.cli.export import write_atomically
    from pmf_select.quarterly import parse_quarter, stored_figures
    from pmf_select.reports.quarterly_report import build_report, quarterly_report_docx, scorecard_csv

    quarter = parse_quarter(args.quarter)
    if quarter is None:
        raise InputError(f"--quarter '{args.quarter}': expected Q1, Q2, Q3 or Q4 (of 2018-19), or e.g. 'Q1 2019-20'")
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".docx", ".csv"):
        raise InputError(f"--out {out.name}: give a name ending .docx (the report) or .csv (the scorecard)")
    with opened_store(args) as conn:
        decision, version, values = stored_figures(conn, args.decision, args.version)
    report = build_report(decision, values, version, quarter)
    details = {
        key: value
        for key, value in (
            ("meeting_date", args.meeting_date),
            ("report_no", args.report_no),
            ("contact_officer", args.contact),
        )
        if value
    }
    data = quarterly_report_docx(report, **details) if suffix == ".docx" else scorecard_csv(report)
    write_atomically(out, data)
    flagged = report.exceptions
    print(
        f"wrote {out} ({'report' if suffix == '.docx' else 'scorecard'}, decision {decision.id}, {quarter.label}, "
        f"figures version {version.version})"
    )
    print(
        f"{len(flagged)} exception{'' if len(flagged) == 1 else 's'}"
        + (": " + ", ".join(f"{line.entry.id} ({line.exception})" for line in flagged) if flagged else "")
    )
    return 0


def run_versions(args) -> int:
    from pmf_select.quarterly import decision_indicators, list_versions

    with opened_store(args) as conn:
        decision, _ = decision_indicators(conn, args.decision)
        versions = list_versions(conn, decision.id)
    if not versions:
        print(f"decision {decision.id} has no quarterly figures yet")
        return 0
    rows = [
        [str(v.version), v.imported_at, v.via, v.file_name, v.file_sha256[:16], "yes" if v.illustrative else ""]
        for v in versions
    ]
    print(format_table(["version", "imported (UTC)", "via", "file", "SHA-256", "illustrative"], rows, right=(0,)))
    return 0
