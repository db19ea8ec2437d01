"""Sources reached through a raw ODBC connection string or DSN (``odbc:DSN=IAPro;…``).

This is how Access ``.mdb/.accdb`` files and drivers without a SQLAlchemy dialect
are read. The connection is plain pyodbc; SQLAlchemy only *compiles* the
statements, with the dialect of the database the driver reports (PostgreSQL,
SQLite, SQL Server, Access, MySQL), so identifiers are quoted and rows limited
the way that database expects. Tables and columns come from the ODBC catalog
functions, which every driver implements.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from iaextract.connectors.catalog import Catalog
from iaextract.connectors.decoding import data_error
from iaextract.connectors.statement import Statement, as_select
from iaextract.errors import ConnectorError, DriverMissing, IaextractError, Problem
from iaextract.masking import hide, mask_url, remember, secrets_in

PREFIX = "odbc:"
ODBC_HINT = ("install unixODBC and the database's ODBC driver (Debian: unixodbc, "
             "odbc-postgresql, libsqliteodbc; Windows: the vendor's ODBC driver)")
_PSQLODBC = re.compile(r"(?i)\bdriver\s*=\s*\{?[^;}]*postgres")
_SYSTEM_SCHEMAS = {"pg_catalog", "information_schema", "sys", "INFORMATION_SCHEMA"}

#: Statements run right after connecting that make the session itself refuse writes.
_READ_ONLY_SESSION = {
    "postgresql": "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
    "sqlite": "PRAGMA query_only = 1",
}


def with_streaming(conn_str: str) -> str:
    """The connection string with psqlODBC told to fetch through a cursor, not all at once.

    Without UseDeclareFetch the PostgreSQL driver buffers a whole result in memory.
    """
    if _PSQLODBC.search(conn_str) and "usedeclarefetch" not in conn_str.lower():
        return conn_str.rstrip(";") + ";UseDeclareFetch=1;Fetch=5000;"
    return conn_str


def dialect_for(dbms_name: str) -> Dialect:
    """The SQLAlchemy dialect that compiles SQL for a database, by its ODBC DBMS name."""
    name = dbms_name.lower()
    if "postgres" in name:
        from sqlalchemy.dialects.postgresql.base import PGDialect
        return PGDialect(paramstyle="qmark")
    if "sqlite" in name:
        from sqlalchemy.dialects.sqlite.base import SQLiteDialect
        return SQLiteDialect(paramstyle="qmark")
    if "sql server" in name:
        from sqlalchemy.dialects.mssql.base import MSDialect
        return MSDialect(paramstyle="qmark")
    if "access" in name:
        return _access_dialect()
    if "mysql" in name or "mariadb" in name:
        from sqlalchemy.dialects.mysql.base import MySQLDialect
        return MySQLDialect(paramstyle="qmark")
    # Unknown database: ANSI SQL, double-quoted identifiers.
    from sqlalchemy.engine.default import DefaultDialect
    return DefaultDialect(paramstyle="qmark")


def _access_dialect() -> Dialect:
    try:
        from sqlalchemy_access.base import AccessCompiler, AccessDialect
    except ImportError:
        raise DriverMissing("reading Access needs sqlalchemy-access: pip install "
                            "'iaextract[access]' (and the Microsoft Access Database Engine "
                            "ODBC driver)") from None

    class JetCompiler(AccessCompiler):  # type: ignore[misc]
        # Access SQL has no UPPER(); UCase() is its name for the same thing.
        def visit_upper_func(self, fn: Any, **kw: Any) -> str:
            return f"UCase{self.function_argspec(fn, **kw)}"

    class JetDialect(AccessDialect):  # type: ignore[misc]
        statement_compiler = JetCompiler

    return JetDialect(paramstyle="qmark")


def _import_pyodbc() -> Any:
    try:
        import pyodbc
    except ImportError as exc:
        raise DriverMissing("odbc: sources need pyodbc: pip install 'iaextract[odbc]', and "
                            f"{ODBC_HINT}") from exc
    return pyodbc


class OdbcSource:
    """A read-only source behind a pyodbc connection. Use as a context manager."""

    def __init__(self, url: str) -> None:
        self._conn_str = url[len(PREFIX):].strip() if url.startswith(PREFIX) else url
        remember(PREFIX + self._conn_str)
        self.display_url = mask_url(PREFIX + self._conn_str)
        self._secrets = secrets_in(PREFIX + self._conn_str)
        self._pyodbc = _import_pyodbc()
        try:
            # readonly=True asks the driver for SQL_MODE_READ_ONLY where it supports it.
            self._conn = self._pyodbc.connect(with_streaming(self._conn_str),
                                              autocommit=True, readonly=True)
        except self._pyodbc.Error as exc:
            raise self._connect_error(exc) from None
        self._catalog: Catalog | None = None
        try:
            self.dbms = str(self._conn.getinfo(self._pyodbc.SQL_DBMS_NAME))
            self.sql_dialect = dialect_for(self.dbms)
            statement = _READ_ONLY_SESSION.get(self.sql_dialect.name)
            if statement:
                self._execute(statement, (), "making read-only")
        except BaseException:
            self.close()
            raise

    def _connect_error(self, exc: BaseException) -> ConnectorError:
        detail = self._detail(exc)
        # IM002: no such DSN or driver; unixODBC says "Can't open lib …: file not found".
        if "IM002" in detail or "file not found" in detail.lower():
            return DriverMissing(f"the ODBC driver or DSN of {self.display_url} is not "
                                 f"installed: {detail}",
                                 [Problem("driver-missing", ODBC_HINT)])
        return ConnectorError(f"connecting to {self.display_url} failed: {detail}")

    def _detail(self, exc: BaseException) -> str:
        detail = " ".join(str(a) for a in getattr(exc, "args", ())[1:2]) or str(exc)
        return hide(" ".join(detail.split()), self._secrets)

    def error(self, exc: BaseException, doing: str) -> IaextractError:
        """A ConnectorError for a driver exception, with any password removed; a
        SourceDataError, quoting nothing, for a data exception (SQLSTATE 22). A query the
        database rejects (a SQL error, not a lost connection) is not transient."""
        refused = data_error(exc, f"{doing} {self.display_url}")
        if refused is not None:
            return refused
        rejected = (self._pyodbc.ProgrammingError, self._pyodbc.DataError,
                    self._pyodbc.IntegrityError, self._pyodbc.NotSupportedError)
        return ConnectorError(f"{doing} {self.display_url} failed: {self._detail(exc)}",
                              transient=not isinstance(exc, rejected))

    def __enter__(self) -> OdbcSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        # Already closed, or the server went away: nothing is left to release.
        with contextlib.suppress(self._pyodbc.Error):
            self._conn.close()

    def _execute(self, sql: str, params: Sequence[Any], doing: str) -> Any:
        try:
            cursor = self._conn.cursor()
            cursor.execute(sql, *params) if params else cursor.execute(sql)
            return cursor
        except self._pyodbc.Error as exc:
            raise self.error(exc, doing) from None

    def compile(self, statement: Statement | sa.Select) -> tuple[str, list[Any]]:
        """SQL text in the source's dialect and its positional parameters."""
        compiled = as_select(statement).compile(dialect=self.sql_dialect,
                                     compile_kwargs={"render_postcompile": True})
        params = compiled.params
        return compiled.string, [params[name] for name in compiled.positiontup or ()]

    def catalog(self) -> Catalog:
        """Tables, columns (with type names) and primary keys, from the ODBC catalog."""
        if self._catalog is None:
            try:
                self._catalog = self._read_catalog()
            except self._pyodbc.Error as exc:
                raise self.error(exc, "reading the tables of") from None
        return self._catalog

    def _read_catalog(self) -> Catalog:
        cursor = self._conn.cursor()
        found = [(row.table_schem, row.table_name)
                 for kind in ("TABLE", "VIEW")
                 for row in cursor.tables(tableType=kind).fetchall()
                 if row.table_schem not in _SYSTEM_SCHEMAS
                 and not str(row.table_name).startswith(("MSys", "sqlite_"))]
        tables: dict[str, dict[str, str]] = {}
        keys: dict[str, list[str]] = {}
        for schema, name in found:
            columns = cursor.columns(table=name, schema=schema).fetchall()
            tables[name] = {c.column_name: str(c.type_name).upper() for c in columns}
            try:
                rows = cursor.primaryKeys(name, schema=schema).fetchall()
                keys[name] = [r.column_name for r in sorted(rows, key=lambda r: r.key_seq)]
            except self._pyodbc.Error:
                keys[name] = []  # some drivers (Access) have no SQLPrimaryKeys
        return Catalog(tables, keys)

    def stream(self, statement: Statement | sa.Select, chunk_size: int = 5000
               ) -> Iterator[Sequence[Any]]:
        """Yield chunks of rows (tuples) of ``statement``, ``chunk_size`` at a time."""
        sql, params = self.compile(statement)
        cursor = self._execute(sql, params, "reading from")
        try:
            while True:
                rows = cursor.fetchmany(chunk_size)
                if not rows:
                    break
                yield [tuple(row) for row in rows]
        except self._pyodbc.Error as exc:
            raise self.error(exc, "reading from") from None
        finally:
            cursor.close()

    def count(self, statement: Statement | sa.Select) -> int:
        """How many rows ``statement`` returns (for progress bars)."""
        counted = sa.select(sa.func.count()).select_from(
            as_select(statement).order_by(None).subquery())
        sql, params = self.compile(counted)
        return int(self._execute(sql, params, "counting rows in").fetchone()[0])
