"""Consistent placeholders: within one narrative, the same person gets the same number.

``[PERSON 1] told [OFFICER 2] that [PERSON 1]'s car was towed`` lets a reader follow who
did what without learning who anyone is. Mentions are the same person when the name
words of one are all among the other's (``Marcus Hill``, ``Hill``, ``M. Hill``); a name
after a police title (``Ofc.``, ``Sgt.``, ``Det.``) is an officer. Numbers count people
in order of first mention, officers and others together, and start again with each
narrative, so they say nothing across narratives.
"""

from __future__ import annotations

import re

from iaextract.pii.normalise import fold

_OFFICER_BEFORE_RE = re.compile(
    r"(?:\b(?:officers?|ofc|off|sgt|sergeant|lt|lieutenant|cpl|corporal|det|detective"
    r"|capt|captain|deputy|dep|trooper|p\.o|inv|investigator|agent|chief)\.?|#\d+)"
    r"[\s,:]*$", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_TITLES = frozenset({"officer", "ofc", "sgt", "det", "lt", "mr", "mrs", "ms", "dr"})


class PersonNumbers:
    """Numbers the people of one narrative; make one per narrative."""

    def __init__(self) -> None:
        self._people: list[tuple[frozenset[str], str]] = []  # name words, role

    def label(self, name: str, before: str) -> str:
        """The placeholder of the person written ``name``, ``before`` being the text
        right before it (where a title would be)."""
        words = frozenset(w for w in _WORD_RE.findall(fold(name)) if w not in _TITLES) \
            or frozenset({fold(name).strip()})
        for number, (known, role) in enumerate(self._people, start=1):
            if words <= known or known <= words:
                if known < words:  # "Hill" first, "Marcus Hill" later: remember both words
                    self._people[number - 1] = (words, role)
                return f"[{role} {number}]"
        role = "OFFICER" if _OFFICER_BEFORE_RE.search(before[-24:]) else "PERSON"
        self._people.append((words, role))
        return f"[{role} {len(self._people)}]"
