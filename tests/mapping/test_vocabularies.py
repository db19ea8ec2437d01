"""Vocabularies in mappings, and spans that end on the day of the run."""

from __future__ import annotations

from pathlib import Path

from iaextract.connectors.catalog import Catalog
from iaextract.mapping.validate import check_mapping
from iaextract.schema import DATASETS

from .test_mapping import CATALOG, MAPPING, load


def test_constant_outside_the_vocabulary_is_refused(tmp_path: Path) -> None:
    text = MAPPING.replace("  finding: {from: a.Finding, codes: findings}",
                           "  finding: {from: a.Finding, codes: findings}\n"
                           "  complaint_type: {value: Citizn}")
    _, problems = check_mapping(load(tmp_path, text), CATALOG)
    assert [p.type for p in problems] == ["value-not-in-vocabulary"]
    assert problems[0].hint == "did you mean 'Citizen'?" and problems[0].line == 13


def test_years_between_may_end_today(tmp_path: Path) -> None:
    roster = ("dataset: officers\nsource: {table: Employees, alias: o}\nfields:\n"
              "  officer_id: o.EmployeeID\n"
              "  officer_years_of_service: {years_between: [o.HireDate, today]}\n")
    catalog = Catalog({"Employees": {"EmployeeID": "INTEGER", "HireDate": "TEXT"}},
                      {"Employees": ["EmployeeID"]})
    mapping = load(tmp_path, roster)
    resolved, problems = check_mapping(mapping, catalog)
    assert problems == []
    assert set(resolved.columns) == {"o.EmployeeID", "o.HireDate"}


def test_vocabularies_are_used_by_the_fields_they_describe() -> None:
    coded = {f.name: f.values for d in DATASETS.values() for f in d.fields if f.values}
    for name in ("finding", "disposition", "force_type", "officer_race", "subject_sex",
                 "subject_weapon", "weapon", "officer_injury", "reason", "termination",
                 "status", "service_type", "discipline"):
        assert coded.get(name), name
