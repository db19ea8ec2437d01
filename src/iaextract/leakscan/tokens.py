"""The words of a text as the leak scan's index and matcher read them.

Split into word tokens (letters and digits; apostrophes, hyphens and punctuation
separate), accents removed, case folded, street suffixes and directions in one spelling
(Street → st, North → n); the vocabularies that decide what a token alone may be (a
title, a month, a state, an ordinary English word); the shapes of e-mail addresses,
dates and pseudonyms. One copy for learning (:mod:`iaextract.leakscan.values`) and for
matching (:mod:`iaextract.leakscan.match`), so both read a text the same way.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

from iaextract.dates import DATE_IN_TEXT
from iaextract.pii.normalise import fold
from iaextract.pii.words import SortedWords, english_word_list
from iaextract.redaction.pseudonym import Pseudonymizer

TOKEN = re.compile(r"[^\W_]+")
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
DATE_FORMS = DATE_IN_TEXT  # the project's one date grammar
JOINERS = frozenset(" .-/()+")  # what may separate the parts of one phone/SSN/ID


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CANONICAL = {"street": "st", "avenue": "ave", "av": "ave", "boulevard": "blvd", "road": "rd",
             "drive": "dr", "lane": "ln", "court": "ct", "place": "pl", "terrace": "ter",
             "highway": "hwy", "parkway": "pkwy", "circle": "cir", "north": "n",
             "south": "s", "east": "e", "west": "w", "apartment": "apt"}
STREET_WORDS = frozenset(set(CANONICAL.values()) - {"n", "s", "e", "w", "apt"}) | {
    "way", "sq", "square", "hwy", "expy", "trl", "aly", "row"}
TITLES = _words("""
    officer ofc po sgt sergeant det detective lt lieutenant capt captain cpl corporal
    deputy trooper agent chief sheriff mr mrs ms miss dr doctor complainant witness
    suspect victim subject nurse pastor reverend attorney
""")
US_STATES = _words("""
    alabama alaska arizona arkansas california colorado connecticut delaware florida
    georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland
    massachusetts michigan minnesota mississippi missouri montana nebraska nevada
    hampshire jersey mexico york carolina dakota ohio oklahoma oregon pennsylvania rhode
    tennessee texas utah vermont virginia washington wisconsin wyoming
""")
CALENDAR = _words("""
    january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday
""")
NUMBER_KINDS = frozenset({"phone", "ssn", "id_number"})  # indexed as runs when long enough
MIN_COMPACT = 7  # shorter phone/ID values are checked only as whole field values
#: What every pseudonym the tool writes looks like (Pseudonymizer.LENGTH hex digits).
PSEUDONYM_SHAPE = re.compile(rf"[0-9a-f]{{{Pseudonymizer.LENGTH}}}")
#: … the lines of a text that are one pseudonym each: a batch tested in one pass.
PSEUDONYM_LINES = re.compile(rf"^{PSEUDONYM_SHAPE.pattern}$", re.MULTILINE)


_CANONICAL_GET = CANONICAL.get


@lru_cache(maxsize=65536)
def norm_token(token: str) -> str:
    folded = fold(token)
    return CANONICAL.get(folded, folded)


def tokens(text: str) -> list[str]:
    """The normalised tokens of ``text``."""
    if text.isascii():  # as norm_token gives them, in C, without filling its cache
        words = TOKEN.findall(text.lower())
        return list(map(_CANONICAL_GET, words, words))
    return list(map(norm_token, TOKEN.findall(text)))


# ASCII as tokens_many reads it: letters lower case, every character that is not a letter
# or a digit a space, but the line break that ends each value.
_ASCII_TOKENS = str.maketrans({c: c.lower() if c.isalnum() else " "
                               for c in map(chr, range(128)) if c != "\n"})


def tokens_many(texts: list[str]) -> list[list[str]]:
    """The normalised tokens of each of ``texts``, as :func:`tokens` gives them: a batch
    of plain ASCII (most of a source's values) in a few passes over the whole batch."""
    joined = "\n".join(texts)
    if not joined.isascii() or joined.count("\n") != len(texts) - 1:
        return list(map(tokens, texts))
    spaced = f" {joined.translate(_ASCII_TOKENS).replace(chr(10), ' ' + chr(10) + ' ')} "
    for word, spelling in CANONICAL.items():
        if f" {word} " in spaced:
            # twice: "north north" has one space between, which the first "north" took
            for _ in range(2):
                spaced = spaced.replace(f" {word} ", f" {spelling} ")
    return [line.split() for line in spaced.split("\n")]


def compact(text: str) -> str:
    """The tokens of ``text`` run together: how phones, SSNs and ID numbers are compared."""
    return "".join(tokens(text))


@lru_cache(maxsize=1)
def ordinary_words() -> SortedWords:
    """Ordinary (lower-case) English words, from the word lists ``english-words`` ships,
    with the months, days and US states: ``token in ordinary_words()``."""
    return english_word_list(US_STATES | CALENDAR | set(string.ascii_lowercase + string.digits))


def ordinary(token: str) -> bool:
    """True if a folded token is an English word, month, day or state (not a name alone)."""
    return len(token) < 2 or token in ordinary_words()
