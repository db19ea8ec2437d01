"""A dataset's CSV read back column-wise by Arrow's CSV reader (C++), for the leak scan.

The ``csv`` module turns every cell into a Python string and the scan then regroups
the rows into columns; at 50,000 incidents that was most of the scan of a default
(CSV) export. Arrow parses a block of the file into string columns in C++, and each
batch's distinct values of a column (``pyarrow.compute.unique``) are the only
strings made in Python; a value found in a column is then located by one vectorised
comparison. The batches are the ``csv`` module's: the same rows (records, a quoted
line break inside one), numbered the same, cut into the same batches, so the scan's
findings and their order are the same.

Anything the two readers might read differently is not read here: :class:`Unreadable`
is raised (a row of another width, a blank line, text that is not UTF-8, a header
that is not the one the ``csv`` module read) and the scan reads the file again with
the ``csv`` module, which then finds, or fails, exactly as before.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# The C library's allocator, not Arrow's own (mimalloc), which keeps tens of megabytes
# of freed blocks: only if pyarrow is not imported yet and the user chose none.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
import numpy  # noqa: E402
import pyarrow as pa  # noqa: E402 (after the setting it reads when imported)
import pyarrow.compute as pc  # noqa: E402
import pyarrow.csv as pcsv  # noqa: E402

from iaextract.leakscan.tokens import PSEUDONYM_SHAPE  # noqa: E402

# Bytes parsed at a time: memory stays flat whatever the file's size (reading a 49 MB
# CSV took 120 MB at its peak, the interpreter and imports 81 of them; 1 MiB blocks and
# Arrow's own allocator, 135-150 MB).
_BLOCK = 256 << 10
_POOL = pa.system_memory_pool()
_PSEUDONYM = f"^{PSEUDONYM_SHAPE.pattern}$"  # a whole value (RE2: $ is the very end)


class Unreadable(Exception):
    """Arrow may not read this file as the ``csv`` module does: read it with that."""


class ArrowColumn:
    """One column of a batch: its distinct values, and the rows holding a value."""

    def __init__(self, values: Any) -> None:
        self.values = values

    def candidates(self, pseudonyms: set[str]) -> set[str | None]:
        """The distinct values, less those shaped like a pseudonym that are not among
        ``pseudonyms`` (as ListColumn.candidates), picked out in C++: a column of
        fresh pseudonyms never becomes Python strings."""
        values = pc.unique(self.values, memory_pool=_POOL)
        keep = pc.invert(pc.match_substring_regex(values, _PSEUDONYM, memory_pool=_POOL),
                         memory_pool=_POOL)
        if pseudonyms:
            known = _strings(sorted(pseudonyms))
            keep = pc.or_(keep, pc.is_in(values, value_set=known, memory_pool=_POOL),
                          memory_pool=_POOL)
        return set(pc.filter(values, keep, memory_pool=_POOL).to_pylist())

    def rows(self, text: str) -> list[int]:
        """The positions in the batch of the cells that are ``text``."""
        equal = pc.equal(self.values, _strings([text])[0], memory_pool=_POOL)
        return pc.indices_nonzero(equal, memory_pool=_POOL).to_pylist()  # type: ignore[no-any-return]


def column_batches(path: Path, header: list[str], size: int) -> Iterator[list[ArrowColumn]]:
    """The data rows of ``path`` (its header row is ``header``), ``size`` rows at a
    time, as columns. Raises :class:`Unreadable`, possibly after some batches."""
    width = len(header)
    options = (
        pcsv.ReadOptions(autogenerate_column_names=True, use_threads=False, block_size=_BLOCK),
        pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
        pcsv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(width)},
                            strings_can_be_null=False, quoted_strings_can_be_null=False,
                            null_values=[], check_utf8=True))
    try:
        reader = pcsv.open_csv(path, *options, memory_pool=_POOL)
        pending: pa.Table | None = None
        header_seen = False
        for block in reader:
            table = pa.Table.from_batches([block])
            if not header_seen:
                if table.num_columns != width or table.slice(0, 1).to_pylist()[0] != {
                        f"f{i}": name for i, name in enumerate(header)}:
                    raise Unreadable("the header is not the one the csv module read")
                table, header_seen = table.slice(1), True
            if pending is not None:
                table = pa.concat_tables([pending, table], memory_pool=_POOL)
            while table.num_rows >= size:
                yield _columns(table.slice(0, size))
                table = table.slice(size)
            pending = table
        if pending is not None and pending.num_rows:
            yield _columns(pending)
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError) as exc:
        raise Unreadable(type(exc).__name__) from None


def _strings(texts: list[str]) -> Any:
    """``texts`` as an Arrow string array, built from its bytes. Arrow's own conversion
    of Python values (``pa.array``, ``pa.scalar``, a ``str`` handed to a compute
    function) first imports pandas to ask whether a value is a pandas object: 42 MB
    and a third of a second in the scan process, which has none."""
    data = [text.encode("utf-8") for text in texts]
    offsets = numpy.zeros(len(data) + 1, dtype=numpy.int64)
    numpy.cumsum([len(item) for item in data], out=offsets[1:])
    return pa.LargeStringArray.from_buffers(
        len(data), pa.py_buffer(offsets), pa.py_buffer(b"".join(data))).cast(pa.string())


def _columns(table: pa.Table) -> list[ArrowColumn]:
    return [ArrowColumn(column.combine_chunks(memory_pool=_POOL)) for column in table.columns]
