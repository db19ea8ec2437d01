"""`iaextract schema`, the generated docs in docs/, and `iaextract keygen`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from iaextract.redaction.pseudonym import fingerprint, load_key
from iaextract.schema import DATASETS

from ..support import run_cli

REPO = Path(__file__).resolve().parents[2]
REGENERATE = "run `python scripts/generate_docs.py` and commit docs/"


def test_generated_docs_are_current(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "generate_docs.py"),
                             str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for name in ("docs/schema.md", "docs/cli.md"):
        fresh = (tmp_path / name).read_text(encoding="utf-8")
        assert (REPO / name).read_text(encoding="utf-8") == fresh, f"{name} is stale: " \
            + REGENERATE


def test_cli_docs_cover_every_command() -> None:
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    help_text = run_cli("--help").stdout
    commands = re.findall(r"^  (\w[\w-]*)  ", help_text.split("Commands:")[1], re.M)
    assert {"demo", "export", "schema", "keygen"} <= set(commands)
    for command in commands:
        assert f"## iaextract {command}\n" in text


def test_schema_markdown_is_the_checked_in_docs() -> None:
    result = run_cli("schema")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (REPO / "docs" / "schema.md").read_text(encoding="utf-8")


def test_schema_json_and_yaml_describe_every_dataset() -> None:
    as_json = json.loads(run_cli("schema", "--format", "json").stdout)
    as_yaml = yaml.safe_load(run_cli("schema", "--format", "yaml").stdout)
    assert as_json == as_yaml
    assert [d["name"] for d in as_json["datasets"]] == list(DATASETS)
    shootings = {f["name"]: f for f in next(
        d for d in as_json["datasets"] if d["name"] == "officer_involved_shootings")["fields"]}
    assert shootings["subject_armed"]["type"] == "boolean"
    assert shootings["officer_name"]["officer_identity"] is True
    assert shootings["officer_name"]["default_treatment"] == "drop"
    assert "Sustained" in next(f for d in as_json["datasets"] for f in d["fields"]
                               if f["name"] == "finding")["values"]
    officers = next(d for d in as_json["datasets"] if d["name"] == "officers")
    assert officers["enabled_by_default"] is False


def test_schema_of_one_dataset_and_a_misspelt_one() -> None:
    one = json.loads(run_cli("schema", "vehicle_pursuits", "--format", "json").stdout)
    assert [d["name"] for d in one["datasets"]] == ["vehicle_pursuits"]
    wrong = run_cli("schema", "vehicle_pursuit")
    assert wrong.returncode == 2
    assert "did you mean 'vehicle_pursuits'?" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_every_dataset_is_described_for_a_newcomer() -> None:
    for dataset in DATASETS.values():
        assert dataset.description and dataset.row and dataset.primary_key
        for field in dataset.fields:
            assert field.description.endswith("."), f"{dataset.name}.{field.name}"
            if field.values:
                assert len(set(field.values)) == len(field.values)


def test_keygen_writes_private_key_and_prints_only_its_fingerprint(tmp_path: Path) -> None:
    result = run_cli("keygen", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    key_file = tmp_path / "iaextract.key"
    key = load_key(key_file, None)
    assert fingerprint(key) in result.stdout
    assert key.hex() not in result.stdout + result.stderr
    assert "back it up" in result.stdout and "re-identify" in result.stdout
    if os.name == "posix":
        assert key_file.stat().st_mode & 0o077 == 0


def test_keygen_never_overwrites_a_key(tmp_path: Path) -> None:
    target = tmp_path / "agency.key"
    assert run_cli("keygen", "--out", str(target)).returncode == 0
    before = target.read_bytes()
    again = run_cli("keygen", "--out", str(target))
    assert again.returncode == 2
    assert "never overwritten" in again.stderr
    assert target.read_bytes() == before


def test_keygen_into_a_missing_folder_says_so(tmp_path: Path) -> None:
    result = run_cli("keygen", "--out", str(tmp_path / "nope" / "k.key"))
    assert result.returncode == 2
    assert "cannot write the key file" in result.stderr and "Traceback" not in result.stderr
