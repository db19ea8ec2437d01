"""A pause point for the crash and concurrency tests; inert unless its variables are set.

``IAEXTRACT_TEST_PAUSE=<point>`` with ``IAEXTRACT_TEST_PAUSE_FILE=<path>`` makes a run
create ``path`` when it reaches ``point`` and wait while ``path`` exists (at most
five minutes), so a test can kill it, or start a second run, at a known moment.
Points: ``writing`` (first chunk of the first dataset read and redacted: written,
or kept for disclosure control; nothing published)
and ``publishing`` (publish journal written, first file moved into place).

``IAEXTRACT_TEST_FAIL=publish:<n>`` makes moving the n-th file (from 1) of a publish
fail with an I/O error, so the roll back can be tested at every file;
``IAEXTRACT_TEST_FAIL=scrub-worker:<n>`` makes each narrative scrubbing worker fail at
its n-th batch, and ``IAEXTRACT_TEST_CRASH=scrub-worker:<n>`` makes it die there (exit
code 70, nothing answered), as a process killed by the system would.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

PAUSE = "IAEXTRACT_TEST_PAUSE"
PAUSE_FILE = "IAEXTRACT_TEST_PAUSE_FILE"
FAIL = "IAEXTRACT_TEST_FAIL"
CRASH = "IAEXTRACT_TEST_CRASH"
_passed: set[str] = set()


def checkpoint(point: str) -> None:
    """Pause here if a test asked for ``point``; otherwise return at once."""
    if os.environ.get(PAUSE) != point or not os.environ.get(PAUSE_FILE) or point in _passed:
        return
    _passed.add(point)  # once per run
    flag = Path(os.environ[PAUSE_FILE])
    flag.touch()
    deadline = time.monotonic() + 300
    while flag.exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def fail_at(point: str, count: int) -> None:
    """Raise an I/O error if a test asked for ``point`` to fail at step ``count``."""
    if os.environ.get(FAIL) == f"{point}:{count}":
        raise OSError(errno.EIO, f"injected failure at {point} step {count}")


def crash_at(point: str, count: int) -> None:
    """End this process at once if a test asked for it to crash at ``point``, step
    ``count``."""
    if os.environ.get(CRASH) == f"{point}:{count}":
        os._exit(70)
