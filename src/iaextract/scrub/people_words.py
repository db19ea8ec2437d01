"""The people layer's tokeniser: the words of a narrative that can matter to it.

Most words of a narrative are plain lower-case English and matter only right after a
role word or an introduction. The tokeniser keeps capitalised words, cue words (roles,
titles, particles, "and"), introductions (``I'm``, ``identified as``: one token) and
the two words after a cue, with the text before each (its gap).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate, compress
from operator import itemgetter, not_
from typing import Any

from iaextract.pii.entities import PARTICLES
from iaextract.pii.lexicon import TITLES
from iaextract.scrub.names import shared_split


def words_of(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TOKEN_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*(?:-[^\W\d_]+(?:'[^\W\d_]+)*)*")
# The same for ASCII text, where [^\W\d_] is [A-Za-z] and a plain class is read faster.
_ASCII_TOKEN_RE = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*(?:-[A-Za-z]+(?:'[A-Za-z]+)*)*")
# Both as one capturing group: a split gives the gaps and the words.
_SPLIT_RE = re.compile(f"({_TOKEN_RE.pattern})")
_ASCII_SPLIT_RE = re.compile(f"({_ASCII_TOKEN_RE.pattern})")

# Role and relationship words: the capitalised (or unknown) words right after are a name.
ROLE_WORDS = words_of("""
    boyfriend girlfriend husband wife son daughter mother father mom dad brother sister
    cousin aunt uncle nephew niece grandmother grandfather grandson granddaughter
    stepson stepdaughter stepfather stepmother fiance fiancee partner ex roommate
    neighbor neighbour friend landlord landlady tenant manager owner employee coworker
    supervisor nurse doctor pastor reverend rev attorney lawyer coach teacher principal
    bystander caller witness complainant victim suspect subject arrestee driver
    passenger juvenile defendant respondent reporter clerk cashier guard paramedic medic
    babysitter nanny boss employer baby child kid relative
""")
# Self-introductions and aliases: what follows is a name even in lower case.
INTRO = "<intro>"  # the key of a self-introduction or alias phrase
_INTRO_PHRASES = (
    r"identified (?:him|her)self as|identified as|introduced (?:him|her)self as"
    r"|(?:gave )?(?:his |her |their )?names? (?:is|as|was)|i'm|i am|known as|called|named"
    r"|nicknamed|aka|a\.k\.a\.?|goes by|calls (?:him|her)self|by the name of|this is"
)
_INTRO_RE = re.compile(rf"(?i:{_INTRO_PHRASES})(?![^\W_])")
_CUES = ROLE_WORDS | TITLES | PARTICLES | {"and", "or"}
# First words of the introductions: only there is an introduction looked for.
_INTRO_FIRST = frozenset({"identified", "introduced", "gave", "his", "her", "their", "name",
                          "names", "i'm", "i", "known", "called", "named", "nicknamed",
                          "aka", "a", "goes", "calls", "by", "this"})
WORD_CACHE_SIZE = 200_000
# A gap that ends a sentence (a quote, straight or curly, opens one).
SENTENCE_END_RE = re.compile(r"[.!?;:\n\"“”]\s*$")

LOWER, TITLE, UPPER = 0, 1, 2


@dataclass(slots=True)
class Token:
    start: int
    end: int
    key: str
    case: int
    gap: str  # the text before this token
    name: bool = False


# What the tokeniser needs to know of a word, worked out once per distinct word:
# (plain: lower-case and no cue, may start an introduction, a cue, case, key, letters
# of a possessive 's to leave out).
WordInfo = tuple[bool, bool, bool, int, str, int]
_PLAIN: Callable[[Any], bool] = itemgetter(0)


def _word_info(word: str) -> WordInfo:
    intro_first = word.lower() in _INTRO_FIRST
    if word[0].islower():
        cue, case = word in _CUES, LOWER
    else:
        cue = word.lower() in _CUES
        case = UPPER if len(word) > 1 and word.isupper() else TITLE
    cut = 2 if word[-2:] in ("'s", "'S") and len(word) > 3 else 0
    key = (word[:-2] if cut else word).lower()
    return case == LOWER and not cue and not intro_first, intro_first, cue, case, key, cut


def tokens(text: str, known: dict[str, WordInfo] | None = None) -> list[Token]:
    """The words that can matter: capitalised words, cue words (roles, titles,
    particles, "and"), introductions (one token keyed :data:`INTRO`) and the two words
    after a cue. Skipped lower-case words stay inside the gaps, where they break a name
    as they should. ``known`` remembers what each word is across texts (bounded)."""
    if known is None:
        known = {}
    # One split gives the words and their offsets in C ([gap, word, gap, ..., gap]);
    # each word is looked up in one map, and Python reads only the words that are not
    # plain, and the two after a cue.
    shared = shared_split(text)
    if shared is None:
        parts = (_ASCII_SPLIT_RE if text.isascii() else _SPLIT_RE).split(text)
        ends = list(accumulate(map(len, parts)))  # ends[2 * i] is where word i starts
    else:
        parts, ends = shared
    words = parts[1::2]
    infos = list(map(known.get, words))
    if None in infos:
        for i, info in enumerate(infos):
            if info is None:
                if len(known) > WORD_CACHE_SIZE:  # bounded: memory stays flat
                    known.clear()
                infos[i] = known[words[i]] = _word_info(words[i])
    wanted = list(compress(range(len(words)), map(not_, map(_PLAIN, infos))))
    toks: list[Token] = []
    pos = 0
    after_cue = 0
    i = -1
    k = 0  # the next of ``wanted`` to read
    while True:
        if after_cue:  # the words right after a cue are read whatever they are
            i += 1
            if i == len(words):
                break
        else:
            while k < len(wanted) and wanted[k] <= i:
                k += 1
            if k == len(wanted):
                break
            i = wanted[k]
        start = ends[2 * i]
        if start < pos:
            continue  # inside an introduction phrase
        _, intro_first, cue, case, key, cut = infos[i]  # type: ignore[misc]
        intro = _INTRO_RE.match(text, start) if intro_first else None
        if intro:
            pos = intro.end()
            toks.append(Token(start, pos, INTRO, LOWER, text[toks[-1].end if toks else 0:start]))
            after_cue = 2
            continue
        if case == LOWER:
            if cue:
                after_cue = 2
            elif after_cue:
                after_cue -= 1
            else:
                continue
        else:
            after_cue = 2 if cue else after_cue - 1 if after_cue else 0
        toks.append(Token(start, ends[2 * i + 1] - cut, key, case,
                          text[toks[-1].end if toks else 0:start]))
    return toks
