"""Applying decided treatments to records: open-schema record in, public record out.

Only fields of the open schema whose treatment is not ``drop`` become columns;
anything else the mapping produced never leaves this module (the allowlist).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from ..config import PolicyConfig
from ..errors import Problem, RedactionError
from ..schema import Dataset, Kind, Treatment
from .generalise import age_band, generalise_date, hundred_block, service_band
from .policy import FieldTreatment, decide_treatments
from .pseudonym import Pseudonymizer

Apply = Callable[[Any], Any]


class TextScrub(Protocol):
    """Anything that scrubs narrative text and says how many of each placeholder it used."""

    def __call__(self, text: str) -> tuple[str, Counter[str]]: ...


class RecordRedactor:
    """Redacts the records of one dataset under one policy and key."""

    def __init__(self, dataset: Dataset, mapped_fields: Sequence[str], policy: PolicyConfig,
                 pseudonymizer: Pseudonymizer, scrub: TextScrub | None = None) -> None:
        self.dataset = dataset
        self.treatments = decide_treatments(dataset, policy)
        self.placeholders: Counter[str] = Counter()
        self._policy = policy
        self._pseudonymizer = pseudonymizer
        self._scrub = scrub
        published = [t for t in self.treatments if t.treatment is not Treatment.DROP]
        self.columns = [t.field.name for t in published]
        position = {name: i for i, name in enumerate(mapped_fields)}
        # (index in the built record or None when unmapped, function) per output column
        self._plan = [(position.get(t.field.name), self._compile(t)) for t in published]

    def redact(self, record: Sequence[Any]) -> tuple[Any, ...]:
        """The published values, in ``self.columns`` order."""
        return _apply(self._plan, record)

    def projector(self, names: Sequence[str]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
        """A function giving only the published values of columns ``names``, in that order.

        Cheaper than :meth:`redact` when a pass needs a few columns (the disclosure-risk
        pre-pass), and it never scrubs a narrative that is not asked for.
        """
        chosen = [self._plan[self.columns.index(name)] for name in names]
        return lambda record: _apply(chosen, record)

    def treatment(self, name: str) -> FieldTreatment:
        return next(t for t in self.treatments if t.field.name == name)

    def _compile(self, decided: FieldTreatment) -> Apply:
        field, treatment = decided.field, decided.treatment
        if treatment is Treatment.KEEP:
            return _identity
        if treatment is Treatment.PSEUDONYM:
            entity = field.entity or field.name
            pseudonym = self._pseudonymizer.pseudonym
            return lambda value: pseudonym(entity, value)
        if treatment is Treatment.GENERALISE:
            return self._generaliser(decided)
        if treatment is Treatment.SCRUB:
            return self._scrubber(decided)
        raise AssertionError(f"no function for {treatment}")  # DROP never compiles

    def _generaliser(self, decided: FieldTreatment) -> Apply:
        kind = decided.field.kind
        if kind is Kind.DATE:
            precision = self._policy.date_precision
            return lambda value: generalise_date(value, precision)
        simple = {Kind.AGE: age_band, Kind.YEARS: service_band, Kind.ADDRESS: hundred_block}
        if kind in simple:
            return simple[kind]
        raise RedactionError(f"{self.dataset.name}.{decided.field.name} cannot be generalised",
                             [Problem("treatment-not-allowed", "use keep or drop")])

    def _scrubber(self, decided: FieldTreatment) -> Apply:
        scrub = self._scrub
        if scrub is None:
            raise RedactionError(f"{self.dataset.name}.{decided.field.name}: narrative "
                                 "scrubbing is not available; set policy.narratives = drop")
        counts = self.placeholders

        def scrubbed(value: Any) -> Any:
            if value is None:
                return None
            text, found = scrub(str(value))
            counts.update(found)
            return text

        return scrubbed


def _apply(plan: Sequence[tuple[int | None, Apply]], record: Sequence[Any]) -> tuple[Any, ...]:
    # redact and projector share this, so the two can never treat a value differently.
    return tuple(None if i is None else apply(record[i]) for i, apply in plan)


def _identity(value: Any) -> Any:
    return value
