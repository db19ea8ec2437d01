"""Address layer: street addresses written without a street suffix ("1234 Broadway").

The pattern layer finds "number + street + suffix" (``1234 Main St``). Narratives also
write ``lives at 3774 Halsted`` or ``from 2 North Washington, Apt 4``. Such a candidate
(a house number and capitalised words after an address word: at, on, to, from, lives,
resides, address...) is confirmed by ``usaddress``: it must parse as a street address
made only of number, directions, street name, street type and unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import usaddress

from iaextract.pii.lexicon import INSTITUTIONAL, TITLES
from iaextract.scrub.ascii_twins import ascii_twin, plain_ascii
from iaextract.scrub.patterns import BARE_UNIT

Span = tuple[str, int, int]

_UNIT_WORDS = r"(?:Apt|Apartment|Unit|Suite|Ste|Lot|Rm|Room|Trlr)"
_UNIT = (rf",?\s*(?:{_UNIT_WORDS}|#)\.?\s*#?\s?[A-Za-z0-9]{{1,5}}\b"
         rf"|{BARE_UNIT}")
_UNIT_RE = re.compile(_UNIT)
_DIGIT_RE = re.compile(r"\d")
_CANDIDATE_RE = re.compile(
    # The look-ahead (a word, then a number) passes most words after their letters.
    r"\b(?=[^\W\d_]{2,9}\s+\d)(?i:at|on|to|from|of|near|outside|behind|lives|live|resides|reside|residence|address"
    r"|is|as|in|into)\s+"
    r"(?P<address>\d{1,6}[A-Za-z]?(?:-\d{1,4})?\s+"
    r"(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?\s+)?"
    r"(?:[A-Z][A-Za-z'\-]+|\d{1,3}(?i:st|nd|rd|th))"
    # (a unit word is left to the unit, which reads its number too: "Suite 5")
    rf"(?:\s+(?!{_UNIT_WORDS}\b)(?:[A-Z][A-Za-z'\-]+|Jr\.?)){{0,4}}"
    rf"(?:{_UNIT})?)",
)
_ASCII_CANDIDATE_RE = ascii_twin(_CANDIDATE_RE)
# In plain ASCII text a candidate is looked for only where its look-ahead can hold: the
# white space after a letter that a digit follows (a class the scan skips to), read back
# to the word before it.
_GAP_BEFORE_NUMBER_RE = re.compile(r"\s(?<=[A-Za-z]\s)\s*\d", re.ASCII)
_WORD_BEFORE_RE = re.compile(r"[A-Za-z]{2,9}\Z")
_ALLOWED = frozenset({
    "AddressNumber", "AddressNumberSuffix", "StreetNamePreDirectional", "StreetNamePreType",
    "StreetName", "StreetNamePostType", "StreetNamePostDirectional", "OccupancyType",
    "OccupancyIdentifier",
})
# Capitalised words after a number that are no street: "at 0300 Officer Lee", "14 Units".
# Institutional words that are also among the commonest street names stay streets:
# "lives at 38 Main", "4102 Division", "12 State".
_STREET_NAMES = frozenset({"main", "division", "state", "center", "central", "court"})
_NOT_STREETS = TITLES | (INSTITUTIONAL - _STREET_NAMES) | frozenset(
    {"hours", "hrs", "minutes", "officers", "units", "people", "times", "years", "days",
     "blocks", "miles", "feet"})


def find_addresses(text: str, found: frozenset[int] = frozenset()) -> list[Span]:
    """Street addresses that the pattern layer's suffix rule cannot see; ``found``: where
    addresses already found start (those are not parsed again)."""
    if _DIGIT_RE.search(text) is None:
        return []
    spans: list[Span] = []
    for m in candidates(text):
        start = m.start("address")
        if start in found:
            continue
        candidate = m.group("address")
        end = _confirmed_end(candidate)
        if end:
            unit = _UNIT_RE.match(candidate, end)
            end = unit.end() if unit else end
            spans.append(("address", start, start + end))
    return spans


def candidates(text: str) -> Iterable[re.Match[str]]:
    """The matches of the candidate pattern in ``text``, as ``finditer`` gives them."""
    if not plain_ascii(text):
        return _CANDIDATE_RE.finditer(text)
    found: list[re.Match[str]] = []
    end = 0
    for gap in _GAP_BEFORE_NUMBER_RE.finditer(text):
        # a match starts at a word boundary: the whole word of 2 to 9 letters before
        word = _WORD_BEFORE_RE.search(text, max(0, gap.start() - 9), gap.start())
        if word is not None and word.start() >= end:
            m = _ASCII_CANDIDATE_RE.match(text, word.start())
            if m is not None:
                found.append(m)
                end = m.end()
    return found


@lru_cache(maxsize=8192)  # narratives of one source repeat their addresses
def _confirmed_end(candidate: str) -> int:
    """Length of the leading part of ``candidate`` that usaddress reads as a street
    address (0: none)."""
    try:
        parsed = usaddress.parse(candidate)
    except Exception:  # usaddress raises on odd input; an unreadable candidate is no address
        return 0
    labels = []
    for token, label in parsed:
        if label not in _ALLOWED:
            break
        labels.append((token, label))
    names = [t for t, label in labels if label == "StreetName"]
    if not labels or labels[0][1] != "AddressNumber" or not names:
        return 0
    if names[0].strip(",.").lower() in _NOT_STREETS or not names[0][:1].isalnum():
        return 0
    last = labels[-1][0].rstrip(",")
    position = 0
    for token, _label in labels:
        position = candidate.index(token.rstrip(","), position) + len(token.rstrip(","))
    end = position
    if last.endswith(".") and not re.search(r"(?i)\b(?:apt|ste|rm|n|s|e|w)\.$", last):
        end -= 1  # a full stop after the street stays outside the span
    return end
