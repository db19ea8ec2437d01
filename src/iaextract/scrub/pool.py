"""Narratives scrubbed in worker processes as well as in the export's own.

Scrubbing is most of a scrub-mode export's work, and each narrative is scrubbed on its
own, so a chunk's narratives are cut into batches that the export process and
``workers - 1`` worker processes scrub side by side; results come back in order, so
the output is byte for byte the one process's.

A worker is a plain ``python -m iaextract.scrub.worker`` talking pickles over its stdin
and stdout, as the leak scan process does (leakscan/process.py), not a
``multiprocessing`` child: a new interpreter, as Windows' only start method (spawn)
gives, but one that never re-runs the caller's main module (a library caller needs no
``if __name__ == "__main__"`` guard) and ends by itself when the export dies (its
stdin closes). Each worker is given the scrubber's knowledge once
(:class:`~.narrative.ScrubKnowledge`, pickled through the pipe, never written to a
file) and builds the same scrubber; a keyed label (``narrative_person_ids =
"dataset"``) needs the pseudonym key, which each worker loads itself from the config,
as the export did: the key never crosses a pipe. At most two batches a worker are in
flight, and only a chunk's (memory stays flat); a thread a worker reads its answers,
so neither side ever waits on a full pipe. A worker that dies or fails fails the run:
the caller's clean-up discards the staging folder, and the previous export stays as it
was. Workers ignore Ctrl-C, which the export process handles, stopping them as it
cleans up.
"""

from __future__ import annotations

import contextlib
import pickle
import queue
import subprocess
import sys
import threading
from collections import Counter, deque
from pathlib import Path
from typing import Any

from iaextract.config import Config
from iaextract.connectors import Source
from iaextract.errors import ScrubFailed
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
WAIT_ON_CLOSE = 5.0  # seconds a worker gets to exit once its stdin closes
POLL = 0.25  # seconds between looks for Ctrl-C while waiting (Windows waits deaf)
# On Windows a scheduled export has no console, and a child python.exe would open one.
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)


def workers_for(config: Config) -> int:
    """How many processes scrub the narratives of an export under ``config``.

    ``"auto"`` is 1: on the 2-core machine the benchmarks run on, where the leak scan
    process has the second core, a worker only took turns with the export and the scan
    (1.07-1.15 x the CPU and wall time at 10k and 50k incidents). Workers are asked for
    by number, on a machine with cores to spare.
    """
    setting = config.run.scrub_workers
    if config.policy.narratives != "scrub" or setting == "auto":
        return 1
    return setting


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
        self.local = local
        self._answers: queue.Queue[tuple[int, tuple[Any, ...]]] = queue.Queue()
        self._workers: list[_Worker] = []
        payload = pickle.dumps(setup, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            for number in range(max(1, workers - 1)):
                # Each starts building its scrubber now, while the export plans.
                self._workers.append(_Worker(number, payload, self._answers))
        except BaseException:
            self.close()
            raise

    def __call__(self, text: str) -> Scrubbed:
        return self.local(text)

    def scrub_many(self, texts: list[str]) -> list[Scrubbed]:
        """Each of ``texts`` scrubbed, in order: batches go to the workers, and this
        process scrubs one itself whenever every worker has its fill."""
        if not self._workers:
            raise ScrubFailed("narrative scrubbing was asked of a closed worker pool")
        batches = _batches(texts)
        results: list[list[Scrubbed] | None] = [None] * len(batches)
        taken = 0  # batches handed out (or scrubbed here), in order
        while taken < len(batches) or any(w.outstanding for w in self._workers):
            for worker in self._workers:
                while taken < len(batches) and len(worker.outstanding) < IN_FLIGHT:
                    worker.send(batches[taken], taken)
                    taken += 1
            if taken < len(batches):
                results[taken] = self.local.scrub_many(batches[taken])
                taken += 1
                continue
            number, answer = self._next_answer()
            index = self._workers[number].outstanding.popleft()
            results[index] = [(text, Counter(found)) for text, found in answer]
        return [scrubbed for batch in results for scrubbed in batch or ()]

    def _next_answer(self) -> tuple[int, list[tuple[str, dict[str, int]]]]:
        while True:
            try:
                number, (kind, *answer) = self._answers.get(timeout=POLL)
            except queue.Empty:
                continue
            if kind == "done":
                return number, answer[0]
            if kind == "error":
                raise answer[0]
            if kind == "stopped":
                raise ScrubFailed(_stopped(answer[0]))
            # "ready": a worker has built its scrubber

    def close(self) -> None:
        """Stop the workers: at once if one still has work (the run did not finish)."""
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.end()
        for worker in workers:
            worker.wait()


class _Worker:
    """One worker process, the batches it was sent, and the thread reading its answers."""

    def __init__(self, number: int, payload: bytes,
                 answers: queue.Queue[tuple[int, tuple[Any, ...]]]) -> None:
        self.number = number
        self.outstanding: deque[int] = deque()  # indexes of the batches it holds, in order
        # Run from the folder that holds this iaextract: ``-m`` puts the working folder
        # first on the import path, and a stray module there must not be imported.
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "iaextract.scrub.worker"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, cwd=Path(__file__).resolve().parents[2],
                creationflags=_NO_WINDOW)
        except OSError as exc:  # an embedded Python may have no interpreter to start
            raise ScrubFailed(f"cannot start a narrative scrubbing worker ({sys.executable!r}: "
                              f"{exc.strerror}); set [run] scrub_workers = 1") from None
        self._reader = threading.Thread(target=self._read, args=(answers,), daemon=True,
                                        name=f"iaextract-scrub-worker-{number}")
        self._reader.start()
        self._write(payload)

    def send(self, batch: list[str], index: int) -> None:
        self._write(pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))
        self.outstanding.append(index)

    def end(self) -> None:
        """Close its stdin (it exits when idle); kill it if it still holds work."""
        with contextlib.suppress(OSError):  # a pipe the worker already broke
            self.process.stdin.close()  # type: ignore[union-attr]
        if self.outstanding:
            self.process.kill()

    def wait(self) -> None:
        try:
            self.process.wait(timeout=WAIT_ON_CLOSE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join()
        with contextlib.suppress(OSError):
            self.process.stdout.close()  # type: ignore[union-attr]

    def _write(self, data: bytes) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except OSError:  # it died: its reader says so, with its exit code
            pass

    def _read(self, answers: queue.Queue[tuple[int, tuple[Any, ...]]]) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while True:
            try:
                answers.put((self.number, pickle.load(stdout)))
            except Exception:  # noqa: BLE001 - EOF, a broken pipe, a torn pickle: it stopped
                try:
                    code = self.process.wait(timeout=WAIT_ON_CLOSE)
                except subprocess.TimeoutExpired:
                    code = None
                answers.put((self.number, ("stopped", code)))
                return


def _stopped(code: int | None) -> str:
    return (f"a narrative scrubbing worker process stopped before it finished (exit code "
            f"{code}); nothing was published. Run again, or set [run] scrub_workers = 1 to "
            "scrub in the export's own process")


def _batches(texts: list[str]) -> list[list[str]]:
    batches: list[list[str]] = []
    size = BATCH_CHARS
    for text in texts:
        if size >= BATCH_CHARS:
            batches.append([])
            size = 0
        batches[-1].append(text)
        size += len(text)
    return batches
