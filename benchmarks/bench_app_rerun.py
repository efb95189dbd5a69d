"""Server time of one app rerun after a weight change (the workshop's heartbeat).

200 synthetic candidates, robustness at 10,000 samples, the Weigh and rank page in
presentation mode and in officer mode (the method comparison is computed only when opened).
Each rerun moves a swing slider to a value not seen before, so nothing is served from
the cache: the ranking, the 10,000-sample robustness, the charts and the draft's
autosave to SQLite all run. Target: at most 300 ms. Run: ``python benchmarks/bench_app_rerun.py``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, load_note, synthetic_longlist
from benchmarks.report import Figure, print_figures
from pmf_select.record import save_longlist

RERUNS = 12


def measure(present: bool) -> list[float]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if present:
        at.query_params["present"] = "1"
    at.run()
    at.switch_page("pmf_select/ui/pages/weigh.py").run()
    assert not at.exception, [e.value for e in at.exception]
    times = []
    for i in range(RERUNS):
        slider = at.slider(key="weight_comparability")
        slider.set_value(5 + 5 * ((i + 4) % 19))
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
        assert not at.exception, [e.value for e in at.exception]
    return times


def main() -> list[Figure]:
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        longlist_path = Path(folder) / "synthetic200.csv"
        save_longlist(synthetic_longlist(200, 11), longlist_path)
        os.environ["PMF_SELECT_LONGLIST"] = str(longlist_path)
        os.environ["PMF_SELECT_DB"] = str(Path(folder) / "bench.db")
        os.chdir(ROOT)
        print(f"{load_note()}; 200 candidates, robustness 10,000 samples; {RERUNS} reruns each")
        for present in (True, False):
            times = measure(present)
            mode = "presentation mode" if present else "officer mode"
            print(
                f"weight change -> rerun, {mode}: median {statistics.median(times):.0f} ms, "
                f"fastest {min(times):.0f} ms, slowest {max(times):.0f} ms (target <= 300 ms)"
            )
            figures.append(
                Figure(f"AppTest rerun, 200 candidates, {mode.split(' (')[0]}", statistics.median(times), 300, "ms")
            )
    return figures


if __name__ == "__main__":
    print_figures(main())
