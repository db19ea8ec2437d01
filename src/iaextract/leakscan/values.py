"""The leak scan's index of known personal values, and how text is matched against it.

Text and values go through the same normalisation: split into word tokens (letters and
digits; apostrophes, hyphens and punctuation separate), accents removed, case folded,
street suffixes and directions in one spelling (Street → st, North → n). Matching is by
whole tokens, so "Rose" never matches inside "Roseville" and a pseudonym (hex) never
hides a phone number.

Rules, chosen so that an ordinary export does not trip them (see README, "Leak scan"):

- everywhere: e-mail addresses; phone numbers, SSNs and ID numbers of 7+ characters
  as runs of tokens joined by separators (``(317) 555-0123`` = ``317.555.0123`` =
  ``+1 317 555 0123``); names of two or more tokens (First Last, Last, First, First
  M. Last, nickname + surname, maiden names, hyphenated and multi-word surnames) and
  street addresses (house number + street, PO boxes). A phrase made only of ordinary
  English words ("Will May", "Oak St & Elm Ave") counts only when capitalised;
- in free text (narratives, text files): a capitalised single name token when it is not
  an ordinary English word, month, day or US state ("Okafor", not "Rose", "April" or
  "Washington"), or when it follows a title or role word ("Officer Will"); badge
  numbers after ``#`` or "badge"; dates of birth written as a full date in any form;
- as the whole value of any other text field, or of a string in the tool's JSON
  documents (manifest, data package): any known value (a surname published in
  ``officer_unit``, or listed as an unknown code), unless it is a value that field's
  vocabulary or code lists allow ("White" as a race; any vocabulary in a document).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Hashable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from itertools import compress
from operator import itemgetter, not_

from iaextract.dates import UnparseableDate, parse_date
from iaextract.leakscan.forms import address_phrases, phone_forms_many
from iaextract.leakscan.person_phrases import NO_PART, NameParts, Parts, PersonPhrases
from iaextract.leakscan.tokens import (
    EMAIL,
    MIN_COMPACT,
    NUMBER_KINDS,
    PSEUDONYM_LINES,
    PSEUDONYM_SHAPE,
    ordinary,
    ordinary_words,
    tokens,
    tokens_many,
)
from iaextract.pii.entities import Person
from iaextract.pii.hashed import HashedKeys
from iaextract.pii.known import PersonalData
from iaextract.pii.normalise import fold_many


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Learning a chunk makes tuples by the hundred thousand and no reference cycle:
    the cyclic garbage collector would only walk them, again and again (a third of the
    learning's time). Reference counting still frees everything; the collector runs
    again after the chunk."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _has_digit(text: str) -> bool:
    # (For ASCII letters and digits, "not only letters" says it without a loop.)
    return not text.isalpha() and (text.isascii() or any(c.isdigit() for c in text))


_OVERFLOW_KIND = "personal value"  # the 32nd and later kinds of one source share a tag


class KnownValues:
    """Normalised known values, indexed for matching in one pass over a text.

    Built once from a source's personal data (``build``, or ``add_people``/``add_values``
    a chunk at a time, then ``freeze``). The large parts (phrases, phone and ID runs,
    whole values, e-mail addresses, birthdays) are held as hashes (:class:`HashedKeys`),
    each chunk's keys hashed together; the rest are vocabularies that grow with the
    number of distinct names, not with the number of records.
    """

    def __init__(self, name_tables: bool = False) -> None:
        self._keys = HashedKeys()  # ("p", phrase) ("c", run) ("w", whole value) ("e", email)
        self._kinds: list[str] = []
        self.allowed: re.Pattern[str] | None = None  # the agency's scrub_allow phrases
        self._kind_index: dict[str, int] = {}
        self._lengths: dict[str, int] = {}  # first token → bitmask of phrase lengths
        self.lengths: dict[str, tuple[int, ...]] = {}  # … longest first, once frozen
        # The second token of every phrase: a phrase can start only at a first token
        # followed by one of these (the quick reading of prose skips the rest).
        self.seconds: set[str] = set()
        self.max_compact = 0
        self.rare_names: set[str] = set()
        self.names: set[str] = set()
        self.badges: set[str] = set()
        self.dobs = False  # any birthday known (each is a key of its day number)
        # Known single tokens shaped like a pseudonym: only these can make a pseudonym
        # a leak, so the scan checks a column of pseudonyms against this set alone.
        self.pseudonym_shaped: set[str] = set()
        # (table, name) for every name of a person table: only needed to tell a named
        # officer's name from anyone else's (officer_identity = "named").
        self.name_tables = HashedKeys() if name_tables else None
        self._tables: frozenset[str] = frozenset()  # tables of the person being added
        self.checked = 0  # source values the index was built from
        self._pending: dict[tuple[str, int], list[Hashable]] = {}  # (prefix, tag) → keys
        self._parts = NameParts()  # name parts learnt among people of the current tables

    @classmethod
    def build(cls, data: PersonalData, name_tables: bool = False) -> KnownValues:
        """The index of every person and value of ``data``."""
        known = cls(name_tables)
        for person in data.people:
            known.add_person(person, data.origins.get(person, ()))
        for kind, values in data.values.items():
            for value in values:
                known.add_value(kind, value)
        return known.freeze()

    def freeze(self) -> KnownValues:
        """Finish building: after this the index answers lookups."""
        self._flush()
        self._keys.freeze()
        if self.name_tables is not None:
            self.name_tables.freeze()
        by_mask: dict[int, tuple[int, ...]] = {}
        self.lengths = {word: by_mask.setdefault(mask, tuple(
            n for n in range(mask.bit_length() - 1, 1, -1) if mask >> n & 1))
            for word, mask in self._lengths.items()}
        self._lengths = {}
        ordinary_words.cache_clear()  # 200k words: needed to build the index, not to match
        return self

    # --- lookups -------------------------------------------------------------------------

    def phrase(self, key: tuple[str, ...]) -> tuple[str, bool] | None:
        """(kind, needs capitals) of a known phrase of two or more tokens."""
        tag = self._keys.tag(("p", key))
        return None if tag is None else (self._kinds[tag >> 1], bool(tag & 1))

    def compact(self, run: str) -> str | None:
        """The kind of a known phone, SSN or ID number written as ``run``."""
        tag = self._keys.tag(("c", run))
        if tag is None and len(run) == 11 and run[0] == "1" and run.isdigit():
            tag = self._keys.tag(("c", run[1:]))  # a North American number after its +1
        return None if tag is None else self._kinds[tag >> 1]

    def cell(self, key: str) -> str | None:
        """The kind of a known value whose normalised tokens, joined by spaces, are ``key``."""
        tag = self._keys.tag(("w", key))
        return None if tag is None else self._kinds[tag >> 1]

    def has_email(self, address: str) -> bool:
        return ("e", address) in self._keys

    def is_dob(self, day: date) -> bool:
        """True if ``day`` is a known date of birth."""
        return ("d", day.toordinal()) in self._keys

    def of_table(self, key: tuple[str, ...] | str, tables: frozenset[str]) -> bool:
        """True if name ``key`` (a phrase or one token) is a name of a person of ``tables``."""
        index = self.name_tables
        return index is not None and any((t, key) in index for t in tables)

    # --- building ------------------------------------------------------------------------

    def _tag(self, kind: str, needs_capitals: bool = False) -> int:
        index = self._kind_index.get(kind)
        if index is None:
            if len(self._kinds) == 31 and kind != _OVERFLOW_KIND:  # 5 bits for the kind
                return self._tag(_OVERFLOW_KIND, needs_capitals)
            index = self._kind_index[kind] = len(self._kinds)
            self._kinds.append(kind)
        return index << 1 | needs_capitals

    def _key(self, prefix: str, key: Hashable, tag: int) -> None:
        """Queue the key ``(prefix, key)``: keys are hashed and stored a batch at a time
        (``_flush``)."""
        pending = self._pending.get((prefix, tag))
        if pending is None:
            pending = self._pending[prefix, tag] = []
        pending.append(key)

    def _flush(self) -> None:
        for (prefix, tag), keys in self._pending.items():
            self._keys.add_prefixed(prefix, keys, tag)
        self._pending = {}

    def _add_phrases(self, phrases: list[list[str]], kind: str) -> None:
        """Index phrases (two or more tokens; shorter ones are left out) of ``kind``."""
        keys = [tuple(parts) for parts in phrases if len(parts) > 1]
        if keys:
            # Each distinct token looked up once. (A one-letter token outside ASCII counts
            # as a name: stricter, and rare.)
            words = ordinary_words()
            plain_words = {word for word in set().union(*keys) if word in words}
            self._add_phrase_keys(keys, list(map(plain_words.issuperset, keys)), kind)

    def _add_phrase_keys(self, keys: list[tuple[str, ...]], plain: list[bool],
                         kind: str) -> None:
        """Index phrase ``keys`` of ``kind``; ``plain``: whether each is made only of
        ordinary words (then it counts only when capitalised)."""
        if kind == "name" and self.name_tables is not None:
            for key in keys:
                self._from_tables(key)
        self._keys.add_prefixed("p", compress(keys, plain), self._tag(kind, True))
        self._keys.add_prefixed("p", compress(keys, map(not_, plain)), self._tag(kind, False))
        self.seconds.update(map(itemgetter(1), keys))
        lengths = self._lengths
        for first, length in set(zip(map(itemgetter(0), keys), map(len, keys), strict=True)):
            lengths[first] = lengths.get(first, 0) | 1 << length

    def _from_tables(self, key: tuple[str, ...] | str) -> None:
        """Record that name ``key`` belongs to people of the current tables."""
        if self.name_tables is not None:
            for table in self._tables:
                self.name_tables.add((table, key))

    def _add_wholes(self, keys: list[str], kind: str) -> None:
        """Index ``keys`` (normalised tokens joined by spaces) as whole values."""
        if keys:
            self._keys.add_prefixed("w", keys, self._tag(kind))
            self._note_pseudonym_shaped(keys)

    def _note_pseudonym_shaped(self, keys: list[str]) -> None:
        # One regular-expression pass over the batch (no key holds a line break).
        self.pseudonym_shaped.update(PSEUDONYM_LINES.findall("\n".join(keys)))

    def _add_compacts(self, runs: list[str], kind: str) -> None:
        """Index phone, SSN and ID ``runs`` (each already long enough, with a digit)."""
        if runs:
            self._keys.add_prefixed("c", runs, self._tag(kind))
            self._note_pseudonym_shaped(runs)
            self.max_compact = max(self.max_compact, max(map(len, runs)))

    def add_person(self, person: Person, tables: Iterable[str] = ()) -> None:
        """Index a person's name parts and the ways they are written together.

        ``tables``: the (folded) names of the tables the person was read from.
        """
        self.add_people([person], tables)

    def add_people(self, people: Iterable[Person], tables: Iterable[str] = ()) -> None:
        """:meth:`add_person` for a batch of people read from the same ``tables``."""
        with _collector_paused():
            self._tables = frozenset(tables)
            if self._tables != self._parts.tables:
                self._parts = NameParts(self._tables)
            names = PersonPhrases(ordinary_words())
            for person in people:
                names.add(self._name_parts(person, names))
            if names.keys:
                self._add_phrase_keys(names.keys, names.plain, "name")
            self._tables = frozenset()
            self._flush()

    def _name_parts(self, person: Person, names: PersonPhrases) -> Parts:
        """A person's parts (first, last, middle, maiden, nickname), each counted, and
        learnt alone the first time it is met among people of these tables."""
        known = self._parts
        found = []
        for value in (person.first, person.last, person.middle, person.maiden,
                      person.nickname):
            if not value:
                found.append(NO_PART)
                continue
            self.checked += 1
            part = known.get(value)
            if part is None:
                words, alone = tokens(value), list[list[str]]()
                self._add_name_part(words, alone)
                names.extend(alone)
                part = known.add(value, (tuple(words), names.words.issuperset(words)))
            found.append(part)
        return found[0], found[1], found[2], found[3], found[4]

    def _add_name_part(self, parts: list[str], phrases: list[list[str]]) -> None:
        if len(parts) > 1:
            phrases.append(parts)
        elif parts and len(parts[0]) > 1:
            self._from_tables(parts[0])
            self.names.add(parts[0])
            self._key("w", parts[0], self._tag("name"))
            if PSEUDONYM_SHAPE.fullmatch(parts[0]):
                self.pseudonym_shaped.add(parts[0])
            if not ordinary(parts[0]):
                self.rare_names.add(parts[0])

    def add_value(self, kind: str, value: str) -> None:
        """Index one personal value of ``kind`` (a source_pii kind) in its matching forms."""
        self.add_values(kind, [value])

    def add_values(self, kind: str, values: Iterable[str]) -> None:
        """Index personal values of ``kind`` (a source_pii kind) in their matching forms,
        a batch at a time: each form's keys are hashed and stored together."""
        with _collector_paused():
            texts = values if isinstance(values, list) else list(values)
            parted = [(value, parts) for value, parts in zip(texts, tokens_many(texts),
                                                             strict=True) if parts]
            self.checked += len(parted)
            # The whole value, for fields holding nothing else; not needed where the e-mail
            # or phone/ID rules find the value anyway (they are checked first).
            if kind == "email":
                parted = self._add_emails(parted)
            elif kind in NUMBER_KINDS:
                parted = self._add_numbers(kind, parted)
            self._add_wholes([" ".join(parts) for _, parts in parted], kind)
            self._add_forms(kind, parted)
            self._flush()

    def _add_emails(self, parted: list[tuple[str, list[str]]]
                    ) -> list[tuple[str, list[str]]]:
        """Index every e-mail value as an address; returns those not shaped like one
        (they are indexed as whole values too)."""
        self._keys.add_prefixed("e", fold_many([value for value, _ in parted]))
        return [(value, parts) for value, parts in parted
                if not EMAIL.fullmatch(value.strip())]

    def _add_numbers(self, kind: str, parted: list[tuple[str, list[str]]]
                     ) -> list[tuple[str, list[str]]]:
        """Index phones, SSNs and ID numbers as runs; returns those too short for one
        (they are only ever checked as the whole value)."""
        runs: list[str] = []
        short = []
        every_forms: Iterable[Iterable[str]] = (
            phone_forms_many([value for value, _ in parted]) if kind == "phone"
            else [("".join(parts),) for _, parts in parted])
        for (value, parts), forms in zip(parted, every_forms, strict=True):
            found = [f for f in forms if len(f) >= MIN_COMPACT and _has_digit(f)]
            runs.extend(found)  # every form
            if not found:
                short.append((value, parts))
        self._add_compacts(runs, kind)
        return short

    def _add_forms(self, kind: str, parted: list[tuple[str, list[str]]]) -> None:
        """The forms of values beyond their whole: name parts, badges, days, and the
        phrases they are written as (phones, SSNs, ID numbers and e-mail addresses
        have none)."""
        phrases: list[list[str]] = []
        if kind == "name":
            for _, parts in parted:
                self._add_name_part(parts, phrases)
        elif kind == "badge":
            self.badges.update("".join(parts) for _, parts in parted)
        elif kind == "dob":
            self._add_dobs([value for value, _ in parted])
        elif kind == "address":
            for _, parts in parted:
                address_phrases(parts, phrases)
        elif kind not in NUMBER_KINDS and kind != "email":
            phrases = [parts for _, parts in parted]
            self._add_compacts([run for run in map("".join, phrases)
                                if len(run) >= MIN_COMPACT and _has_digit(run)], kind)
        self._add_phrases(phrases, kind)

    def _add_dobs(self, values: list[str]) -> None:
        for value in values:
            try:
                day = parse_date(value)
            except UnparseableDate:
                continue
            if day is not None:
                self._key("d", day.toordinal(), 0)
                self.dobs = True

    def __len__(self) -> int:
        return self.checked
