"""Every dataset exports from the demo database, with a data package that validates."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from frictionless import validate

from iaextract.demo import shipped_mappings
from iaextract.demo.pools import JUNK_CODES
from iaextract.mapping.loader import load_mappings
from iaextract.redaction.generalise import AGE_BANDS, SERVICE_BANDS
from iaextract.schema import DATASETS

from ..support import output_files, run_cli, write_config

GOLDEN = Path(__file__).parents[1] / "golden"
UPDATE_GOLDEN = os.environ.get("IAEXTRACT_UPDATE_GOLDEN") == "1"
ALL = list(DATASETS)


@pytest.fixture(scope="module")
def full_export(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Path:
    """All six datasets (the roster enabled in the config), every format."""
    config = write_config(tmp_path_factory.mktemp("full"), demo_db,
                          extra="[datasets]\nofficers = true\n")
    result = run_cli("export", "-c", str(config), "-q")
    assert result.returncode == 0, result.stderr
    return config.parent / "export"


def manifest(export: Path) -> dict:
    return json.loads((export / "manifest.json").read_text(encoding="utf-8"))


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_dataset_exports_with_rows(full_export: Path, demo_db: Path) -> None:
    found = manifest(full_export)["datasets"]
    assert list(found) == ALL
    mappings = load_mappings([shipped_mappings()])
    with sqlite3.connect(demo_db) as db:
        for name in ALL:
            table = mappings[name].source.table
            expected = db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            assert found[name]["rows_read"] == expected, name
            assert found[name]["rows_written"] == expected > 0, name
            assert len(rows(full_export / f"{name}.csv")) == expected


def test_data_package_validates_with_frictionless(full_export: Path) -> None:
    report = validate(full_export / "datapackage.json")
    problems = [(task.name, error.message) for task in report.tasks for error in task.errors]
    assert report.valid, problems[:10]
    package = json.loads((full_export / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    assert len(names) == len(ALL) * 3 and len(set(names)) == len(names)
    assert {r["path"] for r in package["resources"]} == {
        f"{d}.{fmt}" for d in ALL for fmt in ("csv", "json", "ndjson")}


def test_data_package_describes_published_columns(full_export: Path) -> None:
    package = json.loads((full_export / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    uof = resources["use_of_force"]["schema"]
    fields = {f["name"]: f for f in uof["fields"]}
    header = next(csv.reader((full_export / "use_of_force.csv").open(encoding="utf-8")))
    assert list(fields) == header
    assert uof["primaryKey"] == ["force_id"]
    assert uof["foreignKeys"] == [{"fields": ["officer_id"],
                                   "reference": {"resource": "officers",
                                                 "fields": ["officer_id"]}}]
    assert fields["occurred_date"]["type"] == "string"  # generalised to a month, or coarser
    # … as coarse as disclosure control made it (the demo's 300 incidents are few)
    plan = manifest(full_export)["datasets"]["use_of_force"]["disclosure"]["public"]
    level = plan["levels"]["occurred_date"]
    patterns = {"month": r"^\d{4}-\d{2}$", "quarter": r"^\d{4}-Q[1-4]$", "year": r"^\d{4}$"}
    assert fields["occurred_date"].get("constraints", {}).get("pattern") == patterns.get(level)
    assert fields["officer_age"]["constraints"]["enum"][0] == "under 18"
    assert "Justified" in fields["disposition"]["constraints"]["enum"]
    assert fields["subject_injured"]["type"] == "boolean"
    assert "officer_name" not in fields and "summary" not in fields
    assert "Redaction: pseudonymised" in fields["officer_id"]["description"]
    assert "foreignKeys" not in resources["officers"]["schema"]


def test_descriptive_files_are_listed_in_the_manifest(full_export: Path) -> None:
    files = manifest(full_export)["files"]
    for name in ("datapackage.json", "DATA_DICTIONARY.md", "DATA_DICTIONARY.html"):
        assert name in files
        assert files[name]["bytes"] == (full_export / name).stat().st_size
    published = {p.name for p in output_files(full_export)}
    assert published == set(files) | {"manifest.json"}


def test_dictionary_and_package_schema_match_golden_files(full_export: Path) -> None:
    dictionary = (full_export / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    package = json.loads((full_export / "datapackage.json").read_text(encoding="utf-8"))
    schemas = {r["name"]: r["schema"] for r in package["resources"] if r["format"] == "csv"}
    schemas_text = json.dumps(schemas, indent=2, ensure_ascii=False) + "\n"
    for name, text in (("DATA_DICTIONARY.md", dictionary),
                       ("datapackage-schemas.json", schemas_text)):
        golden = GOLDEN / name
        if UPDATE_GOLDEN:
            golden.write_text(text, encoding="utf-8", newline="\n")
        assert text == golden.read_text(encoding="utf-8"), \
            f"{name} changed; if intended, rerun with IAEXTRACT_UPDATE_GOLDEN=1"


def test_dictionary_html_is_self_contained(full_export: Path) -> None:
    html = (full_export / "DATA_DICTIONARY.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<table>" in html
    assert "<script" not in html and "http" not in html
    for name in ALL:
        assert f"<code>{name}</code>" in html


def test_roster_is_off_unless_enabled_or_asked_for(demo_config: Path) -> None:
    default = run_cli("export", "-c", str(demo_config), "-q", "-f", "csv")
    assert default.returncode == 0, default.stderr
    export = demo_config.parent / "export"
    assert "officers" not in manifest(export)["datasets"]
    assert len(manifest(export)["datasets"]) == len(ALL) - 1
    package = json.loads((export / "datapackage.json").read_text(encoding="utf-8"))
    assert all("foreignKeys" not in r["schema"] for r in package["resources"])
    assert validate(export / "datapackage.json").valid

    asked = run_cli("export", "-c", str(demo_config), "-q", "-d", "officers")
    assert asked.returncode == 0, asked.stderr
    assert list(manifest(export)["datasets"]) == ["officers"]


def test_misspelt_dataset_in_config_names_the_closest(tmp_path: Path, demo_db: Path) -> None:
    config = write_config(tmp_path, demo_db, extra="[datasets]\nofficer = true\n")
    result = run_cli("export", "-c", str(config))
    assert result.returncode == 2
    assert "did you mean 'officers'?" in result.stderr


def csv_cells(export: Path) -> dict[str, set[str]]:
    """Every value of every column of every published CSV, by column name."""
    cells: dict[str, set[str]] = {}
    for path in export.glob("*.csv"):
        for row in rows(path):
            for column, value in row.items():
                cells.setdefault(column, set()).add(value)
    return cells


@pytest.mark.parametrize("mode", ["none", "pseudonym", "named"])
def test_officer_identity_policy(mode: str, tmp_path: Path, demo_db: Path) -> None:
    config = write_config(tmp_path, demo_db, policy=f'officer_identity = "{mode}"',
                          extra="[datasets]\nofficers = true\n")
    result = run_cli("export", "-c", str(config), "-q")
    assert result.returncode == 0, result.stderr
    export = config.parent / "export"
    with sqlite3.connect(demo_db) as db:
        officers = db.execute("SELECT TRIM(FirstName) || ' ' || TRIM(LastName), "
                              "TRIM(BadgeNo) FROM Employees").fetchall()
    names, badges = {n for n, _ in officers}, {b for _, b in officers if b}
    cells = csv_cells(export)
    text = "\n".join(p.read_text(encoding="utf-8") for p in output_files(export))
    found = manifest(export)

    if mode == "named":
        assert cells["officer_name"] <= names | {""} and len(cells["officer_name"]) > 5
        assert cells["officer_badge"] <= badges | {""} and len(cells["officer_badge"]) > 5
        for column, values in cells.items():  # names and badges only in their own columns
            if column not in ("officer_name", "officer_badge"):
                assert not values & (names | badges), column
        assert found["officer_identity_published"]["officers"] == ["officer_name",
                                                                   "officer_badge"]
        assert set(found["officer_identity_published"]) == set(ALL)
    else:
        assert "officer_name" not in cells and "officer_badge" not in cells
        assert not any(name in text for name in names)
        assert not any(values & badges for values in cells.values())
        assert found["officer_identity_published"] == {}
    assert ("officer_id" in cells) is (mode != "none")
    assert found["policy"]["officer_identity"] == mode
    assert f"Officer identity is `{mode}`" in (export / "DATA_DICTIONARY.md").read_text()
    assert validate(export / "datapackage.json").valid


def test_shipped_code_lists_cover_every_demo_code(full_export: Path, demo_db: Path) -> None:
    """Every code in the demo's code columns is mapped, except its deliberate junk."""
    junk = {code.strip().upper() for code in JUNK_CODES}
    unmapped = []
    with sqlite3.connect(demo_db) as db:
        for name, mapping in load_mappings([shipped_mappings()]).items():
            tables = mapping.aliases()
            filtered = {w.column for w in mapping.source.where}
            for field, spec in mapping.fields.items():
                if spec.codes is None or spec.from_ in filtered:  # the filter picks codes
                    continue
                alias, column = spec.from_.split(".")
                known = {str(k).strip().upper() for k in mapping.codes[spec.codes]}
                query = (f'SELECT DISTINCT UPPER(TRIM("{column}")) FROM "{tables[alias]}" '
                         f'WHERE TRIM(COALESCE("{column}", \'\')) <> \'\'')
                for (code,) in db.execute(query):
                    if code not in known and code not in junk:
                        unmapped.append(f"{name}.{field}: {code}")
    assert unmapped == []
    for name, details in manifest(full_export)["datasets"].items():
        for field, codes in details["unknown_codes"].items():
            assert set(codes) <= junk, f"{name}.{field}: {codes}"


def test_roster_bands_age_and_service_up_to_the_day_of_the_run(full_export: Path) -> None:
    roster = rows(full_export / "officers.csv")
    ages = {r["officer_age"] for r in roster}
    service = {r["officer_years_of_service"] for r in roster}
    assert ages - {""} and ages - {""} <= {label for _, _, label in AGE_BANDS}
    assert service - {""} and service - {""} <= {label for _, _, label in SERVICE_BANDS}
    assert "status" in roster[0] and {r["status"] for r in roster} <= {
        "Active", "On leave", "Separated", "Retired", "Other"}


def test_empty_export_still_validates(demo_config: Path) -> None:
    result = run_cli("export", "-c", str(demo_config), "-q", "--since", "2100-01-01")
    assert result.returncode == 0, result.stderr
    export = demo_config.parent / "export"
    assert all(d["rows_written"] == 0 for d in manifest(export)["datasets"].values())
    report = validate(export / "datapackage.json")
    assert report.valid, [e.message for t in report.tasks for e in t.errors][:5]
    package = json.loads((export / "datapackage.json").read_text(encoding="utf-8"))
    kinds = {r["format"]: r["profile"] for r in package["resources"]}
    assert kinds == {"csv": "tabular-data-resource", "json": "data-resource",
                     "ndjson": "data-resource"}


def test_package_catches_a_tampered_file(full_export: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(full_export, copy)
    path = copy / "vehicle_pursuits.csv"
    path.write_bytes(path.read_bytes().replace(b"true", b"fals", 1))
    report = validate(copy / "datapackage.json")
    assert not report.valid
    assert {t.name for t in report.tasks if not t.valid} == {"vehicle_pursuits"}


def test_excel_bom_csv_still_validates(tmp_path: Path, demo_db: Path) -> None:
    config = write_config(tmp_path, demo_db)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('formats = ["csv", "json", "ndjson"]',
                                   'formats = ["csv"]\ncsv_bom = true'), encoding="utf-8")
    result = run_cli("export", "-c", str(config), "-q")
    assert result.returncode == 0, result.stderr
    export = config.parent / "export"
    assert (export / "use_of_force.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    report = validate(export / "datapackage.json")
    assert report.valid, [e.message for t in report.tasks for e in t.errors][:5]


def test_json_only_export_validates_with_roster_keys(tmp_path: Path, demo_db: Path) -> None:
    config = write_config(tmp_path, demo_db, extra="[datasets]\nofficers = true\n")
    result = run_cli("export", "-c", str(config), "-q", "-f", "json")
    assert result.returncode == 0, result.stderr
    export = config.parent / "export"
    package = json.loads((export / "datapackage.json").read_text(encoding="utf-8"))
    keys = {r["name"]: r["schema"].get("foreignKeys") for r in package["resources"]}
    assert keys["officers"] is None
    assert keys["use_of_force"][0]["reference"]["resource"] == "officers"
    report = validate(export / "datapackage.json")
    assert report.valid, [e.message for t in report.tasks for e in t.errors][:5]
