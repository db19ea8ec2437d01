"""A publish that fails part-way never leaves a mixed export (issue 15, item 1).

Each test injects a failure at one file of a real publish: a directory where the file
goes (a real OS error), or the test hook that fails the n-th move. After the failure
every published file is byte for byte the previous export, no journal or staging folder
is left behind, and the next run publishes normally.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from iaextract.config import load_config
from iaextract.errors import WriterError
from iaextract.run.pipeline import ExportRequest, export
from iaextract.testhooks import FAIL
from iaextract.writers.atomic import JOURNAL, Staging

from ..support import run_cli, write_config

ONE = ExportRequest(datasets=("complaint_allegations",))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file a reader sees (staging folders are not published)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.name.startswith(".iaextract.run.lock")
            and not p.relative_to(folder).parts[0].startswith(".staging-")}


def change_findings(database: Path) -> None:
    """Change every allegation's finding, so every data file of the next run differs."""
    with sqlite3.connect(database) as db:
        db.execute("UPDATE Allegations SET Finding = 'EXON'")
        db.execute("UPDATE Incidents SET LastModified = datetime('now', '-1 minute')")


def assert_clean(out: Path) -> None:
    assert not (out / JOURNAL).exists()
    assert not list(out.glob(".staging-*"))


def test_directory_in_place_of_any_published_file_rolls_the_publish_back(
        tmp_path: Path, source: Path) -> None:
    config = load_config(write_config(tmp_path / "agency", source))
    out = config.output_dir
    export(config, ONE, leak_scan=False)
    change_findings(source)
    before = snapshot(out)
    assert len(before) == 7  # 3 formats, data package, 2 dictionaries, manifest
    for name in sorted(before):
        # A non-empty folder where the file goes: renaming onto it fails for real.
        (out / name).rename(tmp_path / "aside")
        (out / name).mkdir()
        (out / name / "keep").write_text("x", encoding="utf-8")
        with pytest.raises(WriterError, match=f"publishing {name} .*previous export is as"):
            export(config, ONE, leak_scan=False)
        shutil.rmtree(out / name)
        (tmp_path / "aside").rename(out / name)
        assert snapshot(out) == before, name
        assert_clean(out)
    export(config, ONE, leak_scan=False)
    after = snapshot(out)
    assert all(after[n] != before[n] for n in before if n.endswith((".csv", ".json")))


def test_failure_at_each_file_of_an_incremental_publish_rolls_it_back(
        tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(write_config(tmp_path / "agency", source,
                                      extra='[policy.disclosure]\nmode = "report"\n'
                                            '[run]\nmode = "incremental"\n'))
    out = config.output_dir
    export(config, ONE, leak_scan=False)
    change_findings(source)
    before = snapshot(out)
    # batch (3 formats + manifest), current files (3), artifacts (3), manifest, then the
    # state kept beside the config
    steps = 12
    for step in range(1, steps + 1):
        monkeypatch.setenv(FAIL, f"publish:{step}")
        with pytest.raises(WriterError, match="previous export is as it was"):
            export(config, ONE, leak_scan=False)
        assert snapshot(out) == before, step
        assert_clean(out)
        assert not (out / "runs").exists() or len(list((out / "runs").iterdir())) == 1
    monkeypatch.delenv(FAIL)
    result = export(config, ONE, leak_scan=False)
    assert result.datasets["complaint_allegations"].rows_written > 0
    assert len(snapshot(out)) == len(before) + 4  # one more batch


def test_directory_where_the_state_file_goes_publishes_nothing(tmp_path: Path,
                                                               source: Path) -> None:
    """The issue's own case: the state file cannot be replaced, through the real CLI."""
    agency = write_config(tmp_path / "agency", source,
                          extra='[policy.disclosure]\nmode = "report"\n'
                                '[run]\nmode = "incremental"\n')
    out = agency.parent / "export"
    assert run_cli("export", "-c", str(agency), "-d", "use_of_force").returncode == 0
    change_findings(source)
    [state] = (agency.parent / ".iaextract-state").glob("*.json")  # beside the config
    state.unlink()
    state.mkdir()
    before = snapshot(out)
    failed = run_cli("export", "-c", str(agency), "-d", "use_of_force")
    assert failed.returncode == 1, failed.stderr
    assert "nothing was published" in failed.stderr and "Traceback" not in failed.stderr
    assert snapshot(out) == before
    assert_clean(out)
    state.rmdir()
    assert run_cli("export", "-c", str(agency), "-d", "use_of_force").returncode == 0
    assert state.is_file()


def interrupted_publish(out: Path, run_id: str = "killed-run") -> Staging:
    """The state a run killed while moving files leaves: journal and staged files."""
    staging = Staging(out, run_id)
    for name in ("a.csv", "manifest.json"):
        staging.path(name).write_text(f"new {name}", "utf-8")
    (out / JOURNAL).write_text(json.dumps({"run_id": run_id, "staging": staging.dir.name,
                                           "files": ["a.csv", "manifest.json"]}), "utf-8")
    return staging


def test_journal_that_cannot_be_completed_is_kept_until_it_can(tmp_path: Path) -> None:
    out = tmp_path / "export"
    interrupted_publish(out)
    (out / "a.csv").mkdir()  # blocks the roll forward
    (out / "a.csv" / "x").write_text("x", "utf-8")
    for _ in range(2):  # a later run failing the same way drops nothing either
        with pytest.raises(WriterError, match="failed at a.csv"):
            Staging(out, "next-run")
        assert (out / JOURNAL).exists() and (out / ".staging-killed-run" / "a.csv").exists()
    shutil.rmtree(out / "a.csv")
    recovered = Staging(out, "next-run").recovered
    assert (out / "a.csv").read_text("utf-8") == "new a.csv"
    assert any("killed-run" in line for line in recovered)
    assert not (out / JOURNAL).exists()


def test_journal_whose_staging_folder_is_gone_is_reported_not_dropped(tmp_path: Path) -> None:
    out = tmp_path / "export"
    staging = interrupted_publish(out)
    shutil.rmtree(staging.dir)
    with pytest.raises(WriterError, match="may mix two runs"):
        Staging(out, "next-run")
    assert (out / JOURNAL).exists()


def test_discarding_a_run_keeps_the_staging_its_journal_needs(tmp_path: Path) -> None:
    out = tmp_path / "export"
    staging = interrupted_publish(out)
    staging.discard()  # what a failing run does on its way out
    assert (staging.dir / "a.csv").exists()
