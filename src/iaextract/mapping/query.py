"""Compiling a checked mapping into one SQLAlchemy SELECT.

The mapping has no raw SQL, so the statement is built from structured joins and
filters and quoted by the source's own dialect. It is built only when a source asks
for it (a :class:`~iaextract.connectors.statement.Statement` whose key is the mapping,
its resolved columns and the window): a SQLite file source that compiled the same
statement on an earlier run reads with the SQL it kept, without importing SQLAlchemy.

Time-window filters go into SQL when the column is a real date type; when the source
stores dates as text in mixed forms, SQL cannot compare them, so the window is applied
in Python after parsing instead (see :class:`RowWindow`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from iaextract.connectors.statement import Statement
from iaextract.dates import UnparseableDate, parse_datetime
from iaextract.errors import ConfigError
from iaextract.mapping.model import Filter, Mapping
from iaextract.mapping.validate import ResolvedColumn, ResolvedMapping

if TYPE_CHECKING:
    import sqlalchemy as sa

_DATE_TYPES = ("DATE", "DATETIME", "TIMESTAMP", "DATETIME2", "SMALLDATETIME")


@dataclass(frozen=True)
class Window:
    """Which rows a run wants: by the mapping's ``date`` and ``cursor`` columns."""

    since: date | None = None
    until: date | None = None  # inclusive
    cursor_after: datetime | None = None
    cursor_inclusive: bool = False  # incremental runs re-read rows at the watermark itself

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise ConfigError(f"--since {self.since} is after --until {self.until}: the "
                              "window holds no day; swap them")


@dataclass(frozen=True)
class RowWindow:
    """A time-window test done in Python on the selected row at ``index``."""

    index: int
    lower: datetime | None
    upper: datetime | None  # exclusive
    inclusive_lower: bool = True
    admit_unknown: bool = False  # a cursor: rows without a usable one count as changed

    def admits(self, row: Sequence[Any]) -> bool | None:
        """True/False, or None when the row's date cannot be parsed."""
        try:
            value = parse_datetime(row[self.index])
        except UnparseableDate:
            return True if self.admit_unknown else None
        if value is None:
            return True if self.admit_unknown else None
        if self.lower is not None and (value < self.lower if self.inclusive_lower
                                       else value <= self.lower):
            return False
        return not (self.upper is not None and value >= self.upper)


@dataclass(frozen=True)
class Query:
    sql: Statement  # what a source reads (SQLAlchemy built only if the source needs it)
    keys: list[str]  # alias.Column of each selected value, in order
    row_windows: list[RowWindow]

    @property
    def statement(self) -> sa.Select[Any]:
        """The SQLAlchemy statement (built, and SQLAlchemy imported, on first use)."""
        return self.sql.select()

    def index(self, key: str) -> int:
        return self.keys.index(key)


def _is_date_type(column: ResolvedColumn) -> bool:
    return column.type_name.upper().split("(")[0] in _DATE_TYPES


def build_query(mapping: Mapping, resolved: ResolvedMapping, window: Window = Window()) -> Query:
    """The SELECT for ``mapping`` over ``window``; ``resolved`` comes from check_mapping."""
    columns = resolved.columns
    keys = sorted(columns)
    row_windows: list[RowWindow] = []
    for ref, low, high, inclusive, cursor in _window_specs(mapping, window):
        if not _is_date_type(columns[ref.strip()]):
            row_windows.append(RowWindow(keys.index(ref.strip()), low, high, inclusive,
                                         admit_unknown=cursor))
    key = json.dumps(["query", mapping.model_dump(mode="json"),
                      [[k, c.alias, c.table, c.column, c.type_name] for k, c in columns.items()],
                      resolved.order_by, [str(v) for v in (window.since, window.until,
                                                           window.cursor_after)],
                      window.cursor_inclusive])
    return Query(Statement(key, lambda: _select(mapping, resolved, window)), keys, row_windows)


def _window_specs(mapping: Mapping, window: Window
                  ) -> list[tuple[str, datetime | None, datetime | None, bool, bool]]:
    """Per windowed column (the date, the cursor): its reference, bounds (the upper one
    exclusive), whether the lower one is inclusive, and whether it is the cursor."""
    lower = datetime.combine(window.since, datetime.min.time()) if window.since else None
    upper = (datetime.combine(window.until, datetime.min.time()) + _ONE_DAY
             if window.until else None)
    specs = [(mapping.source.date, lower, upper, True, False),
             (mapping.source.cursor, window.cursor_after, None, window.cursor_inclusive, True)]
    return [(ref, low, high, inclusive, cursor) for ref, low, high, inclusive, cursor in specs
            if ref is not None and (low is not None or high is not None)]


def _select(mapping: Mapping, resolved: ResolvedMapping, window: Window) -> sa.Select[Any]:
    """The SQLAlchemy statement of :func:`build_query` (windows on text columns are
    tested in Python, see RowWindow; a text cursor is also pre-filtered in SQL)."""
    import sqlalchemy as sa

    columns = resolved.columns
    by_alias: dict[str, set[str]] = {}
    for resolved_column in columns.values():
        by_alias.setdefault(resolved_column.alias, set()).add(resolved_column.column)
    tables = {alias: sa.table(columns[next(k for k in columns if columns[k].alias == alias)]
                              .table, *[sa.column(c) for c in sorted(names)]).alias(alias)
              for alias, names in by_alias.items()}
    if mapping.source.alias not in tables:
        tables[mapping.source.alias] = sa.table(mapping.source.table).alias(mapping.source.alias)

    def col(ref: str) -> sa.ColumnElement[Any]:
        resolved = columns[ref.strip()]
        return tables[resolved.alias].c[resolved.column]

    keys = sorted(columns)
    statement = sa.select(*[col(k).label(f"c{i}") for i, k in enumerate(keys)])
    joined: Any = tables[mapping.source.alias]
    for join in mapping.source.joins:
        on = sa.and_(*[col(a) == col(b) for a, b in join.on.items()])
        joined = joined.join(tables[join.alias], on, isouter=join.how == "left")
    statement = statement.select_from(joined)
    for condition in mapping.source.where:
        statement = statement.where(_filter(col(condition.column), condition))

    for ref, low, high, inclusive, cursor in _window_specs(mapping, window):
        column = col(ref)
        if _is_date_type(columns[ref.strip()]):
            first, end = _bound(low, columns[ref.strip()]), _bound(high, columns[ref.strip()])
            if first is not None:
                after = column >= first if inclusive else column > first
                # A row without a cursor cannot be placed before the watermark: re-read it.
                statement = statement.where(sa.or_(after, column.is_(None)) if cursor
                                            else after)
            if end is not None:
                statement = statement.where(column < end)
        elif cursor and low is not None:
            statement = statement.where(_text_on_or_after(column, low))

    return statement.order_by(*[col(r) for r in resolved.order_by])


def only_columns(query: Query, keep: Iterable[str]) -> Query:
    """``query`` selecting only the columns ``keep`` (and those its row windows test).

    An export reads only what it publishes or counts: the database sends no dropped
    narrative or other unneeded text, and nothing is decoded or built for it. A record
    builder made with the narrowed query reads its rows.
    """
    wanted = {key.strip() for key in keep} | {query.keys[w.index] for w in query.row_windows}
    chosen = [i for i, key in enumerate(query.keys) if key in wanted] or [0]
    whole = query.sql

    def narrowed() -> sa.Select[Any]:
        columns = whole.select().selected_columns
        return whole.select().with_only_columns(*[columns[i] for i in chosen],
                                                maintain_column_froms=True)

    statement = Statement(json.dumps(["only", whole.key, chosen]), narrowed)
    keys = [query.keys[i] for i in chosen]
    windows = [replace(w, index=keys.index(query.keys[w.index])) for w in query.row_windows]
    return Query(statement, keys, windows)


_ONE_DAY = datetime(2000, 1, 2) - datetime(2000, 1, 1)


def _text_on_or_after(column: sa.ColumnElement[Any], low: datetime) -> sa.ColumnElement[bool]:
    """A SQL pre-filter of a text cursor: ISO text (``YYYY-MM-DD...``) sorts as time, so
    rows of earlier days are left in the database; any other text, and NULL, is read and
    judged in Python (the exact bound and unparseable values)."""
    import sqlalchemy as sa

    day = low.strftime("%Y-%m-%d")
    return sa.or_(column >= day, column.is_(None), column.not_like("____-__-__%"))


def _bound(value: datetime | None, column: ResolvedColumn) -> date | datetime | None:
    # A DATE column is compared with a date: SQLite keeps DATE as 'YYYY-MM-DD' text, which
    # sorts before 'YYYY-MM-DD 00:00:00', so a datetime bound would drop the first day.
    if value is not None and column.type_name.upper().split("(")[0] == "DATE":
        return value.date()
    return value


def _filter(column: sa.ColumnElement[Any], condition: Filter) -> sa.ColumnElement[bool]:
    import sqlalchemy as sa

    if condition.is_null is not None:
        return column.is_(None) if condition.is_null else column.isnot(None)
    values: list[Any] = condition.in_ or condition.not_in or [condition.equals]
    if all(isinstance(v, str) for v in values):
        # Codes are stored with stray spaces and in any case; compare them normalised.
        column = sa.func.upper(sa.func.trim(column))
        values = [str(v).strip().upper() for v in values]
    return column.not_in(values) if condition.not_in else column.in_(values)
