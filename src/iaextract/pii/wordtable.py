"""A fixed list of words, each with a small value, held in a few bytes a word.

The scrubber asks of each word of a narrative whether it is an English word, a Census
surname, and how common it is. As Python sets and a dict of strings, the 380,000 words
of those lists took about 55 MB in every process that scrubs; here the words are one
ASCII string, found through a table of each word's CRC-32 (about 13 bytes a word).

Membership is exact: a hash only says where to look, and the word is then compared
with the stored one, so a word is found if and only if it was listed. The hash is the
same in every process, so a built table can be saved (:meth:`WordTable.dump`) and read
back in one read (:meth:`WordTable.load`): building one from the lists costs a second
of CPU, reading it back about 20 ms. A saved table carries a stamp of what it was
built from and a digest of its own bytes, and is refused when either differs.
"""

from __future__ import annotations

import hashlib
import json
import struct
import sys
from array import array
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar
from zlib import crc32

import numpy as np

_SEPARATOR = "\n"  # between the stored words; no word of a list holds one
T = TypeVar("T")
# A saved table: this header, then the slots' first words (uint32, little-endian), the
# values (a byte a word), the words (ASCII, each ended by the separator), the few other
# words (JSON). The stamp says what the table was built from; the digest covers the rest.
_MAGIC = b"IAXWT\x00\x01\n"  # the format's name and version
_HEADER = struct.Struct("<8s32s32sQQQQ")  # magic, stamp, digest, words, slots, text, other


class StaleTable(ValueError):
    """A saved table that was built from other lists, or whose bytes are damaged."""


class WordTable:
    """Words (built once) -> a value 1-255; 0 for a word that is not listed.

    A listed word is looked up in about a microsecond: put a :class:`WordMemo` in front
    of it where words repeat.
    """

    def __init__(self, entries: Iterable[tuple[str, int]]) -> None:
        words: list[str] = []
        values = bytearray()
        self._other: dict[str, int] = {}  # the few non-ASCII words, which would double
        for word, value in entries:       # the stored string's size
            if not 0 < value < 256:
                raise ValueError(f"a WordTable value is 1-255, not {value}")
            if not word.isascii() or _SEPARATOR in word:
                self._other[word] = value
            else:
                words.append(word)
                values.append(value)
        slots = 1 << max(len(words), 1).bit_length()  # about two slots a word
        self._mask = slots - 1
        hashes = np.fromiter(map(crc32, map(str.encode, words)), dtype=np.int64,
                             count=len(words))
        slot = hashes & self._mask
        order = np.argsort(slot, kind="stable")
        # first[s] .. first[s + 1]: the stored words of slot s
        first = np.searchsorted(slot[order], np.arange(slots + 1))
        self._first = _uint32s(first.astype("<u4").tobytes())
        self._text = "".join(words[i] + _SEPARATOR for i in order.tolist())
        self._starts = _starts(self._text.encode("ascii"))
        self._values = bytes(np.frombuffer(values, dtype=np.uint8)[order])

    def get(self, word: str) -> int:
        """The value listed for ``word``, 0 if it is not listed."""
        if word.isascii():  # the stored words are ASCII; the others are in a dict
            starts, text = self._starts, self._text
            slot = crc32(word.encode()) & self._mask
            for i in range(self._first[slot], self._first[slot + 1]):
                start = starts[i]
                if starts[i + 1] - start - 1 == len(word) and text.startswith(word, start):
                    return self._values[i]
        return self._other.get(word, 0)

    def __len__(self) -> int:
        return len(self._values) + len(self._other)

    def dump(self, stamp: bytes) -> bytes:
        """The table as bytes that :meth:`load` reads back, marked with ``stamp`` (32
        bytes: what it was built from). The same table always gives the same bytes."""
        first = np.frombuffer(self._first, dtype=np.uint32).astype("<u4").tobytes()
        other = json.dumps(self._other, sort_keys=True, ensure_ascii=True).encode()
        payload = b"".join((first, self._values, self._text.encode("ascii"), other))
        return _HEADER.pack(_MAGIC, stamp, hashlib.sha256(payload).digest(),
                            len(self._values), len(self._first) - 1, len(self._text),
                            len(other)) + payload

    @classmethod
    def load(cls, data: bytes, stamp: bytes) -> WordTable:
        """The table ``data`` holds, if it was dumped with ``stamp`` and is whole;
        else :class:`StaleTable` (a damaged or stale table is never used)."""
        if len(data) < _HEADER.size:
            raise StaleTable("the saved word table is cut short")
        magic, saved_stamp, digest, words, slots, text_size, other_size = \
            _HEADER.unpack_from(data)
        if magic != _MAGIC:
            raise StaleTable("the saved word table is of another format")
        if saved_stamp != stamp:
            raise StaleTable("the saved word table was built from other word lists")
        payload = memoryview(data)[_HEADER.size:]
        if len(payload) != 4 * (slots + 1) + words + text_size + other_size or \
                hashlib.sha256(payload).digest() != digest:
            raise StaleTable("the saved word table is damaged")
        table = cls.__new__(cls)
        at = 4 * (slots + 1)
        table._mask = slots - 1
        table._first = _uint32s(payload[:at])
        table._values = bytes(payload[at:at + words])
        at += words
        text = payload[at:at + text_size]
        table._text = str(text, "ascii")
        table._starts = _starts(text)
        table._other = json.loads(bytes(payload[at + text_size:]))
        return table


def _uint32s(little_endian: bytes | memoryview) -> array[int]:
    numbers = array("I")
    numbers.frombytes(little_endian)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _starts(text: bytes | memoryview) -> array[int]:
    """Where each stored word starts (and one past the last): stored word i is
    ``text[starts[i]:starts[i + 1] - 1]``. Found from the separators, in C."""
    ends = np.flatnonzero(np.frombuffer(text, dtype=np.uint8)
                          == ord(_SEPARATOR)) + 1
    return array("I", np.concatenate(([0], ends)).astype(np.uint32).tobytes())


class WordMemo(dict[str, T], Generic[T]):
    """What ``decode`` makes of each word's :class:`WordTable` value, asked as
    ``memo[word]``: a word asked before is answered by the dict itself (in C), others
    by the table. Holds at most ``size`` words (memory stays flat).

    ``word in memo`` would say only whether the word was asked before, so it raises.
    """

    def __init__(self, table: WordTable, decode: Callable[[int], T], size: int) -> None:
        super().__init__()
        self._table, self._decode, self._size = table, decode, size

    def __missing__(self, word: str) -> T:
        if len(self) >= self._size:
            self.clear()
        answer = self[word] = self._decode(self._table.get(word))
        return answer

    def __contains__(self, word: object) -> bool:
        raise TypeError("ask memo[word], not `word in memo` (which tells only whether "
                        "the word was asked before)")
