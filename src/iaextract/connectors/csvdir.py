"""A folder of CSV files as a source: one file per table (``Incidents.csv`` → Incidents).

For agencies that can only hand over dumps. Each file is streamed into a
temporary on-disk SQLite database, so joins, filters and ordering work exactly as
on a real database and memory stays flat however large the files are. CSV holds
only text: a column whose every value is a whole number (without leading zeros,
which codes and badge numbers keep) becomes INTEGER, one of decimal numbers REAL,
anything else TEXT; an empty cell is NULL. Dates stay text — the pipeline parses
text dates everywhere. The folder itself is never written to.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

from iaextract.connectors.decoding import FIX, undecodable
from iaextract.connectors.scratch import ScratchCopySource, missing_source
from iaextract.errors import ConnectorError, Problem, SourceDataError

PREFIX = "csv:"
_INTEGER = re.compile(r"-?(0|[1-9]\d{0,17})")
_REAL = re.compile(r"-?(0|[1-9]\d*)\.\d+")
_LOAD_CHUNK = 5000


def folder_of(url: str, base_dir: Path) -> Path | None:
    """The folder a ``csv:PATH`` URL (or a plain folder path) names, else None."""
    if url.startswith(PREFIX):
        text = url[len(PREFIX):].strip()
    elif "://" in url or url.startswith("odbc:"):
        return None
    else:
        text = url
    path = Path(text).expanduser()
    path = path if path.is_absolute() else base_dir / path
    return path if url.startswith(PREFIX) or path.is_dir() else None


def _rows(path: Path) -> Iterator[list[str]]:
    # utf-8-sig: Excel writes a byte-order mark that must not end up in the first header.
    # surrogateescape: a bad byte is found and located by _infer_types, never quoted.
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        yield from csv.reader(handle)


def _column_type(current: str, value: str) -> str:
    if current == "TEXT" or not value:
        return current
    if _INTEGER.fullmatch(value):
        return "INTEGER" if current in ("EMPTY", "INTEGER") else current
    return "REAL" if _REAL.fullmatch(value) else "TEXT"


def infer_types(path: Path) -> tuple[list[str], list[str]]:
    """Header and column types of one CSV file, from a pass over every row."""
    try:
        return _infer_types(path)
    except csv.Error as exc:
        raise ConnectorError(f"{path}: not readable as CSV: {exc}") from None


def _infer_types(path: Path) -> tuple[list[str], list[str]]:
    rows = _rows(path)
    header = [h.strip() for h in next(rows, [])]
    _check_header(path, header)
    types = ["EMPTY"] * len(header)  # no value seen yet
    undecided = list(range(len(header)))  # TEXT is final: those columns need no more looks
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise ConnectorError(f"{path}:{number}: {len(row)} fields, the header has "
                                 f"{len(header)}")
        if undecodable("".join(row)):  # one check a row; the column only when needed
            column = header[next(i for i, v in enumerate(row) if undecodable(v))]
            raise SourceDataError(f"{path}: column {column}, row {number:,} (the header is "
                                  "row 1): the text is not valid UTF-8 (save the file as "
                                  f"\"CSV UTF-8\", or {FIX})")
        for i in undecided:
            types[i] = _column_type(types[i], row[i].strip())
        if "TEXT" in (types[i] for i in undecided):
            undecided = [i for i in undecided if types[i] != "TEXT"]
    return header, ["TEXT" if t == "EMPTY" else t for t in types]


def _check_header(path: Path, header: list[str]) -> None:
    if not header:
        raise ConnectorError(f"{path} is empty: a table file needs a header row")
    lowered = [h.lower() for h in header]
    bad = [f"column {i + 1} has no name" for i, h in enumerate(header) if not h]
    bad += [f"the name of column {i + 1} is not valid UTF-8" for i, h in enumerate(header)
            if undecodable(h)]
    bad += [f"{h!r} appears twice" for i, h in enumerate(header) if h and
            h.lower() in lowered[:i]]
    if bad:
        raise ConnectorError(f"{path}:1: the header row is not usable: {'; '.join(bad)}")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def load_csv_folder(folder: Path, database: Path) -> dict[str, int]:
    """Load every ``*.csv`` of ``folder`` into the SQLite file ``database``; rows per table."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
    if not files:
        raise ConnectorError(f"{folder} holds no .csv files",
                             [Problem("missing-source", "a CSV source is a folder with one "
                                      "file per table, e.g. Incidents.csv", str(folder))])
    return load_csv_files(((path, path.stem) for path in files), database)


def load_csv_files(files: Iterable[tuple[Path, str]], database: Path) -> dict[str, int]:
    """Load each CSV file into the SQLite table named beside it; rows per table.

    Column types are inferred from the values (see the module's docstring)."""
    counts = {}
    with sqlite3.connect(database) as db:
        # A scratch copy: if loading fails it is thrown away, so no journal or fsync.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        for path, table in files:
            counts[table] = _load_table(db, path, table)
    return counts


def _load_table(db: sqlite3.Connection, path: Path, table: str) -> int:
    header, types = infer_types(path)
    columns = ", ".join(f"{_quote(h)} {t}" for h, t in zip(header, types, strict=True))
    db.execute(f"CREATE TABLE {_quote(table)} ({columns})")
    insert = f"INSERT INTO {_quote(table)} VALUES ({', '.join('?' * len(header))})"
    rows = islice(_rows(path), 1, None)
    count = 0
    convert = [_CONVERTERS[t] for t in types]
    while chunk := list(islice(rows, _LOAD_CHUNK)):
        db.executemany(insert, [[f(v) for f, v in zip(convert, row, strict=True)]
                                for row in chunk])
        count += len(chunk)
    return count


# An empty or blank cell is NULL; numbers are parsed (int() and float() allow spaces).
_CONVERTERS: dict[str, Callable[[str], str | int | float | None]] = {
    "INTEGER": lambda v: int(v) if v.strip() else None,
    "REAL": lambda v: float(v) if v.strip() else None,
    "TEXT": lambda v: v if v.strip() else None,
}


class CsvFolderSource(ScratchCopySource):
    """A folder of CSV files, read through a private temporary SQLite copy (see scratch)."""

    def __init__(self, folder: Path) -> None:
        if not folder.is_dir():
            raise missing_source("CSV folder", folder)
        self.folder = folder
        super().__init__("csv", lambda database, _scratch: load_csv_folder(folder, database))
        self.display_url = PREFIX + str(folder)
