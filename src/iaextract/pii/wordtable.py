"""A fixed list of words, each with a small value, held in a few bytes a word.

The scrubber asks of each word of a narrative whether it is an English word, a Census
surname, and how common it is. As Python sets and a dict of strings, the 380,000 words
of those lists took about 55 MB in every process that scrubs; here the words are one
ASCII string, found through a table of Python's ``hash()`` (about 13 bytes a word).

Membership is exact: a hash only says where to look, and the word is then compared
with the stored one, so a word is found if and only if it was listed. Hashes differ
between processes, so a table is built in the process that uses it (it is never saved).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

import numpy as np

_SEPARATOR = "\n"  # between the stored words; no word of a list holds one
T = TypeVar("T")


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
        slot = np.fromiter(map(hash, words), dtype=np.int64, count=len(words)) & self._mask
        order = np.argsort(slot, kind="stable")
        # first[s] .. first[s + 1]: the stored words of slot s
        first = np.searchsorted(slot[order], np.arange(slots + 1))
        self._first = array("I", first.astype(np.uint32).tobytes())
        ordered = [words[i] for i in order.tolist()]
        lengths = np.fromiter(map(len, ordered), dtype=np.int64, count=len(ordered)) + 1
        starts = np.zeros(len(ordered) + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        # stored word i is text[starts[i]:starts[i + 1] - 1]
        self._starts = array("I", starts.astype(np.uint32).tobytes())
        self._text = "".join(w + _SEPARATOR for w in ordered)
        self._values = bytes(np.frombuffer(values, dtype=np.uint8)[order])

    def get(self, word: str) -> int:
        """The value listed for ``word``, 0 if it is not listed."""
        starts, text = self._starts, self._text
        slot = hash(word) & self._mask
        for i in range(self._first[slot], self._first[slot + 1]):
            start = starts[i]
            if starts[i + 1] - start - 1 == len(word) and text.startswith(word, start):
                return self._values[i]
        return self._other.get(word, 0)

    def __len__(self) -> int:
        return len(self._values) + len(self._other)


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
