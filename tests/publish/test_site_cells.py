"""Small-cell suppression: checked against every table a reader could reconstruct."""

from __future__ import annotations

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from iaextract.publish.site.catalogue import ChartSpec
from iaextract.publish.site.cells import CountTable, Status, suppress
from iaextract.publish.site.pages import cell_text
from iaextract.publish.site.tally import Tally

K = 4


def marks(table: CountTable) -> list[list[str]]:
    return [[s.value for s in row] for row in table.status]


def feasible(cells: list[tuple[Status, int]], total: int | None, k: int) -> list[set[int]]:
    """Brute force: for each cell, every value it can take in some table consistent with
    what is published (shown values, "<k" meaning 1..k-1, a dash meaning k or more;
    ``total`` None: the total is not published either)."""
    cap = total if total is not None else sum(v for _, v in cells) + k
    ranges = [range(v, v + 1) if s is Status.SHOWN else range(1, k) if s is Status.SMALL
              else range(k, cap + 1) for s, v in cells]
    seen: list[set[int]] = [set() for _ in cells]
    for values in product(*ranges):
        if total is None or sum(values) == total:
            for i, v in enumerate(values):
                seen[i].add(v)
    return seen


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 14), min_size=1, max_size=5))
def test_a_list_with_its_total_never_reveals_a_small_count(counts: list[int]) -> None:
    table = suppress(CountTable([str(i) for i in range(len(counts))], ["n"],
                                [[c] for c in counts]), K)
    total, total_status = sum(counts), table.status[-1][0]
    cells = [(table.status[i][0], c) for i, c in enumerate(counts)]
    for (status, value), row in zip(cells, table.status[:-1], strict=True):
        assert (status is Status.SMALL) == (0 < value < K) or row[0] is Status.HIDDEN
    known = total if total_status is Status.SHOWN else None
    for (status, value), values in zip(cells, feasible(cells, known, K), strict=True):
        assert value in values
        if status is Status.SMALL:
            assert values == set(range(1, K)), (counts, marks(table))
        elif status is Status.HIDDEN and known is not None:
            assert len(values) > 1, (counts, marks(table))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), min_size=3, max_size=3), min_size=2,
                max_size=3))
def test_each_row_and_column_of_a_grid_keeps_its_small_counts_secret(grid: list[list[int]]
                                                                      ) -> None:
    table = suppress(CountTable([f"r{i}" for i in range(len(grid))], ["a", "b", "c"],
                                [list(r) for r in grid]), K)
    full = table.with_totals()
    lines = [[(r, c) for c in range(3)] + [(r, 3)] for r in range(len(grid) + 1)]
    lines += [[(r, c) for r in range(len(grid))] + [(len(grid), c)] for c in range(4)]
    for line in lines:
        *cells, (tr, tc) = line
        if table.status[tr][tc] is not Status.SHOWN:
            continue
        published = [(table.status[r][c], full[r][c]) for r, c in cells]
        possible = feasible(published, full[tr][tc], K)
        for (status, _), values in zip(published, possible, strict=True):
            if status is Status.SMALL:
                assert values == set(range(1, K)), (grid, marks(table))
            elif status is Status.HIDDEN:
                assert len(values) > 1, (grid, marks(table))


def test_a_lone_small_count_hides_the_next_smallest_and_shows_as_less_than_k() -> None:
    table = suppress(CountTable(["a", "b", "c", "d"], ["n"], [[2], [9], [6], [40]]), K)
    assert [cell_text(table, r, 0, K) for r in range(5)] == ["<4", "9", "–", "40", "57"]


def test_zero_is_published_and_a_small_total_is_less_than_k() -> None:
    table = suppress(CountTable(["a", "b"], ["n"], [[0], [3]]), K)
    assert [cell_text(table, r, 0, K) for r in range(3)] == ["0", "<4", "<4"]


def test_categories_are_ordered_by_published_counts_only() -> None:
    spec = ChartSpec("x", "X", "race", "people")
    tally = Tally(spec, ["race"])
    for race, n in {"Asian": 3, "Black": 40, "White": 12, "Hispanic": 9, "": 20}.items():
        for _ in range(n):
            tally.add([race])
    table = tally.published(K)
    # the small count and the one hidden to protect it come alphabetically, after the
    # published ones, so their order says nothing about them
    assert table.rows == ["Black", "White", "Asian", "Hispanic", "Not recorded"]
    assert [cell_text(table, r, 0, K) for r in range(6)] == \
        ["40", "12", "<4", "–", "20", "84"]
