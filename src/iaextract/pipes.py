"""The child side of iaextract's helper processes (the leak scan process, scrubbing
workers): each is a fresh ``python -m`` interpreter that reads pickles from its stdin
and answers with pickles on its stdout."""

from __future__ import annotations

import os
import pickle
import sys
from typing import IO, Any


def claim_stdio() -> tuple[IO[bytes], IO[bytes]]:
    """The pipe from the parent and a private copy of the pipe back. Anything else that
    prints must not corrupt the answers: stdout becomes stderr, or nothing where there
    is no stderr (a windowless pythonw under Task Scheduler)."""
    inbox = sys.stdin.buffer
    outbox = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    quiet = sys.stderr if sys.stderr is not None else open(os.devnull, "w")  # noqa: SIM115
    os.dup2(quiet.fileno(), sys.stdout.fileno())
    sys.stdout = quiet
    return inbox, outbox


def answer(outbox: IO[bytes], message: tuple[Any, ...]) -> None:
    """Send ``message`` whole (pickled first, so a failure sends nothing); a parent that
    is gone is no error."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        outbox.write(data)
        outbox.flush()
    except OSError:
        pass
