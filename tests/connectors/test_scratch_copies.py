"""Issue 14 item 11: the plaintext SQLite copy of a csv: source is owner-only, removed on
every exit Python sees, and removed by the next run after a kill -9."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iaextract.connectors import CsvFolderSource

from ..support import run_cli, start_paused, write_config
from .test_sources import dump_csv_folder

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kill -9 and POSIX modes")


def _copies(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("iaextract-csv-*"))


def test_copy_is_private_and_a_killed_runs_copy_is_removed_next_time(
        tmp_path: Path, demo_db: Path, private_tmp: Path) -> None:
    dump = dump_csv_folder(demo_db, tmp_path / "dump")
    config = write_config(tmp_path / "agency", demo_db)
    config.write_text(config.read_text(encoding="utf-8").replace(
        f'"sqlite:///{demo_db.as_posix()}"', f"'csv:{dump.as_posix()}'"), encoding="utf-8")
    flag = tmp_path / "paused"
    proc = start_paused(config, "writing", flag)
    try:
        [copy] = _copies(private_tmp)
        assert stat.S_IMODE(copy.stat().st_mode) == 0o700
        assert stat.S_IMODE((copy / "tables.sqlite").stat().st_mode) == 0o600
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        proc.kill()
        proc.communicate()
    assert copy.exists()  # nothing runs after kill -9
    if os.geteuid() == 0:  # another user's copy is never touched
        theirs = private_tmp / "iaextract-csv-someone-else"
        theirs.mkdir()
        (theirs / "tables.sqlite").touch()
        os.chown(theirs, 65534, 65534)
    for folder in _copies(private_tmp):
        os.utime(folder, (time.time() - 3600,) * 2)
    result = run_cli("inspect", "--url", f"csv:{dump.as_posix()}", "--no-sample")
    assert result.returncode == 0, result.stderr
    left = _copies(private_tmp)
    assert copy not in left
    assert left == ([private_tmp / "iaextract-csv-someone-else"] if os.geteuid() == 0 else [])


def test_copy_is_removed_on_error_and_at_exit(tmp_path: Path, demo_db: Path,
                                              private_tmp: Path) -> None:
    dump = dump_csv_folder(demo_db, tmp_path / "dump")
    with pytest.raises(RuntimeError), CsvFolderSource(dump) as source:
        assert _copies(private_tmp) == [source._scratch.path]
        raise RuntimeError("a failure mid-run")
    assert _copies(private_tmp) == []
    # A caller that never closes the source: the copy goes when the interpreter exits.
    code = ("import sys; from pathlib import Path; "
            "from iaextract.connectors import CsvFolderSource; "
            f"CsvFolderSource(Path({str(dump)!r})); sys.exit(3)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 3, done.stderr
    assert _copies(private_tmp) == []
