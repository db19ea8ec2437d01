"""Pseudonyms of whole chunks (text trimmed in C, new ids found by set difference) equal
the plain rule: the standard HMAC-SHA256 of each value's text on its own."""

from __future__ import annotations

import hmac
from decimal import Decimal

from iaextract.redaction.pseudonym import Pseudonymizer
from iaextract.values import plain_number

KEY = bytes(range(7, 39))
NAN = float("nan")
#: Chunks of text only (the fast path: trimmed and upper-cased in C) and of mixed types.
TEXT: list[object] = [" a7 ", "A7", "a7", "", "   ", "Peña", "straße", "O\u2019Brien",
                      "o\u2019brien ", "\t12\n", "12", "ﬁx", "1", " 1.0", "True", "NULL"]
MIXED: list[object] = [*TEXT, None, 1, True, 1.0, Decimal("1"), "1", NAN, float("nan"),
                       10 ** 400, -0.0, 0, False, Decimal("12.50"), 1e20, 12.0, None]


def plain(entity: str, value: object) -> str | None:
    """The rule, value by value, with the standard library's HMAC."""
    if value is None:
        return None
    text = str(plain_number(value)).strip().upper()
    if not text:
        return None
    return hmac.new(KEY, f"{entity}\x1f{text}".encode(), "sha256").hexdigest()[:16]


def test_chunks_of_text_and_of_mixed_types_equal_the_plain_rule() -> None:
    for values in (TEXT, MIXED, [None, *TEXT], [10 ** 400, 1]):
        expected = [plain("officer", value) for value in values]
        for unique in (False, True):
            got = Pseudonymizer(KEY).pseudonyms("officer", values, unique)
            assert got == expected, (values, unique)


def test_remembered_ids_over_chunks_and_any_room_equal_the_plain_rule() -> None:
    stream = (TEXT + MIXED) * 3
    expected = [plain("person", value) for value in stream]
    for room in (1, 4, 20, 10_000):
        for size in (1, 3, len(TEXT), 50):
            pseudonymizer = Pseudonymizer(KEY)
            pseudonymizer.CACHE_SIZE = room
            got: list[str | None] = []
            for start in range(0, len(stream), size):
                got += pseudonymizer.pseudonyms("person", stream[start:start + size])
            assert got == expected, (room, size)


def test_the_key_is_in_no_pseudonymizer_text() -> None:
    pseudonymizer = Pseudonymizer(KEY)
    pseudonymizer.pseudonyms("officer", MIXED)
    for shown in (repr(pseudonymizer), str(pseudonymizer), repr(vars(pseudonymizer))):
        assert KEY.hex() not in shown and repr(KEY) not in shown
