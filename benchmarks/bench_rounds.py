"""How fast does a members' round take answers? (issue 15: 15 members in the same second)

Prints, on a fresh store with the shipped criteria:

- one member answering (``submit_answer``: check, ``BEGIN IMMEDIATE``, upsert), and
  reading the round back for the projector (``list_answers`` + ``group_summary``), each
  the median of several runs;
- 15 members answering at the same instant from 15 processes (each opens the store, as
  a Streamlit session does): the wall time until all are stored, and the slowest
  member's wait.

Figures only; the test suite checks that nothing is lost. Run:
``.venv/bin/python benchmarks/bench_rounds.py``.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pmf_select import rounds
from pmf_select.longlist import load_criteria
from pmf_select.record import open_store, save_draft

CRITERIA = load_criteria()
MEMBERS = 15


def _answer(db: str, round_id: int, i: int, barrier, out) -> None:
    conn = open_store(db)
    barrier.wait()
    start = time.perf_counter()
    rounds.submit_answer(
        conn, round_id, rounds.new_token(), "", {k: 5.0 * ((i + j) % 21) + 5 for j, k in enumerate(CRITERIA.keys)}
    )
    out.put(time.perf_counter() - start)
    conn.close()


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        conn = open_store(db)
        save_draft(conn, "bench", {"audience": "scrutiny"})
        round_ = rounds.open_round(conn, "bench", CRITERIA)
        times = []
        for i in range(30):
            start = time.perf_counter()
            rounds.submit_answer(conn, round_.id, rounds.new_token(), "", {k: 50.0 + i for k in CRITERIA.keys})
            times.append(time.perf_counter() - start)
        print(
            f"one answer stored: median {1000 * statistics.median(times):.1f} ms (fastest {1000 * min(times):.1f} ms)"
        )
        reads = []
        for _ in range(30):
            start = time.perf_counter()
            rounds.group_summary(round_, rounds.list_answers(conn, round_.id))
            reads.append(time.perf_counter() - start)
        print(f"projector read of 30 answers + group view: median {1000 * statistics.median(reads):.1f} ms")
        fresh = rounds.close_round(conn, round_.id) and rounds.open_round(conn, "bench", CRITERIA)
        ctx = multiprocessing.get_context("fork")
        barrier, out = ctx.Barrier(MEMBERS + 1), ctx.Queue()
        workers = [ctx.Process(target=_answer, args=(db, fresh.id, i, barrier, out)) for i in range(MEMBERS)]
        for w in workers:
            w.start()
        barrier.wait()
        start = time.perf_counter()
        waits = [out.get(timeout=120) for _ in range(MEMBERS)]
        wall = time.perf_counter() - start
        for w in workers:
            w.join()
        stored = rounds.count_answers(conn, fresh.id)
        print(
            f"{MEMBERS} members at the same instant: all stored in {1000 * wall:.0f} ms, "
            f"slowest member waited {1000 * max(waits):.0f} ms, {stored} answers stored"
        )
        conn.close()


if __name__ == "__main__":
    main()
