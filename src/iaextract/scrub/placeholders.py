"""Consistent placeholders: within one narrative, the same person gets the same label.

``[PERSON 1] told [OFFICER 2] that [PERSON 1]'s car was towed`` lets a reader follow who
did what without learning who anyone is. Mentions are the same person when the name
words of one are all among the other's (``Marcus Hill``, ``Hill``, ``M. Hill``); a person
named after a police title (``Ofc.``, ``Sgt.``, ``Det.``) is an officer. Numbers count
people in order of first mention, officers and others together, and start again with
each narrative, so they say nothing across narratives.

Two options change the label, never what is removed:

- officers (:class:`~iaextract.scrub.officers.OfficerDirectory`): an officer of the
  source's officer table is labelled with the pseudonymous ``officer_id`` the export
  publishes for them (``[OFFICER 3f9a…]``), so a reader can join the text to the rows;
- ``keyed`` (``narrative_person_ids = "dataset"``): other people are labelled by an HMAC
  of their name words under the pseudonym key, so one name gets one label in every
  narrative of the export and of later exports (``[PERSON 4f0c2a9b1e]``: 10 characters,
  where an officer id has 16), and the label cannot be turned back into the name
  without the key. Its input is the fullest form of the name in that narrative:
  ``Hill`` alone and ``Marcus Hill`` are one label within a narrative, two across.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from iaextract.pii.normalise import fold
from iaextract.redaction.pseudonym import Pseudonymizer

_POLICE_TITLES = ("officers", "officer", "ofc", "off", "sgt", "sergeant", "lt", "lieutenant",
                  "cpl", "corporal", "det", "detective", "capt", "captain", "deputy", "dep",
                  "trooper", "p.o", "inv", "investigator", "agent", "chief")
# A police title or a badge number right before a mention ("Ofc. ", "Sgt ", "#4471, "),
# read backwards from the mention: one match on the reversed text (a search for the
# pattern forwards, anchored at the end, would try every position of the text).
_OFFICER_BEFORE_REVERSED_RE = re.compile(
    r"[\s,:]*(?:\.?(?:" + "|".join(re.escape(t[::-1]) for t in _POLICE_TITLES)
    + r")\b|\d+#)", re.IGNORECASE)
# A badge number written right after a name: "BROWN #9562", "Hill (badge no. 4471)".
_BADGE_AFTER_RE = re.compile(r"[\s,(]*(?:#|badge\s*(?:no\.?|number|#)?)\s*"
                             r"([A-Za-z0-9-]*\d[A-Za-z0-9-]*)", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_TITLES = frozenset({"officer", "ofc", "sgt", "det", "lt", "mr", "mrs", "ms", "dr"})
#: The pseudonym entity of dataset-wide labels: never equal to any column's pseudonym.
KEYED_ENTITY = "narrative_person"
#: Hex characters of a dataset-wide label: shorter than an ``officer_id`` (16), so the two
#: are never mistaken for each other.
KEYED_LENGTH = 10


def name_words(name: str) -> frozenset[str]:
    """The folded words of a written name that tell people apart (titles and initials
    left out): ``Ofc. M. HILL`` → ``{"hill"}``."""
    return frozenset(_WORD_RE.findall(fold(name))).difference(_TITLES)


# The same names come back narrative after narrative (bounded: about 500 bytes a name, so
# 8 MB in each process that scrubs, where 65,536 was 32 MB; on the 50k demo's first
# 30,000 narratives 8,192 places missed 38 % of the calls, room for every name 26 %).
@lru_cache(maxsize=16_384)
def _mention_words(name: str) -> frozenset[str]:
    """The words that tell the person written ``name`` apart; the whole folded name
    when it has none (an initial alone: "D.")."""
    return name_words(name) or frozenset({fold(name).strip()})


class Officers(Protocol):
    """Tells which officer of the source a person of a narrative is."""

    def officer_id(self, words: frozenset[str], titled: bool,
                   badges: frozenset[str] = frozenset()) -> str | None: ...


@dataclass
class _Person:
    words: frozenset[str]
    titled: bool
    badges: frozenset[str] = frozenset()  # badge numbers written after a mention


class PersonLabeller:
    """Labels the people of each narrative; one for a whole run (it keeps no text)."""

    def __init__(self, officers: Officers | None = None,
                 keyed: Pseudonymizer | None = None) -> None:
        self.officers = officers
        self.keyed = keyed

    def labels(self, text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
        """The placeholder of each name span of ``text`` (in the order given, which is
        the order of the text)."""
        people: list[_Person] = []
        owners = [_group(people, text[start:end], text[max(0, start - 24):start],
                         text[end:end + 24]) for start, end in spans]
        labels, number = [], 0
        for person in people:
            officer = self.officers.officer_id(person.words, person.titled, person.badges) \
                if self.officers is not None and person.words else None
            role = "OFFICER" if officer or person.titled else "PERSON"
            if officer:
                tag = officer
            elif self.keyed is not None and person.words:
                tag = str(self.keyed.pseudonym(KEYED_ENTITY, " ".join(sorted(person.words)))
                          )[:KEYED_LENGTH]
            else:
                number += 1
                tag = str(number)
            labels.append(f"[{role} {tag}]")
        return [labels[owner] for owner in owners]


def _group(people: list[_Person], name: str, before: str, after: str) -> int:
    """Index in ``people`` of the person written ``name`` (added if new), ``before`` and
    ``after`` being the text around the mention."""
    words = _mention_words(name)
    titled = _OFFICER_BEFORE_REVERSED_RE.match(before[::-1]) is not None
    badge = _BADGE_AFTER_RE.match(after)
    badges = frozenset({badge_key(badge.group(1))}) if badge else frozenset()
    for index, person in enumerate(people):
        if words <= person.words or person.words <= words:
            # "Hill" first, "Ofc. Marcus Hill" later: one officer with both words
            people[index] = _Person(person.words | words, person.titled or titled,
                                    person.badges | badges)
            return index
    people.append(_Person(words, titled, badges))
    return len(people) - 1


def badge_key(badge: object) -> str:
    """A badge number as compared: its letters and digits, upper case ("" if none)."""
    return "".join(c for c in str(badge or "").upper() if c.isalnum())
