"""Issue 14 item 6: with addresses = "block" only "8800 block of Oak Road" is published:
no unit, city, state or ZIP; an address that cannot be parsed is dropped and counted."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from iaextract.demo import shipped_mappings
from iaextract.redaction.generalise import hundred_block

from ..support import run_cli, write_config


@pytest.mark.parametrize(("address", "block"), [
    ("8829 Oak Road Apt 5, Milwaukee", "8800 block of Oak Road"),
    ("8829 Oak Road Apt 5, Milwaukee, WI 53202-1234", "8800 block of Oak Road"),
    ("8829 OAK RD UNIT 5 MILWAUKEE WI 53202", "8800 block of OAK RD"),
    ("8829 Oak Road, Milwaukee", "8800 block of Oak Road"),
    ("4512 S Martin Luther King Jr Dr, Chicago IL 60653",
     "4500 block of S Martin Luther King Jr Dr"),
    ("12B Elm St #4", "0 block of Elm St"),
    ("1412 W Elm St, Unit 2", "1400 block of W Elm St"),
    ("PO Box 6605", None), ("Corner of 5th and Main", None), ("behind the gas station", None),
    ("", None), (None, None),
])
def test_only_the_block_of_the_street(address: str | None, block: str | None) -> None:
    assert hundred_block(address) == block


def test_export_publishes_the_block_only_and_counts_what_it_dropped(tmp_path: Path,
                                                                   demo_db: Path) -> None:
    mappings = tmp_path / "mappings"
    shutil.copytree(shipped_mappings(), mappings)
    allegations = mappings / "complaint_allegations.yaml"
    allegations.write_text(allegations.read_text(encoding="utf-8").replace(
        "  complainant_race:", '  complainant_address: {from: "c.Street, c.Apt, c.City, '
        'c.State, c.Zip", join_with: ", "}\n  complainant_race:'), encoding="utf-8")
    config = write_config(tmp_path / "agency", demo_db, mappings=mappings,
                          policy='addresses = "block"')
    result = run_cli("export", "-c", str(config), "-d", "complaint_allegations")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "agency" / "export"
    with (out / "complaint_allegations.csv").open(encoding="utf-8", newline="") as handle:
        published = {r["complainant_address"] for r in csv.DictReader(handle)} - {""}
    assert published
    for value in published:
        number, _, street = value.partition(" block of ")
        assert int(number) % 100 == 0 and street and "," not in street, value
        assert not any(part in street.split() for part in ("Apt", "Unit", "WI", "TX")), value
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    dropped = manifest["datasets"]["complaint_allegations"]["addresses_dropped"]
    assert dropped["complainant_address"] > 0  # the demo's PO boxes
