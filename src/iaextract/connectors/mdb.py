"""An Access database file (``.mdb`` Jet 3/4, ``.accdb`` ACE) as a source, on any system.

``url = "mdb:/data/iapro.accdb"`` (or ``mdb:C:/IAPro/IAPro.mdb``). Every user table is
exported to CSV — by mdbtools (``mdb-tables``, ``mdb-export`` with ISO dates) when it is
installed, else by the pure-Python ``access-parser`` — and loaded into the same private
temporary SQLite copy a ``csv:`` source uses, with the same type inference. Dates are
ISO text (``2019-03-04 00:00:00``); a date the file holds that is no calendar date
(Access' ``01/00/00``) stays text and is treated like any unparseable source date. The
Access file itself is only read. access-parser reads one table at a time into memory,
so mdbtools is the choice for large files.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from iaextract.connectors.csvdir import load_csv_files
from iaextract.connectors.scratch import ScratchCopySource, missing_source, private_file
from iaextract.errors import ConnectorError, DriverMissing

PREFIX = "mdb:"
MDBTOOLS = ("mdb-tables", "mdb-export")
INSTALL_HINT = ("install mdbtools (Debian/Ubuntu: apt-get install mdbtools; macOS: brew "
                "install mdbtools) or the Python package access-parser (pip install "
                "'iaextract[mdb]')")
_ISO_DATE, _ISO_DATETIME = "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"


def file_of(url: str, base_dir: Path) -> Path | None:
    """The Access file an ``mdb:PATH`` URL names (relative to ``base_dir``), else None."""
    if not url.startswith(PREFIX):
        return None
    path = Path(url[len(PREFIX):].strip()).expanduser()
    return path if path.is_absolute() else base_dir / path


def reader() -> str:
    """Which tool will read Access files here: ``"mdbtools"`` or ``"access-parser"``.

    Raises DriverMissing, naming both packages, when neither is installed."""
    if all(shutil.which(tool) for tool in MDBTOOLS):
        return "mdbtools"
    try:
        import access_parser  # noqa: F401
    except ImportError:
        raise DriverMissing(f"reading an Access file needs mdbtools or access-parser: "
                            f"{INSTALL_HINT}") from None
    return "access-parser"


def _run(args: list[str], path: Path, **options: Any) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, check=False, **options)
    if done.returncode != 0:
        # mdbtools' messages describe the file, never row values.
        detail = (done.stderr.strip().splitlines() or ["no message"])[0]
        raise ConnectorError(f"{path} could not be read as an Access database ({args[0]}: "
                             f"{detail})")
    return done


def _mdbtools_tables(path: Path) -> list[str]:
    listed = _run(["mdb-tables", "-1", str(path)], path, stdout=subprocess.PIPE)
    return [name for name in listed.stdout.splitlines() if name.strip()]


def _mdbtools_export(path: Path, table: str, target: Path) -> None:
    with target.open("w", encoding="utf-8", newline="") as out:
        # -b strip: OLE/binary columns carry no exportable record data.
        _run(["mdb-export", "-D", _ISO_DATE, "-T", _ISO_DATETIME, "-b", "strip",
              str(path), table], path, stdout=out)


def _text(value: Any) -> str:
    if value is None or isinstance(value, bytes | bytearray):
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.strftime(_ISO_DATETIME)
    if isinstance(value, date):
        return value.strftime(_ISO_DATE)
    return str(value)


def _parser_tables(path: Path) -> Iterator[tuple[str, dict[str, list[Any]]]]:
    from access_parser import AccessParser

    try:
        database = AccessParser(str(path))
        names = [n for n in database.catalog if not n.startswith(("MSys", "f_"))]
    except Exception as exc:  # access-parser raises bare exceptions for unreadable files
        raise ConnectorError(f"{path} could not be read as an Access database "
                             f"(access-parser: {type(exc).__name__})") from None
    for name in names:
        yield name, database.parse_table(name)


def _parser_export(columns: dict[str, list[Any]], target: Path) -> None:
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows(zip(*([_text(v) for v in values] for values in columns.values()),
                             strict=True))


def load_access_file(path: Path, database: Path, scratch: Path) -> dict[str, int]:
    """Copy every user table of the Access file ``path`` into the SQLite file ``database``,
    through CSV files in the private folder ``scratch``; rows per table."""
    files: list[tuple[Path, str]] = []
    if reader() == "mdbtools":
        for number, table in enumerate(_mdbtools_tables(path)):
            target = private_file(scratch / f"table{number}.csv")
            _mdbtools_export(path, table, target)
            files.append((target, table))
    else:
        for number, (table, columns) in enumerate(_parser_tables(path)):
            target = private_file(scratch / f"table{number}.csv")
            _parser_export(columns, target)
            files.append((target, table))
    try:
        return load_csv_files(files, database)
    finally:
        for target, _table in files:
            target.unlink(missing_ok=True)


class AccessFileSource(ScratchCopySource):
    """An Access ``.mdb``/``.accdb`` file, read through a private temporary SQLite copy."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise missing_source("Access file", path)
        self.path = path
        self.reader = reader()
        super().__init__("mdb", lambda database, scratch: load_access_file(path, database,
                                                                           scratch))
        self.display_url = PREFIX + str(path)
