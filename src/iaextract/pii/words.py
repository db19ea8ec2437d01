"""Word lists shared by the narrative scrubber and the leak scan.

``english_words``: ordinary lower-case English words (the ``english-words`` package's
web2 and GCIDE lists, kept in ``pii/data`` as one compressed list: reading that takes a
third of the time of unpickling and filtering the package's lists, in every export's
leak scan). ``first_names`` and ``surnames``: US Census name frequency
lists shipped in ``pii/data`` (public domain; see ``data/SOURCES.txt``). All are
folded lower case and loaded once, on first use.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

from iaextract.pii.normalise import fold

ENGLISH_WORDS = "english_words.txt.gz"  # made by scripts/generate_word_list.py


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Ordinary lower-case English words (proper nouns, written capitalised there, left out)."""
    data = resources.files("iaextract.pii").joinpath("data", ENGLISH_WORDS).read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split("\n"))


def english_words_from_package() -> frozenset[str]:
    """:func:`english_words` made from the ``english-words`` package itself (slow): what
    the shipped list holds, and what a test compares it with."""
    from english_words import get_english_words_set

    words = get_english_words_set(["web2", "gcide"], lower=False, alpha=True)
    return frozenset(w if w.isascii() else fold(w) for w in words if w.islower())


def _data(name: str) -> frozenset[str]:
    text = resources.files("iaextract.pii").joinpath("data", name).read_text("utf-8")
    return frozenset(text.split())


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
    from spellchecker import SpellChecker

    return dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)
