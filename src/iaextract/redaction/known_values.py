"""Known-value layer: personal values from the source, found in any formatting."""

from __future__ import annotations

import re

from iaextract.redaction.entities import KnownEntities
from iaextract.redaction.patterns import DATE_RE, parse_date

Span = tuple[str, int, int]

# Runs of digit-bearing tokens joined by separators: "(317) 555-0123", "D123 4567 8901".
_RUN_RE = re.compile(r"\b[A-Za-z]*\d[A-Za-z0-9]*(?:[\s\-./()]{1,3}[A-Za-z]*\d[A-Za-z0-9]*)*")
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
_ADDRESS_SEP = r"[\s,.#\-]*"


class KnownValueFinder:
    """Finds known phones, SSNs, badges, id numbers, emails, addresses and DOBs."""

    def __init__(self, known: KnownEntities) -> None:
        v = known.values
        # phone/ssn values are matched on digits anywhere in a digit run
        self.digit_sets = {k: v.digits[k] for k in ("phone", "ssn") if v.digits.get(k)}
        self.digit_lens = {k: {len(x) for x in vals} for k, vals in self.digit_sets.items()}
        # short badge numbers would hit "Unit 12": only whole numbers of 3+ digits
        self.badges = {b for b in v.digits.get("badge", ()) if len(b) >= 3}
        self.ids = {x for x in v.alnum if len(x) >= 4}
        self.emails = v.emails
        self.dobs = {d for d in map(parse_date, v.dobs) if d}
        self.addresses = _address_index(v.addresses)
        numeric = any(k.isdigit() for k in self.addresses)
        words = sorted((k for k in self.addresses if not k.isdigit()), key=len, reverse=True)
        alternatives = ([r"\d+"] if numeric else []) + [re.escape(w) for w in words]
        self.address_starts = re.compile(
            r"\b(?:" + ("|".join(alternatives) or "(?!)") + r")\b", re.I
        )
        self.empty = not (
            self.digit_sets or self.badges or self.ids or self.emails or self.dobs or self.addresses
        )

    def find(self, text: str) -> list[Span]:
        """Spans of known values in ``text``."""
        if self.empty:
            return []
        spans: list[Span] = []
        if self.digit_sets or self.badges or self.ids:
            for run in _RUN_RE.finditer(text):
                spans.extend(self._in_run(run.group(), run.start()))
        if self.emails and "@" in text:
            # one pass over email-shaped strings, one set lookup each
            for m in _LOOSE_EMAIL_RE.finditer(text):
                if m.group().lower().strip(".") in self.emails:
                    spans.append(("email", m.start(), m.end()))
        if self.dobs:
            for m in DATE_RE.finditer(text):
                if parse_date(m.group()) in self.dobs:
                    spans.append(("dob", m.start(), m.end()))
        if self.addresses:
            # only words that start some known address are tried (mostly house numbers)
            for m in self.address_starts.finditer(text):
                for rx in self.addresses.get(m.group().lower(), ()):
                    hit = rx.match(text, m.start())
                    if hit:
                        spans.append(("address", hit.start(), hit.end()))
        return spans

    def _in_run(self, run: str, offset: int) -> list[Span]:
        spans: list[Span] = []
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


def _address_index(addresses: set[str]) -> dict[str, list[re.Pattern[str]]]:
    """Known addresses as regexes, keyed by their first word, tolerant of case,
    spacing, punctuation and common abbreviations (St/Street, N/North, Apt/#)."""
    index: dict[str, list[re.Pattern[str]]] = {}
    for address in addresses:
        words = _TOKEN_RE.findall(address.lower())
        if not words:
            continue
        parts = []
        for w in words:
            if w in _UNIT_WORDS:  # "Apt 3" is also written "#3", "Unit 3", "3"
                parts.append("(?:" + "|".join(sorted(_UNIT_WORDS, key=len, reverse=True)) + ")?")
                continue
            full = _SUFFIXES.get(w, w)
            forms = {w, full} | {k for k, f in _SUFFIXES.items() if f == full}
            parts.append(
                "(?:" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) + ")"
            )
        rx = re.compile(_ADDRESS_SEP.join(parts) + r"\b\.?", re.I)
        for first in {words[0], _SUFFIXES.get(words[0], words[0])} | {
            k for k, f in _SUFFIXES.items() if f == _SUFFIXES.get(words[0], words[0])
        }:
            index.setdefault(first, []).append(rx)
    return index
