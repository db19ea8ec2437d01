"""The one written form under which the scrubber knows each personal value, and its key.

Learning (:class:`~iaextract.pii.entities.KnownEntities`) and lookup
(:mod:`iaextract.scrub.known_values`) both go through these functions, so a value is
found however the text writes it: phones, SSNs and badges as their digits, id numbers
as upper-case letters and digits, e-mail addresses lower-cased, street addresses as
their words with abbreviations spelt out and unit words left out. A form is kept only
as its stable 64-bit hash (:func:`~iaextract.pii.hashed.stable_hash`, the same in every
process), behind a one-letter code of its kind: a phone and an SSN of the same digits
are two keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from iaextract.dates import UnparseableDate, parse_date
from iaextract.pii.hashed import stable_hash

#: The code of each kind of key: its letter, then the form.
CODES = {"phone": "p", "ssn": "s", "badge": "b", "id_number": "i", "email": "e"}
ADDRESS = "a"  # an address's spelt words, joined by spaces (words hold no space)
ADDRESS_START = ("1", "2")  # its first spelt word; its first two, if it has more

#: The words of an address, as of any text the known-value layer reads.
WORD_RE = re.compile(r"[A-Za-z0-9]+")

SUFFIXES = {
    "st": "street", "ave": "avenue", "av": "avenue", "blvd": "boulevard", "rd": "road",
    "dr": "drive", "ln": "lane", "ct": "court", "pl": "place", "pkwy": "parkway",
    "hwy": "highway", "ter": "terrace", "cir": "circle", "trl": "trail", "sq": "square",
    "apt": "apartment", "ste": "suite", "n": "north", "s": "south", "e": "east", "w": "west",
    "ne": "northeast", "nw": "northwest", "se": "southeast", "sw": "southwest",
}  # fmt: skip
UNIT_WORDS = ("apartment", "apt", "unit", "suite", "ste", "no", "number", "room", "rm")


def key(code: str, form: str) -> int:
    """The key of ``form`` (a value in its written form) of the kind ``code``: the hash
    of ``code + form``, as learning hands that text to ``StableHashes.add_many``."""
    return stable_hash(code + form)


def spelt(words: list[str]) -> tuple[str, ...]:
    """An address's words in one spelling: abbreviations spelt out, unit words left out."""
    return tuple(SUFFIXES.get(w, w) for w in words if w not in UNIT_WORDS)


_SHORT: dict[str, set[str]] = {}  # a word spelt out -> its abbreviations
for _short, _long in SUFFIXES.items():
    _SHORT.setdefault(_long, set()).add(_short)


def forms(word: str) -> set[str]:
    """Every spelling of ``word`` that text may use: itself, spelt out, abbreviated."""
    full = SUFFIXES.get(word, word)
    return {word, full}.union(_SHORT.get(full, ()))


def day_number(text: str) -> int | None:
    """A date of birth's key: the number of its day (``date.toordinal``), exact (the
    calendar bounds how many there are); None if ``text`` is no date."""
    try:
        day = parse_date(text)
    except UnparseableDate:
        return None
    return day.toordinal() if day is not None else None


class Days:
    """Days (:func:`day_number`), each one bit of a bitmap from day 0: a source's dates of
    birth, a few thousand a year of a century, in at most 460 KB (year 9999), where a
    set of ints took about 70 bytes a day (2.8 MB at 50,000 incidents). Exact: a day
    is in it only if it was added."""

    def __init__(self) -> None:
        self._bits = bytearray()  # bit d % 8 of byte d // 8: day d
        self._count = 0

    def update(self, days: Iterable[int]) -> None:
        bits = self._bits
        for day in days:
            if day < 0:  # divmod would set a bit counted from the end: a wrong day
                raise ValueError("a day number is never negative")  # (never quoted: a birth date)
            byte, bit = divmod(day, 8)
            if byte >= len(bits):
                bits.extend(bytes(byte + 1 - len(bits)))
            if not bits[byte] >> bit & 1:
                bits[byte] |= 1 << bit
                self._count += 1

    def __contains__(self, day: object) -> bool:
        # (asked of day_number's answers: a day, or None)
        return isinstance(day, int) and 0 <= day < 8 * len(self._bits) \
            and bool(self._bits[day >> 3] >> (day & 7) & 1)

    def __len__(self) -> int:
        return self._count

    def __eq__(self, other: object) -> bool:
        return self._bits == other._bits if isinstance(other, Days) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable: never a key
