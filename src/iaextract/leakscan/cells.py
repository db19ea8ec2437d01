"""What the leak scan reads from a file: cells (row, field, text), or columns of a batch
of records.

A dataset's CSV is read as columns of rows; its JSON and NDJSON (written one record a
line) as columns too, a batch of records parsed in one call, whenever the batch is flat
records of the same fields; anything else (a nested value, a line that is not one
record) as cells, exactly as a line-by-line reading gives them. Other files are read as
cells: the keys and strings of a JSON document, or lines of text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, islice
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from iaextract.leakscan.tokens import PSEUDONYM_LINES
from iaextract.redaction.pseudonym import Pseudonymizer

RECORD_BATCH = 2048  # records of a JSON or NDJSON file checked together
_NOT_RECORDS = ("[", "]", "[]", "")
_TEXT = frozenset({str, type(None)})
_FLAT = _TEXT | {int, float, bool}
Cell = tuple[int, str, str]  # (row or line, field, text)
_PSEUDONYM_LENGTH = Pseudonymizer.LENGTH


@dataclass
class Columns:
    """A batch of flat records as columns: ``columns[i]`` holds field ``fields[i]`` of
    each record, as the text the scan checks (None for null), from row ``first``."""

    first: int
    fields: list[str]
    columns: list[list[str | None]]


class ListColumn:
    """One column of a batch held as Python values: its distinct values, and the rows
    holding a value (as :class:`~iaextract.leakscan.arrowcsv.ArrowColumn` answers)."""

    def __init__(self, values: Sequence[str | None]) -> None:
        self.values = values

    def candidates(self, pseudonyms: set[str]) -> set[str | None]:
        """The distinct values, less those shaped like a pseudonym that are not among
        ``pseudonyms`` (the known values of that shape: see KnownValues.pseudonym_shaped,
        only such a pseudonym can be a leak), found in one regular-expression pass."""
        values = set(self.values)
        values.discard(None)
        texts = cast("set[str]", values)
        # Only a text of a pseudonym's length can be one: a column of narratives is not
        # searched through (map and compress: C loops).
        sized = compress(texts, map(_PSEUDONYM_LENGTH.__eq__, map(len, texts)))
        shaped = set(PSEUDONYM_LINES.findall("\n".join(sized))) & texts
        return cast("set[str | None]", (texts - shaped) | (shaped & pseudonyms))

    def rows(self, text: str) -> list[int]:
        """The positions in the batch of the cells that are ``text``."""
        return [r for r, value in enumerate(self.values) if value == text]


def batches(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(rows, size)):
        yield batch


def columns_of(rows: list[list[str]], width: int) -> Iterator[tuple[str, ...]]:
    """The columns of a batch of rows; short rows are padded with empty cells."""
    if any(len(row) != width for row in rows):
        rows = [row + [""] * (width - len(row)) for row in rows]
    return zip(*rows, strict=True)


def record_cells(path: Path) -> Iterator[Cell]:
    """Records of a JSON array written one record a line, or of NDJSON; else a document.

    The reading cell by cell that :func:`record_batches` must equal (its tests compare
    the two); the scan itself reads in batches."""
    row = 0
    with path.open(encoding="utf-8-sig") as handle:
        for line in handle:
            text = line.strip().rstrip(",")
            if text in ("[", "]", "[]", ""):
                continue
            try:
                record = json.loads(text)
            except json.JSONDecodeError:
                yield from document_cells(path)  # not one record a line: read it whole
                return
            row += 1
            yield from _cells_of(row, record)


def json_document_cells(path: Path, personal: Callable[[str], bool]) -> Iterator[Cell]:
    """Every key and string of a JSON document, each with its dotted path as the field
    (a key that is itself ``personal`` shows as ``*`` in paths: they are printed)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except ValueError:
        yield from document_cells(path)
        return
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                yield 0, where, str(key)
                shown = "*" if personal(str(key)) else str(key)
                stack.append((f"{where}.{shown}" if where else shown, item))
        elif isinstance(value, list):
            stack.extend((where, item) for item in value)
        elif isinstance(value, str) or (
                # Counts, sizes and settings; only a number as long as a phone, SSN or
                # ID number could be one (a row count may equal a badge number).
                isinstance(value, (int, float)) and not isinstance(value, bool)
                and abs(value) >= 10**6):
            yield 0, where, str(value)


def document_cells(path: Path) -> Iterator[Cell]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line_no, line in enumerate(handle, start=1):
            yield line_no, "", line


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif value is not None:
        yield str(value)


def record_batches(path: Path, size: int = RECORD_BATCH) -> Iterator[Columns | list[Cell]]:
    """The records of a dataset's JSON or NDJSON file, a batch at a time: as
    :class:`Columns` when they are flat records of the same fields, else as the cells
    :func:`record_cells` gives (a file that is not one record a line: every line)."""
    row = 0
    with path.open(encoding="utf-8-sig") as handle:
        while True:
            lines = list(islice(handle, size))
            if not lines:
                return
            texts = [t for t in (line.strip().rstrip(",") for line in lines)
                     if t not in _NOT_RECORDS]
            batch = _as_columns(texts, row + 1)
            if batch is not None:
                row += len(texts)
                yield batch
                continue
            cells: list[Cell] = []
            for text in texts:
                try:
                    record = json.loads(text)
                except json.JSONDecodeError:
                    yield cells
                    yield from batches(document_cells(path), size)
                    return
                row += 1
                cells.extend(_cells_of(row, record))
            yield cells


def _as_columns(texts: list[str], first: int) -> Columns | None:
    """``texts`` (one record each) as columns, or None if they are not flat records of
    the same fields (then they are read one by one)."""
    if not texts:
        return Columns(first, [], [])
    try:
        records = json.loads("[" + ",".join(texts) + "]")
    except json.JSONDecodeError:
        return None
    if len(records) != len(texts) or set(map(type, records)) != {dict}:
        return None  # two records on a line, or a record that is not an object
    if len(set(map(tuple, records))) != 1:
        return None  # records of different fields, or in another order
    fields = list(records[0])
    columns = []
    for field in fields:  # map, set and itemgetter: C loops, not a Python step a cell
        values = list(map(itemgetter(field), records))
        types = set(map(type, values))
        if not types <= _FLAT:
            return None  # a nested value: its keys and strings are cells
        if not types <= _TEXT:
            values = [v if v is None or type(v) is str else str(v) for v in values]
        columns.append(values)
    return Columns(first, fields, columns)


def _cells_of(row: int, record: Any) -> Iterator[Cell]:
    if isinstance(record, dict):
        for field, value in record.items():
            if isinstance(value, str):
                yield row, field, value
            elif value is not None:
                yield from ((row, field, s) for s in _strings(value))
    else:
        yield from ((row, "", s) for s in _strings(record))


