"""Fixtures for publishing: an agency with a signing key and two finished exports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iaextract.config import load_config
from iaextract.pipeline import ExportRequest, export
from iaextract.publish.signing import write_signing_pair

from ..seaweedfs import s3_server  # noqa: F401  (session fixture: a real S3 server)
from ..support import write_config

AGENCY = "Springfield Police Department"
AGENCY_SETTINGS = f'[agency]\nname = "{AGENCY}"\nlicense = "ODC-PDDL-1.0"\n' \
                  '[publish]\nsigning_key_file = "signing.key"\n'


@pytest.fixture(scope="session")
def agency(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Path:
    """The config of an agency with a signing key pair and two exports of the demo,
    ``export`` and ``export-b`` (two releases); copy an export before changing it."""
    folder = tmp_path_factory.mktemp("agency")
    config = write_config(folder, demo_db, extra=AGENCY_SETTINGS)
    write_signing_pair(folder / "signing.key")
    loaded = load_config(config)
    export(loaded)
    export(loaded, ExportRequest(out_dir=folder / "export-b"))
    return config


@pytest.fixture
def export_dir(agency: Path, tmp_path: Path) -> Path:
    """A private copy of the agency's first export (tests may change it)."""
    return Path(shutil.copytree(agency.parent / "export", tmp_path / "export"))


@pytest.fixture
def export_b(agency: Path, tmp_path: Path) -> Path:
    """A private copy of the agency's second export: another release of the same data."""
    return Path(shutil.copytree(agency.parent / "export-b", tmp_path / "export-b"))
