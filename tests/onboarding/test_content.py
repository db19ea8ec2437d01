"""inspect and check judge columns by content as well as name (values never printed),
flag quasi-personal columns of person tables, and check refuses a published field that
reads a personal or quasi-personal column unless an override says why."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from iaextract.demo import shipped_mappings
from iaextract.demo.database import generate_demo_database
from iaextract.demo.style_b import generate_style_b_database

from ..support import run_cli, write_config


@pytest.fixture(scope="module")
def style_b(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("style_b") / "b.sqlite"
    generate_style_b_database(path, incidents=200)
    return path


@pytest.fixture(scope="module")
def style_a(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("style_a") / "a.sqlite"
    generate_demo_database(path, incidents=100)
    return path


def _lines(output: str) -> dict[str, str]:
    """'Table.Column' -> the rest of its inspect line."""
    found, table = {}, ""
    for line in output.splitlines():
        if line and not line.startswith(" ") and "rows)" in line:
            table = line.split()[0]
        elif line.startswith("  ") and table:
            name, _, rest = line.strip().partition(" ")
            found[f"{table}.{name}"] = rest
    return found


def _values(db: Path, sql: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [str(r[0]) for r in conn.execute(sql) if r[0] is not None]


def test_inspect_flags_personal_text_by_content_and_says_why(style_b: Path) -> None:
    sampled = run_cli("inspect", "--url", f"sqlite:///{style_b}")
    assert sampled.returncode == 0, sampled.stderr
    lines = _lines(sampled.stdout)
    for column in ("tblIncident.AllegText", "tblIncident.InternalNotes"):
        assert "PERSONAL: free_text (by content: " in lines[column], column
        assert "% of 200 sampled values)" in lines[column]
    assert "PERSONAL: phone (by content" in lines["tblPerson.HomePh"]
    for column in ("tblIncident.IncNo", "tblIncident.IncTypeCd", "tblInvolvement.ActionCd",
                   "tblIncident.District", "tblOfficer.RankCd"):
        assert "PERSONAL" not in lines[column], column
    # Quasi-personal columns of person tables, by name.
    for table in ("tblPerson", "tblOfficer"):
        assert "QUASI-PERSONAL: middle_initial (by name)" in lines[f"{table}.MI"]
        assert "QUASI-PERSONAL: zip (by name)" in lines[f"{table}.ResZip"]
        assert "QUASI-PERSONAL: unit (by name)" in lines[f"{table}.ResApt"]
        assert "QUASI-PERSONAL: city (by name)" in lines[f"{table}.ResCity"]
    # No sampled value is printed.
    printed = sampled.stdout
    for value in _values(style_b, "SELECT AllegText FROM tblIncident LIMIT 50") + \
            _values(style_b, "SELECT LName FROM tblPerson LIMIT 50"):
        assert value not in printed

    by_name = run_cli("inspect", "--no-sample", "--url", f"sqlite:///{style_b}")
    assert by_name.returncode == 0, by_name.stderr
    named = _lines(by_name.stdout)
    assert "PERSONAL" not in named["tblIncident.AllegText"]
    assert "by content" not in by_name.stdout and "--no-sample" in by_name.stdout
    assert by_name.stdout != sampled.stdout


def test_style_a_quasi_columns_but_not_the_officers_unit(style_a: Path) -> None:
    lines = _lines(run_cli("inspect", "--url", f"sqlite:///{style_a}").stdout)
    assert "zip" in lines["Citizens.Zip"] and "unit" in lines["Citizens.Apt"]
    assert "city" in lines["Employees.HomeCity"]
    assert "QUASI" not in lines["Employees.Unit"]  # PATROL, SWAT…: an assignment
    assert "QUASI" not in lines["Incidents.District"]  # not a person table


def _agency(tmp: Path, database: Path, edit: dict[str, tuple[str, str]],
            extra: str = "") -> Path:
    mappings = tmp / "mappings"
    shutil.copytree(shipped_mappings("iapro-b"), mappings)
    for name, (old, new) in edit.items():
        path = mappings / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    return write_config(tmp / "agency", database, mappings=mappings, extra=extra)


def test_check_passes_the_shipped_style_b_mappings(tmp_path: Path, style_b: Path) -> None:
    result = run_cli("check", "-c", str(_agency(tmp_path, style_b, {})))
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_fails_a_published_field_reading_text_personal_by_content(
        tmp_path: Path, style_b: Path) -> None:
    config = _agency(tmp_path, style_b, {"complaint_allegations": (
        "allegation: {from: v.ActionCd, codes: allegations}",
        "allegation: {from: i.AllegText}")})
    result = run_cli("check", "-c", str(config))
    assert result.returncode == 2
    assert "allegation reads i.AllegText, which holds personal data (free_text, by " \
           "content:" in result.stdout + result.stderr
    assert "complaint_allegations.yaml:" in result.stdout + result.stderr


def test_check_fails_an_undeclared_column_personal_by_content(tmp_path: Path,
                                                              style_b: Path) -> None:
    config = _agency(tmp_path, style_b, {"use_of_force": (
        "AllegText: free_text, ", "")})
    result = run_cli("check", "-c", str(config))
    assert result.returncode == 2
    out = result.stdout + result.stderr
    assert "tblIncident.AllegText looks personal (free_text, by its content: " in out
    assert "Alleged" not in out


def test_check_fails_a_home_zip_published_as_district_unless_overridden(
        tmp_path: Path, style_b: Path) -> None:
    edit = {"complaint_allegations": ("district: {from: i.District, codes: districts}",
                                      "district: {from: p.ResZip}")}
    result = run_cli("check", "-c", str(_agency(tmp_path / "1", style_b, edit)))
    assert result.returncode == 2
    assert "district reads p.ResZip, which holds quasi-personal data (zip, by name)" \
        in result.stdout + result.stderr
    overridden = _agency(tmp_path / "2", style_b, edit, extra=(
        '[policy.fields."complaint_allegations.district"]\n'
        'treatment = "keep"\nreason = "ZIP3 areas agreed with counsel"\n'))
    result = run_cli("check", "-c", str(overridden))
    assert result.returncode == 0, result.stdout + result.stderr
