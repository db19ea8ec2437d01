"""Enforce mode end to end: the published files recounted by distinct pseudonym.

The real CLI exports the demo database with the default policy; the CSV files are
read back and every published combination of the public's quasi-identifiers is
counted by hand over distinct complainant/subject pseudonyms. No combination that
publishes anything may describe fewer than k people, the CSV and JSON files carry
the same values, and the manifest and data dictionary state the plan.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest

from iaextract.schema import DATASETS, Kind, Role, Sensitivity

from ..support import run_cli, write_config

K = 5


@pytest.fixture(scope="module")
def enforced(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Path:
    config = write_config(tmp_path_factory.mktemp("enforce"), demo_db)
    done = run_cli("export", "-c", str(config))
    assert done.returncode == 0, done.stderr
    return config.parent / "export"


def _public(dataset: str) -> tuple[str, list[str]]:
    fields = [f for f in DATASETS[dataset].fields if f.role is Role.PUBLIC]
    person = next(f.name for f in fields if f.kind is Kind.ID)
    return person, [f.name for f in fields if f.sensitivity is Sensitivity.QUASI]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("dataset", ["complaint_allegations", "use_of_force"])
def test_no_published_combination_describes_fewer_than_k_people(enforced: Path,
                                                                 dataset: str) -> None:
    rows = _rows(enforced / f"{dataset}.csv")
    person, quasi = _public(dataset)
    quasi = [q for q in quasi if q in rows[0]]
    people = defaultdict(set)
    for row in rows:
        key = tuple(row[q] for q in quasi)
        if row[person] and any(key):
            people[key].add(row[person])
    small = {key: len(who) for key, who in people.items() if len(who) < K}
    assert not small
    manifest = json.loads((enforced / "manifest.json").read_text(encoding="utf-8"))
    plan = manifest["datasets"][dataset]["disclosure"]["public"]
    assert plan["mode"] == "enforce" and plan["k"] == K
    assert plan["after"]["records_at_risk"] == 0
    assert plan["suppressed_records"] <= 0.02 * plan["records"]
    assert plan["before"]["records_at_risk"] > 0  # the demo needed the search
    assert len({row[person] for row in rows if row[person]}) == plan["people"]
    for field, level in plan["levels"].items():
        if level == "withheld":
            assert all(row[field] == "" for row in rows)
        if level in ("quarter", "year"):
            assert all(row[field] == "" or len(row[field]) == {"quarter": 7, "year": 4}[level]
                       for row in rows)


def test_every_format_has_the_same_generalisation(enforced: Path) -> None:
    rows = _rows(enforced / "use_of_force.csv")
    records = json.loads((enforced / "use_of_force.json").read_text(encoding="utf-8"))
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        assert {k: "" if v is None else str(v).lower() if isinstance(v, bool) else str(v)
                for k, v in record.items()} == row


def test_dictionary_explains_the_plan_in_words(enforced: Path) -> None:
    text = (enforced / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    assert "Disclosure control for members of the public" in text
    assert "counted by `subject_id`" in text


def test_five_year_age_bands_are_published_and_declared(tmp_path: Path, demo_db: Path) -> None:
    config = write_config(tmp_path, demo_db, policy="age_bands = 5\n[policy.disclosure]\n"
                          'mode = "report"')
    done = run_cli("export", "-c", str(config), "-q", "-f", "csv")
    assert done.returncode == 0, done.stderr
    export = config.parent / "export"
    ages = {row["officer_age"] for row in _rows(export / "use_of_force.csv")} - {""}
    package = json.loads((export / "datapackage.json").read_text(encoding="utf-8"))
    force = next(r for r in package["resources"] if r["name"] == "use_of_force")
    declared = next(f for f in force["schema"]["fields"] if f["name"] == "officer_age")
    assert ages <= set(declared["constraints"]["enum"])
    assert {"25-29", "30-34"} & ages  # five-year bands, not the ten-year 25-34
    assert "25-34" not in ages
