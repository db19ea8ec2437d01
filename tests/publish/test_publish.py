"""``iaextract publish``: only a verified export is sent; dry runs send nothing; config."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from iaextract.config import load_config
from iaextract.errors import ConfigError

from ..support import run_cli, write_config
from .tamper import forge


def test_a_changed_file_is_not_published(agency: Path, export_dir: Path,
                                         tmp_path: Path) -> None:
    csv = export_dir / "use_of_force.csv"
    csv.write_bytes(csv.read_bytes().replace(b"Justified", b"Unfounded", 1))
    result = run_cli("publish", "-c", str(agency), "--export", str(export_dir),
                     "--to", f"datasette:{tmp_path / 'ds'}")
    assert result.returncode == 1, result.stderr
    assert "use_of_force.csv: sha256 differs from the manifest" in result.stderr
    assert not (tmp_path / "ds").exists()
    assert not (export_dir / "manifest.json.sig").exists()  # nothing signed either


def test_a_personal_value_is_not_published(agency: Path, export_dir: Path, demo_db: Path,
                                           tmp_path: Path) -> None:
    with sqlite3.connect(demo_db) as db:
        first, last = db.execute("SELECT FirstName, LastName FROM Citizens "
                                 "WHERE length(LastName) > 4 LIMIT 1").fetchone()
    csv = export_dir / "use_of_force.csv"
    text = csv.read_text(encoding="utf-8")
    # Hashes made to match, so only the leak scan stands between this and the public.
    forge(export_dir, "use_of_force.csv", text.replace("Justified", f"{first} {last}", 1))
    result = run_cli("publish", "-c", str(agency), "--export", str(export_dir),
                     "--to", f"datasette:{tmp_path / 'ds'}")
    assert result.returncode == 3, result.stderr
    assert "use_of_force.csv" in result.stderr
    assert last not in result.stderr + result.stdout
    assert not (tmp_path / "ds").exists()


def test_dry_run_lists_every_object_and_sends_nothing(agency: Path, export_dir: Path,
                                                      tmp_path: Path) -> None:
    result = run_cli("publish", "-c", str(agency), "--export", str(export_dir), "--dry-run",
                     "--to", "s3://agency-bucket/ia", "--to", f"datasette:{tmp_path / 'ds'}",
                     env={"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""})
    assert result.returncode == 0, result.stderr
    run_id = json.loads((export_dir / "manifest.json").read_text(encoding="utf-8"))["run_id"]
    for name in ("use_of_force.csv", "datapackage.json", "manifest.json"):
        assert f"PUT s3://agency-bucket/ia/releases/{run_id}/{name} (" in result.stdout
    assert "PUT s3://agency-bucket/ia/latest.json (last" in result.stdout
    assert "sign manifest.json" in result.stdout
    assert not (tmp_path / "ds").exists()
    assert not (export_dir / "manifest.json.sig").exists()


def test_nothing_to_publish_to_says_how(agency: Path, export_dir: Path) -> None:
    result = run_cli("publish", "-c", str(agency), "--export", str(export_dir))
    assert result.returncode == 2
    assert "give --to TARGET, or set [publish] targets" in result.stderr


def test_no_export_says_so(agency: Path, tmp_path: Path) -> None:
    result = run_cli("publish", "-c", str(agency), "--export", str(tmp_path / "none"),
                     "--to", f"datasette:{tmp_path / 'ds'}")
    assert result.returncode == 1
    assert "holds no export (manifest.json missing)" in result.stderr
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize(("settings", "expected"), [
    ('[publish]\ntargets = ["sit:public"]\n', "unknown publish target kind 'sit' (did you "
     "mean 'site'?)"),
    ('[publish]\ntargets = ["s3://"]\n', "s3: names a bucket and prefix"),
    ('[publish]\ntargets = ["ckan:https://user:pw@data.example.gov/dataset/ia"]\n',
     "no password in the target"),
    ('[publish]\ntarget = ["site:public"]\n', "publish.target: unknown setting (did you "
     "mean 'targets'?)"),
    ('[agency]\nnme = "Springfield"\n', "agency.nme: unknown setting (did you mean 'name'?)"),
])
def test_config_names_a_wrong_target_or_setting(tmp_path: Path, demo_db: Path, settings: str,
                                                expected: str) -> None:
    config = write_config(tmp_path, demo_db, extra=settings)
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert expected in str(caught.value)
    assert "pw@" not in str(caught.value)


def test_export_then_publish_to_the_configured_targets(tmp_path: Path, demo_db: Path) -> None:
    config = write_config(tmp_path, demo_db,
                          extra='[publish]\ntargets = ["datasette:public/ds"]\n')
    result = run_cli("export", "-c", str(config), "--publish")
    assert result.returncode == 0, result.stderr
    assert "datasette:public/ds: " in result.stdout
    assert (tmp_path / "public" / "ds" / "iaextract.db").is_file()  # relative to the config


def test_publish_to_a_site_folder_builds_the_signed_site(agency: Path, export_dir: Path,
                                                         tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = run_cli("publish", "-c", str(agency), "--export", str(export_dir),
                    "--to", f"site:{site}")
    assert first.returncode == 0, first.stderr
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Springfield Police Department" in home
    assert "verify --public-key" in home  # the agency signs: the site says how to check
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    again = run_cli("publish", "-c", str(agency), "--export", str(export_dir),
                    "--to", f"site:{site}")
    assert again.returncode == 0, again.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
