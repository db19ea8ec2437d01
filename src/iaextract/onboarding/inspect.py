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

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from iaextract.connectors import Source
from iaextract.dates import UnparseableDate, parse_datetime
from iaextract.onboarding.sampling import TEXT_SHARE, TextSampler, quasi_by_name, sampler_for

SAMPLE_ROWS = 500
MIN_DISTINCT_NAMES = 10

#: Column-name patterns per kind of personal data (matched on the lower-cased name
#: with everything but letters and digits removed). Order matters: first match wins.
_NAME_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern)) for kind, pattern in (
        ("ssn", r"ssn|socialsec|socsec"),
        ("dob", r"^dob|dob$|birth"),
        ("email", r"email|emailaddr"),
        ("phone", r"phone|^tel$|telephone|cell|mobile|^fax"),
        ("id_number", r"^dl|dlnum|dlno|licen[cs]e|passport|stateid"),
        ("badge", r"badge"),
        ("address", r"street|address|addr\d*$|^location$|residence"),
        ("name", r"(first|last|middle|maiden|nick|sur|given|full|maiden|middle)name$|"
                 r"^[flm]name$|^name$|nickname|alias"),
        ("free_text", r"synopsis|narrative|summary|^notes?$|comments?$|remarks|"
                      r"description$|details$"),
    ))

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_SSN = re.compile(r"\d{3}[- ]\d{2}[- ]\d{4}")
_PHONE = re.compile(r"(\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}"
                    r"(\s*(x|ext\.?)\s*\d{1,5})?", re.IGNORECASE)
_ADDRESS = re.compile(r"\d+[A-Za-z]?\s+([\w.'’-]+\s+){0,4}(st|street|ave|avenue|rd|road|blvd|"
                      r"boulevard|dr|drive|ln|lane|way|ct|court|pl|place|ter|terrace|pkwy|"
                      r"hwy|highway|cir|circle)\b\.?.*", re.IGNORECASE)
_PERSON_NAME = re.compile(r"[^\W\d_][^\W\d_'’ .,-]*([ '’.,-]+[^\W\d_]+){0,3}\.?")


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


def kind_by_name(column: str) -> str | None:
    """The kind of personal data a column name suggests, or None."""
    key = re.sub(r"[^a-z0-9]", "", column.lower())
    return next((kind for kind, pattern in _NAME_PATTERNS if pattern.search(key)), None)


def kind_by_values(values: Sequence[Any], today: date | None = None
                   ) -> tuple[str, float] | None:
    """The kind of personal data most of ``values`` are and the share of them that
    matched, or None (values are not kept)."""
    texts = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if len(texts) < 3:
        return None
    share = _share(texts)
    for kind, pattern in (("email", _EMAIL), ("ssn", _SSN), ("phone", _PHONE),
                          ("address", _ADDRESS)):
        if (matched := share(pattern.fullmatch)) >= 0.5:
            return kind, matched
    if statistics.mean(len(t) for t in texts) >= 40 and \
            (matched := share(lambda t: " " in t)) >= 0.8:
        return "free_text", matched
    if matched := _birth_date_share(values, today or date.today()):
        return "dob", matched
    # Names are many and varied; categories (Yes/No, Handgun/Knife, Patrol) repeat.
    distinct = len(set(texts))
    if (matched := share(_PERSON_NAME.fullmatch)) >= 0.8 and \
            distinct >= MIN_DISTINCT_NAMES and distinct >= 0.3 * len(texts) and \
            statistics.mean(len(t) for t in texts) <= 30:
        return "name", matched
    return None


def _share(texts: list[str]) -> Any:
    def share(test: Any) -> float:
        return sum(1 for t in texts if test(t)) / len(texts)
    return share


def _birth_date_share(values: Sequence[Any], today: date) -> float:
    # Most values are dates, and they lie long ago: event and hire dates are recent.
    if any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return 0.0
    years = []
    for value in values:
        try:
            parsed = parse_datetime(value)
        except UnparseableDate:
            continue
        if parsed is not None:
            years.append(parsed.year)
    if len(years) < 0.8 * len(values) or not years:
        return 0.0
    return len(years) / len(values) if statistics.median(years) <= today.year - 25 else 0.0


def _sample(source: Source, table: str, column: str, rows: int) -> list[Any]:
    col: sa.ColumnClause[Any] = sa.column(column)
    statement = sa.select(col).select_from(sa.table(table)).where(col.isnot(None)).limit(rows)
    return [row[0] for chunk in source.stream(statement, rows) for row in chunk]


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
        sample = samples[name] = _sample(source, table, name, sample_rows) \
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
            # A column named ResCity or MI is that; cities and initials only look
            # like names to the weakest content guess.
            if report.personal == {"name": "content"}:
                report.personal.clear()
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
