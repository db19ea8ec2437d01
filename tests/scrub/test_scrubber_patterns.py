"""Pattern layer and known values: planted details are replaced by the right placeholder."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iaextract.pii.entities import KnownEntities, Person
from iaextract.scrub.scrubber import PLACEHOLDERS, Finding, ScrubResult, TextScrubber

from ..support import unnumbered

SCRUBBER = TextScrubber(date_precision="day")  # dates in text: tests/scrub/test_text_dates.py

# (carrier with {} for the value, value, expected type)
PLANTED = [
    ("Call her at {} tomorrow.", "(317) 555-0123", "phone"),
    ("Call her at {} tomorrow.", "317-555-0123", "phone"),
    ("Call her at {} tomorrow.", "317.555.0123", "phone"),
    ("Call her at {} tomorrow.", "3175550123", "phone"),
    ("Call her at {} tomorrow.", "+1 317 555 0123", "phone"),
    ("Call her at {} tomorrow.", "1-317-555-0123 x12", "phone"),
    ("Call her at {} tomorrow.", "+44 20 7946 0958", "phone"),
    ("Her cell, {}, was off.", "555-0123", "phone"),
    ("Write to {} for records.", "j.doe+ia@example.co.uk", "email"),
    ("Write to {} for records.", "JDOE@MAIL.EXAMPLE.COM", "email"),
    ("His SSN is {} per the form.", "123-45-6789", "ssn"),
    ("His SSN is {} per the form.", "123 45 6789", "ssn"),
    ("His SSN is {} per the form.", "123456789", "ssn"),
    ("Social security number: {}.", "987654321", "ssn"),
    ("DOB: {} per the booking sheet.", "04/12/1987", "dob"),
    ("D.O.B. {} per the booking sheet.", "1987-04-12", "dob"),
    ("He was born {} in Ohio.", "April 12, 1987", "dob"),
    ("Date of birth {} noted.", "12-APR-1987", "dob"),
    ("Birth date: {}.", "4/12/87", "dob"),
    ("Paid with card {} at the store.", "4111 1111 1111 1111", "card"),
    ("Paid with card {} at the store.", "5500-0000-0000-0004", "card"),
    ("Paid with card {} at the store.", "378282246310005", "card"),
    ("Her DL {} was suspended.", "D123-4567-8901", "id_number"),
    ("Checked ID # {} at the scene.", "S12345678", "id_number"),
    ("Driver's license number {} was valid.", "B7654321", "id_number"),
    ("He showed license {} to the officer.", "WDL0ABC12345", "id_number"),
    ("Ofc. Reyes, badge no. {}, responded.", "4521", "badge"),
    ("The officer ({}) responded.", "#4521", "badge"),
    ("Badge {} was on the report.", "771", "badge"),
    ("She lives at {} with her mother.", "1234 N Main St Apt 3B", "address"),
    ("She lives at {} with her mother.", "55 West 12th Street, Unit 12", "address"),
    ("She lives at {} with her mother.", "908 Martin Luther King Jr Blvd", "address"),
    ("She lives at {} with her mother.", "17 Oak Ln #4", "address"),
    ("She lives at {} with her mother.", "4400 E Washington Pkwy", "address"),
    ("She lives at {} with her mother.", "2 Elm Ct.", "address"),
    ("Mail goes to {} downtown.", "PO Box 1234", "address"),
    ("Mail goes to {} downtown.", "P.O. Box 77", "address"),
]


def _check(result: ScrubResult, text: str, value: str, kind: str) -> None:
    assert value not in result.text, result.text
    assert PLACEHOLDERS[kind] in result.text, result.text
    hit = [f for f in result.findings if f.type == kind]
    assert hit, result.findings
    start = text.index(value)
    # the finding covers the planted value in the original text
    assert any(f.start <= start and f.end >= start + len(value) for f in hit), result.findings


@pytest.mark.parametrize(("carrier", "value", "kind"), PLANTED)
def test_planted_pattern_is_replaced(carrier: str, value: str, kind: str) -> None:
    text = carrier.format(value)
    _check(SCRUBBER.scrub(text), text, value, kind)


def test_findings_offsets_point_into_original() -> None:
    text = "Ofc. Dana Reyes (#4521) called 317-555-0123 and emailed a@b.org on 03/04/2019."
    result = SCRUBBER.scrub(text)
    assert result.text == (
        "Ofc. [OFFICER 1] ([BADGE]) called [PHONE] and emailed [EMAIL] on 03/04/2019.")
    spans = {(f.type, text[f.start : f.end]) for f in result.findings}
    assert spans == {
        ("name", "Dana Reyes"),
        ("badge", "#4521"),
        ("phone", "317-555-0123"),
        ("email", "a@b.org"),
    }
    assert result.counts() == {"name": 1, "badge": 1, "phone": 1, "email": 1}


def test_none_and_empty() -> None:
    assert SCRUBBER.scrub(None) == ScrubResult("", ())
    assert SCRUBBER.scrub("") == ScrubResult("", ())


def test_incident_dates_and_numbers_stay() -> None:
    text = "On 03/04/2019 at 14:22, case IA2019-00123, $1,234.56, Unit 12, 10-4, April 12, 1987."
    assert SCRUBBER.scrub(text).text == text


def test_luhn_failure_is_not_a_card() -> None:
    text = "Receipt 4111 1111 1111 1112 was printed."
    assert "[CARD]" not in SCRUBBER.scrub(text).text


def test_overlap_longest_wins_and_union_is_removed() -> None:
    # The phone inside the address-like run and the badge inside the address are one finding.
    text = "At 17 Oak Ln #4 she waited."
    result = SCRUBBER.scrub(text)
    assert result.text == "At [ADDRESS] she waited."
    assert result.findings == (Finding("address", 3, 15),)


@pytest.fixture(scope="module")
def known_scrubber() -> TextScrubber:
    known = KnownEntities()
    known.add_person(Person("Dana", "Reyes"))
    known.add_value("phone", "(317) 555-0199")
    known.add_value("email", "Dana.Reyes@Example.org")
    known.add_value("ssn", "321-54-9876")
    known.add_value("dob", "1980-02-03")
    known.add_value("address", "42 Elm Street Apt 3")
    known.add_value("id_number", "X99-8877-66")
    known.add_value("badge", "8812")
    assert len(known) == 8
    return TextScrubber(known)


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("Reached at 317 555 0199 later.", "317 555 0199", "phone"),
        ("Reached at +13175550199 later.", "3175550199", "phone"),
        ("Reached at 317/555/0199 later.", "317/555/0199", "phone"),
        ("Mail dana.reyes@example.ORG now.", "dana.reyes@example.ORG", "email"),
        ("Number 321 54 9876 on file.", "321 54 9876", "ssn"),
        ("Number 321.54.9876 on file.", "321.54.9876", "ssn"),
        ("Seen on 2/3/1980 by staff.", "2/3/1980", "dob"),
        ("Seen on February 3, 1980 by staff.", "February 3, 1980", "dob"),
        ("Went to 42 elm st. #3 twice.", "42 elm st. #3", "address"),
        ("Went to 42 ELM STREET, APT 3 twice.", "42 ELM STREET, APT 3", "address"),
        ("Card x99 8877 66 was shown.", "x99 8877 66", "id_number"),
        ("Card X9988776 6 was shown.", "X9988776 6", "id_number"),
        ("Number 8812 was worn.", "8812", "badge"),
    ],
)
def test_known_values_in_any_format(
    known_scrubber: TextScrubber, text: str, value: str, kind: str
) -> None:
    _check(known_scrubber.scrub(text), text, value, kind)


def test_entities_added_later_are_picked_up() -> None:
    known = KnownEntities()
    # (no name lists: with them, anyone "talked to" is a person, known or not)
    scrubber = TextScrubber(known, lexicon=False)
    assert scrubber.scrub("Talked to Zyx today.").text == "Talked to Zyx today."
    known.add_person(Person(last="Zyx"))
    assert scrubber.scrub("Talked to Zyx today.").text == "Talked to [PERSON 1] today."


def test_unknown_value_kind_rejected() -> None:
    with pytest.raises(ValueError, match="unknown value kind"):
        KnownEntities().add_value("shoe_size", "11")


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_gives_consistent_findings(text: str) -> None:
    result = SCRUBBER.scrub(text)
    pos = 0
    rebuilt = []
    for f in result.findings:
        assert pos <= f.start < f.end <= len(text)
        rebuilt.append(text[pos : f.start] + PLACEHOLDERS[f.type])
        pos = f.end
    assert "".join(rebuilt) + text[pos:] == unnumbered(result.text)


KNOWN_ADDRESSES = ["42 Elm Street Apt 3", "42 Elm Street", "1200 N Main St",
                   "7 Rose Ct", "880 de la Cruz Blvd, Unit 12"]


@pytest.mark.parametrize(("text", "found"), [
    ("Went to 42 elm st. #3 twice.", "42 elm st. #3"),
    ("Went to 42 Elm St Unit 3 twice.", "42 Elm St Unit 3"),  # another unit word
    ("Went to 42 ELM STREET, APT 3 twice.", "42 ELM STREET, APT 3"),  # longest wins
    ("Went to 42 Elm St, then home.", "42 Elm St"),
    ("Seen at 1200 North Main Street. Left.", "1200 North Main Street."),
    ("Seen at 1200 n. main st today.", "1200 n. main st"),
    ("Met at 7 ROSE CT.", "7 ROSE CT."),
    ("Lives at 880 De La Cruz Boulevard #12 now.", "880 De La Cruz Boulevard #12"),
    ("Lives at 880 de la cruz blvd 12, alone.", "880 de la cruz blvd 12"),
])
def test_known_addresses_in_any_spelling(text: str, found: str) -> None:
    known = KnownEntities()
    for address in KNOWN_ADDRESSES:
        known.add_value("address", address)
    result = TextScrubber(known).scrub(text)
    _check(result, text, found, "address")
    start = text.index(found)
    assert any(f.start == start and f.end == start + len(found) for f in result.findings), \
        result.findings


@pytest.mark.parametrize("text", [
    "He walked 42 steps to Elm Street.",  # the words, not the address
    "Rose walked 7 blocks; the court was closed.",
    "Saw 42 Elm Streetcars downtown.",  # the last word goes on
    "Unit 1200 patrolled Main St.",
])
def test_ordinary_prose_near_known_addresses_survives(text: str) -> None:
    known = KnownEntities()
    for address in KNOWN_ADDRESSES:
        known.add_value("address", address)
    result = TextScrubber(known).scrub(text)
    assert not [f for f in result.findings if f.type == "address"], result.findings


@pytest.mark.parametrize(("text", "gone"), [
    ("Stopped a car, plate ABC1234, at noon.", "ABC1234"),
    ("Plate # 7XYZ123 was run through NCIC.", "7XYZ123"),
    ("VIN 1HGCM82633A004352 came back stolen.", "1HGCM82633A004352"),
    ("The 1HGCM82633A004352 was towed.", "1HGCM82633A004352"),
    ("Registration: WBA3A5C55CF256985 expired.", "WBA3A5C55CF256985"),
])
def test_vehicle_plates_and_vins_are_ids(text: str, gone: str) -> None:
    out = TextScrubber().scrub(text).text
    assert gone not in out and "[ID]" in out


@pytest.mark.parametrize("email", ["jdoe88 (at) gmail (dot) com", "JDOE88[at]GMAIL[dot]COM",
                                   "j.doe{at}mail.example.org"])
def test_an_email_spelt_out_is_an_email(email: str) -> None:
    out = TextScrubber().scrub(f"Contact her at {email} after 5.").text
    assert "jdoe" not in out.lower() and "j.doe" not in out and "[EMAIL]" in out


def test_dob_initials_are_no_name() -> None:
    out = TextScrubber().scrub("D.O.B. 01-05-1988 per records.").text
    assert out == "D.O.B. [DOB] per records."


def test_a_spelt_email_is_only_read_from_the_start_of_a_word() -> None:
    # A match from inside a word would make a long hostile word before "(at)" cost the
    # square of its length; from its start the whole address still goes.
    from iaextract.scrub.patterns import SPELT_EMAIL_RE
    text = "note: xjdoe88 (at) gmail (dot) com"
    start = text.index("x")
    assert all(SPELT_EMAIL_RE.match(text, pos) is None for pos in range(start + 1, start + 7))
    assert SPELT_EMAIL_RE.match(text, start) is not None
    assert TextScrubber().scrub(text).text == "note: [EMAIL]"
