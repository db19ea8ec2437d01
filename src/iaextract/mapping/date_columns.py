"""Source date columns, each parsed once a chunk whichever fields read it.

One column often feeds several fields (an incident's date is a date field and the day
every age on the row is taken at) and repeats the same strings row after row. So a
chunk's column is encoded once (its distinct strings, and each row's), the distinct
strings are read in bulk (:mod:`~iaextract.mapping.date_forms`) or, when of no form
read there, by the one parser, and the rows are mapped in numpy. Nothing is remembered
between chunks (a large source holds more distinct date strings than memory should):
the memory stays flat.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from iaextract.dates import UnparseableDate, parse_date, parse_date_text
from iaextract.mapping.date_forms import BLANK, OTHER, UNPARSEABLE, as_dates, read_days

_TEXT = {str, type(None)}


def plain_day(value: Any) -> date | None:
    """The day of one source value by the one parser (UnparseableDate if none)."""
    if type(value) is not str:
        return parse_date(value)
    # The common ISO day: date.fromisoformat gives what parse_date would.
    if len(value) == 10 and value[4] == value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return parse_date_text(value)  # not memoised: a chunk parses a string once


def day_number(value: Any) -> int:
    """:func:`plain_day` as a day number (BLANK, UNPARSEABLE or YYYYMMDD)."""
    try:
        day = plain_day(value)
    except UnparseableDate:
        return UNPARSEABLE
    return BLANK if day is None else number_of_day(day)


def number_of_day(day: date) -> int:
    """A day as the number YYYYMMDD: whole years from day ``a`` to day ``b`` are then
    ``(b - a) // 10_000``, as :func:`~iaextract.dates.years_between` counts them (month
    and day weigh less than a year, so an unreached birthday borrows one)."""
    return day.year * 10_000 + day.month * 100 + day.day


def text_days(texts: Sequence[str]) -> np.ndarray:
    """The day number of each string, as :func:`day_number` gives it."""
    days = read_days(texts)
    other = np.flatnonzero(days == OTHER)
    if len(other):
        days[other] = [day_number(texts[n]) for n in other.tolist()]
    return days


class _Column:
    """One column of a chunk: the day number of each distinct value, and each row's
    entry among them."""

    def __init__(self, values: Sequence[Any]) -> None:
        try:
            distinct = dict.fromkeys(values)
        except TypeError:  # an unhashable value
            distinct = None
        if distinct is not None and set(map(type, distinct)) <= _TEXT:
            # Text and NULLs: the distinct values found and each row's mapped in C.
            texts = list(distinct)
            index = dict(zip(texts, range(len(texts)), strict=True))
            self.rows = np.fromiter(map(index.__getitem__, values), dtype=np.intp,
                                    count=len(values))
            if None in index:
                texts[index[None]] = ""  # a blank, as NULL is
            self.days = text_days(texts)
        else:
            self.days, self.rows = _one_by_one(values)
        self.unparseable = int(np.count_nonzero(self.days[self.rows] == UNPARSEABLE))
        self._dates: list[date | None] | None = None

    def numbers(self) -> np.ndarray:
        return self.days[self.rows]

    def dates(self) -> list[date | None]:
        if self._dates is None:
            self._dates = as_dates(self.days)[self.rows].tolist()
        return self._dates


def _one_by_one(values: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Values of other types: each string (and NULL) once, any other value on its own
    (1, 1.0 and True are equal but parse differently)."""
    texts = list(dict.fromkeys(v for v in values if type(v) is str))
    index = {text: n for n, text in enumerate(texts)}
    days = [*text_days(texts).tolist(), BLANK]
    rows = []
    for value in values:
        if type(value) is str:
            rows.append(index[value])
        elif value is None:
            rows.append(len(texts))
        else:
            rows.append(len(days))
            days.append(day_number(value))
    return np.array(days, dtype=np.int64), np.array(rows, dtype=np.intp)


class DateColumns:
    """The date columns of the chunk at hand, each parsed once."""

    def __init__(self) -> None:
        self._chunk: dict[int, _Column] = {}

    def start_chunk(self) -> None:
        self._chunk.clear()

    def _column(self, columns: Sequence[Sequence[Any]], index: int) -> _Column:
        done = self._chunk.get(index)
        if done is None:
            done = self._chunk[index] = _Column(columns[index])
        return done

    def parsed(self, columns: Sequence[Sequence[Any]], index: int
               ) -> tuple[list[date | None], int]:
        """Column ``index`` of this chunk as dates (a list every field of the column
        shares), and how many values were unparseable."""
        column = self._column(columns, index)
        return column.dates(), column.unparseable

    def numbered(self, columns: Sequence[Sequence[Any]], index: int
                 ) -> tuple[np.ndarray, int]:
        """Like :meth:`parsed`, each day as its number: BLANK, UNPARSEABLE or YYYYMMDD
        (see :func:`number_of_day`)."""
        column = self._column(columns, index)
        return column.numbers(), column.unparseable
