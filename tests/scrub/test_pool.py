"""Narratives scrubbed by worker processes ([run] scrub_workers): the same bytes as one
process, and a worker that fails or dies, or a stopped run, fails cleanly with the
previous export intact and nothing left running."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from iaextract.config import RunConfig, load_config
from iaextract.errors import EXIT_FAILED
from iaextract.pipeline import ExportRequest, export
from iaextract.scrub import pool
from iaextract.testhooks import CRASH, FAIL

from ..run.test_unattended import export_dir, snapshot, touch_allegation
from ..support import run_cli, start_paused, write_config

SCRUB = 'narratives = "scrub"\nnarrative_person_ids = "{ids}"'
RUN = "[run]\nscrub_workers = {workers}\n"
#: What a run writes that says when and which run it was, not what was exported.
RUN_STAMPED = {"manifest.json", "datapackage.json"}


def _agency(folder: Path, database: Path, workers: int, ids: str = "narrative") -> Path:
    return write_config(folder, database, policy=SCRUB.format(ids=ids),
                        extra=RUN.format(workers=workers))


def _published(config: Path) -> dict[str, bytes]:
    files = snapshot(export_dir(config))
    return {name: data for name, data in files.items()
            if "/" not in name and name not in RUN_STAMPED}


@pytest.mark.parametrize("ids", ["narrative", "dataset"])
def test_workers_write_the_bytes_one_process_writes(tmp_path: Path, demo_db: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    ids: str) -> None:
    # Small batches: the 300 narratives go out in dozens of batches, to three processes,
    # and must come back in order. "dataset": the workers load the key for keyed labels.
    monkeypatch.setattr(pool, "BATCH_CHARS", 2_000)
    one = _agency(tmp_path / "one", demo_db, 1, ids)
    three = _agency(tmp_path / "three", demo_db, 3, ids)
    (three.parent / "iaextract.key").write_bytes((one.parent / "iaextract.key").read_bytes())
    for config in (one, three):
        result = run_cli("export", "-c", str(config))
        assert result.returncode == 0, result.stderr
    expected, got = _published(one), _published(three)
    assert any(name.endswith(".csv") for name in got)
    assert got == expected
    summaries = (export_dir(three) / "complaint_allegations.csv").read_text(encoding="utf-8")
    assert "[PERSON " in summaries  # narratives were scrubbed, not dropped


def test_chunks_handed_ahead_write_the_bytes_one_process_writes(
        tmp_path: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Chunks of 37 rows: an incident's rows straddle two chunks, each chunk's narratives
    # are handed to the worker while the chunk before it is written, and the pool
    # forgets the older chunks as it goes.
    monkeypatch.setattr(pool, "BATCH_CHARS", 3_000)
    handed: list[int] = []
    hand_ahead = pool.ScrubPool.hand_ahead

    def counted(self: pool.ScrubPool, texts: list[str]) -> None:
        handed.append(len(texts))
        hand_ahead(self, texts)

    monkeypatch.setattr(pool.ScrubPool, "hand_ahead", counted)
    one = _agency(tmp_path / "one", demo_db, 1, "dataset")
    two = _agency(tmp_path / "two", demo_db, 2, "dataset")
    (two.parent / "iaextract.key").write_bytes((one.parent / "iaextract.key").read_bytes())
    for config in (one, two):
        export(load_config(config), ExportRequest(chunk_size=37))
    assert len(handed) > 20 and sum(handed) > 300
    assert _published(two) == _published(one)


def _stray_workers(parent: int) -> list[int]:
    """Scrubbing workers still running that ``parent`` started (Linux: /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if b"iaextract.scrub.worker" in cmdline and ppid == parent:
            found.append(int(entry.name))
    return found


@pytest.mark.parametrize("hook, message", [
    (CRASH, "a narrative scrubbing worker process stopped before it finished (exit code 70)"),
    (FAIL, "OSError in a narrative scrubbing worker"),
])
def test_a_failing_worker_fails_the_run_and_keeps_the_previous_export(
        tmp_path: Path, source: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch,
        hook: str, message: str) -> None:
    config = _agency(tmp_path / "agency", source, 2)
    assert run_cli("export", "-c", str(config)).returncode == 0
    before = snapshot(export_dir(config))
    touch_allegation(source)
    # The export scrubs queued batches itself rather than wait: here it first waits
    # until the worker has taken what was handed ahead, so the worker gets its batches.
    scrub_many = pool.ScrubPool.scrub_many

    def after_the_worker(self: pool.ScrubPool, texts: list[str]) -> list[tuple[str, Any]]:
        deadline = time.monotonic() + 60
        while self._queue and self._failure is None and time.monotonic() < deadline:
            time.sleep(0.01)
        return scrub_many(self, texts)

    monkeypatch.setattr(pool.ScrubPool, "scrub_many", after_the_worker)
    failed = run_cli("export", "-c", str(config), env={hook: "scrub-worker:2"})
    assert failed.returncode == EXIT_FAILED, failed.stderr
    assert message in failed.stderr and "nothing was published" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert snapshot(export_dir(config)) == before
    assert not list(export_dir(config).glob(".staging-*"))
    assert not list(private_tmp.glob("iaextract-*"))
    assert not _stray_workers(os.getpid())


@pytest.mark.skipif(os.name != "posix", reason="sends POSIX signals, reads /proc")
def test_a_stopped_run_stops_its_workers(tmp_path: Path, source: Path) -> None:
    config = _agency(tmp_path / "agency", source, 3)
    assert run_cli("export", "-c", str(config)).returncode == 0
    before = snapshot(export_dir(config))
    victim = start_paused(config, "writing", tmp_path / "paused")
    workers = _stray_workers(victim.pid)
    assert len(workers) == 2
    victim.send_signal(signal.SIGTERM)
    try:
        _, stderr = victim.communicate(timeout=60)
    finally:
        victim.kill()
    assert victim.returncode == 143, stderr
    assert "Traceback" not in stderr
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(Path(f"/proc/{pid}/cmdline").exists()
                   and b"iaextract.scrub.worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
                   for pid in workers)
    assert snapshot(export_dir(config)) == before


def test_a_library_script_needs_no_main_guard(tmp_path: Path, demo_db: Path) -> None:
    # A worker is a new interpreter (what 'spawn', Windows' only start method, gives), but
    # not a multiprocessing child: it never re-runs the caller's script, so a script
    # without `if __name__ == "__main__"` exports instead of failing or recursing.
    config = _agency(tmp_path / "agency", demo_db, 2)
    script = tmp_path / "nightly.py"
    script.write_text(
        "from pathlib import Path\n"
        "from iaextract.config import load_config\n"
        "from iaextract.pipeline import export\n"
        f"result = export(load_config(Path({str(config)!r})))\n"
        "print('exported', sum(r.rows_written for r in result.datasets.values()))\n",
        encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("exported") == 1
    manifest = json.loads((export_dir(config) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["leak_scan"]["result"] == "clean"


def test_auto_adds_a_worker_on_two_cores_for_a_source_that_is_not_small(
        tmp_path: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = load_config(write_config(tmp_path, demo_db, policy='narratives = "scrub"'))
    large = small.model_copy(update={"source": small.source.model_copy(
        update={"url": "postgresql://agency.example/iapro"})})  # a server: size unknown
    three = RunConfig(scrub_workers=3)
    dropped = small.model_copy(update={"policy": small.policy.model_copy(
        update={"narratives": "drop"}), "run": three})
    for cores, expected in ((1, 1), (2, 2), (16, 2)):
        monkeypatch.setattr(pool, "usable_cores", lambda cores=cores: cores)
        assert pool.workers_for(large) == expected
        assert pool.workers_for(small) == 1  # the demo's 0.4 MB: a worker would not pay
        assert pool.workers_for(small.model_copy(update={"run": three})) == 3
        assert pool.workers_for(dropped) == 1
    monkeypatch.setattr(pool, "SMALL_SOURCE", 1)
    assert pool.workers_for(small) == 2


@pytest.mark.parametrize("setting", [0, -1, 65, "many"])
def test_scrub_workers_must_be_auto_or_a_count(setting: object) -> None:
    with pytest.raises(ValueError):
        RunConfig(scrub_workers=setting)  # type: ignore[arg-type]


def test_a_worker_imports_only_what_scrubbing_needs() -> None:
    # A worker's start is paid once a worker a run: it reads no source and no config.
    code = ("import sys, iaextract.scrub.worker\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'sqlalchemy', 'pydantic', 'click', 'rich', 'pandas'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "[]"
