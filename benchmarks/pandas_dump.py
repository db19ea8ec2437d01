"""Baselines 2 and 3 of bench_export.py: what an analyst's pandas script would do.

Joined (baseline 2): each dataset's whole joined result (the very SELECT iaextract
runs) read into a DataFrame with ``read_sql`` and written with ``to_csv``.
Naive (baseline 3, ``--every-table``): no joins and no mapping at all, every table of
the source dumped as it is (``read_sql('select * from T')`` + ``to_csv``), which is
what a clerk's analyst writes first. Run as a separate process by the benchmark so
its memory is measured on its own.

    python benchmarks/pandas_dump.py DATABASE OUT_DIR NAME=QUERY.sql [NAME=QUERY.sql ...]
    python benchmarks/pandas_dump.py --every-table DATABASE OUT_DIR
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pandas as pd


def main(argv: list[str]) -> None:
    every_table = argv[:1] == ["--every-table"]
    database, out_dir, *queries = argv[1:] if every_table else argv
    with sqlite3.connect(f"file:{Path(database).as_posix()}?mode=ro", uri=True) as conn:
        if every_table:
            tables = [name for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            sql = {name: f'SELECT * FROM "{name}"' for name in tables}
        else:
            sql = {name: Path(file).read_text(encoding="utf-8")
                   for name, file in (item.split("=", 1) for item in queries)}
        for name, query in sql.items():
            pd.read_sql(query, conn).to_csv(Path(out_dir) / f"{name}.csv", index=False)


if __name__ == "__main__":
    main(sys.argv[1:])
