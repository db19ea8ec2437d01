"""One rule for numbers that arrive differently from different drivers.

The same stored value can come back as ``12`` (SQLite), ``12.0`` (a CSV or ODBC
driver's float) or ``Decimal('12')`` (SQL Server NUMERIC through pyodbc). Codes,
pseudonyms and text fields must not depend on which, so they all go through here.
"""

from __future__ import annotations

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


def memoised_map(convert: Callable[[Any], Any], limit: int = 1024, *,
                 remember_none: bool = True) -> Callable[[Sequence[Any]], list[Any]]:
    """``convert`` over a list, each distinct value converted once (the first ``limit``).

    For pure conversions of columns that repeat a few values (flags, ages, dates): a dict
    lookup replaces a Python call. With ``remember_none`` False, values converting to
    None are converted again each time (so a converter that counts bad values sees each).
    Equal values share a result (True and 1 do), so ``convert`` must agree on them.
    """
    seen: dict[Any, Any] = {}

    def convert_new(value: Any) -> Any:
        result = convert(value)
        if (remember_none or result is not None) and len(seen) < limit:
            seen[value] = result
        return result

    return lambda values: map_known(seen, values, convert_new)


def map_known(known: dict[Any, Any], values: Sequence[Any],
              convert: Callable[[Any], Any]) -> list[Any]:
    """``values`` looked up in ``known``, ``convert`` called for the others, in order.

    Once every distinct value of the list is known, the list is mapped in C.
    """
    if all(map(known.__contains__, dict.fromkeys(values))):
        return list(map(known.__getitem__, values))
    return [known[v] if v in known else convert(v) for v in values]
