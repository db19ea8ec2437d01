"""Sources reached through SQLAlchemy: any database with a SQLAlchemy dialect.

A source is opened read-only wherever the driver allows it, reflected once, and
read in chunks through a streaming cursor, so memory does not grow with its size.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from iaextract.connectors.catalog import Catalog
from iaextract.connectors.decoding import (
    FIX,
    check_rows,
    data_error,
    lenient_sqlite_text,
    refused_as_text,
    strict_sqlite_text,
)
from iaextract.connectors.sqlitefile import rejected_query
from iaextract.connectors.statement import Statement, as_select
from iaextract.errors import (
    ConfigError,
    ConnectorError,
    DriverMissing,
    IaextractError,
    Problem,
    SourceDataError,
)
from iaextract.masking import hide, mask_url, remember, secrets_in

#: Which extra or package to install when a dialect's driver is missing.
DRIVER_HINTS = {
    "mssql": "pip install 'iaextract[mssql]' and Microsoft's 'ODBC Driver 18 for SQL Server'",
    "postgresql": "pip install 'iaextract[postgres]'",
    "mysql": "pip install pymysql",
    "access": "pip install sqlalchemy-access pyodbc and the Microsoft Access ODBC driver",
}


def _read_only_url(url: URL, base_dir: Path) -> URL:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return url
    path = Path(url.database)
    if not path.is_absolute():
        path = base_dir / path
    if not path.is_file():
        raise ConnectorError(f"SQLite database {path} does not exist",
                             [Problem("missing-source", "check [source] url in the config; "
                                      "relative paths start at the config file's folder",
                                      str(path))])
    # mode=ro makes SQLite itself refuse writes; uri=true lets the path carry it.
    return url.set(database=f"file:{path.as_posix()}?mode=ro", query={"uri": "true"})


def _transient(exc: BaseException, detail: str) -> bool:
    """Whether a driver error may pass on a later attempt (not a rejected query)."""
    if not isinstance(exc, (sa.exc.OperationalError, sa.exc.InterfaceError,
                            sa.exc.DisconnectionError, sa.exc.TimeoutError)):
        return False
    return not rejected_query(detail)


def parse_url(url: str) -> URL:
    """``url`` parsed; ConfigError (not a retried connection failure) when it cannot be.

    A password holding ``@``, ``:`` or ``/`` unencoded makes a URL parse wrongly (part of
    the password read as the host), so such a URL is refused with the encoding to use.
    """
    scheme, sep, rest = url.partition("://")
    head = rest.split("?", 1)[0]
    netloc = head[:head.rfind("@") + 1]  # user:password@, up to the last '@'
    hint = ("percent-encode the password in the URL: @ as %40, : as %3A, / as %2F, "
            "% as %25 (or put it in ${VAR} already encoded)")
    if sep and not scheme.startswith("sqlite") and netloc.count("@") > 1:
        raise ConfigError("the database URL: its password holds an unencoded '@'",
                          [Problem("bad-url", "the URL has more than one '@' before the "
                                   "host", hint=hint)])
    try:
        return make_url(url)
    except (ArgumentError, ValueError):
        raise ConfigError("the database URL is not valid",
                          [Problem("bad-url", "write it as dialect+driver://user:password@"
                                   "host/database, sqlite:///file.sqlite, odbc:... or csv:FOLDER",
                                   hint=hint if "@" in netloc else None)]) from None


class SqlSource:
    """A read-only SQLAlchemy source. Use as a context manager, or call close()."""

    def __init__(self, url: str, base_dir: Path) -> None:
        remember(url)
        self.display_url = mask_url(url)
        self._secrets = secrets_in(url)
        parsed = parse_url(url)
        self.dialect = parsed.get_backend_name()
        try:
            # hide_parameters: a driver error's text would otherwise quote the
            # statement's parameters, which can be values read from the source.
            self.engine = sa.create_engine(_read_only_url(parsed, base_dir),
                                           hide_parameters=True,
                                           **self._engine_options(parsed))
        except (NoSuchModuleError, ModuleNotFoundError) as exc:
            hint = DRIVER_HINTS.get(self.dialect, f"install the driver for {parsed.drivername}")
            raise DriverMissing(f"no driver for {parsed.drivername}: {hint}") from exc
        if self.dialect == "sqlite":
            sa.event.listen(self.engine, "connect", lenient_sqlite_text)
        self._catalog: Catalog | None = None

    @staticmethod
    def _engine_options(url: URL) -> dict[str, Any]:
        backend = url.get_backend_name()
        if backend == "postgresql":
            return {"connect_args": {"options": "-c default_transaction_read_only=on"}}
        return {}

    def __enter__(self) -> SqlSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def error(self, exc: BaseException, doing: str) -> IaextractError:
        """A ConnectorError for a driver exception, with any password removed; a
        SourceDataError, quoting nothing, for a data exception."""
        refused = data_error(exc, f"{doing} {self.display_url}")
        if refused is not None:
            return refused
        detail = hide(str(getattr(exc, "orig", None) or exc).splitlines()[0], self._secrets)
        if "IM002" in detail or "file not found" in detail.lower():
            # pyodbc is there but the ODBC driver the URL names is not installed.
            hint = DRIVER_HINTS.get(self.dialect, "install the ODBC driver the URL names")
            return DriverMissing(f"{doing} {self.display_url} failed: the ODBC driver is not "
                                 f"installed ({detail}): {hint}")
        return ConnectorError(f"{doing} {self.display_url} failed: {detail}",
                              transient=_transient(exc, detail))

    def catalog(self) -> Catalog:
        """Tables, columns (with type names) and primary keys, reflected once."""
        if self._catalog is None:
            try:
                inspector = sa.inspect(self.engine)
                tables, keys = {}, {}
                for name in inspector.get_table_names() + inspector.get_view_names():
                    tables[name] = {c["name"]: str(c["type"]) for c in
                                    inspector.get_columns(name)}
                    keys[name] = list(inspector.get_pk_constraint(name).get(
                        "constrained_columns") or [])
            except SQLAlchemyError as exc:
                raise self.error(exc, "reading the tables of") from None
            self._catalog = Catalog(tables, keys)
        return self._catalog

    def stream(self, statement: Statement | sa.Select, chunk_size: int = 5000
               ) -> Iterator[Sequence[Any]]:
        """Yield chunks of rows (tuples) of ``statement`` through a streaming cursor."""
        statement = as_select(statement)
        try:
            # SQLite decodes text strictly in C while rows stream (decoding every value
            # leniently in Python costs a call per value); only when that refuses a
            # value is the query read again, leniently, to say where it is.
            yield from self._chunks(statement, chunk_size, strict=self.dialect == "sqlite")
        except SQLAlchemyError as exc:
            if refused_as_text(exc):  # its message quotes the value: never shown
                yield from self._chunks(statement, chunk_size, strict=False)
                raise SourceDataError(f"reading from {self.display_url} failed: a text "
                                      f"value is not valid UTF-8; {FIX}") from None
            raise self.error(exc, "reading from") from None

    def _chunks(self, statement: sa.Select, chunk_size: int, *, strict: bool
                ) -> Iterator[Sequence[Any]]:
        """The chunks of ``statement``, every value checked for undecodable text.

        A lenient re-read after a strict refusal (``strict`` False on SQLite) yields
        nothing: it stops at the refused value, SourceDataError naming table, column
        and row.
        """
        rereading = not strict and self.dialect == "sqlite"
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True,
                                            yield_per=chunk_size).execute(statement)
            seen = 0
            with strict_sqlite_text(conn.connection.dbapi_connection) if strict \
                    else nullcontext():
                for chunk in result.partitions(chunk_size):
                    if not strict:  # strictly decoded text cannot hold a bad byte
                        check_rows(chunk, seen + 1, lambda i: column_name(statement, i))
                    seen += len(chunk)
                    if not rereading:
                        yield chunk

    def count(self, statement: Statement | sa.Select) -> int:
        """How many rows ``statement`` returns (for progress bars)."""
        statement = as_select(statement)
        counted = sa.select(sa.func.count()).select_from(statement.order_by(None).subquery())
        try:
            with self.engine.connect() as conn:
                return int(conn.execute(counted).scalar_one())
        except SQLAlchemyError as exc:
            raise self.error(exc, "counting rows in") from None

    def driver_sql(self, statement: sa.Select) -> tuple[str, list[Any]]:
        """The SQL text and parameters this source sends the driver to run ``statement``:
        caught just before the cursor would execute them, so they are exactly what a
        read through this source runs (bound values processed, lists expanded)."""
        with self.engine.connect():
            pass  # the first connection's own set-up queries are not the statement's
        captured: list[tuple[str, Any]] = []

        def capture(conn: Any, cursor: Any, sql: str, params: Any, context: Any,
                    executemany: bool) -> None:
            if getattr(context, "invoked_statement", None) is statement:
                captured.append((sql, params))
                raise _Captured

        sa.event.listen(self.engine, "before_cursor_execute", capture)
        try:
            with self.engine.connect() as conn:
                conn.execute(statement)
        except _Captured:
            pass
        except SQLAlchemyError as exc:
            raise self.error(exc, "reading from") from None
        finally:
            sa.event.remove(self.engine, "before_cursor_execute", capture)
        if not captured:  # SQLAlchemy ran something else: never guess
            raise ConnectorError(f"reading from {self.display_url} failed: the query "
                                 "could not be prepared")
        sql, params = captured[0]
        return sql, list(params or ())


class _Captured(Exception):
    """Stops a statement once SQLAlchemy has produced its SQL (see driver_sql)."""


def column_name(statement: sa.Select, index: int) -> str:
    """``Table.Column`` of the ``index``-th column ``statement`` selects, as far as known."""
    expr = list(statement.selected_columns)[index]
    column = getattr(expr, "element", expr)
    table = getattr(column, "table", None)
    table = getattr(table, "element", table)  # an alias: the table it stands for
    name = getattr(column, "name", None) or getattr(expr, "name", f"column {index + 1}")
    table_name = getattr(table, "name", None)
    return f"{table_name}.{name}" if table_name else f"column {name}"
