"""Judging columns by what they hold: personal details inside text, quasi-personal columns.

``inspect`` and ``check`` read a sample of each column and ask the narrative
scrubber — the very detector an export uses — what it finds in every value: a
column whose values name people, phones or addresses in a large enough share is
personal free text, whatever its name (``AllegText: "Alleged CC toward John
Smith"``). The scrubber first learns the people of the source's own name columns,
as it does in an export, so names it has no lexicon entry for are found too.

Quasi-personal columns of person tables — middle initial, ZIP or postal code,
apartment or unit, city of residence — single out a person combined with other
fields; they are flagged by name (a bare ``Unit`` only when its values look like
apartment numbers, since officers' assignments are called that too).

Sampled values are only counted, never kept, returned or printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from iaextract.connectors import Source
from iaextract.pii.entities import KnownEntities, Person
from iaextract.scrub.scrubber import TextScrubber

#: A column is personal free text when at least this share of its sampled values holds
#: a personal detail the scrubber finds (and at least MIN_HITS values do).
TEXT_SHARE = 0.25
MIN_HITS = 3
#: What the scrubber finds that makes text personal (not e.g. a bare date of an event).
_PERSONAL_FINDINGS = frozenset({"name", "phone", "email", "ssn", "dob", "address",
                                "id_number", "card"})

#: Quasi-personal kinds by column name (lower-cased, letters and digits only).
_QUASI_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern)) for kind, pattern in (
        ("middle_initial", r"^mi$|^minit$|middleinit|^midinit"),
        ("zip", r"zip|postal|postcode"),
        ("unit", r"^(res|home)?(apt|apartment|suite|ste)(no|num|number)?$|"
                 r"apartment|^unit(no|num|number)$"),
        # not "Ethnicity": a city column is City, ResCity, HomeCity, CityOfResidence…
        ("city", r"^(res|resid|residence|home|mail|mailing|addr)?(city|town)(name|ofres\w*)?$"),
    ))
_WORDS = re.compile(r"[^\W\d_]{2,}\s+\S")
_BARE_UNIT = re.compile(r"^(res|home)?unit$")
_APARTMENT_VALUE = re.compile(r"(?i)(apt\.?|apartment|unit|suite|ste\.?|#)?\s*\d+[a-z]?|"
                              r"[a-z]\d{0,3}")
#: Which part of a name a name column holds, by its name (default: a surname).
_ROLES = (("first", re.compile(r"first|given|fname|forename")),
          ("middle", re.compile(r"middle|mname|^mi$")),
          ("nickname", re.compile(r"nick|aka|alias")),
          ("maiden", re.compile(r"maiden")))


def quasi_by_name(column: str, values: Sequence[Any] | None = None) -> str | None:
    """The quasi-personal kind a person table's column name suggests, or None.

    A bare ``Unit`` counts only when ``values`` are given and mostly look like
    apartment numbers."""
    key = re.sub(r"[^a-z0-9]", "", column.lower())
    kind = next((kind for kind, pattern in _QUASI_NAMES if pattern.search(key)), None)
    if kind is None and _BARE_UNIT.fullmatch(key) and values:
        texts = [str(v).strip() for v in values if v is not None and str(v).strip()]
        if texts and sum(bool(_APARTMENT_VALUE.fullmatch(t)) for t in texts) >= 0.8 * len(
                texts):
            kind = "unit"
    return kind


def name_role(column: str) -> str:
    """Which part of a person's name a name column holds: first, middle, nickname,
    maiden or last."""
    key = re.sub(r"[^a-z0-9]", "", column.lower())
    return next((role for role, pattern in _ROLES if pattern.search(key)), "last")


class TextSampler:
    """Measures how much of a column's sampled text the scrubber finds personal."""

    def __init__(self) -> None:
        self.known = KnownEntities()
        self._scrubber: TextScrubber | None = None

    def learn_people(self, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Teach the scrubber the people in ``rows`` of one table's name ``columns``."""
        roles = [name_role(c) for c in columns]
        for row in rows:
            parts: dict[str, str] = {}
            for role, value in zip(roles, row, strict=True):
                if value is not None and str(value).strip() and role not in parts:
                    parts[role] = str(value)
            if parts:
                self.known.add_person(Person(**parts))

    def personal_share(self, values: Sequence[Any]) -> float:
        """The share of ``values`` in which the scrubber finds a personal detail; 0.0
        unless at least MIN_HITS do. Only text of several words is read: a lone
        token (a case number, a code) is for the whole-value patterns to judge."""
        if not values:
            return 0.0
        texts = [v for v in values if isinstance(v, str) and _WORDS.search(v)]
        if len(texts) < MIN_HITS:
            return 0.0
        if self._scrubber is None:  # built on first use: it loads the name lexicon
            self._scrubber = TextScrubber(self.known)
        hits = sum(1 for text in texts if any(
            f.type in _PERSONAL_FINDINGS for f in self._scrubber.scrub(text).findings))
        return hits / len(values) if hits >= MIN_HITS else 0.0


def sampler_for(source: Source, name_columns: dict[str, list[str]],
                rows: int) -> TextSampler:
    """A TextSampler that knows the people of up to ``rows`` rows of each table's name
    columns (``name_columns``: table -> columns whose names say they hold names)."""
    sampler = TextSampler()
    for table, columns in name_columns.items():
        selected: list[sa.ColumnClause[Any]] = [sa.column(c) for c in columns]
        statement = sa.select(*selected).select_from(sa.table(table)).limit(rows)
        sampler.learn_people(columns, (row for chunk in source.stream(statement, rows)
                                       for row in chunk))
    return sampler
