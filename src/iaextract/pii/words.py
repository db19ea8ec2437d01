"""Word lists shared by the narrative scrubber and the leak scan.

``english_words``: ordinary lower-case English words (the ``english-words`` package's
web2 and GCIDE lists, kept in ``pii/data`` as one plain sorted list, read as it is in
every export's leak scan: unpickling and filtering the package's lists took three times
as long as decompressing a gzip copy, and decompressing took 2 % of a small export).
``first_names`` and ``surnames``: US Census name frequency lists shipped in
``pii/data`` (public domain; see ``data/SOURCES.txt``). All are folded lower case and
loaded once, on first use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources

from iaextract.pii.normalise import fold

ENGLISH_WORDS = "english_words.txt"  # made by scripts/generate_word_list.py


def _english_text() -> bytes:
    """The shipped list: the words, sorted, one a line (UTF-8, no final newline)."""
    return resources.files("iaextract.pii").joinpath("data", ENGLISH_WORDS).read_bytes()


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Ordinary lower-case English words (proper nouns, written capitalised there, left out)."""
    return frozenset(english_list())


def english_list() -> list[str]:
    """:func:`english_words` read afresh (not kept), in order."""
    return _english_text().decode("utf-8").split("\n")


class SortedWords:
    """Membership in a sorted word list, by binary search over its bytes.

    The leak scan looks up only the distinct parts of the source's names (hundreds in a
    small source): building a set of all 215,000 words for them took four times as long
    as decompressing the list, in every export. Each word is looked up once; the answers
    are kept, so a phrase's words are tested as fast as in a set.
    """

    def __init__(self, text: bytes, also: Iterable[str] = ()) -> None:
        self._text = text + b"\n"
        self._yes: set[str] = set(also)  # the words found, and ``also``
        self._no: set[str] = set()

    def __contains__(self, word: str) -> bool:
        if word in self._yes:
            return True
        if word in self._no:
            return False
        found = self._search(word.encode("utf-8", "surrogatepass"))
        (self._yes if found else self._no).add(word)
        return found

    def issuperset(self, words: tuple[str, ...] | list[str]) -> bool:
        """True if every one of ``words`` is in the list."""
        if not self._no.isdisjoint(words):
            return False
        return self._yes.issuperset(words) or all(w in self for w in words)

    def _search(self, key: bytes) -> bool:
        text, low, high = self._text, 0, len(self._text)
        while low < high:  # [low, high) holds whole lines, each ending in a newline
            start = text.rfind(b"\n", low, (low + high) // 2) + 1 or low
            end = text.find(b"\n", start)
            line = text[start:end]
            if line == key:
                return bool(key)
            if line < key:
                low = end + 1
            else:
                high = start
        return False


def english_word_list(also: Iterable[str] = ()) -> SortedWords:
    """:func:`english_words` (and the words ``also``) for a few lookups: no set of every
    word is built."""
    return SortedWords(_english_text(), also)


def english_words_from_package() -> frozenset[str]:
    """:func:`english_words` made from the ``english-words`` package itself (slow): what
    the shipped list holds, and what a test compares it with."""
    from english_words import get_english_words_set

    words = get_english_words_set(["web2", "gcide"], lower=False, alpha=True)
    return frozenset(w if w.isascii() else fold(w) for w in words if w.islower())


def data_words(name: str) -> list[str]:
    """The words of a shipped list (``us_surnames.txt``...), read afresh (not kept)."""
    return resources.files("iaextract.pii").joinpath("data", name).read_text("utf-8").split()


def _data(name: str) -> frozenset[str]:
    return frozenset(data_words(name))


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """US first names (1990 Census lists, male and female), lower case."""
    return _data("us_first_names.txt")


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """US surnames (1990 Census list, 88,799 names), lower case."""
    return _data("us_surnames.txt")


@lru_cache(maxsize=1)
def word_counts() -> dict[str, int]:
    """How often each lower-case English word (inflections included) occurs in the
    English frequency list ``pyspellchecker`` ships: tells "Bright" (common) from
    "Kulkarni" (a name), which a plain word list cannot."""
    return dict(spellchecker_counts())


def spellchecker_counts() -> Mapping[str, int]:
    """:func:`word_counts` read afresh (not kept): for a caller that keeps less of it."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1).word_frequency.dictionary  # type: ignore[no-any-return]
