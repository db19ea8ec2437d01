"""Count one dataset's CSV for all of its charts in one streamed pass.

Rows are read one at a time; a row count keeps one counter per cell. A distinct count
(officers, people, incidents) keeps 12 bytes a row in compact arrays (a 64-bit hash of
the identifier and the cell's number) and de-duplicates them with numpy at the end,
so memory stays small next to the rows themselves and no dataset is loaded whole.
"""

from __future__ import annotations

import csv
from array import array
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from iaextract.publish.site.catalogue import NOT_RECORDED, ChartSpec
from iaextract.publish.site.cells import CountTable, Status, suppress

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
          "Dec")


def label(value: str, period: str | None) -> str | None:
    """The row or column label of one value: a year, a month name, or the value itself.

    None for a date without that period (a month asked of a date published by year).
    """
    if not value:
        return NOT_RECORDED
    if period == "year":
        return value[:4]
    if period == "month":
        month = value[5:7]
        return MONTHS[int(month) - 1] if month.isdigit() and 1 <= int(month) <= 12 else None
    return value


class Tally:
    """The counts of one chart, filled row by row."""

    def __init__(self, spec: ChartSpec, header: list[str]) -> None:
        self.spec = spec
        self.row_index, self.row_period = self._locate(spec.rows, header)
        self.col_index: int | None = None
        self.col_period: str | None = None
        if spec.columns:
            self.col_index, self.col_period = self._locate(spec.columns, header)
        self.unit_index = header.index(spec.unit) if spec.unit else None
        self.rows: Counter[tuple[str, str]] = Counter()
        self.cells: dict[tuple[str, str], int] = {}
        self.ids = array("Q")
        self.codes = array("I")
        self.labels: dict[tuple[str, str | None], str | None] = {}

    @staticmethod
    def _locate(dimension: str, header: list[str]) -> tuple[int, str | None]:
        name, _, period = dimension.partition("@")
        return header.index(name), period or None

    def add(self, row: list[str]) -> None:
        r = self._label(row[self.row_index], self.row_period)
        c = self._label(row[self.col_index], self.col_period) if self.col_index is not None \
            else ""
        if r is None or c is None:
            return
        if self.unit_index is None:
            self.rows[r, c] += 1
            return
        identifier = row[self.unit_index]
        if not identifier:
            return  # no one to count
        code = self.cells.setdefault((r, c), len(self.cells))
        # Python's 64-bit string hash: the same within this process, which is all a
        # distinct count needs (two of a million identifiers collide with odds of 1 in 10^7)
        self.ids.append(hash(identifier) & 0xFFFF_FFFF_FFFF_FFFF)
        self.codes.append(code)

    def _label(self, value: str, period: str | None) -> str | None:
        """``label``, remembered: a dataset has few distinct dates and categories."""
        key = (value, period)
        if key not in self.labels:
            self.labels[key] = label(value, period)
        return self.labels[key]

    def counts(self) -> Counter[tuple[str, str]]:
        """How many rows, or distinct identifiers, fell in each (row, column) label."""
        if self.unit_index is None:
            return self.rows
        if not self.ids:
            return Counter()
        pairs = np.stack([np.frombuffer(self.ids, dtype=np.uint64),
                          np.frombuffer(self.codes, dtype=f"u{self.codes.itemsize}")
                          .astype(np.uint64)],
                         axis=1)
        per_code = np.bincount(np.unique(pairs, axis=0)[:, 1].astype(np.int64),
                               minlength=len(self.cells))
        return Counter({cell: int(per_code[code]) for cell, code in self.cells.items()})

    def table(self) -> CountTable:
        """The counts as a table: years and months in calendar order with every month
        between the first and the last, categories alphabetically, "Not recorded" last."""
        counts = self.counts()
        rows = order({r for r, _ in counts}, self.row_period)
        columns = (order({c for _, c in counts}, self.col_period)
                   if self.col_index is not None else [self.spec.noun.capitalize()])
        if self.col_index is None:
            grid = [[counts[r, ""]] for r in rows]
        else:
            grid = [[counts[r, c] for c in columns] for r in rows]
        return CountTable(rows, columns, grid)

    def published(self, k: int) -> CountTable:
        """The table as published: small counts suppressed, categories by count."""
        table = suppress(self.table(), k)
        return arrange(table, by_rows=self.row_period is None,
                       by_columns=self.col_index is not None and self.col_period is None)


def order(labels: set[str], period: str | None) -> list[str]:
    """Labels in reading order (see ``Tally.table``)."""
    known = sorted(labels - {NOT_RECORDED})
    if period == "month":
        known = list(MONTHS)
    elif period == "year" and known and all(y.isdigit() for y in known):
        known = [str(y) for y in range(int(known[0]), int(known[-1]) + 1)]
    return known + ([NOT_RECORDED] if NOT_RECORDED in labels else [])


def arrange(table: CountTable, *, by_rows: bool, by_columns: bool) -> CountTable:
    """Categories with the largest published totals first; those whose total is not
    published come after, alphabetically, so that the order reveals nothing about a
    count the table hides; "Not recorded" last."""
    full = table.with_totals()

    def key(label: str, total: int, status: Status) -> tuple[bool, bool, int, str]:
        shown = status is Status.SHOWN
        return label == NOT_RECORDED, not shown, -total if shown else 0, label

    rows = list(range(len(table.rows)))
    if by_rows:
        rows.sort(key=lambda i: key(table.rows[i], full[i][-1], table.status[i][-1]))
    columns = list(range(len(table.columns)))
    if by_columns:
        columns.sort(key=lambda j: key(table.columns[j], full[-1][j], table.status[-1][j]))
    tail = list(range(len(table.columns), len(full[0])))  # the total column, if any
    return CountTable([table.rows[i] for i in rows], [table.columns[j] for j in columns],
                      [[table.counts[i][j] for j in columns] for i in rows],
                      [[table.status[i][j] for j in columns + tail]
                       for i in [*rows, len(table.rows)]])


def tally_csv(path: Path, specs: Iterable[ChartSpec]) -> tuple[int, list[Tally]]:
    """Stream ``path`` once, counting for every chart; returns (rows read, tallies)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        tallies = [Tally(spec, header) for spec in specs]
        rows = 0
        for row in reader:
            rows += 1
            for tally in tallies:
                tally.add(row)
    return rows, tallies


def csv_header(path: Path) -> list[str]:
    """The column names of an exported CSV."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), [])
