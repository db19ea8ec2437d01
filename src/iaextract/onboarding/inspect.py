"""What a source holds, and which of its columns look personal.

A column is flagged by its name (``LastName``, ``DOB``, ``HomePhone``…) and by a
sample of its values (mostly emails, phone numbers, SSNs, street addresses, dates
long past, personal names, long narrative text). Sampled values are only
classified, never kept, returned or printed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from iaextract.connectors import Source
from iaextract.pii.classify import kind_by_name, kind_by_values, sample_values

SAMPLE_ROWS = 500


@dataclass
class ColumnReport:
    """One column: its type and the kinds of personal data it seems to hold, with why."""

    name: str
    type: str
    personal: dict[str, str] = field(default_factory=dict)  # kind -> "name" | "values"

    @property
    def kind(self) -> str | None:
        """The single most likely kind (by name first), or None."""
        return next(iter(self.personal), None)


@dataclass
class TableReport:
    name: str
    rows: int
    columns: list[ColumnReport]

    @property
    def personal(self) -> list[ColumnReport]:
        return [c for c in self.columns if c.personal]


def inspect_table(source: Source, table: str, sample_rows: int = SAMPLE_ROWS) -> TableReport:
    """Row count, columns and personal-looking columns of one table."""
    columns = source.catalog().tables[table]
    counted: sa.Select[Any] = sa.select(sa.literal_column("1")).select_from(sa.table(table))
    reports = []
    for name, type_name in columns.items():
        report = ColumnReport(name, type_name)
        by_name = kind_by_name(name)
        if by_name:
            report.personal[by_name] = "name"
        by_values = kind_by_values(sample_values(source, table, name, sample_rows)) \
            if sample_rows else None
        if by_values and by_values not in report.personal:
            report.personal[by_values] = "values"
        reports.append(report)
    return TableReport(table, source.count(counted), reports)


def inspect_source(source: Source, tables: Iterable[str] | None = None,
                   sample_rows: int = SAMPLE_ROWS) -> list[TableReport]:
    """A report per table (all tables unless ``tables`` is given), in name order."""
    names = sorted(tables if tables is not None else source.catalog().tables, key=str.lower)
    return [inspect_table(source, name, sample_rows) for name in names]
