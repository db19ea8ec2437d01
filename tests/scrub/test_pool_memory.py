"""A worker pool lets go of its memory once the run has no more narratives to scrub:
its workers stop before the leak scan reads the export back, its setup is not kept, and
a closed pool holds no scrubber (asking it to scrub fails plainly)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from iaextract.config import load_config
from iaextract.errors import ScrubFailed
from iaextract.pipeline import ExportRequest, export
from iaextract.scrub import pool

from ..support import write_config

SCRUB = 'narratives = "scrub"'


def _pools(monkeypatch: pytest.MonkeyPatch) -> list[pool.ScrubPool]:
    made: list[pool.ScrubPool] = []
    init = pool.ScrubPool.__init__

    def kept(self: pool.ScrubPool, *args: Any) -> None:
        init(self, *args)
        made.append(self)

    monkeypatch.setattr(pool.ScrubPool, "__init__", kept)
    return made


def test_workers_stop_before_the_checks_and_the_leak_scan(
        tmp_path: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _pools(monkeypatch)
    seen: list[tuple[bool, bool, list[int | None], bool]] = []

    def check(folder: Path, manifest: dict[str, Any]) -> None:
        (one,) = made
        seen.append((one._closed, one.local is None,
                     [worker.process.poll() for worker in one._workers],
                     all(w._setup is None for w in one._workers)))

    config = load_config(write_config(tmp_path, demo_db, policy=SCRUB,
                                      extra="[run]\nscrub_workers = 2\n"))
    export(config, ExportRequest(), checks=[check])
    # closed, its scrubber let go, no worker left (close empties the list once they exit)
    assert seen == [(True, True, [], True)]


def test_the_setup_is_let_go_once_sent(tmp_path: Path, demo_db: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    made = _pools(monkeypatch)
    config = load_config(write_config(tmp_path, demo_db, policy=SCRUB,
                                      extra="[run]\nscrub_workers = 2\n"))
    scrubbed: list[bool] = []
    scrub_many = pool.ScrubPool.scrub_many

    def looked(self: pool.ScrubPool, texts: list[str]) -> list[Any]:
        deadline = time.monotonic() + 60
        while not all(w.set_up for w in self._workers) and time.monotonic() < deadline:
            time.sleep(0.01)
        # each worker has its setup: no copy of it is kept
        scrubbed.append(all(w.set_up and w._setup is None for w in self._workers))
        return scrub_many(self, texts)

    monkeypatch.setattr(pool.ScrubPool, "scrub_many", looked)
    export(config, ExportRequest())
    assert made and scrubbed and all(scrubbed)


def test_a_closed_pool_holds_no_scrubber_and_refuses_work(
        tmp_path: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from iaextract.connectors import open_source
    from iaextract.mapping.loader import load_mappings
    from iaextract.redaction.pseudonym import Pseudonymizer

    config = load_config(write_config(tmp_path, demo_db, policy=SCRUB))
    mappings = list(load_mappings(config.mapping_paths).values())
    with open_source(config.source.url, config.base_dir) as source:
        scrub = pool.run_scrub(source, mappings, config, Pseudonymizer(b"k" * 32), None, 2)
    assert isinstance(scrub, pool.ScrubPool)
    try:
        text = "Ofc. Marcus Hill spoke with the complainant on 555-867-5309."
        before = scrub.scrub_many([text])
        assert scrub(text) == before[0]
    finally:
        scrub.close()
    assert scrub.local is None
    for ask in (lambda: scrub(text), lambda: scrub.scrub_many([text])):
        with pytest.raises(ScrubFailed, match="closed worker pool"):
            ask()
    scrub.close()  # again: nothing more to do
