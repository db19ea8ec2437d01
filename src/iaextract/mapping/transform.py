"""Turning selected source rows into open-schema records (before redaction).

Each field gets one small function compiled once per run, so the per-row work is
a list of calls. Unknown codes and unparseable dates are counted here, never
guessed and never passed through silently.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..dates import UnparseableDate, parse_date, years_between
from ..schema import Dataset
from ..values import is_number, plain_number
from .model import OTHER, FieldSpec, Mapping
from .query import Query

Row = Sequence[Any]
Getter = Callable[[Row], Any]

_TRUE = {"Y", "YES", "TRUE", "T", "1", "-1"}  # Access stores True as -1
_FALSE = {"N", "NO", "FALSE", "F", "0"}


@dataclass
class TransformStats:
    """What went wrong, as counts; goes into the manifest."""

    unknown_codes: Counter[tuple[str, str]] = field(default_factory=Counter)
    unparseable_dates: Counter[str] = field(default_factory=Counter)
    invalid_values: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        unknown: dict[str, dict[str, int]] = {}
        for (name, code), count in sorted(self.unknown_codes.items()):
            unknown.setdefault(name, {})[code] = count
        return {"unknown_codes": unknown,
                "unparseable_dates": dict(sorted(self.unparseable_dates.items())),
                "invalid_values": dict(sorted(self.invalid_values.items()))}


def _normalise_code(value: Any) -> str:
    return str(plain_number(value)).strip().upper()


#: How a code is compared with a code list (trimmed, upper-cased, 12.0 as 12); public so
#: ``check`` and ``init`` compare codes exactly as an export does.
normalise_code = _normalise_code


class RecordBuilder:
    """Builds the open-schema record of one dataset from one selected row."""

    def __init__(self, mapping: Mapping, dataset: Dataset, query: Query) -> None:
        self.dataset = dataset
        self.stats = TransformStats()
        self._mapping = mapping
        self._query = query
        self.fields = [name for name in dataset.field_names if name in mapping.fields]
        self._getters = [self._compile(name, mapping.fields[name]) for name in self.fields]

    def build(self, row: Row) -> list[Any]:
        """Values for ``self.fields``, in that order."""
        return [get(row) for get in self._getters]

    def _compile(self, name: str, spec: FieldSpec) -> Getter:
        kind = self.dataset.field(name).type
        if spec.value is not None:
            constant = spec.value
            return lambda row: constant
        if spec.age_at or spec.years_between:
            start, end = (self._query.index(c.strip()) for c in spec.columns())
            return self._age(name, start, end)
        indexes = [self._query.index(c) for c in spec.columns()]
        if spec.join_with is not None:
            return self._joined(indexes, spec.join_with)
        index = indexes[0]
        if spec.codes is not None:
            return self._coded(name, index, spec.codes)
        return self._typed(name, index, kind)

    def _coded(self, name: str, index: int, list_name: str) -> Getter:
        table = {_normalise_code(k): v for k, v in self._mapping.codes[list_name].items()
                 if k != OTHER}
        other = self._mapping.codes[list_name].get(OTHER)
        passthrough = list_name in self._mapping.passthrough_codes
        unknown = self.stats.unknown_codes

        def coded(row: Row) -> Any:
            raw = row[index]
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                return None
            code = _normalise_code(raw)
            if code in table:
                return table[code]
            # Count unknown codes under a bounded label: a code column can hold junk text.
            unknown[(name, code[:40])] += 1
            return raw.strip() if passthrough and isinstance(raw, str) else other

        return coded

    def _typed(self, name: str, index: int, kind: str) -> Getter:
        if kind == "date":
            return self._date(name, index)
        if kind == "boolean":
            return self._boolean(name, index)
        if kind in ("integer", "number"):
            return self._number(name, index, int if kind == "integer" else float)

        def text(row: Row) -> Any:
            value = row[index]
            if value is None:
                return None
            value = _normalise_code(value) if is_number(value) else str(value)
            return value.strip() or None

        return text

    def _date(self, name: str, index: int) -> Getter:
        counter = self.stats.unparseable_dates

        def parsed(row: Row) -> Any:
            try:
                return parse_date(row[index])
            except UnparseableDate:
                counter[name] += 1
                return None

        return parsed

    def _age(self, name: str, start: int, end: int) -> Getter:
        parse_start, parse_end = self._date(name, start), self._date(name, end)
        invalid = self.stats.invalid_values

        def age(row: Row) -> Any:
            born, then = parse_start(row), parse_end(row)
            if born is None or then is None:
                return None
            years = years_between(born, then)
            if years < 0 or years > 120:
                invalid[name] += 1
                return None
            return years

        return age

    def _boolean(self, name: str, index: int) -> Getter:
        invalid = self.stats.invalid_values

        def boolean(row: Row) -> Any:
            raw = row[index]
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                return None
            code = _normalise_code(raw)
            if code in _TRUE:
                return True
            if code in _FALSE:
                return False
            invalid[name] += 1
            return None

        return boolean

    def _number(self, name: str, index: int, cast: type) -> Getter:
        invalid = self.stats.invalid_values

        def number(row: Row) -> Any:
            raw = row[index]
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                return None
            try:
                return cast(float(raw)) if cast is int else cast(raw)
            except (TypeError, ValueError):
                invalid[name] += 1
                return None

        return number

    @staticmethod
    def _joined(indexes: list[int], separator: str) -> Getter:
        def joined(row: Row) -> Any:
            parts = [str(row[i]).strip() for i in indexes if row[i] is not None]
            return separator.join(p for p in parts if p) or None

        return joined
