"""The scrubber's cheap pre-checks skip nothing a full scan would find: each gated or
memoised path is compared with the plain way on planted and generated hostile text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iaextract.pii.entities import KnownEntities
from iaextract.pii.value_keys import key
from iaextract.scrub import known_values, patterns, text_dates

GATED = [(patterns.SSN_RE, patterns._SSN_GATE),
         (patterns.NINE_DIGITS_RE, patterns._NINE_DIGITS_GATE),
         (patterns.CARD_RE, patterns._CARD_GATE),
         (patterns.ADDRESS_RE, patterns._ADDRESS_GATE)]
PLANTED = [
    "SSN 123-45-6789, 123 45 6789, 123-45 6789; 123456789 and 1234567890",
    "id 987654321; 555 12 3456 (ssn 321-54-9876) 987654321x 000000000.",
    "card 4111 1111 1111 1111, 4111-1111-1111-1111, 4111111111111111, 4 1 1 1 1 1 1 1 1 1 1 1 1",
    "12-14 Main St, 12B Elm Street, 4400 N Elm Rd, 7\tOak Ave, 9\n\n Pine St. Apt 4",
    "1420 Elm Street 5B; 12 1st Ave; 300 W 12th Street; 88 ST. JOHN AVE; 5 Mt. Vernon Pl",
    "(317) 555-0123, 317.555.0123, +1 317 555 0123, 3175550123, 555-0123",
    "DOB 03/14/1987, 14-MAR-1987, 1987-03-14, March 14, 1987, 19870314, 111222333",
]
# Each planted value alone in a sentence: a gate is asked of a whole text, so a value
# beside another of its kind could hide a gate that misses it.
ALONE = [f"He said {value} today." for text in PLANTED
         for value in text.replace("; ", ", ").split(", ")]
# Digits, their separators, capitals (street words, directionals, unit letters), and
# the characters that break them: enough to build every shape the gates look for.
ALPHABET = "0123456789 -./()#\t\nABENSWMaest,"


def _same(pattern, gate, text: str) -> None:
    gated = [m.span() for m in patterns._from_digit_runs(pattern, text, gate=gate)]
    assert gated == [m.span() for m in pattern.finditer(text)], (pattern.pattern[:30], text)


@pytest.mark.parametrize("text", [*PLANTED, *ALONE, *(t.upper() for t in PLANTED + ALONE),
                                  *(t.lower() for t in PLANTED + ALONE)])
def test_gated_digit_patterns_find_what_a_full_scan_finds(text: str) -> None:
    for pattern, gate in GATED:
        _same(pattern, gate, text)


def test_planted_texts_hold_matches_of_every_gated_pattern() -> None:
    for pattern, _ in GATED:  # else the test above could not fail
        assert sum(len(list(pattern.finditer(t))) for t in PLANTED) >= 3, pattern.pattern


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=5, max_size=60))
def test_gates_on_generated_text(text: str) -> None:
    for pattern, gate in GATED:
        _same(pattern, gate, text)


def test_vin_gate_passes_every_vin() -> None:
    for text in ("VIN 1HGCM82633A004352.", "1hgcm82633a004352 ", "ABCDEFGH123456789"):
        assert bool(patterns._VIN_GATE.search(text)) == bool(patterns.VIN_RE.search(text))


FORMS = ["12", "012", "12 ", "main", "Main", "MAIN", "o'brien", "o’brien", "straße",
         "a\u200bb", "", "1" * 40, "jdoe@example.org", "JDOE@EXAMPLE.ORG"]


def test_known_forms_memo_answers_as_the_keys_do(monkeypatch: pytest.MonkeyPatch) -> None:
    known = KnownEntities()
    known.add_values("address", ["12 Main St", "o'brien way 4"])
    known.add_value("email", "jdoe@example.org")
    keys = known.values.keys.frozen()
    monkeypatch.setattr(known_values, "_MEMO_SIZE", 3)  # overflows: forgets, asks again
    forms = known_values.KnownForms(keys)
    codes = ["1", "2", "a", "e", "b", "i"]
    for _ in range(2):  # twice: remembered answers and forgotten ones
        for code in codes:
            for form in FORMS:
                assert forms.has(code, form) == (key(code, form) in keys), (code, form)
    assert forms.has("1", "12") and forms.has("e", "jdoe@example.org")
    assert len(forms._memo) <= 3


def test_known_values_with_a_tiny_memo_find_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    known = KnownEntities()
    known.add_values("address", ["12 Main St", "4400 N Elm Rd Apt 3", "1 Oak Ave"])
    known.add_value("email", "jdoe@example.org")
    known.add_value("badge", "4411")
    known.add_value("id_number", "D123-4567-8901")
    text = ("At 12 MAIN STREET, 4400 north elm road #3 and 1 oak ave: JDOE@example.org, "
            "badge 4411, DL d123 4567 8901; 12 Main St again, not 12 Oak or 4400 S Elm.")
    expected = sorted(known_values.KnownValueFinder(known).find(text))
    assert {kind for kind, _, _ in expected} == {"address", "email", "badge", "id_number"}
    monkeypatch.setattr(known_values, "_MEMO_SIZE", 2)
    tiny = known_values.KnownValueFinder(known)
    assert [sorted(tiny.find(text)) for _ in range(3)] == [expected] * 3


DATES = ["10/09/2017", "1/2/99", "10-09-2017", "1.2.1999", "2017-10-09", "2017/1/2",
         "9th of October 2017", "9 Oct 2017", "09-OCT-2017", "1st Jan, 99", "22ND MAY 2019",
         "3rd\tof  june 2019", "October 9, 2017", "Oct. 9th", "SEPT 2019", "may 5",
         "12 hours on 3/4/2019", "at 14:35 on 2019-1-2", "$450.00 on 5/6/07", "0300 hrs 4-5-06"]
# Digits, separators, ordinal letters and month names' letters, in any case.
DATE_ALPHABET = "0123456789/-.:, \tstndrhofOoCcTtMmAaYyJjUuNnEeDd"


def _same_dates(text: str) -> None:
    text_dates._last = ("", [])  # (the last text's dates are remembered)
    assert [(m.span(), m.lastgroup) for m in text_dates.dates_in(text)] == \
        [(m.span(), m.lastgroup) for m in text_dates.DATE_IN_TEXT.finditer(text)], text


@pytest.mark.parametrize("date", DATES)
def test_dates_found_from_their_starts_alone_and_in_prose(date: str) -> None:
    for text in (date, f"On {date}.", f"x{date} 9 {date}", date.upper(), f"({date})"):
        _same_dates(text)
    assert text_dates.DATE_IN_TEXT.search(date) is not None


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=DATE_ALPHABET, min_size=3, max_size=40))
def test_date_starts_on_generated_text(text: str) -> None:
    _same_dates(text)


ADDRESS_PIECES = ["12", "4400", "7", "12 ", "Main", " St", " Street", "-", ",", ".", "#",
                  ":", "/", " ", "\t", "\n", "Apt 3", " N ", "Elm", "Rd", "14:35",
                  "03/14/2019", "12B", "x", "_", "a"]
ADDRESS_TEXTS = st.lists(st.sampled_from(ADDRESS_PIECES), max_size=16).map("".join)


def _numbered_and_scanned(addresses: list[str]) -> tuple[known_values.KnownAddresses,
                                                            known_values.KnownAddresses]:
    known = KnownEntities()
    known.add_values("address", addresses)
    numbered = known_values.KnownAddresses(known)
    scanned = known_values.KnownAddresses(known)
    scanned._numbers_only = False  # the general way: every start read on
    assert numbered._numbers_only
    return numbered, scanned


# With no one-word address (numbers not followed by a separator are passed over), and
# with one ("12" alone: every known number is read on).
FINDERS = [_numbered_and_scanned(["12 Main St", "4400 N Elm Rd Apt 3", "7 Elm"]),
           _numbered_and_scanned(["12", "4400 N Elm Rd", "7 Main Street"])]


@settings(max_examples=400, deadline=None)
@given(ADDRESS_TEXTS)
def test_numbered_addresses_found_as_the_general_way_finds_them(text: str) -> None:
    for numbered, scanned in FINDERS:
        assert list(numbered.find(text)) == list(scanned.find(text)), text


@pytest.mark.parametrize("text", ["at 12 Main St.", "12-Main St", "12,Main St", "12\tmain st",
                                  "12#Main St", "12:Main St", "12/Main St", "x 12", "12",
                                  "12 Main", "7 Elm.", "7-elm", "7.elm", "12.", "12:35"])
def test_numbered_addresses_planted(text: str) -> None:
    for numbered, scanned in FINDERS:
        assert list(numbered.find(text)) == list(scanned.find(text)), text
    assert list(FINDERS[0][0].find("at 12 Main St.")) and list(FINDERS[1][0].find("12:35"))
