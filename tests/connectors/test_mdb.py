"""mdb: sources: an Access file read on Linux with the real mdbtools, and with the real
access-parser when mdbtools is not on PATH. The fixture is meza's test.mdb (MIT)."""

from __future__ import annotations

import csv
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from iaextract.connectors import open_source

from ..support import run_cli

ACCESS_FILE = Path(__file__).parents[1] / "fixtures" / "test.mdb"
# The first rows as Access holds them; 01/00/00 in the file is no calendar date.
FIRST_ROWS = [(1, "Aaron", "William", "Redn."), (2, "Abbey", "Richard", "Redn."),
              (3, "Abbis", "John", None)]
# Only the python interpreter's folder: no mdb-* tool can be found there.
NO_MDBTOOLS = {"PATH": str(Path(sys.executable).parent)}

OFFICERS_MAPPING = """\
dataset: officers
source:
  table: merchant_taylors
  alias: m
  order_by: [m.Id No]
fields:
  officer_id: {from: m.Id No}
  officer_name: {from: "m.Forenames, m.Surname", join_with: " "}
  officer_years_of_service: {years_between: [m.Freedom, today]}
source_pii:
  merchant_taylors: {Surname: name, Forenames: name, Forenames_Master_or_Father: name,
                     Surname_Master_or_Father: name, Notes: free_text, Remarks: free_text}
"""


def _loaded(target: Path) -> list[tuple]:
    with sqlite3.connect(target) as db:
        return db.execute('SELECT "Id No", Surname, Forenames, "How Admitted", Freedom '
                          'FROM merchant_taylors ORDER BY "Id No"').fetchall()


def test_load_copies_every_row_with_mdbtools(tmp_path: Path) -> None:
    result = run_cli("load", f"mdb:{ACCESS_FILE}", "sqlite:///x.sqlite", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "merchant_taylors: 20 rows" in result.stdout
    rows = _loaded(tmp_path / "x.sqlite")
    assert len(rows) == 20 and [r[:4] for r in rows[:3]] == FIRST_ROWS
    # Valid dates come as ISO text; Access' zero date stays text no parser accepts.
    assert ("1911-11-07 00:00:00" in {r[4] for r in rows}
            and "1900-01-00 00:00:00" in {r[4] for r in rows})


def test_access_parser_reads_the_same_rows_without_mdbtools(tmp_path: Path) -> None:
    assert run_cli("load", f"mdb:{ACCESS_FILE}", "sqlite:///tools.sqlite",
                   cwd=tmp_path).returncode == 0
    result = run_cli("load", f"mdb:{ACCESS_FILE}", "sqlite:///parser.sqlite", cwd=tmp_path,
                     env=NO_MDBTOOLS)
    assert result.returncode == 0, result.stderr
    assert "merchant_taylors: 20 rows" in result.stdout
    tools, parser = _loaded(tmp_path / "tools.sqlite"), _loaded(tmp_path / "parser.sqlite")
    assert [r[:4] for r in parser] == [r[:4] for r in tools]
    # The readers word an impossible date differently; valid dates are identical.
    assert [r[4] for r in parser if r[4] and r[4][0].isdigit()] == ["1911-11-07 00:00:00"]


def test_neither_reader_names_both_packages(tmp_path: Path) -> None:
    # None in sys.modules is how Python itself marks a module as not importable.
    code = ("import runpy, sys; sys.modules['access_parser'] = None; "
            "runpy.run_module('iaextract', run_name='__main__')")
    result = subprocess.run(
        [sys.executable, "-c", code, "inspect", "--url", f"mdb:{ACCESS_FILE}"],
        capture_output=True, text=True, env={**os.environ, **NO_MDBTOOLS}, cwd=tmp_path)
    assert result.returncode == 2
    assert "mdbtools" in result.stderr and "access-parser" in result.stderr
    assert "Traceback" not in result.stderr


def test_scratch_copy_is_private_and_removed(tmp_path: Path) -> None:
    with open_source(f"mdb:{ACCESS_FILE}", tmp_path) as source:
        scratch = Path(source.engine.url.database.removeprefix("file:").split("?")[0]).parent
        assert stat.S_IMODE(scratch.stat().st_mode) == 0o700
        assert [p.name for p in scratch.iterdir()
                if p.name != ".in-use.lock"] == ["tables.sqlite"]  # CSVs gone
        assert stat.S_IMODE((scratch / "tables.sqlite").stat().st_mode) == 0o600
        assert source.count(sa.select(sa.text("1")).select_from(
            sa.table("merchant_taylors"))) == 20
    assert not scratch.exists()


def test_a_file_that_is_not_access_says_so(tmp_path: Path) -> None:
    fake = tmp_path / "iapro.mdb"
    fake.write_text("Surname,DOB\nOkafor,1980-01-02\n", encoding="utf-8")
    for env in (None, NO_MDBTOOLS):
        result = run_cli("inspect", "--url", f"mdb:{fake}", env=env)
        assert result.returncode == 1, result.stderr
        assert "could not be read as an Access database" in result.stderr
        assert "Okafor" not in result.stderr and "Traceback" not in result.stderr
    missing = run_cli("inspect", "--url", "mdb:nowhere/iapro.accdb", cwd=tmp_path)
    assert missing.returncode != 0 and "does not exist" in missing.stderr


def test_inspect_init_check_preview_export_through_mdb(tmp_path: Path) -> None:
    inspected = run_cli("inspect", "--url", f"mdb:{ACCESS_FILE}")
    assert inspected.returncode == 0, inspected.stderr
    assert "merchant_taylors  (20 rows)" in inspected.stdout
    assert "Aaron" not in inspected.stdout
    agency = tmp_path / "agency"
    # A path relative to where the user stands is written down absolute.
    initialised = run_cli("init", str(agency), "--url", "mdb:test.mdb",
                          cwd=ACCESS_FILE.parent)
    assert initialised.returncode == 0, initialised.stderr
    config = agency / "iaextract.toml"
    assert f"url = 'mdb:{ACCESS_FILE}'" in config.read_text(encoding="utf-8")
    (agency / "mappings").mkdir()
    (agency / "mappings" / "officers.yaml").write_text(OFFICERS_MAPPING, encoding="utf-8")
    for command in (["check"], ["preview", "-d", "officers"],
                    ["export", "-d", "officers"]):
        result = run_cli(*command, "-c", str(config))
        assert result.returncode == 0, result.stdout + result.stderr
    with (agency / "export" / "officers.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 20
    published = "".join(p.read_text(encoding="utf-8") for p in (agency / "export").iterdir())
    assert "Aaron" not in published and "Abbott" not in published
