"""A full output device fails the run plainly and leaves the previous export (issue 15.8).

The disk is filled for real by the kernel: the run is started under a file size limit
(RLIMIT_FSIZE), so its writes fail with EFBIG exactly where a full disk fails them
with ENOSPC; mounting a small filesystem needs privileges CI may not have.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ..support import output_files, write_config

pytestmark = pytest.mark.skipif(os.name != "posix", reason="resource limits are POSIX")


def limited_export(config: Path, max_bytes: int) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failing write, not a killed run
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    env = {k: v for k, v in os.environ.items() if k != "IAEXTRACT_CONFIG"}
    return subprocess.run([sys.executable, "-m", "iaextract", "export", "-c", str(config)],
                          env=env, capture_output=True, text=True, timeout=300,
                          preexec_fn=limit, stdin=subprocess.DEVNULL)


def test_full_output_device_fails_plainly_and_keeps_the_previous_export(
        tmp_path: Path, demo_db: Path) -> None:
    source = tmp_path / "source.sqlite"
    shutil.copyfile(demo_db, source)
    config = write_config(tmp_path / "agency", source)
    assert subprocess.run([sys.executable, "-m", "iaextract", "export", "-c", str(config)],
                          capture_output=True, timeout=300).returncode == 0
    out = config.parent / "export"
    before = {p: p.read_bytes() for p in output_files(out)}
    with sqlite3.connect(source) as db:
        db.execute("UPDATE Allegations SET Finding = 'EXON'")
    result = limited_export(config, 20_000)
    assert result.returncode == 1, result.stderr
    assert "no space left on the output device" in result.stderr
    assert "unexpected" not in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in output_files(out)} == before
    assert not list(out.glob(".staging-*"))
