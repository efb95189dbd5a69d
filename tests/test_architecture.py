"""The core stays pure: no Streamlit outside ``pmf_select.ui``, and the CLI loads without it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pmf_select"


def core_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts]


def test_no_core_module_imports_streamlit():
    offenders = []
    for path in core_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_importing_every_core_module_does_not_pull_in_streamlit():
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__") for p in core_modules()
    )
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules if not m.endswith("__main__"))
    code += "assert 'streamlit' not in sys.modules, 'streamlit imported'\n"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def run_lint_imports(root: Path) -> subprocess.CompletedProcess:
    """Run import-linter's contracts (pyproject.toml) over the package under ``root``."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


def test_the_layering_contract_holds():
    result = run_lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_layering_contract_catches_an_upward_import(tmp_path):
    import shutil

    shutil.copytree(PACKAGE, tmp_path / "pmf_select", ignore=shutil.ignore_patterns("__pycache__"))
    model = tmp_path / "pmf_select" / "longlist" / "model.py"
    model.write_text(model.read_text() + "\nfrom pmf_select.reports import charts  # upward\n")
    result = run_lint_imports(tmp_path)
    assert result.returncode != 0
    assert "pmf_select.longlist.model -> pmf_select.reports" in result.stdout


def test_the_package_top_level_holds_only_the_parts():
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert modules == ["__init__.py", "__main__.py", "errors.py"]
    parts = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert {"cli", "longlist", "ranking", "record", "reports", "selection", "ui"} <= set(parts)
