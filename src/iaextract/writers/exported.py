"""What one run exported, field by field: the input of the data package and dictionary.

Both describe the *published* columns, so they follow the run's actual treatments:
a generalised date is a string like ``2019-03``, an age is a band like ``25-34``,
an identifier is a 16-character pseudonym.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from iaextract.config import PolicyConfig
from iaextract.disclosure.hierarchies import WITHHELD, level_values
from iaextract.redaction.generalise import AGE_BANDS_BY_WIDTH, SERVICE_BANDS
from iaextract.redaction.policy import FieldTreatment
from iaextract.redaction.pseudonym import Pseudonymizer
from iaextract.schema import Dataset, Kind, Treatment

DATE_PATTERNS = {"day": r"^\d{4}-\d{2}-\d{2}$", "month": r"^\d{4}-\d{2}$",
                 "quarter": r"^\d{4}-Q[1-4]$", "year": r"^\d{4}$"}
DATE_FORMS = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "quarter": "YYYY-Qn", "year": "YYYY"}
PSEUDONYM_PATTERN = rf"^[0-9a-f]{{{Pseudonymizer.LENGTH}}}$"
SERVICE_LABELS = tuple(label for _, _, label in SERVICE_BANDS)


@dataclass(frozen=True)
class ExportedDataset:
    """One dataset of a run: its schema, decided treatments, mapping facts and files.

    ``mapped`` are the fields the agency's mapping fills (the others are published
    empty); ``enumerated`` are the fields whose values come through a code list
    checked against the field's vocabulary, so the vocabulary is a promise.
    """

    dataset: Dataset
    treatments: tuple[FieldTreatment, ...]
    mapped: frozenset[str]
    enumerated: frozenset[str]
    files: tuple[str, ...]
    policy: PolicyConfig
    #: field -> level chosen by disclosure control (enforce), when coarser than the policy's
    levels: dict[str, str] = field(default_factory=dict)
    #: the disclosure plan in plain words, one line per role
    disclosure: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.dataset.name

    @property
    def published(self) -> list[FieldTreatment]:
        """The treatments of the published columns, in column order."""
        return [t for t in self.treatments if t.treatment is not Treatment.DROP]

    @property
    def dropped(self) -> list[FieldTreatment]:
        return [t for t in self.treatments if t.treatment is Treatment.DROP]

    def publishes(self, field: str) -> bool:
        return any(t.field.name == field for t in self.published)

    @property
    def primary_key(self) -> list[str]:
        """The schema's key, when every part of it is mapped and published."""
        key = list(self.dataset.primary_key)
        usable = all(self.publishes(f) and f in self.mapped for f in key)
        return key if key and usable else []

    def how(self, decided: FieldTreatment) -> str:
        """How a field was redacted, in words, with the reason when it is not the default."""
        text = decided.describe(self.policy)
        level = self.levels.get(decided.field.name)
        if level:
            text = f"{WITHHELD} (disclosure control)" if level == WITHHELD else \
                f"{text}, then {level} (disclosure control)"
        if decided.reason != "schema default":
            text += f" ({decided.reason})"
        return text

    def values(self, decided: FieldTreatment) -> tuple[str, ...] | None:
        """Every value the published column can hold, when that is a fixed list."""
        field = decided.field
        level = self.levels.get(field.name)
        if level:
            return level_values(field, level)
        if decided.treatment is Treatment.GENERALISE and field.kind is Kind.YEARS:
            return SERVICE_LABELS
        if decided.treatment is Treatment.GENERALISE and field.kind is Kind.AGE:
            return tuple(label for _, _, label in AGE_BANDS_BY_WIDTH[self.policy.age_bands])
        if decided.treatment is Treatment.KEEP and field.values and field.name in self.enumerated:
            return field.values
        return None

    def pattern(self, decided: FieldTreatment) -> str | None:
        """A regular expression every published value matches, where there is one."""
        if decided.treatment is Treatment.PSEUDONYM:
            return PSEUDONYM_PATTERN
        if decided.treatment is Treatment.GENERALISE and decided.field.kind is Kind.DATE:
            return DATE_PATTERNS.get(self._precision(decided))
        return None

    def _precision(self, decided: FieldTreatment) -> str:
        return self.levels.get(decided.field.name, self.policy.date_precision)

    def form(self, decided: FieldTreatment) -> str | None:
        """What a published value looks like, for readers (``YYYY-MM``, ``true/false``)."""
        if decided.treatment is Treatment.GENERALISE and decided.field.kind is Kind.DATE:
            return DATE_FORMS.get(self._precision(decided))
        if decided.treatment is Treatment.PSEUDONYM:
            return f"{Pseudonymizer.LENGTH} hexadecimal characters"
        if decided.published_type == "boolean":
            return "true or false"
        if decided.published_type == "date":
            return "YYYY-MM-DD"
        return None
