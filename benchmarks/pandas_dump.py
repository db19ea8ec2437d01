"""Baseline 2 of bench_export.py: a naive pandas export of the same joined rows.

Reads each dataset's whole joined result into a DataFrame with ``read_sql`` and
writes it with ``to_csv`` — what a one-off script would do. Run as a separate
process by the benchmark so its memory is measured on its own.

    python benchmarks/pandas_dump.py DATABASE OUT_DIR NAME=QUERY.sql [NAME=QUERY.sql ...]
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pandas as pd


def main(argv: list[str]) -> None:
    database, out_dir, *queries = argv
    with sqlite3.connect(f"file:{Path(database).as_posix()}?mode=ro", uri=True) as conn:
        for item in queries:
            name, sql_file = item.split("=", 1)
            frame = pd.read_sql(Path(sql_file).read_text(encoding="utf-8"), conn)
            frame.to_csv(Path(out_dir) / f"{name}.csv", index=False)


if __name__ == "__main__":
    main(sys.argv[1:])
