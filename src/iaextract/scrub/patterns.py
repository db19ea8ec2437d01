"""Pattern layer: personal details recognisable by their shape alone.

Each detector takes the text and returns ``(type, start, end)`` spans; the
scrubber resolves overlaps. Detectors are written to skip quickly over prose
without digits, which is most of a narrative; a pattern that starts with a word starts
with a look-ahead of that word's first letters, so the scan passes most positions on
one character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import phonenumbers

from iaextract.dates import WHOLE_DATE
from iaextract.scrub.ascii_twins import (
    ascii_twin,
    digit_runs,
    gated_matches,
    matches_from,
    plain_ascii,
)

Span = tuple[str, int, int]

_DOB_CONTEXT = (
    r"(?:\bD\.?\s?O\.?\s?B\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b|\bbirthday\b"
    r"|\bborn\b(?:\s+on)?|\bb\.(?=\s*\d))"
)
DOB_RE = re.compile(
    rf"(?=[db]){_DOB_CONTEXT}\s*(?:[:\-#=(]|is|was|of)?\s*(?:on\s+)?({WHOLE_DATE})", re.I
)

EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)

# "(at)" / "[dot]": an address spelt out so that harvesters miss it.
_SPELT_AT_RE = re.compile(r"[(\[{] ?at ?[)\]}]", re.I)
# (Never starting inside a word, as EMAIL_RE: else a long word before "(at)" is read
# again from each of its letters, quadratic in the word's length.)
SPELT_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]* ?[(\[{] ?at ?[)\]}] ?[A-Za-z0-9\-]+"
    r"(?: ?(?:[(\[{] ?dot ?[)\]}]|\.) ?[A-Za-z0-9\-]+)+", re.I)

SSN_RE = re.compile(r"(\d(?<![\w-]\d)\d{2})([- ])(\d{2})\2(\d{4})(?![\w]|-\d)")
NINE_DIGITS_RE = re.compile(r"\d(?<![\w\-/.$,]\d)\d{8}(?![\w\-/]|[.,]\d)")
_SSN_CONTEXT_RE = re.compile(
    r"(?:\bSSN|\bS\.S\.N|\bsocial|\bSS\s?#|\bsoc\.?\s?sec)[^\n]{0,25}$", re.I
)

CARD_RE = re.compile(r"\d(?<![\w-]\d)(?:[ -]?\d){12,18}(?![\w]|-\d)")

# Phone-shaped digit runs that phonenumbers may reject (unassigned area codes, 555s).
# The leading look-ahead and look-behind are shared by the three forms, so the scan
# rejects most positions on one character, once.
PHONE_FALLBACK_RE = re.compile(
    r"(?=[+(\d])(?<![\w$./-])(?:"
    r"(?:\+?\d{1,3}[\s.\-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.\-])\d{3}"
    r"[\s.\-]\d{4}(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w]|[-/]\d)"
    r"|\d{3}-\d{4}(?![\w]|[-/]\d)"
    r"|1?[2-9]\d{9}(?![\w]|[-/.,]\d))",
    re.I,
)
_DIGIT_RE = re.compile(r"\d")
_DATE_ONLY_RE = re.compile(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}")
# Digit runs not glued to letters ("IA2019-00123" and "S12345678" are not phones).
# (The first character is read before the look-behind, so the scan skips to digits.)
_PHONE_CANDIDATE_RE = re.compile(r"[+(\d](?<![A-Za-z\d\-/].)(?:(?<=\d)|(?<=[+(])\d)"
                                 r"[\d\s().\-/x]{5,}\d(?![A-Za-z\d\-/])")

# (Every form opens with a word boundary, read first: inside a word the scan moves on at
# once.)
ID_CONTEXT_RE = re.compile(
    r"\b(?=[dlopisfvr])(?:\bD\.?L\.?|\bdriver'?s?\s+licen[cs]e|\blicen[cs]e|\bOLN|\bI\.?D\.?"
    r"|\bpassport|\bplates?|\bVIN|\bregistration"
    r"|\bstate\s+id|\bID\s+card|\bFBI|\bSID)"
    r"(?:\s*(?:no\.?|number|num\.?|#))?\s*[:#]?\s*"
    r"([A-Z0-9](?:[A-Z0-9]|[\- ](?=[A-Z0-9]*\d)){4,19})(?![A-Z0-9])",
    re.I,
)
# Licence-shaped tokens without context: letter + long digit run, or D123-4567-8901.
# (Its first letter is matched before the look-behind, which lets the scan skip to
# capitals.)
ID_SHAPE_RE = re.compile(
    r"[A-Z](?<!\w[A-Z])"
    r"(?:\d{3}-\d{4}-\d{4}\b|\d{7,12}\b|[A-Z]?\d{3}-\d{3}-\d{2,3}-\d{3}\b)"
)
# A vehicle identification number: 17 letters and digits (never I, O or Q), mixed.
VIN_RE = re.compile(r"\b(?=[A-HJ-NPR-Z]{0,16}\d)(?=\d{0,16}[A-HJ-NPR-Z])[A-HJ-NPR-Z\d]{17}\b")

BADGE_RE = re.compile(
    r"(?=[bs#])\b(?:badge|shield|serial)(?:\s*(?:no\.?|number|num\.?|#))?\s*[:#]?\s*"
    r"(\d{1,7})\b"
    r"|(?<![\w#&])#\s?(\d{1,7})\b(?!-\d)",
    re.I,
)
_NOT_BADGE_BEFORE_RE = re.compile(
    r"(?:case|report|incident|file|complaint|ia|cad|item|exhibit|no|number|unit|car|apt|"
    r"suite|room|order|policy|sec|section)\.?\s*$",
    re.I,
)

_SUFFIX = (
    r"(?:St|Street|Ave|Av|Avenue|Blvd|Boulevard|Rd|Road|Dr|Drive|Ln|Lane|Ct|Court|Way|Pl|Place"
    r"|Pkwy|Parkway|Hwy|Highway|Ter|Terrace|Cir|Circle|Trl|Trail|Sq|Square|Loop|Row|Run"
    r"|Pike|Aly|Alley|Expy|Expressway|Fwy|Freeway|Plz|Plaza|Cv|Cove|Xing|Crossing)"
)
_DIRECTIONAL = (
    r"(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West|Northeast|Northwest|Southeast|Southwest)"
)
# No period inside a street word, so "Washington Ct. The Court" is not one street.
_STREET_WORD = r"(?:[A-Z][A-Za-z'’\-]*|St\.|Mt\.|Ft\.|\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH))"
# A unit written with no unit word ("1420 Elm Street 5B"): letters and digits mixed, so
# a plain count after a street ("Elm Street 12 years") is not taken for one.
BARE_UNIT = r"[ \t]{1,2}(?:\d{1,5}[A-Za-z]|[A-Za-z]\d{1,4})\b"
_UNIT = r"(?:Apt|Apartment|Unit|Suite|Ste|Rm|Room|Fl|Floor|Lot|Bldg|Building|Trlr|#)"
ADDRESS_RE = re.compile(
    rf"\d(?<![\w/.\-]\d)\d{{0,5}}[A-Z]?(?:-\d{{1,4}})?\s+"
    rf"(?:{_DIRECTIONAL}\.?\s+)?"
    # the period of "St." only inside a sentence: a full stop stays outside the span
    rf"{_STREET_WORD}(?:\s+{_STREET_WORD}){{0,3}}\s+(?i:{_SUFFIX})\b"
    rf"(?:\.(?=,?\s*(?i:{_UNIT})|,|\s+[a-z]))?"
    rf"(?:\s+{_DIRECTIONAL}\b\.?)?"
    rf"(?:,?\s*(?i:{_UNIT})\.?\s*#?\s?[A-Z0-9]{{1,5}}\b|{BARE_UNIT})?",
)
PO_BOX_RE = re.compile(
    r"(?=[pP])\b(?:P\.?\s?O\.?\s*Box|Post\s+Office\s+Box)\s*#?\s*\d+\b", re.I
)


# What plain ASCII text holding a match of each digit pattern holds (a search that skips
# to digits in C): most narratives hold none, and are not tried at each run of digits.
_SSN_GATE = re.compile(r"[0-9][0-9]{2}[- ][0-9]{2}[- ][0-9]{4}")
_NINE_DIGITS_GATE = re.compile(r"[0-9][0-9]{8}")
_CARD_GATE = re.compile(r"[0-9](?:[ -]?[0-9]){12}")
# (the house number's last digit and its letter, white space, a street word's or
# directional's capital or digit)
_ADDRESS_GATE = re.compile(r"[0-9][A-Z]?\s+[A-Z0-9]", re.ASCII)

# The costliest scans, for plain ASCII text (see ascii_twins).
_ASCII_PHONE_FALLBACK_RE = ascii_twin(PHONE_FALLBACK_RE)
_ASCII_BADGE_RE = ascii_twin(BADGE_RE)
_ASCII_ADDRESS_RE = ascii_twin(ADDRESS_RE)
_ASCII_ID_CONTEXT_RE = ascii_twin(ID_CONTEXT_RE)
_ASCII_VIN_RE = ascii_twin(VIN_RE)
# Every VIN is 17 such characters in a row: ASCII text without them holds none.
# (the first character a class of its own: the scan skips to capitals and digits in C)
_VIN_GATE = re.compile(r"[A-HJ-NPR-Z0-9][A-HJ-NPR-Z0-9]{16}", re.ASCII)
_BADGE_WORDS = ("badge", "shield", "serial")
# Where each of the patterns that open with a look-ahead can start in plain ASCII text
# (see gated_matches): the opening character, not after a word character.
_BADGE_GATE = re.compile(r"[bsBS#](?<!\w.)", re.ASCII)
_DOB_GATE = re.compile(r"[bdBD](?<!\w.)", re.ASCII)


def _has_word(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` holds any of ``words`` (lower case) in any case: a substring
    search in C, which lets a detector whose pattern needs one of them skip the text."""
    lower = text.lower()
    return any(w in lower for w in words)


def luhn_ok(digits: str) -> bool:
    """True when ``digits`` passes the Luhn checksum used by payment cards."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def find_emails(text: str) -> Iterator[Span]:
    """Email addresses, also written to dodge harvesters ("jdoe (at) gmail (dot) com")."""
    if "@" in text:
        for m in EMAIL_RE.finditer(text):
            yield "email", m.start(), m.end()
    if _SPELT_AT_RE.search(text) is not None:
        for m in SPELT_EMAIL_RE.finditer(text):
            yield "email", m.start(), m.end()


def find_phones(text: str) -> Iterator[Span]:
    """Phone numbers: phonenumbers' matcher (US default region) plus a fallback regex."""
    starts = _phone_starts(text) if plain_ascii(text) else None
    found = PHONE_FALLBACK_RE.finditer(text) if starts is None \
        else matches_from(_ASCII_PHONE_FALLBACK_RE, text, starts)
    fallback = [m.span() for m in found]
    for start, end in fallback:
        yield "phone", start, end
    # phonenumbers is thorough but slow; run it only on digit runs that the
    # fallback regex did not already take and that could be a phone at all.
    taken = {span for span in fallback}
    for cand in _PHONE_CANDIDATE_RE.finditer(text) if starts is None \
            else matches_from(_PHONE_CANDIDATE_RE, text, starts):
        run = cand.group().rstrip()
        if (cand.start(), cand.start() + len(run)) in taken or not _maybe_phone(run):
            continue
        lo = max(0, cand.start() - 2)
        window = text[lo : cand.end() + 8]
        for m in phonenumbers.PhoneNumberMatcher(
            window, "US", leniency=phonenumbers.Leniency.POSSIBLE
        ):
            if len(_DIGIT_RE.findall(m.raw_string)) >= 7:
                yield "phone", lo + m.start, lo + m.end


def _phone_starts(text: str) -> list[int]:
    """Where a phone pattern can start in plain ASCII text: a run of digits, or the "+"
    or "(" right before one."""
    starts = []
    for run in digit_runs(text):
        if run and text[run - 1] in "+(":
            starts.append(run - 1)
        starts.append(run)
    return starts


def _maybe_phone(run: str) -> bool:
    # Dates, SSN-shaped and card-length runs are left to their own detectors.
    n = len(_DIGIT_RE.findall(run))
    if n == 9 and run.isdigit():
        return False
    return 7 <= n <= 15 and not _DATE_ONLY_RE.fullmatch(run) and not SSN_RE.fullmatch(run)


def _from_digit_runs(pattern: re.Pattern[str], text: str, twin: re.Pattern[str] | None = None,
                     gate: re.Pattern[str] | None = None) -> Iterable[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that opens with a digit not after a word
    character: in plain ASCII text (where ``twin``, its ASCII twin, may stand in) tried
    only where a run of digits starts, and not at all where ``gate`` (a shape that text
    holding a match of ``pattern`` always holds) is not found."""
    if not plain_ascii(text):
        return pattern.finditer(text)
    if gate is not None and gate.search(text) is None:
        return ()
    return matches_from(twin or pattern, text, digit_runs(text))


def find_ssns(text: str) -> Iterator[Span]:
    """SSNs: 3-2-4 groups always; a bare 9-digit number is ``ssn`` after SSN context,
    else ``id_number``."""
    for m in _from_digit_runs(SSN_RE, text, gate=_SSN_GATE):
        # Any 3-2-4 group is treated as an SSN, valid area number or not: fail closed.
        yield "ssn", m.start(), m.end()
    for m in _from_digit_runs(NINE_DIGITS_RE, text, gate=_NINE_DIGITS_GATE):
        # A bare nine-digit number is an SSN after SSN/social context; otherwise it
        # is still some personal identifier (DL, account), so it goes as [ID].
        ctx = _SSN_CONTEXT_RE.search(text, max(0, m.start() - 30), m.start())
        yield ("ssn" if ctx else "id_number"), m.start(), m.end()


def find_cards(text: str) -> Iterator[Span]:
    """Payment-card numbers (13-19 digits, optionally grouped) that pass Luhn."""
    for m in _from_digit_runs(CARD_RE, text, gate=_CARD_GATE):
        digits = re.sub(r"\D", "", m.group())
        if 13 <= len(digits) <= 19 and luhn_ok(digits):
            yield "card", m.start(), m.end()


def find_dobs(text: str) -> Iterator[Span]:
    """Dates right after DOB context (DOB, D.O.B., born, date of birth...), any format."""
    found = gated_matches(_DOB_GATE, DOB_RE, text) if plain_ascii(text) \
        else DOB_RE.finditer(text)
    for m in found:
        yield "dob", m.start(1), m.end(1)


def find_ids(text: str) -> Iterator[Span]:
    """Licence/ID numbers after DL/licence/ID context, and licence-shaped tokens."""
    ascii_text = plain_ascii(text)
    for m in (_ASCII_ID_CONTEXT_RE if ascii_text else ID_CONTEXT_RE).finditer(text):
        value = m.group(1).rstrip(" -")
        if any(c.isdigit() for c in value):
            yield "id_number", m.start(1), m.start(1) + len(value)
    for m in ID_SHAPE_RE.finditer(text):
        yield "id_number", m.start(), m.end()
    if ascii_text and _VIN_GATE.search(text) is None:
        return
    for m in (_ASCII_VIN_RE if ascii_text else VIN_RE).finditer(text):
        yield "id_number", m.start(), m.end()


def find_badges(text: str) -> Iterator[Span]:
    """Badge numbers after badge/shield context, and ``#1234`` not after case/unit words."""
    if text.isascii() and "#" not in text and not _has_word(text, _BADGE_WORDS):
        return  # (in ASCII text case-insensitive matching is that of str.lower)
    found = gated_matches(_BADGE_GATE, _ASCII_BADGE_RE, text) if plain_ascii(text) \
        else BADGE_RE.finditer(text)
    for m in found:
        if m.group(1) is not None:
            yield "badge", m.start(1), m.end(1)
        elif not _NOT_BADGE_BEFORE_RE.search(text, max(0, m.start() - 12), m.start()):
            yield "badge", m.start(), m.end()


def find_addresses(text: str) -> Iterator[Span]:
    """Street addresses (number + street + suffix, directionals, units) and PO boxes."""
    for m in _from_digit_runs(ADDRESS_RE, text, _ASCII_ADDRESS_RE, _ADDRESS_GATE):
        yield "address", m.start(), m.end()
    if text.isascii() and not _has_word(text, ("box",)):
        return  # both forms end in "Box"
    for m in PO_BOX_RE.finditer(text):
        yield "address", m.start(), m.end()


DETECTORS = (
    find_emails,
    find_phones,
    find_ssns,
    find_cards,
    find_dobs,
    find_ids,
    find_badges,
    find_addresses,
)


def find_all(text: str) -> list[Span]:
    """Every pattern-layer span in ``text`` (overlaps not yet resolved)."""
    spans: list[Span] = []
    has_digit = _DIGIT_RE.search(text) is not None
    for detect in DETECTORS:
        if not has_digit and detect is not find_emails:
            continue
        spans.extend(detect(text))
    return spans
