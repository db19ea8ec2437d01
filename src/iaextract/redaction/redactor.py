"""Applying decided treatments to records: open-schema record in, public record out.

Only fields of the open schema whose treatment is not ``drop`` become columns;
anything else the mapping produced never leaves this module (the allowlist).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from iaextract.chunks import ColumnChunk
from iaextract.config import PolicyConfig
from iaextract.errors import Problem, RedactionError
from iaextract.redaction.generalise import age_band, generalise_date, hundred_block, service_band
from iaextract.redaction.policy import FieldTreatment, decide_treatments
from iaextract.redaction.pseudonym import Pseudonymizer
from iaextract.schema import Dataset, Field, Kind, Treatment
from iaextract.values import memoised_map

#: Applies one field's treatment to all its values in a chunk (a list in, a list out).
Apply = Callable[[list[Any]], list[Any]]


class TextScrub(Protocol):
    """Anything that scrubs narrative text and says how many of each placeholder it used.

    One that also has ``scrub_many(texts)`` (each text's result, in order) is handed a
    chunk's texts together, which a worker pool (scrub/pool.py) shares out."""

    def __call__(self, text: str) -> tuple[str, Counter[str]]: ...


class RecordRedactor:
    """Redacts the records of one dataset under one policy and key."""

    def __init__(self, dataset: Dataset, mapped_fields: Sequence[str], policy: PolicyConfig,
                 pseudonymizer: Pseudonymizer, scrub: TextScrub | None = None) -> None:
        self.dataset = dataset
        self.treatments = decide_treatments(dataset, policy)
        self.placeholders: Counter[str] = Counter()
        #: Per address field, values dropped because they could not be cut to a block.
        self.addresses_dropped: Counter[str] = Counter()
        self._policy = policy
        self._pseudonymizer = pseudonymizer
        self.scrub = scrub  # public: preview reviews narratives with it
        published = [t for t in self.treatments if t.treatment is not Treatment.DROP]
        self.columns = [t.field.name for t in published]
        position = {name: i for i, name in enumerate(mapped_fields)}
        # (index in the built record or None when unmapped, function) per output column
        self._plan = [(position.get(t.field.name), self._compile(t)) for t in published]

    def redact_chunk(self, built: Sequence[list[Any]], count: int) -> ColumnChunk:
        """The published columns (in ``self.columns`` order) of ``count`` built records.

        ``built`` holds one list per mapped field (RecordBuilder.build_chunk); each
        treatment runs over a whole column, so kept columns cost nothing per value, and
        the chunk stays column-wise on its way to the writers (iaextract.chunks).
        """
        return _published(self._plan, built, count)

    def redact(self, record: Sequence[Any]) -> tuple[Any, ...]:
        """The published values of one record, in ``self.columns`` order."""
        return self.redact_chunk([[value] for value in record], 1).row(0)

    def _compile(self, decided: FieldTreatment) -> Apply:
        field, treatment = decided.field, decided.treatment
        if treatment is Treatment.KEEP:
            return _unchanged
        if treatment is Treatment.PSEUDONYM:
            return pseudonymise(field, self._pseudonymizer,
                                unique=self.dataset.primary_key == (field.name,))
        if treatment is Treatment.GENERALISE:
            return self._generaliser(decided)
        if treatment is Treatment.SCRUB:
            return self._scrubber(decided)
        raise AssertionError(f"no function for {treatment}")  # DROP never compiles

    def _generaliser(self, decided: FieldTreatment) -> Apply:
        kind = decided.field.kind
        # Ages, years and dates repeat: each distinct value is generalised once.
        if kind is Kind.DATE:
            precision = self._policy.date_precision
            return memoised_map(lambda value: generalise_date(value, precision), 8192)
        if kind in (Kind.AGE, Kind.YEARS):
            width = self._policy.age_bands
            return memoised_map((lambda age: age_band(age, width)) if kind is Kind.AGE
                                else service_band, 8192)
        if kind is Kind.ADDRESS:
            return self._blocks(decided.field.name)
        raise RedactionError(f"{self.dataset.name}.{decided.field.name} cannot be generalised",
                             [Problem("treatment-not-allowed", "use keep or drop")])

    def _blocks(self, name: str) -> Apply:
        dropped = self.addresses_dropped

        def blocks(values: list[Any]) -> list[Any]:
            published = list(map(hundred_block, values))
            # An address that cannot be parsed is published blank: counted, never kept.
            dropped[name] += sum(1 for value, block in zip(values, published, strict=True)
                                 if block is None and value is not None and str(value).strip())
            return published

        return blocks

    def _scrubber(self, decided: FieldTreatment) -> Apply:
        scrub = self.scrub
        if scrub is None:
            raise RedactionError(f"{self.dataset.name}.{decided.field.name}: narrative "
                                 "scrubbing is not available; set policy.narratives = drop")
        counts = self.placeholders
        scrub_many = getattr(scrub, "scrub_many", None) or (lambda texts: list(map(scrub, texts)))
        # Each row of an incident carries the incident's narrative (one row per
        # allegation or force record) and rows come grouped by incident, so a chunk's
        # texts are scrubbed once each, all together (a worker pool shares them out:
        # scrub/pool.py), and the previous chunk's results are reused for an incident
        # that straddles two chunks. Scrubbing is deterministic, and the placeholders
        # are still counted for every value.
        previous: dict[str, tuple[str, Counter[str]]] = {}

        def scrubbed(values: list[Any]) -> list[Any]:
            nonlocal previous
            texts = narrative_texts(values)
            fresh = [text for text in texts if text not in previous]
            done = dict(zip(fresh, scrub_many(fresh), strict=True))
            done.update((text, previous[text]) for text in texts if text in previous)
            previous = done
            out: list[Any] = []
            for value in values:
                if value is None:
                    out.append(None)
                    continue
                text, found = done[str(value)]
                counts.update(found)
                out.append(text)
            return out

        return scrubbed


def narrative_texts(values: Iterable[Any]) -> dict[str, None]:
    """The distinct texts a narrative column's ``values`` are scrubbed as, in order of
    first appearance: each value as text, NULLs skipped (a worker pool is handed these
    ahead of time: run/plan.py)."""
    return {str(v): None for v in values if v is not None}


def pseudonymise(field: Field, pseudonymizer: Pseudonymizer, unique: bool = False) -> Apply:
    """How a pseudonymised field's values are published: the one rule, which the
    narrative scrubber also uses to name an officer by their published ``officer_id``.

    ``unique``: the field is its dataset's primary key (no value recurs: none is cached).
    """
    entity = field.entity or field.name
    pseudonyms = pseudonymizer.pseudonyms
    return lambda values: pseudonyms(entity, values, unique)


def _published(plan: Sequence[tuple[int | None, Apply]], built: Sequence[list[Any]],
               count: int) -> ColumnChunk:
    columns: list[Sequence[Any]] = [[None] * count if i is None else apply(built[i])
                                     for i, apply in plan]
    if any(len(column) != count for column in columns):  # a value lost or added: a bug
        raise AssertionError("a treatment returned a column of another length")
    return ColumnChunk(columns, count)


def _unchanged(values: list[Any]) -> list[Any]:
    return values
