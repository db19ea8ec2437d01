"""Merging a new batch into a dataset's complete current file, by primary key.

The rows of the previous current file and of the batch go into a temporary SQLite
file keyed by the primary key (a pseudonym, stable for a given key), so memory stays
flat: disk use is bounded by the size of the current file. A batch row whose key is
new is appended; one whose key exists replaces it in place (a record updated in the
source appears once, in its new state); one identical to the published row changes
nothing. Replaying rows already merged is therefore harmless.

Rows are compared in the value domain of the file they are read back from: JSON
values when a JSON format is kept, CSV cell text when CSV is the only format.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iaextract.writers.formats import cell, plain

# One encoder for every row: json.dumps with options builds a new one per call.
_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

#: Formats the previous rows are read back from, most faithful first.
READ_ORDER = ("ndjson", "json", "csv")


@dataclass
class MergeCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    without_key: int = 0


class CurrentStore:
    """The current rows of one dataset, keyed by primary key, in a temporary SQLite file."""

    def __init__(self, path: Path, columns: Sequence[str], key: Sequence[str],
                 text_only: bool) -> None:
        self.path = path
        self.columns = list(columns)
        self._key = [self.columns.index(k) for k in key]
        self._value = (lambda v: str(cell(v))) if text_only else plain
        path.unlink(missing_ok=True)
        self._db = sqlite3.connect(path)
        # A scratch file: durability does not matter, a crash discards it with the staging.
        self._db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                               "CREATE TABLE rows (key TEXT PRIMARY KEY, seq INTEGER NOT NULL,"
                               " data TEXT NOT NULL); CREATE INDEX rows_seq ON rows (seq);")
        self._seq = 0
        self.counts = MergeCounts()

    def _encode(self, row: Sequence[Any]) -> tuple[str | None, str]:
        values = [self._value(v) for v in row]
        keys = [values[i] for i in self._key]
        key = None if any(k in (None, "") for k in keys) else _encode_json(keys)
        return key, _encode_json(values)

    def load(self, rows: Iterator[list[Any]]) -> None:
        """Fill the store with the previous current rows, in their published order."""
        insert = "INSERT OR REPLACE INTO rows VALUES (?, ?, ?)"
        pending: list[tuple[str, int, str]] = []
        with self._db:
            for row in rows:
                key, data = self._encode(row)
                self._seq += 1
                pending.append((key if key is not None else f"#{self._seq}", self._seq, data))
                if len(pending) >= 5000:
                    self._db.executemany(insert, pending)
                    pending.clear()
            self._db.executemany(insert, pending)

    def merge(self, rows: Sequence[Sequence[Any]]) -> list[Sequence[Any]]:
        """Upsert a chunk of batch rows; return those that changed the current rows."""
        changed = []
        counts = self.counts
        with self._db:
            for row in rows:
                key, data = self._encode(row)
                if key is None:
                    counts.without_key += 1
                    continue
                found = self._db.execute("SELECT data FROM rows WHERE key = ?",
                                         (key,)).fetchone()
                if found is None:
                    self._seq += 1
                    self._db.execute("INSERT INTO rows VALUES (?, ?, ?)", (key, self._seq, data))
                    counts.new += 1
                elif found[0] != data:
                    self._db.execute("UPDATE rows SET data = ? WHERE key = ?", (data, key))
                    counts.updated += 1
                else:
                    counts.unchanged += 1
                    continue
                changed.append(row)
        return changed

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM rows").fetchone()[0])

    def chunks(self, size: int) -> Iterator[list[list[Any]]]:
        """Every current row in published order, ``size`` rows at a time."""
        cursor = self._db.execute("SELECT data FROM rows ORDER BY seq")
        while batch := cursor.fetchmany(size):
            yield [json.loads(data) for (data,) in batch]

    def close(self) -> None:
        self._db.close()
        self.path.unlink(missing_ok=True)


def read_format(formats: Sequence[str]) -> str:
    """Which of ``formats`` the previous rows are read back from."""
    return next(f for f in READ_ORDER if f in formats)


def read_current(path: Path, fmt: str, columns: Sequence[str]) -> Iterator[list[Any]]:
    """The rows of a published current file, as value lists in ``columns`` order.

    Raises ValueError when the file's columns are not ``columns``.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        if fmt == "csv":
            reader = csv.reader(handle)
            if next(reader, None) != list(columns):
                raise ValueError("columns differ")
            yield from reader
            return
        for line in handle:
            text = line.strip().rstrip(",") if fmt == "json" else line.strip()
            if text in ("", "[", "]", "[]"):
                continue
            record = json.loads(text)
            if list(record) != list(columns):
                raise ValueError("columns differ")
            yield list(record.values())
