"""Issue 20 item 2: the writers' column paths (a column of text examined whole, its
distinct values converted once) write exactly what the one-value rules write, and
guard a hostile value wherever it stands: in any column, first, middle or last of a
chunk, among values that take the fast path."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from iaextract.chunks import ColumnChunk
from iaextract.writers.columns import Chunk, csv_fields, json_values
from iaextract.writers.formats import CsvWriter, FormatSet, cell, plain

#: What a hostile or awkward source may hold in a text column: formula starts, what CSV
#: quotes, what JSON escapes, terminal controls, bidi and zero-width marks, none/empty.
HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(1)", "\tTAB", "\r=1+1", "=", "-", "LAST, FIRST", 'say "hi"', "two\nlines",
           "crlf\r\nend", "lone\rcr", "back\\slash", "nul\x00", "bell\x07", "esc\x1b[2J",
           "bidi\u202eevil", "zero\u200bwidth", "para\u2029sep", "del\x7f", "O\u2019BRIEN",
           "Zo\u00eb", "", None, ",", '"', "2019-Q1,", "a-b", " =spaced"]
COLUMNS = ["id", "district", "band", "when", "count", "flag", "note"]
TEXT_COLUMNS = [0, 1, 2, 3, 6]


def _plain_rows(count: int) -> list[list[Any]]:
    # Values that take the fast paths: pseudonyms, codes, bands, generalised dates.
    return [[f"{n:016x}", ["North", "South", None][n % 3], ["25-34", "20+", "35-44"][n % 3],
             f"2019-Q{n % 4 + 1}", n - 2, [True, False, None][n % 3],
             None if n % 5 else "Will Rose King"] for n in range(count)]


def _chunks() -> list[list[list[Any]]]:
    """A plain chunk, then each hostile value in each text column at the start, the
    middle and the end of a chunk of plain values."""
    chunks = [_plain_rows(9)]
    for column in TEXT_COLUMNS:
        for value in HOSTILE:
            for row in (0, 4, 8):
                chunk = _plain_rows(9)
                chunk[row][column] = value
                chunks.append(chunk)
    return chunks


def _one_value_csv(columns: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def _one_value_objects(columns: list[str], rows: list[list[Any]]) -> list[str]:
    return [json.dumps(dict(zip(columns, map(plain, row), strict=True)), ensure_ascii=False)
            for row in rows]


def _write_all(folder: Path, columns: list[str], chunks: list[list[list[Any]]]
               ) -> dict[str, str]:
    formats = FormatSet(folder, "", "t", ["csv", "json", "ndjson"], columns)
    for chunk in chunks:
        formats.write_rows(chunk)
    formats.close()
    return {f: (folder / f"t.{f}").read_bytes().decode("utf-8", "surrogatepass")
            for f in ("csv", "json", "ndjson")}


def test_the_fast_paths_are_taken_by_plain_columns() -> None:
    # Else the tests below would not test them.
    chunk = Chunk(ColumnChunk.of_rows([row for row in _plain_rows(9) if row[1] is not None]))
    assert csv_fields(chunk, 0) is chunk.columns[0]  # text as it is
    assert csv_fields(chunk, 1) is chunk.columns[1]
    assert json_values(chunk, 0) == (chunk.columns[0], True)  # text put in quotes
    assert json_values(chunk, 1) == (chunk.columns[1], True)


def test_a_hostile_value_in_any_text_column_is_written_as_the_one_value_rules_say(
        tmp_path: Path) -> None:
    chunks = _chunks()
    rows = [row for chunk in chunks for row in chunk]
    written = _write_all(tmp_path, COLUMNS, chunks)
    assert written["csv"] == _one_value_csv(COLUMNS, rows)
    objects = _one_value_objects(COLUMNS, rows)
    assert written["ndjson"] == "".join(o + "\n" for o in objects)
    assert written["json"] == "[\n" + ",\n".join(objects) + "\n]\n"


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_a_formula_among_plain_values_is_guarded_in_every_text_column(
        tmp_path: Path, column: int) -> None:
    chunk = _plain_rows(9)
    chunk[4][column] = "=1+2"
    _write_all(tmp_path, COLUMNS, [chunk])
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as handle:
        read = list(csv.reader(handle))[1:]
    assert read[4][column] == "'=1+2"
    assert [r[column] for r in read] == [cell(r[column]) for r in chunk]
    records = [json.loads(line) for line in (tmp_path / "t.ndjson").open(encoding="utf-8")]
    assert records[4][COLUMNS[column]] == "=1+2"  # JSON keeps the exact text


def test_numbers_stay_numbers_and_odd_values_are_written_as_the_rules_say(
        tmp_path: Path) -> None:
    columns = ["int", "float", "mixed", "day", "stamp"]
    rows: list[list[Any]] = [
        [-5, -0.0, 1, date(2019, 3, 4), datetime(2019, 3, 4, 5, 6, 7)],
        [0, float("nan"), 1.0, None, None],
        [10**30, float("inf"), True, date(1999, 12, 31), datetime(2020, 1, 1)],
        [None, float("-inf"), None, date(2001, 1, 1), datetime(2021, 6, 1, 0, 0, 0, 5)],
        [7, 1e21, "=x", None, None],
    ]
    written = _write_all(tmp_path, columns, [rows, rows[:1]])
    assert written["csv"] == _one_value_csv(columns, rows + rows[:1])
    assert written["ndjson"] == "".join(o + "\n" for o in
                                        _one_value_objects(columns, rows + rows[:1]))


def test_one_column_and_repeated_names_are_written_as_before(tmp_path: Path) -> None:
    # csv.writer writes an empty field alone on its row as "", and json.dumps of a dict
    # keeps one value of a repeated name.
    written = _write_all(tmp_path, ["only"], [[("",), (None,), ("x",), ("=1",)]])
    assert written["csv"] == _one_value_csv(["only"], [[""], [None], ["x"], ["=1"]])
    assert written["csv"].count('""') == 2
    repeated = ["a", "b", "a"]
    rows = [["1", "2", "3"], [None, "=x", "y"]]
    written = _write_all(tmp_path / "r", repeated, [rows])
    assert written["ndjson"] == "".join(o + "\n" for o in _one_value_objects(repeated, rows))
    assert written["csv"] == _one_value_csv(repeated, rows)


def test_a_value_of_another_type_is_written_by_str_in_csv(tmp_path: Path) -> None:
    writer = CsvWriter(tmp_path / "t.csv", ["id", "amount"])
    rows = [["a", Decimal("1.50")], ["=b", Decimal("-2")]]
    writer.write_rows(rows)
    writer.close()
    assert (tmp_path / "t.csv").read_bytes().decode("utf-8") == \
        _one_value_csv(["id", "amount"], rows)


class _AllEqual(str):
    """Text that claims to equal every other: a dict of distinct values would merge it."""

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


def test_a_text_subclass_is_written_by_its_characters(tmp_path: Path) -> None:
    rows = [[_AllEqual("=1+1"), "x"], [_AllEqual("plain"), "y"], [_AllEqual("a,b"), "z"]]
    written = _write_all(tmp_path, ["text", "other"], [rows])
    assert written["csv"] == _one_value_csv(["text", "other"], rows)
    assert written["ndjson"] == "".join(o + "\n" for o in
                                        _one_value_objects(["text", "other"], rows))
