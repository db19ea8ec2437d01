"""A narrative scrubbing worker: ``python -m iaextract.scrub.worker`` (see :mod:`.pool`).

It reads pickles from its stdin: first a :class:`WorkerSetup`, from which it builds the
export's scrubber (answering ``("ready",)``), then batches of texts, each answered with
``("done", [(scrubbed text, placeholder counts), ...])``. Any failure is answered
``("error", exception)`` for the export to raise as its own; an exception that is not
iaextract's own is replaced by one naming only its type, as its message may quote a
narrative. It ends when its stdin closes (the export ended, or died).
"""

from __future__ import annotations

import itertools
import pickle
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from iaextract import testhooks
from iaextract.errors import IaextractError, ScrubFailed
from iaextract.pipes import answer, claim_stdio
from iaextract.scrub.narrative import NarrativeScrub, ScrubKnowledge, assemble


@dataclass(frozen=True)
class WorkerSetup:
    """What a worker builds its scrubber from (picklable; no key)."""

    knowledge: ScrubKnowledge
    key_file: Path | None = None  # keyed labels only: where the worker loads the key
    key_env: str | None = None
    fingerprint: str | None = None  # the export's key, which the worker's must match
    ner_model: str | None = None
    base_dir: Path | None = None


def build(setup: WorkerSetup) -> NarrativeScrub:
    """The export's scrubber, built again from ``setup``."""
    pseudonymizer = None
    if setup.fingerprint is not None:
        from iaextract.redaction.pseudonym import Pseudonymizer, load_key

        pseudonymizer = Pseudonymizer(load_key(setup.key_file, setup.key_env))
        if pseudonymizer.fingerprint != setup.fingerprint:
            raise ScrubFailed("the pseudonym key changed while the export ran; nothing was "
                              "published. Run again")
    ner = None
    if setup.ner_model:
        from iaextract.scrub.ner import load_ner

        ner = load_ner(setup.ner_model, setup.base_dir)
    return assemble(setup.knowledge, pseudonymizer, ner)


def serve(inbox: IO[bytes], outbox: IO[bytes]) -> None:
    """Build the scrubber, then scrub each batch sent, until ``inbox`` closes."""
    try:
        scrub = build(pickle.load(inbox))
        answer(outbox, ("ready",))
        for count in itertools.count(1):
            batch = pickle.load(inbox)
            testhooks.fail_at("scrub-worker", count)
            testhooks.crash_at("scrub-worker", count)
            answer(outbox, ("done", [(text, dict(found))
                                      for text, found in scrub.scrub_many(batch)]))
    except EOFError:
        return  # the export ended or died: nothing left to do
    except Exception as exc:  # noqa: BLE001 - every failure is the export's to report
        answer(outbox, ("error", _plain(exc)))


def _plain(exc: BaseException) -> BaseException:
    """``exc`` if it is one of iaextract's own (its message says what to fix and quotes
    no data), else a stand-in naming only its type."""
    if isinstance(exc, IaextractError):
        try:
            return pickle.loads(pickle.dumps(exc))  # type: ignore[no-any-return]
        except Exception:  # noqa: BLE001 - some exceptions pickle but cannot be rebuilt
            pass
    return ScrubFailed(f"{type(exc).__name__} in a narrative scrubbing worker; nothing was "
                       "published. Run again with [run] scrub_workers = 1 to see where")



def main() -> None:
    """Entry point: the protocol on stdin and stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the export's to handle
    inbox, outbox = claim_stdio()
    serve(inbox, outbox)


if __name__ == "__main__":
    main()
