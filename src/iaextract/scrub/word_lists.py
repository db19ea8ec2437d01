"""The large word lists the name layers read, in one compact table per process.

The English word list (215,654 words), the Census surnames (88,799) and the English word
frequencies (160,572 words, from ``pyspellchecker``) took about 55 MB as Python sets and
a dict in every process that scrubs; one :class:`~iaextract.pii.wordtable.WordTable`
holds them in about 5 MB, and each finder asks them through small memos
(:func:`english`, :func:`surnames`, :func:`counts`), which answer a word asked before
as fast as a set does.

A word's frequency is kept only as the largest of :data:`COUNT_STEPS` it reaches: the
layers compare frequencies with those steps alone, so every comparison answers as it
did with the exact count.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from iaextract.pii import words
from iaextract.pii.wordtable import WordMemo, WordTable

# Every frequency a layer compares a word's with (people.py's *_WORD_COUNT thresholds).
COUNT_STEPS = (20, 100, 1_000, 10_000, 500_000)
MEMO_SIZE = 50_000  # words each memo remembers (bounded: memory stays flat)

_ENGLISH, _SURNAME = 1, 2  # the value's low bits; the count's step is above them
_STEP_SHIFT = 2


@lru_cache(maxsize=1)
def table() -> WordTable:
    """The table of this process, built on first use."""
    return WordTable(_entries())


def _entries() -> Iterator[tuple[str, int]]:
    flags: dict[str, int] = dict.fromkeys(words.english_list(), _ENGLISH)
    for name in words.data_words("us_surnames.txt"):
        flags[name] = flags.get(name, 0) | _SURNAME
    for word, count in words.spellchecker_counts().items():
        step = sum(count >= s for s in COUNT_STEPS)
        if step:
            flags[word] = flags.get(word, 0) | step << _STEP_SHIFT
    return iter(flags.items())


def english() -> WordMemo[bool]:
    """``memo[word]``: whether ``word`` is in :func:`iaextract.pii.words.english_words`."""
    return WordMemo(table(), _is_english, MEMO_SIZE)


def surnames() -> WordMemo[bool]:
    """``memo[word]``: whether ``word`` is in :func:`iaextract.pii.words.surnames`."""
    return WordMemo(table(), _is_surname, MEMO_SIZE)


def counts() -> WordMemo[int]:
    """``memo[word]``: :func:`iaextract.pii.words.word_counts`' count of ``word`` (0 if
    none) rounded down to one of :data:`COUNT_STEPS` (0 below the first)."""
    return WordMemo(table(), _count, MEMO_SIZE)


def _is_english(value: int) -> bool:
    return bool(value & _ENGLISH)


def _is_surname(value: int) -> bool:
    return bool(value & _SURNAME)


_STEP_COUNTS = (0, *COUNT_STEPS)


def _count(value: int) -> int:
    return _STEP_COUNTS[value >> _STEP_SHIFT]
