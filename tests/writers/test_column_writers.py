"""Issue 20 item 2: the writers work a column (CSV) or a chunk (JSON, NDJSON) at a time,
and still write every value exactly as the one-value rules say: cell() for CSV,
json.dumps of plain() values for JSON and NDJSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from iaextract.writers.formats import FormatSet, cell, plain

COLUMNS = ["id", "name", "flag", "when", "day", "miles", "note", "mixed"]
#: Columns that need no conversion (text, empties, numbers, dates) beside ones that do
#: (booleans, datetimes, formula text), and one column holding every kind at once.
ROWS: list[tuple[Any, ...]] = [
    (1, "O'BRIEN, WILL", True, datetime(2019, 3, 4, 5, 6, 7), date(2019, 3, 4), 2.5,
     "-2+3", "=1+1"),
    (2, "Rose King", False, None, None, -0.0, "plain, \"quoted\"\r\ntext", 7),
    (3, None, None, datetime(2020, 1, 1), date(1999, 12, 31), None, "\tTAB", True),
    (4, "Zoë ’Nadia’ Ng", True, None, date(2001, 1, 1), 1e21, None, -12.5),
    (5, "", False, datetime(2021, 6, 1, 0, 0), None, 3.0, "@SUM(1)", date(2020, 2, 29)),
]


def _one_value_csv(rows: list[tuple[Any, ...]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([cell(v) for v in row] for row in rows)
    return buffer.getvalue()


def _one_value_json(row: tuple[Any, ...]) -> str:
    return json.dumps(dict(zip(COLUMNS, map(plain, row), strict=True)), ensure_ascii=False)


def _write(folder: Path, chunks: list[list[tuple[Any, ...]]]) -> dict[str, str]:
    formats = FormatSet(folder, "", "t", ["csv", "json", "ndjson"], COLUMNS)
    for chunk in chunks:
        formats.write_rows(chunk)
    formats.close()
    return {f: (folder / f"t.{f}").read_text(encoding="utf-8") for f in
            ("csv", "json", "ndjson")}


def test_each_value_is_written_as_the_one_value_rules_say(tmp_path: Path) -> None:
    written = _write(tmp_path, [ROWS[:2], [], ROWS[2:]])
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as handle:
        assert handle.read() == _one_value_csv(ROWS)
    objects = [_one_value_json(row) for row in ROWS]
    assert written["ndjson"] == "".join(o + "\n" for o in objects)
    assert written["json"] == "[\n" + ",\n".join(objects) + "\n]\n"
    assert json.loads(written["json"])[0]["when"] == "2019-03-04T05:06:07"


def test_a_column_needing_no_conversion_in_one_chunk_may_need_it_in_the_next(
        tmp_path: Path) -> None:
    plain_chunk = [(i, f"name {i}", "x", None, date(2020, 1, i), 1.5, "ok", "a")
                   for i in range(1, 4)]
    hostile_chunk = [(9, "=cmd|' /C calc'!A0", True, datetime(2020, 1, 1), None, None,
                      "+1", False)]
    _write(tmp_path, [plain_chunk, hostile_chunk])
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as handle:
        assert handle.read() == _one_value_csv(plain_chunk + hostile_chunk)
    last = list(csv.reader((tmp_path / "t.csv").open(encoding="utf-8", newline="")))[-1]
    assert last[1].startswith("'=") and last[2] == "true" and last[7] == "false"


def test_an_empty_dataset_writes_a_header_and_an_empty_array(tmp_path: Path) -> None:
    written = _write(tmp_path, [[]])
    assert written == {"csv": ",".join(COLUMNS) + "\n", "json": "[]\n", "ndjson": ""}
