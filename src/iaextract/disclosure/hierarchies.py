"""Generalisation hierarchies: each quasi-identifier from as published to withheld.

A hierarchy works on the values the redactor publishes at the policy's own
precision (``2019-03`` under ``date_precision = "month"``, age band ``25-34``), so
the search only ever coarsens what would be published anyway and never needs the
source value again. Level 0 is that published value; the last level is always
*withheld* (blank). What a level costs is measured on the data (``lattice``'s loss
metric), not from the hierarchy's shape.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from iaextract.redaction.generalise import AGE_BANDS_5, age_band
from iaextract.schema import Field, Kind
from iaextract.schema.vocabularies import RACES

WITHHELD = "withheld"
DATE_LEVELS = ("day", "month", "quarter", "year", WITHHELD)
AGE_LEVELS = ("5-year bands", "10-year bands", "20-year bands", WITHHELD)
SERVICE_LEVELS = ("bands", "10-year bands", "20-year bands", WITHHELD)
RACE_LEVELS = ("detailed", "broad groups", "major groups", WITHHELD)

#: Five-year age bands (``[policy] age_bands = 5``) into the redactor's ten-year bands,
#: and those into twenty-year bands; under 18 and the top band stay apart (bottom and
#: top coding kept).
AGE_10 = {label: age_band(low, 10) for low, _, label in AGE_BANDS_5}
AGE_20 = {"under 18": "under 18", "18-24": "18-34", "25-34": "18-34", "35-44": "35-54",
          "45-54": "35-54", "55-64": "55-74", "65-74": "55-74", "75-84": "75+",
          "85-89": "75+", "90+": "75+"}
SERVICE_10 = {"0-1": "0-9", "2-4": "0-9", "5-9": "0-9", "10-14": "10-19", "15-19": "10-19",
              "20+": "20+"}
SERVICE_20 = {"0-9": "0-19", "10-19": "0-19", "20+": "20+"}
#: The vocabulary's races into broad groups: the smallest groups join a larger one
#: (the OMB's 1977 groups, with American Indian counted under Other).
RACE_GROUPS = {"White": "White", "Black": "Black", "Hispanic": "Hispanic",
               "Asian": "Asian or Pacific Islander",
               "Pacific Islander": "Asian or Pacific Islander",
               "American Indian": "Other", "Other": "Other", "Unknown": "Unknown"}
#: Broad groups into the three largest and the rest, as small-area tables publish race
#: ("all other races"); Unknown joins the rest, so people whose race nobody recorded are
#: not a small group of their own.
RACE_MAJOR = {"White": "White", "Black": "Black", "Hispanic": "Hispanic",
              "Asian or Pacific Islander": "Other or unknown", "Other": "Other or unknown",
              "Unknown": "Other or unknown"}
#: A race the source does not record, as published under enforce while race is kept:
#: a blank and "Unknown" say the same, and apart they make two small groups.
UNKNOWN_RACE = "Unknown"
Step = Callable[[Any], Any]


@dataclass(frozen=True)
class Hierarchy:
    """The levels of one field, and how a published value climbs them.

    ``steps[i]`` turns a value at level ``i`` into its value at level ``i + 1``; a
    value a step does not know becomes blank (withheld), never itself. ``blank``, when
    set, is what a blank value is published as at every level but withheld (so climbing
    only ever merges combinations); ``uninformative`` values (blank, "Unknown") say
    nothing about anyone, so coarsening them loses nothing (``lattice``'s loss metric).
    """

    field: str
    levels: tuple[str, ...]
    steps: tuple[Step, ...]
    weight: float = 1.0
    blank: Any = None
    uninformative: frozenset[Any] = frozenset({None})

    @property
    def top(self) -> int:
        """The level of 'withheld'."""
        return len(self.levels) - 1

    def generalise(self, value: Any, level: int) -> Any:
        """``value`` (as published at level 0) at ``level``."""
        if value is None and level < self.top:
            value = self.blank
        for step in self.steps[:level]:
            if value is None:
                return None
            value = step(value)
        return value

    def table(self, values: Sequence[Any]) -> list[dict[Any, Any]]:
        """For each level, each of ``values`` at that level (the search's lookups)."""
        return [{v: self.generalise(v, level) for v in values}
                for level in range(len(self.levels))]


def _withhold(_: Any) -> None:
    return None


def _lookup(table: Mapping[Any, Any]) -> Step:
    return lambda value: table.get(value)


_PUBLISHED_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-\d{2})?|-Q([1-4]))?")


def _date_step(target: str) -> Step:
    def step(value: Any) -> Any:
        match = _PUBLISHED_DATE.fullmatch(str(value))
        if match is None:
            return None  # not a date as the redactor publishes them: withheld
        year, month, quarter = match.groups()
        if target == "year":
            return year
        if target == "quarter" and (month or quarter):
            return f"{year}-Q{quarter or (int(month) - 1) // 3 + 1}"
        return f"{year}-{month}" if month else None
    return step


def date_hierarchy(field: str, precision: str, weight: float = 1.0) -> Hierarchy:
    """Dates from ``precision`` (the policy's) up to the year, then withheld."""
    start = DATE_LEVELS.index(precision)
    levels = DATE_LEVELS[start:]
    steps = [_date_step(level) for level in levels[1:-1]] + [_withhold]
    return Hierarchy(field, levels, tuple(steps), weight=weight)


def agency_hierarchy(field: str, levels: Sequence[tuple[str, Mapping[str, str]]],
                     weight: float = 1.0) -> Hierarchy:
    """An agency's own levels for its codes (beat → district → area), then withheld."""
    names = ("kept", *(name for name, _ in levels), WITHHELD)
    steps = [_lookup(table) for _, table in levels] + [_withhold]
    return Hierarchy(field, names, tuple(steps), weight=weight)


def built_in(field: Field, precision: str, weight: float = 1.0,
             age_bands: int = 10) -> Hierarchy:
    """The built-in hierarchy of a quasi-identifier, by what its value is; dates start at
    ``precision``, ages at ``age_bands`` years (the policy's)."""
    name = field.name
    if field.kind is Kind.DATE:
        return date_hierarchy(name, precision, weight)
    if field.kind is Kind.AGE:
        steps = (_lookup(AGE_10), _lookup(AGE_20), _withhold)
        start = 0 if age_bands == 5 else 1
        return Hierarchy(name, AGE_LEVELS[start:], steps[start:], weight=weight)
    if field.kind is Kind.YEARS:
        return Hierarchy(name, SERVICE_LEVELS, (_lookup(SERVICE_10), _lookup(SERVICE_20),
                                                _withhold), weight=weight)
    if field.values == RACES:
        return Hierarchy(name, RACE_LEVELS, (_lookup(RACE_GROUPS), _lookup(RACE_MAJOR),
                                             _withhold), weight=weight, blank=UNKNOWN_RACE,
                         uninformative=frozenset({None, UNKNOWN_RACE}))
    return Hierarchy(name, ("kept", WITHHELD), (_withhold,), weight=weight)


def level_values(field: Field, level: str) -> tuple[str, ...] | None:
    """Every value a banded or grouped field can hold at the level called ``level``."""
    if level == WITHHELD:
        return ()
    tables: dict[tuple[Kind, str], Mapping[str, Any]] = {
        (Kind.AGE, "10-year bands"): AGE_10, (Kind.AGE, "20-year bands"): AGE_20,
        (Kind.YEARS, "10-year bands"): SERVICE_10, (Kind.YEARS, "20-year bands"): SERVICE_20}
    table = tables.get((field.kind, level))
    if field.values == RACES:
        table = {"broad groups": RACE_GROUPS, "major groups": RACE_MAJOR}.get(level)
    return tuple(dict.fromkeys(table.values())) if table else None
