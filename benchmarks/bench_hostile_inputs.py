"""How fast are hostile inputs refused? (issue 17: limits on every input)

Prints the time ``parse_longlist`` (what ``validate`` and the app's upload run) takes
to refuse each of:

- a ~5 MB XLSX with two million empty rows and no declared size (once over 400 s);
- the same with its size declared in the sheet;
- a 200 MB zip bomb workbook (a few hundred kB on disk);
- a CSV with 5,001 candidates (one over the limit);
- a 100,000-deep JSON draft file (``read_draft_file``);

and, for comparison, how long the shipped list takes to read as XLSX. Figures are the
median of a few runs, wall clock and (in brackets) CPU time of this process. Run:
``.venv/bin/python benchmarks/bench_hostile_inputs.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pmf_select.errors import InputError
from pmf_select.longlist import load_longlist, parse_longlist
from pmf_select.record import read_draft_file, write_workbook
from tests.hostile_files import huge_xlsx, zip_bomb_xlsx

ROOT = Path(__file__).resolve().parents[1]


def timed(label: str, call, runs: int = 3) -> None:
    walls, cpus, outcome = [], [], ""
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            call()
            outcome = "accepted"
        except InputError as exc:
            outcome = "refused: " + str(exc).splitlines()[0][:90]
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    walls.sort()
    cpus.sort()
    print(f"{label:<48} {walls[len(walls) // 2] * 1000:8.1f} ms ({cpus[len(cpus) // 2] * 1000:7.1f} ms CPU)  {outcome}")


def main() -> None:
    shipped = load_longlist(ROOT / "candidates" / "longlist.csv")
    two_million = huge_xlsx(cells=False)
    declared = huge_xlsx(cells=False, dimension=True)
    bomb = zip_bomb_xlsx(200)
    header = (ROOT / "candidates" / "longlist.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    width = header.count(",") + 1
    too_many = (header + "\n" + ("x," * (width - 1) + "x\n") * 5001).encode()
    deep = b"[" * 100_000 + b"]" * 100_000
    xlsx = write_workbook({"Long list": shipped.frame})
    print(f"file sizes: 2M rows {len(two_million) / 1e6:.1f} MB, zip bomb {len(bomb) / 1e3:.0f} kB")
    timed("2,000,000-row XLSX, size not declared", lambda: parse_longlist(two_million, "big.xlsx"))
    timed("2,000,000-row XLSX, size declared", lambda: parse_longlist(declared, "big.xlsx"))
    timed("200 MB zip-bomb XLSX", lambda: parse_longlist(bomb, "bomb.xlsx"))
    timed("CSV with 5,001 candidates", lambda: parse_longlist(too_many, "many.csv"))
    timed("100,000-deep JSON draft", lambda: read_draft_file(deep, "deep.json"))
    timed("shipped list as XLSX (accepted, for scale)", lambda: parse_longlist(xlsx, "list.xlsx"))


if __name__ == "__main__":
    main()
