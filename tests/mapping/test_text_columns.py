"""Text columns converted in C (all ids, all text) equal converting each value alone."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from iaextract.values import plain_number, text_column

NAN = float("nan")
IDS: list[Any] = [1, 0, -7, 10 ** 400, 12, 12]
TEXTS: list[Any] = [" a7 ", "A7", "O\u2019Brien ", "\tPeña\n", "x", "ﬁ"]
BLANKS: list[Any] = [*TEXTS, "", "   ", "\u2003"]
MIXED: list[Any] = [*BLANKS, *IDS, None, True, False, 1.0, 12.5, NAN, Decimal("12.50"),
                    Decimal("3"), 1e20, -0.0, b"raw"]


def alone(value: Any) -> Any:
    """The rule for one value: a number as its code (12.0 is "12"), text trimmed,
    NULL and blanks as None."""
    if value is None:
        return None
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        text = str(plain_number(value)).strip().upper()
    else:
        text = str(value)
    return text.strip() or None


@pytest.mark.parametrize("values", [IDS, TEXTS, BLANKS, MIXED, [None, *IDS], [1, True, 0, False],
                                    [], [""]])
def test_text_column_equals_each_value_alone(values: list[Any]) -> None:
    got = text_column(values)
    assert got == [alone(value) for value in values]
    assert [type(v) for v in got] == [type(alone(v)) for v in values]
    assert text_column(tuple(values)) == got  # a chunk's column is a tuple


def test_an_int_too_long_for_text_fails_as_it_does_alone() -> None:
    with pytest.raises(ValueError):
        alone(10 ** 5000)
    with pytest.raises(ValueError):
        text_column([1, 10 ** 5000])
