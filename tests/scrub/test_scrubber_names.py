"""Name layer: known people in every written form, unknown people after titles."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from iaextract.pii.entities import KnownEntities, Person
from iaextract.pii.lexicon import fold, ordinary_words
from iaextract.scrub.scrubber import TextScrubber

from ..support import unnumbered

PEOPLE = [
    Person("Will", "Grant"),
    Person("Rose", "O'Brien"),
    Person("José", "Núñez"),
    Person("Mary", "Smith-Jones", middle="Ann"),
    Person("Mark", "Young", nickname="Sparky"),
    Person("Siobhan", "McAllister", maiden="Keane"),
    Person("June", "King"),
    Person("Hope", "White"),
    Person("Zoë", "Brandt-Lane"),
    Person("Frank", "D'Angelo"),
    Person("Thi", "Le"),
    Person("Ana", "de la Cruz"),
]


def _known(people: list[Person]) -> KnownEntities:
    known = KnownEntities()
    for p in people:
        known.add_person(p)
    return known


SCRUBBER = TextScrubber(_known(PEOPLE))
_WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(fold(text).lower()) if len(w) > 1}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officer Will Grant said he will provide it.", "Officer [NAME] said he will provide it."),
        ("GRANT, WILL was booked.", "[NAME] was booked."),
        ("Records list Grant, Will as present.", "Records list [NAME] as present."),
        ("We met W. Grant at noon.", "We met [NAME] at noon."),
        ("The car was Grant's and not Grant’s.", "The car was [NAME]'s and not [NAME]’s."),
        ("Tension rose when O’Brien arrived.", "Tension rose when [NAME] arrived."),
        ("Tension rose when OBRIEN arrived.", "Tension rose when [NAME] arrived."),
        ("Nunez and NÚÑEZ and núñez met.", "[NAME] and [NAME] and [NAME] met."),
        # decomposed accents (combining marks), as some databases store them
        ("Nu\u0301n\u0303ez's car; NU\u0303N\u0303EZ.", "[NAME]'s car; [NAME]."),
        ("Then Mc\u00adAllis\u200bter left.", "Then [NAME] left."),
        ("Mary Ann Smith-Jones left; later Jones returned.", "[NAME] left; later [NAME] returned."),
        ("Ms. Keane (née McAllister) left.", "Ms. [NAME] (née [NAME]) left."),
        ("A young man may have seen Young.", "A young man may have seen [NAME]."),
        ("He said Sparky ran.", "He said [NAME] ran."),
        ("Tension rose; rose-tinted glass.", "Tension rose; rose-tinted glass."),
        ("Mark Young's mark on the wrist.", "[NAME]'s mark on the wrist."),
        ("In June, Detective King and KING met.", "In June, Detective [NAME] and [NAME] met."),
        ("King Street is quiet.", "King Street is quiet."),
        ("Zoe Brandt-Lane and BRANDT met.", "[NAME] and [NAME] met."),
        # sentence-initial ordinary word: no evidence it is the name
        ("Frank spoke frankly to D’Angelo.", "Frank spoke frankly to [NAME]."),
        ("Hope White was there; we hope so.", "[NAME] was there; we hope so."),
        (
            "Later Le called; de la Cruz and De La Cruz left; la casa.",
            "Later [NAME] called; [NAME] and [NAME] left; la casa.",
        ),
    ],
)
def test_known_names(text: str, expected: str) -> None:
    assert unnumbered(SCRUBBER.scrub(text).text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officer Dana Reyes arrived.", "Officer [NAME] arrived."),
        ("Ofc. Reyes and Sgt. Okafor arrived.", "Ofc. [NAME] and Sgt. [NAME] arrived."),
        ("Det. Lt. Bjornsson called.", "Det. Lt. [NAME] called."),
        ("Lt. de la Rosa and Sgt. van der Berg left.", "Lt. [NAME] and Sgt. [NAME] left."),
        ("The officer de facto led.", "The officer de facto led."),
        ("The complainant, Tamsin Okonkwo, called.", "The complainant, [NAME], called."),
        ("witness MARIA LOPEZ said no.", "witness [NAME] said no."),
        ("a man named Bubba ran.", "a man named [NAME] ran."),
        ("Mr. J. Q. Public left.", "Mr. [NAME] left."),
        ("Victim: Ayla Demir.", "Victim: [NAME]."),
        ("Later Jennifer Castellano called.", "Later [NAME] called."),
        ("The Sergeant left with Internal Affairs.", "The Sergeant left with Internal Affairs."),
        ("Officer Safety Training is in May.", "Officer Safety Training is in May."),
        ("Suspect Description: male.", "Suspect Description: male."),
        (
            "Officer Involved Shooting team; Victim Services Unit.",
            "Officer Involved Shooting team; Victim Services Unit.",
        ),
        ("CALLED AT 14:22; OFFICER DIAZ ARRIVED.", "CALLED AT 14:22; OFFICER [NAME] ARRIVED."),
    ],
)
def test_unknown_names(text: str, expected: str) -> None:
    assert unnumbered(TextScrubber().scrub(text).text) == expected


def test_lexicon_can_be_turned_off() -> None:
    text = TextScrubber(lexicon=False).scrub("Later Jennifer Castellano called.").text
    assert unnumbered(text) == (
        "Later Jennifer Castellano called."
    )


def test_all_caps_narrative() -> None:
    text = "OFFICER REYES RESPONDED TO THE CALL. WILL GRANT WAS THERE. TENSION ROSE."
    out = unnumbered(SCRUBBER.scrub(text).text)
    assert out == "OFFICER [NAME] RESPONDED TO THE CALL. [NAME] WAS THERE. TENSION ROSE."


def test_cost_is_flat_in_number_of_people() -> None:
    many = _known([Person(f"Zq{i}x", f"Vr{i}y") for i in range(3000)] + PEOPLE)
    assert unnumbered(TextScrubber(many).scrub("Grant, Will left.").text) == "[NAME] left."


# -- property tests -------------------------------------------------------------

CARRIERS = [
    "The complainant said {} was at the scene.",
    "Later that night {} called dispatch twice.",
    "Video shows {} near the door.",
    "I spoke with {} and the lawyer.",
    "Per the report ({}) the door was open.",
    "Records list {}, then the officers.",
]


def _forms(p: Person) -> list[str]:
    first, last = p.first or "", p.last or ""
    forms = [
        f"{first} {last}",
        f"{last}, {first}",
        f"{first[0]}. {last}",
        f"{last}",
        f"{first} {last}'s",
        f"{last}’s",
    ]
    if p.middle:
        forms.append(f"{first} {p.middle[0]}. {last}")
    if p.nickname:
        forms.append(f"{p.nickname} {last}")
    if fold(first).lower() not in ordinary_words():  # a lone "Will" is just a word
        forms.append(first)
    return forms


_CASINGS = {
    "as is": lambda s: s,
    "upper": str.upper,
    "title": lambda s: s.title(),
    "folded": fold,
    "curly": lambda s: s.replace("'", "’"),
    "decomposed": lambda s: unicodedata.normalize("NFD", s),
    # O'Brien written OBrien (a possessive 's keeps its apostrophe)
    "no apostrophe": lambda s: re.sub(r"'(?!s\b)", "", fold(s)),
}


@settings(max_examples=300, deadline=None)
@given(
    person=st.sampled_from(PEOPLE),
    form=st.integers(0, 10),
    casing=st.sampled_from(sorted(_CASINGS)),
    lower=st.booleans(),
    carrier=st.sampled_from(CARRIERS),
)
def test_any_known_name_in_any_form_is_removed(
    person: Person, form: int, casing: str, lower: bool, carrier: str
) -> None:
    forms = _forms(person)
    name = _CASINGS[casing](forms[form % len(forms)])
    # Lower case carries no signal for a lone ordinary word; a full name it does.
    if lower and " " in name:
        name = name.lower()
    text = carrier.format(name)
    out = unnumbered(SCRUBBER.scrub(text).text)
    leaked = (_words(name) - _words(carrier.format(""))) & _words(out)
    assert not leaked, (text, out)
    assert "[NAME]" in out


SAFE_WORDS = sorted(
    _words(
        "the officer sergeant supervisor report camera station district will rose may young grant "
        "mark hope frank bill guy page wood lane summer hunter joy king white black brown "
        "responded arrived said wrote reviewed stated that was not a an to at in on and "
        "of with car vehicle door scene call shift after before during"
    )
)
PERSON_VERBS = frozenset({"said", "stated", "wrote", "responded", "arrived"})
SAFE_PEOPLE = [Person("Will", "Sokolowski"), Person("Rose", "Abernathy"), Person("Mark", "Zell")]
# Dates kept (date_precision = "day"): this test is about names; dates: tests/scrub.
SAFE_SCRUBBER = TextScrubber(_known(SAFE_PEOPLE + [Person("Hope", "Quist")]), date_precision="day")


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(SAFE_WORDS), min_size=3, max_size=14),
    number=st.sampled_from(["", " at 14:22", " on 03/04/2019", " in Unit 12", " for $40"]),
)
def test_ordinary_sentences_survive(words: list[str], number: str) -> None:
    # "Bill said", "King stated", "Bill arrived": a name word before a verb of speaking or
    # an act only a person does is someone (tests/scrub/test_people.py), not ordinary prose.
    assume(words[1] not in PERSON_VERBS)
    text = words[0].capitalize() + " " + " ".join(words[1:]) + number + "."
    assert SAFE_SCRUBBER.scrub(text).text == text


def test_name_findings_point_into_original_text() -> None:
    text = "Later Núñez’s brother and GRANT, WILL met Mc\u00adAllister."
    result = SCRUBBER.scrub(text)
    assert [text[f.start : f.end] for f in result.findings] == [
        "Núñez",
        "GRANT, WILL",
        "Mc\u00adAllister",
    ]
    assert all(f.type == "name" for f in result.findings)
