"""Invisible and look-alike characters (issue 14 item 4): the scrubber normalises before
matching and the leak scan matches on the same form, so a hidden name is either scrubbed
or found by the scan, never published as clean."""

from __future__ import annotations

import pytest

from iaextract.leakscan.match import FREE, Column, Matcher
from iaextract.leakscan.values import KnownValues
from iaextract.pii.entities import KnownEntities, Person
from iaextract.pii.known import PersonalData
from iaextract.pii.normalise import _SPECIAL_RE, _unchanged, normalise, scan_form
from iaextract.scrub.scrubber import TextScrubber

# (hostile text holding Okafor or the phone 317-555-0123, what it hides)
HOSTILE = [
    ("Oka\u200ffor", "bidi mark (RLM) inside the surname"),
    ("Oka\u200efor", "bidi mark (LRM) inside the surname"),
    ("\u202eOkafor\u202c", "bidi override around the surname"),
    ("Ok\u200bafor", "zero-width space inside the surname"),
    ("Oka\u00adfor", "soft hyphen inside the surname"),
    ("\u041ek\u0430f\u043er", "Cyrillic O, a, o look-alikes"),
    ("Ok\u03b1f\u03bfr", "Greek alpha and omicron look-alikes"),
    ("\uff2f\uff4b\uff41\uff46\uff4f\uff52", "full-width letters"),
    ("O k a f o r", "letters spaced out"),
    ("O K A F O R", "capitals spaced out"),
    ("Oka-\nfor", "broken over a line with a hyphen"),
    ("Oka-\r\n   for", "broken over a CRLF line with a hyphen and indent"),
    ("Oka&#102;or", "HTML decimal entity"),
    ("Oka&#x66;or", "HTML hex entity"),
    ("Ok&aacute;for", "HTML named entity"),
]
PHONES = ["317\u200b555-0123", "(317)\u00a0555\u20110123", "\uff13\uff11\uff17-555-0123",
          "317-555-&#48;123"]


def _known() -> KnownEntities:
    known = KnownEntities()
    known.add_person(Person(first="Keisha", last="Okafor"))
    known.add_value("phone", "(317) 555-0123")
    return known


@pytest.fixture(scope="module")
def scrubber() -> TextScrubber:
    return TextScrubber(_known())


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    data = PersonalData(people=[Person(first="Keisha", last="Okafor")])
    data.add_value("phone", "(317) 555-0123")
    return Matcher(KnownValues.build(data))


@pytest.mark.parametrize(("hidden", "how"), HOSTILE)
def test_scrubber_removes_a_known_name_hidden_by(scrubber: TextScrubber, hidden: str,
                                                 how: str) -> None:
    text = f"The complainant said {hidden} was at the station."
    result = scrubber.scrub(text)
    assert result.text == "The complainant said [PERSON 1] was at the station.", how


@pytest.mark.parametrize(("hidden", "how"), HOSTILE)
def test_leak_scan_finds_a_known_name_hidden_by(matcher: Matcher, hidden: str,
                                                how: str) -> None:
    assert matcher.find(f"The complainant said {hidden} was there.", Column(FREE)) == "name", how


@pytest.mark.parametrize("phone", PHONES)
def test_hidden_phone_is_scrubbed_and_found(scrubber: TextScrubber, matcher: Matcher,
                                            phone: str) -> None:
    assert scrubber.scrub(f"Call {phone} today.").text == "Call [PHONE] today."
    assert matcher.find(f"Call {phone} today.", Column(FREE)) == "phone"


def test_unknown_name_after_a_title_is_scrubbed_whatever_its_letters() -> None:
    text = "Ofc. \u041ek\u0430f\u043er and Ofc. Oka\u200bfor arrived."
    assert TextScrubber().scrub(text).text == "Ofc. [OFFICER 1] and Ofc. [OFFICER 1] arrived."


def test_ordinary_text_is_untouched_and_offsets_map_back() -> None:
    plain = "Officers responded at 14:22; A B C were the units."
    assert normalise(plain).origin is None or normalise(plain).text == plain
    hostile = "x Oka&#102;or y"
    n = normalise(hostile)
    assert n.text == "x Okafor y"
    start = n.text.index("Okafor")
    assert n.span(start, start + 6) == (2, 13)
    assert hostile[2:13] == "Oka&#102;or"


def test_scan_form_is_what_the_scrubber_matches() -> None:
    assert scan_form("\uff2f\uff4b\u0430f\u043er") == "Okafor"
    assert scan_form("Núñez O\u2019Brien") == "Nunez O'Brien"
    assert scan_form("plain ascii") == "plain ascii"


def test_text_around_a_scrubbed_hidden_name_is_kept_byte_for_byte(scrubber: TextScrubber
                                                                  ) -> None:
    text = "Caf\u00e9 owner \u200bsaw Oka\u200ffor\u200b leave."
    assert scrubber.scrub(text).text == "Caf\u00e9 owner \u200bsaw [PERSON 1] leave."


@pytest.mark.parametrize("text", [
    "a b c d", "He said a b c d.", "x-\ny", "x- \r\ny", "Tom &amp; Jerry", "K I N G said",
    "I am a b c", "a b c 4", "_a b c d", "a b c de", "ab c d e f", "plain words only"])
def test_ascii_text_skips_normalising_only_when_nothing_would_change(text: str) -> None:
    # the quick test may send text on that needs nothing; never the reverse (fail closed)
    if _SPECIAL_RE.search(text):
        assert not _unchanged(text)
    if _unchanged(text):
        assert normalise(text).text == text
