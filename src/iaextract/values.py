"""One rule for numbers that arrive differently from different drivers.

The same stored value can come back as ``12`` (SQLite), ``12.0`` (a CSV or ODBC
driver's float) or ``Decimal('12')`` (SQL Server NUMERIC through pyodbc). Codes,
pseudonyms and text fields must not depend on which, so they all go through here.
"""

from __future__ import annotations

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
