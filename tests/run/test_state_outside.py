"""Issue 14 item 10: the incremental state (exact source modification times) is kept
outside the published folder, and nothing published is more precise than the policy's
date precision."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from ..support import run_cli, write_config

# Disclosure control in report mode: under enforce every incremental run rebuilds.
INCREMENTAL = '[policy.disclosure]\nmode = "report"\n[run]\nmode = "incremental"\n'
EDITED = (datetime.now() - timedelta(days=2)).replace(microsecond=0, second=27)


def _edit_one_incident(database: Path, when: datetime = EDITED, which: str = "min") -> None:
    """Change the findings of one complaint, stamped ``when``."""
    incident = (f"(SELECT {which}(IncidentID) FROM Incidents "
                "WHERE IncidentType IN ('CC', 'IC'))")
    with sqlite3.connect(database) as db:
        db.execute(f"UPDATE Incidents SET LastModified = ? WHERE IncidentID = {incident}",
                   (f"{when:%Y-%m-%d %H:%M:%S}",))
        db.execute("UPDATE Allegations SET Finding = CASE Finding WHEN 'EXON' THEN 'UNF' "
                   f"ELSE 'EXON' END WHERE IncidentID = {incident}")


def _published_text(out: Path) -> str:
    return "".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in out.rglob("*") if p.is_file())


def test_state_beside_the_config_and_no_exact_time_published(tmp_path: Path,
                                                              demo_db: Path) -> None:
    source = tmp_path / "source.sqlite"
    shutil.copyfile(demo_db, source)
    _edit_one_incident(source)
    config = write_config(tmp_path / "agency", source, extra=INCREMENTAL)
    out = tmp_path / "agency" / "export"
    for run in range(2):  # the second run reads from the watermark: read_from is set
        result = run_cli("export", "-c", str(config), "-d", "complaint_allegations")
        assert result.returncode == 0, result.stderr
        if run == 0:
            _edit_one_incident(source, EDITED + timedelta(seconds=1), "max")
    [state] = (tmp_path / "agency" / ".iaextract-state").glob("export-*.json")
    marks = json.loads(state.read_text(encoding="utf-8"))["datasets"]
    edited = EDITED + timedelta(seconds=1)
    assert marks["complaint_allegations"]["watermark"] == edited.isoformat()
    assert not [p for p in out.rglob("*state*")]
    text = _published_text(out)
    for exact in (EDITED, edited):
        assert exact.isoformat() not in text and f"{exact:%H:%M:%S}" not in text
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["datasets"]["complaint_allegations"]["incremental"]["read_from"] == \
        f"{EDITED:%Y-%m}"  # the policy's precision: month


def test_a_state_file_in_the_published_folder_is_moved_out(tmp_path: Path,
                                                           demo_db: Path) -> None:
    source = tmp_path / "source.sqlite"
    shutil.copyfile(demo_db, source)
    _edit_one_incident(source)
    # An earlier version kept the state in the output folder.
    legacy = write_config(tmp_path / "agency", source,
                          extra=INCREMENTAL + '[state]\npath = "export/.iaextract-state.json"\n')
    first = run_cli("export", "-c", str(legacy), "-d", "complaint_allegations")
    assert first.returncode == 0, first.stderr
    out = tmp_path / "agency" / "export"
    old = json.loads((out / ".iaextract-state.json").read_text(encoding="utf-8"))
    config = write_config(tmp_path / "agency", source, extra=INCREMENTAL)
    second = run_cli("export", "-c", str(config), "-d", "complaint_allegations")
    assert second.returncode == 0, second.stderr
    assert "complaint_allegations: 0 new rows" in second.stdout  # watermarks kept
    assert not (out / ".iaextract-state.json").exists()
    [state] = (tmp_path / "agency" / ".iaextract-state").glob("*.json")
    assert json.loads(state.read_text(encoding="utf-8"))["datasets"] == old["datasets"]
