"""Drafting mappings from an inspected source (``iaextract init``).

Tables and columns are matched to the open schema by name only; code lists are
filled from the distinct codes really in the source. Whatever could not be
decided is left as a ``TODO`` (a comment, or a label ``check`` rejects), so a
draft is never mistaken for a finished mapping.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from iaextract.connectors import Source
from iaextract.connectors.catalog import Catalog
from iaextract.mapping.model import TODAY
from iaextract.mapping.transform import normalise_code
from iaextract.onboarding.inspect import TableReport
from iaextract.schema import DATASETS, Dataset, Field, Kind

TODO = "TODO"
MAX_CODES = 60

#: Which table plays each role, by name (``tbl`` prefixes and case ignored).
ROLE_TABLES = {
    "incident": r"incident|complaint|case|^file",
    "officer": r"employee|officer|personnel|member|staff",
    "person": r"citizen|civilian|person|complainant|subject|people",
}
BASE_TABLES = {
    "complaint_allegations": r"alleg",
    "use_of_force": r"force|^uof|resist",
    "officer_involved_shootings": r"shoot|^ois",
    "vehicle_pursuits": r"pursuit",
    "assaults_on_officers": r"assault|^aoo",
    "officers": r"employee|officer|personnel",
}
ALIASES = {"base": "b", "incident": "i", "officer": "o", "person": "p"}
PERSON_PREFIXES = ("complainant_", "subject_")

#: field (or field suffix after officer_/complainant_/subject_) -> (role, column pattern)
FIELD_COLUMNS = {
    "incident_id": ("incident", r"(incident|complaint|case|file|ia)(num|no)|number$"),
    "occurred_date": ("incident", r"occur|incidentdate|dateofincident|^date$"),
    "received_date": ("incident", r"(receiv|report|filed).*(date|dt)$|^date(receiv|report)"),
    "district": ("incident", r"district|division|precinct|beat"),
    "service_type": ("incident", r"servicetype|activity"),
    "complaint_type": ("incident", r"(incident|complaint|case)type|^type$"),
    "source": ("incident", r"howreceived|receivedvia|^source|method"),
    "summary": ("incident", r"synopsis|narrative|summary|details"),
    "allegation": ("base", r"alleg.*(code|type)|^allegation$|violation|charge"),
    "finding": ("base", r"finding$|^finding|outcome"),
    "finding_date": ("base", r"finding.*date|disp.*date"),
    "discipline": ("base", r"discipline|sanction|penalty"),
    "force_type": ("base", r"forcetype|typeofforce"),
    "force_reason": ("base", r"reason"),
    "subject_resistance": ("base", r"resist"),
    "officer_injured": ("base", r"(officer|ofc|emp).*inj"),
    "subject_injured": ("base", r"(subject|citizen|civ|suspect).*inj"),
    "subject_hospitalized": ("base", r"hospital"),
    "arrest_made": ("base", r"arrest"),
    "disposition": ("base", r"disposition|outcome"),
    "race": ("", r"race|ethnic"),
    "sex": ("", r"^sex|gender"),
    "rank": ("", r"rank|title"),
    "unit": ("", r"unit|assign|squad"),
    "badge": ("", r"badge"),
}
_FIRST_NAME = r"first.*name|^fname|given"
_LAST_NAME = r"last.*name|^lname|surn"
_DOB = r"^dob|birth|bday|bdate"
_HIRED = r"hire|appoint|employ.*date|startdate"
_CURSOR = r"lastmod|modified|updated|changed"


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower().removeprefix("tbl").removeprefix("tbl_"))


def _find(names: Iterable[str], pattern: str) -> str | None:
    found = [n for n in names if re.search(pattern, _key(n))]
    return min(found, key=len) if found else None


def q(text: str) -> str:
    """``text`` as a YAML scalar: plain when safe, else double-quoted."""
    return text if re.fullmatch(r"[A-Za-z_][\w.]*", text) else json.dumps(text)


@dataclass
class Draft:
    """One drafted mapping file and how much is left to decide."""

    dataset: str
    text: str
    todos: int
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

    def draft(self, dataset: Dataset) -> Draft | None:
        """A draft mapping for ``dataset``, or None when no base table is recognised."""
        roles = self._roles(dataset)
        if "base" not in roles:
            return None
        base = roles["base"].table
        lines = [f"# Draft mapping for {dataset.name}, written by `iaextract init`.",
                 "# Review every TODO, then run `iaextract check`.",
                 f"dataset: {dataset.name}", "source:", f"  table: {q(base)}", "  alias: b"]
        joins = [r.join_line() for r in roles.values() if r.on]
        lines += ["  joins:", *joins] if joins else []
        columns = self._columns(roles)
        lines += self._where_hint(roles, columns)
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
        todos = sum(TODO in c for c in codes) + len(missing)
        return Draft(dataset.name, "\n".join(lines) + "\n", todos,
                     [r.table for r in roles.values()])

    def _roles(self, dataset: Dataset) -> Roles:
        names = list(self.catalog.tables)
        base = _find(names, BASE_TABLES.get(dataset.name, re.escape(dataset.name)))
        if base is None:
            return {}
        roles = {"base": RoleTable("base", base)}
        wanted = {"incident"} | {"officer" for f in dataset.field_names
                                 if f.startswith("officer_")} | \
            {"person" for f in dataset.field_names if f.startswith(PERSON_PREFIXES)}
        for role in ("incident", "officer", "person"):
            table = _find([n for n in names if n != base], ROLE_TABLES[role])
            if role == "officer" and _find([base], ROLE_TABLES[role]):
                table = base  # a roster: its base table is the officer table (self-join)
            on = self._link(base, table) if role in wanted and table else None
            if table and on:
                roles[role] = RoleTable(role, table, on)
        return roles

    def _link(self, base: str, table: str) -> tuple[str, str] | None:
        """(base column, key column) when the base table holds ``table``'s primary key."""
        base_columns = {c.lower(): c for c in self.catalog.tables[base]}
        for key in self.catalog.primary_keys.get(table) or []:
            if key.lower() in base_columns:
                return base_columns[key.lower()], key
        return None

    def _columns(self, roles: Roles) -> dict[str, str]:
        refs: dict[str, str] = {}
        for name, (role, pattern) in FIELD_COLUMNS.items():
            if role not in roles:
                continue
            column = _find(self.catalog.tables[roles[role].table], pattern)
            if column:
                refs[name] = f"{ALIASES[role]}.{column}"
        return refs

    def _where_hint(self, roles: Roles, columns: dict[str, str]) -> list[str]:
        """A commented-out filter on the incident type, listing the types in the source."""
        ref = columns.get("complaint_type")
        if ref is None or "incident" not in roles:
            return [f"  # where: [{{column: i.TypeColumn, in: [...]}}]  # {TODO}: keep "
                    "only this dataset's rows, if the tables hold several kinds"]
        codes = distinct_codes(self.source, roles["incident"].table, ref.partition(".")[2],
                               MAX_CODES + 1)
        listed = ", ".join(codes) if len(codes) <= MAX_CODES else "many"
        return [f"  # where: [{{column: {q(ref)}, in: [...]}}]  # {TODO}: keep only this "
                f"dataset's rows; types in the source: {listed}"]

    def _cursor(self, roles: Roles) -> str | None:
        for role in ("incident", "base"):
            column = _find(self.catalog.tables[roles[role].table], _CURSOR) \
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
            lines.append(f"  {spec.name}: {text}")
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
            parts = [c for c in (_find(names, _FIRST_NAME), _find(names, _LAST_NAME)) if c]
            if parts:
                return (f"{{from: {json.dumps(', '.join(f'{alias}.{c}' for c in parts))}, "
                        'join_with: " "}', None)
            return None
        if suffix in ("age", "years_of_service"):
            start = _find(names, _DOB if suffix == "age" else _HIRED)
            if start and date_ref:
                key = "age_at" if suffix == "age" else "years_between"
                return f"{{{key}: [{q(f'{alias}.{start}')}, {q(date_ref)}]}}", None
            return None
        entry = FIELD_COLUMNS.get(suffix)
        column = _find(names, entry[1]) if entry else None
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
        values = distinct_codes(self.source, table, column, MAX_CODES + 1)
        if not values or len(values) > MAX_CODES or max(len(v) for v in values) > 20:
            return []
        return [f"    {q(code)}: {_label(code, spec.values)}" for code in values]

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
    # W -> White, SUS -> Sustained: an initial or prefix that fits one value only.
    initial = [v for v in vocabulary if v.lower().startswith(code.lower())]
    match = exact or (initial if len(initial) == 1 else [])
    return json.dumps(match[0]) if match else f"{TODO}  # one of: {', '.join(vocabulary)}"


def distinct_codes(source: Source, table: str, column: str, limit: int) -> list[str]:
    """Up to ``limit`` distinct non-blank values of a column, trimmed and upper-cased."""
    col: sa.ColumnClause[Any] = sa.column(column)
    statement = sa.select(col).select_from(sa.table(table)).where(col.isnot(None)).distinct()
    found: set[str] = set()
    for chunk in source.stream(statement, 1000):
        found.update(normalise_code(row[0]) for row in chunk)
        if len(found) > limit:
            break
    found.discard("")
    return sorted(found)


def draft_all(source: Source, reports: list[TableReport]) -> list[Draft]:
    """A draft for every open-schema dataset whose base table is found in the source."""
    drafter = Drafter(source, reports)
    drafts = [drafter.draft(dataset) for dataset in DATASETS.values()]
    return [d for d in drafts if d is not None]
