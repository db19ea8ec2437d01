"""Name layer: known people, people after titles/role words, lexicon "First Last" pairs.

Works on the folded text (accents stripped, curly apostrophes straightened,
same length as the original), one dict lookup per word, so the cost is flat in
the number of known people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, compress, repeat
from typing import Any

from iaextract.pii.entities import PARTICLES, KnownEntities
from iaextract.pii.lexicon import (
    INSTITUTIONAL,
    MONTHS,
    ROLES,
    TITLES,
    first_names,
    fold,
    ordinary_words,
)
from iaextract.scrub import word_lists

Span = tuple[str, int, int]

_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# Decomposed text ("Nu" + U+0303 + "nez") carries combining marks that are not \w:
# such text is tokenised with the marks inside words, and keys drop them.
# Soft hyphens and zero-width characters hidden inside a name are treated the same way.
_MARKS = (
    "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u00ad\u200b-\u200d\u2060\ufeff"
)
_MARKED_WORD_RE = re.compile(
    rf"[^\W\d_][{_MARKS}]*(?:[^\W\d_]|[{_MARKS}])*(?:'[^\W\d_][{_MARKS}]*(?:[^\W\d_]|[{_MARKS}])*)*"
)
_MARK_RE = re.compile(rf"[{_MARKS}]")
_WORD_SPLIT_RE = re.compile(f"({_WORD_RE.pattern})")
# The same for ASCII text, where [^\W\d_] is [A-Za-z] and a plain class is read faster.
_ASCII_WORD_SPLIT_RE = re.compile(r"([A-Za-z]+(?:'[A-Za-z]+)*)")
_UNSEEN: Any = object()  # a word not yet in the word cache
_SENTENCE_END_RE = re.compile(r"[.!?;:\n]")
_HYPHEN_WORD_AFTER_RE = re.compile(r"-[a-z]")
_HYPHEN_WORD_BEFORE_RE = re.compile(r"[a-z]-$")
_GAP_TAIL_RE = re.compile(r"\W*$")
# A verb that says a capitalised word is someone: "Hill called", "King stated".
SPEAKS_RE = re.compile(
    r"[ \t]{1,3}(?:said|says|called|calls|stated|states|told|tells|reported|reports"
    r"|advised|advises|explained|explains|claimed|claims|alleged|alleges|admitted"
    r"|admits|denied|denies|declined|refused|complained|testified|asked|asks"
    r"|yelled|shouted|replied|responded|answered|wrote|texted|phoned|emailed)\b")
_SURNAME = frozenset({"last", "maiden"})  # the roles of a surname in KnownEntities.parts
_HAS_WORD_RE = re.compile(r"\w")
# Gaps allowed between words of one name.
_NAME_GAP_RE = re.compile(r"[ \t]{1,3}|[ \t]?-[ \t]?|\.[ \t]{0,2}")
# A closing quote may follow a quoted nickname: '"Sue" May' is one person.
_PAIR_GAP_RE = re.compile(r"[ \t]{1,3}|[ \t]?-[ \t]?|\.[ \t]{0,2}|,[ \t]{1,2}|[ \t]*\n[ \t]*"
                          r"|[\"\u201d'\u2019][ \t]{1,2}")
# Gap between a title/role word and the name after it ("Ofc. ", "witness, ", "Victim: ").
_TITLE_GAP_RE = re.compile(r"\.?,?:?[ \t]{1,3}|\.")
_ROLE_GAP_RE = re.compile(r",?:?[ \t]{1,3}")
# Abbreviated titles that are ordinary words unless written with their period.
_NEEDS_PERIOD = frozenset({"off", "po", "dep", "inv"})
_TITLES_ROLES = TITLES | ROLES

LOWER, TITLE, UPPER = 0, 1, 2


@dataclass(slots=True)
class _Tok:
    start: int
    end: int  # end of the name proper (a possessive 's is left outside)
    key: str
    case: int
    name: bool = False


def _tokens(folded: str, keep_lower: frozenset[str], marked: bool = False,
            known: dict[str, tuple[str, int, int] | None] | None = None) -> list[_Tok]:
    """Words of the text that can matter: capitalised ones, single letters, and
    lower-case ones in ``keep_lower`` (known name parts, titles, roles). Skipped
    words stay inside the gaps, where they break adjacency, as they should.
    ``known`` remembers each word's (key, case, possessive letters) or None (skipped)
    across texts of the same ``keep_lower`` (bounded)."""
    if marked:
        return _marked_tokens(folded, keep_lower)
    if known is None:
        known = {}
    # One split gives the gaps and words in C ([gap, word, gap, ..., gap]); each word is
    # looked up in one map and only the words that matter reach Python code.
    global _last_split
    ascii_text = folded.isascii()
    parts = (_ASCII_WORD_SPLIT_RE if ascii_text else _WORD_SPLIT_RE).split(folded)
    words = parts[1::2]
    infos = list(map(known.get, words, repeat(_UNSEEN, len(words))))
    if _UNSEEN in infos:
        for i, info in enumerate(infos):
            if info is _UNSEEN:
                if len(known) > _WORD_CACHE_SIZE:  # bounded: memory stays flat
                    known.clear()
                infos[i] = known[words[i]] = _word_info(words[i], keep_lower)
    ends = list(accumulate(map(len, parts)))  # ends[2 * i] is where word i starts
    if ascii_text:
        _last_split = (folded, parts, ends)
    # (a skipped word's info is None, false: compress passes it over in C)
    return [_Tok(ends[2 * i], ends[2 * i + 1] - info[2], info[0], info[1])
            for i, info in zip(compress(range(len(infos)), infos), filter(None, infos),
                               strict=True)]


# About 200 bytes a word (the word, its key, the answer, the slot): 10 MB in each process
# that scrubs, where 200,000 was 40 MB. The 200k-incident demo's narratives hold about
# 4,000 distinct words; a real agency's prose more, its common words all kept.
_WORD_CACHE_SIZE = 50_000
# The last ASCII text's split and the end of each part, which the people layer reads next.
_last_split: tuple[str, list[str], list[int]] = ("", [], [])


def shared_split(text: str) -> tuple[list[str], list[int]] | None:
    """The split of ``text`` into words and gaps ([gap, word, gap, ..., gap]) as the people
    layer makes it, and where each part ends, when this layer has just split the same
    ASCII text (else None): its own split, with the two words on either side of each lone
    hyphen joined into one, as the people layer's words are ("Washington-Baptiste")."""
    folded, parts, ends = _last_split
    if folded != text:
        return None
    if "-" not in parts:
        return parts, ends
    parts, ends = parts[:], ends[:]
    # (right to left, so that a chain "Smith-Jones-Lee" joins into one word and the
    # hyphens still to join keep their places)
    for k in reversed(_positions(parts, "-")):
        if 0 < k < len(parts) - 1:  # a gap between two words, not the text's first or last
            parts[k - 1] += "-" + parts[k + 1]
            del parts[k:k + 2]
            ends[k - 1] = ends[k + 1]
            del ends[k:k + 2]
    return parts, ends


def _positions(items: list[str], item: str) -> list[int]:
    """Where ``item`` is in ``items`` (each found by a scan in C)."""
    found: list[int] = []
    k = -1
    try:
        while True:
            k = items.index(item, k + 1)
            found.append(k)
    except ValueError:
        return found


def _word_info(word: str, keep_lower: frozenset[str]) -> tuple[str, int, int] | None:
    case = LOWER if not word[0].isupper() else UPPER if len(word) > 1 and word.isupper() \
        else TITLE
    cut = 2 if word[-2:] in ("'s", "'S") else 0
    key = (word[:-2] if cut else word).lower()
    if case == LOWER and len(key) > 1 and key not in keep_lower:
        return None
    return key, case, cut


def _marked_tokens(folded: str, keep_lower: frozenset[str]) -> list[_Tok]:
    # Decomposed text: the marks are taken out of each word before it is read.
    toks: list[Any] = []
    for m in _MARKED_WORD_RE.finditer(folded):
        word = _MARK_RE.sub("", m.group())
        info = _word_info(word, keep_lower)
        if info is None:
            continue
        start, end = m.span()
        if info[2]:
            end = start + m.group().rindex("'")
        toks.append(_Tok(start, end, info[0], info[1]))
    return toks


_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_LOWER = bytes(range(ord("a"), ord("z") + 1))


_last_shouting: tuple[str, bool] = ("", False)


def is_shouting(text: str) -> bool:
    # In an ALL-CAPS narrative capitals carry no signal: only stronger evidence counts.
    # The name and people layers ask this of the same text in turn: the last is kept.
    global _last_shouting
    last = _last_shouting
    if last[0] == text:
        return last[1]
    # ASCII letters counted in C: the bytes a translation deletes.
    sample = text[:2000].encode("ascii", "ignore")
    upper = len(sample) - len(sample.translate(None, _UPPER))
    shouting = upper > 20 and upper > 3 * (len(sample) - len(sample.translate(None, _LOWER)))
    _last_shouting = (text, shouting)
    return shouting


class NameFinder:
    """Finds name spans; built once per :class:`KnownEntities`, reused for every text."""

    def __init__(self, known: KnownEntities, *, lexicon: bool = True) -> None:
        self.parts = known.parts
        self.pairs = known.pairs
        self.ordinary = ordinary_words() | PARTICLES
        self.first = first_names() if lexicon else frozenset()
        # last[word]: a listed surname (an exact, compact memo: word_lists.py)
        self.last = word_lists.surnames() if lexicon else None
        self.lexicon = lexicon
        self.keep_lower = frozenset(self.parts) | TITLES | ROLES | PARTICLES
        self._word_cache: dict[str, tuple[str, int, int] | None] = {}

    def find(self, text: str) -> list[Span]:
        """Name spans in ``text`` (offsets into ``text``), adjacent parts merged."""
        folded = fold(text)
        marked = not folded.isascii() and _MARK_RE.search(folded) is not None
        toks = _tokens(folded, self.keep_lower, marked, self._word_cache)
        if not toks:
            return []
        shouting = is_shouting(folded)
        # gaps[i] is the text before token i; gaps[-1] the text after the last token.
        # (sliced in C: a slice from each token's end to the next one's start)
        gaps = list(map(folded.__getitem__, map(slice, [0] + [t.end for t in toks],
                                                [t.start for t in toks] + [len(folded)])))
        self._known(toks, gaps, shouting)
        self._after_titles(toks, gaps, shouting)
        if self.lexicon:
            self._lexicon_pairs(toks, gaps, shouting)
        self._initials(toks, gaps)
        return self._merge(toks, gaps)

    # -- layers -----------------------------------------------------------------
    def _known(self, toks: list[_Tok], gaps: list[str], shouting: bool) -> None:
        parts, pairs, ordinary = self.parts, self.pairs, self.ordinary
        n = len(toks)
        for i, t in enumerate(toks):
            if t.key not in parts:
                continue
            # Two words of one person's name in order: a name in any case.
            if i and (toks[i - 1].key, t.key) in pairs and _pair_gap(toks[i - 1], gaps[i]):
                t.name = toks[i - 1].name = True
            elif t.key not in ordinary:
                t.name = True
            # An ordinary word that is also a known name: needs evidence.
            elif t.case == LOWER or parts[t.key] == {"particle"}:
                continue
            elif i and toks[i - 1].key in _TITLES_ROLES and _TITLE_GAP_RE.fullmatch(gaps[i]):
                t.name = True
            elif shouting:
                continue
            elif "nickname" in parts[t.key] and t.case == TITLE:
                # A nickname that is a word ("Red", "Sue") is a person even where a
                # sentence starts: "Red called the station". Fail closed.
                t.name = True
            elif t.case == UPPER or gaps[i + 1][:2] in ("'s", "'S") \
                    or (SPEAKS_RE.match(gaps[i + 1]) and parts[t.key] & _SURNAME) or (
                not _sentence_start(toks, gaps, i) and not self._word_use(toks, gaps, i)
            ):
                # A capitalised known name with a possessive ("King's son"), or a known
                # surname followed by a verb of speaking ("Hill called the station"), is
                # a person even where a sentence starts. A given name that is a word
                # stays ("Hope responded"): the scan does not flag one alone either.
                t.name = True
        # Capitalised ambiguous parts next to a name are part of it ("Will Smith").
        # (Only the capitalised known parts not yet taken can be: listed once, in C.)
        waiting = [i for i, t in enumerate(toks)
                   if not t.name and t.case != LOWER and t.key in parts]
        if not waiting:
            return
        for order in (waiting, waiting[::-1]):
            forward = order is waiting
            for i in order:
                t = toks[i]
                if t.name or (i == 0 if forward else i == n - 1):
                    continue
                j, g = (i - 1, gaps[i]) if forward else (i + 1, gaps[i + 1])
                if toks[j].name and _NAME_GAP_RE.fullmatch(g):
                    t.name = True

    def _word_use(self, toks: list[_Tok], gaps: list[str], i: int) -> bool:
        """True when a capitalised ambiguous word is plainly used as a word."""
        # "Rose-tinted": hyphen-joined to a lower-case word (a known name part would
        # be a token of its own, so a letter right after the hyphen is a plain word).
        if _HYPHEN_WORD_AFTER_RE.match(gaps[i + 1]) or _HYPHEN_WORD_BEFORE_RE.search(gaps[i]):
            return True
        # Months are capitalised anyway ("in June", "May 5"): capitals prove nothing.
        return toks[i].key in MONTHS

    def _after_titles(self, toks: list[_Tok], gaps: list[str], shouting: bool) -> None:
        n = len(toks)
        for i in [i for i, t in enumerate(toks) if t.key in _TITLES_ROLES]:
            t = toks[i]
            if t.key in _NEEDS_PERIOD and not gaps[i + 1].startswith("."):
                continue
            taken = 0
            j = i + 1
            while j < n and taken < 3:
                c = toks[j]
                # after a role noun a period ends the sentence ("the driver. Tension")
                first_gap = _ROLE_GAP_RE if t.key in ROLES else _TITLE_GAP_RE
                gap_re = _NAME_GAP_RE if j > i + 1 else first_gap
                if not gap_re.fullmatch(gaps[j]):
                    break
                if c.case == LOWER and c.key in PARTICLES:
                    # "Lt. de la Cruz": particles belong to the capitalised word after them
                    k = j + 1
                    while k < n and toks[k].case == LOWER and toks[k].key in PARTICLES:
                        k += 1
                    if k < n and toks[k].case != LOWER and _NAME_GAP_RE.fullmatch(gaps[k]):
                        for x in range(j, k):
                            toks[x].name = True
                        j = k
                        continue
                    break
                if c.case == LOWER or c.key in INSTITUTIONAL or c.key in TITLES:
                    break
                if taken and shouting and not self._namelike(c):
                    break
                if len(c.key) == 1:  # an initial: part of the name, does not count
                    c.name = True
                    j += 1
                    continue
                c.name = True
                taken += 1
                j += 1

    def _namelike(self, t: _Tok) -> bool:
        return t.key in self.parts or t.key in self.first or (
            self.last is not None and self.last[t.key])

    def _lexicon_pairs(self, toks: list[_Tok], gaps: list[str], shouting: bool) -> None:
        first, last, ordinary = self.first, self.last, self.ordinary
        assert last is not None  # (the lexicon layer is on)
        n = len(toks)
        for i in [i for i, t in enumerate(toks[:-1]) if t.case != LOWER and t.key in first]:
            t = toks[i]
            j = i + 1
            if len(toks[j].key) == 1 and toks[j].case != LOWER and j + 1 < n:
                j += 1  # "John Q. Public"
            c = toks[j]
            if c.case == LOWER or not _NAME_GAP_RE.fullmatch(gaps[j]) or c.key in INSTITUTIONAL:
                continue
            strict = shouting or t.key in ordinary
            if last[c.key] and c.key not in ordinary or not strict and c.key not in ordinary:
                for k in range(i, j + 1):
                    toks[k].name = True

    @staticmethod
    def _initials(toks: list[_Tok], gaps: list[str]) -> None:
        n = len(toks)
        # "J. Smith", "John Q. Smith", "Smith, J." (single letters listed first, in C)
        for i in [i for i, t in enumerate(toks) if len(t.key) == 1]:
            t = toks[i]
            # (the letter of a unit, "Apt. 12B. Jamal", is no initial)
            if t.name or t.case == LOWER or gaps[i][-1:].isdigit():
                continue
            after = gaps[i + 1]
            # The words "A" and "I" count as initials only with their period.
            if t.key in ("a", "i") and not after.startswith("."):
                continue
            before_name = i + 1 < n and toks[i + 1].name and _NAME_GAP_RE.fullmatch(after)
            # "Smith, J." / "Smith J"
            after_name = i and toks[i - 1].name and re.fullmatch(r",?[ \t]{1,2}", gaps[i])
            if before_name or after_name:
                t.name = True

    def _merge(self, toks: list[_Tok], gaps: list[str]) -> list[Span]:
        spans: list[Span] = []
        cur: list[int] | None = None
        prev_name = False
        for i, t in enumerate(toks):
            if not t.name:
                prev_name = False
                continue
            gap = gaps[i]
            # Across a comma only for "LAST, FIRST" of one person, so "Smith, Jones
            # and Lee" stays three names.
            joined = _NAME_GAP_RE.fullmatch(gap) or (
                _PAIR_GAP_RE.fullmatch(gap) and (toks[i - 1].key, t.key) in self.pairs
            )
            # A full stop joins only after an initial ("J. Smith"): "Ofc. Reyes. Hill
            # lives" is two people and a sentence end, each kept.
            if joined and gap.startswith(".") and len(toks[i - 1].key) > 1 \
                    and (toks[i - 1].key, t.key) not in self.pairs:
                joined = False
            if prev_name and cur is not None and joined:
                cur[1] = t.end
            else:
                if cur is not None:
                    spans.append(("name", cur[0], cur[1]))
                cur = [t.start, t.end]
            prev_name = True
        if cur is not None:
            spans.append(("name", cur[0], cur[1]))
        return spans


def _sentence_start(toks: list[_Tok], gaps: list[str], i: int) -> bool:
    # Gaps may hold skipped lower-case words; only punctuation after the last one counts.
    gap = gaps[i]
    tail = _GAP_TAIL_RE.search(gap).group()  # type: ignore[union-attr]
    has_words = len(tail) < len(gap) and _HAS_WORD_RE.search(gap) is not None
    if not has_words and i == 0:
        return True
    if not _SENTENCE_END_RE.search(tail):
        return False
    if has_words:
        return True
    prev = toks[i - 1]
    # "J. Grant": a period after an initial or a title does not end a sentence.
    return not (len(prev.key) == 1 and prev.case != LOWER) and prev.key not in TITLES


def _pair_gap(prev: _Tok, gap: str) -> bool:
    # An initial pairs with a surname only with its period: "w. grant", not "a young".
    if len(prev.key) == 1:
        return gap.startswith(".") and _PAIR_GAP_RE.fullmatch(gap) is not None
    return _PAIR_GAP_RE.fullmatch(gap) is not None
