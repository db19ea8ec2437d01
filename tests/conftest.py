"""Fixtures: a real SQLite demo database generated once per test session."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from iaextract.demo.database import generate_demo_database

from .servers import postgres  # noqa: F401  (session fixture: a real PostgreSQL server)
from .support import write_config


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 300-incident demo database (read-only by convention: copy it to change it)."""
    path = tmp_path_factory.mktemp("demo") / "iapro-demo.sqlite"
    generate_demo_database(path, incidents=300, seed=2015)
    return path


@pytest.fixture
def source(tmp_path: Path, demo_db: Path) -> Path:
    """A private copy of the demo database, free to change."""
    copy = tmp_path / "source.sqlite"
    shutil.copyfile(demo_db, copy)
    return copy


@pytest.fixture
def demo_config(tmp_path: Path, demo_db: Path) -> Path:
    """A config folder (config, key, shipped mappings) exporting the demo database."""
    return write_config(tmp_path / "agency", demo_db)


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temp folder of the test's own for its runs (and their children): where their
    scratch copies of a source can be seen."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))  # this process has cached it
    return folder
