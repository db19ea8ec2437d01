"""Finding known personal values in one text value (one field, or one line of a document).

A text is tokenised once; each token is looked up in the index a constant number of
times (phrases by their first token, phone/ID runs only from tokens holding a digit),
so the cost grows with the size of the output, not with the number of known values.

Free text (a scrubbed narrative) is almost always clean, and proving that takes less
than reading it fully: an ASCII text is first read by its tokens alone (``_prose``),
each rule's lookups made from the tokens that could start a match, in C loops where
it can be (one byte translation gives the tokens, set operations the candidates). Only
a text where some rule might match is read again fully, so what is found, and which
kind is named first, is the same as the full reading's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress, count
from operator import and_, not_

from iaextract.dates import UnparseableDate, parse_date
from iaextract.leakscan.tokens import (
    CANONICAL,
    DATE_FORMS,
    EMAIL,
    JOINERS,
    MIN_COMPACT,
    STREET_WORDS,
    TITLES,
    TOKEN,
    norm_token,
)
from iaextract.leakscan.values import KnownValues
from iaextract.pii.normalise import fold, scan_form

#: How a field's text is checked (see leakvalues for the rules).
FREE = "free"  # narratives and documents
FIELD = "field"  # other text fields: also the whole value
NUMBER = "number"  # numbers, booleans: phone/ID runs only
NAME_KINDS = frozenset({"name", "badge"})


@dataclass(frozen=True)
class Column:
    """How one output column is checked."""

    mode: str = FREE
    vocabulary: frozenset[str] = frozenset()  # folded values the field may hold
    # Officer name/badge kept under officer_identity = named: names of people of these
    # (folded) tables may appear; an empty set: of any table. None: no names here.
    names_from: frozenset[str] | None = None
    dates: bool = False  # a date field: its values are incident dates, not birthdays


DOCUMENT = Column(FREE)
# An ASCII text's bytes with letters lower-cased and everything else a space: split(),
# these are the folded tokens TOKEN finds (its letters and digits are [A-Za-z0-9]).
_TOKENS = bytes(c if c < 128 and chr(c).isalnum() else 32 for c in range(256))
_LOWER_TOKENS = _TOKENS.lower()
#: Every token DATE_IN_TEXT reads as a month (its _MONTH_WORD): a date written with
#: words holds one as a whole token; one written in digits is three digit tokens in a row.
MONTH_TOKENS = frozenset({
    "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun",
    "june", "jul", "july", "aug", "august", "sep", "sept", "sepember", "september",
    "oct", "october", "nov", "november", "dec", "december"})
_UNSURE = "?"  # _prose cannot tell without the full reading


class Matcher:
    """Answers "which kind of known value does this text hold, if any?".

    ``quick``: prove ASCII free text clean from its tokens before reading it fully (the
    same answers; False only to compare the two readings).
    """

    def __init__(self, known: KnownValues, quick: bool = True) -> None:
        self.known = known
        self.quick = quick

    def find(self, text: str, column: Column = DOCUMENT) -> str | None:
        """The kind of the first known value in ``text`` under ``column``'s rules."""
        if not text or len(text) < 2:
            return None
        # The scrubber's normalisation: hidden and look-alike characters undone.
        text = scan_form(text)
        if self.known.allowed is not None:  # the agency's scrub_allow: never a leak
            text = self.known.allowed.sub(" ", text)
        if text.isalnum():  # one token, as most values are (codes, pseudonyms, numbers)
            return self._token(text, column)
        if column.mode == FREE and self.quick and text.isascii():
            kind = self._prose(text)
            if kind != _UNSURE:
                return kind
        return self._read(text, column)

    def _read(self, text: str, column: Column) -> str | None:
        """``find`` for a text of several tokens: the full reading."""
        spans = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
        words = [norm_token(s[2]) for s in spans]
        kind = self._compact(text, spans, words)
        if kind or column.mode == NUMBER:
            return kind
        if "@" in text and any(self.known.has_email(fold(m.group()))
                               for m in EMAIL.finditer(text)):
            return "email"
        kind = self._phrases(spans, words, column)
        if kind:
            return kind
        if column.mode == FREE:
            return self._free(text, spans, words) or self._dob(text)
        kind = self._whole(text, words, column)
        if kind is None and not column.dates:
            kind = self._dob(text)
        return kind

    def _token(self, text: str, column: Column) -> str | None:
        """``find`` for a text of one token: the same rules, those a token can meet.

        (Phrases, e-mails, badges after "#" and written dates need more than one token.)
        """
        if text.isascii():
            word = text.lower()
            word = CANONICAL.get(word, word)
        else:
            word = norm_token(text)
        known = self.known
        if not text.isalpha() and len(word) >= MIN_COMPACT:
            kind = known.compact(word)
            if kind:
                return kind
        if column.mode == NUMBER:
            return None
        if column.mode == FREE:
            # A lone capitalised name: only a rare one counts (see _names_a_person).
            return "name" if word in known.rare_names and text[0].isupper() else None
        return self._whole(text, [word], column)

    def _prose(self, text: str) -> str | None:
        """``find`` for ASCII free text from its tokens alone, or _UNSURE.

        The rules before the date of birth's are shown not to match by making at least
        every lookup the full reading would make (more: runs of digits are looked up
        whether or not only separators join them; a capitalised known name counts
        before "s" whatever the apostrophe, a badge number with a "#" anywhere); if
        any lookup hits, the full reading decides.
        """
        words = text.encode().translate(_LOWER_TOKENS).decode().split()
        months = not MONTH_TOKENS.isdisjoint(words)
        if not _CANONICAL_KEYS.isdisjoint(words):
            words = list(map(_CANONICAL_GET, words, words))
        # (an ASCII token that is not letters only holds a digit)
        digits = list(compress(count(), map(not_, map(str.isalpha, words))))
        if "@" in text or self._may_be_compact(words, digits) or self._may_be_phrase(
                words) or self._may_name(text, words):
            return _UNSURE
        if months or _in_a_row(digits, 3):
            return self._dob(text)
        return None

    def _may_be_compact(self, words: list[str], digits: list[int]) -> bool:
        """True if a run of tokens with digits next to each other is a known phone or ID
        number (``_compact`` looks up only those joined by separators)."""
        compact, longest = self.known.compact, self.known.max_compact
        if not longest:
            return False
        for at, i in enumerate(digits):
            run = words[i]
            for j in digits[at + 1:]:
                if len(run) >= MIN_COMPACT and compact(run):
                    return True
                if len(run) >= longest or j != i + 1:
                    break
                run += words[j]
                i = j
            else:
                if len(run) >= MIN_COMPACT and compact(run):
                    return True
        return False

    def _may_be_phrase(self, words: list[str]) -> bool:
        """True if a phrase of the text is known (capitalised or not)."""
        lengths = self.known.lengths
        if lengths.keys().isdisjoint(words):
            return False
        phrase = self.known.phrase
        # Only where a first token is followed by a second token of some phrase (most
        # numbers and names in prose are not): a tenth of the lookups, in C loops.
        for i in compress(count(), map(and_, map(lengths.__contains__, words),
                                       map(self.known.seconds.__contains__, words[1:]))):
            for n in lengths[words[i]]:
                if phrase(tuple(words[i:i + n])) is not None:
                    return True
        return False

    def _may_name(self, text: str, words: list[str]) -> bool:
        """True if ``_free`` might find a name or badge: a capitalised known name that
        is rare, after a title or followed by "s"; a known badge number and a "#" or
        the word "badge" anywhere in the text."""
        known = self.known
        if not known.badges.isdisjoint(words) and ("#" in text or "badge" in words):
            return True
        if known.names.isdisjoint(words):
            return False
        tokens = text.encode().translate(_TOKENS).decode().split()
        for i in compress(count(), map(known.names.__contains__, words)):
            if tokens[i][0].isupper() and (
                    words[i] in known.rare_names or (i and words[i - 1] in TITLES)
                    or words[i + 1:i + 2] == ["s"]):
                return True
        return False

    def _published(self, column: Column, kind: str, key: tuple[str, ...] | str) -> bool:
        """True if ``column`` may hold this name or badge (named officers)."""
        if column.names_from is None or kind not in NAME_KINDS:
            return False
        if kind == "badge" or not column.names_from:
            return True
        return self.known.of_table(key, column.names_from)

    def _compact(self, text: str, spans: list[tuple[int, int, str]],
                 words: list[str]) -> str | None:
        compact, longest = self.known.compact, self.known.max_compact
        if not longest:
            return None
        for i, word in enumerate(words):
            # (most words are letters only: isalpha answers them without a loop)
            if word.isalpha() or not any(c.isdigit() for c in word):
                continue
            run = word
            for j in range(i + 1, len(words) + 1):
                kind = compact(run) if len(run) >= MIN_COMPACT else None
                if kind:
                    return kind
                if j == len(words) or len(run) >= longest or not _joined(text, spans, j):
                    break
                run += words[j]
        return None

    def _phrases(self, spans: list[tuple[int, int, str]], words: list[str],
                 column: Column) -> str | None:
        phrase, lengths = self.known.phrase, self.known.lengths
        i = 0
        while i < len(words):
            step = 1
            for n in lengths.get(words[i], ()):  # longest first
                key = tuple(words[i:i + n])
                found = phrase(key)
                if found is None:
                    continue
                if self._published(column, found[0], key):
                    step = n  # a named officer's whole name: its parts are nobody else's
                    break
                kind, needs_capitals = found
                if not needs_capitals or all(s[2][:1].isupper() for s in spans[i:i + n]):
                    return kind
            i += step
        return None

    def _free(self, text: str, spans: list[tuple[int, int, str]],
              words: list[str]) -> str | None:
        known = self.known
        for i, word in enumerate(words):
            if word in known.names and spans[i][2][:1].isupper() \
                    and self._names_a_person(text, spans, words, i):
                return "name"
            if word in known.badges and (
                    text[spans[i][0] - 1:spans[i][0]] == "#" or (i and words[i - 1] == "badge")):
                return "badge"
        return None

    def _names_a_person(self, text: str, spans: list[tuple[int, int, str]],
                        words: list[str], i: int) -> bool:
        """A capitalised known name token: rare, after a title, or possessive ("Will's")."""
        following = words[i + 1] if i + 1 < len(words) else ""
        if following in STREET_WORDS:
            return False  # "Jackson St" is a street
        if words[i] in self.known.rare_names or (i and words[i - 1] in TITLES):
            return True
        return following == "s" and fold(text[spans[i][1]:spans[i + 1][0]]) == "'"

    def _whole(self, text: str, words: list[str], column: Column) -> str | None:
        key = " ".join(words)
        kind = self.known.cell(key)
        if kind is None or self._published(column, kind, key):
            return None
        if fold(text.strip()) in column.vocabulary:
            return None
        if column.dates and text.strip().isdigit() and len(text.strip()) == 4:
            return None  # a date published to the year (disclosure control), not a badge
        return kind

    def _dob(self, text: str) -> str | None:
        if not self.known.dobs or not re.search(r"\d", text):
            return None
        for match in DATE_FORMS.finditer(text):
            try:
                day = parse_date(match.group())
            except UnparseableDate:
                continue
            if day is not None and self.known.is_dob(day):
                return "dob"
        return None


_CANONICAL_KEYS = CANONICAL.keys()
_CANONICAL_GET = CANONICAL.get


def _in_a_row(indexes: list[int], n: int) -> bool:
    """True if sorted ``indexes`` hold ``n`` consecutive numbers."""
    return any(indexes[k + n - 1] - indexes[k] == n - 1 for k in range(len(indexes) - n + 1))


def _joined(text: str, spans: list[tuple[int, int, str]], j: int) -> bool:
    """True if token ``j`` continues a phone/ID run: only separators since token j-1."""
    gap = text[spans[j - 1][1]:spans[j][0]]
    return len(gap) <= 3 and all(c in JOINERS for c in gap) and any(
        c.isdigit() for c in spans[j][2])
