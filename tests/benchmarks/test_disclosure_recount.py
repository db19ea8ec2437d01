"""Issue 17's done-when recount (benchmarks/disclosure_recount.py) on a real export.

The demo database is exported by the real CLI with the default policy and with
disclosure control only reporting; the published CSV files are recounted by distinct
complainant/subject pseudonym. Enforced, no record is in a combination of fewer than
k people and the share keeping quarter-or-finer date and race is what the manifest's
plan allows; reported only, the same recount finds the small groups (so it can fail).
The done-when's figures at 5,000 and 20,000 incidents come from bench_disclosure.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from ..support import run_cli, write_config

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from disclosure_recount import DATASETS_CHECKED, recount  # noqa: E402

K = 5


def _export(folder: Path, database: Path, extra: str = "") -> Path:
    config = write_config(folder, database, extra=extra)
    done = run_cli("export", "-c", str(config), "-f", "csv")
    assert done.returncode == 0, done.stderr
    return config.parent / "export"


@pytest.fixture(scope="module")
def enforced(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Path:
    return _export(tmp_path_factory.mktemp("enforce"), demo_db)


@pytest.mark.parametrize("dataset", DATASETS_CHECKED)
def test_enforced_export_recounts_to_k_and_keeps_what_the_plan_says(
        enforced: Path, dataset: str) -> None:
    export = enforced
    counted = recount(export, dataset, K)
    assert counted.records > 0 and counted.at_risk == 0
    manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    plan = manifest["datasets"][dataset]["disclosure"]["public"]
    race = next(name for name in plan["levels"] if name.endswith("_race"))
    keeps = plan["levels"]["occurred_date"] in ("day", "month", "quarter") \
        and plan["levels"][race] != "withheld"
    if keeps:
        assert 0 < counted.keeping <= counted.records - plan["suppressed_records"]
    else:
        assert counted.keeping == 0


def test_the_recount_finds_small_groups_when_k_is_only_reported(tmp_path: Path,
                                                                 demo_db: Path) -> None:
    export = _export(tmp_path / "report", demo_db,
                     extra='[policy.disclosure]\nmode = "report"\n')
    for dataset in DATASETS_CHECKED:
        counted = recount(export, dataset, K)
        assert counted.at_risk > 0.5 * counted.records  # month, district, race, age…
        assert counted.keeping > 0.5 * counted.records  # nothing coarsened
