"""How the leak scan's index learns people a chunk at a time: each name part once, and
the phrases a person's name is written as ("First Last", "LAST, FIRST", "J. Okafor").

A source names the same few thousand first names and surnames again and again, so a
part already learnt among people of the same tables costs one dictionary lookup; the
phrases are made of each person's parts as tuples, with whether each is made only of
ordinary words told from its parts (no phrase is looked up word by word).
"""

from __future__ import annotations

from iaextract.pii.words import SortedWords

#: A name part's tokens, and whether every one is an ordinary word (True for none).
NamePart = tuple[tuple[str, ...], bool]
NO_PART: NamePart = ((), True)
#: The parts of one person, in this order: first, last, middle, maiden, nickname.
Parts = tuple[NamePart, NamePart, NamePart, NamePart, NamePart]


class NameParts:
    """The name parts already learnt among people of ``tables`` (raw value → part).

    Bounded: when full it starts again empty, so a part is then learnt again (at worst
    the same keys twice, removed by the index), never skipped without being learnt.
    """

    LIMIT = 1 << 16  # parts (a few MB)

    def __init__(self, tables: frozenset[str] = frozenset()) -> None:
        self.tables = tables
        self._parts: dict[str, NamePart] = {}

    def get(self, value: str) -> NamePart | None:
        """The part ``value``, if it was learnt (among people of these tables)."""
        return self._parts.get(value)

    def add(self, value: str, part: NamePart) -> NamePart:
        """Remember that ``value`` (made of ``part``) is learnt."""
        if len(self._parts) >= self.LIMIT:
            self._parts.clear()
        self._parts[value] = part
        return part

    def __len__(self) -> int:
        return len(self._parts)


class PersonPhrases:
    """The phrases (two or more tokens) a batch of people are written as, and for each
    whether it is made only of ordinary words (then it counts only when capitalised)."""

    def __init__(self, words: SortedWords) -> None:
        self.words = words
        self.keys: list[tuple[str, ...]] = []
        self.plain: list[bool] = []

    def extend(self, phrases: list[list[str]]) -> None:
        """Add ``phrases`` (one of a single token is left out)."""
        for phrase in phrases:
            if len(phrase) > 1:
                key = tuple(phrase)
                self.keys.append(key)
                self.plain.append(self.words.issuperset(key))

    def add(self, parts: Parts) -> None:
        """Add the ways one person's parts are written together."""
        (first, first_plain), (last, last_plain), (middle, middle_plain), maiden, nickname \
            = parts
        keys, plain = self.keys, self.plain
        for surname, surname_plain in ((last, last_plain), maiden):
            if not surname:
                continue
            for given, given_plain in ((first, first_plain), nickname):
                if given:
                    both = given_plain and surname_plain
                    keys += (given + surname, surname + given)  # "LAST, FIRST"
                    plain += (both, both)
            if first and middle:
                initial = (middle[0][0],)
                with_initial = first_plain and surname_plain and initial[0] in self.words
                keys += (first + middle + surname, first + initial + surname,
                         surname + first + initial)
                plain += (first_plain and middle_plain and surname_plain, with_initial,
                          with_initial)
            if first and not surname_plain:
                keys.append((first[0][0],) + surname)  # "J. Okafor"
                plain.append(False)
