"""A dataset's JSON and NDJSON read a batch of records at a time as columns give the
scan exactly the values, fields and rows that a reading cell by cell gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from iaextract.leakscan.cells import Columns, record_batches, record_cells

FLAT = ['{"name": "O\'BRIEN, PATRICK", "age": 41, "sworn": true, "note": null}',
        '{"name": "Will Rose", "age": 7.5, "sworn": false, "note": "(317) 555-0123"}',
        '{"name": "", "age": null, "sworn": null, "note": "King\u2019s car"}']


def cells_from_batches(path: Path, size: int) -> list[tuple[int, str, str]]:
    cells = []
    for batch in record_batches(path, size):
        if isinstance(batch, Columns):
            for i, field in enumerate(batch.fields):
                cells += [(batch.first + r, field, text)
                          for r, text in enumerate(batch.columns[i]) if text]
        else:
            cells += [cell for cell in batch if cell[2]]
    return sorted(cells)


@pytest.mark.parametrize("lines", [
    ["[", *(line + "," for line in FLAT[:-1]), FLAT[-1], "]"],  # a JSON array, a record a line
    FLAT * 3,  # NDJSON, more than one batch
    [*FLAT, '{"name": {"first": "Rose", "last": "King"}, "age": [1, 2]}', *FLAT],  # nested
    [FLAT[0], '{"note": "x", "name": "y"}', FLAT[1]],  # fields in another order
    [FLAT[0], '"a record that is only a string"', '["a", "list"]', FLAT[2]],
    [FLAT[0], FLAT[1] + ", " + FLAT[2], FLAT[0]],  # two records on a line: not one a line
    [FLAT[0], '{"name": "Will Rose", broken', FLAT[1]],  # not JSON: the file as text
    ["[]"], [],
], ids=["array", "ndjson", "nested", "order", "not-objects", "two-a-line", "broken", "empty",
        "nothing"])
@pytest.mark.parametrize("size", [2, 2048])
def test_batches_give_what_a_cell_by_cell_reading_gives(tmp_path: Path, lines: list[str],
                                                         size: int) -> None:
    path = tmp_path / "use_of_force.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = sorted(cell for cell in record_cells(path) if cell[2])
    assert cells_from_batches(path, size) == expected


def test_flat_records_come_as_columns(tmp_path: Path) -> None:
    path = tmp_path / "use_of_force.ndjson"
    path.write_text("\n".join(FLAT) + "\n", encoding="utf-8")
    (batch,) = record_batches(path)
    assert isinstance(batch, Columns) and batch.first == 1
    assert batch.fields == ["name", "age", "sworn", "note"]
    assert batch.columns[1] == ["41", "7.5", None] and batch.columns[2] == ["True", "False", None]


def test_a_columns_candidates_leave_out_only_unknown_pseudonyms() -> None:
    """A batch column's distinct values to look up: everything but a value shaped like
    a pseudonym that is not a known value of that shape; the same from Arrow's column."""
    import pyarrow as pa

    from iaextract.leakscan.arrowcsv import ArrowColumn
    from iaextract.leakscan.cells import ListColumn

    known = {"0123456789abcdef"}
    values = ["0123456789abcdef", "fedcba9876543210", "fedcba9876543210", None,
              "0123456789ABCDEF", "0123456789abcde", "0123456789abcdef0", "g123456789abcdef",
              "note\nfedcba9876543210", "fedcba9876543210\n", "Okafor called", ""]
    expected = {"0123456789abcdef", "0123456789ABCDEF", "0123456789abcde",
                "0123456789abcdef0", "g123456789abcdef", "note\nfedcba9876543210",
                "fedcba9876543210\n", "Okafor called", ""}
    assert ListColumn(values).candidates(known) == expected
    arrow = ArrowColumn(pa.array([v or "" for v in values], pa.string()))
    assert arrow.candidates(known) == expected
