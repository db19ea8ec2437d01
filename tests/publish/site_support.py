"""The demo site the site tests share: `iaextract demo` run once, as a user runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..support import run_cli

DEMO_INCIDENTS = 300


@pytest.fixture(scope="session", name="demo_folder")
def demo_folder_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo folder: database, config, export/ and the site/ the demo builds."""
    root = tmp_path_factory.mktemp("site") / "demo"
    done = run_cli("demo", "--out", str(root), "--incidents", str(DEMO_INCIDENTS))
    assert done.returncode == 0, done.stderr
    assert f"open {root / 'site' / 'index.html'}" in done.stdout
    return root
