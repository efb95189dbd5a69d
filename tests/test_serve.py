"""``serve.py`` (what ``make run`` starts): a warm-up that fails never stops the server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_broken_long_list_still_lets_the_server_start(tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text("id,name\nX,no scores at all\n")
    port, log = _free_port(), tmp_path / "server.log"
    env = {**os.environ, "PMF_SELECT_LONGLIST": str(broken), "PMF_SELECT_DB": str(tmp_path / "store.db")}
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline, healthy = time.time() + 90, False
        while time.time() < deadline and not healthy and process.poll() is None:
            try:
                healthy = urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1).read() == b"ok"
            except OSError:
                time.sleep(0.2)
        text = log.read_text()
        assert healthy, f"the server did not start:\n{text}"
        assert "warm-up skipped (broken.csv, row 1, column" in text
    finally:
        process.terminate()
        process.wait(10)
