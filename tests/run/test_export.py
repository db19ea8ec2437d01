"""End-to-end export of the real SQLite demo database, through the real CLI."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from iaextract.config import load_config
from iaextract.redaction.pseudonym import Pseudonymizer, load_key
from iaextract.run.pipeline import DatasetResult, ExportRequest, export
from iaextract.schema import DATASETS, Kind

from ..support import output_files, personal_values, run_cli, write_config

MEASURES = {f.name for d in DATASETS.values() for f in d.fields
            if f.kind in (Kind.COUNT, Kind.MEASURE)}
PSEUDONYM = re.compile(r"^[0-9a-f]{16}$")
SAFE_SHAPES = re.compile(
    r"^(|[0-9a-f]{16}|\d{4}(-\d{2}|-Q\d)?|under 18|\d+-\d+|\d+\+|true|false)$")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Path:
    folder = tmp_path_factory.mktemp("agency")
    config = write_config(folder, demo_db)
    result = run_cli("export", "-c", str(config))
    assert result.returncode == 0, result.stderr
    return folder / "export"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def code_labels() -> set[str]:
    """The mappings' code labels, and the coarser groups disclosure control publishes."""
    from iaextract.demo import shipped_mappings
    from iaextract.disclosure.hierarchies import RACE_GROUPS, RACE_MAJOR
    from iaextract.mapping.loader import load_mappings

    labels: set[str] = {*RACE_GROUPS.values(), *RACE_MAJOR.values()}
    for mapping in load_mappings([shipped_mappings()]).values():
        for codes in mapping.codes.values():
            labels.update(str(v) for v in codes.values())
    return labels


def test_export_writes_every_file_and_manifest(exported: Path) -> None:
    names = {p.name for p in output_files(exported)}
    for dataset in ("complaint_allegations", "use_of_force"):
        assert {f"{dataset}.csv", f"{dataset}.json", f"{dataset}.ndjson"} <= names
    assert "manifest.json" in names
    assert not list(exported.glob(".staging-*")), "staging folder left behind"


def test_csv_is_rfc4180_and_json_parses(exported: Path) -> None:
    raw = (exported / "complaint_allegations.csv").read_bytes()
    assert raw.count(b"\r\n") >= 2 and b"\n" not in raw.replace(b"\r\n", b"")
    rows = read_csv(exported / "complaint_allegations.csv")
    records = json.loads((exported / "complaint_allegations.json").read_text("utf-8"))
    lines = (exported / "complaint_allegations.ndjson").read_text("utf-8").splitlines()
    assert len(rows) == len(records) == len(lines) > 0
    assert [json.loads(line) for line in lines] == records


def test_no_personal_value_reaches_any_output(exported: Path, demo_db: Path) -> None:
    """Every name, DOB, phone, email, SSN, address, licence number stays out."""
    texts = {p.name: p.read_text("utf-8").lower() for p in output_files(exported)}
    digits = {name: [re.sub(r"\D", "", cell) for cell in re.split(r"[,\"\n]", text)]
              for name, text in texts.items()}
    checked = 0
    for table, column, value in personal_values(demo_db):
        if column in ("Phone", "AltPhone", "HomePhone", "CellPhone", "SSN"):
            wanted = re.sub(r"\D", "", value)[-10:]
            if len(wanted) >= 7:
                for name, cells in digits.items():
                    assert not any(wanted in cell for cell in cells), \
                        f"{table}.{column} value found in {name}"
                checked += 1
        elif len(value) >= 6 or column in ("DOB", "Email", "DLNumber", "Street", "HomeStreet"):
            for name, text in texts.items():
                assert value.lower() not in text, f"{table}.{column} value found in {name}"
            checked += 1
    assert checked > 500  # the demo really is full of personal data


def test_full_names_absent_and_every_cell_of_a_safe_shape(exported: Path,
                                                         demo_db: Path) -> None:
    """Fail closed: with narratives dropped, every published cell is a pseudonym, a
    generalised date or band, a boolean, or a label from the mapping's code lists."""
    labels = code_labels()
    with sqlite3.connect(demo_db) as db:
        units = {u for (u,) in db.execute("SELECT DISTINCT Unit FROM Employees") if u}
    for path in exported.glob("*.csv"):
        for row in read_csv(path):
            for field, cell in row.items():
                if field == "officer_unit" and cell in {u.strip() for u in units}:
                    continue
                if field in MEASURES and re.fullmatch(r"\d+(\.\d+)?", cell):
                    continue  # counts and measures of events (shots fired, miles)
                assert SAFE_SHAPES.match(cell) or cell in labels, \
                    f"{path.name}: {field} has a value of unexpected shape"


def test_manifest_counts_match_sql(exported: Path, demo_db: Path) -> None:
    manifest = json.loads((exported / "manifest.json").read_text("utf-8"))
    with sqlite3.connect(demo_db) as db:
        allegations = db.execute(
            "SELECT COUNT(*) FROM Allegations a JOIN Incidents i ON a.IncidentID = i.IncidentID"
            " WHERE UPPER(TRIM(i.IncidentType)) IN ('CC', 'IC')").fetchone()[0]
        force = db.execute(
            "SELECT COUNT(*) FROM UseOfForce f JOIN Incidents i ON f.IncidentID = i.IncidentID"
            " WHERE UPPER(TRIM(i.IncidentType)) = 'UOF'").fetchone()[0]
    counts = manifest["datasets"]
    assert counts["complaint_allegations"]["rows_read"] == allegations
    assert counts["complaint_allegations"]["rows_written"] == allegations
    assert counts["use_of_force"]["rows_written"] == force
    assert len(read_csv(exported / "complaint_allegations.csv")) == allegations
    for name, info in manifest["files"].items():
        assert info["bytes"] == (exported / name).stat().st_size


def test_manifest_records_treatments_quality_and_no_secrets(exported: Path) -> None:
    manifest = json.loads((exported / "manifest.json").read_text("utf-8"))
    complaints = manifest["datasets"]["complaint_allegations"]
    assert complaints["fields"]["received_date"]["description"] == "generalised to month"
    assert complaints["fields"]["officer_id"]["treatment"] == "pseudonym"
    assert complaints["fields"]["summary"]["treatment"] == "drop"
    assert "summary" not in complaints["columns"]
    assert sum(sum(v.values()) for v in complaints["unknown_codes"].values()) > 0
    # ages and years of service are all plausible: only junk dates go uncounted
    assert complaints["invalid_values"] == {}
    assert manifest["key_fingerprint"].startswith("sha256:")
    key = (exported.parent / "iaextract.key").read_text().strip()
    assert key not in (exported / "manifest.json").read_text("utf-8")
    assert manifest["schema_version"] and manifest["tool"]["version"]


def test_every_complainant_is_kept(exported: Path, demo_db: Path) -> None:
    key = load_key(exported.parent / "iaextract.key", None)
    pseudonym = Pseudonymizer(key).pseudonym
    with sqlite3.connect(demo_db) as db:
        multi = db.execute(
            "SELECT i.IncidentNumber, COUNT(DISTINCT a.CitizenID) FROM Allegations a "
            "JOIN Incidents i ON a.IncidentID = i.IncidentID "
            "WHERE UPPER(TRIM(i.IncidentType)) = 'CC' GROUP BY i.IncidentNumber "
            "HAVING COUNT(DISTINCT a.CitizenID) >= 2").fetchall()
    assert multi, "the demo must have incidents with two or more complainants"
    rows = read_csv(exported / "complaint_allegations.csv")
    for number, complainants in multi:
        published = {r["complainant_id"] for r in rows
                     if r["incident_id"] == pseudonym("incident", number)}
        assert len(published - {""}) == complainants


def test_pseudonyms_stable_across_runs_and_differ_by_key(tmp_path: Path, demo_db: Path,
                                                          exported: Path) -> None:
    again = write_config(tmp_path / "again", demo_db)
    shutil.copy(exported.parent / "iaextract.key", tmp_path / "again" / "iaextract.key")
    other = write_config(tmp_path / "other", demo_db)
    for config in (again, other):
        assert run_cli("export", "-c", str(config), "-f", "csv").returncode == 0
    first = (exported / "complaint_allegations.csv").read_bytes()
    assert (tmp_path / "again/export/complaint_allegations.csv").read_bytes() == first
    ids = [r["officer_id"] for r in read_csv(exported / "complaint_allegations.csv")]
    other_ids = [r["officer_id"] for r in
                 read_csv(tmp_path / "other/export/complaint_allegations.csv")]
    assert len(ids) == len(other_ids) and not set(ids) & set(other_ids)


def test_missing_key_exits_2_with_how_to(tmp_path: Path, demo_db: Path) -> None:
    config = write_config(tmp_path, demo_db, key=False)
    result = run_cli("export", "-c", str(config))
    assert result.returncode == 2
    assert "iaextract keygen" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "export").exists()


def test_bad_mapping_exits_2_naming_file_line_and_closest(tmp_path: Path, demo_db: Path) -> None:
    from iaextract.demo import shipped_mappings

    mappings = tmp_path / "mappings"
    shutil.copytree(shipped_mappings(), mappings)
    path = mappings / "complaint_allegations.yaml"
    text = path.read_text("utf-8")
    line = text.splitlines().index("  finding: {from: a.Finding, codes: findings}") + 1
    path.write_text(text.replace("a.Finding,", "a.Findng,"), "utf-8")
    config = write_config(tmp_path, demo_db, mappings=mappings)
    result = run_cli("export", "-c", str(config))
    assert result.returncode == 2, result.stderr
    assert f"complaint_allegations.yaml:{line}" in result.stderr
    assert "'Findng'" in result.stderr and "'Finding'" in result.stderr
    assert "Traceback" not in result.stderr


def test_since_until_filter_text_dates(tmp_path: Path, demo_db: Path) -> None:
    # Dates as the policy publishes them: disclosure control could withhold them.
    config = write_config(tmp_path, demo_db, extra='[policy.disclosure]\nmode = "report"\n')
    result = run_cli("export", "-c", str(config), "-d", "complaint_allegations",
                     "--since", "2018-01-01", "--until", "2018-12-31", "-f", "csv")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "export/manifest.json").read_text("utf-8"))
    info = manifest["datasets"]["complaint_allegations"]
    excluded = info["rows_excluded"]
    assert info["rows_read"] == info["rows_written"] + excluded["outside_window"] + \
        excluded["undated"]
    assert excluded["outside_window"] > 0 and info["rows_written"] > 0
    months = {r["received_date"] for r in
              read_csv(tmp_path / "export/complaint_allegations.csv")}
    assert months and all(m.startswith("2018-") for m in months)


class _FailOnSecondDataset:
    """A progress sink that fails partway through writing the second dataset."""

    wants_totals = False

    def __init__(self) -> None:
        self.started: list[str] = []

    def start(self, dataset: str, total: int | None) -> None:
        self.started.append(dataset)

    def advance(self, dataset: str, rows: int) -> None:
        if len(self.started) == 2:
            raise RuntimeError("disk unplugged")

    def finish(self, dataset: str, result: DatasetResult) -> None:
        pass


def test_failed_run_leaves_previous_export_untouched(tmp_path: Path, demo_db: Path) -> None:
    config = load_config(write_config(tmp_path, demo_db))
    export(config)
    before = {p.name: p.read_bytes() for p in output_files(tmp_path / "export")}
    with pytest.raises(RuntimeError, match="disk unplugged"):
        export(config, ExportRequest(chunk_size=50), progress=_FailOnSecondDataset())
    after = {p.name: p.read_bytes() for p in output_files(tmp_path / "export")}
    assert after == before
    assert not list((tmp_path / "export").glob(".staging-*"))


def test_interrupted_publish_is_completed_by_next_run(tmp_path: Path, demo_db: Path) -> None:
    """A run killed between renames is rolled forward, never left half-published."""
    from iaextract.writers.atomic import JOURNAL, Staging

    out = tmp_path / "export"
    staging = Staging(out, "killed-run")
    for name in ("a.csv", "manifest.json"):
        staging.path(name).write_text(f"new {name}", "utf-8")
    (out / JOURNAL).write_text(json.dumps({"run_id": "killed-run", "staging": staging.dir.name,
                                           "files": ["a.csv", "manifest.json"]}), "utf-8")
    recovered = Staging(out, "next-run").recovered
    assert (out / "a.csv").read_text("utf-8") == "new a.csv"
    assert (out / "manifest.json").read_text("utf-8") == "new manifest.json"
    assert not (out / JOURNAL).exists() and any("killed-run" in r for r in recovered)


def test_errors_have_no_traceback_unless_debug(tmp_path: Path) -> None:
    config = tmp_path / "iaextract.toml"
    config.write_text('[source]\nurl = "sqlite:///missing.sqlite"\n[mappings]\npath = "m"\n'
                      '[pseudonyms]\nkey_env = "TEST_IA_KEY"\n')
    (tmp_path / "m").mkdir()
    env = {"TEST_IA_KEY": "0" * 64}
    result = run_cli("export", "-c", str(config), env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "no mapping files" in result.stderr
    debug = run_cli("--debug", "export", "-c", str(config), env=env)
    assert "Traceback" in debug.stderr
