"""Streaming writers, one per output format.

Each writer takes rows as tuples in column order, a chunk at a time, so an export
of any size writes in constant memory. Line endings are explicit (CRLF for CSV,
as RFC 4180 says; LF for JSON) so output is byte-identical on Windows and Linux.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
from collections.abc import Callable, Sequence
from datetime import date, datetime
from operator import methodcaller
from pathlib import Path
from typing import IO, Any

FORMATS = ("csv", "json", "ndjson")
#: What makes a spreadsheet read a CSV cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def plain(value: Any) -> Any:
    """A value as JSON writes it: dates as ISO text, the rest as they are."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def cell(value: Any) -> Any:
    """A value as CSV writes it (and the preview shows it): empty for none,
    booleans as true/false, dates as ISO text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # A leading apostrophe makes Excel and LibreOffice show the text instead of
        # running it (=HYPERLINK(...)). Only text: a number such as -5 is a number.
        return "'" + value
    return plain(value)


#: Types the csv module writes as cell() does when given the value itself.
_CSV_AS_IS = frozenset({str, int, float, date, type(None)})
_is_formula = methodcaller("startswith", FORMULA_STARTS)
_FLAGS = frozenset({bool, type(None)})
_FLAG_CELLS = {value: cell(value) for value in (True, False, None)}


def _csv_cells(column: Sequence[Any]) -> Sequence[Any]:
    """``column`` itself when the csv module writes each of its values as cell() would,
    else the cells of its values."""
    types = set(map(type, column))
    if types <= _CSV_AS_IS:
        texts = filter(None, column) if types <= {str, type(None)} else \
            [v for v in column if type(v) is str]
        if not any(map(_is_formula, texts)):
            return column
    elif types <= _FLAGS:  # a column of flags: mapped in C
        return list(map(_FLAG_CELLS.__getitem__, column))
    return [cell(v) for v in column]


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

    def write_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        # Most columns hold only text, empties, numbers and dates, which the csv module
        # writes exactly as cell() would (None as "", a date as its ISO text). Such a
        # column is found by C-level passes over it; only the other columns (booleans,
        # datetimes, text that reads as a formula) are converted cell by cell.
        if rows:
            columns = list(zip(*rows, strict=True))
            converted = [_csv_cells(column) for column in columns]
            if any(c is not column for c, column in zip(converted, columns, strict=True)):
                rows = list(zip(*converted, strict=True))
        self._csv.writerows(rows)
        self.rows += len(rows)


def _iso(value: Any) -> Any:
    # The encoder's hook for what JSON has no type for: dates as plain() writes them.
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"a {type(value).__name__} cannot be written as JSON")


def _object_encoder() -> Callable[[dict[str, Any]], str]:
    """``json.dumps(record, ensure_ascii=False)`` with dates as ISO text, built once.

    json.dumps builds a new encoder on every call; the C encoder it builds is made here
    once instead (the same function, so the same bytes), or, without the C accelerator,
    the equivalent pure-Python encoder.
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return json.JSONEncoder(ensure_ascii=False, default=_iso).encode
    encode = make(None, _iso, json.encoder.encode_basestring, None, ": ", ", ", False,
                  False, True)
    return lambda record: "".join(encode(record, 0))


class NdjsonWriter(RowWriter):
    """One JSON object per line (LF)."""

    extension = "ndjson"
    _encode_object = staticmethod(_object_encoder())

    def encode(self, rows: Sequence[Sequence[Any]]) -> list[str]:
        """The rows as JSON objects, one string each (shared by JSON and NDJSON)."""
        columns, encode = self.columns, self._encode_object
        return [encode(dict(zip(columns, row, strict=True))) for row in rows]

    def write_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        self.write_encoded(self.encode(rows))

    def write_encoded(self, objects: list[str]) -> None:
        """Write rows :meth:`encode` made (of a writer with the same columns)."""
        if objects:
            self._file.write("\n".join(objects) + "\n")
            self.rows += len(objects)


class JsonWriter(NdjsonWriter):
    """A JSON array of objects, written incrementally."""

    extension = "json"

    def start(self) -> None:
        self._file.write("[")

    def write_encoded(self, objects: list[str]) -> None:
        if objects:
            self._file.write(("\n" if self.rows == 0 else ",\n") + ",\n".join(objects))
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
        encoded = None  # JSON and NDJSON hold the same objects: encoded once
        for writer in self.writers:
            if isinstance(writer, NdjsonWriter):
                encoded = writer.encode(rows) if encoded is None else encoded
                writer.write_encoded(encoded)
            else:
                writer.write_rows(rows)

    def close(self) -> None:
        for writer in self.writers:
            writer.close()

    def abort(self) -> None:
        for writer in self.writers:
            writer.abort()
