"""Checking a mapping against the open schema and the reflected source schema.

Nothing is read from the source until every table, column, field and code list a
mapping names has been checked; all problems of all mappings are reported at once,
each with the file, line, the bad name and the closest valid one. The check also
resolves names case-insensitively to the spelling the database uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from iaextract.connectors.catalog import Catalog
from iaextract.errors import MappingError, Problem, closest, did_you_mean
from iaextract.mapping.model import OTHER, Mapping
from iaextract.schema import DATASETS, Dataset

PII_KINDS = ("name", "dob", "address", "phone", "email", "ssn", "id_number", "badge",
             "free_text")


@dataclass(frozen=True)
class ResolvedColumn:
    alias: str
    table: str  # real name in the source
    column: str  # real name in the source
    type_name: str

    @property
    def key(self) -> str:
        return f"{self.alias}.{self.column}"


class _Checker:
    def __init__(self, mapping: Mapping, catalog: Catalog) -> None:
        self.mapping = mapping
        self.catalog = catalog
        self.problems: list[Problem] = []
        self.resolved: dict[str, ResolvedColumn] = {}
        self.tables: dict[str, str] = {}  # alias -> real table
        self.order_by: list[str] = []

    def problem(self, type_: str, message: str, path: Iterable[str | int],
                hint: str | None = None) -> None:
        self.problems.append(Problem(type_, message, str(self.mapping.file),
                                     self.mapping.line(*path), hint))

    def check_tables(self) -> None:
        source = self.mapping.source
        entries: list[tuple[str, str, tuple[str | int, ...]]] = [
            (source.alias, source.table, ("source", "table"))]
        entries += [(j.alias, j.table, ("source", "joins", i, "table"))
                    for i, j in enumerate(source.joins)]
        for alias, table, path in entries:
            if alias in self.tables:
                self.problem("duplicate-alias", f"alias {alias!r} is used twice", path)
            real = self.catalog.table(table)
            if real is None:
                self.problem("unknown-table", f"table {table!r} is not in the source", path,
                             did_you_mean(table, self.catalog.tables))
            else:
                self.tables[alias] = real

    def column(self, ref: str, path: Iterable[str | int]) -> ResolvedColumn | None:
        """Resolve ``alias.Column``; record a problem naming the closest if it fails."""
        alias, dot, name = ref.strip().partition(".")
        if not dot:
            self.problem("bad-column-ref", f"{ref!r} must be written alias.Column", path,
                         f"aliases: {', '.join(self.mapping.aliases())}")
            return None
        if alias not in self.mapping.aliases():
            self.problem("unknown-alias", f"alias {alias!r} in {ref!r} is not defined", path,
                         did_you_mean(alias, self.mapping.aliases()))
            return None
        table = self.tables.get(alias)
        if table is None:
            return None  # the table itself is already reported
        real = self.catalog.column(table, name)
        if real is None:
            best = closest(name, self.catalog.tables[table])
            hint = f"closest column in {table}: {best!r}" if best else None
            self.problem("unknown-column", f"column {name!r} is not in table {table!r}",
                         path, hint)
            return None
        resolved = ResolvedColumn(alias, table, real, self.catalog.tables[table][real])
        self.resolved[ref.strip()] = resolved
        return resolved

    def check_source(self) -> None:
        source = self.mapping.source
        for i, join in enumerate(source.joins):
            known = {source.alias, *(j.alias for j in source.joins[:i + 1])}
            for ref in (c for pair in join.on.items() for c in pair):
                self.column(ref, ("source", "joins", i, "on"))
                alias = ref.strip().partition(".")[0]
                if alias not in known and alias in self.mapping.aliases():
                    # SQL reads joins in order: a later alias here is an error or, worse
                    # (SQLite), a silent cross join.
                    self.problem("alias-order", f"join {join.alias!r} uses alias {alias!r}, "
                                 "which is only defined by a later join",
                                 ("source", "joins", i, "on"),
                                 f"move the join of {alias!r} before the join of "
                                 f"{join.alias!r}")
        for i, condition in enumerate(source.where):
            self.column(condition.column, ("source", "where", i, "column"))
        for key in ("date", "cursor"):
            ref = getattr(source, key)
            if ref:
                self.column(ref, ("source", key))
        for i, ref in enumerate(source.order_by or []):
            if self.column(ref, ("source", "order_by", i)):
                self.order_by.append(ref.strip())
        base = self.tables.get(source.alias)
        if source.order_by is None and base is not None:
            # Without an explicit order, the base table's key gives a stable row order,
            # so the same source gives byte-identical exports on every backend.
            for key in self.catalog.primary_keys.get(base, []):
                if self.column(f"{source.alias}.{key}", ("source",)):
                    self.order_by.append(f"{source.alias}.{key}")

    def check_fields(self, dataset: Dataset) -> None:
        for name, spec in self.mapping.fields.items():
            if not dataset.has(name):
                self.problem("unknown-field", f"{name!r} is not a field of {dataset.name}",
                             ("fields", name), did_you_mean(name, dataset.field_names))
                continue
            for ref in spec.columns():
                self.column(ref, ("fields", name))
            if spec.codes is not None:
                self.check_code_list(spec.codes, name, dataset)
            vocabulary = dataset.field(name).values
            if spec.value is not None and vocabulary and str(spec.value) not in vocabulary:
                self.problem("value-not-in-vocabulary", f"{spec.value!r} is not a value of "
                             f"{name}", ("fields", name),
                             did_you_mean(str(spec.value), vocabulary) or
                             f"allowed: {', '.join(vocabulary)}")

    def check_code_list(self, list_name: str, field: str, dataset: Dataset) -> None:
        codes = self.mapping.codes.get(list_name)
        if codes is None:
            self.problem("unknown-code-list", f"code list {list_name!r} is not defined under "
                         "codes", ("fields", field), did_you_mean(list_name,
                                                                  self.mapping.codes))
            return
        vocabulary = dataset.field(field).values
        if vocabulary is None:
            return
        for code, label in codes.items():
            if label is not None and str(label) not in vocabulary:
                self.problem("value-not-in-vocabulary", f"code {code!r} of list "
                             f"{list_name!r} maps to {label!r}, which is not a value of "
                             f"{field}", ("codes", list_name, code),
                             _suggest(code, str(label), vocabulary))

    def check_pii(self) -> None:
        for table, columns in self.mapping.source_pii.items():
            real = self.catalog.table(table)
            if real is None:
                self.problem("unknown-table", f"source_pii table {table!r} is not in the "
                             "source", ("source_pii", table),
                             did_you_mean(table, self.catalog.tables))
                continue
            for column, kind in columns.items():
                if self.catalog.column(real, column) is None:
                    self.problem("unknown-column", f"source_pii column {column!r} is not in "
                                 f"table {real!r}", ("source_pii", table, column),
                                 did_you_mean(column, self.catalog.tables[real]))
                if kind not in PII_KINDS:
                    self.problem("unknown-pii-kind", f"{kind!r} is not a kind of personal "
                                 "data", ("source_pii", table, column),
                                 did_you_mean(kind, PII_KINDS))


@dataclass(frozen=True)
class ResolvedMapping:
    """A checked mapping's columns under their real names, and its row order."""

    columns: dict[str, ResolvedColumn]
    order_by: list[str]


def check_mapping(mapping: Mapping, catalog: Catalog) -> tuple[ResolvedMapping, list[Problem]]:
    """Check one mapping; return its resolved columns and the problems found."""
    checker = _Checker(mapping, catalog)
    dataset = DATASETS.get(mapping.dataset)
    if dataset is None:
        checker.problem("unknown-dataset", f"{mapping.dataset!r} is not an open-schema "
                        "dataset", ("dataset",), did_you_mean(mapping.dataset, DATASETS))
    checker.check_tables()
    checker.check_source()
    if dataset is not None:
        checker.check_fields(dataset)
    checker.check_pii()
    for list_name, codes in mapping.codes.items():
        if OTHER in codes and len(codes) == 1:
            checker.problem("empty-code-list", f"code list {list_name!r} has only {OTHER}",
                            ("codes", list_name))
    return ResolvedMapping(checker.resolved, checker.order_by), checker.problems


def check_mappings(mappings: Iterable[Mapping], catalog: Catalog) -> dict[str, ResolvedMapping]:
    """Check every mapping; MappingError lists the problems of all of them together."""
    resolved, problems = {}, []
    for mapping in mappings:
        columns, found = check_mapping(mapping, catalog)
        resolved[mapping.dataset] = columns
        problems.extend(found)
    if problems:
        raise MappingError("mappings do not match the source", problems)
    return resolved


def _suggest(code: object, label: str, vocabulary: tuple[str, ...]) -> str:
    # A placeholder (TODO) resembles nothing: what the source code commonly means does.
    if label.upper() == "TODO":
        # Imported here: synonyms -> transform -> query -> validate would be a cycle.
        from iaextract.mapping.synonyms import guess_label

        guess = guess_label(code, vocabulary)
        return f"did you mean {guess!r}?" if guess else f"allowed: {', '.join(vocabulary)}"
    return did_you_mean(label, vocabulary) or f"allowed: {', '.join(vocabulary)}"
