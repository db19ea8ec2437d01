"""Turning selected source rows into open-schema records (before redaction).

Each field gets one small function compiled once per run, applied to a whole
chunk of rows at a time. Unknown codes and unparseable dates are counted here, never
guessed and never passed through silently.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from iaextract.mapping.date_columns import DateColumns, number_of_day
from iaextract.mapping.model import OTHER, FieldSpec, Mapping
from iaextract.mapping.query import Query
from iaextract.safetext import code_label
from iaextract.schema import Dataset
from iaextract.values import CountedMap, code_text, text_column

Row = Sequence[Any]
#: Turns the columns of a chunk of selected rows into the values of one field.
Converter = Callable[[Sequence[Sequence[Any]]], list[Any]]

_TRUE = {"Y", "YES", "TRUE", "T", "1", "-1"}  # Access stores True as -1
_FALSE = {"N", "NO", "FALSE", "F", "0"}
_KNOWN_RAW_CODES = 1024  # per coded field; see RecordBuilder._coded

@dataclass
class TransformStats:
    """What went wrong, as counts; goes into the manifest."""

    unknown_codes: Counter[tuple[str, str]] = field(default_factory=Counter)
    unparseable_dates: Counter[str] = field(default_factory=Counter)
    invalid_values: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        unknown: dict[str, dict[str, int]] = {}
        for (name, code), count in sorted(self.unknown_codes.items()):
            unknown.setdefault(name, {})[code] = count
        return {"unknown_codes": unknown,
                "unparseable_dates": dict(sorted(self.unparseable_dates.items())),
                "invalid_values": dict(sorted(self.invalid_values.items()))}


#: How a code is compared with a code list (trimmed, upper-cased, 12.0 as 12); public so
#: ``check`` and ``init`` compare codes exactly as an export does.
normalise_code = code_text


def _blank(columns: Sequence[Sequence[Any]]) -> list[Any]:
    return [None] * len(columns[0])


class RecordBuilder:
    """Builds the open-schema records of one dataset from selected rows.

    Work is done a chunk at a time and column by column: each field is one list
    comprehension over its source column, so the common case (a known code, a text
    value, a date seen before) costs no Python call per value.
    """

    def __init__(self, mapping: Mapping, dataset: Dataset, query: Query,
                 only: Collection[str] | None = None) -> None:
        """``only``: build just these fields, the others as blanks (an export's builder
        over a query of their columns only)."""
        self.dataset = dataset
        self.stats = TransformStats()
        self._mapping = mapping
        self._query = query
        self.fields = [name for name in dataset.field_names if name in mapping.fields]
        #: Fields whose conversion counts data-quality problems (into ``stats``): a pass
        #: that skips fields must still build these for the manifest's counts.
        self.counting = frozenset(name for name in self.fields
                                  if _counts(mapping.fields[name], dataset.field(name).type))
        self._dates = DateColumns()
        self._converters = [self._compile(name, mapping.fields[name])
                            if only is None or name in only else _blank
                            for name in self.fields]

    def build_chunk(self, rows: Sequence[Row], only: Collection[str] | None = None
                    ) -> list[list[Any]]:
        """Values of ``self.fields`` for every row: one list per field, in row order.

        With ``only``, fields not named there are left empty (a pass that needs a few
        columns skips the others' work; their data-quality counts are then partial).
        """
        if not rows:
            return [[] for _ in self._converters]
        columns = list(zip(*rows, strict=True))
        self._dates.start_chunk()
        if only is None:
            return [convert(columns) for convert in self._converters]
        return [convert(columns) if name in only else []
                for name, convert in zip(self.fields, self._converters, strict=True)]

    def _compile(self, name: str, spec: FieldSpec) -> Converter:
        kind = self.dataset.field(name).type
        if spec.value is not None:
            constant = spec.value
            return lambda columns: [constant] * len(columns[0])
        if spec.age_at or spec.years_between:
            start, *end = (self._query.index(c.strip()) for c in spec.columns())
            return self._age(name, start, end[0] if end else None)
        indexes = [self._query.index(c) for c in spec.columns()]
        if spec.join_with is not None:
            return self._joined(indexes, spec.join_with)
        index = indexes[0]
        if spec.codes is not None:
            return self._coded(name, index, spec.codes)
        if kind == "date":
            return self._date(name, index)
        if kind == "boolean":
            flags = CountedMap(self._boolean(name), self.stats.invalid_values,
                               _KNOWN_RAW_CODES)
            return lambda columns: flags(columns[index])
        if kind in ("integer", "number"):
            # Equal values convert alike (1, 1.0 and True are one key): a distinct
            # value is checked once.
            numbers = CountedMap(self._number(name, int if kind == "integer" else float,
                                              self.dataset.field(name).minimum),
                                 self.stats.invalid_values, _KNOWN_RAW_CODES)
            return lambda columns: numbers(columns[index])
        return self._text(index)

    def _coded(self, name: str, index: int, list_name: str) -> Converter:
        table = {code_text(k): v for k, v in self._mapping.codes[list_name].items()
                 if k != OTHER}
        other = self._mapping.codes[list_name].get(OTHER)
        passthrough = list_name in self._mapping.passthrough_codes

        def coded(raw: Any) -> tuple[Any, Any]:
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                return None, None
            code = code_text(raw)
            if code in table:
                return table[code], None
            # Counted under a label that is the code only when it looks like one: a
            # code column can hold a name or a sentence, and the counts are published.
            return (raw.strip() if passthrough and isinstance(raw, str) else other,
                    (name, code_label(code)))

        # A column repeats a handful of raw strings (" d3", "D3"): each is normalised
        # once, and every row of an unknown one still counted. Only strings (and NULL)
        # are remembered (True == 1 as dict keys, but not as codes); the cap bounds
        # memory if a column holds free text instead of codes.
        codes = CountedMap(coded, self.stats.unknown_codes, _KNOWN_RAW_CODES,
                           cacheable=lambda raw: raw is None or type(raw) is str)
        return lambda columns: codes(columns[index])

    @staticmethod
    def _text(index: int) -> Converter:
        return lambda columns: text_column(columns[index])

    def _date(self, name: str, index: int) -> Converter:
        counter, dates = self.stats.unparseable_dates, self._dates

        def date_field(columns: Sequence[Sequence[Any]]) -> list[date | None]:
            parsed, unparseable = dates.parsed(columns, index)
            if unparseable:
                counter[name] += unparseable
            return list(parsed)  # shared with other fields of the column: a copy

        return date_field

    def _age(self, name: str, start: int, end: int | None) -> Converter:
        """Whole years from column ``start`` to column ``end`` (None: the day of the run)."""
        today = number_of_day(date.today())
        counter, invalid, dates = self.stats.unparseable_dates, self.stats.invalid_values, \
            self._dates

        def ages(columns: Sequence[Sequence[Any]]) -> list[Any]:
            born, unparseable = dates.numbered(columns, start)
            if end is None:
                then: Any = today
            else:
                then, unparseable_end = dates.numbered(columns, end)
                unparseable += unparseable_end
            if unparseable:  # each date column's problems, as the field's own
                counter[name] += unparseable
            return _years(name, born, then, invalid)

        return ages

    @staticmethod
    def _boolean(name: str) -> Callable[[Any], tuple[Any, Any]]:
        def boolean(raw: Any) -> tuple[Any, Any]:
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                return None, None
            code = code_text(raw)
            if code in _TRUE:
                return True, None
            if code in _FALSE:
                return False, None
            return None, name  # invalid: counted under the field's name

        return boolean

    @staticmethod
    def _number(name: str, cast: type, minimum: int | None
                ) -> Callable[[Any], tuple[Any, Any]]:
        """Numbers as ``cast``; NaN, infinities, overflows and values under ``minimum``
        are invalid: blank, counted under ``name``, never an aborted run."""

        def number(raw: Any) -> tuple[Any, Any]:
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                return None, None
            try:
                value = float(raw)
                if not math.isfinite(value) or (minimum is not None and value < minimum):
                    raise ValueError("outside the schema's range")
                return (int(value) if cast is int else value), None
            except (TypeError, ValueError, OverflowError):
                return None, name

        return number

    @staticmethod
    def _joined(indexes: list[int], separator: str) -> Converter:
        def joined(*values: Any) -> Any:
            parts = [str(v).strip() for v in values if v is not None]
            return separator.join(p for p in parts if p) or None

        return lambda columns: [joined(*values) for values
                                in zip(*(columns[i] for i in indexes), strict=True)]


def _years(name: str, born: np.ndarray, then: Any, invalid: Counter[str]) -> list[Any]:
    """Whole years between day numbers (see date_columns); blank where either day is
    missing and where the age is impossible (counted under ``name``)."""
    years = (then - born) // 10_000
    known = (born > 0) & (then > 0)
    possible = (years >= 0) & (years <= 120)
    impossible = int(np.count_nonzero(known & ~possible))
    if impossible:
        invalid[name] += impossible
    ages = years.astype(object)  # Python ints
    ages[~(known & possible)] = None
    return list(ages.tolist())


def _counts(spec: FieldSpec, kind: str) -> bool:
    """Whether RecordBuilder._compile gives ``spec`` a converter that counts problems
    (only constants, joined text and plain text count none)."""
    # The same order of cases as _compile.
    if spec.value is not None:
        return False
    if spec.age_at or spec.years_between:
        return True
    if spec.join_with is not None:
        return False
    return spec.codes is not None or kind in ("date", "boolean", "integer", "number")
