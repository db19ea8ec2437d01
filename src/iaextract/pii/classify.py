"""Which columns look personal: by their name, or by a sample of their values.

Shared by ``inspect``/``check`` (which report them) and by the source's personal data
(:mod:`iaextract.pii.known`), which learns every column classified here under
``narratives = "scrub"``. Sampled values are only classified, never kept.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from datetime import date
from typing import Any

from iaextract.connectors import Source
from iaextract.connectors.statement import sample_statement
from iaextract.dates import UnparseableDate, parse_datetime

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


def sample_values(source: Source, table: str, column: str, rows: int) -> list[Any]:
    """Up to ``rows`` non-null values of one column, to classify (never to keep). A
    SQLite file reads it with the SQL compiled on an earlier run (no SQLAlchemy)."""
    statement = sample_statement(table, column, rows)
    return [row[0] for chunk in source.stream(statement, rows) for row in chunk]
