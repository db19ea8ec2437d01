"""One rule for numbers that arrive differently from different drivers.

The same stored value can come back as ``12`` (SQLite), ``12.0`` (a CSV or ODBC
driver's float) or ``Decimal('12')`` (SQL Server NUMERIC through pyodbc). Codes,
pseudonyms and text fields must not depend on which, so they all go through here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any


def plain_number(value: Any) -> Any:
    """A whole float or Decimal as int, other Decimals as float; anything else unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Decimal) and value.is_finite():
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def is_number(value: Any) -> bool:
    """True for ints, floats and Decimals (not for booleans)."""
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def code_text(value: Any) -> str:
    """The text a code or id is compared and hashed as: trimmed, upper-cased, and a
    number as its plain form (12.0 from a CSV or ODBC driver and Decimal('12') from SQL
    Server both "12")."""
    return str(plain_number(value)).strip().upper()


_INTS, _TEXTS = frozenset({int}), frozenset({str})


def text_column(values: Sequence[Any]) -> list[Any]:
    """Each of ``values`` as trimmed text (a number as its code: 12.0 as "12"); NULL and
    blanks as None. A column of one type (ids, text) is converted in C."""
    types = set(map(type, values))
    if types <= _INTS:  # ids: an int's repr is its str
        return list(map(int.__repr__, values))
    if types <= _TEXTS:  # only a chunk holding a blank needs a pass in Python
        trimmed = list(map(str.strip, values))
        return [text or None for text in trimmed] if "" in trimmed else trimmed
    return [(v.strip() or None) if type(v) is str else str(v) if type(v) is int else
            _text(v) for v in values]


def _text(value: Any) -> Any:
    if value is None:
        return None
    text = code_text(value) if is_number(value) else str(value)
    return text.strip() or None


def memoised_map(convert: Callable[[Any], Any], limit: int = 1024
                 ) -> Callable[[Sequence[Any]], list[Any]]:
    """``convert`` over a list, each distinct value converted once (the first ``limit``).

    For pure conversions of columns that repeat a few values (flags, ages, dates): a dict
    lookup replaces a Python call. Equal values share a result (True and 1 do), so
    ``convert`` must agree on them.
    """
    seen: dict[Any, Any] = {}

    def convert_all(values: Sequence[Any]) -> list[Any]:
        try:  # every value met before: one pass in C
            return list(map(seen.__getitem__, values))
        except KeyError:
            pass
        # The chunk's new values (found by walking the chunk, not the memory): when they
        # all fit, each is converted once and the list mapped in C, not value by value.
        fresh = set(values).difference(seen)
        if len(seen) + len(fresh) <= limit:
            for value in fresh:
                seen[value] = convert(value)
            return list(map(seen.__getitem__, values))
        return [seen[v] if v in seen else convert_new(v) for v in values]

    def convert_new(value: Any) -> Any:
        result = convert(value)
        if len(seen) < limit:
            seen[value] = result
        return result

    return convert_all


#: What a counted conversion gives for one value: its result, and the key its problem is
#: counted under (None: no problem).
Checked = tuple[Any, Any]


class CountedMap:
    """A conversion over columns that also counts problems (unknown codes, invalid
    values), each distinct value converted once and the rows counted in C.

    ``convert`` gives a value's result and problem key (or None); every row holding a
    value with a problem adds one to ``problems[key]``, exactly as converting each row
    would. Results of values ``cacheable`` accepts are remembered across chunks, up to
    ``limit`` of them (memory stays flat); a chunk with more new values than there is
    room for has them converted for that chunk only, and a chunk holding a value
    ``cacheable`` refuses is converted row by row.
    """

    def __init__(self, convert: Callable[[Any], Checked], problems: Counter[Any],
                 limit: int = 1024, cacheable: Callable[[Any], bool] = lambda _v: True
                 ) -> None:
        self._convert, self._problems, self._limit = convert, problems, limit
        self._cacheable = cacheable
        self._results: dict[Any, Any] = {}
        self._problem_of: dict[Any, Any] = {}  # the remembered values that have one

    def __call__(self, values: Sequence[Any]) -> list[Any]:
        # The common chunk holds only values seen before: one pass in C. The remembered
        # keys are all ``cacheable``, and a value equal to one of them converts alike
        # (or ``cacheable`` would have refused it), so a hit is the value's own result.
        try:
            out = list(map(self._results.__getitem__, values))
        except (KeyError, TypeError):  # a new value, or an unhashable one
            return self._with_new(values)
        self._count(values, self._problem_of)
        return out

    def _with_new(self, values: Sequence[Any]) -> list[Any]:
        results, problem_of = self._results, self._problem_of
        try:
            distinct = dict.fromkeys(values)
        except TypeError:  # an unhashable value (a driver's bytearray): row by row
            return self._each(values)
        fresh = [v for v in distinct if v not in results]
        if not all(map(self._cacheable, fresh)):
            return self._each(values)
        if len(results) + len(fresh) > self._limit:  # no room: this chunk's own tables
            results, problem_of = dict(results), dict(problem_of)
        for value in fresh:
            results[value], problem = self._convert(value)
            if problem is not None:
                problem_of[value] = problem
        self._count(values, problem_of)
        return list(map(results.__getitem__, values))

    def _count(self, values: Sequence[Any], problem_of: dict[Any, Any]) -> None:
        """One count per row holding a value with a problem (counted in C)."""
        if problem_of:
            for value, rows in Counter(filter(problem_of.__contains__, values)).items():
                self._problems[problem_of[value]] += rows

    def _each(self, values: Sequence[Any]) -> list[Any]:
        results, problem_of = self._results, self._problem_of
        out = []
        for value in values:
            try:
                remembered = value in results
            except TypeError:
                remembered = False
            if remembered:
                result, problem = results[value], problem_of.get(value)
            else:
                result, problem = self._convert(value)
            if problem is not None:
                self._problems[problem] += 1
            out.append(result)
        return out
