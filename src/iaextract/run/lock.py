"""One run at a time per output folder.

The lock is ``DIR/.iaextract.run.lock``, held with :mod:`filelock` (an OS lock on Linux,
macOS and Windows alike), so the operating system releases it when the holding
process dies, however it dies. Beside it, ``DIR/.iaextract.run.lock.json`` says who holds
it (pid, host, start time, run id) so a second run can name the running one. A
sidecar left behind while nobody holds the lock is the trace of a killed run: the
lock is *stale*, and the new run takes it over and says so in the log.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any

from filelock import FileLock, Timeout

from iaextract.errors import LockHeld, WriterError
from iaextract.run.runlog import NoEvents, RunEvents
from iaextract.writers.atomic import make_output_folder, write_atomic

LOCK_NAME = ".iaextract.run.lock"
HOLDER_NAME = ".iaextract.run.lock.json"


def describe_holder(holder: dict[str, Any] | None) -> str:
    """'pid 123 on host h, started 2024-01-01T00:00:00Z (run R)', or a fallback."""
    if not holder:
        return "a run whose details are not readable"
    return (f"pid {holder.get('pid')} on host {holder.get('host')}, started "
            f"{holder.get('started')} (run {holder.get('run_id')})")


class RunLock:
    """Hold the lock of ``out_dir`` for one run; a context manager.

    Entering raises :class:`LockHeld` (exit 75) at once when another process holds
    it; it never waits.
    """

    def __init__(self, out_dir: Path, run_id: str, events: RunEvents | None = None) -> None:
        self.out_dir = out_dir
        self.run_id = run_id
        self.events = events or NoEvents()
        self.path = out_dir / LOCK_NAME
        self.holder_path = out_dir / HOLDER_NAME
        self.taken_over: dict[str, Any] | None = None
        self._lock = FileLock(str(self.path), timeout=0)

    def __enter__(self) -> RunLock:
        make_output_folder(self.out_dir)
        try:
            self._lock.acquire()
        except Timeout:
            raise LockHeld(f"another export is running on {self.out_dir}: "
                           f"{describe_holder(self._read_holder())}; this run changed "
                           f"nothing (lock file {self.path})") from None
        except OSError as exc:
            raise WriterError(f"cannot lock the output folder {self.out_dir}: "
                              f"{exc.strerror}") from None
        try:
            self._take()
        except BaseException:
            self._lock.release()
            raise
        return self

    def _take(self) -> None:
        self.taken_over = self._read_holder()
        if self.taken_over is not None:
            self.events.event("lock_taken_over", "took over a stale lock left by "
                              f"{describe_holder(self.taken_over)}, which did not finish",
                              level="warning", previous=self.taken_over)
        holder = {"pid": os.getpid(), "host": socket.gethostname(), "run_id": self.run_id,
                  "started": datetime.now(timezone.utc).isoformat(timespec="seconds")
                  .replace("+00:00", "Z")}
        try:
            write_atomic(self.holder_path, json.dumps(holder))
        except OSError as exc:
            raise WriterError(f"cannot write {self.holder_path}: {exc.strerror}") from None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self.holder_path.unlink(missing_ok=True)
        finally:
            self._lock.release()

    def _read_holder(self) -> dict[str, Any] | None:
        try:
            holder = json.loads(self.holder_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None if not self.holder_path.exists() else {}
        return holder if isinstance(holder, dict) else {}
