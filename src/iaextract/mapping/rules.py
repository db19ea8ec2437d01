"""The rules of a mapping file (v1): pydantic models that check one.

Imported only to check a file (or build a mapping in code): a run whose mapping files
validated before reads them from the cache (:mod:`iaextract.validated`). What a run
uses are the frozen records of :mod:`iaextract.mapping.model`, made from these models.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Join(_Strict):
    table: str
    alias: str
    on: dict[str, str] = Field(min_length=1)
    how: Literal["inner", "left"] = "inner"


class Filter(_Strict):
    """A structured WHERE condition; codes are compared trimmed and case-insensitively."""

    column: str
    in_: list[str | int] | None = Field(None, alias="in")
    not_in: list[str | int] | None = None
    equals: str | int | None = None
    is_null: bool | None = None

    @model_validator(mode="after")
    def _one_condition(self) -> Filter:
        given = [x for x in (self.in_, self.not_in, self.equals, self.is_null) if x is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of: in, not_in, equals, is_null")
        return self


class SourceSpec(_Strict):
    table: str
    alias: str
    joins: list[Join] = []
    where: list[Filter] = []
    date: str | None = None
    cursor: str | None = None
    order_by: list[str] | None = None


class FieldSpec(_Strict):
    """Where one open-schema field's value comes from."""

    from_: str | None = Field(None, alias="from")
    codes: str | None = None
    age_at: tuple[str, str] | None = None
    years_between: tuple[str, str] | None = None
    value: str | int | float | bool | None = None
    join_with: str | None = None  # separator: `from` may then list several columns

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        # `field: i.Column` is shorthand for `field: {from: i.Column}`.
        return {"from": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _one_source(self) -> FieldSpec:
        sources = [x for x in (self.from_, self.age_at, self.years_between) if x is not None]
        if len(sources) + (self.value is not None) != 1:
            raise ValueError("give exactly one of: from, age_at, years_between, value")
        if self.codes and self.from_ is None:
            raise ValueError("codes needs from")
        return self


class Mapping(_Strict):
    """One mapping file, parsed; ``lines`` maps dotted paths to line numbers."""

    dataset: str
    source: SourceSpec
    fields: dict[str, FieldSpec]
    codes: dict[str, dict[str, Any]] = {}
    source_pii: dict[str, dict[str, str]] = {}
    passthrough_codes: list[str] = []
    file: Path | None = None
    lines: dict[str, int] = Field(default_factory=dict, repr=False)
