"""Unattended operation, end to end through real `iaextract` processes: incremental runs,
the run lock, crash safety (SIGKILL), retries of an unreachable source, machine logs."""

from __future__ import annotations

import csv
import json
import shutil
import signal
import socket
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from ..support import run_cli, start_paused, write_config

MODIFIED = datetime.now().replace(microsecond=0) - timedelta(minutes=1)
INCREMENTAL = '[run]\nmode = "incremental"\nretry_delay = 0.01\n'
#: Disclosure control only reporting: merging batches is what these tests exercise (an
#: enforced plan is made over every row, so enforce rebuilds each run: tested last).
REPORT = '[policy.disclosure]\nmode = "report"\n'
DATASETS = ("complaint_allegations", "use_of_force")


@pytest.fixture
def agency(tmp_path: Path, source: Path) -> Path:
    """An incremental config exporting ``source``; returns the config file."""
    return write_config(tmp_path / "agency", source, extra=INCREMENTAL + REPORT)


def export_dir(config: Path) -> Path:
    return config.parent / "export"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of an export folder, state included; not the lock or unfinished runs."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.name.startswith(".iaextract.run.lock")
            and not p.relative_to(folder).parts[0].startswith(".staging-")}


def published_datasets(config: Path) -> set[str]:
    manifest = json.loads((export_dir(config) / "manifest.json").read_text(encoding="utf-8"))
    return set(manifest["datasets"])


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def state_file(config: Path) -> Path:
    """The state file of the config's output folder (kept beside the config)."""
    [path] = (config.parent / ".iaextract-state").glob("*.json")
    return path


def touch_allegation(database: Path, finding: str = "EXON") -> int:
    """Change one allegation's finding and bump its incident's LastModified; its id."""
    with sqlite3.connect(database) as db:
        allegation, incident = db.execute(
            "SELECT a.AllegationID, a.IncidentID FROM Allegations a JOIN Incidents i "
            "ON a.IncidentID = i.IncidentID WHERE i.IncidentType IN ('CC', 'IC') "
            "AND coalesce(trim(upper(a.Finding)), '') <> ? ORDER BY a.AllegationID LIMIT 1",
            (finding,)).fetchone()
        db.execute("UPDATE Allegations SET Finding = ? WHERE AllegationID = ?",
                   (finding, allegation))
        db.execute("UPDATE Incidents SET LastModified = ? WHERE IncidentID = ?",
                   (f"{MODIFIED:%Y-%m-%d %H:%M:%S}", incident))
    return allegation


def test_second_run_with_nothing_new_changes_nothing(agency: Path) -> None:
    first = run_cli("export", "-c", str(agency))
    assert first.returncode == 0, first.stderr
    assert "\x1b[" not in first.stdout  # not a terminal: no colour, no progress bar
    before = snapshot(export_dir(agency))
    assert not [n for n in before if "state" in n]  # the state is not published
    exported = published_datasets(agency)
    assert len([n for n in before if n.startswith("runs/")]) == 3 * len(exported) + 1
    for name in DATASETS:
        assert f"{name}.csv" in before and f"{name}.ndjson" in before

    second = run_cli("export", "-c", str(agency))
    assert second.returncode == 0, second.stderr
    for name in DATASETS:
        assert f"{name}: 0 new rows" in second.stdout
    assert "nothing new" in second.stdout.splitlines()[-1]
    assert snapshot(export_dir(agency)) == before


def test_updated_source_record_appears_once_in_its_new_state(agency: Path,
                                                              source: Path) -> None:
    assert run_cli("export", "-c", str(agency)).returncode == 0
    out = export_dir(agency)
    old_rows = read_csv(out / "complaint_allegations.csv")
    old_ndjson = (out / "complaint_allegations.ndjson").read_text(encoding="utf-8")

    touch_allegation(source, "EXON")
    result = run_cli("export", "-c", str(agency))
    assert result.returncode == 0, result.stderr
    assert "complaint_allegations: 1 new rows" in result.stdout
    assert "use_of_force: 0 new rows" in result.stdout

    new_rows = read_csv(out / "complaint_allegations.csv")
    assert len(new_rows) == len(old_rows)
    changed = [(a, b) for a, b in zip(old_rows, new_rows, strict=True) if a != b]
    assert len(changed) == 1
    before, after = changed[0]
    assert after["allegation_id"] == before["allegation_id"]
    assert after["finding"] == "Exonerated" != before["finding"]
    assert [r["allegation_id"] for r in new_rows].count(after["allegation_id"]) == 1
    # every format of the current file agrees; the batch holds exactly the changed row
    ndjson = [json.loads(line) for line in (out / "complaint_allegations.ndjson")
              .read_text(encoding="utf-8").splitlines()]
    assert [r for r in ndjson if r["allegation_id"] == after["allegation_id"]][0][
        "finding"] == "Exonerated"
    assert len(ndjson) == len(old_ndjson.splitlines())
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    batch = out / manifest["batch"]
    assert read_csv(batch / "complaint_allegations.csv") == [after]
    assert read_csv(batch / "use_of_force.csv") == []
    info = manifest["datasets"]["complaint_allegations"]["incremental"]
    assert (info["new"], info["updated"], info["rebuild"]) == (0, 1, None)
    assert info["rows_in_current"] == len(new_rows)
    counts = manifest["datasets"]["complaint_allegations"]
    excluded = sum(counts["rows_excluded"].values())
    assert counts["rows_read"] == counts["rows_written"] + excluded  # every row accounted
    state = json.loads(state_file(agency).read_text(encoding="utf-8"))
    assert state["run_id"] == manifest["run_id"]
    assert state["datasets"]["complaint_allegations"]["watermark"] == MODIFIED.isoformat()


def test_incremental_data_package_describes_the_current_files(agency: Path,
                                                              source: Path) -> None:
    """Rewritten and unchanged current files alike are described, with their hashes."""
    from frictionless import validate

    assert run_cli("export", "-c", str(agency)).returncode == 0
    touch_allegation(source, "EXON")
    assert run_cli("export", "-c", str(agency)).returncode == 0
    out = export_dir(agency)
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"]}
    assert "complaint_allegations.csv" in paths and "use_of_force.csv" in paths
    assert not any(p.startswith("runs/") for p in paths)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert resource["hash"] == "sha256:" + manifest["files"][resource["path"]]["sha256"]
    report = validate(out / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])[:5]


def test_full_rebuilds_every_dataset(agency: Path) -> None:
    assert run_cli("export", "-c", str(agency)).returncode == 0
    out = export_dir(agency)
    current = {n: (out / f"{n}.json").read_bytes() for n in DATASETS}
    result = run_cli("export", "-c", str(agency), "--full")
    assert result.returncode == 0, result.stderr
    assert len(list((out / "runs").iterdir())) == 2
    assert {n: (out / f"{n}.json").read_bytes() for n in DATASETS} == current
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for name in DATASETS:
        assert manifest["datasets"][name]["incremental"]["rebuild"] == "--full was asked for"


def test_second_concurrent_run_exits_75_naming_the_first(agency: Path, tmp_path: Path) -> None:
    flag = tmp_path / "paused"
    first = start_paused(agency, "writing", flag)
    try:
        second = run_cli("export", "-c", str(agency), "--log-format", "json", "-q")
        assert second.returncode == 75, second.stderr
        assert f"pid {first.pid} on host {socket.gethostname()}" in second.stderr
        assert "started 20" in second.stderr and "Traceback" not in second.stderr
        [line] = json_lines(second.stdout)  # quiet: the error only
        assert (line["level"], line["outcome"], line["exit_code"]) == ("error", "failed", 75)
        assert f"pid {first.pid}" in line["message"]
    finally:
        flag.unlink(missing_ok=True)
    assert first.wait(timeout=120) == 0, first.communicate()[1]


def test_sigkill_while_writing_leaves_previous_export_and_state(agency: Path, source: Path,
                                                                 tmp_path: Path) -> None:
    assert run_cli("export", "-c", str(agency)).returncode == 0
    out = export_dir(agency)
    before = snapshot(out)
    touch_allegation(source)
    flag = tmp_path / "paused"
    victim = start_paused(agency, "writing", flag, "--full")
    assert any(out.glob(".staging-*/runs/*/*.csv"))  # it really was writing
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    flag.unlink()
    assert snapshot(out) == before

    after = run_cli("export", "-c", str(agency), "--log-format", "json")
    assert after.returncode == 0, after.stderr
    events = json_lines(after.stdout)
    taken = [e for e in events if e["event"] == "lock_taken_over"]
    assert taken and taken[0]["previous"]["pid"] == victim.pid
    assert any(e["event"] == "recovered" for e in events)
    assert not list(out.glob(".staging-*"))
    rows = read_csv(out / "complaint_allegations.csv")
    assert sum(r["finding"] == "Exonerated" for r in rows) >= 1
    assert events[-1]["counts"]["rows_written"] == 1


def test_sigkill_while_publishing_is_completed_by_the_next_run(agency: Path, source: Path,
                                                               tmp_path: Path) -> None:
    assert run_cli("export", "-c", str(agency)).returncode == 0
    out = export_dir(agency)
    touch_allegation(source)
    flag = tmp_path / "paused"
    victim = start_paused(agency, "publishing", flag)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    flag.unlink()

    after = run_cli("export", "-c", str(agency))
    assert after.returncode == 0, after.stderr
    assert "completed the interrupted publish" in after.stdout
    assert "0 new rows" in after.stdout  # the killed run's rows were published, not lost
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    state = json.loads(state_file(agency).read_text(encoding="utf-8"))
    assert state["run_id"] == manifest["run_id"]
    for name, entry in manifest["files"].items():
        assert (out / name).stat().st_size == entry["bytes"], name


def test_stale_lock_is_taken_over(agency: Path) -> None:
    out = export_dir(agency)
    out.mkdir()
    (out / ".iaextract.run.lock").write_text("")
    (out / ".iaextract.run.lock.json").write_text(json.dumps(
        {"pid": 424242, "host": "old-server", "started": "2020-01-01T00:00:00Z",
         "run_id": "old"}))
    result = run_cli("export", "-c", str(agency))
    assert result.returncode == 0, result.stderr
    assert "took over a stale lock left by pid 424242 on host old-server" in result.stderr
    assert not (out / ".iaextract.run.lock.json").exists()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unreachable_source_is_retried_then_fails_plainly(tmp_path: Path, demo_db: Path) -> None:
    config = write_config(tmp_path / "agency", demo_db,
                          extra='[run]\nretries = 2\nretry_delay = 0.01\n')
    password = "Sup3r-Secret-Pw"
    text = config.read_text(encoding="utf-8").replace(
        f"sqlite:///{demo_db.as_posix()}",
        f"postgresql+psycopg://clerk:{password}@127.0.0.1:{closed_port()}/iapro")
    config.write_text(text, encoding="utf-8")
    log = tmp_path / "logs" / "iaextract.log"
    result = run_cli("export", "-c", str(config), "--log-format", "json", "--log-file",
                     str(log))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: connecting to the source failed 3 times")
    events = json_lines(log.read_text(encoding="utf-8"))
    assert [e["attempt"] for e in events if e["event"] == "retry"] == [1, 2]
    assert events[-1]["event"] == "run_finished"
    assert (events[-1]["outcome"], events[-1]["exit_code"]) == ("failed", 1)
    for text in (result.stdout, result.stderr, log.read_text(encoding="utf-8")):
        assert password not in text


def test_json_log_lines_parse_and_hold_no_secret(agency: Path, tmp_path: Path) -> None:
    log = tmp_path / "run.log"
    for _ in range(2):  # --log-file appends
        result = run_cli("export", "-c", str(agency), "--log-format", "json",
                         "--log-file", str(log))
        assert result.returncode == 0, result.stderr
    lines = log.read_text(encoding="utf-8").splitlines()
    events = [json.loads(line) for line in lines]
    assert json_lines(result.stdout) == events[len(events) - len(json_lines(result.stdout)):]
    for event in events:
        assert {"time", "level", "event", "dataset", "counts", "run_id"} <= set(event)
    finals = [e for e in events if e["event"] == "run_finished"]
    assert [e["outcome"] for e in finals] == ["published", "nothing new"]
    assert finals[-1]["counts"]["rows_written"] == 0
    assert {e["dataset"] for e in events if e["event"] == "dataset_finished"} == \
        published_datasets(agency)
    key = (agency.parent / "iaextract.key").read_text(encoding="utf-8").strip()
    assert key and key not in log.read_text(encoding="utf-8")


def test_quiet_run_prints_nothing_when_all_is_well(agency: Path) -> None:
    result = run_cli("export", "-c", str(agency), "-q")
    assert result.returncode == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
    assert run_cli("-q", "export", "-c", str(agency)).stdout == ""


def test_missing_sqlite_source_is_retried_then_fails(tmp_path: Path) -> None:
    config = write_config(tmp_path / "agency", tmp_path / "share" / "iapro.sqlite",
                          extra='[run]\nretries = 1\nretry_delay = 0.01\n')
    result = run_cli("export", "-c", str(config))
    assert result.returncode == 1
    assert "warning: connecting to the source failed (attempt 1 of 2)" in result.stderr
    assert "error: connecting to the source failed 2 times, giving up: SQLite database" \
        in result.stderr
    assert "Traceback" not in result.stderr


def test_new_key_rebuilds_instead_of_merging_mismatched_ids(agency: Path) -> None:
    from iaextract.redaction.pseudonym import write_key_file

    assert run_cli("export", "-c", str(agency)).returncode == 0
    out = export_dir(agency)
    old_ids = {r["allegation_id"] for r in read_csv(out / "complaint_allegations.csv")}
    (agency.parent / "iaextract.key").unlink()
    write_key_file(agency.parent / "iaextract.key")
    result = run_cli("export", "-c", str(agency))
    assert result.returncode == 0, result.stderr
    rows = read_csv(out / "complaint_allegations.csv")
    assert len(rows) == len(old_ids) and not old_ids & {r["allegation_id"] for r in rows}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "key" in manifest["datasets"]["complaint_allegations"]["incremental"]["rebuild"]


def test_edited_current_file_is_rebuilt_not_trusted(agency: Path) -> None:
    assert run_cli("export", "-c", str(agency)).returncode == 0
    out = export_dir(agency)
    good = (out / "use_of_force.csv").read_bytes()
    (out / "use_of_force.csv").write_bytes(good[: len(good) // 2])
    result = run_cli("export", "-c", str(agency))
    assert result.returncode == 0, result.stderr
    assert (out / "use_of_force.csv").read_bytes() == good
    assert "complaint_allegations: 0 new rows" in result.stdout


def test_incremental_needs_the_primary_key_published(tmp_path: Path, source: Path) -> None:
    config = write_config(
        tmp_path / "agency", source, extra=INCREMENTAL + REPORT,
        policy='[policy.fields."complaint_allegations.allegation_id"]\n'
               'treatment = "drop"\nreason = "not wanted"\n')
    result = run_cli("export", "-c", str(config), "-d", "complaint_allegations")
    assert result.returncode == 2, result.stderr
    assert "allegation_id is dropped by the policy" in result.stderr
    assert not (export_dir(config) / "complaint_allegations.csv").exists()


def test_incremental_needs_a_cursor_in_the_mapping(tmp_path: Path, source: Path) -> None:
    from iaextract.demo import shipped_mappings

    mappings = tmp_path / "mappings"
    shutil.copytree(shipped_mappings(), mappings)
    mapping = mappings / "use_of_force.yaml"
    mapping.write_text("\n".join(line for line in mapping.read_text().splitlines()
                                 if "cursor:" not in line) + "\n")
    config = write_config(tmp_path / "agency", source, mappings=mappings)
    result = run_cli("export", "-c", str(config), "--incremental")
    assert result.returncode == 2, result.stderr
    assert f"{mapping}:" in result.stderr and "no source.cursor" in result.stderr


def test_state_kept_outside_the_output_folder(tmp_path: Path, source: Path) -> None:
    config = write_config(tmp_path / "agency", source,
                          extra=INCREMENTAL + REPORT + '[state]\npath = "state/watermarks.json"\n')
    log = tmp_path / "run.log"
    assert run_cli("export", "-c", str(config)).returncode == 0
    state = config.parent / "state" / "watermarks.json"
    marks = json.loads(state.read_text(encoding="utf-8"))["datasets"]
    assert set(marks) == published_datasets(config)
    assert all(marks[name]["watermark"] for name in DATASETS)
    assert not (export_dir(config) / ".iaextract-state.json").exists()
    again = run_cli("export", "-c", str(config), "--log-file", str(log))
    assert again.returncode == 0, again.stderr
    assert "complaint_allegations: 0 new rows" in again.stdout
    last = log.read_text(encoding="utf-8").splitlines()[-1]  # text log: one line per event
    assert " INFO " in last and "run_finished: nothing new: 0 new rows in" in last


def break_use_of_force(database: Path) -> None:
    """Make reading UseOfForce fail inside SQLite (integer overflow) while it is read."""
    with sqlite3.connect(database) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(UseOfForce)")]
        db.execute("ALTER TABLE UseOfForce RENAME TO UseOfForceData")
        select = ", ".join(f'abs(-9223372036854775807 - 1) AS "{c}"' if c == "ForceType"
                           else f'"{c}"' for c in columns)
        db.execute(f"CREATE VIEW UseOfForce AS SELECT {select} FROM UseOfForceData")


def test_failing_dataset_publishes_nothing(agency: Path, source: Path) -> None:
    assert run_cli("export", "-c", str(agency)).returncode == 0
    out = export_dir(agency)
    before = snapshot(out)
    touch_allegation(source)  # complaint_allegations has news: it must not go out alone
    break_use_of_force(source)
    result = run_cli("export", "-c", str(agency), "--full", "--log-format", "json")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "error: reading use_of_force from the source failed" in result.stderr
    assert "integer overflow" in result.stderr
    events = json_lines(result.stdout)
    assert [e["dataset"] for e in events if e["event"] == "dataset_finished"] == \
        ["complaint_allegations"]
    assert events[-1]["outcome"] == "failed"
    assert snapshot(out) == before
    assert not list(out.glob(".staging-*"))


def test_relative_output_folder_keeps_its_state_across_working_folders(agency: Path,
                                                                       tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    first = run_cli("export", "-c", str(agency), "-o", "out", cwd=agency.parent)
    assert first.returncode == 0, first.stderr
    again = run_cli("export", "-c", str(agency), "-o", str(agency.parent / "out"),
                    cwd=elsewhere)
    assert again.returncode == 0, again.stderr
    assert "use_of_force: 0 new rows" in again.stdout


def test_time_window_and_incremental_do_not_mix(agency: Path) -> None:
    result = run_cli("export", "-c", str(agency), "--since", "2020-01-01")
    assert result.returncode == 2
    assert "--since/--until cannot be combined with incremental runs" in result.stderr
    assert not export_dir(agency).exists()


def test_small_cell_suppression_reads_every_row_each_run(tmp_path: Path, source: Path) -> None:
    config = write_config(tmp_path / "agency", source, extra=INCREMENTAL,
                          policy="suppress_small_cells = true")
    for _ in range(2):
        result = run_cli("export", "-c", str(config), "-d", "use_of_force")
        assert result.returncode == 0, result.stderr
        assert "rebuilt in full: small-cell suppression needs every row" in result.stdout


def test_enforced_disclosure_control_reads_every_row_each_run(tmp_path: Path,
                                                              source: Path) -> None:
    config = write_config(tmp_path / "agency", source, extra=INCREMENTAL)
    for _ in range(2):
        result = run_cli("export", "-c", str(config), "-d", "use_of_force")
        assert result.returncode == 0, result.stderr
        assert "rebuilt in full: disclosure control (enforce) plans over every row" \
            in result.stdout
