"""A SELECT named by what it is made of, built with SQLAlchemy only when it is needed.

Importing SQLAlchemy costs a quarter of a second, more than a small export's rows. A
:class:`Statement` carries ``key``, text that determines the SQL completely (the
mapping, its resolved columns, the window...), and a function that builds the
SQLAlchemy ``Select``. A SQLite file source looks the key up among the SQL texts it
compiled on earlier runs (:mod:`iaextract.connectors.sqlitefile`) and only builds the
``Select`` when the key is new; every other source builds it at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlalchemy as sa


class Statement:
    """A SELECT: ``key`` says what it is, :meth:`select` builds it (once)."""

    def __init__(self, key: str, build: Callable[[], sa.Select[Any]]) -> None:
        self.key = key
        self._build = build
        self._select: sa.Select[Any] | None = None

    def select(self) -> sa.Select[Any]:
        if self._select is None:
            self._select = self._build()
        return self._select

    def __repr__(self) -> str:
        return f"Statement({self.key[:60]!r}…)"


def as_select(statement: Statement | sa.Select[Any]) -> sa.Select[Any]:
    """The SQLAlchemy ``Select`` of ``statement`` (built now if it is a Statement)."""
    return statement.select() if isinstance(statement, Statement) else statement


def distinct_statement(table: str, columns: Sequence[str]) -> Statement:
    """``SELECT DISTINCT columns FROM table``."""
    def build() -> sa.Select[Any]:
        import sqlalchemy as sa

        cols: list[sa.ColumnClause[Any]] = [sa.column(c) for c in columns]
        return sa.select(*cols).select_from(sa.table(table, *cols)).distinct()

    return Statement(json.dumps(["distinct", table, list(columns)]), build)


def sample_statement(table: str, column: str, rows: int) -> Statement:
    """Up to ``rows`` non-null values of ``column``: ``SELECT column FROM table WHERE
    column IS NOT NULL LIMIT rows``."""
    def build() -> sa.Select[Any]:
        import sqlalchemy as sa

        col: sa.ColumnClause[Any] = sa.column(column)
        return sa.select(col).select_from(sa.table(table)).where(col.isnot(None)).limit(rows)

    return Statement(json.dumps(["sample", table, column, rows]), build)
