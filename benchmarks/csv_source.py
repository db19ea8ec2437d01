"""How fast a CSV folder source loads and streams, and whether its memory stays flat.

Run: ``python benchmarks/csv_source.py [incidents ...]`` (default 2000 20000).
For each size it builds the demo database, dumps it to one CSV per table, opens
the folder as a source (which streams every file into a temporary SQLite copy)
and reads the largest table through ``stream``. Peak Python memory should not grow
with the size of the dump.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import sqlalchemy as sa

from iaextract.connectors import CsvFolderSource
from iaextract.demo.database import generate_demo_database


def dump(database: Path, folder: Path) -> int:
    folder.mkdir()
    rows = 0
    with sqlite3.connect(database) as db:
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'"):
            cursor = db.execute(f'SELECT * FROM "{table}"')
            with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow([d[0] for d in cursor.description])
                for row in cursor:
                    writer.writerow(row)
                    rows += 1
    return rows


def measure(incidents: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        generate_demo_database(root / "demo.sqlite", incidents=incidents, seed=2015)
        rows = dump(root / "demo.sqlite", root / "dump")
        tracemalloc.start()
        started = time.perf_counter()
        with CsvFolderSource(root / "dump") as source:
            loaded = time.perf_counter()
            table = max(source.row_counts, key=source.row_counts.__getitem__)
            columns = [sa.column(c) for c in source.catalog().tables[table]]
            statement = sa.select(*columns).select_from(sa.table(table))
            streamed = sum(len(chunk) for chunk in source.stream(statement, 5000))
        finished = time.perf_counter()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"{incidents:>8,} incidents: {rows:>9,} CSV rows loaded in {loaded - started:6.2f}s "
          f"({rows / (loaded - started):>9,.0f} rows/s); {streamed:,} rows of {table} "
          f"streamed in {finished - loaded:5.2f}s; peak Python memory "
          f"{peak / 2**20:5.1f} MiB")


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or [2000, 20000]:
        measure(size)
