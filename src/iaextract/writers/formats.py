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
from collections.abc import Sequence
from datetime import date, datetime
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
        # Most cells are text or empty, which the csv module writes as they are (None
        # as ""); converting only the others (and text that reads as a formula) keeps
        # the per-cell work to a type check.
        self._csv.writerows([v if v is None or (type(v) is str and not v.startswith(
            FORMULA_STARTS)) else cell(v) for v in row] for row in rows)
        self.rows += len(rows)


class NdjsonWriter(RowWriter):
    """One JSON object per line (LF)."""

    extension = "ndjson"

    def _encode(self, row: Sequence[Any]) -> str:
        record = dict(zip(self.columns, map(plain, row), strict=True))
        return json.dumps(record, ensure_ascii=False)

    def write_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        for row in rows:
            self._file.write(self._encode(row) + "\n")
            self.rows += 1


class JsonWriter(NdjsonWriter):
    """A JSON array of objects, written incrementally."""

    extension = "json"

    def start(self) -> None:
        self._file.write("[")

    def write_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        for row in rows:
            self._file.write(("\n" if self.rows == 0 else ",\n") + self._encode(row))
            self.rows += 1

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
        for writer in self.writers:
            writer.write_rows(rows)

    def close(self) -> None:
        for writer in self.writers:
            writer.close()

    def abort(self) -> None:
        for writer in self.writers:
            writer.abort()
