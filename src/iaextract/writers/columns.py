"""A chunk's columns as the text the CSV and JSON writers put in their files.

The writers' one-value rules are :func:`cell` (CSV, as ``csv.writer`` writes it) and
``json.dumps`` of :func:`plain` values. Applied value by value they were most of an
export's writing time, so a column of text is examined whole instead: its values
joined by commas, encoded, and reduced to the few characters that quoting, escaping
and the formula guard look at, in one C-level pass. When those show that no value
needs any of them, the values are the CSV text (and, between quotes, the JSON text).
A column where a value does need one (a comma, a quote, a line end, a control
character, text starting like a formula) has each of its distinct values converted
by the one-value rules. The guard is therefore decided by the values written, never
by what the schema says a column holds: a hostile value in any column is caught.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cached_property
from typing import Any

from iaextract.chunks import ColumnChunk

#: What makes a spreadsheet read a CSV cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_BYTES = tuple(start.encode() for start in FORMULA_STARTS)
#: The same starts after the comma before a cell, in a column's values joined by commas.
_FORMULA_AFTER_COMMA = tuple(b"," + start for start in _FORMULA_BYTES)
#: What csv.writer (QUOTE_MINIMAL, CRLF line ends) quotes a field for, besides a comma.
_CSV_QUOTED = (",", '"', "\r", "\n")
#: The bytes that matter: the comma, what CSV quotes, what starts a formula, and what
#: JSON escapes (quote, backslash, U+0000-U+001F). UTF-8 writes every other character,
#: ASCII or not, with other bytes, so deleting those loses nothing that matters.
_SPECIAL = frozenset(b',"\\=+-@') | frozenset(range(0x20))
_NOT_SPECIAL = bytes(b for b in range(256) if b not in _SPECIAL)
#: The special bytes that need neither JSON escaping nor (alone) a CSV quote.
_JSON_PLAIN = b",=+-@"

_NONE = type(None)
_TEXT = frozenset({str, _NONE})
_FLAGS = frozenset({bool, _NONE})
#: Types whose text (str()) never holds a comma, quote or line end and is never guarded.
_NUMBERS = frozenset({int, float, date, _NONE})
#: Types the column paths convert; a chunk holding any other is written value by value.
KNOWN = frozenset({str, bool, int, float, date, datetime, _NONE})

_EMPTY_FOR_NONE = {None: ""}
_FLAG_CELLS = {True: "true", False: "false", None: ""}
_FLAG_JSON = {True: "true", False: "false", None: "null"}


class Chunk:
    """One chunk of rows as its columns, each with the set of its values' types."""

    def __init__(self, published: ColumnChunk) -> None:
        self.columns, self.count = published
        self._published = published
        self._joined: dict[int, str] = {}
        self.types = [self._types(index) for index in range(len(self.columns))]
        #: Whether every value is of a type the column paths convert
        self.known = all(types <= KNOWN for types in self.types)
        self._scans: dict[int, tuple[Sequence[str], bytes, bytes]] = {}

    @cached_property
    def rows(self) -> list[tuple[Any, ...]]:
        """The rows, for what is written value by value, a row at a time (made once)."""
        return self._published.row_tuples()

    def _types(self, index: int) -> set[type]:
        # A column that joins is all text, found by reading each value once: the join
        # is kept for scan(). (A str subclass joins too; both writers write it by its
        # characters, as they write a str, and _by_distinct checks exact types.)
        column = self.columns[index]
        try:
            self._joined[index] = ",".join(column)
        except TypeError:
            return set(map(type, column))
        return {str}

    def scan(self, index: int) -> tuple[Sequence[str], bytes, bytes]:
        """A column of text and none (made once for CSV and JSON): its values with
        none as "", those joined by commas in UTF-8, and the special bytes of that."""
        if index not in self._scans:
            column = self.columns[index]
            texts: Sequence[str]
            if index in self._joined:
                texts, joined = column, self._joined.pop(index)
            else:
                texts = list(map(_EMPTY_FOR_NONE.get, column, column))
                joined = ",".join(texts)
            encoded = joined.encode("utf-8", "surrogatepass")
            self._scans[index] = texts, encoded, encoded.translate(None, _NOT_SPECIAL)
        return self._scans[index]


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


def csv_field(value: Any) -> str:
    """What csv.writer writes for ``value`` as one of several fields of a row."""
    text = value if isinstance(value, str) else "" if value is None else str(value)
    if any(char in text for char in _CSV_QUOTED):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_fields(chunk: Chunk, index: int) -> Sequence[str]:
    """The CSV field of cell(value) for every value of column ``index``."""
    column, types = chunk.columns[index], chunk.types[index]
    if types <= _TEXT:
        texts, joined, special = chunk.scan(index)
        if _plain_csv(joined, special, len(texts)):
            return texts
        return _by_distinct(column, lambda value: csv_field(cell(value)))
    if types <= _FLAGS:
        return list(map(_FLAG_CELLS.__getitem__, column))
    if types <= _NUMBERS:
        return list(map(str, column)) if _NONE not in types else \
            ["" if value is None else str(value) for value in column]
    return [csv_field(cell(value)) for value in column]


def _plain_csv(joined: bytes, special: bytes, count: int) -> bool:
    """Whether csv.writer writes each of ``count`` texts as it is and cell() leaves it
    alone, given them ``joined`` by commas and the ``special`` bytes of that: no value
    holds a comma (so the commas are the joins), a quote or a line end, and none starts
    like a formula (at the start or after a join; looked for in the whole text only
    for a character that is in it, such as the hyphen of "2019-Q1")."""
    return (special.count(b",") == count - 1
            and not any(char in special for char in (b'"', b"\r", b"\n"))
            and not joined.startswith(_FORMULA_BYTES)
            and not any(start in special and after_comma in joined
                        for start, after_comma in zip(_FORMULA_BYTES, _FORMULA_AFTER_COMMA,
                                                      strict=True)))


def _by_distinct(column: Sequence[str | None], convert: Callable[[Any], str]) -> list[str]:
    # A column of text and none, converted once per distinct value: a code or band
    # repeats through a chunk. (Only text and none: no two of them are equal unless
    # they are the same value, as 1 == 1.0 == True would be; a subclass of str could
    # make two values equal, so such a column is converted value by value.)
    if not set(map(type, column)) <= _TEXT:
        return list(map(convert, column))
    texts = {value: convert(value) for value in set(column)}
    return list(map(texts.__getitem__, column))


def _iso(value: Any) -> Any:
    # The encoder's hook for what JSON has no type for: dates as plain() writes them.
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"a {type(value).__name__} cannot be written as JSON")


def _value_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False)`` with dates as ISO text, built once.

    json.dumps builds a new encoder on every call; the C encoder it builds is made here
    once instead (the same function, so the same text as inside an object), or,
    without the C accelerator, the equivalent pure-Python encoder.
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return json.JSONEncoder(ensure_ascii=False, default=_iso).encode
    encode = make(None, _iso, json.encoder.encode_basestring, None, ": ", ", ", False,
                  False, True)
    return lambda value: "".join(encode(value, 0))


encode_json = _value_encoder()
encode_key = json.encoder.encode_basestring  # what the encoder writes for a key


def json_values(chunk: Chunk, index: int) -> tuple[Sequence[str], bool]:
    """The JSON of every value of column ``index``, and whether the texts are still to
    be put in quotes (a column of plain text without none: its values themselves)."""
    column, types = chunk.columns[index], chunk.types[index]
    if types <= _TEXT:
        _texts, _joined, special = chunk.scan(index)
        plain_text = not special.translate(None, _JSON_PLAIN)
        if plain_text and _NONE not in types:
            return column, True
        return _by_distinct(column, _quote if plain_text else encode_json), False
    if types <= _FLAGS:
        return list(map(_FLAG_JSON.__getitem__, column)), False
    if types == {int}:
        return list(map(int.__repr__, column)), False
    return list(map(encode_json, column)), False


def _quote(text: str | None) -> str:
    # JSON of a text needing no escape (or of none).
    return "null" if text is None else '"' + text + '"'
