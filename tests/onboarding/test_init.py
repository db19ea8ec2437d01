"""init drafts the second demo agency as a colleague would: one involvement table with
a where filter per incident type, the coarser district, flag columns, guessed codes,
every personal column declared; after the must-decide items only, check passes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iaextract.demo.style_b import generate_style_b_database
from iaextract.mapping.loader import load_mapping
from iaextract.mapping.model import Mapping

from ..support import run_cli

TYPES = {"complaint_allegations": ["CC", "IC"], "use_of_force": ["UOF"],
         "officer_involved_shootings": ["OIS"], "vehicle_pursuits": ["VP"],
         "assaults_on_officers": ["ASLT"]}


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("init_b")
    database = root / "b.sqlite"
    generate_style_b_database(database, incidents=300)
    result = run_cli("init", str(root / "agency"), "--url", f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr
    return root / "agency", result.stdout


def _draft(folder: Path, dataset: str) -> tuple[str, Mapping]:
    """The draft's text, and the draft as iaextract reads it."""
    path = folder / "mappings" / f"{dataset}.yaml"
    return path.read_text(encoding="utf-8"), load_mapping(path)


def _from(draft: Mapping, field: str) -> str | None:
    return draft.fields[field].from_ if field in draft.fields else None


def test_every_incident_type_gets_a_draft_with_its_filter(drafted: tuple[Path, str]) -> None:
    folder, _ = drafted
    for dataset, codes in TYPES.items():
        _text, draft = _draft(folder, dataset)
        source = draft.source
        assert source.table == "tblInvolvement", dataset
        assert [(w.column, w.in_) for w in source.where] == [("i.IncTypeCd", codes)], dataset
        joins = {j.table: j.on for j in source.joins}
        assert joins == {"tblIncident": {"b.IncKey": "i.IncKey"},
                         "tblOfficer": {"b.OffKey": "o.OffKey"},
                         "tblPerson": {"b.PersKey": "p.PersKey"}}
        received = dataset == "complaint_allegations"  # complaints count from receipt
        assert source.date == ("i.RcvdDt" if received else "i.OccDt")
        assert source.cursor == "i.ModifiedDt"
        assert _from(draft, "district") == "i.District"
        assert draft.fields["district"].codes == "district"
        assert _from(draft, "incident_id") == "i.IncNo"
        assert _from(draft, "officer_name") == "o.FName, o.LName"
        assert _from(draft, "subject_age" if dataset != "complaint_allegations" else
                     "complainant_age") is None  # computed: age_at
        assert _from(draft, "summary") == "i.Narrative"


def test_district_is_the_coarser_column_and_alternatives_are_named(
        drafted: tuple[Path, str]) -> None:
    text, _ = _draft(drafted[0], "use_of_force")
    assert re.search(r"district: \{from: i\.District.*# the coarsest of: District "
                     r"\(4 values\), Beat \(40 values\)", text)


def test_fields_codes_and_flags_by_their_values(drafted: tuple[Path, str]) -> None:
    folder, _ = drafted
    _text, complaints = _draft(folder, "complaint_allegations")
    assert _from(complaints, "complaint_type") == "i.IncTypeCd"
    assert _from(complaints, "allegation") == "b.ActionCd"
    assert _from(complaints, "finding") == "b.FindingCd"
    codes = complaints.codes
    assert codes["complaint_type"] == {"CC": "Citizen", "IC": "Internal"}
    assert {k: codes["finding"][k] for k in ("S", "NS", "E", "U", "WD", "AC")} == {
        "S": "Sustained", "NS": "Not Sustained", "E": "Exonerated", "U": "Unfounded",
        "WD": "Withdrawn", "AC": "Administratively Closed"}
    assert not {"TASER", "HANDS"} & set(codes["allegation"])  # only complaint rows' codes
    text, force = _draft(folder, "use_of_force")
    assert force.codes["force_type"]["TASER"] == "Conducted energy weapon"
    assert force.codes["force_type"]["K9"] == "Canine"
    assert 'TASER: "Conducted energy weapon"  # guessed' in text
    assert [_from(force, f) for f in ("officer_injured", "subject_injured",
                                      "subject_hospitalized")] == [
        "b.OffInjured", "b.SubjInjured", "b.Hospitalized"]
    assert "force_reason" not in force.fields  # ReasonCd is empty in force rows
    _text, shootings = _draft(folder, "officer_involved_shootings")
    assert [_from(shootings, f) for f in ("subject_armed", "subject_hit", "subject_killed",
                                          "shots_fired")] == [
        "b.Armed", "b.Hit", "b.Killed", "b.Shots"]
    _text, pursuits = _draft(folder, "vehicle_pursuits")
    assert _from(pursuits, "crash") == "b.Crash"
    assert pursuits.codes["reason"]["D"] == "Impaired driving"


def test_every_personal_column_is_declared(drafted: tuple[Path, str]) -> None:
    _text, draft = _draft(drafted[0], "complaint_allegations")
    pii = draft.source_pii
    assert {"Narrative", "AllegText", "InternalNotes", "IncLoc"} <= set(pii["tblIncident"])
    for table, extra in (("tblPerson", {"WorkPh", "DLNum", "AKA"}),
                         ("tblOfficer", {"CellPh", "BadgeNum"})):
        assert {"LName", "FName", "BirthDt", "ResAddr", "HomePh", "EmailAddr", "SSNum"} | \
            extra <= set(pii[table]), table


def test_must_decide_count_matches_check_and_guesses_pass_after_them(
        drafted: tuple[Path, str]) -> None:
    folder, stdout = drafted
    must = int(re.search(r"must decide before export: (\d+) code", stdout).group(1))
    assert must > 0
    config = str(folder / "iaextract.toml")
    before = run_cli("check", "-c", config)
    assert before.returncode == 2
    blocking = re.findall(r"maps to 'TODO', which is not a value", before.stderr)
    assert len(blocking) == must
    assert before.stderr.count("problem:") == must  # nothing else blocks
    # check compares the source code, not the literal TODO, for its suggestion.
    assert "did you mean 'Takedown'" not in before.stderr
    for path in (folder / "mappings").glob("*.yaml"):  # decide only the must-decide codes
        text = re.sub(r": TODO  # one of: (.*)", lambda m: ": " + (
            "Other" if "Other" in m.group(1).split(", ") else "Unknown"),
            path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
    after = run_cli("check", "-c", config)
    assert after.returncode == 0, after.stdout + after.stderr
