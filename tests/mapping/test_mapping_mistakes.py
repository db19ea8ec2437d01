"""Mapping mistakes are exit 2 with file and line, from `check` and `export` alike
(issue 15, item 7): each case edits a copy of the shipped demo mappings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from iaextract.demo import shipped_mappings
from iaextract.errors import MappingError
from iaextract.mapping.loader import load_mapping

from ..support import run_cli, write_config

FILE = "complaint_allegations.yaml"
JOINS = """    - {table: Incidents, alias: i, on: {a.IncidentID: i.IncidentID}}
    - {table: Employees, alias: o, on: {a.EmployeeID: o.EmployeeID}, how: left}
"""
# Employees joined first, on a condition naming Incidents' alias, joined only after it.
LATE_ALIAS = """    - {table: Employees, alias: o, how: left,
       on: {a.EmployeeID: o.EmployeeID, i.IncidentID: a.IncidentID}}
    - {table: Incidents, alias: i, on: {a.IncidentID: i.IncidentID}}
"""
LAUGHS = "".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 10))

CASES = {  # name: (old text, new text, line reported, words of the message)
    "duplicate-key": ("{CC: Citizen, IC: Internal}", "{CC: Citizen, IC: Internal, CC: Internal}",
                      47, "given twice"),
    "case-colliding-codes": ("{CC: Citizen, IC: Internal}",
                             "{CC: Citizen, IC: Internal, cc : Internal}", 47, "same code"),
    "misspelt-dataset": ("dataset: complaint_allegations", "dataset: complaint_alegations",
                         4, "did you mean 'complaint_allegations'"),
    "join-alias-order": (JOINS, LATE_ALIAS, 10, "only defined by a later join"),
    "recursive-alias": ("\nsource_pii:", "\nloop: &loop [*loop]\nsource_pii:", 71,
                        "contains itself"),
    "alias-bomb": ("\nsource_pii:", "\nl0: &l0 [lol]\n" + LAUGHS + "source_pii:", 76,
                   "aliases expand to more than"),
}


def edited_mappings(folder: Path, old: str, new: str) -> tuple[Path, int]:
    """A copy of the shipped mappings with ``old`` replaced in FILE; the line of the edit."""
    shutil.copytree(shipped_mappings(), folder)
    text = (folder / FILE).read_text(encoding="utf-8")
    assert old in text
    (folder / FILE).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder, text[:text.index(old)].count("\n") + 1


@pytest.mark.parametrize("case", list(CASES))
def test_mapping_mistake_is_exit_2_with_file_and_line(case: str, tmp_path: Path,
                                                      demo_db: Path) -> None:
    old, new, line, words = CASES[case]
    mappings, edit_line = edited_mappings(tmp_path / "mappings", old, new)
    config = write_config(tmp_path / "agency", demo_db, mappings=mappings)
    log = tmp_path / "check.log"
    checked = run_cli("check", "-c", str(config), "--log-file", str(log),
                      "--log-format", "json")
    exported = run_cli("export", "-c", str(config))
    for result in (checked, exported):
        assert result.returncode == 2, result.stdout + result.stderr
        assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
        assert f"{FILE}:{line or edit_line}" in result.stderr, result.stderr
        assert words in result.stderr
    last = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    assert last["event"] == "run_finished" and last["exit_code"] == 2


def test_a_shared_code_list_through_an_alias_still_loads(tmp_path: Path) -> None:
    """Aliases are allowed; only loops and explosions are refused."""
    mappings, _ = edited_mappings(tmp_path / "mappings", "{CC: Citizen, IC: Internal}",
                                  "&types {CC: Citizen, IC: Internal}\n  types_again: *types")
    mapping = load_mapping(mappings / FILE)
    assert mapping.codes["types_again"] == {"CC": "Citizen", "IC": "Internal"}


def test_mapping_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    mappings, _ = edited_mappings(tmp_path / "mappings", "Citizen", "Citizen")
    text = (mappings / FILE).read_bytes().replace(b"CC: Citizen", b"CC: Citiz\xe9n", 1)
    (mappings / FILE).write_bytes(text)
    with pytest.raises(MappingError) as raised:
        load_mapping(mappings / FILE)
    assert raised.value.exit_code == 2
    assert f"{FILE}:47" in str(raised.value) and "UTF-8" in str(raised.value)
