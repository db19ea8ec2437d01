"""A private temporary SQLite copy of a source that is not a database server.

CSV dumps and Access files are copied into SQLite so joins, filters and ordering work
exactly as on a real database. The copy holds the source's personal data in plain
text, so it must not outlive the run nor be readable by anyone else:

* the folder is created 0700 (``mkdtemp``), its files 0600 before any row is written;
* it is removed on ``close()``, when loading fails, and at interpreter exit
  (``atexit``) should a caller forget: every exit Python sees (return, exception,
  Ctrl-C, ``sys.exit``, and under the command line SIGTERM: see
  :mod:`iaextract.cli.stopping`) cleans up;
* a process killed outright (``kill -9``, power cut) cannot clean up, so each folder
  holds an OS lock (:mod:`filelock`) for its lifetime, and the next copy made removes
  every ``iaextract-*`` folder of this user whose lock nobody holds (the OS released it
  when its holder died).
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock, Timeout

from iaextract.connectors.sql import SqlSource
from iaextract.errors import ConnectorError, Problem

#: Fills the SQLite file (first argument) using the private folder (second) for any
#: intermediate files; returns the rows loaded per table.
Loader = Callable[[Path, Path], dict[str, int]]
PREFIX = "iaextract-"
LOCK_NAME = ".in-use.lock"
#: A folder younger than this is never taken for stale: its maker may not have locked
#: it yet.
GRACE_SECONDS = 60.0


def missing_source(what: str, path: Path) -> ConnectorError:
    """The error for a source file or folder that is not there (``what``: its kind)."""
    return ConnectorError(f"{what} {path} does not exist",
                          [Problem("missing-source", "check [source] url in the config; "
                                   "relative paths start at the config file's folder",
                                   str(path))])


def private_file(path: Path) -> Path:
    """Create ``path`` empty, readable and writable by its owner only (0600 on POSIX)."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    return path


class ScratchFolder:
    """An owner-only temporary folder, locked while in use, removed on remove() or exit."""

    def __init__(self, kind: str) -> None:
        remove_stale()
        self.path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{kind}-"))
        self._lock = FileLock(str(self.path / LOCK_NAME), timeout=0)
        self._lock.acquire()
        atexit.register(self.remove)

    def remove(self) -> None:
        """Delete the folder and everything in it (idempotent)."""
        atexit.unregister(self.remove)
        self._lock.release()
        # On Windows a file still open elsewhere cannot be removed; the next run will.
        shutil.rmtree(self.path, ignore_errors=sys.platform == "win32")


def remove_stale() -> list[Path]:
    """Remove this user's scratch folders whose process is gone; the folders removed."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            info = folder.stat()
        except OSError:
            continue  # removed meanwhile
        mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        fresh = time.time() - info.st_mtime < GRACE_SECONDS
        if not folder.is_dir() or not mine or fresh or not (folder / LOCK_NAME).is_file() \
                and not _is_scratch(folder):
            continue
        lock = FileLock(str(folder / LOCK_NAME), timeout=0)
        try:
            lock.acquire()
        except (Timeout, OSError):
            continue  # in use by a running process (or not ours to lock)
        lock.release()
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _is_scratch(folder: Path) -> bool:
    # A copy made before copies were locked: the SQLite file is its mark.
    return (folder / "tables.sqlite").exists()


class ScratchCopySource(SqlSource):
    """A source read through a temporary SQLite copy that ``load`` fills; removed on close()."""

    def __init__(self, kind: str, load: Loader) -> None:
        self._scratch = ScratchFolder(kind)
        try:
            database = private_file(self._scratch.path / "tables.sqlite")
            self.row_counts = load(database, self._scratch.path)
            super().__init__(f"sqlite:///{database.as_posix()}", self._scratch.path)
        except BaseException:
            self._scratch.remove()
            raise

    def close(self) -> None:
        super().close()
        self._scratch.remove()
