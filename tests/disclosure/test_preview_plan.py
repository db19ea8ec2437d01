"""The preview shows the disclosure plan before anything is published, as the export does it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ..support import run_cli, write_config


def test_preview_and_export_show_and_apply_the_same_plan(tmp_path: Path, demo_db: Path) -> None:
    config = write_config(tmp_path, demo_db)
    html = tmp_path / "preview.html"
    done = run_cli("preview", "-c", str(config), "-d", "use_of_force", "--rows", "2",
                   "--html", str(html))
    assert done.returncode == 0, done.stderr
    done = run_cli("preview", "-c", str(config), "-d", "use_of_force", "--rows", "2")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "Disclosure control for members of the public (enforce, k = 5, counted by " \
           "distinct subject_id)" in text
    assert "Disclosure control for officers (report, k = 5" in text
    levels = next(line for line in text.splitlines() if line.strip().startswith("Levels:"))
    assert "Trade-off: occurred_date at" in text and "(chosen)" in text
    assert "Suppressed:" in text and "information loss" in text
    page = html.read_text(encoding="utf-8")
    assert "Disclosure control for members of the public" in page
    assert levels.strip() in page

    done = run_cli("export", "-c", str(config), "-d", "use_of_force", "-f", "csv")
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "export" / "manifest.json").read_text(encoding="utf-8"))
    plan = manifest["datasets"]["use_of_force"]["disclosure"]["public"]
    assert levels.strip() == "Levels: " + "; ".join(f"{k}: {v}" for k, v in
                                                    plan["levels"].items()) + "."
    with (tmp_path / "export" / "use_of_force.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    withheld = [name for name, level in plan["levels"].items() if level == "withheld"]
    assert all(row[name] == "" for row in rows for name in withheld)
