"""One rule for how a value looks in CSV: the export writes it, the preview shows it."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest

from iaextract.config import FieldOverride, PolicyConfig
from iaextract.preview.engine import display
from iaextract.schema import Treatment
from iaextract.writers.formats import WRITERS

VALUES = [None, True, False, 0, -3, 2.5, "007", "  spaced ", date(2019, 3, 1),
          datetime(2019, 3, 1, 14, 5), "2019-03", "O\u2019Brien"]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_preview_shows_what_the_csv_holds(tmp_path: Path, value: object) -> None:
    writer = WRITERS["csv"](tmp_path / "one.csv", ["v"])
    writer.write_rows([(value,)])
    writer.close()
    with (tmp_path / "one.csv").open(encoding="utf-8", newline="") as handle:
        written = list(csv.reader(handle))[1][0]
    assert display(value) == written


def test_manifest_and_preview_describe_the_policy_alike() -> None:
    policy = PolicyConfig(date_precision="year", fields={
        "use_of_force.district": FieldOverride(treatment=Treatment.DROP, reason="small")})
    described = policy.describe()
    assert described["date_precision"] == "year"
    assert described["overrides"] == {"use_of_force.district":
                                      {"treatment": "drop", "reason": "small"}}
