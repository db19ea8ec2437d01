"""Numbers that break formats are invalid values, never an aborted run (issue 15, item 6).

NaN, infinities, numbers too large for a float (1e400) and negative counts or measures
in a real SQLite source: the export succeeds, those cells are blank in every format and
counted under ``invalid_values``, JSON stays strict JSON and the data package validates.
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

from frictionless import validate

from ..support import run_cli, write_config

BAD = {  # PursuitID order: the first rows get one bad value each
    "DurationMinutes": ["NaN", "inf", "-Infinity", "1e400", -3.5],
    "MaxSpeed": ["1e400", "NaN", "-inf", "-20", 9e999],
    "Injuries": ["1e400", -1, "nan", "Infinity", "abc"],
}


def strict_json(text: str) -> object:
    def refuse(constant: str) -> object:
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_nan_infinity_overflow_and_negatives_become_counted_blanks(tmp_path: Path,
                                                                   demo_db: Path) -> None:
    source = tmp_path / "source.sqlite"
    shutil.copyfile(demo_db, source)
    with sqlite3.connect(source) as db:
        ids = [r[0] for r in db.execute("SELECT p.PursuitID FROM Pursuits p JOIN Incidents i "
                                        "ON p.IncidentID = i.IncidentID WHERE "
                                        "i.IncidentType = 'VP' ORDER BY p.PursuitID LIMIT 5")]
        for column, values in BAD.items():
            for pursuit, value in zip(ids, values, strict=True):
                db.execute(f"UPDATE Pursuits SET {column} = ? WHERE PursuitID = ?",
                           (value, pursuit))
    config = write_config(tmp_path / "agency", source)
    result = run_cli("export", "-c", str(config), "-d", "vehicle_pursuits")
    assert result.returncode == 0, result.stderr
    out = config.parent / "export"
    manifest = strict_json((out / "manifest.json").read_text(encoding="utf-8"))
    invalid = manifest["datasets"]["vehicle_pursuits"]["invalid_values"]
    assert invalid == {"duration_minutes": 5, "max_speed_mph": 5, "injuries": 5}
    rows = strict_json((out / "vehicle_pursuits.json").read_text(encoding="utf-8"))
    assert isinstance(rows, list) and len(rows) > 5
    for line in (out / "vehicle_pursuits.ndjson").read_text(encoding="utf-8").splitlines():
        strict_json(line)
    with (out / "vehicle_pursuits.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    for row in table[:5]:
        assert row["duration_minutes"] == row["max_speed_mph"] == row["injuries"] == ""
    assert all(float(r["duration_minutes"]) >= 0 for r in table[5:] if r["duration_minutes"])
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    speed = next(f for r in package["resources"] if r["name"] == "vehicle_pursuits"
                 for f in r["schema"]["fields"] if f["name"] == "max_speed_mph")
    assert speed["constraints"]["minimum"] == 0
    report = validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
