"""The worker pool's look-ahead (issue 20: scrub mode's workers paid off): narratives
handed ahead come back exactly as the export's own scrubber gives them, whichever
process scrubbed them, each is scrubbed once, and a worker that fails or dies with work
handed ahead fails the next call, with nothing left running."""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from iaextract.config import load_config
from iaextract.connectors import open_source
from iaextract.errors import ScrubFailed
from iaextract.mapping.loader import load_mappings
from iaextract.scrub import pool
from iaextract.scrub.narrative import ScrubKnowledge, assemble, learn
from iaextract.scrub.worker import WorkerSetup
from iaextract.testhooks import CRASH, FAIL

from ..support import write_config

# Texts a fast path might confuse: equal after str(), case or space folding, or
# normalisation, but not equal as strings; and the empty and blank text.
HOSTILE = ["", " ", "nan", "NaN", "None", "True", "1", "1.0", "10000000000000000000000",
           " d3", "D3", "d3 ", "O\u2019Brien", "O'Brien", "JAMES O\u2019BRIEN",
           "Zo\u00eb", "Zoe\u0308", "An\u200bna", "Anna", "\ufeffOfficer", "Officer\u00a0Smith"]


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> ScrubKnowledge:
    config = load_config(write_config(tmp_path_factory.mktemp("pool") / "agency", demo_db,
                                      policy='narratives = "scrub"'))
    mappings = list(load_mappings(config.mapping_paths).values())
    with open_source(config.source.url, config.base_dir) as source:
        return learn(source, mappings, config.policy)


@pytest.fixture(scope="module")
def narratives(demo_db: Path) -> list[str]:
    """The demo's synopses (people of the source named in them), and each in capitals."""
    with sqlite3.connect(demo_db) as db:
        texts = [row[0] for row in db.execute(
            "SELECT Synopsis FROM Incidents WHERE Synopsis IS NOT NULL ORDER BY rowid")]
    return texts[:120] + [text.upper() for text in texts[:20]]


@pytest.fixture
def workers(knowledge: ScrubKnowledge, monkeypatch: pytest.MonkeyPatch
            ) -> Iterator[pool.ScrubPool]:
    # Small batches: a chunk's texts go out in many batches, to two workers and here.
    monkeypatch.setattr(pool, "BATCH_CHARS", 1_500)
    scrubs = pool.ScrubPool(assemble(knowledge), WorkerSetup(knowledge), 3)
    try:
        yield scrubs
    finally:
        scrubs.close()


def test_handed_ahead_texts_come_back_as_the_export_scrubs_them(
        workers: pool.ScrubPool, knowledge: ScrubKnowledge, narratives: list[str]) -> None:
    local = assemble(knowledge)
    first, second = narratives[:70] + HOSTILE, narratives[50:] + HOSTILE[::-1]
    workers.hand_ahead(first)
    workers.hand_ahead(second)  # overlaps the first: both stay remembered
    # Asked for with repeats, texts never handed ahead, and in another order.
    asked = first[::-1] + ["Not handed ahead: Officer Smith", first[3], first[3]]
    assert workers.scrub_many(asked) == [local(text) for text in asked]
    assert workers.scrub_many(second) == [local(text) for text in second]
    workers.hand_ahead(narratives[:10])  # the first call's texts are forgotten now
    assert workers.scrub_many(first) == [local(text) for text in first]
    assert workers.scrub_many([]) == []
    assert any(text != local(text)[0] for text in narratives)  # people were scrubbed


def test_each_text_handed_ahead_is_scrubbed_once(
        workers: pool.ScrubPool, narratives: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    batched: list[list[str]] = []
    cut = pool._jobs

    def recording(texts: list[str], located: dict[str, tuple[pool._Job, int]]
                  ) -> list[pool._Job]:
        batched.append(list(texts))
        return cut(texts, located)

    monkeypatch.setattr(pool, "_jobs", recording)
    chunk_one, chunk_two = narratives[:60], narratives[40:100]
    workers.hand_ahead(chunk_one + chunk_one[:5])
    workers.hand_ahead(chunk_two)  # an incident straddling the chunks: 40-59 again
    workers.scrub_many(chunk_one)
    workers.scrub_many(chunk_two)
    assert batched == [list(dict.fromkeys(chunk_one)),
                       [t for t in dict.fromkeys(chunk_two) if t not in chunk_one], [], []]


def _pool_with(knowledge: ScrubKnowledge, monkeypatch: pytest.MonkeyPatch, hook: str
               ) -> pool.ScrubPool:
    monkeypatch.setenv(hook, "scrub-worker:1")  # the worker inherits it: its first batch
    monkeypatch.setattr(pool, "BATCH_CHARS", 1)  # one text a batch
    return pool.ScrubPool(assemble(knowledge), WorkerSetup(knowledge), 2)


def _given_to_the_worker(scrubs: pool.ScrubPool) -> None:
    """Wait until the worker has taken the queued batches (so this process took none)."""
    deadline = time.monotonic() + 60
    while scrubs._queue and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not scrubs._queue


@pytest.mark.parametrize("hook, message", [
    (CRASH, "a narrative scrubbing worker process stopped before it finished (exit code 70)"),
    (FAIL, "OSError in a narrative scrubbing worker"),
])
def test_a_worker_failing_on_work_handed_ahead_fails_the_next_call(
        knowledge: ScrubKnowledge, narratives: list[str], monkeypatch: pytest.MonkeyPatch,
        hook: str, message: str) -> None:
    scrubs = _pool_with(knowledge, monkeypatch, hook)
    processes = [worker.process for worker in scrubs._workers]
    try:
        scrubs.hand_ahead(narratives[:2])  # two batches: what the one worker holds
        _given_to_the_worker(scrubs)
        with pytest.raises(ScrubFailed, match=re.escape(message)) as failed:
            scrubs.scrub_many(narratives[:2])
        assert not any(text in str(failed.value) for text in narratives[:2])
        with pytest.raises(ScrubFailed, match=re.escape(message)):  # and every call after it
            scrubs.hand_ahead(narratives[2:4])
    finally:
        scrubs.close()
    assert all(process.poll() is not None for process in processes)


def test_closing_with_work_in_flight_stops_the_workers(
        knowledge: ScrubKnowledge, narratives: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A run that fails elsewhere closes the pool while the workers hold batches, and
    # a feeder thread may be blocked writing a batch the worker has not read yet.
    monkeypatch.setattr(pool, "BATCH_CHARS", 200_000)
    scrubs = pool.ScrubPool(assemble(knowledge), WorkerSetup(knowledge), 3)
    processes = [worker.process for worker in scrubs._workers]
    scrubs.hand_ahead([f"{text} ({copy})" for copy in range(20) for text in narratives])
    scrubs.close()
    assert all(process.poll() is not None for process in processes)
    assert not [t for t in threading.enumerate() if t.name.startswith("iaextract-scrub")]
    with pytest.raises(ScrubFailed, match="closed worker pool"):
        scrubs.scrub_many(narratives[:1])
