"""pandera, imported on first use and without hypothesis.

``pandera.pandas`` costs about 0.3-0.6 s to import, and its ``strategies`` module also
imports hypothesis (about 1 s more) whenever hypothesis is installed, to offer data
synthesis this tool never uses (pandera 0.35 has no switch for it: it tries
``from hypothesis.strategies import ...`` and falls back to placeholders on
ImportError). So the import is deferred to the first validation, and while pandera
loads, ``hypothesis`` is marked unimportable in ``sys.modules`` (``None`` there makes
``import hypothesis`` raise ImportError, Python's documented way to block an import),
then unmarked; the strategies module is loaded inside that window too (validation
would otherwise import it later, via the built-in checks). Where hypothesis is already loaded (the test suite), nothing is
blocked. CLI start-up (issue 18): benchmarks/bench_cli.py.
"""

from __future__ import annotations

import sys
from types import ModuleType


def pandera_pandas() -> ModuleType:
    """``pandera.pandas``, imported once, never pulling hypothesis in."""
    module = sys.modules.get("pandera.pandas")
    if module is not None:
        return module
    block = "hypothesis" not in sys.modules
    if block:
        sys.modules["hypothesis"] = None  # type: ignore[assignment]
    try:
        import pandera.pandas as pa

        # validation registers pandera's built-in checks later, which import the
        # strategies module; load it now, while hypothesis is blocked
        import pandera.strategies.pandas_strategies  # noqa: F401
    finally:
        if block and sys.modules.get("hypothesis", False) is None:
            del sys.modules["hypothesis"]
    return pa
