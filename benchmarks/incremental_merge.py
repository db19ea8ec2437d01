"""How fast the incremental merge is, and that its memory stays flat.

Writes a current file of N rows (ndjson), merges a batch updating 10% and adding 1%,
and rewrites the current file, reporting rows per second and peak Python memory.

    python benchmarks/incremental_merge.py [ROWS]
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from iaextract.writers.formats import WRITERS
from iaextract.writers.merge import CurrentStore, read_current

COLUMNS = ["id", "finding", "district", "age", "flag"]
CHUNK = 5000


def rows(start: int, stop: int, finding: str) -> list[tuple[object, ...]]:
    return [(f"id-{i:09d}", finding, f"District {i % 7}", i % 90, i % 2 == 0)
            for i in range(start, stop)]


def main(total: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        current = folder / "current.ndjson"
        writer = WRITERS["ndjson"](current, COLUMNS)
        for start in range(0, total, CHUNK):
            writer.write_rows(rows(start, min(start + CHUNK, total), "Sustained"))
        writer.close()

        tracemalloc.start()
        began = time.perf_counter()
        store = CurrentStore(folder / "merge.sqlite", COLUMNS, ["id"], text_only=False)
        store.load(read_current(current, "ndjson", COLUMNS))
        loaded = time.perf_counter()
        # the batch: every tenth row updated, then 1% new rows, in chunks
        for start in range(0, total, CHUNK):
            store.merge(rows(start, min(start + CHUNK, total), "Exonerated")[::10])
        for start in range(total, total * 101 // 100, CHUNK):
            store.merge(rows(start, min(start + CHUNK, total * 101 // 100), "New"))
        merged = time.perf_counter()
        out = WRITERS["ndjson"](folder / "new.ndjson", COLUMNS)
        for chunk in store.chunks(CHUNK):
            out.write_rows(chunk)
        out.close()
        written = time.perf_counter()
        _, peak = tracemalloc.get_traced_memory()
        counts = store.counts
        store.close()
    print(f"{total:,} current rows: load {total / (loaded - began):,.0f} rows/s, "
          f"merge {counts.new:,} new + {counts.updated:,} updated in {merged - loaded:.2f}s, "
          f"rewrite {total / (written - merged):,.0f} rows/s; peak Python memory "
          f"{peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
