"""Every error in its class (issue 15, item 8): exit 2 for what the user must fix,
exit 1 for a run that failed, plain messages, no retries of what cannot get better."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from iaextract.config import load_config
from iaextract.errors import ConnectorError
from iaextract.leakscan.process import LeakScanProcess

from ..support import run_cli, write_config

RETRYING = '[run]\nretries = 3\nretry_delay = 2\n'


def with_url(config: Path, url: str) -> None:
    text = config.read_text(encoding="utf-8").splitlines()
    config.write_text("\n".join(f"url = '{url}'" if line.startswith("url =") else line
                                for line in text) + "\n", encoding="utf-8")


def assert_plain(result, code: int, *words: str) -> None:  # noqa: ANN001
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_config_and_key_files_that_are_not_utf8_are_exit_2(tmp_path: Path,
                                                           demo_db: Path) -> None:
    config = write_config(tmp_path / "agency", demo_db)
    original = config.read_bytes()
    config.write_bytes(original.replace(b"[policy]", b"# caf\xe9\n[policy]"))
    assert_plain(run_cli("export", "-c", str(config)), 2, "not UTF-8", "iaextract.toml:")
    config.write_bytes(original)
    (config.parent / "iaextract.key").write_bytes(b"\xff\xfe\x00key")
    assert_plain(run_cli("export", "-c", str(config)), 2, "not a key")


@pytest.mark.parametrize("url", ["not a url at all",
                                 "postgresql+psycopg://me:p@ss:word@localhost:1/iapro"])
def test_bad_url_is_exit_2_at_once_not_retried(url: str, tmp_path: Path,
                                               demo_db: Path) -> None:
    config = write_config(tmp_path / "agency", demo_db, extra=RETRYING)
    with_url(config, url)
    started = time.monotonic()
    result = run_cli("export", "-c", str(config))
    assert time.monotonic() - started < 10  # the retries would wait 2 + 4 + 8 seconds
    assert_plain(result, 2, "URL")
    assert "retry" not in result.stderr and "p@ss" not in result.stderr
    if "@" in url:
        assert "%40" in result.stderr  # how to encode it


def test_sql_error_from_the_source_is_not_retried(tmp_path: Path, demo_db: Path) -> None:
    """A view of the source that the database cannot run (its table was renamed under
    it): a query error, not a network failure; the run fails at once, exit 1, with the
    database's own reason, instead of retrying and blaming the network."""
    source = tmp_path / "source.sqlite"
    shutil.copyfile(demo_db, source)
    with sqlite3.connect(source) as db:
        db.execute("PRAGMA legacy_alter_table = ON")  # renaming leaves the view broken
        db.execute("ALTER TABLE Pursuits RENAME TO PursuitsData")
        db.execute("CREATE VIEW Pursuits AS SELECT * FROM PursuitsData")
        db.execute("ALTER TABLE PursuitsData RENAME TO Gone")
    config = write_config(tmp_path / "agency", source, extra=RETRYING)
    started = time.monotonic()
    result = run_cli("export", "-c", str(config), "-d", "vehicle_pursuits")
    assert time.monotonic() - started < 10
    assert_plain(result, 1, "no such table")
    assert "retrying" not in result.stderr and "4 times" not in result.stderr


def test_output_folder_as_a_dangling_or_looping_link_is_a_plain_message(
        tmp_path: Path, demo_db: Path) -> None:
    config = write_config(tmp_path / "agency", demo_db)
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    for link in ("dangling", "loop1"):
        result = run_cli("export", "-c", str(config), "-o", str(tmp_path / link))
        assert_plain(result, 1, "symbolic link")


def test_reversed_since_until_is_exit_2(demo_config: Path) -> None:
    result = run_cli("export", "-c", str(demo_config), "--since", "2022-01-01",
                     "--until", "2021-01-01")
    assert_plain(result, 2, "--since 2022-01-01 is after --until 2021-01-01")
    assert not (demo_config.parent / "export").exists()


def test_scan_process_that_lost_the_source_reports_why(tmp_path: Path,
                                                       demo_db: Path) -> None:
    """The source disappears before the scan process reads it: the export hears the
    source's error, not "the leak scan process stopped (exit code 0)"."""
    source = tmp_path / "source.sqlite"
    shutil.copyfile(demo_db, source)
    config = load_config(write_config(tmp_path / "agency", source))
    source.unlink()
    scan = LeakScanProcess(config)
    scan.start()
    try:
        time.sleep(2)  # the process has met the missing source and ended
        with pytest.raises(ConnectorError, match="does not exist"):
            for _ in range(3):
                scan.written(tmp_path, [])
            scan.findings(tmp_path, [])
    finally:
        scan.close()
