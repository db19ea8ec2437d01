"""The open schema's building blocks: datasets, fields, sensitivity, treatments."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Sensitivity(str, Enum):
    """How dangerous a field's raw value is to publish."""

    PUBLIC = "public"  # safe as is (codes, counts)
    QUASI = "quasi"  # demographics, dates, places: re-identify in combination
    IDENTIFIER = "identifier"  # case numbers, person ids: pseudonymised or dropped
    PERSONAL = "personal"  # names, addresses: never published raw (but see officer_identity)
    FREE_TEXT = "free_text"  # narratives: dropped or scrubbed


class Treatment(str, Enum):
    """What redaction does to a field's value."""

    KEEP = "keep"
    DROP = "drop"
    PSEUDONYM = "pseudonym"  # keyed HMAC pseudonym
    GENERALISE = "generalise"  # dates to precision, ages/years to bands, address to block
    SCRUB = "scrub"  # free text with personal details replaced by placeholders


class Role(str, Enum):
    """Whose quasi-identifier a field is, for disclosure control (counted per role).

    A field with a role either describes a person of that role (their race, age…) or
    the event they were part of (its date, its district); the role's identifier field
    (``Kind.ID``) says who the person is, so risk counts distinct people, not rows.
    """

    PUBLIC = "public"  # a member of the public: complainant, subject, suspect
    OFFICER = "officer"


class Kind(str, Enum):
    """What a field's value *is*, which decides how it is generalised."""

    CATEGORY = "category"
    DATE = "date"
    AGE = "age"
    YEARS = "years"  # years of service
    ADDRESS = "address"
    COUNT = "count"
    MEASURE = "measure"
    FLAG = "flag"
    ID = "id"
    NAME = "name"
    TEXT = "text"


#: Treatments a field of each sensitivity may ever receive.
ALLOWED: dict[Sensitivity, frozenset[Treatment]] = {
    Sensitivity.PUBLIC: frozenset({Treatment.KEEP, Treatment.DROP}),
    Sensitivity.QUASI: frozenset({Treatment.KEEP, Treatment.GENERALISE, Treatment.DROP}),
    Sensitivity.IDENTIFIER: frozenset({Treatment.PSEUDONYM, Treatment.DROP}),
    Sensitivity.PERSONAL: frozenset({Treatment.DROP}),
    Sensitivity.FREE_TEXT: frozenset({Treatment.SCRUB, Treatment.DROP}),
}


_NON_NEGATIVE = frozenset({Kind.COUNT, Kind.MEASURE, Kind.AGE, Kind.YEARS})


@dataclass(frozen=True)
class Field:
    """One column of an open-schema dataset.

    ``type`` is the type of the value the mapping produces (before redaction);
    ``entity`` names what a pseudonymised identifier stands for, so the same officer
    gets the same pseudonym in every dataset; ``officer_identity`` marks officer name
    and badge, which only the ``named`` officer-identity policy may publish; ``role``
    marks the quasi-identifiers (and the identifier) of a member of the public or an
    officer, for disclosure control.
    """

    name: str
    type: str
    description: str
    sensitivity: Sensitivity
    kind: Kind = Kind.CATEGORY
    default: Treatment | None = None
    entity: str | None = None
    values: tuple[str, ...] | None = None
    officer_identity: bool = False
    role: Role | None = None

    @property
    def default_treatment(self) -> Treatment:
        if self.default is not None:
            return self.default
        return {
            Sensitivity.PUBLIC: Treatment.KEEP,
            Sensitivity.QUASI: Treatment.KEEP,
            Sensitivity.IDENTIFIER: Treatment.PSEUDONYM,
            Sensitivity.PERSONAL: Treatment.DROP,
            Sensitivity.FREE_TEXT: Treatment.DROP,
        }[self.sensitivity]

    @property
    def minimum(self) -> int | None:
        """The smallest valid value: counts, measures, ages and years are never negative."""
        return 0 if self.kind in _NON_NEGATIVE else None

    @property
    def allowed(self) -> frozenset[Treatment]:
        allowed = ALLOWED[self.sensitivity]
        if self.officer_identity:
            allowed = allowed | {Treatment.KEEP}
        return allowed


@dataclass(frozen=True)
class Dataset:
    """One open-schema dataset: a table every agency publishes the same way."""

    name: str
    title: str
    description: str
    row: str  # what one row is, in words
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    enabled_by_default: bool = True
    _index: dict[str, Field] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._index.update({f.name: f for f in self.fields})

    def field(self, name: str) -> Field:
        return self._index[name]

    def has(self, name: str) -> bool:
        return name in self._index

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def quasi_identifiers(self) -> list[str]:
        return [f.name for f in self.fields if f.sensitivity is Sensitivity.QUASI]
