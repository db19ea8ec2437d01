"""Source text that is not valid UTF-8: found, located and refused, never quoted.

SQLite stores whatever bytes it is given as TEXT; Python's sqlite3 then fails the
whole fetch with an error that quotes the value (a narrative holding a name, a date
of birth, an address). Instead, text is decoded with ``surrogateescape`` (each bad
byte becomes one lone surrogate), and each chunk of rows is checked: the first value
holding a surrogate stops the run with a :class:`~iaextract.errors.SourceDataError`
naming table, column and row number. The row is not published in any form, and the
run is not retried: the same bytes would fail again. CSV files are checked the same
way as they are loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from iaextract.errors import SourceDataError

FIX = ("correct that value in the source (it holds bytes that are not UTF-8 text, e.g. "
       "pasted from another program); the value is never shown")


def decode_lenient(raw: bytes) -> str:
    """SQLite text as str; bytes that are not UTF-8 become lone surrogates, found later."""
    return raw.decode("utf-8", "surrogateescape")


def lenient_sqlite_text(dbapi_connection: Any, _record: Any) -> None:
    """SQLAlchemy ``connect`` listener: decode SQLite text with :func:`decode_lenient`."""
    dbapi_connection.text_factory = decode_lenient


def undecodable(value: object) -> bool:
    """Whether ``value`` is text that held bytes that are not UTF-8."""
    if type(value) is not str or value.isascii():
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def data_error(exc: BaseException, doing: str) -> SourceDataError | None:
    """A SourceDataError for a driver's *data exception* (SQLSTATE class 22: a value
    that does not convert, is too long, is not valid in the encoding), else None.

    Drivers quote the offending value in such messages, so only the SQLSTATE is kept.
    """
    orig = getattr(exc, "orig", None) or exc
    state = str(getattr(orig, "sqlstate", None) or (getattr(orig, "args", None) or [""])[0])
    if state.startswith("22") or type(exc).__name__ == "DataError":
        return SourceDataError(f"{doing} failed: the database refused a value (SQLSTATE "
                               f"{state or 'unknown'}, {type(orig).__name__}); values are "
                               "never shown: look for a malformed value in the table read")
    return None


@contextmanager
def strict_sqlite_text(dbapi_connection: Any) -> Iterator[None]:
    """SQLite text decoded by sqlite3 itself (strict UTF-8, no Python call per value)
    while the caller reads; lenient again afterwards.

    Used around a streamed read: a value that is not UTF-8 then fails the fetch with
    an error that quotes it, which the reader must catch (:func:`refused_as_text`) and
    locate by reading again leniently (:func:`check_rows`); the error is never shown.
    """
    dbapi_connection.text_factory = str
    try:
        yield
    finally:
        dbapi_connection.text_factory = decode_lenient


def refused_as_text(exc: BaseException) -> bool:
    """Whether ``exc`` is sqlite3's refusal of text that is not UTF-8 (strict decoding)."""
    orig = getattr(exc, "orig", None) or exc
    return type(orig).__module__ == "sqlite3" and str(orig).startswith(
        "Could not decode to UTF-8")


def check_rows(rows: Sequence[Sequence[Any]], first_row: int,
               column_name: Callable[[int], str]) -> None:
    """SourceDataError at the first undecodable value of ``rows`` (numbered from
    ``first_row``), naming its column as ``column_name(index)`` says."""
    # One C-level encode of all the chunk's text; cell by cell only when it fails.
    try:
        "".join([v for row in rows for v in row if type(v) is str]).encode("utf-8")
        return
    except UnicodeEncodeError:
        pass
    for number, row in enumerate(rows, start=first_row):
        for index, value in enumerate(row):
            if undecodable(value):
                raise SourceDataError(f"{column_name(index)}, row {number:,} of the query: "
                                      f"the text is not valid UTF-8; {FIX}")
