"""Streaming writers, one per output format.

Each writer takes a chunk at a time, column by column (iaextract.chunks; or rows as
tuples in column order), so an export of any size writes in constant memory. Line
endings are explicit (CRLF for CSV, as RFC 4180 says; LF for JSON) so output is
byte-identical on Windows and Linux.
"""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Sequence
from itertools import repeat
from pathlib import Path
from typing import IO, Any

from iaextract.chunks import ColumnChunk
from iaextract.writers.columns import (
    FORMULA_STARTS,
    Chunk,
    cell,
    csv_fields,
    encode_json,
    encode_key,
    json_values,
    plain,
)

FORMATS = ("csv", "json", "ndjson")
#: About how many characters go to the file at once. A chunk's text made in one string
#: (megabytes) is memory the allocator maps and unmaps for every chunk: writing the
#: JSON of the 50k demo that way spent as much time in page faults as in encoding.
_PIECE = 1 << 18
__all__ = ["FORMATS", "FORMULA_STARTS", "WRITERS", "FormatSet", "cell", "plain"]


def _write_joined(file: IO[str], separator: str, texts: list[str], end: str) -> None:
    """``file.write(separator.join(texts) + end)``, written a piece at a time."""
    total = sum(map(len, texts)) + len(separator) * len(texts)
    step = max(1, len(texts) * _PIECE // max(total, 1))
    for start in range(0, len(texts), step):
        if start:
            file.write(separator)
        file.write(separator.join(texts[start:start + step]))
    file.write(end)


class RowWriter:
    """Base: opens ``path`` for writing; subclasses format rows."""

    extension = ""

    def __init__(self, path: Path, columns: Sequence[str], *, bom: bool = False) -> None:
        self.path = path
        self.columns = list(columns)
        self.rows = 0
        self._file: IO[str] = path.open("w", encoding="utf-8-sig" if bom else "utf-8",
                                        newline="")
        self.start()

    def start(self) -> None:
        """Write whatever comes before the first row."""

    def write_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        """Write one chunk of rows."""
        if rows:
            self.write_chunk(Chunk(ColumnChunk.of_rows(rows)))

    def write_chunk(self, chunk: Chunk) -> None:
        """Write one chunk of rows, given with its columns (shared by several writers)."""
        raise NotImplementedError

    def finish(self) -> None:
        """Write whatever comes after the last row."""

    def close(self) -> None:
        self.finish()
        self._file.flush()
        os.fsync(self._file.fileno())  # complete on disk before it can be published
        self._file.close()

    def abort(self) -> None:
        # Flushing the rest may fail again (a full disk); the file is discarded anyway.
        with contextlib.suppress(OSError):
            self._file.close()


class CsvWriter(RowWriter):
    """RFC 4180 CSV: header row, CRLF line ends, UTF-8 (BOM optional, for Excel); text
    starting with a formula character is prefixed with ``'``."""

    extension = "csv"

    def start(self) -> None:
        self._csv = csv.writer(self._file, lineterminator="\r\n")
        self._csv.writerow(self.columns)

    def write_chunk(self, chunk: Chunk) -> None:
        # Each column becomes its fields in a few C-level passes (columns.csv_fields);
        # the rows are then joined as csv.writer would. A one-column row of an empty
        # field is written '""' by csv.writer, and a value of an unknown type is written
        # by str(), so those chunks are left to csv.writer itself.
        if chunk.known and len(chunk.columns) > 1:
            fields = [csv_fields(chunk, index) for index in range(len(chunk.columns))]
            _write_joined(self._file, "\r\n", list(map(",".join, zip(*fields, strict=True))),
                          "\r\n")
        else:
            self._csv.writerows([list(map(cell, row)) for row in chunk.rows])
        self.rows += chunk.count


class NdjsonWriter(RowWriter):
    """One JSON object per line (LF)."""

    extension = "ndjson"

    def encode(self, chunk: Chunk) -> list[str]:
        """The rows as JSON objects, one string each (shared by JSON and NDJSON): the
        text json.dumps(dict(zip(columns, row)), ensure_ascii=False) gives a row."""
        if (not chunk.known or len(chunk.columns) != len(self.columns)
                or len(set(self.columns)) != len(self.columns) or not self.columns):
            # A dict keeps one value of a repeated name: json.dumps of the dict is the rule.
            return [encode_json(dict(zip(self.columns, row, strict=True)))
                    for row in chunk.rows]
        # Each row is the pieces of the object in turn: '{"id": ' (a quote more when the
        # column is plain text, see json_values), the value, '", "name": ' and so on.
        pieces: list[Any] = []
        quote = False
        for index, name in enumerate(self.columns):
            values, quoted = json_values(chunk, index)
            pieces += [repeat(('"' if quote else "") + (", " if index else "{")
                              + encode_key(name) + ": " + ('"' if quoted else "")), values]
            quote = quoted
        pieces.append(repeat(('"' if quote else "") + "}"))
        return list(map("".join, zip(*pieces, strict=False)))  # repeat() never ends

    def write_chunk(self, chunk: Chunk) -> None:
        self.write_encoded(self.encode(chunk))

    def write_encoded(self, objects: list[str]) -> None:
        """Write rows :meth:`encode` made (of a writer with the same columns)."""
        if objects:
            _write_joined(self._file, "\n", objects, "\n")
            self.rows += len(objects)


class JsonWriter(NdjsonWriter):
    """A JSON array of objects, written incrementally."""

    extension = "json"

    def start(self) -> None:
        self._file.write("[")

    def write_encoded(self, objects: list[str]) -> None:
        if objects:
            self._file.write("\n" if self.rows == 0 else ",\n")
            _write_joined(self._file, ",\n", objects, "")
            self.rows += len(objects)

    def finish(self) -> None:
        self._file.write("\n]\n" if self.rows else "]\n")


# Public names for the merge, which must read values back exactly as writers wrote them.

WRITERS: dict[str, type[RowWriter]] = {w.extension: w for w in (CsvWriter, JsonWriter,
                                                                 NdjsonWriter)}


class FormatSet:
    """The writers of one dataset's rows in several formats, under one folder."""

    def __init__(self, folder: Path, relative: str, name: str, formats: Sequence[str],
                 columns: Sequence[str], *, csv_bom: bool = False) -> None:
        self.files: list[str] = []
        self.writers: list[RowWriter] = []
        try:
            for fmt in formats:
                file = f"{relative}/{name}.{fmt}" if relative else f"{name}.{fmt}"
                (folder / file).parent.mkdir(parents=True, exist_ok=True)
                self.writers.append(WRITERS[fmt](folder / file, columns,
                                                 bom=csv_bom and fmt == "csv"))
                self.files.append(file)
        except BaseException:
            self.abort()
            raise

    def write_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        """Write one chunk given as rows (the incremental merge's)."""
        self.write(ColumnChunk.of_rows(rows))

    def write(self, published: ColumnChunk) -> None:
        """Write one chunk given column by column (as the redactor made it)."""
        if not published.rows:
            return
        chunk = Chunk(published)  # the columns' types and scans, made once for every format
        encoded = None  # JSON and NDJSON hold the same objects: encoded once
        for writer in self.writers:
            if isinstance(writer, NdjsonWriter):
                encoded = writer.encode(chunk) if encoded is None else encoded
                writer.write_encoded(encoded)
            else:
                writer.write_chunk(chunk)

    def close(self) -> None:
        for writer in self.writers:
            writer.close()

    def abort(self) -> None:
        for writer in self.writers:
            writer.abort()
