"""Mapping files: structure errors and source mismatches name file, line and closest name."""

from pathlib import Path

import pytest

from iaextract.connectors.catalog import Catalog
from iaextract.demo import shipped_mappings
from iaextract.errors import MappingError
from iaextract.mapping.loader import load_mapping, load_mappings
from iaextract.mapping.query import build_query
from iaextract.mapping.transform import RecordBuilder
from iaextract.mapping.validate import check_mapping
from iaextract.schema import DATASETS

CATALOG = Catalog(
    tables={
        "Allegations": {"AllegationID": "INTEGER", "IncidentID": "INTEGER",
                        "Finding": "TEXT", "AllegCode": "TEXT", "EmployeeID": "INTEGER"},
        "Incidents": {"IncidentID": "INTEGER", "IncidentNumber": "TEXT",
                      "ReceivedDate": "TEXT", "IncidentType": "TEXT"},
        "Citizens": {"CitizenID": "INTEGER", "LastName": "TEXT"},
    },
    primary_keys={"Allegations": ["AllegationID"]},
)

MAPPING = """\
dataset: complaint_allegations
source:
  table: Allegations
  alias: a
  joins:
    - {table: Incidents, alias: i, on: {a.IncidentID: i.IncidentID}}
  where:
    - {column: i.IncidentType, in: [CC]}
fields:
  allegation_id: a.AllegationID
  incident_id: {from: i.IncidentNumber}
  finding: {from: a.Finding, codes: findings}
codes:
  findings: {SUS: Sustained, N: Not Sustained, Y: Sustained, 1: Sustained, 012: Unfounded,
             0x1: Exonerated}
source_pii:
  Citizens: {LastName: name}
"""


def load(tmp_path: Path, text: str):
    path = tmp_path / "complaints.yaml"
    path.write_text(text, encoding="utf-8")
    return load_mapping(path)


def record_builder(tmp_path: Path, text: str, catalog: Catalog
                   ) -> tuple[RecordBuilder, list[str]]:
    """The complaint_allegations RecordBuilder of mapping ``text`` over ``catalog``, and
    its query's column keys (the order a source row's values come in)."""
    mapping = load(tmp_path, text)
    resolved, problems = check_mapping(mapping, catalog)
    assert problems == []
    query = build_query(mapping, resolved)
    return RecordBuilder(mapping, DATASETS["complaint_allegations"], query), query.keys


def test_valid_mapping_resolves_and_keeps_yes_no_codes_as_text(tmp_path: Path) -> None:
    mapping = load(tmp_path, MAPPING)
    resolved, problems = check_mapping(mapping, CATALOG)
    assert problems == []
    # Not True/False, and zero-padded codes are not octal (012 would be 10).
    assert set(mapping.codes["findings"]) == {"SUS", "N", "Y", "1", "012", "0x1"}
    assert resolved.order_by == ["a.AllegationID"]  # the base table's key by default


def test_unknown_column_names_file_line_and_closest(tmp_path: Path) -> None:
    mapping = load(tmp_path, MAPPING.replace("a.Finding", "a.Findng"))
    _, problems = check_mapping(mapping, CATALOG)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.type == "unknown-column"
    assert problem.file.endswith("complaints.yaml") and problem.line == 12
    assert "'Findng'" in problem.message and "'Finding'" in problem.hint


def test_every_problem_reported_together(tmp_path: Path) -> None:
    text = (MAPPING.replace("table: Incidents", "table: Incident")
            .replace("allegation_id:", "alegation_id:")
            .replace("codes: findings", "codes: finding"))
    _, problems = check_mapping(load(tmp_path, text), CATALOG)
    by_type = {p.type: p for p in problems}
    assert by_type["unknown-table"].hint == "did you mean 'Incidents'?"
    assert by_type["unknown-table"].line == 6
    assert by_type["unknown-field"].hint == "did you mean 'allegation_id'?"
    assert by_type["unknown-code-list"].hint == "did you mean 'findings'?"


def test_case_insensitive_names_resolve_to_real_spelling(tmp_path: Path) -> None:
    mapping = load(tmp_path, MAPPING.replace("a.Finding", "a.FINDING"))
    resolved, problems = check_mapping(mapping, CATALOG)
    assert problems == [] and resolved.columns["a.FINDING"].column == "Finding"


def test_code_list_value_outside_vocabulary_is_refused(tmp_path: Path) -> None:
    mapping = load(tmp_path, MAPPING.replace("SUS: Sustained", "SUS: Sustaned"))
    _, problems = check_mapping(mapping, CATALOG)
    assert problems[0].type == "value-not-in-vocabulary"
    assert "did you mean 'Sustained'" in problems[0].hint


def test_structural_errors_have_lines(tmp_path: Path) -> None:
    with pytest.raises(MappingError) as info:
        load(tmp_path, MAPPING.replace("  alias: a\n", "  alais: a\n"))
    text = str(info.value)
    assert "complaints.yaml:4: source.alais: unknown key" in text
    assert "did you mean 'alias'" in text
    assert "source.alias: required key is missing" in text


def test_invalid_yaml_names_line(tmp_path: Path) -> None:
    with pytest.raises(MappingError) as info:
        load(tmp_path, MAPPING.replace("fields:", "fields: [", 1))
    assert info.value.problems[0].type == "invalid-yaml"
    assert info.value.problems[0].line is not None


def test_field_needs_exactly_one_source(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="exactly one of"):
        load(tmp_path, MAPPING.replace("incident_id: {from: i.IncidentNumber}",
                                       "incident_id: {from: i.IncidentNumber, value: x}"))


def test_shipped_mappings_load() -> None:
    mappings = load_mappings([shipped_mappings()])
    assert {"complaint_allegations", "use_of_force"} <= set(mappings)
