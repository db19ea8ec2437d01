"""Narratives scrubbed in worker processes as well as in the export's own.

Scrubbing is most of a scrub-mode export's work, and each narrative is scrubbed on its
own, so a chunk's narratives are cut into batches that ``workers - 1`` worker
processes and the export process scrub side by side; results are put back in order, so
the output is byte for byte the one process's.

The workers must not wait while the export process reads, redacts, counts and writes
(a quarter of its work): the pipeline hands each chunk's narratives over one chunk
early (:meth:`ScrubPool.hand_ahead`, from run/plan.py), so the workers scrub chunk N+1
while the export finishes chunk N. When the export then needs a chunk's results it
scrubs batches still queued itself rather than wait (:meth:`ScrubPool.scrub_many`), so
the work balances by itself between processes. Only the last two chunks' texts and
results are kept (memory stays flat), and each worker holds at most two batches.

A worker is a plain ``python -m iaextract.scrub.worker`` talking pickles over its stdin
and stdout, as the leak scan process does (leakscan/process.py), not a
``multiprocessing`` child: a new interpreter, as Windows' only start method (spawn)
gives, but one that never re-runs the caller's main module (a library caller needs no
``if __name__ == "__main__"`` guard) and ends by itself when the export dies (its
stdin closes). Each worker is given the scrubber's knowledge once
(:class:`~.narrative.ScrubKnowledge`, pickled through the pipe, never written to a
file) and builds the same scrubber; a keyed label (``narrative_person_ids =
"dataset"``) needs the pseudonym key, which each worker loads itself from the config,
as the export did: the key never crosses a pipe. A thread a worker feeds it batches and
another reads its answers, so the export never waits on a pipe. A worker that dies or
fails fails the run (at the export's next call to the pool): the caller's clean-up
discards the staging folder, and the previous export stays as it was. Workers ignore
Ctrl-C, which the export process handles, stopping them as it cleans up.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import threading
from collections import Counter, deque
from collections.abc import Iterable
from pathlib import Path

from iaextract.config import Config
from iaextract.connectors import Source, source_size
from iaextract.errors import ScrubFailed
from iaextract.heap import child_environment
from iaextract.leakscan.process import SMALL_SOURCE
from iaextract.mapping.model import Mapping
from iaextract.redaction.pseudonym import Pseudonymizer
from iaextract.scrub.narrative import NarrativeScrub, Scrubbed, assemble, learn
from iaextract.scrub.ner import NerLayer
from iaextract.scrub.worker import WorkerSetup

#: Characters of narrative a batch holds (at least one narrative): small enough that
#: the processes finish a chunk together, large enough that a batch's pickling and
#: round trip cost little beside its scrubbing (about 30 ms of work).
BATCH_CHARS = 32_000

IN_FLIGHT = 2  # batches a worker holds: one to scrub, one waiting, so it never idles
AHEAD = 2  # hand_ahead calls whose texts are remembered: the chunk written and the next
WAIT_ON_CLOSE = 5.0  # seconds a worker gets to exit once its stdin closes
POLL = 0.25  # seconds between looks for Ctrl-C while waiting (Windows waits deaf)
# On Windows a scheduled export has no console, and a child python.exe would open one.
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)


def workers_for(config: Config) -> int:
    """How many processes scrub the narratives of an export under ``config``.

    ``"auto"`` is 2 (the export and one worker) on a machine with at least two cores
    this process may use, unless the source is a file under SMALL_SOURCE (as
    ``parallel_scan = "auto"`` decides: there a worker's start costs more than it
    takes over); else 1. On two cores one worker takes most of the scrubbing off the
    export process's critical path (docs/performance.md). More workers are asked for
    by number: each holds its own copy of the scrubber's knowledge, and more than two
    processes were not measured.
    """
    setting = config.run.scrub_workers
    if config.policy.narratives != "scrub":
        return 1
    if setting != "auto":
        return setting
    if usable_cores() < 2:
        return 1
    size = source_size(config.source.url, config.base_dir)
    return 1 if size is not None and size < SMALL_SOURCE else 2


def usable_cores() -> int:
    """The cores this process may run on (its affinity, where the system has one)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity else os.cpu_count() or 1


def run_scrub(source: Source, mappings: list[Mapping], config: Config,
              pseudonymizer: Pseudonymizer, ner: NerLayer | None,
              workers: int) -> NarrativeScrub | ScrubPool:
    """The scrubber of an export: learnt from ``source`` once, in this process, then
    shared with ``workers - 1`` worker processes (none when ``workers`` is 1)."""
    knowledge = learn(source, mappings, config.policy, pseudonymizer)
    local = assemble(knowledge, pseudonymizer, ner)
    if workers <= 1:
        return local
    keyed = knowledge.keyed
    setup = WorkerSetup(
        knowledge,
        key_file=config.resolve(config.pseudonyms.key_file)
        if keyed and config.pseudonyms.key_file else None,
        key_env=config.pseudonyms.key_env if keyed else None,
        fingerprint=pseudonymizer.fingerprint if keyed else None,
        ner_model=config.policy.ner_model, base_dir=config.base_dir)
    return ScrubPool(local, setup, workers)


class ScrubPool:
    """A ``TextScrub`` whose ``scrub_many`` shares the work with worker processes.

    ``local`` is the export process's own scrubber (built from the same knowledge).
    Call :meth:`close` when the run ends, however it ends.
    """

    def __init__(self, local: NarrativeScrub, setup: WorkerSetup, workers: int) -> None:
        # None once closed: the scrubber and what it knows (tens of megabytes at 200k
        # incidents) go while the export still checks and publishes.
        self.local: NarrativeScrub | None = local
        self._lock = threading.Condition()
        self._queue: deque[_Job] = deque()  # batches no process has taken yet, oldest first
        # The texts of the last AHEAD hand_ahead calls, and where their results will be.
        self._ahead: deque[dict[str, tuple[_Job, int]]] = deque(maxlen=AHEAD)
        self._failure: BaseException | None = None
        self._closed = False
        self._workers: list[_Worker] = []
        payload = pickle.dumps(setup, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            for number in range(max(1, workers - 1)):
                # Each starts building its scrubber now, while the export plans.
                self._workers.append(_Worker(number, payload, self))
        except BaseException:
            self.close()
            raise

    def __call__(self, text: str) -> Scrubbed:
        return self._check()(text)

    def hand_ahead(self, texts: Iterable[str]) -> None:
        """Have the workers start on ``texts`` now; returns at once. A later
        :meth:`scrub_many` of them takes their results: the workers scrub the next
        chunk's narratives while this process reads, writes and counts this one."""
        with self._lock:
            self._check()
            located: dict[str, tuple[_Job, int]] = {}
            fresh = [text for text in dict.fromkeys(texts) if not self._found(text, located)]
            jobs = _jobs(fresh, located)
            self._ahead.append(located)  # the oldest call's results go (memory stays flat)
            self._queue.extend(jobs)
            self._lock.notify_all()

    def scrub_many(self, texts: list[str]) -> list[Scrubbed]:
        """Each of ``texts`` scrubbed, in order: batches handed ahead are taken as the
        workers finish them, the others are queued first; meanwhile this process scrubs
        queued batches itself."""
        with self._lock:
            self._check()
            located: dict[str, tuple[_Job, int]] = {}
            missing = [text for text in dict.fromkeys(texts) if not self._found(text, located)]
            jobs = _jobs(missing, located)
            self._queue.extendleft(reversed(jobs))  # needed now: before any handed ahead
            self._lock.notify_all()
        self._finish({id(job): job for job, _ in located.values()}.values())
        return [located[text][0].results[located[text][1]]  # type: ignore[index]
                for text in texts]

    def _found(self, text: str, located: dict[str, tuple[_Job, int]]) -> bool:
        for ahead in reversed(self._ahead):  # newest first
            if text in ahead:
                located[text] = ahead[text]
                return True
        return False

    def _finish(self, needed: Iterable[_Job]) -> None:
        """Wait until each of ``needed`` is scrubbed, scrubbing queued batches here
        (oldest first: those needed now) rather than waiting idle."""
        pending = list(needed)
        while True:
            with self._lock:
                local = self._check()
                pending = [job for job in pending if job.results is None]
                if not pending:
                    return
                if not self._queue:
                    self._lock.wait(POLL)  # a timeout: Ctrl-C is seen (Windows waits deaf)
                    continue
                job = self._queue.popleft()
            job.results = local.scrub_many(job.texts)

    def _check(self) -> NarrativeScrub:
        """This process's scrubber, unless the pool was closed or a worker failed."""
        # (what closing did to the workers is no failure of theirs)
        if self._closed or self.local is None:
            raise ScrubFailed("narrative scrubbing was asked of a closed worker pool")
        if self._failure is not None:
            raise self._failure
        return self.local

    def _fail(self, failure: BaseException) -> None:
        """Record what stopped a worker (the first failure is the one raised)."""
        with self._lock:
            if self._failure is None:
                self._failure = failure
            self._lock.notify_all()

    def close(self) -> None:
        """Stop the workers (at once if one still has work: the run did not finish) and
        let go of this process's scrubber. Closing again does nothing more."""
        with self._lock:
            self._closed = True
            self.local = None
            self._lock.notify_all()
            workers, self._workers = self._workers, []
            # A worker with work, or not yet sent its setup, may have its feeder blocked
            # in a write: killing it ends the write.
            busy = [worker for worker in workers if worker.outstanding or not worker.set_up]
        for worker in busy:
            worker.process.kill()
        for worker in workers:
            worker.end()
        self._queue.clear()
        self._ahead.clear()


class _Job:
    """A batch of texts and, once scrubbed, their results (in the same order)."""

    __slots__ = ("texts", "results")

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.results: list[Scrubbed] | None = None


class _Worker:
    """One worker process, the batches it holds, a thread feeding it batches from the
    pool's queue and one reading its answers (neither side waits on a full pipe)."""

    def __init__(self, number: int, payload: bytes, pool: ScrubPool) -> None:
        self.pool = pool
        self.outstanding: deque[_Job] = deque()  # the batches it holds, in the order sent
        self.set_up = False  # sent its setup
        # Run from the folder that holds this iaextract: ``-m`` puts the working folder
        # first on the import path, and a stray module there must not be imported.
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "iaextract.scrub.worker"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, cwd=Path(__file__).resolve().parents[2],
                env=child_environment(), creationflags=_NO_WINDOW)
        except OSError as exc:  # an embedded Python may have no interpreter to start
            raise ScrubFailed(f"cannot start a narrative scrubbing worker ({sys.executable!r}: "
                              f"{exc.strerror}); set [run] scrub_workers = 1") from None
        # The setup goes first: the export does not wait while the worker starts. It is
        # held here, not in the feeder's arguments (which a thread keeps until it ends),
        # so that its megabytes go once sent.
        self._setup: bytes | None = payload
        self._threads = [
            threading.Thread(target=self._read, daemon=True,
                             name=f"iaextract-scrub-worker-{number}-answers"),
            threading.Thread(target=self._feed, daemon=True,
                             name=f"iaextract-scrub-worker-{number}-batches")]
        for thread in self._threads:
            thread.start()

    def end(self) -> None:
        """Close its stdin once its feeder stopped (it exits when idle), wait for it."""
        self._threads[1].join()
        with contextlib.suppress(OSError):  # a pipe the worker already broke
            self.process.stdin.close()  # type: ignore[union-attr]
        try:
            self.process.wait(timeout=WAIT_ON_CLOSE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._threads[0].join()
        with contextlib.suppress(OSError):
            self.process.stdout.close()  # type: ignore[union-attr]

    def _feed(self) -> None:
        lock, queued = self.pool._lock, self.pool._queue
        payload, self._setup = self._setup, None
        sent = payload is not None and self._write(payload)
        del payload
        if not sent:
            return
        with lock:
            self.set_up = True
        while True:
            with lock:
                while not self.pool._closed and (not queued or
                                                 len(self.outstanding) >= IN_FLIGHT):
                    lock.wait()
                if self.pool._closed:
                    return
                job = queued.popleft()
                self.outstanding.append(job)
            if not self._write(pickle.dumps(job.texts, protocol=pickle.HIGHEST_PROTOCOL)):
                return  # it died: its reader says so, with its exit code

    def _write(self, data: bytes) -> bool:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except (OSError, ValueError):  # it died, or the pool closed its pipe
            return False
        return True

    def _read(self) -> None:
        stdout, pool = self.process.stdout, self.pool
        assert stdout is not None
        while True:
            try:
                kind, *answer = pickle.load(stdout)
            except Exception:  # noqa: BLE001 - EOF, a broken pipe, a torn pickle: it stopped
                try:
                    code = self.process.wait(timeout=WAIT_ON_CLOSE)
                except subprocess.TimeoutExpired:
                    code = None
                pool._fail(ScrubFailed(_stopped(code)))
                return
            if kind == "error":
                pool._fail(answer[0])
            elif kind == "done":
                results = [(text, Counter(found)) for text, found in answer[0]]
                with pool._lock:
                    self.outstanding.popleft().results = results
                    pool._lock.notify_all()
            # "ready": it has built its scrubber


def _stopped(code: int | None) -> str:
    return (f"a narrative scrubbing worker process stopped before it finished (exit code "
            f"{code}); nothing was published. Run again, or set [run] scrub_workers = 1 to "
            "scrub in the export's own process")


def _jobs(texts: list[str], located: dict[str, tuple[_Job, int]]) -> list[_Job]:
    """``texts`` cut into batches of about BATCH_CHARS, each text's place noted in
    ``located``."""
    jobs: list[_Job] = []
    size = BATCH_CHARS
    for text in texts:
        if size >= BATCH_CHARS:
            jobs.append(_Job([]))
            size = 0
        located[text] = (jobs[-1], len(jobs[-1].texts))
        jobs[-1].texts.append(text)
        size += len(text)
    return jobs
