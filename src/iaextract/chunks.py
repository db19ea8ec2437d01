"""A chunk of published rows held column by column, as the row path passes it on.

The redactor treats a column at a time, disclosure control counts and generalises
columns, the spool keeps columns and the writers write a column at a time: a chunk
travels from the redactor to the files as its columns (each value in one list), and
is turned into rows only where a consumer needs rows (the incremental merge, the
preview's sample rows, a writer's value-by-value fallback). At 50k incidents each
turn costs a pass over five million values; the path used to make four of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple


class ColumnChunk(NamedTuple):
    """``rows`` rows given as their ``columns`` (each as long as ``rows``; the values of a
    column are never changed in place: a step that changes one makes a new column)."""

    columns: list[Sequence[Any]]
    rows: int

    @classmethod
    def of_rows(cls, rows: Sequence[Sequence[Any]]) -> ColumnChunk:
        """The columns of ``rows`` (all of one width)."""
        return cls(list(zip(*rows, strict=True)), len(rows))

    def row_tuples(self) -> list[tuple[Any, ...]]:
        """The rows, a tuple each (of no values when there is no column)."""
        if not self.columns:
            return [()] * self.rows
        return list(zip(*self.columns, strict=True))

    def row(self, index: int) -> tuple[Any, ...]:
        """Row ``index`` alone."""
        return tuple(column[index] for column in self.columns)
