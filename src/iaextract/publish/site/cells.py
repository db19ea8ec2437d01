"""Small-cell suppression of a count table, with complementary suppression.

A count from 1 to k-1 is published as ``<k``; a zero counts no one and stays 0. A
published total would let a reader subtract the other cells and recover a hidden count,
so every line (a row or column with its total) is audited: given what is shown, each
hidden small count must still be able to be anything from 1 to k-1, and no hidden cell
may be pinned to one value. Where a line fails, its smallest shown count is hidden too
(complementary suppression, shown as a dash), or, if none is left, its total; the audit
repeats over all lines until every line passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

UNBOUNDED = float("inf")


class Status(str, Enum):
    """How one published count appears."""

    SHOWN = "shown"
    SMALL = "small"  # 1 .. k-1: published as "<k"
    HIDDEN = "hidden"  # >= k, hidden so that a total cannot reveal a small count


@dataclass
class CountTable:
    """Counts by row label (and column label), with the totals that will be published.

    One column and no ``row_totals``: a list with its total. Several columns: a grid
    with row totals, column totals and a grand total.
    """

    rows: list[str]
    columns: list[str]
    counts: list[list[int]]
    status: list[list[Status]] = field(default_factory=list)

    @property
    def grid(self) -> bool:
        return len(self.columns) > 1

    def with_totals(self) -> list[list[int]]:
        """The counts with a total row appended (and a total column, for a grid)."""
        body = [list(r) + ([sum(r)] if self.grid else []) for r in self.counts]
        width = len(self.columns) + (1 if self.grid else 0)
        return body + [[sum(r[c] for r in body) for c in range(width)]]


Position = tuple[int, int]


def lines(table: CountTable) -> list[tuple[list[Position], Position]]:
    """Every (cells, total) constraint a reader of the published table can use."""
    n_rows, n_cols = len(table.rows), len(table.columns)
    found = [([(r, c) for r in range(n_rows)], (n_rows, c)) for c in range(n_cols)]
    if table.grid:
        found += [([(r, c) for c in range(n_cols)], (r, n_cols)) for r in range(n_rows + 1)]
        found.append(([(r, n_cols) for r in range(n_rows)], (n_rows, n_cols)))
    return found


def suppress(table: CountTable, k: int) -> CountTable:
    """Set ``table.status`` for every count and total; returns the table."""
    values = table.with_totals()
    status = [[Status.SMALL if 0 < v < k else Status.SHOWN for v in row] for row in values]
    constraints = lines(table)
    changed = True
    while changed:
        changed = False
        for cells, total in constraints:
            while not line_safe([(values[r][c], status[r][c]) for r, c in cells],
                                (values[total[0]][total[1]], status[total[0]][total[1]]), k):
                r, c = complement(cells + [total], values, status, k)
                status[r][c] = Status.HIDDEN
                changed = True
    table.status = status
    return table


def complement(candidates: list[Position], values: list[list[int]],
               status: list[list[Status]], k: int) -> Position:
    """The smallest shown count of at least k among the cells, else the line's total."""
    shown = [(values[r][c], (r, c)) for r, c in candidates[:-1]
             if status[r][c] is Status.SHOWN and values[r][c] >= k]
    return min(shown)[1] if shown else candidates[-1]


def line_safe(cells: list[tuple[int, Status]], total: tuple[int, Status], k: int) -> bool:
    """Whether a reader who knows the shown cells and the total learns nothing more about
    the hidden ones than their marks say (small: 1..k-1; hidden: k or more)."""
    total_value, total_status = total
    if total_status is not Status.SHOWN:
        return True  # no exact sum to subtract from
    hidden = [(v, s) for v, s in cells if s is not Status.SHOWN]
    if not hidden:
        return True
    rest = total_value - sum(v for v, s in cells if s is Status.SHOWN)
    bounds = [(1, k - 1) if s is Status.SMALL else (k, UNBOUNDED) for _, s in hidden]
    for i, ((_, s), (lo, hi)) in enumerate(zip(hidden, bounds, strict=True)):
        others = bounds[:i] + bounds[i + 1:]
        least = max(lo, rest - sum(h for _, h in others))
        most = min(hi, rest - sum(o for o, _ in others))
        if s is Status.SMALL and (least > 1 or most < k - 1):
            return False
        if least >= most:
            return False
    return True
