"""The leak scan on real exports of the demo database: clean exports publish, a personal
value that reaches any output withholds the export (exit 3) without being printed, and
``iaextract verify`` re-checks a published folder."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from iaextract.config import load_config
from iaextract.demo import shipped_mappings
from iaextract.errors import LeakDetected
from iaextract.run.pipeline import export

from ..support import output_files, personal_values, run_cli, write_config


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}


def assert_no_value_printed(text: str, database: Path) -> None:
    for _table, _column, value in personal_values(database):
        assert not re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text), \
            "a personal value was printed"


def bad_mappings(folder: Path, field: str, by: str) -> Path:
    """A copy of the shipped mappings with one realistic mistake: ``field`` reads ``by``."""
    target = folder / "mappings"
    shutil.copytree(shipped_mappings(), target, ignore=shutil.ignore_patterns("*.md"))
    path = target / "complaint_allegations.yaml"
    text, count = re.subn(rf"(?m)^  {field}: .*$", f"  {field}: {{from: {by}}}",
                          path.read_text(encoding="utf-8"), count=1)  # fields come first
    assert count == 1
    path.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize("policy", [
    "", 'officer_identity = "named"\ndate_precision = "day"\naddresses = "block"'])
def test_a_clean_export_is_scanned_recorded_and_verifies(tmp_path: Path, demo_db: Path,
                                                         policy: str) -> None:
    """Officer names published under "named", day dates: all legitimate, no alarm."""
    demo_config = write_config(tmp_path / "agency", demo_db, policy=policy)
    result = run_cli("export", "-c", str(demo_config))
    assert result.returncode == 0, result.stderr
    assert "leak scan: clean" in result.stdout
    folder = demo_config.parent / "export"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    scan = manifest["leak_scan"]
    assert scan["result"] == "clean" and scan["findings"] == 0
    assert scan["files_scanned"] == len(output_files(folder))  # data files + manifest
    assert scan["values_checked"] > 1000
    header = (folder / "complaint_allegations.csv").read_text(encoding="utf-8").split("\r\n")[0]
    assert ("officer_name" in header) == ("named" in policy)
    verified = run_cli("verify", str(folder), "-c", str(demo_config))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "verified" in verified.stdout and "clean" in verified.stdout


NAMED = 'officer_identity = "named"'


@pytest.mark.parametrize("field, by, policy", [
    ("officer_unit", "o.LastName", ""), ("officer_unit", "o.HomePhone", ""),
    ("discipline", "c.Email", ""),
    # Officer names may be published; a complainant's name in officer_name may not.
    ("officer_name", '"c.FirstName, c.LastName", join_with: " "', NAMED),
])
def test_a_personal_column_mapped_to_a_public_field_withholds_the_export(
        tmp_path: Path, demo_db: Path, field: str, by: str, policy: str) -> None:
    agency = tmp_path / "agency"
    config = write_config(agency, demo_db, policy=policy)
    assert run_cli("export", "-c", str(config)).returncode == 0
    before = snapshot(agency / "export")
    write_config(agency, demo_db, policy=policy, mappings=bad_mappings(agency, field, by))
    result = run_cli("export", "-c", str(config))
    assert result.returncode == 3, result.stderr
    assert "withheld" in result.stderr and f"field {field}" in result.stderr
    assert "complaint_allegations.csv" in result.stderr
    assert snapshot(agency / "export") == before  # the previous export stays published
    assert_no_value_printed(result.stdout + result.stderr, demo_db)


PLANTS = {  # (table, column) of the demo DB → how the value is written into an output
    ("Citizens", "Phone"): lambda v: "call " + re.sub(r"\D", "", v.split("x")[0])[-10:],
    ("Citizens", "SSN"): lambda v: f"ssn {v[:3]}-{v[3:5]}-{v[5:]}" if "-" not in v else
    "ssn " + v.replace("-", ""),
    ("Citizens", "Email"): lambda v: v.upper(),
    ("Employees", "HomeStreet"): lambda v: v.upper(),
    ("Citizens", "LastName"): None,  # "LAST, FIRST" of the same person, see below
}


@pytest.mark.parametrize("column", list(PLANTS), ids=lambda c: ".".join(c))
@pytest.mark.parametrize("file", ["complaint_allegations.ndjson", "manifest.json"])
def test_a_value_planted_in_any_output_is_caught(tmp_path: Path, demo_db: Path,
                                                 column: tuple[str, str], file: str) -> None:
    config = load_config(write_config(tmp_path / "agency", demo_db))
    first = export(config)
    before = snapshot(first.out_dir)
    value = _planted_text(demo_db, column)

    def plant(staging: Path, manifest: dict) -> None:
        path = staging / file
        if file.endswith(".ndjson"):
            record = {"summary": f"follow-up: {value}."}
            text = path.read_text(encoding="utf-8") + json.dumps(record) + "\n"
        else:
            text = path.read_text(encoding="utf-8").replace('"run_id"', f'"note": '
                                                           f'{json.dumps(value)},\n  "run_id"')
        path.write_text(text, encoding="utf-8")

    with pytest.raises(LeakDetected) as caught:
        export(config, checks=[plant])
    message = str(caught.value)
    assert file in message and "withheld" in message
    assert value not in message
    assert snapshot(first.out_dir) == before
    assert not list(first.out_dir.glob(".staging-*"))


def _planted_text(database: Path, column: tuple[str, str]) -> str:
    import sqlite3

    with sqlite3.connect(database) as db:
        if column == ("Citizens", "LastName"):
            last, first = db.execute("SELECT LastName, FirstName FROM Citizens WHERE "
                                     "length(LastName) > 5 LIMIT 1").fetchone()
            return f"{last}, {first}".upper()
        table, name = column
        (raw,) = db.execute(f'SELECT "{name}" FROM "{table}" WHERE "{name}" IS NOT NULL '
                            f'AND length("{name}") > 8 LIMIT 1').fetchone()
    make = PLANTS[column]
    return make(raw) if make else raw


def test_verify_names_a_changed_or_missing_file(demo_config: Path) -> None:
    assert run_cli("export", "-c", str(demo_config)).returncode == 0
    folder = demo_config.parent / "export"
    csv_file = folder / "use_of_force.csv"
    csv_file.write_bytes(csv_file.read_bytes().replace(b"Sustained", b"Unfounded", 1)
                         + b"\r\n")
    result = run_cli("verify", str(folder), "-c", str(demo_config))
    assert result.returncode == 1
    assert "use_of_force.csv" in result.stderr and "sha256" in result.stderr
    (folder / "use_of_force.json").unlink()
    result = run_cli("verify", str(folder), "-c", str(demo_config))
    assert result.returncode == 1 and "use_of_force.json" in result.stderr
    assert "missing" in result.stderr


def test_verify_finds_a_personal_value_added_after_publishing(demo_config: Path,
                                                              demo_db: Path) -> None:
    assert run_cli("export", "-c", str(demo_config)).returncode == 0
    folder = demo_config.parent / "export"
    email = _planted_text(demo_db, ("Citizens", "Email"))
    (folder / "README.txt").write_text(f"Questions: {email}\n", encoding="utf-8")
    result = run_cli("verify", str(folder), "-c", str(demo_config))
    assert result.returncode == 3
    assert "README.txt" in result.stderr and "email" in result.stderr
    assert "not listed in the manifest" in result.stderr
    assert email not in result.stdout + result.stderr


def test_verify_needs_a_manifest(tmp_path: Path, demo_config: Path) -> None:
    result = run_cli("verify", str(tmp_path), "-c", str(demo_config))
    assert result.returncode == 1 and "manifest.json" in result.stderr


def _add_to_manifest(folder: Path, name: str) -> None:
    from iaextract.writers.manifest import file_digest

    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["files"][name] = file_digest(folder / name)
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")


@pytest.mark.parametrize("declared, valid", [("string", True), ("integer", False)])
def test_verify_validates_a_data_package(demo_config: Path, declared: str,
                                         valid: bool) -> None:
    assert run_cli("export", "-c", str(demo_config)).returncode == 0
    folder = demo_config.parent / "export"
    with (folder / "use_of_force.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    fields = [{"name": n, "type": declared if n == "force_type" else "any"} for n in header]
    package = {"name": "export", "resources": [{
        "name": "use_of_force", "path": "use_of_force.csv", "format": "csv",
        "encoding": "utf-8", "schema": {"fields": fields}}]}
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    _add_to_manifest(folder, "datapackage.json")
    result = run_cli("verify", str(folder), "-c", str(demo_config))
    if valid:
        assert result.returncode == 0, result.stdout + result.stderr
        assert "datapackage.json: valid" in result.stdout
    else:
        assert result.returncode == 1
        assert "datapackage.json: INVALID" in result.stdout
        assert "type-error" in result.stderr and "field force_type" in result.stderr
