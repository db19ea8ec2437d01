"""A private temporary file holding one dataset's published rows between two passes.

Disclosure control must count every published row before it writes the first one.
Reading the source a second time for that (fetch, build and redact again) cost about as
much as the write itself; instead the one read's rows are kept here, as the redactor
published them, and written from here once the plan is made.

A chunk is kept column by column (a list of columns, pickled): disclosure control
counts and generalises columns, so it reads them as they are kept, and a column of
values pickles and loads faster than the same values as rows (loading made a tuple per
row, which the plan's generalisation then took apart again).

What the file holds is already redacted and pseudonymised, but not yet generalised by
disclosure control: finer than what is published, so it must not outlive the run nor
land where anything is published. It is an anonymous temporary file in the system's
temporary folder (``TMPDIR``), owner-only: on Linux it never has a name at all
(``O_TMPFILE``), elsewhere its name is removed as it is created (POSIX) or the OS
deletes it when the last handle closes (Windows), so even a process killed outright
leaves nothing behind. It is closed on every exit (``with``).
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from types import TracebackType
from typing import IO

from iaextract.chunks import ColumnChunk
from iaextract.errors import WriterError, os_reason


class RowSpool:
    """Chunks of rows (column by column) written once, then read back once, in order."""

    def __init__(self, dataset: str) -> None:
        self.dataset = dataset
        self.rows = 0
        self._sizes: list[int] = []  # rows of each chunk written
        try:
            self._file: IO[bytes] = tempfile.TemporaryFile(  # noqa: SIM115 - closed by close()
                prefix="iaextract-rows-")
        except OSError as exc:
            raise self._error(exc) from None

    def write(self, chunk: ColumnChunk) -> None:
        """Keep one chunk (its columns pickled: the values come back with their types)."""
        try:
            pickle.dump(chunk.columns, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError as exc:
            raise self._error(exc) from None
        self.rows += chunk.rows
        self._sizes.append(chunk.rows)

    def chunks(self) -> Iterator[ColumnChunk]:
        """The chunks written, in order."""
        try:
            self._file.seek(0)
            for rows in self._sizes:
                yield ColumnChunk(pickle.load(self._file), rows)
        except OSError as exc:
            raise self._error(exc) from None

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> RowSpool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def _error(self, exc: OSError) -> WriterError:
        return WriterError(f"keeping {self.dataset}'s rows in the temporary folder "
                           f"{tempfile.gettempdir()} failed: {os_reason(exc)}; nothing was "
                           "published (set TMPDIR to a folder with room)")
