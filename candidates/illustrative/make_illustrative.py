"""Write the illustrative filled quarterly template (XLSX and CSV) for the example decision.

Run from the repository root: ``python candidates/illustrative/make_illustrative.py``.

It locks the README's example decision (the twelve indicators, 20 March 2018) in a
temporary store at a fixed time, exports its quarterly template exactly as
``python -m pmf_select export D0001 --format template`` does, and fills it in as an
officer would in Excel: Q1-Q4 2018-19 figures (and 2017-18 figures for some
indicators, so the same quarter last year is known), targets, green and red levels,
England, London and statistical-neighbour figures, and commentary.

EVERY FIGURE HERE IS MADE UP. They are illustrative figures, not Bromley's data, chosen
to show each case the report handles: red, amber and green; a boundary (a figure equal
to its red level is red); worsening two quarters running; contextual indicators (not
rated); a figure not yet available (blank, not zero). Every sheet, every row and every
printed page of the files says so.
"""

from __future__ import annotations

import copy
import csv
import io
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from openpyxl import load_workbook  # noqa: E402

from pmf_select.longlist import load_longlist  # noqa: E402
from pmf_select.quarterly import ILLUSTRATIVE_MARK  # noqa: E402
from pmf_select.record import export_decision, lock_decision, open_store  # noqa: E402

OUT = Path(__file__).resolve().parent
AGREED = "CL-EET,CL-ACCOM,CP-REPEAT,LAC-STAB3,HEALTH-SDQ,LAC-RATE,MISS-LAC,ADOPT-A1,WF-AGENCY,ED-NEET,SEND-EHCP20,CP-RATE"
LAST_YEAR = ("Q1 2017-18 (Apr-Jun 2017)", "Q2 2017-18 (Jul-Sep 2017)", "Q3 2017-18 (Oct-Dec 2017)", "Q4 2017-18 (Jan-Mar 2018)")
THIS_YEAR = ("Q1 2018-19 (Apr-Jun 2018)", "Q2 2018-19 (Jul-Sep 2018)", "Q3 2018-19 (Oct-Dec 2018)", "Q4 2018-19 (Jan-Mar 2019)")
MARK = f"ILLUSTRATIVE: {ILLUSTRATIVE_MARK}"

# id: (2017-18 Q1-Q4 or None, 2018-19 Q1-Q4, target, green, red, England, London, neighbours, commentary)
FIGURES = {
    "CL-EET": ((48, 50, 52, 51), (53, 55, 54, 58), 60, 60, 50, 51, 54, 52,
               "Illustrative: more care leavers in apprenticeships after the new pathway with the college."),
    "CL-ACCOM": (None, (82, 84, 85, 86), 88, 88, 80, 84, 82, 85,
                 "Illustrative: two young people in custody count as unsuitable accommodation this quarter."),
    "CP-REPEAT": ((22, 23, 21, 22), (24, 26, 23, 21), 18, 18, 23, 20.2, 17, 19,
                  "Illustrative: audit of repeat plans found step-down too early; step-down panel since Q3."),
    "LAC-STAB3": ((9, 9, 10, 10), (9, 10, 11, 12), 10, 10, 12, 10, 11, 10,
                  "Illustrative: placement moves rose with the shortage of in-house foster carers."),
    "HEALTH-SDQ": (None, (14.2, 14.0, 13.8, None), 14, 14, 15, 14.1, None, None,
                   "Illustrative: Q4 scores are collected in April; the figure follows in the Q1 report."),
    "LAC-RATE": ((30, 31, 31, 32), (33, 34, 36, 35), None, None, None, 62, 49, 38,
                 "Illustrative: a rise after two large sibling groups came into care in Q3."),
    "MISS-LAC": (None, (12, 11, 10, 9), 10, 10, 14, 11, 13, None,
                 "Illustrative: return home interviews now offered within 72 hours in every case."),
    "ADOPT-A1": (None, (520, 498, 470, 455), 426, 426, 547, 520, None, None,
                 "Illustrative: early permanence placements shorten the average from Q2."),
    "WF-AGENCY": ((36, 34, 31, 29), (27, 28, 30, 33), 20, 20, 30, 16, 26, None,
                  "Illustrative: permanent recruitment slowed; three teams rely on agency managers."),
    "ED-NEET": (None, (3.1, 3.4, 2.9, 2.6), 3, 3, 4, 6.0, 5.4, 4.8,
                "Illustrative: September guarantee tracking reduced 'not known' cases."),
    "SEND-EHCP20": ((45, 52, 60, 64), (68, 71, 75, 79), 80, 80, 60, 65, 58, 62,
                    "Illustrative: two extra EHC coordinators from Q2."),
    "CP-RATE": (None, (32, 34, 38, 37), None, None, None, 43, 39, 37,
                "Illustrative: contextual; the rise follows more referrals from schools in the autumn term."),
}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        conn = open_store(Path(folder) / "example.db")
        lock_decision(
            conn,
            load_longlist(ROOT / "candidates" / "longlist.csv"),
            AGREED.split(","),
            meeting="ECF Budget and Performance Sub-Committee",
            meeting_date="2018-03-20",
            robustness={"samples": 2000},
            now=datetime(2018, 3, 20, 21, 0, tzinfo=UTC),
        )
        template = export_decision(conn, "D0001", "template")
        conn.close()
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["Template 2018-19"]
    header = [c.value for c in sheet[1]]
    for heading in (*LAST_YEAR, "London figure", "Statistical neighbours figure", "Illustrative"):
        header.append(heading)
        sheet.cell(row=1, column=len(header), value=heading).font = copy.copy(sheet.cell(row=1, column=1).font)
    column = {h: i + 1 for i, h in enumerate(header)}
    for r in range(2, sheet.max_row + 1):
        cid = sheet.cell(row=r, column=column["ID"]).value
        last, this, target, green, red, england, london, neighbours, note = FIGURES[cid]
        cells = dict(zip(THIS_YEAR, this))
        cells.update(dict(zip(LAST_YEAR, last or (None,) * 4)))
        cells.update(
            {
                "Target 2018-19": target,
                "RAG green": green,
                "RAG red": red,
                "England figure": england,
                "London figure": london,
                "Statistical neighbours figure": neighbours,
                "Commentary": note,
                "Illustrative": ILLUSTRATIVE_MARK,
            }
        )
        if green is not None:
            cells["RAG amber"] = "between the green and red levels"
        for heading, value in cells.items():
            sheet.cell(row=r, column=column[heading], value=value)
    about = workbook["About"]
    about.insert_rows(1)
    about["A1"], about["B1"] = "ILLUSTRATIVE", ILLUSTRATIVE_MARK
    about.cell(row=about.max_row + 1, column=1, value="figures")
    about.cell(row=about.max_row, column=2, value=f"{ILLUSTRATIVE_MARK}: every figure in this workbook is made up")
    for each in workbook.worksheets:
        each.oddHeader.center.text = MARK
        each.oddFooter.center.text = MARK
    buffer = io.BytesIO()
    workbook.properties.title = MARK
    workbook.save(buffer)
    (OUT / "quarterly-2018-19-illustrative.xlsx").write_bytes(buffer.getvalue())

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in sheet.iter_rows(values_only=True):
        writer.writerow(["" if v is None else (f"{v:g}" if isinstance(v, float) else v) for v in row])
    (OUT / "quarterly-2018-19-illustrative.csv").write_bytes(("\ufeff" + out.getvalue()).encode("utf-8"))
    print(f"wrote {OUT.name}/quarterly-2018-19-illustrative.xlsx and .csv ({ILLUSTRATIVE_MARK})")


if __name__ == "__main__":
    main()
