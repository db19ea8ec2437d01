"""Disclosure risk: k-anonymity numbers against a brute-force count, and suppression.

The fixture is a small SQLite database built here, with groups of known sizes
around k = 5 (bigger, equal, one short, singletons, a NULL in a quasi-identifier,
and rows that differ only before generalisation) plus seeded random rows.
"""

from __future__ import annotations

import csv
import json
import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from iaextract.chunks import ColumnChunk
from iaextract.config import load_config
from iaextract.disclosure.risk import CellSuppressor, GroupCounts
from iaextract.errors import WriterError
from iaextract.preview.engine import build_preview
from iaextract.run.pipeline import ExportRequest

from ..support import run_cli, write_config

QUASI = ["district", "received_date", "complainant_race", "complainant_sex", "complainant_age"]
K = 5

MAPPING = """\
dataset: complaint_allegations
source:
  table: Complaints
  alias: c
  order_by: [c.ID]
fields:
  allegation_id: c.ID
  incident_id: c.CaseNo
  received_date: c.Received
  district: {from: c.District, codes: districts}
  finding: {from: c.Finding, codes: findings}
  complainant_name: {from: "c.FirstName, c.LastName", join_with: " "}
  complainant_race: {from: c.Race, codes: races}
  complainant_sex: {from: c.Sex, codes: sexes}
  complainant_age: {age_at: [c.DOB, c.Received]}
codes:
  districts: {D1: District 1, D2: District 2, D3: District 3}
  findings: {SUS: Sustained, NS: Not Sustained}
  races: {W: White, B: Black, H: Hispanic}
  sexes: {M: Male, F: Female}
source_pii:
  Complaints: {FirstName: name, LastName: name, DOB: dob}
"""


def _group(count: int, received: date, district: str, race: str | None, sex: str,
           born: date) -> list[tuple[Any, ...]]:
    # Days and birthdays vary inside the month and the age band: same published group.
    return [(received + timedelta(days=i % 3), district, race, sex,
             born - timedelta(days=40 * i)) for i in range(count)]


def _rows() -> list[tuple[Any, ...]]:
    planted = (_group(7, date(2020, 1, 3), "D1", "W", "M", date(1990, 6, 1))  # age 29
               + _group(5, date(2020, 1, 10), "D2", "B", "F", date(1980, 6, 1))  # exactly k
               + _group(4, date(2020, 2, 5), "D1", "H", "M", date(2000, 1, 1))  # k - 1
               + _group(1, date(2020, 3, 5), "D3", "W", "F", date(1950, 1, 1))
               + _group(2, date(2020, 3, 5), "D3", None, "F", date(1950, 1, 1)))
    rng = random.Random(7)
    noise = [(date(2021, rng.randint(1, 2), rng.randint(1, 28)), rng.choice(["D1", "D2"]),
              rng.choice(["W", "B"]), rng.choice(["M", "F"]),
              date(rng.choice([1985, 1995]), rng.randint(1, 12), 1)) for _ in range(40)]
    return planted + noise


@pytest.fixture
def risk_config(tmp_path: Path) -> Path:
    database = tmp_path / "small.sqlite"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE Complaints (ID INTEGER PRIMARY KEY, CaseNo TEXT, "
                   "Received TEXT, District TEXT, Race TEXT, Sex TEXT, DOB TEXT, "
                   "Finding TEXT, FirstName TEXT, LastName TEXT)")
        db.executemany("INSERT INTO Complaints VALUES (?,?,?,?,?,?,?,?,?,?)", [
            (i, f"C-{i:04d}", received.isoformat(), district, race, sex, born.isoformat(),
             "SUS" if i % 2 else "NS", "Ada", f"Lovelace{i}")
            for i, (received, district, race, sex, born) in enumerate(_rows(), 1)])
    mappings = tmp_path / "mappings"
    mappings.mkdir()
    (mappings / "complaints.yaml").write_text(MAPPING, encoding="utf-8")
    return write_config(tmp_path / "agency", database, mappings=mappings,
                        policy=f"k = {K}")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _brute_force_sizes(rows: list[dict[str, str]]) -> list[int]:
    """For each row, how many rows (itself included) have the same quasi-identifiers."""
    keys = [tuple(row[q] for q in QUASI) for row in rows]
    return [sum(other == key for other in keys) for key in keys]


def _export(config: Path, out: Path, *extra: str) -> list[dict[str, str]]:
    done = run_cli("export", "-c", str(config), "-o", str(out), "-f", "csv", *extra)
    assert done.returncode == 0, done.stderr
    return _read_csv(out / "complaint_allegations.csv")


def test_risk_report_matches_brute_force(risk_config: Path, tmp_path: Path) -> None:
    published = _export(risk_config, tmp_path / "plain")
    sizes = _brute_force_sizes(published)
    preview = build_preview(load_config(risk_config), ExportRequest(), rows=3)
    risk = preview.datasets[0].risk

    assert list(risk.quasi_identifiers) == QUASI
    assert risk.records == len(published) == 59
    assert risk.smallest_group == min(sizes) == 1
    assert risk.records_at_risk == sum(1 for s in sizes if s < K)
    assert risk.groups == len({tuple(r[q] for q in QUASI) for r in published})
    expected = {tuple(r[q] for q in QUASI): s for r, s in zip(published, sizes, strict=True)
                if s < K}
    reported = {tuple("" if v is None else v for v in key): n for key, n in risk.at_risk}
    assert reported == expected
    # the planted groups: 7 and exactly k are safe, k - 1, singletons and NULL race are not
    assert ("District 1", "2020-01", "White", "Male", "25-34") not in reported
    assert ("District 2", "2020-01", "Black", "Female", "35-44") not in reported
    assert reported[("District 1", "2020-02", "Hispanic", "Male", "18-24")] == 4
    assert reported[("District 3", "2020-03", "", "Female", "65-74")] == 2
    assert [n for _, n in risk.at_risk] == sorted(n for _, n in risk.at_risk)


def test_suppression_blanks_exactly_the_at_risk_cells(risk_config: Path,
                                                      tmp_path: Path) -> None:
    plain = _export(risk_config, tmp_path / "plain")
    config_text = risk_config.read_text(encoding="utf-8")
    risk_config.write_text(config_text.replace("[policy]\n", "[policy]\n"
                                               "suppress_small_cells = true\n"),
                           encoding="utf-8")
    suppressed = _export(risk_config, tmp_path / "suppressed")

    sizes = _brute_force_sizes(plain)
    assert len(suppressed) == len(plain)
    blanked_cells = 0
    for before, after, size in zip(plain, suppressed, sizes, strict=True):
        if size < K:
            assert all(after[q] == "" for q in QUASI)
            assert {c: v for c, v in after.items() if c not in QUASI} == \
                {c: v for c, v in before.items() if c not in QUASI}
            blanked_cells += sum(before[q] != "" for q in QUASI)
        else:
            assert after == before
    manifest = json.loads((tmp_path / "suppressed" / "manifest.json").read_text("utf-8"))
    report = manifest["datasets"]["complaint_allegations"]["disclosure_risk"]
    assert report["suppressed_records"] == sum(1 for s in sizes if s < K) > 0
    assert report["suppressed_cells"] == blanked_cells
    assert report["smallest_group"] == 1 and report["k"] == K
    # data-quality counts are not doubled by the second read of the source
    plain_manifest = json.loads((tmp_path / "plain" / "manifest.json").read_text("utf-8"))
    for key in ("unknown_codes", "unparseable_dates", "invalid_values", "rows_read"):
        assert manifest["datasets"]["complaint_allegations"][key] == \
            plain_manifest["datasets"]["complaint_allegations"][key]


def test_preview_marks_suppressed_cells_in_samples(risk_config: Path) -> None:
    text = risk_config.read_text(encoding="utf-8")
    risk_config.write_text(text.replace("[policy]\n", "[policy]\nsuppress_small_cells = true\n"),
                           encoding="utf-8")
    preview = build_preview(load_config(risk_config), ExportRequest(), rows=20)
    samples = preview.datasets[0].samples
    changes = [{c.field: c.change for c in cells} for cells in samples]
    # rows 1-12 are in groups of 7 and 5, rows 13-16 in the group of 4 (k - 1)
    assert all(row["district"] == "kept" for row in changes[:12])
    assert all(row[q] == "suppressed" for row in changes[12:16] for q in QUASI)
    assert all(row["finding"] == "kept" for row in changes)


def test_suppressor_refuses_a_source_that_changed_between_passes() -> None:
    columns = ["id", "district", "race"]
    prepass = GroupCounts(["district", "race"])
    prepass.add([("D1", "W")] * 5 + [("D2", "B")])
    suppressor = CellSuppressor(columns, prepass, k=5)
    rows = [("a", "D1", "W")] * 5 + [("b", "D2", "B")]
    assert suppressor.apply(ColumnChunk.of_rows(rows)).row_tuples() == \
        rows[:5] + [("b", None, None)]
    suppressor.verify("complaints")  # same rows: fine
    assert suppressor.summary()["suppressed_cells"] == 2

    changed = CellSuppressor(columns, prepass, k=5)
    changed.apply(ColumnChunk.of_rows([("a", "D1", "W")] * 4
                                      + [("b", "D2", "B"), ("c", "D1", "B")]))
    with pytest.raises(WriterError, match="changed while it was being exported"):
        changed.verify("complaints")


def test_no_quasi_identifier_means_no_group_at_risk() -> None:
    groups = GroupCounts([])
    groups.add([()] * 3)
    report = groups.report(5)
    assert report.records == 3 and report.records_at_risk == 0 and not report.at_risk
    assert groups.at_risk(5) == set()
