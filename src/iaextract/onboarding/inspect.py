"""What a source holds, and which of its columns look personal.

A column is flagged by its name (``LastName``, ``DOB``, ``HomePhone``…) and by a
sample of its values (mostly emails, phone numbers, SSNs, street addresses, dates
long past, personal names, long narrative text, and text in which the narrative
scrubber finds people or contact details: see onboarding.sampling), with the share
of sampled values that matched. Person tables' middle-initial, ZIP, apartment and
city columns are flagged quasi-personal. Sampled values are only classified, never
kept, returned or printed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from iaextract.connectors import Source
from iaextract.onboarding.sampling import TEXT_SHARE, TextSampler, quasi_by_name, sampler_for
from iaextract.pii.classify import kind_by_name, kind_by_values, sample_values

SAMPLE_ROWS = 500
@dataclass
class ColumnReport:
    """One column: its type and the kinds of personal data it seems to hold, with why."""

    name: str
    type: str
    personal: dict[str, str] = field(default_factory=dict)  # kind -> "name" | "content"
    quasi: dict[str, str] = field(default_factory=dict)  # quasi-personal kind -> "name"
    shares: dict[str, float] = field(default_factory=dict)  # kind -> share of the sample
    sampled: int = 0  # how many values were sampled

    @property
    def kind(self) -> str | None:
        """The single most likely kind (by name first), or None."""
        return next(iter(self.personal), None)

    def why(self, kind: str) -> str:
        """Why the column is of ``kind``: 'name', or 'content: 96% of 500 sampled values'."""
        how = self.personal.get(kind) or self.quasi.get(kind, "")
        if how != "content":
            return how
        return f"content: {self.shares[kind]:.0%} of {self.sampled} sampled values"


@dataclass
class TableReport:
    name: str
    rows: int
    columns: list[ColumnReport]

    @property
    def personal(self) -> list[ColumnReport]:
        return [c for c in self.columns if c.personal]


def inspect_table(source: Source, table: str, sample_rows: int = SAMPLE_ROWS,
                  sampler: TextSampler | None = None) -> TableReport:
    """Row count, columns and personal-looking columns of one table; with a
    ``sampler``, text columns are also judged by what the scrubber finds in them."""
    columns = source.catalog().tables[table]
    counted: sa.Select[Any] = sa.select(sa.literal_column("1")).select_from(sa.table(table))
    reports: list[ColumnReport] = []
    samples: dict[str, list[Any]] = {}
    for name, type_name in columns.items():
        report = ColumnReport(name, type_name)
        by_name = kind_by_name(name)
        if by_name:
            report.personal[by_name] = "name"
        sample = samples[name] = sample_values(source, table, name, sample_rows) \
            if sample_rows else []
        report.sampled = len(sample)
        by_values = kind_by_values(sample) if sample else None
        if by_values and by_values[0] not in report.personal:
            report.personal[by_values[0]] = "content"
            report.shares[by_values[0]] = by_values[1]
        if sampler and not report.personal and (share := sampler.personal_share(sample)) \
                >= TEXT_SHARE:
            report.personal["free_text"] = "content"
            report.shares["free_text"] = share
        reports.append(report)
    if any(c.kind in ("name", "dob") for c in reports):  # a table of people
        for report in reports:
            quasi = quasi_by_name(report.name, samples[report.name])
            if quasi is None:
                continue
            report.quasi[quasi] = "name"
            # A column named ResCity, ResApt or MI is that; cities, apartments and
            # initials only look like names or text to the weakest content guesses.
            if report.personal and set(report.personal) <= {"name", "free_text"} and \
                    set(report.personal.values()) == {"content"}:
                report.personal.clear()
                report.shares.clear()
    return TableReport(table, source.count(counted), reports)


def content_sampler(source: Source, sample_rows: int = SAMPLE_ROWS) -> TextSampler:
    """A TextSampler that knows the people named in the source's name columns."""
    names = {table: [c for c in columns if kind_by_name(c) == "name"]
             for table, columns in source.catalog().tables.items()}
    return sampler_for(source, {t: cols for t, cols in names.items() if cols}, sample_rows)


def inspect_source(source: Source, tables: Iterable[str] | None = None,
                   sample_rows: int = SAMPLE_ROWS) -> list[TableReport]:
    """A report per table (all tables unless ``tables`` is given), in name order.
    ``sample_rows=0`` judges columns by name only."""
    names = sorted(tables if tables is not None else source.catalog().tables, key=str.lower)
    sampler = content_sampler(source, sample_rows) if sample_rows else None
    return [inspect_table(source, name, sample_rows, sampler) for name in names]
