"""Issue 16 items 3 and 4 through a real export of the demo database: an NER model
installed as a folder is used, officers in summaries carry the ``officer_id`` the
export publishes, other people a dataset-wide keyed label, and the leak scan passes.
A model that is not installed stops ``check`` and ``export`` with how to install it."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import pytest
import spacy

from ..support import run_cli, write_config

POLICY = ('narratives = "scrub"\nnarrative_person_ids = "dataset"\n'
          'ner_model = "models/agency_ner"')
OFFICER = re.compile(r"\[OFFICER ([^\]]+)\]")
PERSON = re.compile(r"\[PERSON ([^\]]+)\]")


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Path:
    folder = tmp_path_factory.mktemp("labels") / "agency"
    config = write_config(folder, demo_db, policy=POLICY,
                          extra="[datasets]\nofficers = true\n")
    # The "model" finds a phrase no rule removes, so its use shows in the output.
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(
        [{"label": "PERSON", "pattern": [{"LOWER": "methodist"}, {"LOWER": "hospital"}]}])
    (folder / "models").mkdir()
    nlp.to_disk(folder / "models" / "agency_ner")
    result = run_cli("export", "-c", str(config))
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "export"


def rows(export: Path, dataset: str) -> list[dict[str, str]]:
    with (export / f"{dataset}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_officers_in_summaries_carry_their_published_officer_id(export: Path) -> None:
    roster = {row["officer_id"] for row in rows(export, "officers")}
    labels = [label for row in rows(export, "complaint_allegations")
              for label in OFFICER.findall(row["summary"])]
    as_ids = [label for label in labels if len(label) == 16]
    assert as_ids and set(as_ids) <= roster
    # the rest are officers whose name two officers share, labelled by keyed name
    assert len(as_ids) > 0.8 * len(labels)


def test_an_incidents_summary_names_its_own_officers(export: Path) -> None:
    officers: dict[str, set[str]] = {}
    named: dict[str, set[str]] = {}
    for row in rows(export, "complaint_allegations"):
        officers.setdefault(row["incident_id"], set()).add(row["officer_id"])
        named[row["incident_id"]] = {label for label in OFFICER.findall(row["summary"])
                                     if len(label) == 16}
    with_ids = [incident for incident, labels in named.items() if labels]
    # witness officers may be named without a row of their own, never instead of them
    assert with_ids and all(named[i] & officers[i] for i in with_ids)


def test_people_get_keyed_labels_that_recur_across_incidents(export: Path) -> None:
    by_label: dict[str, set[str]] = {}
    for dataset in ("complaint_allegations", "use_of_force"):
        for row in rows(export, dataset):
            for label in PERSON.findall(row["summary"]):
                by_label.setdefault(label, set()).add(row["incident_id"])
    assert by_label and all(re.fullmatch(r"[0-9a-f]{10}", label) for label in by_label)
    assert any(len(incidents) > 1 for incidents in by_label.values())


def test_the_model_folder_was_used(export: Path, demo_db: Path) -> None:
    with sqlite3.connect(demo_db) as db:
        mentioned = db.execute("SELECT COUNT(*) FROM Incidents "
                               "WHERE Synopsis LIKE '%Methodist Hospital%'").fetchone()[0]
    summaries = " ".join(row["summary"] for row in rows(export, "complaint_allegations"))
    assert mentioned and "Methodist Hospital" not in summaries


def test_the_manifest_records_the_choices_and_a_clean_scan(export: Path) -> None:
    manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["policy"]["ner_model"] == "agency_ner"  # never the folder
    assert manifest["policy"]["narrative_person_ids"] == "dataset"
    assert manifest["leak_scan"]["result"] == "clean"


@pytest.mark.parametrize("command", ["check", "export"])
def test_a_model_not_installed_says_how_to_install_it(command: str, tmp_path: Path,
                                                      demo_db: Path) -> None:
    config = write_config(tmp_path / "agency", demo_db, policy=(
        'narratives = "scrub"\nner_model = "en_core_web_sm_not_here"'))
    result = run_cli(command, "-c", str(config))
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert "pip install 'iaextract[ner]'" in said and "Traceback" not in said
    assert not (tmp_path / "agency" / "export").exists()


def test_check_loads_the_model_and_says_so(export: Path) -> None:
    result = run_cli("check", "-c", str(export.parent / "iaextract.toml"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "NER model models/agency_ner loaded" in result.stdout + result.stderr
