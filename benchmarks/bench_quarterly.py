"""How long does the quarterly cycle take? (an officer imports a file; the app redraws the page)

Prints, for the README's example decision (12 indicators) filled with the shipped
illustrative figures:

- ``import_template()``: read the XLSX, check every cell against the decision, store
  a new version (one SQLite transaction);
- ``stored_figures()`` + ``scorecard()``: what the app's page computes on each rerun;
- ``trend_chart()`` rendered to PNG by vl-convert, and the whole committee report
  (``quarterly_report_docx()``) and scorecard CSV.

Median of several runs, wall clock and (in brackets) CPU time of this process; the
machine is shared, so the load average is printed first. Run:
``.venv/bin/python benchmarks/bench_quarterly.py``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common
from pmf_select.quarterly import Quarter, fill_template, import_template, scorecard, stored_figures
from pmf_select.reports.charts import chart_png
from pmf_select.reports.quarterly_report import build_report, quarterly_report_docx, scorecard_csv, trend_chart
from tests.quarterly_helpers import ILLUSTRATIVE_XLSX, example_store, template_xlsx


def main() -> None:
    print(common.load_note())
    with tempfile.TemporaryDirectory() as folder:
        conn = example_store(Path(folder) / "bench.db")
        filled, _ = fill_template(template_xlsx(conn), "t.xlsx", ILLUSTRATIVE_XLSX.read_bytes(), "ill.xlsx")
        versions = iter(range(10_000))

        def one_import():
            # the very same bytes are not stored twice, so each run appends trailing bytes (ZIP readers
            # ignore them): every import is then a new file, checked and stored as a new version
            return import_template(conn, filled + b"\0" * next(versions), "filled.xlsx")

        rows = [
            ("import_template (read, check, store a version)", common.timed(one_import, 7)),
            (
                "stored_figures + scorecard (a page rerun)",
                common.timed(lambda: scorecard(stored_figures(conn, "D0001")[2], Quarter(2018, 4)), 15),
            ),
        ]
        decision, version, values = stored_figures(conn, "D0001")
        report = build_report(decision, values, version, Quarter(2018, 4))
        rows += [
            ("trend_chart to PNG (12 panels)", common.timed(lambda: chart_png(trend_chart(values)), 5, warm_up=True)),
            ("quarterly_report_docx (whole report)", common.timed(lambda: quarterly_report_docx(report), 5, warm_up=True)),
            ("scorecard_csv", common.timed(lambda: scorecard_csv(report), 15)),
        ]
        conn.close()
    for label, t in rows:
        print(f"{label:<50} {t.median_ms:8.1f} ms  (cpu {t.cpu_ms:7.1f} ms; fastest {t.fastest_ms:7.1f} ms)")


if __name__ == "__main__":
    main()
