"""Every test runs against its own store: nothing reads or writes the user's default store.

Without this, a test that reaches the app's or the CLI's default store (under the
user's data folder) would depend on what the machine had there before.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_default_store(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("PMF_SELECT_DB", str(tmp_path_factory.mktemp("default-store") / "pmf_select.db"))
    yield
    mp.undo()
