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

Building the table from the lists took about a second of CPU in every process that
scrubs, so it is built once, when the lists change (``scripts/generate_word_table.py``),
and shipped beside them as ``pii/data/word_table.bin``, read back in one read. The
file is stamped with a digest of everything it is built from (the two shipped lists,
``pyspellchecker``'s code and English frequency file, the steps and flags below): a
file whose stamp differs from the installed lists', or whose bytes are damaged, is
never used, and the table is then built from the lists in memory, as before (correct,
a second slower). Nothing is written at run time (the install may be read-only).
``tests/scrub/test_word_lists.py`` fails while the shipped file is not a fresh build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path

from iaextract.pii import words
from iaextract.pii.wordtable import StaleTable, WordMemo, WordTable

# Every frequency a layer compares a word's with (people.py's *_WORD_COUNT thresholds).
COUNT_STEPS = (20, 100, 1_000, 10_000, 500_000)
MEMO_SIZE = 50_000  # words each memo remembers (bounded: memory stays flat)

_ENGLISH, _SURNAME = 1, 2  # the value's low bits; the count's step is above them
_STEP_SHIFT = 2
TABLE_FILE = "word_table.bin"  # in pii/data, made by scripts/generate_word_table.py
_SURNAMES_FILE = "us_surnames.txt"
_FREQUENCIES = "resources/en.json.gz"  # pyspellchecker's English word frequencies


@lru_cache(maxsize=1)
def table() -> WordTable:
    """The table of this process: the shipped one when it was built from the installed
    lists, else built from them on first use."""
    try:
        return WordTable.load(_shipped(), stamp())
    except (OSError, StaleTable):  # missing, stale or damaged: never used
        return build()


def build() -> WordTable:
    """The table built from the lists themselves (about a second of CPU)."""
    return WordTable(_entries())


def stamp() -> bytes:
    """A digest of everything the table is built from: the shipped English and surname
    lists, pyspellchecker's code and English frequencies, and how a word's value is
    made. A change to any of them makes the shipped table stale."""
    digest = hashlib.sha256(repr((TABLE_FILE, COUNT_STEPS, _ENGLISH, _SURNAME,
                                  _STEP_SHIFT)).encode())
    data = resources.files("iaextract.pii").joinpath("data")
    for part in (data.joinpath(words.ENGLISH_WORDS).read_bytes(),
                 data.joinpath(_SURNAMES_FILE).read_bytes(), *_spellchecker_files()):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.digest()


def _spellchecker_files() -> list[bytes]:
    # Found without importing it (the import costs more than the reading).
    spec = find_spec("spellchecker")
    if spec is None or not spec.submodule_search_locations:
        raise OSError("pyspellchecker is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return [path.read_bytes() for path in
            (*sorted(folder.glob("*.py")), folder / _FREQUENCIES)]


def _shipped() -> bytes:
    return resources.files("iaextract.pii").joinpath("data", TABLE_FILE).read_bytes()


def _entries() -> Iterator[tuple[str, int]]:
    flags: dict[str, int] = dict.fromkeys(words.english_list(), _ENGLISH)
    for name in words.data_words(_SURNAMES_FILE):
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
