"""A private temporary SQLite copy of a source that is not a database server.

CSV dumps and Access files are copied into SQLite so joins, filters and ordering work
exactly as on a real database. The copy holds the source's personal data in plain
text, so only its owner may read it: the folder is created 0700 (``mkdtemp``), the
file 0600 before any row is written, and both are removed on ``close()`` and when
loading fails.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from iaextract.connectors.sql import SqlSource

#: Fills the SQLite file (first argument) using the private folder (second) for any
#: intermediate files; returns the rows loaded per table.
Loader = Callable[[Path, Path], dict[str, int]]


def private_file(path: Path) -> Path:
    """Create ``path`` empty, readable and writable by its owner only (0600 on POSIX)."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    return path


class ScratchCopySource(SqlSource):
    """A source read through a temporary SQLite copy that ``load`` fills; removed on close()."""

    def __init__(self, kind: str, load: Loader) -> None:
        self._scratch = Path(tempfile.mkdtemp(prefix=f"iaextract-{kind}-"))
        try:
            database = private_file(self._scratch / "tables.sqlite")
            self.row_counts = load(database, self._scratch)
            super().__init__(f"sqlite:///{database.as_posix()}", self._scratch)
        except BaseException:
            shutil.rmtree(self._scratch, ignore_errors=True)
            raise

    def close(self) -> None:
        super().close()
        # On Windows a file still open elsewhere cannot be removed; leave it to the OS.
        shutil.rmtree(self._scratch, ignore_errors=sys.platform == "win32")
