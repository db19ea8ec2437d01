"""Every person the demo generator writes into a narrative is scrubbed (issue 14 item 3):
its "unknown people" (in no table), and every name and nickname of its pools in every
written form the generator uses, including nicknames that are ordinary words."""

from __future__ import annotations

import random
import re

import pytest

from iaextract.demo import pools
from iaextract.demo.narratives import _MAIN, _UNKNOWN, Person, mention, possessive
from iaextract.pii.entities import KnownEntities
from iaextract.pii.entities import Person as KnownPerson
from iaextract.scrub.scrubber import TextScrubber

UNKNOWN_NAMES = {
    "a witness named Darnell Hughes": "Darnell Hughes",
    "Dr. Patel at St. Vincent": "Patel",
    "a neighbour, Mrs. Okonkwo": "Okonkwo",
    "the tow driver, Rick Lamont": "Rick Lamont",
    "Nurse Fiona Gallagher": "Fiona Gallagher",
    "a bystander who gave her name as Tasha Greene": "Tasha Greene",
    "Pastor Leroy Simmons": "Leroy Simmons",
    "attorney Michelle Rourke": "Michelle Rourke",
    "Dr. Evans at Methodist Hospital": "Evans",
    "a man called Skeeter": "Skeeter",
}


def test_the_table_of_unknown_people_is_complete() -> None:
    assert set(UNKNOWN_NAMES) == set(pools.UNKNOWN_PEOPLE)


@pytest.mark.parametrize("template", _UNKNOWN)
@pytest.mark.parametrize("stranger", pools.UNKNOWN_PEOPLE)
def test_unknown_people_are_scrubbed_without_any_table(stranger: str, template: str) -> None:
    text = template.format(u=stranger, U=stranger[0].upper() + stranger[1:])
    out = TextScrubber().scrub(text).text
    for word in UNKNOWN_NAMES[stranger].split():
        assert not re.search(rf"\b{word}\b", out), (word, out)
    assert "[PERSON 1]" in out


def _people() -> list[Person]:
    rng = random.Random(14)
    nicks = [n for _, n in pools.NICKNAMES] + list(pools.GENERIC_NICKNAMES)
    people = []
    firsts = pools.FIRST_NAMES_M + pools.FIRST_NAMES_F
    for i, first in enumerate(firsts):
        people.append((first, rng.choice(pools.LAST_NAMES), nicks[i % len(nicks)]))
    for last in pools.LAST_NAMES:
        people.append((rng.choice(firsts), last, rng.choice(nicks)))
    return [Person(first, last, "Ann", nick, "F", None, None, None, None, "1 Main St",
                   "01/02/1990", None, None) for first, last, nick in people]


def _words(person: Person) -> set[str]:
    return {w for part in (person.first, person.last, person.nick)
            for w in re.findall(r"[^\W\d_]+", part or "") if len(w) > 1}


def _fill(template: str, form: str) -> str:
    return re.sub(r"\{\w+\}", lambda m: "bus stop" if m.group() == "{loc}" else form, template)


@pytest.mark.parametrize("person", _people(), ids=lambda p: f"{p.first}-{p.last}-{p.nick}")
def test_every_pool_name_and_nickname_is_scrubbed_in_every_form(person: Person) -> None:
    known = KnownEntities()
    known.add_person(KnownPerson(first=person.first, last=person.last, middle="Ann",
                                 nickname=person.nick))
    scrubber = TextScrubber(known)
    rng = random.Random(person.first + person.last)
    forms = {mention(rng, person) for _ in range(400)} | {possessive(rng, person)
                                                          for _ in range(40)}
    templates = [t for ts in _MAIN.values() for t in ts]
    for form in sorted(forms):
        template = rng.choice(templates)
        text = _fill(template, form)
        out = scrubber.scrub(text).text
        own = {w.lower() for w in re.findall(r"[^\W\d_]+", template)}
        for word in _words(person):
            if word.lower() in own:
                continue  # "Grant" in "would not grant a request": the template's own word
            assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", out, re.I), (form, out)
