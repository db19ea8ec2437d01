"""inspect, init and check against the demo database and another agency's layout."""

from __future__ import annotations

import re
import stat
import sys
from pathlib import Path

import pytest

from iaextract.demo import shipped_mappings

from ..other_layout import make_other_layout
from ..support import personal_values, run_cli, write_config


@pytest.fixture(scope="session")
def other_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_other_layout(tmp_path_factory.mktemp("other") / "ia.sqlite")


def _flagged(stdout: str) -> dict[str, str]:
    """column -> 'kind (by how)' from `inspect` output, per 'Table.Column'."""
    found, table = {}, ""
    for line in stdout.splitlines():
        if re.match(r"^\S.*\(\d[\d,]* rows\)$", line):
            table = line.split()[0]
        elif "PERSONAL:" in line:
            found[f"{table}.{line.split()[0]}"] = line.split("PERSONAL:")[1].strip()
    return found


def test_inspect_demo_flags_personal_columns_and_prints_no_value(demo_db: Path) -> None:
    result = run_cli("inspect", "--url", f"sqlite:///{demo_db.as_posix()}")
    assert result.returncode == 0, result.stderr
    flagged = _flagged(result.stdout)
    for table, column, _ in personal_values(demo_db):
        assert f"{table}.{column}" in flagged, f"{table}.{column} not flagged"
    assert "Incidents.Synopsis" in flagged
    assert re.search(r"^Incidents  \(\d+ rows\)$", result.stdout, re.M)
    for _, _, value in personal_values(demo_db):
        if len(value) >= 5:
            assert value not in result.stdout


def test_inspect_other_layout_flags_columns_by_their_values(other_db: Path) -> None:
    result = run_cli("inspect", "--url", f"sqlite:///{other_db}")
    assert result.returncode == 0, result.stderr
    flagged = _flagged(result.stdout)
    expected = {"Surnm": "name", "GivenNm": "name", "BDay": "dob", "Res": "address",
                "Contact1": "phone", "Contact2": "email", "TaxNo": "ssn"}
    for column, kind in expected.items():
        assert flagged[f"tblCivilian.{column}"].startswith(f"{kind} (by content: ")
    assert flagged["tblComplaint.Narrative"] == "free_text (by name)"
    # Codes, ids and event dates are not personal.
    for column in ("tblAllegation.Finding", "tblComplaint.DateReceived", "tblOfficer.Rank",
                   "tblOfficer.Hired", "tblCivilian.CivID"):
        assert column not in flagged
    assert "person1@mail.example" not in result.stdout


def test_inspect_uses_the_config_source(demo_config: Path) -> None:
    result = run_cli("inspect", "-c", str(demo_config), "--no-sample")
    assert result.returncode == 0, result.stderr
    assert "Citizens.LastName" in _flagged(result.stdout)


def test_check_passes_on_the_demo(demo_config: Path) -> None:
    result = run_cli("check", "-c", str(demo_config))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "complaint_allegations:" in result.stdout and "all checks passed" in result.stdout


def test_check_lists_every_problem_at_once(tmp_path: Path, demo_db: Path) -> None:
    mappings = tmp_path / "mappings"
    mappings.mkdir()
    text = (shipped_mappings() / "complaint_allegations.yaml").read_text(encoding="utf-8")
    text = text.replace("complaint_types: {CC: Citizen, IC: Internal}",
                        "complaint_types: {CC: Citizen}")  # IC is in the data
    text = text.replace("discipline: {from: a.Discipline", "discipline: {from: a.Disciplin")
    text = text.replace("Phone: phone, AltPhone: phone,", "AltPhone: phone,")
    (mappings / "complaint_allegations.yaml").write_text(text, encoding="utf-8")
    config = write_config(tmp_path / "agency", demo_db, mappings=mappings)
    result = run_cli("check", "-c", str(config))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "column 'Disciplin' is not in table 'Allegations'" in result.stderr
    assert "closest column in Allegations: 'Discipline'" in result.stderr
    # Column errors stop the data checks of that mapping; fix it and look again.
    (mappings / "complaint_allegations.yaml").write_text(
        text.replace("a.Disciplin", "a.Discipline"), encoding="utf-8")
    result = run_cli("check", "-c", str(config))
    assert result.returncode == 2
    assert re.search(r"complaint_type: 1 code\(s\) in the source are not in code list "
                     r"'complaint_types': IC", result.stderr)
    assert "Citizens.Phone looks personal (phone, by its name) but is not under source_pii" \
        in result.stderr
    assert "2 problem(s)" in result.stderr


def test_init_drafts_a_working_setup_for_another_layout(tmp_path: Path, other_db: Path
                                                        ) -> None:
    folder = tmp_path / "agency"
    result = run_cli("init", str(folder), "--url", f"sqlite:///{other_db}")
    assert result.returncode == 0, result.stderr
    draft = (folder / "mappings" / "complaint_allegations.yaml").read_text(encoding="utf-8")
    assert "table: tblAllegation" in draft
    assert "{table: tblComplaint, alias: i, on: {b.ComplaintNo: i.ComplaintNo}" in draft
    assert 'officer_name: {from: "o.GivenNm, o.Surnm", join_with: " "}' in draft
    assert "complainant_age: {age_at: [p.BDay, i.DateReceived]}" in draft
    assert "SUST: \"Sustained\"" in draft and "TODO" in draft
    assert "tblCivilian: {Surnm: name, GivenNm: name, BDay: dob, Res: address, " \
           "Contact1: phone, Contact2: email, TaxNo: ssn}" in draft
    if sys.platform != "win32":
        assert stat.S_IMODE((folder / "iaextract.key").stat().st_mode) == 0o600
    checked = run_cli("check", "-c", str(folder / "iaextract.toml"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    exported = run_cli("export", "-c", str(folder / "iaextract.toml"), "-q")
    assert exported.returncode == 0, exported.stderr
    assert (folder / "export" / "complaint_allegations.csv").is_file()


def test_init_on_the_demo_leaves_todos_that_check_names(tmp_path: Path, demo_db: Path) -> None:
    folder = tmp_path / "agency"
    assert run_cli("init", str(folder), "--url", f"sqlite:///{demo_db}").returncode == 0
    draft = (folder / "mappings" / "complaint_allegations.yaml").read_text(encoding="utf-8")
    assert "table: Allegations" in draft and "LastName: name" in draft
    checked = run_cli("check", "-c", str(folder / "iaextract.toml"))
    assert checked.returncode == 2
    # Incident types are guessed from the filtered rows; junk codes are left to decide.
    assert 'CC: "Citizen"  # guessed' in draft and "in: [CC, IC]" in draft
    assert re.search(r"code '(XX|N/A|--)' of list '\w+' maps to 'TODO', which is not a "
                     r"value of \w+ \(allowed: ", checked.stderr)


def test_init_never_overwrites(tmp_path: Path, other_db: Path) -> None:
    folder = tmp_path / "agency"
    folder.mkdir()
    (folder / "iaextract.toml").write_text("# mine\n", encoding="utf-8")
    first = run_cli("init", str(folder), "--url", f"sqlite:///{other_db}")
    assert first.returncode == 0, first.stderr
    key = (folder / "iaextract.key").read_bytes()
    draft = folder / "mappings" / "complaint_allegations.yaml"
    draft.write_text("# edited by the clerk\n", encoding="utf-8")
    second = run_cli("init", str(folder), "--url", f"sqlite:///{other_db}")
    assert second.returncode == 0, second.stderr
    assert (folder / "iaextract.toml").read_text(encoding="utf-8") == "# mine\n"
    assert (folder / "iaextract.key").read_bytes() == key
    assert draft.read_text(encoding="utf-8") == "# edited by the clerk\n"
    drafts = list((folder / "mappings").glob("*.yaml"))  # one per dataset it recognised
    assert second.stdout.count("not overwritten") == 2 + len(drafts)


def test_init_keeps_the_password_out_of_the_config(tmp_path: Path) -> None:
    from iaextract.onboarding.init import without_password

    assert without_password("postgresql+psycopg://clerk:hunter2@db/iapro") == \
        "postgresql+psycopg://clerk:${IAEXTRACT_DB_PASSWORD}@db/iapro"
    assert without_password("odbc:DSN=IAPro;UID=clerk;PWD={hun;ter2};") == \
        "odbc:DSN=IAPro;UID=clerk;PWD={${IAEXTRACT_DB_PASSWORD}};"


def test_init_without_a_source_writes_config_and_key_then_check_says_what_is_missing(
        tmp_path: Path) -> None:
    result = run_cli("init", str(tmp_path / "new"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "new" / "iaextract.key").is_file()
    assert "url = 'sqlite:///TODO-your-database.sqlite'" in \
        (tmp_path / "new" / "iaextract.toml").read_text(encoding="utf-8")
    checked = run_cli("check", "-c", str(tmp_path / "new" / "iaextract.toml"))
    assert checked.returncode == 2
    assert "TODO-your-database.sqlite does not exist" in checked.stderr


def test_init_writes_a_relative_source_down_absolute(tmp_path: Path, other_db: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "ia.sqlite").write_bytes(other_db.read_bytes())
    result = run_cli("init", "agency", "--url", "sqlite:///ia.sqlite", cwd=work)
    assert result.returncode == 0, result.stderr
    config = (work / "agency" / "iaextract.toml").read_text(encoding="utf-8")
    assert f"url = 'sqlite:///{work / 'ia.sqlite'}'" in config
    assert run_cli("check", "-c", str(work / "agency" / "iaextract.toml")).returncode == 0


def test_init_with_a_source_that_cannot_be_opened_writes_nothing(tmp_path: Path) -> None:
    result = run_cli("init", str(tmp_path / "agency"), "--url", "sqlite:///missing.sqlite",
                     cwd=tmp_path)
    assert result.returncode == 1
    assert "missing.sqlite does not exist" in result.stderr
    assert not (tmp_path / "agency").exists()


def test_check_flags_a_date_field_reading_a_column_of_non_dates(tmp_path: Path,
                                                                demo_db: Path) -> None:
    mappings = tmp_path / "mappings"
    mappings.mkdir()
    text = (shipped_mappings() / "use_of_force.yaml").read_text(encoding="utf-8")
    (mappings / "use_of_force.yaml").write_text(text.replace(
        "occurred_date: {from: i.OccurredDate}", "occurred_date: {from: i.District}"),
        encoding="utf-8")
    config = write_config(tmp_path / "agency", demo_db, mappings=mappings)
    result = run_cli("check", "-c", str(config))
    assert result.returncode == 2
    assert re.search(r"use_of_force.yaml:\d+: occurred_date: (\d+) of \1 distinct values of "
                     r"i.District are not dates in any accepted form", result.stderr)
