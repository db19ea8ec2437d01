"""The personal values of a source, read from the columns its mappings declare personal.

Every ``source_pii`` column of every mapping (each table/column once) is read with
``SELECT DISTINCT``, streamed in chunks. Name columns of one table are read together so
each row becomes one person (first, last, middle, maiden, nickname); which column plays
which part is told by its name (``LastName``, ``Surname``, ``FName``, ``MaidenName``...),
and a name column whose part cannot be told is kept as a name of unknown part.

The result feeds two consumers: the narrative scrubber (``KnownEntities``) and the
leak scan (``leakvalues.KnownValues``). It holds personal data: it never leaves memory.
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from itertools import compress, islice
from operator import itemgetter
from typing import Any, Protocol, TypeVar

from iaextract.connectors import Source
from iaextract.connectors.statement import distinct_statement
from iaextract.mapping.model import Mapping
from iaextract.pii.classify import kind_by_name, kind_by_values, sample_values
from iaextract.pii.entities import Person

#: Kinds whose values are not looked for as such (the narrative itself).
NOT_VALUES = frozenset({"free_text"})
DETECT_SAMPLE = 100  # values sampled per text column to tell what it holds
_GENERIC_NAME = re.compile(r"[\W_]*name[\W_]*", re.IGNORECASE)
_TEXT_TYPE = re.compile(r"char|text|string|clob|memo", re.IGNORECASE)

# Column name → part of a name; the first pattern that matches wins.
_ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern, re.IGNORECASE)) for role, pattern in (
        ("maiden", r"maiden|birth_?name|née"),
        ("nickname", r"nick|alias|aka|known_?as|street_?name"),
        ("middle", r"middle|^m_?name$|^mi$|^m_?init"),
        ("first", r"first|given|fore|^f_?name$|^fn$"),
        ("last", r"last|sur|family|^l_?name$|^ln$"),
    ))


def name_part(column: str) -> str | None:
    """Which part of a person's name a column holds, told by its name (None: unknown)."""
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(column):
            return role
    return None


@dataclass(frozen=True)
class PiiColumn:
    table: str
    column: str
    kind: str


class PersonalSink(Protocol):
    """What receives a source's personal data as it is read."""

    def add_person(self, person: Person, tables: Iterable[str] = ()) -> None: ...
    def add_value(self, kind: str, value: str) -> None: ...


Sink = TypeVar("Sink", bound=PersonalSink)


PeopleAdder = Callable[[list[Person], tuple[str, ...]], None]
ValuesAdder = Callable[[str, list[str]], None]


def _batched(into: PersonalSink) -> tuple[PeopleAdder, ValuesAdder]:
    """How ``into`` is handed a chunk of people and a chunk of values of one kind: in
    one call where it takes batches (``add_people``, ``add_values``: the leak scan's
    index hashes a chunk in one go), else one at a time."""
    add_people: PeopleAdder | None = getattr(into, "add_people", None)
    add_values: ValuesAdder | None = getattr(into, "add_values", None)

    def each_person(people: list[Person], tables: tuple[str, ...]) -> None:
        for person in people:
            into.add_person(person, tables)

    def each_value(kind: str, texts: list[str]) -> None:
        for text in texts:
            into.add_value(kind, text)

    return add_people or each_person, add_values or each_value


@dataclass
class PersonalData:
    """Every personal value of a source: people by name, other values by kind."""

    people: list[Person] = field(default_factory=list)
    origins: dict[Person, set[str]] = field(default_factory=dict)  # person → tables (folded)
    values: dict[str, set[str]] = field(default_factory=dict)

    def add_person(self, person: Person, tables: Iterable[str] = ()) -> None:
        if person not in self.origins:
            self.people.append(person)
        self.origins.setdefault(person, set()).update(tables)

    def add_value(self, kind: str, value: Any) -> None:
        text = _clean(value)
        if text:
            self.values.setdefault(kind, set()).add(text)

    def counts(self) -> dict[str, int]:
        """How many distinct values of each kind (people counted as 'name')."""
        found = Counter({k: len(v) for k, v in self.values.items()})
        found["people"] = len(self.people)
        return dict(sorted(found.items()))


def pii_columns(mappings: Iterable[Mapping]) -> list[PiiColumn]:
    """Every declared personal column, once (the first declaration's kind wins)."""
    seen: dict[tuple[str, str], PiiColumn] = {}
    for mapping in mappings:
        for table, columns in mapping.source_pii.items():
            for column, kind in columns.items():
                key = (table.lower(), column.lower())
                if key not in seen and kind not in NOT_VALUES:
                    seen[key] = PiiColumn(table, column, kind)
    return list(seen.values())


def read_personal_data(source: Source, mappings: Iterable[Mapping],
                       chunk_size: int = 5000) -> PersonalData:
    """Read every declared personal value of ``source`` (distinct values only)."""
    return stream_personal_data(source, mappings, PersonalData(), chunk_size)


def stream_personal_data(source: Source, mappings: Iterable[Mapping], into: Sink,
                         chunk_size: int = 5000, whole_source: bool = False) -> Sink:
    """Give every declared personal value of ``source`` to ``into`` as it is read.

    ``whole_source``: also every column of any table that looks personal
    (:func:`detected_columns`), declared or not. Values are distinct within a column; a
    person read from two tables is given twice, once with each table (folded). Nothing
    is kept here: memory stays flat. A sink that takes batches (``add_people``,
    ``add_values``) is given a chunk at a time.
    """
    declared, detected = learnt_columns(source, mappings, whole_source)
    add_people, add_values = _batched(into)
    by_table: dict[str, list[PiiColumn]] = {}
    for pii in declared + detected:
        by_table.setdefault(pii.table, []).append(pii)
    for table, columns in by_table.items():
        names = [c.column for c in columns if c.kind == "name"]
        if names:
            origin = (table.casefold(),)
            people = _people(source, table, names, chunk_size)
            while chunk := list(islice(people, chunk_size)):
                add_people(chunk, origin)
        for pii in columns:
            if pii.kind != "name":
                for rows in _chunks(source, table, [pii.column], chunk_size):
                    texts = [text for text in _cleaned(map(itemgetter(0), rows)) if text]
                    add_values(pii.kind, texts)
    return into


def learnt_columns(source: Source, mappings: Iterable[Mapping], whole_source: bool = True
                   ) -> tuple[list[PiiColumn], list[PiiColumn]]:
    """The personal columns the scrubber and the scan learn from: those the mappings
    declare (every mapping, enabled or not; catalog spelling) and, with
    ``whole_source``, those :func:`detected_columns` finds in the rest of the source."""
    catalog = source.catalog()
    declared = []
    for pii in pii_columns(mappings):
        table = catalog.table(pii.table)
        column = catalog.column(table, pii.column) if table else None
        if table and column:  # mappings were checked; a missing one is reported there
            declared.append(PiiColumn(table, column, pii.kind))
    if not whole_source:
        return declared, []
    seen = {(c.table.lower(), c.column.lower()) for c in declared}
    return declared, [c for c in detected_columns(source)
                      if (c.table.lower(), c.column.lower()) not in seen]


def detected_columns(source: Source, sample_rows: int = DETECT_SAMPLE) -> list[PiiColumn]:
    """Every column of the source that looks personal, declared or not: by its name
    (``LastName``, ``HomePhone``, ``DOB``; a bare ``Name`` is as often a unit or a code,
    so it is left to declarations), else by a sample of its values when it holds text
    (phones, e-mails, SSNs, addresses, birth dates; values that only look like names are
    left out, as place and code lists look the same).

    The answer for the source last asked about is kept: the scrubber's learning and a
    scan in the same process (a small source) ask it of the same open source in turn,
    and sampling every text column cost as much as reading the personal values."""
    last = _last_detected
    if last is not None and last[0]() is source and last[1] == sample_rows:
        return list(last[2])
    found = _detect(source, sample_rows)
    _remember_detected(source, sample_rows, found)
    return found


def _detect(source: Source, sample_rows: int) -> list[PiiColumn]:
    found = []
    for table, columns in source.catalog().tables.items():
        for column, type_name in columns.items():
            kind = kind_by_name(column)
            if kind == "name" and _GENERIC_NAME.fullmatch(column):
                kind = None
            if kind is None and sample_rows and _TEXT_TYPE.search(str(type_name)):
                by_values = kind_by_values(sample_values(source, table, column, sample_rows))
                kind = by_values[0] if by_values else None
                kind = None if kind == "name" else kind
            if kind and kind not in NOT_VALUES:
                found.append(PiiColumn(table, column, kind))
    return found


# (the source, weakly: a closed source is not kept alive; the sample size; its columns)
_last_detected: tuple[weakref.ref[Source], int, tuple[PiiColumn, ...]] | None = None


def _remember_detected(source: Source, sample_rows: int, found: list[PiiColumn]) -> None:
    global _last_detected
    try:
        _last_detected = (weakref.ref(source), sample_rows, tuple(found))
    except TypeError:  # a source that cannot be referred to weakly is asked afresh
        _last_detected = None


# Person's fields, in the order it takes them (read from the class: one copy of the order)
_PARTS = tuple(part.name for part in fields(Person))


def _people(source: Source, table: str, columns: Sequence[str],
            chunk_size: int) -> Iterator[Person]:
    parts = [name_part(c) for c in columns]
    # Two columns claiming one part (FirstName, FirstName2): the second is "other".
    seen: set[str] = set()
    roles: list[str | None] = []
    for part in parts:
        roles.append(part if part and part not in seen else None)
        if part:
            seen.add(part)
    known = [i for i, role in enumerate(roles) if role]
    other = [i for i, role in enumerate(roles) if not role]
    for chunk in _chunks(source, table, columns, chunk_size):
        if not chunk:
            continue
        # A chunk column by column: each value cleaned in one pass over its column, and
        # each row's Person made from the columns of its parts (a missing part is None).
        cleaned = [_cleaned(column) for column in zip(*chunk, strict=True)]
        nothing = [None] * len(chunk)
        people = map(Person, *(cleaned[roles.index(part)] if part in seen else nothing
                               for part in _PARTS))
        named = map(any, zip(*(cleaned[i] for i in known), strict=True)) if known \
            else iter(nothing)
        if not other:
            yield from compress(people, named)
            continue
        for person, has_name, *names in zip(people, named, *(cleaned[i] for i in other),
                                            strict=True):
            if has_name:
                yield person
            for name in names:  # a name whose part is not known: a name all the same
                if name:
                    yield Person(last=name)


def _cleaned(values: Iterable[Any]) -> list[str | None]:
    """:func:`_clean` of each of ``values`` (text, the common case, without a call)."""
    return [(v.strip() or None) if v.__class__ is str else _clean(v) for v in values]


def _chunks(source: Source, table: str, columns: Sequence[str],
            chunk_size: int) -> Iterator[Sequence[Sequence[Any]]]:
    """The distinct rows of ``columns`` of ``table``, a chunk at a time."""
    return source.stream(distinct_statement(table, columns), chunk_size)


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
