"""The README's commands are real: its console session runs, and its quick start exists.

Like datasette's cog-checked CLI docs, a README example that drifts from the tool fails
a test. Each ``$ python -m pmf_select ...`` line in a ``console`` block is run from the
repository root; the lines after it (up to the next ``$`` or the end of the block) must
appear in its output, in order. ``...`` stands for any lines.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```console\n(.*?)```", README, flags=re.S)


def sessions() -> list[tuple[str, list[str]]]:
    out = []
    for block in BLOCKS:
        current = None
        for line in block.splitlines():
            if line.startswith("$ "):
                current = (line[2:], [])
                out.append(current)
            elif current is not None:
                current[1].append(line)
    return out


def test_readme_has_a_console_session():
    assert sessions(), "the README should show the CLI on the shipped long list"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A fresh folder (with the shipped candidates/) and store, shared by the session in order."""
    folder = tmp_path_factory.mktemp("readme")
    (folder / "candidates").symlink_to(ROOT / "candidates")
    return folder


@pytest.mark.parametrize(("command", "expected"), sessions(), ids=[c[:60] for c, _ in sessions()])
def test_readme_command_runs_and_prints_what_it_says(command, expected, workdir):
    args = shlex.split(command)
    assert args[:3] == ["python", "-m", "pmf_select"], command
    result = subprocess.run(
        [sys.executable, *args[1:]],
        cwd=workdir,
        capture_output=True,
        text=True,
        env={
            "PMF_SELECT_DB": str(workdir / "readme.db"),
            "PATH": "/usr/bin:/bin",
            "HOME": str(workdir),
            "PYTHONPATH": str(ROOT),
        },
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    position = 0
    for want in expected:
        if want.strip() in ("", "..."):
            continue
        while position < len(lines) and lines[position].rstrip() != want.rstrip():
            position += 1
        assert position < len(lines), f"{command!r}: expected line not found in order: {want!r}\n{result.stdout}"
        position += 1


def test_quick_start_commands_exist():
    makefile = (ROOT / "Makefile").read_text()
    assert "make run" in README and "make test" in README
    assert re.search(r"^run:", makefile, flags=re.M) and re.search(r"^test:", makefile, flags=re.M)
    dry = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True)
    assert "streamlit run serve.py" in dry.stdout
    dry = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True)
    assert "ruff check" in dry.stdout and "pytest" in dry.stdout
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
