"""Free text is first read by its tokens alone (Matcher._prose) and read fully only when
some rule might match: planted leaks are still found, clean prose passes without the
full reading, and the two readings agree on any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iaextract.demo.narratives import _PROSE
from iaextract.leakscan.match import FREE, MONTH_TOKENS, Column, Matcher
from iaextract.leakscan.values import KnownValues
from iaextract.pii.entities import Person
from iaextract.pii.known import PersonalData

PEOPLE = [Person(first="Keisha", last="Okafor", middle="Ann"),
          Person(first="Will", last="May", middle="Grant"),
          Person(first="Sean", last="O’Brien", nickname="Shay"),
          Person(first="Rose", last="King")]
PHONE = "3175550142"
VALUES = [("phone", f"({PHONE[:3]}) {PHONE[3:6]}-{PHONE[6:]}"), ("ssn", "123-45-6789"),
          ("email", "k.okafor@example.com"), ("dob", "05/07/1980"), ("badge", "4711"),
          ("address", "1234 N Meridian Street Apt 4B"), ("id_number", "D123-4567-8901")]


@pytest.fixture(scope="module")
def known() -> KnownValues:
    data = PersonalData(people=list(PEOPLE))
    for kind, value in VALUES:
        data.add_value(kind, value)
    return KnownValues.build(data)


@pytest.fixture(scope="module")
def quick(known: KnownValues) -> Matcher:
    return Matcher(known)


@pytest.fixture(scope="module")
def full(known: KnownValues) -> Matcher:
    return Matcher(known, quick=False)


P = PHONE
LEAKS = [
    ("KEISHA OKAFOR called the desk.", "name"),  # ALL CAPS
    ("Complainant OKAFOR, KEISHA called.", "name"),  # LAST, FIRST
    ("Okafor, Keisha called.", "name"),
    ("Statement taken from Sean O’Brien at the scene.", "name"),  # curly apostrophe
    ("Statement taken from SEAN O’BRIEN’s car.", "name"),
    ("Shay O'Brien was present.", "name"),
    (f"Call ({P[:3]}) {P[3:6]}-{P[6:]} after five.", "phone"),
    (f"Call {P[:3]}-{P[3:6]}-{P[6:]} after five.", "phone"),
    (f"Call {P[:3]}.{P[3:6]}.{P[6:]} after five.", "phone"),
    (f"Call {P} after five.", "phone"),
    (f"Call +1 {P[:3]} {P[3:6]} {P[6:]} after five.", "phone"),
    (f"Call 1-{P[:3]}-{P[3:6]}-{P[6:]} x42 after five.", "phone"),
    ("The caller, Keisha\nOkafor, hung up.", "name"),  # over a line break
    ("The caller, Keisha Oka-\nfor, hung up.", "name"),  # a hyphenated line break
    ("Keisha Okafor called the desk.", "name"),  # the very start
    ("The desk was called by Keisha Okafor", "name"),  # the very end
    ("(Keisha Okafor)", "name"),  # next to punctuation
    ("Witnesses: Rose King; Will May.", "name"),
    ("Okafor.", "name"),
    ("Officer King arrived.", "name"),
    ("King's body-worn camera was off.", "name"),
    ("SSN 123-45-6789 verified.", "ssn"),
    ("Mailed k.okafor@example.com today.", "email"),
    ("DOB 05/07/1980, home.", "dob"),
    ("born May 7, 1980 in town", "dob"),
    ("born 1980-05-07.", "dob"),
    ("Resides at 1234 N. Meridian St.", "address"),
    ("Gave DL d123-4567-8901.", "id_number"),
    ("Badge #4711 was seen.", "badge"),
    ("Seen with badge 4711.", "badge"),
]


@pytest.mark.parametrize("text, kind", LEAKS)
def test_planted_leaks_are_found_by_the_quick_reading(quick: Matcher, full: Matcher,
                                                      text: str, kind: str) -> None:
    assert quick.find(text, Column(FREE)) == kind
    assert full.find(text, Column(FREE)) == kind


CLEAN = [*_PROSE,
         "Tension rose as the crowd grew; the officer will grant it in may.",
         "[PERSON 1] called from [PHONE]; [OFFICER 3af22f8f8f14fb6d] arrived at 14:22.",
         "Reviewed per General Order 4.12 and SOP 301 on 2019-05-08; item 4711-B.",
         "The king's decree; a rose; shay is a cart; 1234 reports were filed.",
         "Case IA-2019-0042 closed; 555-0142 is an internal extension."]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_prose_passes_without_the_full_reading(quick: Matcher, full: Matcher,
                                                     text: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    assert full.find(text, Column(FREE)) is None

    def read(*_: object) -> None:
        raise AssertionError("read fully")

    monkeypatch.setattr(quick, "_read", read)
    assert quick.find(text, Column(FREE)) is None


def test_a_date_not_a_birthday_is_read_and_passes(quick: Matcher,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quick, "_read", None)  # answered without the full reading
    assert quick.find("Seen on May 8, 1980 and 05/08/1980.", Column(FREE)) is None
    assert quick.find("Born on 05/07/1980.", Column(FREE)) == "dob"


def test_every_month_token_is_read_as_a_month_by_the_date_grammar() -> None:
    from iaextract.dates import DATE_IN_TEXT

    for month in MONTH_TOKENS:
        assert DATE_IN_TEXT.search(f"seen {month} 12, 1999") is not None, month
    names = ["january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december"]
    words = {name[:n] for name in names for n in range(1, len(name) + 1)} | {
        "sept", "sepember", "septmber", "junee", "mayy"}
    for word in words - MONTH_TOKENS:
        assert DATE_IN_TEXT.search(f"seen {word} 12, 1999") is None, word


# Texts made of pieces that meet every rule's edge: names in every case, initials,
# titles, digits next to each other, dates, separators, "#", "@", "badge", apostrophes.
PIECES = ["Keisha", "KEISHA", "keisha", "Okafor", "okafor", "OKAFOR", "K.", "Ann", "A",
          "Will", "will", "May", "may", "MAY", "Grant", "grant", "Sean", "O’Brien", "O'Brien",
          "Obrien", "Shay", "Rose", "rose", "King", "king", "Officer", "officer", "badge",
          "#", "#4711", "4711", "1234", "N", "North", "Meridian", "Street", "St.", "Apt",
          "4B", "317", "555", "0142", "3175550142", "(317)", "555-0142", "+1", "1-317",
          "123", "45", "6789", "D123", "4567", "8901", "05/07/1980", "1980-05-07", "05",
          "07", "1980", "March", "Mar.", "12th", "of", "k.okafor@example.com", "@", "'s",
          "s", "’s", ",", ".", ";", "-", "/", "(", ")", "\n", "  ", "the", "a", "and",
          "3af22f8f8f14fb6d", "[PERSON", "1]", "é", "Jackson", "St"]


@given(st.lists(st.sampled_from(PIECES), max_size=12),
       st.lists(st.sampled_from(["", " ", "  ", "-", ".", "/", ", "]), max_size=12))
@settings(max_examples=1500, deadline=None)
def test_the_quick_and_the_full_reading_agree(quick: Matcher, full: Matcher,
                                              pieces: list[str], gaps: list[str]) -> None:
    text = "".join(p + (gaps[i] if i < len(gaps) else " ") for i, p in enumerate(pieces))
    assert quick.find(text, Column(FREE)) == full.find(text, Column(FREE))
