"""Drafting mappings from an inspected source (``iaextract init``).

Tables and columns are matched to the open schema by name, then by what they
hold (onboarding.guesses): the incident-type column by its codes, which gives every
dataset whose rows exist a draft with its ``where`` filter (also where one table
holds every incident type); the coarsest of several district-like columns; flag
columns only when their values are yes/no. Code lists are filled from the distinct
codes really in the dataset's rows, labelled exactly, or from the built-in synonyms
(marked ``# guessed``), or ``TODO``. A code mapped to ``TODO`` must be decided before
an export (``check`` blocks on it); guesses and labels are to review.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from iaextract.connectors import Source
from iaextract.connectors.catalog import Catalog
from iaextract.mapping.model import TODAY
from iaextract.mapping.synonyms import guess_label
from iaextract.onboarding.guesses import (
    TYPE_CODES,
    coarsest,
    codes_of,
    distinct_in_rows,
    distinct_values,
    is_flag,
    shared_base,
    type_column,
)
from iaextract.onboarding.inspect import TableReport
from iaextract.onboarding.names import (
    ALIASES,
    BASE_TABLES,
    CURSOR,
    DOB,
    FIELD_COLUMNS,
    FIRST_NAME,
    HIRED,
    LAST_NAME,
    PERSON_PREFIXES,
    ROLE_TABLES,
    find,
    find_all,
)
from iaextract.schema import DATASETS, Dataset, Field, Kind

TODO = "TODO"
GUESSED = "# guessed"
MAX_CODES = 60

def q(text: str) -> str:
    """``text`` as a YAML scalar: plain when safe, else double-quoted."""
    return text if re.fullmatch(r"[A-Za-z_][\w.]*", text) else json.dumps(text)


@dataclass
class Draft:
    """One drafted mapping file and how much is left to decide: codes mapped to TODO
    (``must_decide``: exactly what ``check`` blocks on) and guesses, unlabelled codes
    and fields without a column (``review``)."""

    dataset: str
    text: str
    must_decide: int
    review: int
    tables: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RoleTable:
    """The table playing one role, and how it joins the base table (None for the base)."""

    role: str
    table: str
    on: tuple[str, str] | None = None  # (base column, this table's column)

    @property
    def alias(self) -> str:
        return ALIASES[self.role]

    def join_line(self) -> str:
        assert self.on is not None
        how = "inner" if self.role == "incident" else "left"
        return (f"    - {{table: {q(self.table)}, alias: {self.alias}, on: "
                f"{{{q('b.' + self.on[0])}: {q(f'{self.alias}.{self.on[1]}')}}}, how: {how}}}")


Roles = dict[str, RoleTable]


class Drafter:
    """Drafts a mapping per dataset for one source."""

    def __init__(self, source: Source, reports: list[TableReport]) -> None:
        self.source = source
        self.catalog: Catalog = source.catalog()
        self.reports = {r.name: r for r in reports}
        self.notes: dict[str, str] = {}  # field -> a comment for its line
        self._types: tuple[str, str, set[str]] | None | bool = False  # not looked yet

    def draft(self, dataset: Dataset) -> Draft | None:
        """A draft mapping for ``dataset``, or None when no base table is recognised."""
        roles = self._roles(dataset)
        if "base" not in roles:
            return None
        self.notes = {}
        self.dataset_codes = self._dataset_codes(dataset, roles)
        base = roles["base"].table
        lines = [f"# Draft mapping for {dataset.name}, written by `iaextract init`.",
                 "# Review every TODO, then run `iaextract check`.",
                 f"dataset: {dataset.name}", "source:", f"  table: {q(base)}", "  alias: b"]
        joins = [r.join_line() for r in roles.values() if r.on]
        lines += ["  joins:", *joins] if joins else []
        columns = self._columns(roles, dataset)
        lines += self._where(roles)
        date_ref = next((columns[f] for f in ("received_date", "occurred_date")
                         if dataset.has(f) and f in columns), None)
        cursor = self._cursor(roles)
        lines += [f"  date: {q(date_ref)}"] if date_ref else []
        lines += [f"  cursor: {q(cursor)}"] if cursor else []
        if self.catalog.primary_keys.get(base):
            keys = ", ".join(q(f"b.{k}") for k in self.catalog.primary_keys[base])
            lines.append(f"  order_by: [{keys}]")
        # A roster has no event date: ages and years of service run to the day of the run.
        undated = not any(f.kind is Kind.DATE for f in dataset.fields)
        field_lines, codes, missing = self._fields(dataset, roles, columns,
                                                   date_ref or (TODAY if undated else None))
        lines += ["", "fields:", *field_lines]
        if missing:
            lines.append(f"  # {TODO}: no column found for: {', '.join(missing)}")
        if codes:
            lines += ["", "codes:", *codes]
        lines += ["", "# Personal columns of the source (never published; used by the",
                  "# narrative scrubber and the leak scan).", "source_pii:",
                  *self._pii(roles)]
        must = sum(f": {TODO}  #" in c for c in codes)
        review = sum(GUESSED in c or f"# {TODO}" in c for c in codes) + len(missing)
        return Draft(dataset.name, "\n".join(lines) + "\n", must, review,
                     [r.table for r in roles.values()])

    def _roles(self, dataset: Dataset) -> Roles:
        names = list(self.catalog.tables)
        base = find(names, BASE_TABLES.get(dataset.name, re.escape(dataset.name)))
        if base is None and dataset.name in TYPE_CODES:
            base = self._shared_base(dataset)
        if base is None:
            return {}
        roles = {"base": RoleTable("base", base)}
        wanted = {"incident"} | {"officer" for f in dataset.field_names
                                 if f.startswith("officer_")} | \
            {"person" for f in dataset.field_names if f.startswith(PERSON_PREFIXES)}
        for role in ("incident", "officer", "person"):
            table = find([n for n in names if n != base], ROLE_TABLES[role])
            if role == "officer" and find([base], ROLE_TABLES[role]):
                table = base  # a roster: its base table is the officer table (self-join)
            on = self._link(base, table) if role in wanted and table else None
            if table and on:
                roles[role] = RoleTable(role, table, on)
        return roles

    def _shared_base(self, dataset: Dataset) -> str | None:
        """One table holding every incident type, if this dataset's rows are in it."""
        names = list(self.catalog.tables)
        roles = {role: t for role in ROLE_TABLES if (t := find(names, ROLE_TABLES[role]))}
        base = shared_base(self.catalog, roles)
        types = self._type_column(roles.get("incident"))
        return base if base and types and codes_of(dataset.name, types[2]) else None

    def _type_column(self, incident: str | None) -> tuple[str, str, set[str]] | None:
        """(incident table, its incident-type column, the codes in it), found once."""
        if self._types is False:
            found = type_column(self.source, incident, self.catalog.tables[incident]) \
                if incident else None
            self._types = (incident, *found) if incident and found else None
        return self._types or None  # type: ignore[return-value]

    def _dataset_codes(self, dataset: Dataset, roles: Roles) -> list[str]:
        types = self._type_column(roles["incident"].table) if "incident" in roles else None
        return codes_of(dataset.name, types[2]) if types else []

    def _link(self, base: str, table: str) -> tuple[str, str] | None:
        """(base column, key column) when the base table holds ``table``'s primary key."""
        base_columns = {c.lower(): c for c in self.catalog.tables[base]}
        for key in self.catalog.primary_keys.get(table) or []:
            if key.lower() in base_columns:
                return base_columns[key.lower()], key
        return None

    def _columns(self, roles: Roles, dataset: Dataset) -> dict[str, str]:
        refs: dict[str, str] = {}
        for name, (role, pattern) in FIELD_COLUMNS.items():
            if role not in roles or not dataset.has(name):
                continue
            table = roles[role].table
            found = find_all(self.catalog.tables[table], pattern)
            if role == "base" and self.dataset_codes:  # one table, many incident types:
                found = [c for c in found if self._codes_in_rows(roles, table, c)]
            column = self._column(name, table, found)
            if column:
                refs[name] = f"{ALIASES[role]}.{column}"
        types = self._type_column(roles["incident"].table) if "incident" in roles else None
        if types and dataset.has("complaint_type"):
            refs["complaint_type"] = f"i.{types[1]}"
        return refs

    def _column(self, name: str, table: str, found: list[str]) -> str | None:
        """Which of the columns ``found`` by name a field reads, judged by their values."""
        if name == "district" and len(found) > 1:
            chosen = coarsest(self.source, table, found)
            if chosen:
                self.notes[name] = "# the coarsest of: " + ", ".join(
                    f"{c} ({n} values)" for c, n in chosen[1])
                return chosen[0]
        if name in FLAG_FIELDS:
            found = [c for c in found if is_flag(self.source, table, c)]
        return min(found, key=len) if found else None

    def _where(self, roles: Roles) -> list[str]:
        """This dataset's filter on the incident type, or a hint when none was found."""
        types = self._type_column(roles["incident"].table) if "incident" in roles else None
        if types and self.dataset_codes:
            codes = ", ".join(q(c) for c in self.dataset_codes)
            return ["  where:", f"    - {{column: {q('i.' + types[1])}, in: [{codes}]}}"]
        if types:
            listed = ", ".join(sorted(types[2]))
            return [f"  # where: [{{column: {q('i.' + types[1])}, in: [...]}}]  # {TODO}: "
                    f"keep only this dataset's rows; types in the source: {listed}"]
        return [f"  # where: [{{column: i.TypeColumn, in: [...]}}]  # {TODO}: keep only "
                "this dataset's rows, if the tables hold several kinds (no column of "
                "incident-type codes was found)"]

    def _cursor(self, roles: Roles) -> str | None:
        for role in ("incident", "base"):
            column = find(self.catalog.tables[roles[role].table], CURSOR) \
                if role in roles else None
            if column:
                return f"{ALIASES[role]}.{column}"
        return None

    def _fields(self, dataset: Dataset, roles: Roles, columns: dict[str, str],
                date_ref: str | None) -> tuple[list[str], list[str], list[str]]:
        """The field lines, the code-list lines, and the fields no column was found for."""
        lines, codes, missing = [], [], []
        for spec in dataset.fields:
            entry = self._field(spec.name, roles, columns, date_ref)
            if entry is None:
                missing.append(spec.name)
                continue
            text, ref = entry
            labels = self._code_list(spec, ref, roles) if ref else []
            if labels:
                codes += [f"  {spec.name}:", *labels]
                text = f"{{from: {q(ref or '')}, codes: {spec.name}}}"
            note = f"  {self.notes[spec.name]}" if spec.name in self.notes else ""
            lines.append(f"  {spec.name}: {text}{note}")
        return lines, codes, missing

    def _field(self, name: str, roles: Roles, columns: dict[str, str],
               date_ref: str | None) -> tuple[str, str | None] | None:
        """The YAML of one field and the column it reads (None when computed), or None."""
        if name in columns:
            return f"{{from: {q(columns[name])}}}", columns[name]
        role, suffix = "base", name
        if name.startswith("officer_"):
            role, suffix = "officer", name.removeprefix("officer_")
        elif name.startswith(PERSON_PREFIXES):
            role, suffix = "person", name.split("_", 1)[1]
        if role not in roles:
            return None
        if suffix == "id" or (role == "base" and name.endswith("_id")):
            keys = self.catalog.primary_keys.get(roles[role].table) or []
            return (f"{{from: {q(f'{ALIASES[role]}.{keys[0]}')}}}", None) if keys else None
        return None if role == "base" else self._by_suffix(roles[role], suffix, date_ref)

    def _by_suffix(self, role: RoleTable, suffix: str,
                   date_ref: str | None) -> tuple[str, str | None] | None:
        alias, names = role.alias, self.catalog.tables[role.table]
        if suffix == "name":
            parts = [c for c in (find(names, FIRST_NAME), find(names, LAST_NAME)) if c]
            if parts:
                return (f"{{from: {json.dumps(', '.join(f'{alias}.{c}' for c in parts))}, "
                        'join_with: " "}', None)
            return None
        if suffix in ("age", "years_of_service"):
            start = find(names, DOB if suffix == "age" else HIRED)
            if start and date_ref:
                key = "age_at" if suffix == "age" else "years_between"
                return f"{{{key}: [{q(f'{alias}.{start}')}, {q(date_ref)}]}}", None
            return None
        entry = FIELD_COLUMNS.get(suffix)
        column = find(names, entry[1]) if entry else None
        return (f"{{from: {q(f'{alias}.{column}')}}}", f"{alias}.{column}") if column else None

    def _code_list(self, spec: Field, ref: str, roles: Roles) -> list[str]:
        """Code-list lines for a category field, from the codes in the source ([] if none)."""
        if spec.type != "string" or spec.kind is not Kind.CATEGORY:
            return []
        alias, _, column = ref.partition(".")
        table = next(r.table for r in roles.values() if r.alias == alias)
        report = self.reports.get(table)
        if report and any(c.name == column and c.personal for c in report.columns):
            return []  # never copy personal values into a mapping file
        values = self._codes_in_rows(roles, table, column)
        if not values or len(values) > MAX_CODES or max(len(v) for v in values) > 20:
            return []
        return [f"    {q(code)}: {_label(code, spec.values)}" for code in values]

    def _codes_in_rows(self, roles: Roles, table: str, column: str) -> list[str]:
        """The codes of a column in this dataset's rows (all rows when they can't be told
        apart), at most MAX_CODES + 1."""
        types = self._type_column(roles["incident"].table) if "incident" in roles else None
        base, incident = roles["base"], roles.get("incident")
        if types and self.dataset_codes and incident and incident.on and \
                table in (base.table, incident.table):
            link = incident.on if table == base.table else (incident.on[1],) * 2
            return sorted(distinct_in_rows(
                self.source, table, column, MAX_CODES + 1, link=link,
                incident=incident.table, type_column=types[1], codes=self.dataset_codes))
        return distinct_codes(self.source, table, column, MAX_CODES + 1)

    def _pii(self, roles: Roles) -> list[str]:
        lines = []
        for table in sorted({r.table for r in roles.values()}):
            report = self.reports.get(table)
            flagged = report.personal if report else []
            if flagged:
                pairs = ", ".join(f"{q(c.name)}: {c.kind}" for c in flagged)
                lines.append(f"  {q(table)}: {{{pairs}}}")
        return lines or ["  {}  # " + TODO + ": no personal columns found; list them here"]


def _label(code: str, vocabulary: tuple[str, ...] | None) -> str:
    if vocabulary is None:
        return f"{json.dumps(code)}  # {TODO}: label"
    exact = [v for v in vocabulary if v.lower() == code.lower()]
    if exact:
        return json.dumps(exact[0])
    # NS -> Not Sustained, TASER -> Conducted energy weapon; else an initial or prefix
    # that fits one value only (SUST -> Sustained).
    initial = [v for v in vocabulary if v.lower().startswith(code.lower())]
    guess = guess_label(code, vocabulary) or (initial[0] if len(initial) == 1 else None)
    if guess:
        return f"{json.dumps(guess)}  {GUESSED}"
    return f"{TODO}  # one of: {', '.join(vocabulary)}"


def distinct_codes(source: Source, table: str, column: str, limit: int) -> list[str]:
    """Up to ``limit`` distinct non-blank values of a column, trimmed and upper-cased."""
    return sorted(distinct_values(source, table, column, limit))


#: Yes/no fields: a column is mapped to one only if its values read as yes/no.
FLAG_FIELDS = frozenset(f.name for d in DATASETS.values() for f in d.fields
                        if f.type == "boolean")


def draft_all(source: Source, reports: list[TableReport]) -> list[Draft]:
    """A draft for every open-schema dataset whose base table is found in the source."""
    drafter = Drafter(source, reports)
    drafts = [drafter.draft(dataset) for dataset in DATASETS.values()]
    return [d for d in drafts if d is not None]
