"""A SQLite file read through Python's own ``sqlite3``; SQLAlchemy only for what is new.

Importing SQLAlchemy, creating its engine and reflecting the file cost about a third
of a second, most of a small agency's export. A ``sqlite:///FILE`` source is therefore
read with plain ``sqlite3`` (read-only, text decoded and checked exactly as
:class:`~iaextract.connectors.sql.SqlSource` does), and what SQLAlchemy would produce
is remembered in a cache file beside the config (``.iaextract-state/compiled-sql.cache``):

* the catalog, under a hash of the file's schema (every row of ``sqlite_master``), so a
  changed table or column is reflected afresh;
* each statement's SQL text and parameters, exactly as SQLAlchemy hands them to the
  driver (caught before it executes them), under the statement's key
  (:class:`~iaextract.connectors.statement.Statement`).

Every entry is also stamped with the versions of SQLAlchemy and SQLite and a hash of
the code that builds the statements: a new version or an edited builder starts the
cache afresh. A missing, unreadable or foreign cache file is ignored (SQLAlchemy is
used, as before); one that cannot be written is not an error. So a cached answer is
only ever one SQLAlchemy gave for the same inputs.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iaextract.connectors.catalog import Catalog
from iaextract.connectors.decoding import (
    FIX,
    check_rows,
    data_error,
    decode_lenient,
    refused_as_text,
    strict_sqlite_text,
)
from iaextract.connectors.statement import Statement, as_select
from iaextract.errors import ConnectorError, IaextractError, Problem, SourceDataError
from iaextract.masking import mask_url, remember
from iaextract.validated import save_cache_file

if TYPE_CHECKING:
    import sqlalchemy as sa

    from iaextract.connectors.sql import SqlSource

#: The URLs read this way: the default SQLite driver, a file path, no query options
#: (anything else goes through SQLAlchemy, which knows what they mean).
_PLAIN_URL = re.compile(r"sqlite(?:\+pysqlite)?:///([^?#%]+)")
CACHE_FILE = "compiled-sql.cache"
_KEEP = 128  # entries kept in the cache (a run of the five demo datasets uses 29)
#: SQLite reports a bad query as an OperationalError, like a lost file; these are queries.
_SQLITE_QUERY_ERRORS = ("no such table", "no such column", "syntax error", "ambiguous column",
                        "no such function", "misuse")
#: The code whose output the cache holds: an edit to it is a new stamp.
_BUILDERS = ("mapping/query.py", "connectors/statement.py", "connectors/sql.py",
             "connectors/sqlitefile.py")


def rejected_query(detail: str) -> bool:
    """Whether a driver's message says the query was refused (retrying cannot help),
    rather than that the database could not be reached."""
    return any(words in detail.lower() for words in _SQLITE_QUERY_ERRORS)


def sqlite_file_of(url: str, base_dir: Path) -> Path | None:
    """The SQLite file a plain ``sqlite:///PATH`` URL names (relative to ``base_dir``)."""
    match = _PLAIN_URL.fullmatch(url)
    if match is None or match[1] == ":memory:":
        return None
    path = Path(match[1])
    return path if path.is_absolute() else base_dir / path


class SqlCache:
    """What SQLAlchemy answered on earlier runs, by a hash of what the answer depends on."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / CACHE_FILE if folder else None
        self._stamp = _stamp()
        if self._stamp is None:  # the code cannot be read back: no cache at all
            self.path = None
        self._entries: dict[str, Any] = {}
        self._used: set[str] = set()
        self._changed = False
        if self.path is not None:
            with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
                saved = json.loads(self.path.read_text(encoding="utf-8"))
                if saved["stamp"] == self._stamp:
                    self._entries = dict(saved["entries"])

    def get(self, kind: str, key: str) -> list[Any] | None:
        """The entry ``put`` under ``kind`` and ``key`` (a pair), if any (a malformed
        one counts as none)."""
        name = _name(kind, key)
        entry = self._entries.get(name)
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], list)):
            return None
        self._used.add(name)
        return entry

    def put(self, kind: str, key: str, value: list[Any]) -> None:
        name = _name(kind, key)
        self._entries[name] = value
        self._used.add(name)
        self._changed = True

    def save(self) -> None:
        """Write the cache if it learnt something (never an error: it is only a cache)."""
        if self.path is None or not self._changed:
            return
        # The export and its leak scan process share the file: what the other one saved
        # since this one read it is kept too, so neither keeps compiling afresh.
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
            saved = json.loads(self.path.read_text(encoding="utf-8"))
            if saved["stamp"] == self._stamp:
                self._entries = {**dict(saved["entries"]), **self._entries}
        # This run's entries, then the latest of the others while there is room.
        others = [n for n in self._entries if n not in self._used]
        room = max(0, _KEEP - len(self._used))
        others = others[len(others) - room:] if room else []
        kept = {n: self._entries[n] for n in [*others, *sorted(self._used)]}
        save_cache_file(self.path, {"stamp": self._stamp, "entries": kept})
        self._changed = False


def _name(kind: str, key: str) -> str:
    return hashlib.sha256(f"{kind}\0{key}".encode()).hexdigest()


def _stamp() -> str | None:
    """SQLite's version and a hash of the statement builders' code and of SQLAlchemy's
    ``__init__.py`` (which names its version: found without importing it); None when
    any of them cannot be read."""
    code = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    sqlalchemy = importlib.util.find_spec("sqlalchemy")
    if sqlalchemy is None or sqlalchemy.origin is None:
        return None
    try:
        for path in [*(package / name for name in _BUILDERS), Path(sqlalchemy.origin)]:
            code.update(path.read_bytes())
    except OSError:
        return None
    return f"{sqlite3.sqlite_version}|{code.hexdigest()}"


class SqliteFileSource:
    """A read-only SQLite file. Use as a context manager, or call close()."""

    dialect = "sqlite"

    def __init__(self, url: str, path: Path, base_dir: Path, cache: SqlCache) -> None:
        remember(url)
        self.display_url = mask_url(url)
        self._url, self._base_dir, self._cache = url, base_dir, cache
        if not path.is_file():
            raise ConnectorError(f"SQLite database {path} does not exist",
                                 [Problem("missing-source", "check [source] url in the config; "
                                          "relative paths start at the config file's folder",
                                          str(path))])
        # mode=ro makes SQLite itself refuse writes, as SqlSource's URL does.
        self.uri = f"file:{path.as_posix()}?mode=ro"  # for sqlite3.connect(uri=True)
        self._sqlalchemy: SqlSource | None = None
        self._catalog: Catalog | None = None

    def __enter__(self) -> SqliteFileSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._sqlalchemy is not None:
            self._sqlalchemy.close()
            self._sqlalchemy = None
        self._cache.save()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.uri, uri=True)
        connection.text_factory = decode_lenient  # as SqlSource's connect listener does
        return connection

    def _through_sqlalchemy(self) -> SqlSource:
        """The same file opened through SQLAlchemy, for what the cache does not hold."""
        if self._sqlalchemy is None:
            from iaextract.connectors.sql import SqlSource

            self._sqlalchemy = SqlSource(self._url, self._base_dir)
        return self._sqlalchemy

    def error(self, exc: BaseException, doing: str) -> IaextractError:
        """As SqlSource.error says it, for sqlite3's own exceptions."""
        refused = data_error(exc, f"{doing} {self.display_url}")
        if refused is not None:
            return refused
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        transient = isinstance(exc, (sqlite3.OperationalError, sqlite3.InterfaceError)) and \
            not rejected_query(detail)
        return ConnectorError(f"{doing} {self.display_url} failed: {detail}",
                              transient=transient)

    def catalog(self) -> Catalog:
        """Tables, columns and primary keys as SQLAlchemy reflects them, reflected once
        per schema."""
        if self._catalog is None:
            try:
                with contextlib.closing(self._connect()) as connection:
                    schema = connection.execute("SELECT type, name, tbl_name, sql "
                                                "FROM sqlite_master").fetchall()
            except sqlite3.Error as exc:
                raise self.error(exc, "reading the tables of") from None
            key = json.dumps(schema)
            self._catalog = _catalog_from(self._cache.get("catalog", key))
            if self._catalog is None:
                self._catalog = self._through_sqlalchemy().catalog()
                self._cache.put("catalog", key, [list(self._catalog.tables.items()),
                                                 list(self._catalog.primary_keys.items())])
        return self._catalog

    def driver_sql(self, statement: Statement | sa.Select[Any]) -> tuple[str, list[Any]]:
        """The SQL text and parameters SQLAlchemy sends the driver for ``statement``."""
        key = statement.key if isinstance(statement, Statement) else None
        cached = self._cache.get("sql", key) if key is not None else None
        if cached is not None and isinstance(cached[0], str):
            return cached[0], list(cached[1])
        sql, params = self._through_sqlalchemy().driver_sql(as_select(statement))
        if key is not None and all(type(p) in (str, int, float, type(None)) for p in params):
            self._cache.put("sql", key, [sql, params])
        return sql, params

    def stream(self, statement: Statement | sa.Select[Any], chunk_size: int = 5000
               ) -> Iterator[Sequence[Any]]:
        """Yield chunks of rows (tuples) of ``statement``, as SqlSource.stream does."""
        sql, params = self.driver_sql(statement)
        try:
            # Text decoded strictly by sqlite3 in C; a refused value is located by a
            # lenient re-read that stops at it, never quoting it.
            yield from self._chunks(statement, sql, params, chunk_size, strict=True)
        except sqlite3.Error as exc:
            if refused_as_text(exc):
                yield from self._chunks(statement, sql, params, chunk_size, strict=False)
                raise SourceDataError(f"reading from {self.display_url} failed: a text "
                                      f"value is not valid UTF-8; {FIX}") from None
            raise self.error(exc, "reading from") from None

    def _chunks(self, statement: Statement | sa.Select[Any], sql: str, params: list[Any],
                chunk_size: int, *, strict: bool) -> Iterator[Sequence[Any]]:
        # A connection of its own: text decoding is set per connection, and another
        # stream may be open on this source meanwhile (as SQLAlchemy's pool gives).
        with contextlib.closing(self._connect()) as connection, \
                strict_sqlite_text(connection) if strict else contextlib.nullcontext():
            cursor = connection.execute(sql, params)
            seen = 0
            while chunk := cursor.fetchmany(chunk_size):
                if not strict:  # the re-read: stops at the value that was refused
                    check_rows(chunk, seen + 1, lambda i: self._column(statement, i))
                seen += len(chunk)
                if strict:
                    yield chunk

    def _column(self, statement: Statement | sa.Select[Any], index: int) -> str:
        from iaextract.connectors.sql import column_name

        return column_name(as_select(statement), index)

    def count(self, statement: Statement | sa.Select[Any]) -> int:
        """How many rows ``statement`` returns (for progress bars)."""
        return self._through_sqlalchemy().count(as_select(statement))


def _catalog_from(entry: list[Any] | None) -> Catalog | None:
    """The catalog a cache entry holds (None: no entry, or not one this module wrote)."""
    try:
        return Catalog(dict(entry[0]), dict(entry[1])) if entry is not None else None
    except (TypeError, ValueError, IndexError):
        return None
