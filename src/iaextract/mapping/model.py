"""The mapping file model (v1): how one agency's tables become one open-schema dataset.

Plain frozen records, as a run uses them; the rules that check a mapping file are
pydantic models in :mod:`iaextract.mapping.rules`, imported only when a file is
checked (:mod:`iaextract.mapping.loader`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from iaextract.validated import Frozen

OTHER = "_other"  # code-list key for "any code not listed"
TODAY = "today"  # end of age_at / years_between: the day of the run (rosters)


class _Strict(Frozen):
    _rules = "iaextract.mapping.rules"


class Join(_Strict):
    table: str
    alias: str
    on: dict[str, str]
    how: Literal["inner", "left"]


class Filter(_Strict):
    """A structured WHERE condition; codes are compared trimmed and case-insensitively."""

    column: str
    in_: list[str | int] | None  # `in` in the file
    not_in: list[str | int] | None
    equals: str | int | None
    is_null: bool | None


class SourceSpec(_Strict):
    table: str
    alias: str
    joins: list[Join]
    where: list[Filter]
    date: str | None
    cursor: str | None
    order_by: list[str] | None


class FieldSpec(_Strict):
    """Where one open-schema field's value comes from."""

    from_: str | None  # `from` in the file
    codes: str | None
    age_at: tuple[str, str] | None
    years_between: tuple[str, str] | None
    value: str | int | float | bool | None
    join_with: str | None  # separator: `from` may then list several columns

    def columns(self) -> list[str]:
        """Every alias.column this field reads."""
        if self.from_ is not None:
            return [c.strip() for c in self.from_.split(",")] if self.join_with else [self.from_]
        return [c for c in (self.age_at or self.years_between or ()) if c.strip() != TODAY]


class Mapping(_Strict):
    """One mapping file, parsed; ``lines`` maps dotted paths to line numbers."""

    dataset: str
    source: SourceSpec
    fields: dict[str, FieldSpec]
    codes: dict[str, dict[str, Any]]
    source_pii: dict[str, dict[str, str]]
    passthrough_codes: list[str]
    file: Path | None
    lines: dict[str, int]

    def line(self, *path: str | int) -> int | None:
        """Line number of the key at ``path`` (or its closest parent)."""
        parts = [str(p) for p in path]
        while parts:
            found = self.lines.get(".".join(parts))
            if found:
                return found
            parts.pop()
        return None

    def aliases(self) -> dict[str, str]:
        """alias → table for the base table and every join."""
        found = {self.source.alias: self.source.table}
        found.update({j.alias: j.table for j in self.source.joins})
        return found
