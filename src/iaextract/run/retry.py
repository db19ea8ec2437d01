"""Retrying transient source failures with exponential backoff.

What is retried: opening the source, reading its tables, and starting to read a
dataset (up to its first chunk of rows). What is not: a failure after rows of a
dataset were read. Retrying there could hand rows twice to the writers, so the run
fails instead (exit 1), nothing is published, and the next scheduled run starts
again from the same watermark. A missing driver, an invalid URL and a query the source
rejects (a SQL error, not a lost connection) are not transient and are not retried.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from iaextract.errors import ConnectorError
from iaextract.run.runlog import NoEvents, RunEvents

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """``retries`` further attempts after the first, waiting ``delay`` seconds, doubling."""

    retries: int = 3
    delay: float = 5.0

    def waits(self) -> list[float]:
        return [self.delay * 2 ** i for i in range(self.retries)]


SOURCE_ADVICE = ("check that the source is up and reachable from here; [run] retries and "
                 "retry_delay set how long to keep trying")


def call_with_retry(action: Callable[[], T], policy: RetryPolicy, doing: str,
                    events: RunEvents | None = None, *, advice: str = SOURCE_ADVICE) -> T:
    """``action()``, retried on ConnectorError; after the last attempt, a plain ConnectorError.

    ``advice`` ends the final message: what to check (the source, a publish target).
    """
    events = events or NoEvents()
    attempts = policy.retries + 1
    for attempt, wait in enumerate([*policy.waits(), None], start=1):
        try:
            return action()
        except ConnectorError as exc:
            if not exc.transient:
                raise  # a missing driver or a query the source rejects: no attempt helps
            if wait is None:
                raise ConnectorError(f"{doing} failed {attempts} times, giving up: "
                                     f"{exc.message} ({advice})", exc.problems) from None
            events.event("retry", f"{doing} failed (attempt {attempt} of {attempts}): "
                         f"{exc.message}; retrying in {wait:g}s", level="warning",
                         attempt=attempt)
            time.sleep(wait)
    raise AssertionError("unreachable")  # the loop returns or raises


def stream_with_retry(start: Callable[[], Iterator[T]], policy: RetryPolicy, doing: str,
                      events: RunEvents | None = None) -> Iterator[T]:
    """Chunks of ``start()``; retried until the first chunk arrives, never after."""

    def first() -> tuple[T | None, Iterator[T]]:
        chunks = start()
        for head in chunks:
            return head, chunks
        return None, chunks

    head, rest = call_with_retry(first, policy, doing, events)
    if head is None:
        return
    yield head
    yield from rest
