"""Opening a source from the ``[source] url`` setting.

``url`` is one of: a SQLAlchemy URL (``sqlite:///…``, ``postgresql+psycopg://…``,
``mssql+pyodbc://…``), ``odbc:`` followed by an ODBC connection string or DSN, or
``csv:`` followed by a folder of CSV files (a plain folder path works too), or
``mdb:`` followed by an Access ``.mdb``/``.accdb`` file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa

from iaextract.connectors.catalog import Catalog
from iaextract.connectors.csvdir import CsvFolderSource, folder_of
from iaextract.connectors.mdb import AccessFileSource, file_of
from iaextract.connectors.odbc import OdbcSource
from iaextract.connectors.sql import SqlSource, parse_url
from iaextract.errors import IaextractError


class Source(Protocol):
    """What the pipeline needs from a source: schema, row stream, counts, a safe name."""

    display_url: str

    def catalog(self) -> Catalog: ...
    def stream(self, statement: sa.Select, chunk_size: int = 5000
               ) -> Iterator[Sequence[Any]]: ...
    def count(self, statement: sa.Select) -> int: ...
    def close(self) -> None: ...
    def __enter__(self) -> Source: ...
    def __exit__(self, *exc: object) -> None: ...


def open_source(url: str, base_dir: Path) -> Source:
    """Open the source named by ``url`` read-only; relative paths start at ``base_dir``."""
    if url.startswith("odbc:"):
        return OdbcSource(url)
    access_file = file_of(url, base_dir)
    if access_file is not None:
        return AccessFileSource(access_file)
    folder = folder_of(url, base_dir)
    if folder is not None:
        return CsvFolderSource(folder)
    return SqlSource(url, base_dir)


def source_size(url: str, base_dir: Path) -> int | None:
    """How many bytes a source held in files holds (a SQLite or Access file, a CSV
    folder); None for a database server, ODBC, or a file that cannot be read (opening
    the source reports that, plainly)."""
    try:
        if url.startswith("odbc:"):
            return None
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


__all__ = ["AccessFileSource", "CsvFolderSource", "OdbcSource", "Source", "SqlSource",
           "open_source", "source_size"]
