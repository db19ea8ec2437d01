"""Incremental runs stay true to what they publish (issue 15, items 3 and 4): a changed
policy or mapping rebuilds instead of mixing, a watermark in the future is not trusted,
rows without a usable cursor are published and counted, and [run] lookback re-reads
late-committed rows."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from frictionless import validate

from iaextract.demo import shipped_mappings

from ..support import run_cli, write_config

# Disclosure control in report mode: under enforce every incremental run rebuilds.
INCREMENTAL = ('[policy.disclosure]\nmode = "report"\n'
               '[run]\nmode = "incremental"\nretry_delay = 0.01\n')
DATASET = "complaint_allegations"


def export(config: Path, *args: str) -> str:
    result = run_cli("export", "-c", str(config), "-d", DATASET, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def rows(config: Path) -> list[dict[str, str]]:
    with (config.parent / "export" / f"{DATASET}.csv").open(encoding="utf-8",
                                                              newline="") as handle:
        return list(csv.DictReader(handle))


def manifest(config: Path) -> dict:
    return json.loads((config.parent / "export" / "manifest.json").read_text(encoding="utf-8"))


def test_policy_change_rebuilds_so_every_row_follows_it(tmp_path: Path, source: Path) -> None:
    month = write_config(tmp_path / "agency", source, extra=INCREMENTAL,
                         policy='date_precision = "month"')
    export(month)
    assert all(re.fullmatch(r"\d{4}-\d{2}", r["received_date"]) for r in rows(month)
               if r["received_date"])
    year = write_config(tmp_path / "agency", source, extra=INCREMENTAL,
                        policy='date_precision = "year"')
    out = export(year)
    assert "rebuilt in full" in out and "policy changed" in out
    published = rows(year)
    assert published and all(re.fullmatch(r"\d{4}", r["received_date"]) for r in published
                             if r["received_date"])
    assert manifest(year)["policy"]["date_precision"] == "year"
    report = validate(year.parent / "export" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert "0 new rows" in export(year)  # and then it is incremental again


def test_mapping_change_rebuilds(tmp_path: Path, source: Path) -> None:
    mappings = tmp_path / "mappings"
    shutil.copytree(shipped_mappings(), mappings)
    config = write_config(tmp_path / "agency", source, extra=INCREMENTAL, mappings=mappings)
    export(config)
    file = mappings / f"{DATASET}.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace(
        "{CC: Citizen, IC: Internal}", "{CC: Internal, IC: Internal}"), encoding="utf-8")
    out = export(config)
    assert "mapping file changed" in out
    assert {r["complaint_type"] for r in rows(config)} == {"Internal"}


def state_file(config: Path) -> Path:
    [state] = (config.parent / ".iaextract-state").glob("*.json")  # kept beside the config
    return state


def test_watermark_in_the_future_is_not_trusted(tmp_path: Path, source: Path) -> None:
    config = write_config(tmp_path / "agency", source, extra=INCREMENTAL)
    export(config)
    state = json.loads(state_file(config).read_text(encoding="utf-8"))
    state["datasets"][DATASET]["watermark"] = "2999-01-01T00:00:00"
    state_file(config).write_text(json.dumps(state), encoding="utf-8")
    with sqlite3.connect(source) as db:
        db.execute("UPDATE Allegations SET Finding = 'EXON'")
        db.execute("UPDATE Incidents SET LastModified = ?",
                   (f"{datetime.now() - timedelta(minutes=1):%Y-%m-%d %H:%M:%S}",))
    out = export(config)
    assert "in the future" in out
    assert {r["finding"] for r in rows(config)} == {"Exonerated"}
    saved = json.loads(state_file(config).read_text(encoding="utf-8"))
    assert datetime.fromisoformat(saved["datasets"][DATASET]["watermark"]) <= datetime.now()


def test_rows_without_a_usable_cursor_are_published_and_counted(tmp_path: Path,
                                                                source: Path) -> None:
    config = write_config(tmp_path / "agency", source, extra=INCREMENTAL)
    export(config)
    before = len(rows(config))
    with sqlite3.connect(source) as db:
        incident = db.execute("SELECT max(IncidentID) FROM Incidents").fetchone()[0]
        db.execute("INSERT INTO Incidents (IncidentID, IncidentNumber, IncidentType, "
                   "ReceivedDate, OccurredDate, LastModified) VALUES (?, 'IA-NEW-1', 'CC', "
                   "'2024-01-02', '2024-01-01', NULL), (?, 'IA-NEW-2', 'CC', '2024-01-02', "
                   "'2024-01-01', 'last tuesday')", (incident + 1, incident + 2))
        allegation = db.execute("SELECT max(AllegationID) FROM Allegations").fetchone()[0]
        for n in (1, 2):
            db.execute("INSERT INTO Allegations (AllegationID, IncidentID, AllegCode, Finding) "
                       "VALUES (?, ?, 'FORCE', 'SUS')", (allegation + n, incident + n))
    out = export(config)
    assert len(rows(config)) == before + 2
    assert "2 rows without a usable cursor" in out
    details = manifest(config)["datasets"][DATASET]["incremental"]
    assert details["cursor_unusable"] == 2
    again = export(config)  # re-read every run, but published once
    assert "0 new rows" in again and len(rows(config)) == before + 2


def test_lookback_rereads_late_committed_rows(tmp_path: Path, source: Path) -> None:
    config = write_config(tmp_path / "agency", source,
                          extra=INCREMENTAL + 'lookback = "2 days"\n')
    export(config)
    watermark = datetime.fromisoformat(json.loads(state_file(config).read_text(
        encoding="utf-8"))["datasets"][DATASET]["watermark"])
    late = watermark - timedelta(days=1)  # committed after the run, stamped before it
    with sqlite3.connect(source) as db:
        incident = db.execute("SELECT a.IncidentID FROM Allegations a JOIN Incidents i ON "
                              "a.IncidentID = i.IncidentID WHERE i.IncidentType = 'CC' "
                              "LIMIT 1").fetchone()[0]
        db.execute("UPDATE Allegations SET Finding = 'UNF' WHERE IncidentID = ?", (incident,))
        db.execute("UPDATE Incidents SET LastModified = ? WHERE IncidentID = ?",
                   (f"{late:%Y-%m-%d %H:%M:%S}", incident))
    out = export(config)
    assert "updated" in out and "0 new rows" not in out
    # read_from is published at the policy's date precision (month), never to the second.
    assert manifest(config)["datasets"][DATASET]["incremental"]["read_from"] == \
        f"{watermark - timedelta(days=2):%Y-%m}"
