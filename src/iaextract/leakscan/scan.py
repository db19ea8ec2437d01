"""The leak scan: every staged output file searched for every known personal value.

Runs after an export is written and before it is published (and again by ``iaextract
verify``). A hit raises :class:`LeakDetected` (exit 3): the export is withheld and the
message names the file, dataset, row, field and kind of value, never the value. Each
file is read once, in a stream: a dataset's CSV, JSON and NDJSON a batch of records at
a time, checked a column at a time (cells.py); any other file line by line.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Protocol, cast

from iaextract.config import Config
from iaextract.connectors import Source, open_source
from iaextract.errors import LeakDetected, Problem
from iaextract.leakscan.cells import (
    Cell,
    Columns,
    ListColumn,
    batches,
    columns_of,
    document_cells,
    json_document_cells,
    record_batches,
)
from iaextract.leakscan.files import files_in
from iaextract.leakscan.match import DOCUMENT, FIELD, FREE, NUMBER, Column, Matcher
from iaextract.leakscan.values import KnownValues
from iaextract.mapping.loader import load_mappings
from iaextract.mapping.model import Mapping
from iaextract.pii.agency_lists import phrase_pattern
from iaextract.pii.entities import Person
from iaextract.pii.known import Sink, stream_personal_data
from iaextract.pii.normalise import fold
from iaextract.schema import DATASETS, Kind, Sensitivity

MAX_REPORTED = 20  # findings listed in the error; all are counted
ROWS_NAMED = 5
MAX_JSON_DOCUMENT = 64 << 20  # larger JSON files are read line by line
CSV_BATCH = 2048  # rows of a CSV file checked together
ARROW_FROM = 1 << 20  # CSV files of this size and larger are read by Arrow (arrowcsv.py)
CLEAN_REMEMBERED = 50_000  # values known to be clean under one column's rules
_NUMERIC = frozenset({"integer", "number", "boolean"})


@dataclass
class Finding:
    """Known personal values of one kind found in one field of one file. Never the value."""

    file: str
    kind: str
    field: str | None = None
    dataset: str | None = None
    rows: list[int] = dataclass_field(default_factory=list)  # the first few rows or lines
    count: int = 0

    def add(self, row: int) -> None:
        self.count += 1
        if len(self.rows) < ROWS_NAMED:
            self.rows.append(row)

    def describe(self) -> str:
        unit = "row" if self.dataset else "line"
        rows = ", ".join(map(str, self.rows))
        more = f" and {self.count - len(self.rows)} more" if self.count > len(self.rows) else ""
        where = [f"dataset {self.dataset}"] if self.dataset else []
        if self.field:
            where.append(f"field {self.field}")
        if any(self.rows):  # a JSON document's values have no row or line
            where.append(f"{unit}{'s' if self.count > 1 else ''} {rows}{more}")
        return f"{self.count} {self.kind} value(s): {', '.join(where)}"


class ExportLayout:
    """How each column of each dataset is checked, from the schema, mappings and policy."""

    def __init__(self, mappings: Iterable[Mapping], officers_named: bool) -> None:
        self.vocabulary: dict[tuple[str, str], set[str]] = {}
        self.read_tables: dict[tuple[str, str], set[str]] = {}  # folded tables a field reads
        for mapping in mappings:
            aliases = mapping.aliases()
            for name, spec in mapping.fields.items():
                labels = mapping.codes.get(spec.codes or "", {}).values()
                self.vocabulary.setdefault((mapping.dataset, name), set()).update(
                    fold(str(v)) for v in labels if v is not None)
                self.read_tables.setdefault((mapping.dataset, name), set()).update(
                    aliases.get(c.split(".")[0], "").casefold() for c in spec.columns())
        self.officers_named = officers_named
        self._columns: dict[tuple[str, str], Column] = {}
        # The tool's JSON documents (data package, manifest) list every vocabulary.
        every = {fold(v) for d in DATASETS.values() for f in d.fields for v in f.values or ()}
        every.update(*self.vocabulary.values())
        self.document = Column(FIELD, frozenset(every))

    def column(self, dataset: str | None, name: str) -> Column:
        key = (dataset or "", name)
        if key not in self._columns:
            self._columns[key] = self._decide(dataset, name)
        return self._columns[key]

    def _decide(self, dataset: str | None, name: str) -> Column:
        schema = DATASETS.get(dataset or "")
        if schema is None or not schema.has(name):
            return Column(FREE)  # unknown column: the strictest rules
        field = schema.field(name)
        if field.sensitivity is Sensitivity.FREE_TEXT or field.kind is Kind.TEXT:
            return Column(FREE)
        if field.type in _NUMERIC:
            return Column(NUMBER)
        vocabulary = {fold(v) for v in field.values or ()}
        vocabulary |= self.vocabulary.get((schema.name, name), set())
        names_from = None
        if field.officer_identity and self.officers_named:
            # Only names of the people of the table the officer identifier reads (the
            # officers), so a complainant's name mapped here is still caught.
            tables = set().union(*(self.read_tables.get((schema.name, f.name), set())
                                   for f in schema.fields if f.entity == "officer"))
            names_from = frozenset(tables - {""})
        return Column(FIELD, frozenset(vocabulary), names_from=names_from,
                      dates=field.kind is Kind.DATE)


class LeakScanner:
    """Scans files for the known personal values of one source."""

    def __init__(self, known: KnownValues, layout: ExportLayout) -> None:
        self.known = known
        self.layout = layout
        self.matcher = Matcher(known)
        self.files_scanned = 0
        # Values found clean under a column's rules, kept while the files of one dataset
        # are scanned: its CSV, JSON and NDJSON hold the same values (a narrative is
        # read once, not three times). ``find`` answers from the text and the rules
        # alone, so a value clean under them is clean in any file.
        self._clean: dict[Column, set[str]] = {}
        self._clean_dataset: str | None = None

    def scan_folder(self, folder: Path, names: Iterable[str] | None = None) -> list[Finding]:
        """Findings in the files ``names`` of ``folder`` (default: every file in it)."""
        if names is None:
            names = files_in(folder)
        findings: list[Finding] = []
        for name in names:
            findings.extend(self.scan_file(folder / name, name))
        return findings

    def scan_file(self, path: Path, name: str) -> list[Finding]:
        """Findings in one file; ``name`` (its path in the export) is how they name it."""
        self.files_scanned += 1
        dataset = _dataset_of(name)
        if dataset != self._clean_dataset:  # memory stays one dataset's worth
            self._clean, self._clean_dataset = {}, dataset
        suffix = path.suffix.lower()
        found: Found = {}
        if dataset and suffix == ".csv":
            self._scan_csv(path, name, dataset, found)
        elif dataset and suffix in (".json", ".ndjson"):
            self._scan_records(path, name, dataset, found)
        else:
            if suffix == ".json" and path.stat().st_size < MAX_JSON_DOCUMENT:
                cells = json_document_cells(
                    path, lambda key: self.matcher.find(key, self.layout.document) is not None)
            else:
                cells = document_cells(path)
            # The tool's own JSON (manifest, data package) is structured: each string is
            # a value (a code, a path, a title), not prose, so it is checked as a field is.
            document = self.layout.document if suffix == ".json" else DOCUMENT
            self._scan_cells(cells, _Adder(found, name, None), lambda field: document, {})
        return list(found.values())

    def _scan_cells(self, cells: Iterable[Cell], add: _Adder, rules: Callable[[str], Column],
                    memo: dict[tuple[str, str], str | None]) -> None:
        """Cells one by one, each distinct (field, text) looked up once."""
        find = self.matcher.find
        for row, field, text in cells:
            key = (field, text)
            kind = memo.get(key, "")
            if kind == "":  # not seen yet (None: seen, nothing found)
                kind = find(text, rules(field))
                if len(memo) < 100_000:
                    memo[key] = kind
            if kind:
                add(field, kind, row)

    def _scan_records(self, path: Path, name: str, dataset: str, found: Found) -> None:
        """A dataset's JSON or NDJSON file: a batch of records at a time, as columns
        (see _check_columns), or as cells where the records are not flat."""
        add = _Adder(found, name, dataset)
        memo: dict[tuple[str, str], str | None] = {}
        for batch in record_batches(path):
            if isinstance(batch, Columns):
                rules = [self.layout.column(dataset, f) for f in batch.fields]
                self._check_columns(batch.fields, rules, list(map(ListColumn, batch.columns)),
                                    self._clean_under(rules), batch.first, add,
                                    row_major=True)
            else:
                self._scan_cells(batch, add, lambda field: self.layout.column(dataset, field),
                                 memo)

    def _scan_csv(self, path: Path, name: str, dataset: str, found: Found,
                  arrow: bool = True) -> None:
        """A dataset's CSV file, a batch of rows and a column at a time (read by Arrow
        when the file is large enough to repay its import, see arrowcsv.py). Values
        beyond a row's header are checked under the strictest rules."""
        add = _Adder(found, name, dataset)
        # A long narrative must be scanned, not fail the csv module's 128 KiB field limit.
        csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            fields = next(reader, [])
            header = self.layout.column(dataset, "header")
            for text in fields:
                kind = self.matcher.find(text, header)
                if kind:
                    add("header", kind, 0)
            columns = [self.layout.column(dataset, f) for f in fields]
            clean = self._clean_under(columns)
            if arrow and fields and path.stat().st_size >= ARROW_FROM:
                from iaextract.leakscan.arrowcsv import Unreadable, column_batches

                try:
                    self._check_batches(fields, columns, column_batches(path, fields, CSV_BATCH),
                                        clean, add)
                    return
                except Unreadable:  # read again, all of it, as it always was
                    found.clear()
                    handle.close()
                    self._scan_csv(path, name, dataset, found, arrow=False)
                    return
            first = 1  # the batch's first row number
            for rows in batches(reader, CSV_BATCH):
                width = max(map(len, rows))
                while len(fields) < width:
                    fields, columns = [*fields, ""], [*columns, DOCUMENT]
                    clean += self._clean_under([DOCUMENT])
                self._check_columns(fields, columns,
                                    list(map(ListColumn, columns_of(rows, width))), clean,
                                    first, add, row_major=False)
                first += len(rows)

    def _clean_under(self, rules: list[Column]) -> list[set[str]]:
        """The values known clean under each of ``rules`` (shared by columns of the
        same rules, and by the files of one dataset)."""
        return [self._clean.setdefault(column, set()) for column in rules]

    def _check_batches(self, fields: list[str], rules: list[Column],
                       batches: Iterable[Sequence[BatchColumn]], clean: list[set[str]],
                       add: _Adder) -> None:
        """Batches of the columns of a CSV file's rows, from row 1."""
        first = 1
        for columns in batches:
            self._check_columns(fields, rules, columns, clean, first, add, row_major=False)
            first += CSV_BATCH

    def _check_columns(self, fields: list[str], rules: list[Column],
                       columns: Sequence[BatchColumn], clean: list[set[str]], first: int,
                       add: _Adder, *, row_major: bool) -> None:
        """Columns of a batch of rows starting at row ``first``.

        A column's distinct values are looked up once each, and values already found
        clean under its rules (``clean``, kept across batches and files) are skipped: set
        operations instead of a Python call a cell. Hits are added in row order within
        a column (``row_major``: row by row across the columns, as a reading cell by
        cell finds them).
        """
        hits: list[tuple[int, int, str]] = []
        for i, column in enumerate(columns):
            seen = clean[i]
            # (None, a JSON null: nothing to check; pseudonyms: see candidates)
            fresh = column.candidates(self.known.pseudonym_shaped).difference(seen)
            fresh.discard(None)
            fresh.discard("")
            if len(seen) + len(fresh) > CLEAN_REMEMBERED:
                seen.clear()  # bounded: a column of unique values
            for text in cast("set[str]", fresh):
                kind = self.matcher.find(text, rules[i])
                if not kind:
                    seen.add(text)
                    continue
                hits.extend((first + r, i, kind) for r in column.rows(text))
        hits.sort(key=(lambda h: (h[0], h[1])) if row_major else (lambda h: (h[1], h[0])))
        for row, i, kind in hits:
            add(fields[i], kind, row)


Found = dict[tuple[str, str], Finding]  # by (field, kind), in the order first found


class BatchColumn(Protocol):
    """One column of a batch of rows: a ``ListColumn`` or an ``ArrowColumn``."""

    def candidates(self, pseudonyms: set[str]) -> set[str | None]: ...
    def rows(self, text: str) -> list[int]: ...


class _Adder:
    """Adds a hit to the finding of its field and kind (made when first found)."""

    def __init__(self, found: Found, name: str, dataset: str | None) -> None:
        self.found, self.name, self.dataset = found, name, dataset

    def __call__(self, field: str, kind: str, row: int) -> None:
        finding = self.found.get((field, kind))
        if finding is None:
            finding = self.found[field, kind] = Finding(self.name, kind, field or None,
                                                        self.dataset)
        finding.add(row)


def _dataset_of(name: str) -> str | None:
    for part in Path(name).parts:
        stem = part.split(".")[0]
        if stem in DATASETS:
            return stem
    return None


def leak_error(findings: Sequence[Finding], withheld: bool = True) -> LeakDetected:
    """The error for a scan with findings: where and what kind, never a value."""
    files = sorted({f.file for f in findings})
    total = sum(f.count for f in findings)
    problems = [Problem("personal-value", f.describe(), file=f.file)
                for f in findings[:MAX_REPORTED]]
    if len(findings) > MAX_REPORTED:
        problems.append(Problem("personal-value", f"... and {len(findings) - MAX_REPORTED} "
                                "more fields"))
    outcome = ("the export was withheld; the previous export stays published" if withheld
               else "do not publish this folder")
    return LeakDetected(
        f"leak scan: {total} known personal value(s) of the source found in "
        f"{', '.join(files)}; {outcome}. Fix the mapping or policy that let them through "
        "(a personal column mapped to a published field, narratives not scrubbed)", problems)


def load_known(config: Config, mappings: Iterable[Mapping] | None = None,
               name_tables: bool = False, source: Source | None = None,
               sql_cache: Path | None = None) -> KnownValues:
    """The known personal values of the configured source, read in one stream.

    ``name_tables``: also index which person table each name comes from (needed when
    officers are published by name). The agency's ``scrub_deny`` words are known too
    (the scan checks they are gone) and its ``scrub_allow`` phrases are not searched.
    """
    known = stream_source_data(config, KnownValues(name_tables), mappings, source, sql_cache)
    for term in config.policy.scrub_deny:
        known.add_person(Person(last=term))
    known.allowed = phrase_pattern(config.policy.scrub_allow)
    return known.freeze()


def stream_source_data(config: Config, into: Sink, mappings: Iterable[Mapping] | None = None,
                       source: Source | None = None, sql_cache: Path | None = None) -> Sink:
    """Give every declared personal value of the configured source to ``into``; read
    through ``source`` when given (the source the export has open), else opened here
    (a SQLite file with the compiled SQL kept in ``sql_cache``, if given)."""
    if mappings is None:
        mappings = load_mappings(config.mapping_paths).values()
    if source is None:
        with open_source(config.source.url, config.base_dir, sql_cache) as opened:
            return stream_source_data(config, into, mappings, opened)
    # Under scrub the scan knows what the scrubber knows: the whole source.
    return stream_personal_data(source, mappings, into,
                                whole_source=config.policy.narratives == "scrub")


def scanner_for(config: Config, officers_named: bool | None = None,
                mappings: Iterable[Mapping] | None = None,
                source: Source | None = None, sql_cache: Path | None = None) -> LeakScanner:
    """A scanner for exports of ``config``'s source (read through ``source`` when given,
    else opened with ``sql_cache``: see :func:`stream_source_data`) under its policy."""
    mappings = list(mappings if mappings is not None
                    else load_mappings(config.mapping_paths).values())
    if officers_named is None:
        officers_named = config.policy.officer_identity == "named"
    return LeakScanner(load_known(config, mappings, officers_named, source, sql_cache),
                       ExportLayout(mappings, officers_named))
