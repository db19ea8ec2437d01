"""Names that are also words, told apart by how the sentence writes them.

``Rose``, ``Will``, ``King`` and ``Hill`` are names and English words, so the people
layer's runs of capitalised words read them as words. A sentence gives them away:

- a listed first name capitalised in the middle of a sentence (``said Rose was``,
  ``strike Will.``): English writes the flower and the verb in lower case;
- a listed first name and surname capitalised side by side (``Rose Hill took``);
- a listed name next to a verb that only a person does (``King stated``, ``spoke to
  King who``), and a word that is no plain English word there or before a possessive
  (``from Farhan's grandmother``);
- a listed name in capitals alone in mixed-case text (``stated KING hit him``), the way
  many agencies write a surname.

Not taken: a word after ``St.``/``Saint`` (``St. Mary's Hospital``), a word before a
place word (``Rose Garden``, ``King Avenue``: the run stops there), months, days, ranks
and the words a caps-locked sentence shouts (``DROP``, ``GUN``: Census surnames too).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from iaextract.pii.lexicon import DAYS, MONTHS
from iaextract.scrub.names import SPEAKS_RE
from iaextract.scrub.people_words import (
    LOWER,
    SENTENCE_END_RE,
    TITLE,
    UPPER,
    Token,
    words_of,
)

# A word after one of these names a saint's church, hospital or school.
SAINT_WORDS = frozenset({"st", "saint", "ste", "san", "santa"})
# Listed first names that a sentence capitalises for another reason: months and days,
# ranks and titles, peoples and faiths, words that only a heading capitalises.
NOT_FIRST_NAMES = MONTHS | DAYS | words_of("""
    in my so an see ok ha else soon many long young son miss major junior lady german
    christian numbers tiny golden royal prince princess queen noble precious temple van
    man love star sun moon forest season desire chance song brain loan page bell
""")
# Capitalised for emphasis or as an acronym, and listed by the Census as surnames.
_SHOUTED = words_of("""
    stop drop gun knife freeze help never now down hands fire police yes not all off out
    asp cad ems dui dwi swat bolo ncic cpr fto mdt dmv gps atf dea fbi ice cit doa icu aed
    dob ssn
""")
# Verbs whose object is a person, right before a name ("told King", "spoke with Hill").
_PERSON_OBJECT_RE = re.compile(
    r"(?i:\b(?:told|asked|spoke (?:to|with)|talked (?:to|with)|contacted|interviewed"
    r"|informed|advised|arrested|handcuffed|detained|transported|searched|questioned"
    r"|met with|phoned|texted|punched|struck|pushed|kicked|grabbed|tased|tackled"
    # the subject of a reported clause: "said Imani was", "stated that Tunde"
    r"|said|says|stated|states|reported|alleged|alleges|claimed|claims)(?: that)?)[ \t]+[\"“]?$")
# "who", or an act only a person does, right after the word ("Tunde fled").
_PERSON_AFTER_RE = re.compile(
    r",?[ \t]+(?:who|whom|fled|ran|walked|drove|resisted|refused|punched|kicked|grabbed"
    r"|pushed|yelled|screamed|shouted|cried|arrived|left)\b")
_JOIN_RE = re.compile(r"[ \t]{1,2}")
_SAINT_GAP_RE = re.compile(r"\.?[ \t]{0,2}")
_PLACE_GAP_RE = re.compile(r"(?:'s)?[ \t]{1,2}")


def mark_words_as_names(toks: list[Token], text: str, first: frozenset[str],
                        last: Mapping[str, bool], is_place: Callable[[str], bool],
                        is_word: Callable[[str], bool]) -> None:
    """Mark (``Token.name``) the name-words that the sentence shows to be people (see the
    module doc). ``text``: the text the tokens index; ``last[word]``: a listed surname
    (:func:`.word_lists.surnames`); ``is_place``: a place word; ``is_word``: an English
    word."""
    n = len(toks)
    for i, t in enumerate(toks):
        if t.name or t.case == LOWER or len(t.key) < 2:
            continue
        listed = t.key in first or last[t.key]
        if not listed and is_word(t.key) or is_place(t.key):
            continue  # (no rule takes an English word that is no listed name)
        before = _capitalised_neighbour(toks, i - 1, i) if i else None
        after = _capitalised_neighbour(toks, i + 1, i + 1) if i + 1 < n else None
        if i and _after_saint(toks, i):
            continue  # "St. Louis", "Saint Paul": a place, unless a name took the saint
        if after is not None and (is_place(after.key) or after.name):
            continue
        if t.case == UPPER:  # "stated KING hit him", "stated LINDQVIST hit him"
            t.name = before is None and after is None and t.key not in _SHOUTED and (
                listed and len(t.key) > 2 or len(t.key) > 4 and not is_word(t.key))
        elif before is None and after is None:
            odd = not is_word(t.key)
            said = (listed or odd) and _person_context(toks, i, text)
            owner = odd and text.startswith("'s", t.end)  # "from Farhan's grandmother"
            t.name = said or owner or (t.key in first and t.key not in NOT_FIRST_NAMES
                                       and not _sentence_start(toks, i))
        elif before is None and after is not None and after.case == TITLE:
            pair = t.key in first and last[after.key] and t.key not in NOT_FIRST_NAMES
            third = _capitalised_neighbour(toks, i + 2, i + 2) if i + 2 < n else None
            if pair and third is None:
                t.name = after.name = True


def saints_place(toks: list[Token], i: int, j: int, is_place: Callable[[str], bool]) -> bool:
    """Whether ``toks[i:j]`` names a saint's place: after ``St.``/``Saint`` (no part of
    a name, "Jamal St. John", nor a street's suffix, "Main St. Kiara") and before a place
    word ("St. Mary's Hospital", not "Grant St. John resisted")."""
    if not _after_saint(toks, i):
        return False
    if i > 1 and _capitalised_neighbour(toks, i - 2, i - 1) is not None:
        return False
    return j < len(toks) and toks[j].case != LOWER and is_place(toks[j].key) \
        and _PLACE_GAP_RE.fullmatch(toks[j].gap) is not None


def _after_saint(toks: list[Token], i: int) -> bool:
    saint = toks[i - 1]
    return saint.key in SAINT_WORDS and not saint.name \
        and _SAINT_GAP_RE.fullmatch(toks[i].gap) is not None


def _capitalised_neighbour(toks: list[Token], j: int, joint: int) -> Token | None:
    """Token ``j`` when it is capitalised and joined to its neighbour by a plain space
    (``joint``: the later of the two)."""
    if toks[j].case == LOWER or not _JOIN_RE.fullmatch(toks[joint].gap):
        return None
    return toks[j]


def _sentence_start(toks: list[Token], i: int) -> bool:
    return i == 0 and not toks[0].gap.strip() or SENTENCE_END_RE.search(toks[i].gap) is not None


def _person_context(toks: list[Token], i: int, text: str) -> bool:
    """A verb that only a person does comes right after or right before ``toks[i]``."""
    t = toks[i]
    return (SPEAKS_RE.match(text, t.end) is not None
            or _PERSON_AFTER_RE.match(text, t.end) is not None
            or _PERSON_OBJECT_RE.search(text, max(0, t.start - 24), t.start) is not None)
