"""Consistent placeholders (issue 16 item 4): the same person keeps one number within a
narrative, officers are told from others, and placeholders keep the punctuation around
them."""

from __future__ import annotations

from iaextract.pii.entities import KnownEntities, Person
from iaextract.scrub.scrubber import TextScrubber


def _scrubber() -> TextScrubber:
    known = KnownEntities()
    known.add_person(Person(first="Marcus", last="Hill"))
    known.add_person(Person(first="Dana", last="Reyes"))
    return TextScrubber(known)


def test_the_same_person_keeps_one_number() -> None:
    text = "Marcus Hill told Ofc. Reyes that Hill's car was towed; M. Hill left."
    assert _scrubber().scrub(text).text == (
        "[PERSON 1] told Ofc. [OFFICER 2] that [PERSON 1]'s car was towed; [PERSON 1] left.")


def test_numbers_start_again_with_each_narrative() -> None:
    scrubber = _scrubber()
    assert scrubber.scrub("Ofc. Reyes arrived.").text == "Ofc. [OFFICER 1] arrived."
    assert scrubber.scrub("Marcus Hill called.").text == "[PERSON 1] called."


def test_a_first_name_alone_later_is_the_same_person() -> None:
    text = "Ms. Nguyen's son Kevin said that Kevin took the phone."
    assert TextScrubber().scrub(text).text == (
        "Ms. [PERSON 1]'s son [PERSON 2] said that [PERSON 2] took the phone.")


def test_punctuation_between_two_people_survives() -> None:
    out = _scrubber().scrub("It was Ofc. Reyes. Hill lives at 12 Main St.").text
    assert out == "It was Ofc. [OFFICER 1]. [PERSON 2] lives at [ADDRESS]."


def test_the_manifest_still_counts_names_by_type() -> None:
    result = _scrubber().scrub("Marcus Hill told Ofc. Reyes.")
    assert result.counts() == {"name": 2}


def test_a_person_titled_in_any_mention_is_an_officer() -> None:
    out = _scrubber().scrub("Then Reyes arrived; later Ofc. Dana Reyes left.").text
    assert out == "Then [OFFICER 1] arrived; later Ofc. [OFFICER 1] left."
