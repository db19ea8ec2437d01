"""People layer: finds people nobody declared, by the words around them and by name lists.

The source's tables do not know the boyfriend, the tow driver or the nurse a narrative
mentions. This layer finds them without a model, on the normalised text:

- after a role or relationship word (``boyfriend``, ``neighbor``, ``nurse``, ``tow
  driver``, ``witness``) or a self-introduction (``I'm``, ``my name is``, ``identified
  as``, ``known as``), the name that follows, in any case (``witness kraevik``);
- speaker labels (``Naomi Ryan:`` at the start of a line or sentence);
- runs of capitalised words that read as a name: not ordinary English, at least one in
  the US Census first-name or surname lists, or two that are no English word at all;
- ``LAST, FIRST``, initials (``J. Okafor``, ``D.M.``), quoted nicknames after a name or
  an alias word, and ``X and Y`` after a name;
- every later mention of a name word already found in the same text (``son Javier said
  that Javier took the phone``).

Hyphenated (``Washington-Baptiste``), ``O'``/``Mc``/``Mac`` and particle surnames
(``de la Cruz``) are one name; a possessive ``'s`` stays outside the span.
"""

from __future__ import annotations

import re

from iaextract.pii.entities import PARTICLES
from iaextract.pii.lexicon import MONTHS, TITLES
from iaextract.scrub.names import is_shouting
from iaextract.scrub.people_classes import WordClasses
from iaextract.scrub.people_context import (
    NOT_FIRST_NAMES,
    SAINT_WORDS,
    mark_words_as_names,
    saints_place,
)
from iaextract.scrub.people_words import (
    INTRO,
    LOWER,
    ROLE_WORDS,
    SENTENCE_END_RE,
    UPPER,
    Token,
    WordInfo,
    tokens,
)

Span = tuple[str, int, int]


# The words a cue is read after: roles, titles and introductions (people_words.INTRO).
_CUE_KEYS = ROLE_WORDS | TITLES | {INTRO}
_AND_OR = frozenset({"and", "or", "&"})
ALIAS_WORDS = frozenset({"aka", "known", "nicknamed", "called", "alias", "goes", "a.k.a"})
# A surname this common as a word (said, went, left) after a lower-case first name is
# read as the word; below it (hill, king, white) as the surname.
VERY_COMMON_WORD_COUNT = 500_000
_ABBREVIATIONS = frozenset({"us", "po", "am", "pm", "dc", "nw", "ne", "sw", "se", "uk",
                            "ia", "pd", "id", "dl", "ok", "tv", "lt", "ft", "mt", "st",
                            "dob", "ssn"})
_QUOTE_RE = re.compile(r"[\"“”]\s*([A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+)?)\s*[\"“”]")
# (The first letter is read before the look-behind, so the scan skips to capitals.)
_INITIALS_RE = re.compile(r"([A-Z])(?<![\w.][A-Z])\.\s?([A-Z])\.(?:\s?([A-Z])\.)?(?![\w])")
_LINE_LABEL_RE = re.compile(r"(?:^|\n)[ \t]*$")
_NAME_GAP_RE = re.compile(r"[ \t]{1,2}|[ \t]?-[ \t]?|\n")
# After an initial or a particle: "J. Okafor", "J Okafor", "St. John".
_INITIAL_GAP_RE = re.compile(r"\.?[ \t]{1,2}")
_CUE_GAP_RE = re.compile(r"[ \t]*[,:]?[ \t]{1,3}[\"“]?|[ \t]*:[ \t]*")

class PeopleFinder(WordClasses):
    """Finds names of people the source does not know (see the module doc)."""

    def __init__(self) -> None:
        super().__init__()
        self._word_cache: dict[str, WordInfo] = {}

    def _name_word(self, t: Token, strong: bool, shouting: bool) -> bool:
        """Whether ``t`` can be part of a name after a cue (``strong``: an introduction,
        where a lower-case word counts when it is a listed name and no English word).
        In ALL CAPS text capitals say nothing: "WITNESS STATED" is no name."""
        if self._place(t.key) or len(t.key) < 2:
            return False
        if shouting:
            return self._listed(t.key) or not self._ordinary(t.key)
        if t.case != LOWER:
            return True
        return not self._ordinary(t.key) and (strong or self._listed(t.key)
                                              or not self.english[t.key])

    # -- the layer ----------------------------------------------------------------------
    def find(self, text: str) -> list[Span]:
        """Name spans in ``text`` (the normalised text)."""
        toks = tokens(text, self._word_cache)
        if not toks:
            return []
        shouting = is_shouting(text)
        self._after_cues(toks, shouting)
        self._capitalised_runs(toks, shouting)
        if not shouting:
            mark_words_as_names(toks, text, self.first, self.last, self._place,
                                self._plain)
        self._last_first(toks)
        self._coordinated(toks)
        self._repeats(toks)
        self._particles(toks)
        spans = self._merge(toks)
        spans += self._extras(text, spans)
        return spans

    def _after_cues(self, toks: list[Token], shouting: bool) -> None:
        n = len(toks)
        for i in [i for i, t in enumerate(toks) if t.key in _CUE_KEYS]:  # (listed in C)
            t = toks[i]
            strong = False
            if t.key in ROLE_WORDS or t.key in TITLES:
                nxt = i + 1
            else:  # an introduction
                nxt, strong = i + 1, True
            if nxt >= n or not _CUE_GAP_RE.fullmatch(toks[nxt].gap):
                continue
            self._take(toks, nxt, strong, shouting)

    def _take(self, toks: list[Token], j: int, strong: bool, shouting: bool) -> None:
        taken = 0
        n = len(toks)
        while j < n and taken < 4:
            c = toks[j]
            if c.key == INTRO:
                break
            if taken and not _joined(toks, j):
                break
            if taken and shouting and (self._ordinary(c.key) or not self._listed(c.key)):
                break  # in ALL CAPS only a listed name goes on a name
            if c.key in PARTICLES and c.case == LOWER:
                k = j  # "de la Cruz": particles belong to the capitalised word after them
                while k < n and toks[k].key in PARTICLES and toks[k].case == LOWER:
                    k += 1
                if k == n or toks[k].case == LOWER:
                    break
                for x in range(j, k):
                    toks[x].name = True
                j = k
                continue
            if len(c.key) == 1 and c.case != LOWER and j + 1 < n:
                c.name = True  # an initial
                j += 1
                continue
            after_first = bool(taken) and self._surname_after_first(toks, j)
            if not (self._name_word(c, strong, shouting) or self._lower_pair(toks, j)
                    or after_first) or (c.case == LOWER and taken and not strong
                                        and not self._listed(c.key) and not after_first):
                break
            c.name = True
            taken += 1
            j += 1

    def _lower_pair(self, toks: list[Token], j: int) -> bool:
        """A lower-case first name with a lower-case surname after it ("hector nguyen")."""
        c = toks[j]
        if c.case != LOWER or c.key not in self.first or j + 1 >= len(toks):
            return False
        d = toks[j + 1]
        return d.case == LOWER and d.gap == " " and self.last[d.key] \
            and not self._ordinary(d.key)

    def _surname_after_first(self, toks: list[Token], j: int) -> bool:
        """A lower-case listed surname right after a lower-case first name that a cue
        already took, even when the surname is also a word ("boyfriend, marcus hill",
        "june king"); not the commonest words, which are far likelier the sentence going
        on ("son kevin said": Said, Went and Left are surnames too)."""
        c, before = toks[j], toks[j - 1]
        if not (c.case == LOWER and before.case == LOWER and before.name
                and before.key in self.first and c.gap == " "):
            return False
        if self.last[c.key]:
            return self.counts[c.key] < VERY_COMMON_WORD_COUNT
        return not self._ordinary(c.key) and not self.english[c.key]  # "malik kraevik"

    def _capitalised_runs(self, toks: list[Token], shouting: bool) -> None:
        i, n = 0, len(toks)
        while i < n:
            j = i
            while j < n and toks[j].case != LOWER and not self._cue(toks[j].key) and (
                    j == i or _joined(toks, j)):
                j += 1
            if j == i:  # no run starts here (a lower-case word or a cue)
                i += 1
                continue
            # A capitalised word that starts a sentence is only a word ("Per Amber Pruitt").
            while i < j - 1 and self._plain(toks[i].key) and len(toks[i].key) > 1 \
                    and toks[i].key not in self.first and toks[i].key not in MONTHS:
                i += 1
            run = toks[i:j]
            if i and toks[i - 1].key in SAINT_WORDS and saints_place(toks, i, j, self._place):
                run = []  # a saint's church or hospital: "St. Mary's Hospital"
            label = j < n and toks[j].gap.startswith(":") and (
                i == 0 or _LINE_LABEL_RE.search(toks[i].gap) is not None
                or SENTENCE_END_RE.search(toks[i].gap) is not None)
            if run and self._reads_as_name(run, toks[i].gap, i == 0, shouting, label):
                for t in run:
                    # in ALL CAPS only the name words themselves ("DIAZ", not "ARRIVED")
                    t.name = not shouting or (self._listed(t.key) and not self._ordinary(t.key))
            i = max(j, i + 1)

    def _reads_as_name(self, run: list[Token], before: str, first: bool,
                       shouting: bool, label: bool) -> bool:
        if len(run) == 1:  # most runs: read as _run_reads_as_name does, without its lists
            return self._word_reads_as_name(run[0].key, before, first, shouting, label)
        return self._run_reads_as_name(run, before, first, shouting, label)

    def _word_reads_as_name(self, key: str, before: str, first: bool, shouting: bool,
                            label: bool) -> bool:
        if len(key) < 2 or self._ordinary(key):
            return False
        if label and not shouting:
            return True
        if shouting:
            return False
        return first or SENTENCE_END_RE.search(before) is not None or self._listed(key)

    def _run_reads_as_name(self, run: list[Token], before: str, first: bool,
                           shouting: bool, label: bool) -> bool:
        words = [t for t in run if len(t.key) > 1]
        if not words:
            return False
        foreign = [t for t in words if not self._ordinary(t.key)]
        listed = [t for t in foreign if self._listed(t.key)]
        if label and not shouting:  # a speaker label: "Crystal Kraevik: I did not..."
            return bool(foreign)
        if len(words) < len(run):  # an initial: "J. Okafor", "J. Cotton"
            return bool(listed) or not shouting and any(
                t in foreign or self._listed(t.key) for t in words)
        if len(words) >= 2:  # "Bill Lindqvist", "Imani Rose": one no word, one a name
            return bool(listed) or not shouting and (
                len(foreign) >= 2 or self._beside_a_name(words))
        if shouting:
            return False
        starts = first or SENTENCE_END_RE.search(before) is not None
        # One word alone: a listed non-English name; where a sentence starts, any word
        # that is no English word ("Vikram told reporters").
        return bool(foreign) if starts else bool(listed)

    def _beside_a_name(self, words: list[Token]) -> bool:
        """A word that is no plain English word (nor an acronym: "An ASP baton") beside
        another or beside a listed name ("Bill Lindqvist", "Liam Walker", "Jun Zhao")."""
        odd = [t for t in words if t.case != UPPER and not self._plain(t.key)]
        return len(odd) >= 2 or bool(odd) and any(
            self._listed(t.key) and (t.key not in NOT_FIRST_NAMES or t.key in MONTHS)
            for t in words if t not in odd)

    def _last_first(self, toks: list[Token]) -> None:
        for i in [i for i in range(1, len(toks)) if "," in toks[i].gap]:  # (listed in C)
            a, b = toks[i - 1], toks[i]
            if a.case == LOWER or b.case == LOWER or b.gap.strip() != ",":
                continue
            if (self.last[a.key] or a.name) and (
                    b.key in self.first or not self._ordinary(b.key)) and not self._place(
                    a.key) and (a.name or not self._ordinary(a.key) or a.case == b.case == UPPER
                                or self._word_surname_before_name(a, b)):
                a.name = b.name = True

    def _word_surname_before_name(self, a: Token, b: Token) -> bool:
        """"White, Hector": a surname that is also a word, then a first name that is
        none; not the commonest words ("Well, Maria said")."""
        return self.last[a.key] and b.key in self.first and not self._ordinary(b.key) \
            and self.counts[a.key] < VERY_COMMON_WORD_COUNT

    def _coordinated(self, toks: list[Token]) -> None:
        """"X and Y" where one is a name, or both are capitalised and no plain word
        ("Liam and Yerlan walked home")."""
        for i in [i for i in range(2, len(toks)) if toks[i - 1].key in _AND_OR]:
            a, mid, t = toks[i - 2], toks[i - 1], toks[i]
            odd_a, odd_t = self._odd(a), self._odd(t)
            if odd_a and odd_t and mid.gap == t.gap == " ":
                a.name = t.name = True
            if a.name and odd_t:
                t.name = True
            if mid.key == "and" and t.name and odd_a:
                a.name = True

    def _odd(self, t: Token) -> bool:
        """Capitalised, no plain word, no place: a name beside a name."""
        return t.case != LOWER and not self._place(t.key) and not self._plain(t.key)

    def _particles(self, toks: list[Token]) -> None:
        """Particles right before a found name belong to it ("de la Cruz", "DE LA CRUZ",
        "St. John"), and so does an initial or a first name before them ("Grant St.
        John", "B. St. John")."""
        # (only where a particle is, listed in C: elsewhere nothing is changed)
        for i in [i for i in range(len(toks) - 1, 0, -1)
                  if toks[i].key in PARTICLES or toks[i - 1].key in PARTICLES]:
            t, before = toks[i], toks[i - 1]
            if not t.name or before.name or _INITIAL_GAP_RE.fullmatch(t.gap) is None:
                continue
            particle = before.key in PARTICLES and len(before.key) > 1
            before_particle = t.key in PARTICLES and before.case != LOWER and (
                len(before.key) == 1 or before.key in self.first)
            before.name = particle or before_particle

    @staticmethod
    def _repeats(toks: list[Token]) -> None:
        found = {t.key for t in toks if t.name and len(t.key) > 1}
        for t in toks:
            if not t.name and t.case != LOWER and t.key in found:
                t.name = True

    @staticmethod
    def _merge(toks: list[Token]) -> list[Span]:
        spans: list[Span] = []
        cur: list[int] | None = None
        for i, t in enumerate(toks):
            if not t.name:
                continue
            if cur is not None and toks[i - 1].name and (
                    _joined(toks, i) or toks[i - 1].key in ("st", "ste") and t.gap == ". "):
                cur[1] = t.end
                continue
            if cur is not None:
                spans.append(("name", cur[0], cur[1]))
            cur = [t.start, t.end]
        if cur is not None:
            spans.append(("name", cur[0], cur[1]))
        return spans

    def _extras(self, text: str, spans: list[Span]) -> list[Span]:
        """Quoted nicknames next to a name or an alias word, and bare initials (D.M.)."""
        out: list[Span] = []
        quoted = '"' in text or "“" in text or "”" in text  # (else no nickname: no scan)
        ends = {end for _, _, end in spans} if quoted else set()
        starts = {start for _, start, _ in spans} if quoted else set()
        for m in _QUOTE_RE.finditer(text) if quoted else ():
            before = text[max(0, m.start() - 14):m.start()].lower()
            near_name = any(m.start() - 3 <= e <= m.start() for e in ends) or any(
                m.end() <= s <= m.end() + 2 for s in starts)
            if near_name or any(w in before for w in ALIAS_WORDS):
                out.append(("name", m.start(1), m.end(1)))
        for m in _INITIALS_RE.finditer(text):
            letters = "".join(g for g in m.groups() if g).lower()
            if letters not in _ABBREVIATIONS:
                out.append(("name", m.start(), m.end()))
        return out


def _joined(toks: list[Token], j: int) -> bool:
    """Whether token ``j`` continues a name that token ``j - 1`` is part of."""
    gap = toks[j].gap
    if len(toks[j - 1].key) == 1 and toks[j - 1].case != LOWER:
        # (the letter of a unit, "Apt. 12B. Jamal", is no initial)
        return _INITIAL_GAP_RE.fullmatch(gap) is not None and not toks[j - 1].gap[-1:].isdigit()
    return _NAME_GAP_RE.fullmatch(gap) is not None
