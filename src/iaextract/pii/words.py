"""Word lists shared by the narrative scrubber and the leak scan.

``english_words``: ordinary lower-case English words (the ``english-words`` package's
web2 and GCIDE lists). ``first_names`` and ``surnames``: US Census name frequency
lists shipped in ``pii/data`` (public domain; see ``data/SOURCES.txt``). All are
folded lower case and loaded once, on first use.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from iaextract.pii.normalise import fold


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Ordinary lower-case English words (proper nouns, written capitalised there, left out)."""
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
