"""Copying the tables of one source into a database (``iaextract load``).

Used to put the demo database on a PostgreSQL (or any SQLAlchemy) server, so the
same data can be exported from every kind of source; the source may be any URL
iaextract reads (a CSV folder of dumps, too). Column types follow the
source's declared types (REAL becomes double precision, so no digits are lost);
rows are copied in chunks, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from iaextract.config import expand_env
from iaextract.connectors import Source, open_source
from iaextract.connectors.csvdir import folder_of
from iaextract.connectors.decoding import data_error
from iaextract.connectors.mdb import PREFIX as MDB_PREFIX
from iaextract.connectors.sql import parse_url
from iaextract.dates import UnparseableDate, parse_datetime
from iaextract.errors import ConfigError, ConnectorError, Problem
from iaextract.masking import hide_remembered, mask_url, remember


@dataclass(frozen=True)
class LoadResult:
    target: str  # display URL, password hidden
    rows: dict[str, int]


def _target_type(type_name: str) -> sa.types.TypeEngine[Any]:
    name = type_name.upper().split("(")[0].strip()
    if name in ("INTEGER", "INT", "BIGINT", "SMALLINT", "TINYINT", "INT2", "INT4", "INT8",
                "COUNTER", "LONG"):
        return sa.BigInteger()
    if name in ("REAL", "FLOAT", "DOUBLE", "DOUBLE PRECISION", "FLOAT4", "FLOAT8"):
        return sa.Double()
    if name in ("NUMERIC", "DECIMAL", "MONEY", "CURRENCY"):
        return sa.Numeric()
    if name in ("BOOLEAN", "BOOL", "BIT", "YESNO"):
        return sa.Boolean()
    if name == "DATE":
        return sa.Date()
    if name in ("DATETIME", "TIMESTAMP", "DATETIME2", "SMALLDATETIME"):
        return sa.DateTime()
    return sa.Text()


def _converter(target: sa.types.TypeEngine[Any]) -> Callable[[Any], Any]:
    if isinstance(target, sa.Boolean):
        return lambda v: None if v is None else bool(v)
    if isinstance(target, sa.Date):
        return lambda v: _as_datetime(v).date() if v is not None else None
    if isinstance(target, sa.DateTime):
        return lambda v: _as_datetime(v) if v is not None else None
    return lambda v: v


def _as_datetime(value: Any) -> Any:
    try:
        return parse_datetime(value)
    except UnparseableDate:
        raise ConfigError("a DATE/DATETIME column of the source holds a value that is not a "
                          "date; declare that column as TEXT in the source") from None


def load_database(source_url: str, target_url: str, base_dir: Path, *,
                  replace: bool = False, chunk_size: int = 5000) -> LoadResult:
    """Copy every table of ``source_url`` into ``target_url`` (tables must not exist
    there unless ``replace``); returns the rows copied per table.

    ``${VAR}`` in either URL is replaced as in a config file. A target that is the
    source itself is refused before anything is opened: replacing would empty it.
    """
    source_url = expand_env(source_url, "SOURCE_URL")
    target_url = expand_env(target_url, "TARGET_URL")
    source_id = database_identity(source_url, base_dir)
    if source_id is not None and source_id == database_identity(target_url, base_dir):
        raise ConfigError("SOURCE_URL and TARGET_URL are the same database: loading it into "
                          "itself would drop and empty every table; give another target")
    with open_source(source_url, base_dir) as source:
        catalog = source.catalog()
        try:
            remember(target_url)
            target = sa.create_engine(target_url, hide_parameters=True)
        except (sa.exc.NoSuchModuleError, ModuleNotFoundError, sa.exc.ArgumentError):
            raise ConfigError("the target is not a usable SQLAlchemy URL (e.g. "
                              "postgresql+psycopg://user:${PGPASSWORD}@host/db)") from None
        shown = mask_url(target_url)
        metadata = sa.MetaData()
        tables = {name: sa.Table(name, metadata, *[
            sa.Column(col, _target_type(kind), primary_key=col in catalog.primary_keys[name])
            for col, kind in columns.items()]) for name, columns in catalog.tables.items()}
        try:
            with target.begin() as conn:
                _prepare(conn, metadata, replace)
                rows = {name: _copy(source, conn, table, chunk_size)
                        for name, table in tables.items()}
        except SQLAlchemyError as exc:
            refused = data_error(exc, f"loading into {shown}")
            if refused is not None:
                raise refused from None
            detail = hide_remembered(str(getattr(exc, "orig", None) or exc).splitlines()[0])
            raise ConnectorError(f"loading into {shown} failed: {detail}") from None
        finally:
            target.dispose()
    return LoadResult(shown, rows)


def database_identity(url: str, base_dir: Path) -> tuple[Any, ...] | None:
    """What tells two URLs of one database apart from two databases: the resolved file of
    a SQLite database, else dialect, host, port and database; None when not comparable."""
    if url.startswith(("odbc:", MDB_PREFIX)) or folder_of(url, base_dir) is not None:
        return None  # an ODBC source, a CSV folder or an Access file: never a load target
    parsed = parse_url(url)
    backend, database = parsed.get_backend_name(), parsed.database
    if backend == "sqlite":
        if not database or database == ":memory:":
            return None
        path = Path(database.removeprefix("file:").split("?")[0])
        return (backend, (path if path.is_absolute() else base_dir / path).resolve())
    return (backend, (parsed.host or "localhost").lower(), parsed.port, database)


def _prepare(conn: sa.Connection, metadata: sa.MetaData, replace: bool) -> None:
    existing = set(sa.inspect(conn).get_table_names())
    clashes = [t for t in metadata.tables if t in existing]
    if clashes and not replace:
        raise ConfigError("the target already has tables of the same names",
                          [Problem("table-exists", name, hint="add --replace to drop and "
                                   "reload them") for name in sorted(clashes)])
    metadata.drop_all(conn, checkfirst=True)
    metadata.create_all(conn)


def _copy(source: Source, conn: sa.Connection, table: sa.Table, chunk_size: int) -> int:
    names = [c.name for c in table.columns]
    convert: Sequence[Callable[[Any], Any]] = [_converter(c.type) for c in table.columns]
    # Untyped columns: values arrive exactly as the source stores them.
    select: Any = sa.select(*[sa.column(n) for n in names]).select_from(sa.table(table.name))
    copied = 0
    for chunk in source.stream(select, chunk_size):
        conn.execute(table.insert(), [{n: f(v) for n, f, v in zip(names, convert, row, strict=True)}
                                      for row in chunk])
        copied += len(chunk)
    return copied
