"""Know the whole database (issue 16 item 1): under scrub, the scrubber and the leak scan
learn the people of every table that looks personal, declared by a mapping or not, and
``check`` lists what they learn from."""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path

import pytest

from iaextract.config import load_config
from iaextract.leakscan.match import FREE, Column, Matcher
from iaextract.leakscan.scan import load_known
from iaextract.onboarding.check import run_checks

from ..support import run_cli, write_config


@pytest.fixture(scope="module")
def witness_db(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Path:
    """The demo database plus a Witnesses table that no mapping declares or joins, named
    (lower case, no cue word) in every vehicle-pursuit summary."""
    path = tmp_path_factory.mktemp("witness") / "db.sqlite"
    shutil.copy(demo_db, path)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE Witnesses (WitnessID INTEGER PRIMARY KEY, IncidentID "
                   "INTEGER, LastName TEXT, FirstName TEXT, HomePhone TEXT)")
        db.execute("INSERT INTO Witnesses VALUES (1, 1, 'Kraevik', 'Zofia', '317-555-0199')")
        db.execute("UPDATE Incidents SET Synopsis = Synopsis || ' The pursuit ended; later "
                   "kraevik confirmed it, and zofia kraevik signed.' WHERE IncidentType = 'VP'")
    return path


def test_an_undeclared_person_table_is_scrubbed(tmp_path: Path, witness_db: Path) -> None:
    config = write_config(tmp_path / "agency", witness_db, policy='narratives = "scrub"')
    done = run_cli("export", "-c", str(config))
    assert done.returncode == 0, done.stdout + done.stderr
    with (tmp_path / "agency" / "export" / "vehicle_pursuits.csv").open(
            encoding="utf-8", newline="") as handle:
        summaries = [row["summary"] for row in csv.DictReader(handle)]
    assert summaries and all("pursuit ended" in s for s in summaries)
    assert not any("kraevik" in s.lower() or "zofia" in s.lower() for s in summaries)


def test_the_leak_scan_knows_the_undeclared_table_under_scrub(tmp_path: Path,
                                                              witness_db: Path) -> None:
    scrub = load_config(write_config(tmp_path / "a", witness_db,
                                     policy='narratives = "scrub"'))
    assert Matcher(load_known(scrub)).find("later Kraevik confirmed", Column(FREE)) == "name"
    drop = load_config(write_config(tmp_path / "b", witness_db))
    assert Matcher(load_known(drop)).find("later Kraevik confirmed", Column(FREE)) is None


def test_check_lists_what_the_scrubber_learns(tmp_path: Path, witness_db: Path) -> None:
    config = load_config(write_config(tmp_path / "agency", witness_db,
                                      policy='narratives = "scrub"'))
    lines = run_checks(config).checked
    assert any(line.startswith("scrub learns from Witnesses (detected): ")
               and "LastName (name)" in line and "HomePhone (phone)" in line for line in lines)
    assert any(line.startswith("scrub learns from Citizens (declared): ") for line in lines)
