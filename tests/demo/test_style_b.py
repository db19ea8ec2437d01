"""The second built-in agency (``iaextract demo --style b``): a different layout, every
incident type in one table, letter codes, and personal data where names don't say so."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from iaextract.demo.style_b import generate_style_b_database

from ..support import output_files, personal_values, run_cli

STYLE_B_PEOPLE = {
    "tblPerson": ("LName", "FName", "AKA", "BirthDt", "ResAddr", "HomePh", "WorkPh",
                  "EmailAddr", "SSNum", "DLNum"),
    "tblOfficer": ("LName", "FName", "BirthDt", "ResAddr", "HomePh", "CellPh", "EmailAddr",
                   "SSNum"),
}


@pytest.fixture(scope="module")
def style_b(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("style_b") / "b.sqlite"
    generate_style_b_database(path, incidents=300)
    return path


def _column(db: Path, sql: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute(sql)]


def test_every_incident_type_lives_in_one_table_with_letter_codes(style_b: Path) -> None:
    types = _column(style_b, "SELECT DISTINCT IncTypeCd FROM tblInvolvement "
                             "JOIN tblIncident USING (IncKey) ORDER BY 1")
    assert types == ["ASLT", "CC", "IC", "OIS", "UOF", "VP"]
    assert len(_column(style_b, "SELECT DISTINCT District FROM tblIncident")) == 4
    assert len(_column(style_b, "SELECT DISTINCT Beat FROM tblIncident")) == 40
    findings = {f.strip().upper() for f in _column(
        style_b, "SELECT FindingCd FROM tblInvolvement WHERE FindingCd IS NOT NULL")}
    assert {"S", "NS", "WD"} <= findings
    forces = set(_column(style_b, "SELECT ActionCd FROM tblInvolvement"))
    assert {"TASER", "K9", "WRISTLOCK", "FIREARM"} <= forces
    assert {"-1", "0"} <= set(_column(style_b, "SELECT SubjInjured FROM tblInvolvement"))


def test_personal_data_is_adversarial(style_b: Path) -> None:
    surnames = set(_column(style_b, "SELECT LName FROM tblPerson"))
    assert any(s.isupper() and len(s) > 3 for s in surnames)  # ALL CAPS
    assert any("\u2019" in s for s in surnames)  # curly apostrophes
    assert any(len(m or "") == 1 for m in _column(style_b, "SELECT MI FROM tblPerson"))
    phones = _column(style_b, "SELECT HomePh FROM tblPerson")
    shapes = {re.sub(r"\d", "9", p) for p in phones}
    assert len(shapes) >= 5
    text = " ".join(_column(style_b, "SELECT Narrative FROM tblIncident"))
    assert re.search(r"\b[A-Z][A-Z'’-]+, [A-Z]{3,}\b", text)  # LAST, FIRST in capitals
    allegations = _column(style_b, "SELECT AllegText FROM tblIncident")
    assert all(a.startswith("Alleged ") and " toward " in a for a in allegations)
    notes = _column(style_b, "SELECT InternalNotes FROM tblIncident")
    assert all(re.search(r"sgt \S+", n) for n in notes)


def test_same_seed_same_database(tmp_path: Path) -> None:
    one, two = tmp_path / "1.sqlite", tmp_path / "2.sqlite"
    assert generate_style_b_database(one, 40) == generate_style_b_database(two, 40)
    assert one.read_bytes() == two.read_bytes()


def test_demo_style_b_exports_every_dataset_and_nothing_personal(tmp_path: Path) -> None:
    result = run_cli("demo", "--style", "b", "--incidents", "200", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    root = tmp_path / "iaextract-demo"
    for name in ("complaint_allegations", "use_of_force", "officer_involved_shootings",
                 "vehicle_pursuits", "assaults_on_officers"):
        assert (root / "export" / f"{name}.csv").is_file(), name
    assert "leak scan: clean" in result.stdout and "mappings/iapro-b/*.yaml" in result.stdout
    # Scrubbed narratives too: published, or withheld by the leak scan (exit 3).
    config = root / "iaextract.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'narratives = "drop"', 'narratives = "scrub"'), encoding="utf-8")
    scrubbed = run_cli("export", "-c", str(config))
    assert scrubbed.returncode in (0, 3), scrubbed.stderr
    published = "\n".join(p.read_text(encoding="utf-8", errors="replace").lower()
                          for p in output_files(root / "export"))
    for table, column, value in personal_values(root / "iapro-demo.sqlite", STYLE_B_PEOPLE):
        if len(value) >= 6 and not value.replace(" ", "").isalpha():  # numbers, e-mails
            assert value.lower() not in published, (table, column)
    full_names = _column(root / "iapro-demo.sqlite",
                         "SELECT FName || ' ' || LName FROM tblPerson UNION "
                         "SELECT FName || ' ' || LName FROM tblOfficer")
    assert not [n for n in full_names if n.lower() in published]
    assert not re.search(r"alleged (cc|ic|uof|ois|vp|aslt) toward|note: call back", published)
