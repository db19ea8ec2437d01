"""The people layer's word classes: what a word is, asked of the word lists once each.

Whether a word is ordinary English, a plain common word, a listed first name or surname,
a place word or a cue (:mod:`.people`): pure functions of the word, each answered once
per word and remembered (bounded) by a memo whose hits are read in C, since the layer
asks them of the same words again and again.
"""

from __future__ import annotations

from functools import lru_cache

from iaextract.pii.lexicon import DAYS, INSTITUTIONAL, MONTHS, TITLES, ordinary_words
from iaextract.pii.words import first_names
from iaextract.scrub import word_lists
from iaextract.scrub.people_words import ROLE_WORDS, words_of

# Capitalised words that are places, things or organisations in this domain, never a name.
PLACE_WORDS = words_of("""
    lake river creek bridge school church hall plaza square mall market center centre
    college university academy hospital clinic library museum airport station store shop
    pharmacy bank hotel motel restaurant cafe bar club gym stadium arena avenue street
    road drive lane court boulevard highway parkway way place terrace county city town
    ave av blvd rd ln hwy pkwy ct cir ter trl sq expy fwy garden cemetery zoo
    township village state states united america american inc llc co company corporation
    corp group association foundation order cross police day care honda toyota ford
    chevrolet nissan dodge taser glock walmart target vin dob ssn
""") | (INSTITUTIONAL - MONTHS - DAYS) | TITLES  # a month is a name too: "Jun Zhao", "May"
# A listed name that is also this common as a word is read as the word; an unlisted
# word this common (or in the word list) is English, not a name.
COMMON_WORD_COUNT = 10_000
RARE_WORD_COUNT = 20
# A plain word: this common ("Interviewed": 9,963), or in the dictionary and this common
# ("Methodist": 121); first names that corpora have seen are not ("Liam": 694,
# "Dmitri": 97, and the dictionary's "Arjun": 0).
PLAIN_WORD_COUNT = 1_000
RARE_DICTIONARY_WORD_COUNT = 100
_CACHE_SIZE = 200_000


class WordClasses:
    """The word classes of the people layer (see the module doc)."""

    def __init__(self) -> None:
        # memo[word]: exact answers of the compact word lists (word_lists.py)
        self.english = word_lists.english()
        self.first = first_names()
        self.last = word_lists.surnames()
        self.common = ordinary_words()
        self.counts = word_lists.counts()
        # Asked again and again of the same words: answered once each (bounded; a memo's
        # hit is read in C, where a method call runs Python).
        memo = lru_cache(maxsize=_CACHE_SIZE)
        self._listed = memo(self._listed_parts)  # type: ignore[method-assign]
        self._cue = memo(self._cue_word)  # type: ignore[method-assign]
        self._ordinary = memo(self._ordinary_word)  # type: ignore[method-assign]
        self._plain = memo(self._plain_word)  # type: ignore[method-assign]
        self._place = memo(self._place_word)  # type: ignore[method-assign]

    def _ordinary(self, key: str) -> bool:
        """An English word (inflections too); a listed name only when it is a common
        word too ("Bright", "Park", not "Kulkarni" or "John")."""
        return self._ordinary_word(key)  # replaced by its memo in __init__

    def _ordinary_word(self, key: str) -> bool:
        return all(self._ordinary_part(p) for p in key.split("-"))

    def _ordinary_part(self, word: str) -> bool:
        if word in self.common:
            return True
        count = self.counts[word]
        if self._listed(word):
            return count >= COMMON_WORD_COUNT
        return count >= RARE_WORD_COUNT or self.english[word]

    def _plain(self, key: str) -> bool:
        """A common English word ("Per", "After"), not merely one a corpus has seen
        ("Liam", "Dmitri" and "Arjun" are in word lists too)."""
        return self._plain_word(key)  # replaced by its memo in __init__

    def _plain_word(self, key: str) -> bool:
        count = self.counts[key]
        return key in self.common or count >= PLAIN_WORD_COUNT or (
            count >= RARE_DICTIONARY_WORD_COUNT and self.english[key])

    def _listed(self, key: str) -> bool:
        """A listed first name or surname (a part of a hyphenated one will do)."""
        return self._listed_parts(key)  # replaced by its memo in __init__

    def _listed_parts(self, key: str) -> bool:
        return any(p in self.first or self.last[p] or self.last[p.replace("'", "")]
                   for p in key.split("-"))

    def _place(self, key: str) -> bool:
        """A place word ("Hospital", "Streets"), never a name."""
        return self._place_word(key)  # replaced by its memo in __init__

    def _place_word(self, key: str) -> bool:
        if len(key) < 2:
            return False  # an initial ("A. Jenkins"), whatever else "a" may be
        return key in PLACE_WORDS or (key.endswith("s") and key[:-1] in PLACE_WORDS)

    def _cue(self, key: str) -> bool:
        """A place word or a role word: no part of a run of name words."""
        return self._cue_word(key)  # replaced by its memo in __init__

    def _cue_word(self, key: str) -> bool:
        return self._place(key) or key in ROLE_WORDS or key in ("i'm", "im")
