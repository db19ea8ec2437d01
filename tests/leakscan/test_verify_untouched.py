"""`verify` passes on every export nobody touched and refuses manifests that point
outside the folder (issue 15, item 2)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from ..support import run_cli, write_config

INCREMENTAL = '[run]\nmode = "incremental"\nretry_delay = 0.01\n'


def run(config: Path, *args: str) -> None:
    result = run_cli("export", "-c", str(config), *args)
    assert result.returncode == 0, result.stdout + result.stderr


def verified(config: Path) -> None:
    result = run_cli("verify", str(config.parent / "export"), "-c", str(config))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "verified" in result.stdout


def touch(database: Path, finding: str) -> None:
    stamp = f"{datetime.now() - timedelta(minutes=1):%Y-%m-%d %H:%M:%S}"
    with sqlite3.connect(database) as db:
        incident = db.execute("SELECT a.IncidentID FROM Allegations a JOIN Incidents i ON "
                              "a.IncidentID = i.IncidentID WHERE i.IncidentType = 'CC' "
                              "ORDER BY a.AllegationID LIMIT 1").fetchone()[0]
        db.execute("UPDATE Allegations SET Finding = ? WHERE IncidentID = ?",
                   (finding, incident))
        db.execute("UPDATE Incidents SET LastModified = ? WHERE IncidentID = ?",
                   (stamp, incident))


def test_one_dataset_exported_into_a_full_export_verifies(tmp_path: Path,
                                                          source: Path) -> None:
    config = write_config(tmp_path / "agency", source)
    run(config)
    run(config, "-d", "use_of_force")
    manifest = json.loads((config.parent / "export" / "manifest.json").read_text("utf-8"))
    assert "complaint_allegations.csv" in manifest["files"]  # still published, still listed
    verified(config)


def test_incremental_batches_and_a_full_rebuild_verify(tmp_path: Path, source: Path) -> None:
    config = write_config(tmp_path / "agency", source, extra=INCREMENTAL)
    run(config)
    touch(source, "UNF")
    run(config)
    touch(source, "EXON")
    run(config)
    assert len(list((config.parent / "export" / "runs").iterdir())) == 3
    verified(config)
    run(config, "--full")  # the weekly rebuild the README recommends
    verified(config)
    touch(source, "SUS")
    run(config)
    verified(config)


def test_verify_refuses_manifest_paths_that_leave_the_folder(tmp_path: Path,
                                                             demo_db: Path) -> None:
    config = write_config(tmp_path / "agency", demo_db)
    run(config, "-d", "use_of_force")
    outside = tmp_path / "outside.txt"
    outside.write_text("not part of the export", encoding="utf-8")
    digest = {"sha256": hashlib.sha256(outside.read_bytes()).hexdigest(), "bytes": 22}
    manifest_path = config.parent / "export" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"]["../../outside.txt"] = digest  # a correct digest: only refusal fails
    manifest["files"][str(outside)] = digest
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    result = run_cli("verify", str(config.parent / "export"), "-c", str(config))
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.count("outside the export folder") == 2
