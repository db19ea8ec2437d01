"""The scrubber's speed-ups (word memos, shared per-text results, address prefixes)
change no result: each is checked against a scrubber without them or a fresh one."""

from __future__ import annotations

import pytest

from iaextract.pii.entities import KnownEntities, Person
from iaextract.scrub import (
    addresses,
    known_values,
    names,
    patterns,
    people_classes,
    people_words,
    text_dates,
)
from iaextract.scrub.ascii_twins import gated_matches, matches_from, plain_ascii
from iaextract.scrub.scrubber import TextScrubber
from iaextract.scrub.text_dates import dates_in

TEXTS = [
    "Complainant stated her boyfriend, Marcus Hill, was present at 1234 Broadway.",
    "WITNESS KRAEVIK CONFIRMED THAT DESHAWN MITCHELL LEFT AT 0300 HOURS.",
    "Ms. Nguyen’s son Kevin said that John took the phone; call (317) 555-0123.",
    "Will Rose and King met Ofc. O'Neal on 10/09/2017; DOB 12/10/1998.",
    "MILLER, TYRONE and Tyrone Washington-Baptiste resisted near 42 Elm St. #3.",
    "i'm naomi ryan and i live at 3774 Halsted, Apt 2R.",
    "Rose-tinted glasses; the rose garden; Rose said hi.",
]


def _known() -> KnownEntities:
    known = KnownEntities()
    for first, last in [("Tyrone", "Miller"), ("Will", "Rose"), ("Grace", "King")]:
        known.add_person(Person(first, last))
    known.add_value("dob", "1998-12-10")
    known.add_value("address", "42 Elm Street Apt 3")
    return known


def _scrub_all(scrubber: TextScrubber, texts: list[str]) -> list[tuple[str, tuple]]:
    return [(r.text, r.findings) for r in map(scrubber.scrub, texts)]


def test_word_memos_overflowing_their_bound_change_nothing(monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    expected = _scrub_all(TextScrubber(_known()), TEXTS)
    monkeypatch.setattr(people_classes, "_CACHE_SIZE", 3)
    monkeypatch.setattr(people_words, "WORD_CACHE_SIZE", 3)
    monkeypatch.setattr(names, "_WORD_CACHE_SIZE", 3)
    tiny = TextScrubber(_known())
    # twice over: the second pass reads words the memos forgot and words they kept
    assert _scrub_all(tiny, TEXTS + TEXTS) == expected + expected
    assert tiny._people is not None
    assert len(tiny._people._word_cache) <= 4 and len(tiny._names._word_cache) <= 4


def test_results_do_not_depend_on_the_text_before() -> None:
    # The date grammar and the ALL-CAPS test are remembered for the last text only.
    fresh = [_scrub_all(TextScrubber(_known()), [text])[0] for text in TEXTS]
    shared = TextScrubber(_known())
    assert _scrub_all(shared, TEXTS[::-1])[::-1] == fresh
    assert _scrub_all(shared, TEXTS) == fresh


def test_dates_in_answers_for_the_text_asked() -> None:
    assert [m.group() for m in dates_in("On 10/09/2017 at noon")] == ["10/09/2017"]
    assert [m.group() for m in dates_in("Filed May 5, 2019.")] == ["May 5, 2019"]
    assert dates_in("no dates here") == []


def test_known_addresses_sharing_their_first_words() -> None:
    known = KnownEntities()
    for address in ("88 Broadway", "88 Broadway Apt 4", "7 Main Street", "Main Street 9"):
        known.add_value("address", address)
    text = ("From 88 Broadway, Apt 4 to 88 Broadway and 7 Main St. then Main St 9; "
            "not 7 Main or 88 Broad.")
    result = TextScrubber(known, lexicon=False).scrub(text)
    removed = [text[f.start:f.end] for f in result.findings if f.type == "address"]
    assert removed == ["88 Broadway, Apt 4", "88 Broadway", "7 Main St.", "Main St 9"]


TWINS = [(patterns.ADDRESS_RE, patterns._ASCII_ADDRESS_RE),
         (patterns.BADGE_RE, patterns._ASCII_BADGE_RE),
         (patterns.PHONE_FALLBACK_RE, patterns._ASCII_PHONE_FALLBACK_RE),
         (patterns.ID_CONTEXT_RE, patterns._ASCII_ID_CONTEXT_RE),
         (patterns.VIN_RE, patterns._ASCII_VIN_RE),
         (known_values._RUN_RE, known_values._ASCII_RUN_RE),
         (addresses._CANDIDATE_RE, addresses._ASCII_CANDIDATE_RE),
         (text_dates.DATE_IN_TEXT, text_dates._ASCII_DATE_IN_TEXT)]


@pytest.mark.parametrize("text", [*TEXTS, *(t.upper() for t in TEXTS),
                                  "BADGE #4411 at 12 n main st. unit 4, born 1/2/99"])
def test_ascii_twins_match_plain_ascii_text_alike(text: str) -> None:
    text = text.replace("’", "'")
    assert plain_ascii(text)
    for unicode, twin in TWINS:
        assert [m.span() for m in twin.finditer(text)] == \
            [m.span() for m in unicode.finditer(text)], unicode.pattern[:40]


def test_text_the_ascii_twins_would_misread_is_read_in_unicode() -> None:
    # \x1c-\x1f are white space to Unicode \s only; Arabic-Indic digits are \d to it only.
    assert not plain_ascii("12\x1cMain St") and not plain_ascii("١٢ Main St")
    for text in ("He lives at 12\x1cMain Street now.", "Call 317\x1f555\x1f0123 today."):
        assert TextScrubber().scrub(text).findings, text


GATED = [(patterns._BADGE_GATE, patterns._ASCII_BADGE_RE),
         (patterns._DOB_GATE, patterns.DOB_RE)]
GATE_TEXTS = [
    "badge #4411, Shield 12, SERIAL NO. 9; #77 and case #12; x#5 &#6 ##7",
    "DOB: 01/02/1990; D.O.B. 1990-01-02, d o b 3/4/88, born on Jan 5, 1980; b. 1/2/80",
    "Birthdate 19870412 (birthday 4/12/87); date of birth 12-MAR-1987 xborn 1/1/90",
    "(312) 555-0123, 312.555.0123, +1 312 555 0123, 555-0123, 3125550123 ext. 12",
    "a$312-555-0123 /312-555-0123 .312 555 0123 -3125550123 x3125550123",
    "lives at 3774 Halsted, xat 12 Main, a 12 B, outside\t\t44 Oak, from 2 Elm to 14 Oak",
    "IA2019-00123 x_1 _a2 A1B2 (317) 555-0123 D123 4567 8901 a-1 b/2",
    "On 10/09/2017, Oct. 9th, October 2017, 9 Oct 2017; xmay 5, /May 5, -Jun 3 2019, "
    "2019-01-02, 1/2/99, June  12, 2020; Decemberx 5, Mayo 12 2019, mar.,\n 2019",
    "SSN 123-45-6789, a123-45-6789, 123 45 6789; 123456789 $987654321 4111 1111 1111 1111",
    "12 Main Street, 4400 north elm road #3, 4400 N Elm Rd, x12 Main St, 1 OAK AVE.",
    "Residence:  10 N Pine Apt 4; reportedly 12 Main; in 2019 he moved into 5 Lake Shore",
]


@pytest.mark.parametrize("text", [*TEXTS, *GATE_TEXTS, *(t.upper() for t in GATE_TEXTS),
                                  *(t.lower() for t in GATE_TEXTS)])
def test_gated_patterns_find_every_match_a_full_scan_finds(text: str) -> None:
    text = text.replace("’", "'")
    for gate, pattern in GATED:
        full = [(m.span(), m.groups()) for m in pattern.finditer(text)]
        assert [(m.span(), m.groups()) for m in gated_matches(gate, pattern, text)] == full
    assert [(m.span(), m.groups()) for m in addresses.candidates(text)] == \
        [(m.span(), m.groups()) for m in addresses._CANDIDATE_RE.finditer(text)]
    assert [m.span() for m in known_values.runs(text)] == \
        [m.span() for m in known_values._RUN_RE.finditer(text)]
    known = KnownEntities()
    known.add_values("address", ["12 Main St", "4400 N Elm Rd Apt 3", "1 Oak Ave"])
    numbered = known_values.KnownAddresses(known)
    scanned = known_values.KnownAddresses(known)
    scanned._numbers_only = False
    assert numbered._numbers_only and list(numbered.find(text)) == list(scanned.find(text))
    assert [(m.span(), m.lastgroup) for m in dates_in(text)] == \
        [(m.span(), m.lastgroup) for m in text_dates.DATE_IN_TEXT.finditer(text)]
    for pattern in (patterns.PHONE_FALLBACK_RE, patterns._PHONE_CANDIDATE_RE):
        assert [m.span() for m in matches_from(pattern, text, patterns._phone_starts(text))] \
            == [m.span() for m in pattern.finditer(text)]
    for pattern in (patterns.SSN_RE, patterns.NINE_DIGITS_RE, patterns.CARD_RE,
                    patterns.ADDRESS_RE):
        assert [m.span() for m in patterns._from_digit_runs(pattern, text)] == \
            [m.span() for m in pattern.finditer(text)]


def test_gate_texts_hold_matches_of_every_gated_pattern() -> None:
    for _, pattern in GATED:  # else the test above could not fail
        assert sum(len(list(pattern.finditer(t))) for t in GATE_TEXTS) >= 3, pattern.pattern
    assert sum(len(list(addresses.candidates(t))) for t in GATE_TEXTS) >= 5
