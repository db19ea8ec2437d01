"""Synopsis (free-text narrative) generation for the demo database.

A synopsis names the incident's own people in every way a clerk might write them
(ALL CAPS, "LAST, FIRST", initials, possessives with straight or curly apostrophes,
nicknames, titles with badge numbers) and carries their phone numbers, e-mail, home
address, DOB and sometimes SSN or licence number.  It also contains ordinary police prose
full of words that are also names in the pools ("will", "rose", "may", "young", "grant",
"mark"), which a scrubber must leave alone.
"""

from __future__ import annotations

import random
import unicodedata
from typing import NamedTuple

from iaextract.demo import pools

_RANK_TITLES = dict(pools.RANK_TITLES)  # lookup only, never iterated


class Person(NamedTuple):
    """What a narrative may say about one person of an incident."""

    first: str
    last: str
    middle: str | None
    nick: str | None
    sex: str
    badge: str | None  # officers only
    rank: str | None  # officers only (clean code, e.g. "SGT")
    phone: str | None
    email: str | None
    address: str  # street line, with apartment when there is one
    dob: str  # as written in the narrative (MM/DD/YYYY)
    ssn: str | None
    dl: str | None


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _flip_apostrophe(rng: random.Random, text: str) -> str:
    # Stored and written apostrophes differ on purpose: O’Brien in the table, O'Brien in
    # the narrative (and the other way round).
    if "'" in text and rng.random() < 0.5:
        return text.replace("'", "\u2019")
    if "\u2019" in text and rng.random() < 0.5:
        return text.replace("\u2019", "'")
    return text


def mention(rng: random.Random, p: Person) -> str:
    """Return one written form of a person's name, as it might appear in a synopsis."""
    first, last = p.first, _flip_apostrophe(rng, p.last)
    if rng.random() < 0.05:
        first, last = _strip_accents(first), _strip_accents(last)
    k = rng.randrange(14)
    if k == 0:
        return f"{first} {last}".upper()
    if k == 1:
        return f"{last}, {first}"
    if k == 2:
        return f"{last}, {first}".upper()
    if k == 3:
        return f"{first} {p.middle[0]}. {last}" if p.middle else f"{first} {last}"
    if k == 4:
        return f"{first[0]}. {last}"
    if k == 5:
        if p.nick:
            return f'"{p.nick}" {last}' if rng.random() < 0.6 else p.nick
        return f"{first} {last}"
    if k == 6:
        return f"{first} {last}".lower()
    if p.badge is not None and k in (7, 8, 9):
        titles = _RANK_TITLES.get(p.rank or "OFC", ("Officer",))
        title = rng.choice(titles)
        if k == 7:
            return f"{title} {last}"
        if k == 8:
            return f"{title} {last.upper()} #{p.badge}"
        return f"{title} {first} {last}"
    if k in (7, 8) and p.badge is None:
        honorific = "Mr." if p.sex == "M" else rng.choice(("Ms.", "Mrs."))
        return f"{honorific} {last}"
    return f"{first} {last}"


def possessive(rng: random.Random, p: Person) -> str:
    """Return a possessive form: Smith's, Smith’s, SMITH'S, John Smith's."""
    last = _flip_apostrophe(rng, p.last)
    mark = "'" if rng.random() < 0.5 else "\u2019"
    k = rng.randrange(4)
    if k == 0:
        return f"{last}{mark}s"
    if k == 1:
        return f"{last.upper()}{mark}S"
    if k == 2:
        return f"{p.first} {last}{mark}s"
    return f"{last}{mark}s"


# Sentences that name the incident's people.  Keys: {c} complainant/subject, {c2} second
# complainant (falls back to the first), {o} involved officer, {o2} second officer,
# {w} witness, {pc}/{po} possessives, {cr} "complainant <name>", {loc} a place word.
_MAIN: dict[str, tuple[str, ...]] = {
    "CC": (
        "{c} called the district station to report that {o} was rude during a traffic stop.",
        "Complainant {c} alleges {o} used profanity and would not grant a request for a "
        "supervisor.",
        "{c} and {c2} state that {o} searched {pc} vehicle without consent near the {loc}.",
        "{cr} reports {o} pushed {c2} against the patrol car; {o2} did not intervene.",
        "{c} states {o} made a comment about race while {o2} laughed.",
        "Per {c}, {o} refused to give a badge number and the tension rose quickly.",
        "{c} walked in to file; {pc} son was arrested by {o} at the {loc}.",
    ),
    "IC": (
        "{o} failed to appear in court as ordered; {o2} reported the absence.",
        "Supervisor {o2} reports {o} left the district without relief.",
        "{po} body-worn camera was not activated during a call at the {loc}.",
        "{o} was observed using a department vehicle off duty by {o2}.",
    ),
    "UOF": (
        "{o} used a takedown on {c} after {c} pulled away at the {loc}.",
        "{c} resisted arrest; {o} and {o2} applied hands-on control and handcuffed {c}.",
        "{o} deployed CEW on {c}; probes removed by EMS, a mark on the wrist was noted.",
        "{pc} arm was injured during the arrest by {o}; {w} recorded it on a phone.",
        "{o} pointed a firearm at {c} during a felony stop; {c} complied.",
    ),
    "OIS": (
        "{o} fired at {c} after {c} raised a handgun near the {loc}.",
        "{c} drove at {o} and {o2}; {o} discharged a weapon. {w} witnessed the incident.",
        "Shots were fired by {o}. {pc} family was notified by {o2}.",
    ),
    "VP": (
        "{o} pursued a vehicle driven by {c}; pursuit terminated by a supervisor.",
        "{o} initiated a pursuit of a stolen car; {c} crashed at the {loc}.",
        "{po} pursuit of {c} ended with spike strips; the vehicle was towed.",
    ),
    "AOO": (
        "{c} struck {o} in the face during an arrest at the {loc}.",
        "{o} was bitten by {c}; {o2} assisted and {c} was charged.",
        "{c} assaulted {o} with a knife; {w} called 911.",
    ),
}

# Contact-detail sentences: what an investigator writes down about a citizen.
_CONTACT: tuple[str, ...] = (
    "{c} can be reached at {phone}.",
    "Called back at {phone}, no answer; left message.",
    "Contact: {phone} / {email}.",
    "{c} (DOB {dob}) resides at {address}.",
    "{c} resides at {address}, {city}.",
    "Complainant e-mailed from {email} on the following day.",
    "DOB {dob}, home phone {phone}.",
    "SSN {ssn} verified through records; {c} provided DL {dl}.",
    "{c} gave DL number {dl} and alt phone {phone}.",
    "{c} mentioned {pc} cousin {c2} also lives at {address}.",
)

# Ordinary prose that must survive scrubbing intact.
_PROSE: tuple[str, ...] = (
    "The complainant will provide body-worn camera footage if available.",
    "Tension rose as the crowd grew outside the district station.",
    "The subject may have been intoxicated at the time.",
    "A young man was seen leaving the area on foot.",
    "The supervisor did not grant the request for a transfer.",
    "There was a mark on the wrist consistent with handcuffs.",
    "The vehicle was towed to the city impound lot.",
    "Case reviewed in March by the district commander.",
    "Reviewed per General Order 4.12 and SOP 301.",
    "In June the matter was returned to the district for additional interviews.",
    "A frank discussion was held with the shift supervisor.",
    "Summer detail assignments were not a factor.",
    "Photos were taken and booked into evidence under item 14.",
    "The in-car camera was inoperable; a work order was opened.",
    "Mark the case for follow-up; the hunter orange vest was recovered.",
    "Officers were dispatched at 14:22 on a 10-16 call.",
    "The grant-funded traffic detail was working that evening.",
    "Body-worn camera footage was reviewed by IA on May 3.",
    "The white sedan was located on King Street.",
    "It was a frank admission; no further action will be taken.",
)

_UNKNOWN: tuple[str, ...] = (
    "Statements were also taken from {u}.",
    "{U} was treated at the scene.",
    "Follow-up interview scheduled with {u}.",
)


class _LazyKeys(dict):  # type: ignore[type-arg]
    """Mapping for ``str.format_map`` that invents each value only when a template uses
    it, so the random stream depends on the template only (deterministic)."""

    def __init__(self, make: dict[str, object]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> str:
        value = str(self._make[key]())  # type: ignore[operator]
        self[key] = value
        return value


def synopsis(
    rng: random.Random,
    incident_type: str,
    officers: list[Person],
    citizens: list[Person],
    city: str,
) -> str:
    """Return a 1-4 sentence synopsis naming the given officers and citizens.

    ``officers`` must hold at least one person; ``citizens`` may be empty (internal
    complaints), in which case citizen slots are filled by officers.
    """
    o = officers[0]
    o2 = officers[1] if len(officers) > 1 else o  # witness officers come last
    make: dict[str, object]
    if citizens or incident_type == "IC":
        people_c = citizens or officers
        c = people_c[0]
        c2 = people_c[1] if len(people_c) > 1 else c
        w = people_c[-1]
        make = {
            "c": lambda: mention(rng, c),
            "c2": lambda: mention(rng, c2),
            "w": lambda: mention(rng, w),
            "pc": lambda: possessive(rng, c),
            "cr": lambda: f"complainant {c.first} {c.last}",
        }
    else:
        # Nobody identified (e.g. a pursuit where the driver got away): no invented name.
        people_c = officers
        make = {
            "c": lambda: "an unidentified driver",
            "c2": lambda: "the suspect",
            "w": lambda: "a passer-by",
            "pc": lambda: "the suspect's",
            "cr": lambda: "the complainant",
        }
    start = rng.randrange(len(people_c))
    rotated = people_c[start:] + people_c[:start] + officers

    def first_with(attr: str) -> Person:
        # Contact sentences quote whoever has that detail on file, not a placeholder.
        return next((p for p in rotated if getattr(p, attr)), rotated[0])

    who = rotated[0]
    make.update({
        "o": lambda: mention(rng, o),
        "o2": lambda: mention(rng, o2),
        "po": lambda: possessive(rng, o),
        "loc": lambda: rng.choice(pools.LOCATIONS),
        "phone": lambda: first_with("phone").phone or "an unlisted number",
        "email": lambda: first_with("email").email or "an unknown address",
        "dob": lambda: who.dob,
        "address": lambda: who.address,
        "city": lambda: city,
        "ssn": lambda: first_with("ssn").ssn or "not provided",
        "dl": lambda: first_with("dl").dl or "not provided",
    })
    u = rng.choice(pools.UNKNOWN_PEOPLE)
    make["u"] = lambda: u
    make["U"] = lambda: u[0].upper() + u[1:]
    keys = _LazyKeys(make)
    templates = [rng.choice(_MAIN[incident_type])]
    used_unknown = False
    for _ in range(rng.randrange(4)):
        r = rng.random()
        if r < 0.4:
            # With nobody identified, contact details would be pinned on a placeholder.
            pool = _CONTACT if (citizens or incident_type == "IC") else _PROSE
        else:
            pool = _PROSE if r < 0.85 else _UNKNOWN
        template = rng.choice(pool)
        # A repeated sentence, or the same stranger twice, reads as a bug.
        if template not in templates and not (pool is _UNKNOWN and used_unknown):
            templates.append(template)
            used_unknown = used_unknown or pool is _UNKNOWN
    sentences = [t.format_map(keys) for t in templates]
    return " ".join(sentences)
