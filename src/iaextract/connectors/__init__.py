"""Opening a source from the ``[source] url`` setting.

``url`` is one of: a SQLAlchemy URL (``sqlite:///…``, ``postgresql+psycopg://…``,
``mssql+pyodbc://…``), ``odbc:`` followed by an ODBC connection string or DSN, or
``csv:`` followed by a folder of CSV files (a plain folder path works too), or
``mdb:`` followed by an Access ``.mdb``/``.accdb`` file.

Each kind of source is imported only when a URL names it: a plain SQLite file is read
without SQLAlchemy (:mod:`iaextract.connectors.sqlitefile`), the others need it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from iaextract.connectors.catalog import Catalog
from iaextract.connectors.sqlitefile import SqlCache, SqliteFileSource, sqlite_file_of
from iaextract.connectors.statement import Statement
from iaextract.errors import IaextractError

if TYPE_CHECKING:
    import sqlalchemy as sa

    from iaextract.connectors.csvdir import CsvFolderSource
    from iaextract.connectors.mdb import AccessFileSource
    from iaextract.connectors.odbc import OdbcSource
    from iaextract.connectors.sql import SqlSource


class Source(Protocol):
    """What the pipeline needs from a source: schema, row stream, counts, a safe name."""

    display_url: str

    def catalog(self) -> Catalog: ...
    def stream(self, statement: Statement | sa.Select[Any], chunk_size: int = 5000
               ) -> Iterator[Sequence[Any]]: ...
    def count(self, statement: Statement | sa.Select[Any]) -> int: ...
    def close(self) -> None: ...
    def __enter__(self) -> Source: ...
    def __exit__(self, *exc: object) -> None: ...


def open_source(url: str, base_dir: Path, cache_dir: Path | None = None) -> Source:
    """Open the source named by ``url`` read-only; relative paths start at ``base_dir``.

    ``cache_dir``: where a plain SQLite file's source keeps what SQLAlchemy compiled
    for it (None: nowhere; SQLAlchemy is then used again on every run)."""
    if url.startswith("odbc:"):
        from iaextract.connectors.odbc import OdbcSource

        return OdbcSource(url)
    sqlite_file = sqlite_file_of(url, base_dir)
    if sqlite_file is not None:
        return SqliteFileSource(url, sqlite_file, base_dir, SqlCache(cache_dir))
    from iaextract.connectors.csvdir import CsvFolderSource, folder_of
    from iaextract.connectors.mdb import AccessFileSource, file_of

    access_file = file_of(url, base_dir)
    if access_file is not None:
        return AccessFileSource(access_file)
    folder = folder_of(url, base_dir)
    if folder is not None:
        return CsvFolderSource(folder)
    from iaextract.connectors.sql import SqlSource

    return SqlSource(url, base_dir)


def source_size(url: str, base_dir: Path) -> int | None:
    """How many bytes a source held in files holds (a SQLite or Access file, a CSV
    folder); None for a database server, ODBC, or a file that cannot be read (opening
    the source reports that, plainly)."""
    try:
        if url.startswith("odbc:"):
            return None
        path = sqlite_file_of(url, base_dir)
        if path is None:
            from iaextract.connectors.csvdir import folder_of
            from iaextract.connectors.mdb import file_of
            from iaextract.connectors.sql import parse_url

            path = file_of(url, base_dir) or folder_of(url, base_dir)
        if path is None:
            parsed = parse_url(url)
            if parsed.get_backend_name() != "sqlite" or not parsed.database \
                    or parsed.database == ":memory:":
                return None
            path = Path(parsed.database)
            path = path if path.is_absolute() else base_dir / path
        if path.is_dir():
            return sum(p.stat().st_size for p in path.iterdir() if p.is_file())
        return path.stat().st_size
    except (IaextractError, OSError):
        return None


def __getattr__(name: str) -> Any:
    """The source classes, imported when first asked for (most need SQLAlchemy)."""
    modules = {"AccessFileSource": "mdb", "CsvFolderSource": "csvdir", "OdbcSource": "odbc",
               "SqlSource": "sql"}
    if name in modules:
        import importlib

        return getattr(importlib.import_module(f"iaextract.connectors.{modules[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["AccessFileSource", "CsvFolderSource", "OdbcSource", "Source", "SqlSource",
           "SqliteFileSource", "open_source", "source_size"]
