"""Known-value layer: personal values from the source, found in any formatting."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from iaextract.dates import UnparseableDate, parse_date
from iaextract.pii.entities import KnownEntities
from iaextract.pii.hashed import HashedKeys
from iaextract.scrub.ascii_twins import ascii_twin, digit_runs, matches_from, plain_ascii
from iaextract.scrub.text_dates import dates_in

Span = tuple[str, int, int]

# Runs of digit-bearing tokens joined by separators: "(317) 555-0123", "D123 4567 8901".
_RUN_RE = re.compile(r"\b[A-Za-z]*\d[A-Za-z0-9]*(?:[\s\-./()]{1,3}[A-Za-z]*\d[A-Za-z0-9]*)*")
_ASCII_RUN_RE = ascii_twin(_RUN_RE)
# In plain ASCII text a run starts at the letters before a digit that follows no digit or
# "_" (a run of digits, found once per text): it is tried from the start of the letters.
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_TOKEN_RE = re.compile(r"[A-Za-z0-9]+")
_LOOSE_EMAIL_RE = re.compile(r"[^\s<>()\[\],;:\"']+@[^\s<>()\[\],;:\"']+")
_SUFFIXES = {
    "st": "street", "ave": "avenue", "av": "avenue", "blvd": "boulevard", "rd": "road",
    "dr": "drive", "ln": "lane", "ct": "court", "pl": "place", "pkwy": "parkway",
    "hwy": "highway", "ter": "terrace", "cir": "circle", "trl": "trail", "sq": "square",
    "apt": "apartment", "ste": "suite", "n": "north", "s": "south", "e": "east", "w": "west",
    "ne": "northeast", "nw": "northwest", "se": "southeast", "sw": "southwest",
}  # fmt: skip
_UNIT_WORDS = ("apartment", "apt", "unit", "suite", "ste", "no", "number", "room", "rm")


class KnownValueFinder:
    """Finds known phones, SSNs, badges, id numbers, emails, addresses and DOBs."""

    def __init__(self, known: KnownEntities) -> None:
        v = known.values
        # phone/ssn values are matched on digits anywhere in a digit run
        self.digit_sets = {k: v.digits[k] for k in ("phone", "ssn") if v.digits.get(k)}
        self.digit_lens = {k: {len(x) for x in vals} for k, vals in self.digit_sets.items()}
        self._shortest_digits = min((n for lens in self.digit_lens.values() for n in lens),
                                    default=1 << 30)
        # short badge numbers would hit "Unit 12": only whole numbers of 3+ digits
        self.badges = {b for b in v.digits.get("badge", ()) if len(b) >= 3}
        self.ids = {x for x in v.alnum if len(x) >= 4}
        self.emails = v.emails
        self.dobs = {d for d in map(_date, v.dobs) if d}
        self.addresses = KnownAddresses(v.addresses)
        self.empty = not (
            self.digit_sets or self.badges or self.ids or self.emails or self.dobs or self.addresses
        )

    def find(self, text: str) -> list[Span]:
        """Spans of known values in ``text``."""
        if self.empty:
            return []
        spans: list[Span] = []
        if self.digit_sets or self.badges or self.ids:
            for run in runs(text):
                spans.extend(self._in_run(run.group(), run.start()))
        if self.emails and "@" in text:
            # one pass over email-shaped strings, one set lookup each
            for m in _LOOSE_EMAIL_RE.finditer(text):
                if m.group().lower().strip(".") in self.emails:
                    spans.append(("email", m.start(), m.end()))
        if self.dobs:
            for m in dates_in(text):
                if m.lastgroup in ("full", "words") and _date(m.group()) in self.dobs:
                    spans.append(("dob", m.start(), m.end()))
        if self.addresses:
            spans.extend(("address", start, end) for start, end in self.addresses.find(text))
        return spans

    def _in_run(self, run: str, offset: int) -> list[Span]:
        spans: list[Span] = []
        if len(run) < self._shortest_digits and not (self.badges or self.ids):
            return spans  # too few digits for any known phone or SSN ("12", "2019")
        digit_pos = [i for i, c in enumerate(run) if c.isdigit()]
        digits = "".join(run[i] for i in digit_pos)
        for kind, values in self.digit_sets.items():
            for length in self.digit_lens[kind]:
                for k in range(len(digits) - length + 1):
                    if digits[k : k + length] in values:
                        spans.append(
                            (kind, offset + digit_pos[k], offset + digit_pos[k + length - 1] + 1)
                        )
        if self.badges or self.ids:
            toks = list(_TOKEN_RE.finditer(run))
            for a in range(len(toks)):
                if toks[a].group() in self.badges:
                    spans.append(("badge", offset + toks[a].start(), offset + toks[a].end()))
                if not self.ids:
                    continue
                joined = ""
                for b in range(a, min(a + 5, len(toks))):
                    joined += toks[b].group().upper()
                    if joined in self.ids:
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

    def __init__(self, addresses: Iterable[str]) -> None:
        self._keys = HashedKeys()
        # The first word of each address, and the first two of each longer one: text
        # whose first word or two start no address is left after a lookup (most numbers).
        self._prefixes = HashedKeys()
        starts: set[str] = set()
        self.longest = 0  # words, unit words included
        self.shortest = 1 << 30  # words, spelt: shorter text is never looked up
        for address in addresses:
            words = _TOKEN_RE.findall(address.lower())
            spelt = _spelt(words)
            if not spelt:
                continue
            self._keys.add(spelt)
            self._prefixes.add(spelt[:1])
            if len(spelt) > 2:
                self._prefixes.add(spelt[:2])
            self.longest = max(self.longest, len(words))
            self.shortest = min(self.shortest, len(spelt))
            starts.update(_forms(words[0]))
            starts.update(_forms(spelt[0]))  # "Apt 3, 12 Main St" may be written "12 Main St"
        self._keys.freeze()
        self._prefixes.freeze()
        numeric = any(w.isdigit() for w in starts)
        words = sorted((w for w in starts if not w.isdigit()), key=len, reverse=True)
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
        return len(self._keys) > 0

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each known address in ``text``."""
        found = matches_from(self._starts, text, digit_runs(text)) \
            if self._numbers_only and plain_ascii(text) else self._starts.finditer(text)
        for start in found:
            # (the match is the first word _longest_at reads: whole, between word breaks)
            first = start.group().lower()
            if first not in _UNIT_WORDS and (_SUFFIXES.get(first, first),) not in self._prefixes:
                continue
            end = self._longest_at(text, start.start())
            if end:
                yield start.start(), end

    def _longest_at(self, text: str, start: int) -> int | None:
        spelt: list[str] = []
        longest, position = None, start
        for count, word in enumerate(_TOKEN_RE.finditer(text, start)):
            # (an empty gap, as before the first word, always separates: not read)
            if count == self.longest + 2 or (word.start() != position
                                             and not _separates(text[position:word.start()])):
                break
            position = word.end()
            lower = word.group().lower()
            if lower in _UNIT_WORDS:
                continue
            spelt.append(_SUFFIXES.get(lower, lower))
            words = len(spelt)
            if words >= self.shortest and _word_ends(text, position) \
                    and tuple(spelt) in self._keys:
                longest = position + (text[position:position + 1] == ".")
            if words == 2 and tuple(spelt) not in self._prefixes:
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


def _date(text: str) -> date | None:
    try:
        return parse_date(text)
    except UnparseableDate:
        return None


def _spelt(words: list[str]) -> tuple[str, ...]:
    """An address's words in one spelling: abbreviations spelt out, unit words left out."""
    return tuple(_SUFFIXES.get(w, w) for w in words if w not in _UNIT_WORDS)


def _forms(word: str) -> set[str]:
    """Every spelling of ``word`` that text may use: itself, spelt out, abbreviated."""
    full = _SUFFIXES.get(word, word)
    return {word, full} | {short for short, spelt in _SUFFIXES.items() if spelt == full}


_SEPARATOR_RE = re.compile(r"[\s,.#-]*")


def _separates(gap: str) -> bool:
    """Whether ``gap`` may stand between two words of one address."""
    return _SEPARATOR_RE.fullmatch(gap) is not None


def _word_ends(text: str, position: int) -> bool:
    return position == len(text) or not (text[position].isalnum() or text[position] == "_")
