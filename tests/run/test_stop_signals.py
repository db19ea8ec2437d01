"""A run stopped by SIGTERM (a scheduler's timeout) or Ctrl-C cleans up like a failed one:
the previous export stays as it was, no staging folder, lock or plaintext scratch copy of
the source is left behind, the log's last line says so, and the exit code is 128+N."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

from ..connectors.test_sources import dump_csv_folder
from ..support import run_cli, start_paused, write_config
from .test_unattended import export_dir, json_lines, snapshot, touch_allegation

pytestmark = pytest.mark.skipif(os.name != "posix", reason="sends POSIX signals")


def _csv_agency(tmp_path: Path, source: Path) -> tuple[Path, Path]:
    """A config exporting ``source`` dumped to a CSV folder; (config, dump folder)."""
    dump = dump_csv_folder(source, tmp_path / "dump")
    config = write_config(tmp_path / "agency", source)
    config.write_text(config.read_text(encoding="utf-8").replace(
        f'"sqlite:///{source.as_posix()}"', f"'csv:{dump.as_posix()}'"), encoding="utf-8")
    return config, dump


def _stop(proc: subprocess.Popen[str], signum: int) -> tuple[str, str]:
    proc.send_signal(signum)
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    return out, err


@pytest.mark.parametrize("signum, code, name", [(signal.SIGTERM, 143, "SIGTERM"),
                                                 (signal.SIGINT, 130, "Ctrl-C")])
def test_a_stopped_run_leaves_the_previous_export_and_no_plaintext_copy(
        tmp_path: Path, source: Path, private_tmp: Path, signum: int, code: int,
        name: str) -> None:
    config, dump = _csv_agency(tmp_path, source)
    assert run_cli("export", "-c", str(config)).returncode == 0
    out = export_dir(config)
    before = snapshot(out)
    touch_allegation(source)
    dump_csv_folder(source, tmp_path / "dump2")  # the changed data, for the stopped run
    for table in (tmp_path / "dump2").iterdir():
        table.replace(dump / table.name)
    victim = start_paused(config, "writing", tmp_path / "paused", "--log-format", "json")
    assert list(private_tmp.glob("iaextract-csv-*"))  # it really holds a plaintext copy
    assert list(out.glob(".staging-*"))
    stdout, stderr = _stop(victim, signum)

    assert victim.returncode == code, stderr
    assert f"stopped by {name}" in stderr and "Traceback" not in stderr
    last = json_lines(stdout)[-1]
    assert (last["event"], last["outcome"], last["exit_code"]) == ("run_finished",
                                                                   "stopped", code)
    assert snapshot(out) == before
    assert not list(out.glob(".staging-*"))
    assert not list(private_tmp.glob("iaextract-*"))
    after = run_cli("export", "-c", str(config), "--log-format", "json")
    assert after.returncode == 0, after.stderr
    events = {e["event"] for e in json_lines(after.stdout)}
    assert not events & {"lock_taken_over", "recovered"}  # nothing was left to recover


def test_sigterm_while_publishing_is_completed_by_the_next_run(tmp_path: Path,
                                                                source: Path) -> None:
    config = write_config(tmp_path / "agency", source)
    assert run_cli("export", "-c", str(config)).returncode == 0
    touch_allegation(source)
    victim = start_paused(config, "publishing", tmp_path / "paused")
    _, stderr = _stop(victim, signal.SIGTERM)
    assert victim.returncode == 143, stderr
    out = export_dir(config)
    assert list(out.glob(".staging-*"))  # the journal still needs it

    after = run_cli("export", "-c", str(config))
    assert after.returncode == 0, after.stderr
    assert "completed the interrupted publish" in after.stdout
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for file_name, entry in manifest["files"].items():
        assert (out / file_name).stat().st_size == entry["bytes"], file_name
    assert not list(out.glob(".staging-*"))
