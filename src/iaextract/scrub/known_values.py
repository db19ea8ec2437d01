"""Known-value layer: personal values from the source, found in any formatting."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from iaextract.pii.entities import KnownEntities
from iaextract.pii.hashed import HashedKeys
from iaextract.pii.value_keys import (
    ADDRESS,
    ADDRESS_START,
    CODES,
    SUFFIXES,
    UNIT_WORDS,
    WORD_RE,
    day_number,
    key,
)
from iaextract.scrub.ascii_twins import ascii_twin, digit_runs, matches_from, plain_ascii
from iaextract.scrub.text_dates import dates_in

Span = tuple[str, int, int]

# Runs of digit-bearing tokens joined by separators: "(317) 555-0123", "D123 4567 8901".
_RUN_RE = re.compile(r"\b[A-Za-z]*\d[A-Za-z0-9]*(?:[\s\-./()]{1,3}[A-Za-z]*\d[A-Za-z0-9]*)*")
_ASCII_RUN_RE = ascii_twin(_RUN_RE)
# In plain ASCII text a run starts at the letters before a digit that follows no digit or
# "_" (a run of digits, found once per text): it is tried from the start of the letters.
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_LOOSE_EMAIL_RE = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+")
_BADGE, _ID, _EMAIL = CODES["badge"], CODES["id_number"], CODES["email"]
_FIRST_WORD, _FIRST_TWO = ADDRESS_START
_MEMO_SIZE = 16_384  # forms remembered by a KnownForms (then it starts afresh)


class KnownForms:
    """Whether a form of a kind is known (``key(code, form) in keys``), each form hashed
    once and remembered (bounded). Texts read again and again the forms a lookup starts
    from (house numbers, street words, e-mail addresses), and a hash and a lookup cost
    many dict hits. (``keys`` is frozen: an answer never goes stale.)"""

    def __init__(self, keys: HashedKeys) -> None:
        self._keys = keys
        self._memo: dict[str, bool] = {}

    def has(self, code: str, form: str) -> bool:
        coded = code + form
        known = self._memo.get(coded)
        if known is None:
            if len(self._memo) >= _MEMO_SIZE:  # bounded: memory stays flat
                self._memo.clear()
            known = self._memo[coded] = key(code, form) in self._keys
        return known


class KnownValueFinder:
    """Finds known phones, SSNs, badges, id numbers, emails, addresses and DOBs.

    The values are known only as hashes of their written forms (:mod:`iaextract.pii.
    value_keys`): a piece of text is written the same way and its hash looked up.
    """

    def __init__(self, known: KnownEntities) -> None:
        v = known.values
        self._keys = v.keys.frozen()
        self._forms = KnownForms(self._keys)
        # phone/ssn values are matched on digits anywhere in a digit run, at the lengths
        # of known ones; badges and id numbers as whole tokens
        self.digit_lens = {k: sorted(v.lengths[k]) for k in ("phone", "ssn") if k in v.lengths}
        self._shortest_digits = min((n for lens in self.digit_lens.values() for n in lens),
                                    default=1 << 30)
        # short badge numbers would hit "Unit 12": only whole numbers of 3+ digits
        self._badge_lens = frozenset(n for n in v.lengths.get("badge", ()) if n >= 3)
        self._id_lens = frozenset(n for n in v.lengths.get("id_number", ()) if n >= 4)
        self.emails = bool(v.lengths.get("email"))
        self.dobs = v.dobs
        self.addresses = KnownAddresses(known, self._forms)
        self.empty = not (self.digit_lens or self._badge_lens or self._id_lens or self.emails
                          or self.dobs or self.addresses)

    def find(self, text: str) -> list[Span]:
        """Spans of known values in ``text``."""
        if self.empty:
            return []
        spans: list[Span] = []
        if self.digit_lens or self._badge_lens or self._id_lens:
            for run in runs(text):
                spans.extend(self._in_run(run.group(), run.start()))
        if self.emails and "@" in text:
            # one pass over email-shaped strings, one set lookup each
            for m in _LOOSE_EMAIL_RE.finditer(text):
                if self._forms.has(_EMAIL, m.group().lower().strip(".")):
                    spans.append(("email", m.start(), m.end()))
        if self.dobs:
            for m in dates_in(text):
                if m.lastgroup in ("full", "words") and day_number(m.group()) in self.dobs:
                    spans.append(("dob", m.start(), m.end()))
        if self.addresses:
            spans.extend(("address", start, end) for start, end in self.addresses.find(text))
        return spans

    def _in_run(self, run: str, offset: int) -> list[Span]:
        spans: list[Span] = []
        badges, ids = self._badge_lens, self._id_lens
        if len(run) < self._shortest_digits and not (badges or ids):
            return spans  # too few digits for any known phone or SSN ("12", "2019")
        digit_pos = [i for i, c in enumerate(run) if c.isdigit()]
        digits = "".join(run[i] for i in digit_pos)
        keys = self._keys
        for kind, lengths in self.digit_lens.items():
            code = CODES[kind]
            for length in lengths:
                for k in range(len(digits) - length + 1):
                    if key(code, digits[k : k + length]) in keys:
                        spans.append(
                            (kind, offset + digit_pos[k], offset + digit_pos[k + length - 1] + 1)
                        )
        if badges or ids:
            has = self._forms.has
            toks = list(WORD_RE.finditer(run))
            for a in range(len(toks)):
                token = toks[a].group()
                if len(token) in badges and token.isdigit() and has(_BADGE, token):
                    spans.append(("badge", offset + toks[a].start(), offset + toks[a].end()))
                if not ids:
                    continue
                joined = ""
                for b in range(a, min(a + 5, len(toks))):
                    joined += toks[b].group().upper()
                    if len(joined) in ids and has(_ID, joined):
                        spans.append(
                            ("id_number", offset + toks[a].start(), offset + toks[b].end())
                        )
        return spans


class KnownAddresses:
    """Known street addresses, found in text whatever their case, spacing, punctuation
    and common abbreviations (St/Street, N/North; "Apt 3", "#3", "Unit 3" or just "3").

    Each address is kept only as the hash of its words in one spelling (abbreviations
    spelt out, unit words left out), so memory is a few bytes an address; text is read
    from each word that starts some known address (mostly house numbers), a word at a
    time, and the longest known address found there is reported.
    """

    def __init__(self, known: KnownEntities, forms: KnownForms | None = None) -> None:
        v = known.values
        # ``forms``: the finder's, frozen once. An address is known by the key of its spelt
        # words, and of its first word and first two: text whose first word or two start
        # no address is left after a lookup (most numbers).
        self._has = (forms or KnownForms(v.keys.frozen())).has
        self.shortest, self.longest = v.address_words  # spelt words; words, unit words in
        numeric = v.address_numbers
        words = sorted(v.address_starts, key=len, reverse=True)
        alternatives = ([r"\d+"] if numeric else []) + [re.escape(w) for w in words]
        # The word boundary and the look-ahead let the scan pass most positions (inside
        # a word, or before a letter that starts no address) on a step or two.
        firsts = ("0-9" if numeric else "") + "".join(sorted({w[0] for w in words}))
        ahead = f"(?=[{firsts}])" if firsts else ""
        self._starts = re.compile(
            r"\b" + ahead + r"(?:" + ("|".join(alternatives) or "(?!)") + r")\b", re.I)
        # Addresses that all open with a house number start where a run of digits does.
        self._numbers_only = numeric and not words

    def __bool__(self) -> bool:
        return self.longest > 0

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each known address in ``text``."""
        if self._numbers_only and plain_ascii(text):
            yield from self._find_numbered(text)
            return
        for start in self._starts.finditer(text):
            # (the match is the first word _longest_at reads: whole, between word breaks)
            first = start.group().lower()
            if first not in UNIT_WORDS and not self._has(_FIRST_WORD, SUFFIXES.get(first, first)):
                continue
            end = self._longest_at(text, start.start())
            if end:
                yield start.start(), end

    def _find_numbered(self, text: str) -> Iterator[tuple[int, int]]:
        """:meth:`find` where every known address opens with a house number, in plain
        ASCII text: tried where a run of digits starts; with no known address of one word,
        a number that no separator follows opens none ("14:35", "03/14/2019"), as its next
        word could not be read on (see _separates), and is passed over unread."""
        has, one_word = self._has, self.shortest < 2
        for start in matches_from(self._starts, text, digit_runs(text)):
            # (the match is the whole first word: digits between word breaks)
            after = start.end()
            if (one_word or text[after:after + 1] in _SEPARATOR_CHARS) \
                    and has(_FIRST_WORD, start.group()):
                end = self._longest_at(text, start.start())
                if end:
                    yield start.start(), end

    def _longest_at(self, text: str, start: int) -> int | None:
        if self.shortest > 2 and self._no_two_start(text, start):
            return None
        return self._longest_read(text, start)

    def _no_two_start(self, text: str, start: int) -> bool:
        """Whether the first two words at ``start`` (neither a unit word) are known to
        start no address, read in one match: most starts (a house number or a street
        word such as King or Hill met in prose) end there, where reading on a word at a
        time cost several matches. False: :meth:`_longest_read` decides."""
        m = _FIRST_TWO_RE.match(text, start)
        if m is None:
            return False
        first = m.group(1).lower()
        if first in UNIT_WORDS:
            return False
        if m.group(2) is None:  # no second word after separators only: one word at most
            return True
        second = m.group(2).lower()
        return second not in UNIT_WORDS and not self._has(
            _FIRST_TWO, SUFFIXES.get(first, first) + " " + SUFFIXES.get(second, second))

    def _longest_read(self, text: str, start: int) -> int | None:
        spelt: list[str] = []
        longest, position = None, start
        has = self._has
        for count, word in enumerate(WORD_RE.finditer(text, start)):
            # (an empty gap, as before the first word, always separates: not read)
            if count == self.longest + 2 or (word.start() != position
                                             and not _separates(text[position:word.start()])):
                break
            position = word.end()
            lower = word.group().lower()
            if lower in UNIT_WORDS:
                continue
            spelt.append(SUFFIXES.get(lower, lower))
            words = len(spelt)
            if words >= self.shortest and _word_ends(text, position) \
                    and has(ADDRESS, " ".join(spelt)):
                longest = position + (text[position:position + 1] == ".")
            if words == 2 and not has(_FIRST_TWO, " ".join(spelt)):
                break  # no longer address starts with these two words
        return longest


def runs(text: str) -> Iterable[re.Match[str]]:
    """The matches of the digit-run pattern in ``text``, as ``finditer`` gives them."""
    if not plain_ascii(text):
        return _RUN_RE.finditer(text)
    found: list[re.Match[str]] = []
    end = 0
    for digit in digit_runs(text):
        if digit and text[digit - 1] == "_":
            continue
        start = len(text[:digit].rstrip(_LETTERS))
        if start >= end:
            m = _ASCII_RUN_RE.match(text, start)
            if m is not None:
                found.append(m)
                end = m.end()
    return found


_SEPARATOR_RE = re.compile(r"[\s,.#-]*")
# A word (WORD_RE) and the next one, if only separators stand between them.
_FIRST_TWO_RE = re.compile(r"([A-Za-z0-9]+)[\s,.#-]*([A-Za-z0-9]+)?")
# The same characters in plain ASCII text ("" too: at the end of the text, read on as ever).
_SEPARATOR_CHARS = " \t\n\r\f\v,.#-"


def _separates(gap: str) -> bool:
    """Whether ``gap`` may stand between two words of one address."""
    return _SEPARATOR_RE.fullmatch(gap) is not None


def _word_ends(text: str, position: int) -> bool:
    return position == len(text) or not (text[position].isalnum() or text[position] == "_")
