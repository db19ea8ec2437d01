"""What ``init`` learns from a source's values, as a colleague reading it would.

Names alone mislead: ``District`` and ``Beat`` both match "district", a table
called ``tblInvolvement`` holds allegations, force and shootings at once, and
``OffInjured`` is a flag only if its values are yes/no. These helpers look at
distinct values (never printing or keeping them beyond codes) to decide.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from iaextract.connectors import Source
from iaextract.connectors.catalog import Catalog
from iaextract.mapping.transform import normalise_code

#: Incident-type codes agencies use, per dataset (normalised: trimmed, upper case).
TYPE_CODES: dict[str, frozenset[str]] = {name: frozenset(codes) for name, codes in {
    "complaint_allegations": ("CC", "IC", "CIT", "INT", "CMP", "COMP", "COMPLAINT",
                              "CITIZEN COMPLAINT", "INTERNAL", "EXTERNAL"),
    "use_of_force": ("UOF", "RTR", "FORCE", "USE OF FORCE", "RESPONSE TO RESISTANCE"),
    "officer_involved_shootings": ("OIS", "SHOOT", "SHOOTING", "FIREARM DISCHARGE"),
    "vehicle_pursuits": ("VP", "PUR", "PURSUIT", "VEHICLE PURSUIT"),
    "assaults_on_officers": ("AOO", "ASLT", "LEOKA", "ASSAULT", "ASSAULT ON OFFICER"),
}.items()}
_TYPE_LIMIT = 40  # a type column holds a handful of codes, not hundreds
#: Values a yes/no column holds (as an export reads them; Access stores True as -1).
FLAG_VALUES = frozenset({"Y", "YES", "TRUE", "T", "1", "-1", "N", "NO", "FALSE", "F",
                         "0", "U", "UNK"})


def distinct_values(source: Source, table: str, column: str, limit: int) -> set[str]:
    """Up to ``limit`` + 1 distinct non-blank values of a column, normalised as codes."""
    col: sa.ColumnClause[Any] = sa.column(column)
    statement = sa.select(col).select_from(sa.table(table)).where(col.isnot(None))
    return _distinct(source, statement, limit)


def distinct_in_rows(source: Source, table: str, column: str, limit: int, *,
                     link: tuple[str, str], incident: str, type_column: str,
                     codes: list[str]) -> set[str]:
    """Like distinct_values, only in the rows of ``table`` whose incident (joined on
    ``link``: table's column, incident's column) has one of the type ``codes``."""
    return _distinct(source, rows_of_types(table, column, link=link, incident=incident,
                                           type_column=type_column, codes=codes), limit)


def rows_of_types(table: str, column: str, *, link: tuple[str, str], incident: str,
                  type_column: str, codes: list[str]) -> sa.Select:
    """SELECT ``column`` of the rows of ``table`` whose incident has a type in ``codes``
    (compared trimmed and upper-cased, as a mapping's filter does)."""
    rows = sa.table(table, sa.column(column), sa.column(link[0])).alias("r")
    incidents = sa.table(incident, sa.column(link[1]), sa.column(type_column)).alias("t")
    return sa.select(rows.c[column]).select_from(rows.join(
        incidents, rows.c[link[0]] == incidents.c[link[1]])).where(
        rows.c[column].isnot(None), sa.func.upper(sa.func.trim(
            incidents.c[type_column])).in_(codes))


def _distinct(source: Source, statement: sa.Select, limit: int) -> set[str]:
    found: set[str] = set()
    statement = statement.distinct()
    for chunk in source.stream(statement, 1000):
        found.update(normalise_code(row[0]) for row in chunk)
        if len(found) > limit:
            break
    found.discard("")
    return found


def type_column(source: Source, table: str, columns: Iterable[str]
                ) -> tuple[str, set[str]] | None:
    """The column of ``table`` whose codes are incident types, and its codes; None if
    no column holds codes of two or more datasets."""
    best: tuple[int, str, set[str]] | None = None
    for column in columns:
        codes = distinct_values(source, table, column, _TYPE_LIMIT)
        if len(codes) > _TYPE_LIMIT:
            continue
        datasets = sum(1 for known in TYPE_CODES.values() if codes & known)
        if datasets >= 2 and (best is None or datasets > best[0]):
            best = (datasets, column, codes)
    return (best[1], best[2]) if best else None


def codes_of(dataset: str, codes: set[str]) -> list[str]:
    """The incident-type ``codes`` in the source that mean ``dataset``, sorted."""
    return sorted(codes & TYPE_CODES.get(dataset, frozenset()))


def coarsest(source: Source, table: str, candidates: list[str]
             ) -> tuple[str, list[tuple[str, int]]] | None:
    """Among ``candidates`` (say District and Beat), the one with the fewest distinct
    values above one — coarser geography, less re-identification risk — and every
    candidate with its count."""
    counts = [(c, len(distinct_values(source, table, c, 10_000))) for c in candidates]
    usable = [(c, n) for c, n in counts if n > 1]
    if not usable:
        return None
    return min(usable, key=lambda pair: pair[1])[0], counts


def is_flag(source: Source, table: str, column: str) -> bool:
    """Whether every value of the column reads as yes/no (and there are some)."""
    values = distinct_values(source, table, column, len(FLAG_VALUES))
    return bool(values) and values <= FLAG_VALUES


def shared_base(catalog: Catalog, role_tables: dict[str, str]) -> str | None:
    """A table that joins the incident and officer tables and plays no role itself:
    where an agency keeps every incident type's rows (one row per officer involved)."""
    incident, officer = role_tables.get("incident"), role_tables.get("officer")
    if not incident or not officer:
        return None
    keys = [{k.lower() for k in catalog.primary_keys.get(t) or []} for t in (incident,
                                                                            officer)]
    found = [t for t, columns in catalog.tables.items() if t not in role_tables.values()
             and all(k & {c.lower() for c in columns} for k in keys)]
    return min(found, key=len) if found else None
