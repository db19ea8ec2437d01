"""Officers named in narratives, labelled by the ``officer_id`` the export publishes.

Under ``officer_identity = "pseudonym"`` (and ``"named"``, where the same pseudonymous
``officer_id`` column is published beside the name) a narrative's ``Ofc. Hill`` becomes
``[OFFICER 3f9a0c…]``, the value of the ``officer_id`` column of Hill's rows, so a reader
can follow an officer from the text to the records. Under ``"none"`` no officer id is
published, and officers stay ``[OFFICER n]``.

The officers are read from each mapping that maps an officer's id and name from one
table (the roster, or the officer join of an incident dataset): its distinct ids and
name columns. The id is turned into the published value by the export's own code: the
mapping's conversion of the field (:class:`RecordBuilder`) and the redactor's
pseudonymisation (:func:`pseudonymise`), so text and column cannot disagree.

A person of a narrative is an officer of the table when the last name is among the
written words and every written word is one of the officer's names, and either a police
title stands before a mention or a first name (middle name, nickname) is written too;
and only when exactly one officer fits. Anyone else keeps a numbered label: a wrong
officer id would put an act on the wrong officer, a number only says less.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from iaextract.config import PolicyConfig
from iaextract.connectors import Source
from iaextract.connectors.statement import Statement, distinct_statement
from iaextract.mapping.model import FieldSpec, Mapping
from iaextract.mapping.query import Query
from iaextract.mapping.transform import RecordBuilder
from iaextract.pii.known import name_part
from iaextract.redaction.policy import decide_treatments
from iaextract.redaction.pseudonym import Pseudonymizer
from iaextract.redaction.redactor import pseudonymise
from iaextract.schema import DATASETS, Dataset, Field, Kind, Treatment
from iaextract.scrub.directory import OfficerDirectory

if TYPE_CHECKING:
    import sqlalchemy as sa

_CHUNK = 5000


def officer_directory(source: Source, mappings: Iterable[Mapping], policy: PolicyConfig,
                      pseudonymizer: Pseudonymizer) -> OfficerDirectory | None:
    """The officers of ``source`` by name with their published ids; None when the policy
    publishes no officer id (``officer_identity = "none"``)."""
    if policy.officer_identity == "none":
        return None
    directory = OfficerDirectory()
    read: set[tuple[str, ...]] = set()
    for mapping in mappings:
        dataset = DATASETS.get(mapping.dataset)
        if dataset is None:
            continue
        for field in _published_officer_ids(dataset, policy):
            found = _columns(source, mapping, field)
            if found and found not in read:
                read.add(found)
                _read(source, mapping, dataset, field, found, pseudonymizer, directory)
    return directory


def _published_officer_ids(dataset: Dataset, policy: PolicyConfig) -> Iterator[Field]:
    for decided in decide_treatments(dataset, policy):
        field = decided.field
        if field.entity == "officer" and field.kind is Kind.ID \
                and decided.treatment is Treatment.PSEUDONYM:
            yield field


def _columns(source: Source, mapping: Mapping, field: Field) -> tuple[str, ...] | None:
    """(table, id column, badge column or id again, name columns...) in the catalog's
    spelling, when the mapping reads the officer's id and name from one table (and the
    badge, if it reads it from there too); else None."""
    prefix = field.name.removesuffix("_id")
    id_spec, name_spec = mapping.fields.get(field.name), mapping.fields.get(prefix + "_name")
    if id_spec is None or name_spec is None or id_spec.from_ is None \
            or id_spec.join_with is not None or name_spec.from_ is None:
        return None
    badge_spec = mapping.fields.get(prefix + "_badge")
    badge = badge_spec.from_ if badge_spec and badge_spec.join_with is None and \
        badge_spec.from_ and badge_spec.from_.split(".")[0] == id_spec.from_.split(".")[0] \
        else id_spec.from_
    refs = [id_spec.from_, badge, *name_spec.columns()]
    aliases = {ref.strip().split(".", 1)[0] for ref in refs}
    if len(aliases) != 1 or not all("." in ref for ref in refs):
        return None
    catalog = source.catalog()
    table = catalog.table(mapping.aliases().get(aliases.pop(), ""))
    if table is None:
        return None
    columns = [catalog.column(table, ref.strip().split(".", 1)[1]) for ref in refs]
    if any(column is None for column in columns):
        return None  # the mapping check reports it
    return (table, *[c for c in columns if c is not None])


def _read(source: Source, mapping: Mapping, dataset: Dataset, field: Field,
          found: tuple[str, ...], pseudonymizer: Pseudonymizer,
          directory: OfficerDirectory) -> None:
    table, id_column, badge_column, *name_columns = found
    published = _published_ids(mapping, dataset, field, mapping.fields[field.name],
                               pseudonymizer)
    parts = [name_part(column) for column in name_columns]
    has_badge = badge_column != id_column  # the id column stands in for "no badge"
    selected = [id_column, *([badge_column] if has_badge else []), *name_columns]
    # a Statement: a SQLite file reads its SQL from the cache, without SQLAlchemy
    for chunk in source.stream(distinct_statement(table, selected), _CHUNK):
        ids = published([row[0] for row in chunk])
        for officer_id, row in zip(ids, chunk, strict=True):
            if officer_id:
                last, others = _name(parts, row[1 + has_badge:])
                if last:
                    directory.add(officer_id, last, others, row[1] if has_badge else None)


def _published_ids(mapping: Mapping, dataset: Dataset, field: Field, spec: FieldSpec,
                   pseudonymizer: Pseudonymizer) -> Callable[[list[Any]], list[Any]]:
    """Raw ids → the values the export publishes in ``field``'s column."""
    assert spec.from_ is not None
    only = mapping.model_copy(update={"fields": {field.name: spec}})
    builder = RecordBuilder(only, dataset, Query(Statement("", _no_select), [spec.from_], []))
    publish = pseudonymise(field, pseudonymizer)
    return lambda raw: publish(builder.build_chunk([(value,) for value in raw])[0])


def _no_select() -> sa.Select[Any]:
    # the builder reads the query's columns, never its SELECT
    import sqlalchemy as sa

    return sa.select()


def _name(parts: Sequence[str | None], values: Sequence[Any]) -> tuple[str | None, list[str]]:
    """(last name, other names) of one row of the name columns."""
    texts = [str(v).strip() if v is not None else "" for v in values]
    last = next((t for p, t in zip(parts, texts, strict=True) if p == "last" and t), None)
    others = [t for p, t in zip(parts, texts, strict=True) if p != "last" and t]
    if last is None and len(texts) == 1 and texts[0]:
        # one name column of unknown part: "Hill, Marcus" or "Marcus Hill"
        whole = texts[0]
        last = whole.split(",", 1)[0] if "," in whole else whole.split()[-1]
        others = [whole]
    return last, others
