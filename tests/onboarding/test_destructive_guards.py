"""Destructive commands guard themselves (issue 15, item 5) and every command taking a
URL expands ${VAR} like the config (item 9)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from ..servers import PASSWORD, PostgresServer
from ..support import run_cli, write_config


def incidents(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT count(*) FROM Incidents").fetchone()[0]


def test_load_into_the_source_itself_is_refused(tmp_path: Path, demo_db: Path) -> None:
    source = tmp_path / "iapro.sqlite"
    shutil.copyfile(demo_db, source)
    (tmp_path / "link.sqlite").symlink_to(source)
    before = incidents(source)
    for target in (f"sqlite:///{source}", "sqlite:///iapro.sqlite",
                   f"sqlite:///{tmp_path / 'sub' / '..' / 'link.sqlite'}"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        result = run_cli("load", f"sqlite:///{source}", target, "--replace", cwd=tmp_path)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "same database" in result.stderr
        assert incidents(source) == before


def test_demo_force_replaces_a_demo_but_never_an_agency_folder(tmp_path: Path,
                                                               demo_db: Path) -> None:
    demo = tmp_path / "demo"
    assert run_cli("demo", "--out", str(demo), "--incidents", "20").returncode == 0
    key = (demo / "iaextract.key").read_text(encoding="utf-8")
    again = run_cli("demo", "--out", str(demo), "--incidents", "20", "--force")
    assert again.returncode == 0, again.stderr
    assert (demo / "iaextract.key").read_text(encoding="utf-8") != key  # its own: replaced

    agency = write_config(tmp_path / "agency", demo_db)  # config, key, export: a real one
    assert run_cli("export", "-c", str(agency), "-d", "use_of_force").returncode == 0
    before = {p: p.read_bytes() for p in agency.parent.rglob("*") if p.is_file()}
    refused = run_cli("demo", "--out", str(agency.parent), "--incidents", "20", "--force")
    assert refused.returncode == 2 and "refuses" in refused.stderr
    assert {p: p.read_bytes() for p in agency.parent.rglob("*") if p.is_file()} == before

    # A demo folder whose key or config was changed (repointed at real data) is no demo.
    (demo / "iaextract.toml").write_text("# mine now\n", encoding="utf-8")
    changed = run_cli("demo", "--out", str(demo), "--incidents", "20", "--force")
    assert changed.returncode == 2 and "iaextract.toml" in changed.stderr
    assert (demo / "iaextract.toml").read_text(encoding="utf-8") == "# mine now\n"


def test_load_expands_environment_variables_in_urls(postgres: PostgresServer,
                                                    demo_db: Path, tmp_path: Path) -> None:
    """The README's own example: a ${PGPASSWORD} in the target URL."""
    target = postgres.create_database("expanded")
    assert f":{PASSWORD}@" in target
    written = target.replace(f":{PASSWORD}@", ":${IAEXTRACT_TEST_PGPASSWORD}@")
    shutil.copyfile(demo_db, tmp_path / "demo.sqlite")
    source = "sqlite:///${IAEXTRACT_TEST_DIR}/demo.sqlite"
    env = {"IAEXTRACT_TEST_PGPASSWORD": PASSWORD, "IAEXTRACT_TEST_DIR": str(tmp_path)}
    result = run_cli("load", source, written, env=env)
    assert result.returncode == 0, result.stderr
    assert "Incidents" in result.stdout and PASSWORD not in result.stdout + result.stderr
    missing = run_cli("load", source, written, env={"IAEXTRACT_TEST_DIR": str(tmp_path)})
    assert missing.returncode == 2 and "IAEXTRACT_TEST_PGPASSWORD" in missing.stderr


def test_inspect_and_init_expand_environment_variables(tmp_path: Path, demo_db: Path) -> None:
    env = {"IAEXTRACT_TEST_DB": str(demo_db)}
    url = "sqlite:///${IAEXTRACT_TEST_DB}"
    inspected = run_cli("inspect", "--url", url, "--no-sample", env=env)
    assert inspected.returncode == 0, inspected.stderr
    assert "Incidents" in inspected.stdout
    initialised = run_cli("init", str(tmp_path / "agency"), "--url", url, env=env)
    assert initialised.returncode == 0, initialised.stderr
    assert (tmp_path / "agency" / "mappings").is_dir()
    config = (tmp_path / "agency" / "iaextract.toml").read_text(encoding="utf-8")
    assert url in config  # the variable, not its value, goes in the config
