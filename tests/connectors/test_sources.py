"""The same demo export from every kind of source, byte for byte.

SQLite (the reference), PostgreSQL through psycopg, PostgreSQL through the psqlODBC
driver, SQLite through the SQLite ODBC driver, and a folder of CSV dumps: all
real, all started or installed by scripts/install-test-deps.sh.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from iaextract.connectors import open_source
from iaextract.errors import ConnectorError
from iaextract.onboarding.load import load_database
from iaextract.schema import DATASETS

from ..other_layout import make_other_layout
from ..servers import PostgresServer
from ..support import run_cli, write_config

DATA_SUFFIXES = (".csv", ".json")


def dump_csv_folder(database: Path, folder: Path) -> Path:
    """Every table of a SQLite database as ``folder/<table>.csv`` (what an agency hands over)."""
    folder.mkdir(parents=True)
    with sqlite3.connect(database) as db:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        for table in tables:
            cursor = db.execute(f'SELECT * FROM "{table}"')
            with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow([d[0] for d in cursor.description])
                writer.writerows(cursor)
    return folder


@pytest.fixture(scope="session")
def demo_on_postgres(postgres: PostgresServer, demo_db: Path) -> str:
    """The demo database loaded into the test PostgreSQL server; its psycopg URL."""
    url = postgres.create_database("demo")
    load_database(f"sqlite:///{demo_db.as_posix()}", url, Path.cwd())
    return url


def config_for(folder: Path, url: str) -> Path:
    """A config folder (demo mappings, fresh key) reading the source at ``url``."""
    config = write_config(folder, Path("unused.sqlite"))
    lines = config.read_text(encoding="utf-8").splitlines()
    lines[1] = f"url = '{url}'"  # a TOML literal string: backslashes stay as they are
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def _export(folder: Path, url: str, key_from: Path | None = None,
            env: dict[str, str] | None = None) -> dict[str, bytes]:
    config = config_for(folder, url)
    if key_from is not None:
        (folder / "iaextract.key").write_bytes((key_from / "iaextract.key").read_bytes())
    result = run_cli("export", "-c", str(config), "-q", env=env)
    assert result.returncode == 0, result.stderr
    out = folder / "export"
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())
            if p.suffix in DATA_SUFFIXES and p.stem in DATASETS}


@pytest.fixture(scope="session")
def reference(tmp_path_factory: pytest.TempPathFactory, demo_db: Path
              ) -> tuple[Path, dict[str, bytes]]:
    folder = tmp_path_factory.mktemp("sqlite-export")
    return folder, _export(folder, f"sqlite:///{demo_db.as_posix()}")


def _assert_identical(files: dict[str, bytes], expected: dict[str, bytes]) -> None:
    assert sorted(files) == sorted(expected)
    assert len(expected) >= 4  # csv and json of both datasets
    for name, content in expected.items():
        assert files[name] == content, f"{name} differs from the SQLite export"


def test_postgres_psycopg_export_is_identical(tmp_path: Path, reference, demo_on_postgres
                                              ) -> None:
    key_folder, expected = reference
    _assert_identical(_export(tmp_path, demo_on_postgres, key_folder), expected)


def test_postgres_odbc_export_is_identical(tmp_path: Path, reference, demo_on_postgres,
                                           postgres: PostgresServer) -> None:
    key_folder, expected = reference
    _assert_identical(_export(tmp_path, postgres.odbc(database="demo"), key_folder), expected)


def test_sqlite_odbc_export_is_identical(tmp_path: Path, reference, demo_db: Path) -> None:
    key_folder, expected = reference
    url = f"odbc:Driver={{SQLite3}};Database={demo_db}"
    _assert_identical(_export(tmp_path, url, key_folder), expected)


def test_csv_folder_export_is_identical(tmp_path: Path, reference, demo_db: Path) -> None:
    key_folder, expected = reference
    folder = dump_csv_folder(demo_db, tmp_path / "dump")
    _assert_identical(_export(tmp_path / "agency", f"csv:{folder}", key_folder), expected)


def test_a_write_through_the_postgres_connection_fails(demo_on_postgres: str) -> None:
    with open_source(demo_on_postgres, Path.cwd()) as source:
        engine = source.engine  # the very engine exports read through
        with pytest.raises(sa.exc.InternalError, match="read-only transaction"), \
                engine.connect() as conn:
            conn.execute(sa.text('DELETE FROM "Incidents"'))


def test_a_write_through_postgres_odbc_fails(demo_on_postgres: str,
                                             postgres: PostgresServer) -> None:
    # The ODBC session is made read-only right after connecting, whatever the DSN says.
    with open_source(postgres.odbc(database="demo"), Path.cwd()) as source, \
            pytest.raises(ConnectorError, match="read-only transaction"):
        source._execute('DELETE FROM "Incidents"', (), "writing")


def test_wrong_password_never_printed(tmp_path: Path, postgres: PostgresServer,
                                      demo_on_postgres: str) -> None:
    wrong = "Wr0ng-Pa55word"
    for url in (postgres.url(password=wrong, database="demo"),
                postgres.odbc(password=wrong, database="demo")):
        folder = tmp_path / str(abs(hash(url)))
        config = config_for(folder, url)
        with config.open("a", encoding="utf-8") as handle:  # the message, not the waiting
            handle.write("[run]\nretry_delay = 0.1\n")
        result = run_cli("export", "-c", str(config))
        assert result.returncode == 1, result.stderr
        assert "password authentication failed" in result.stderr
        assert wrong not in result.stderr + result.stdout
        assert "***" in result.stderr


def test_load_command_copies_and_refuses_to_clobber(postgres: PostgresServer,
                                                    demo_db: Path) -> None:
    target = postgres.create_database("loaded")
    source = f"sqlite:///{demo_db.as_posix()}"
    first = run_cli("load", source, target)
    assert first.returncode == 0, first.stderr
    assert "loaded" in first.stdout and postgres_password_hidden(first.stdout)
    again = run_cli("load", source, target)
    assert again.returncode == 2 and "add --replace" in again.stderr
    assert run_cli("load", source, target, "--replace").returncode == 0
    with sqlite3.connect(demo_db) as db:
        expected = db.execute('SELECT count(*) FROM "Incidents"').fetchone()[0]
    engine = sa.create_engine(target)
    with engine.connect() as conn:
        assert conn.execute(sa.text('SELECT count(*) FROM "Incidents"')).scalar() == expected
    engine.dispose()


def postgres_password_hidden(text: str) -> bool:
    from ..servers import PASSWORD

    return PASSWORD not in text and "***" in text


def test_check_against_postgres(tmp_path: Path, demo_on_postgres: str,
                                postgres: PostgresServer) -> None:
    result = run_cli("check", "-c", str(config_for(tmp_path / "ok", demo_on_postgres)))
    assert result.returncode == 0, result.stdout + result.stderr
    wrong = config_for(tmp_path / "wrong", postgres.url(password="Nope-123", database="demo"))
    result = run_cli("check", "-c", str(wrong))
    assert result.returncode == 2
    assert "password authentication failed" in result.stderr
    assert "Nope-123" not in result.stderr + result.stdout


def test_inspect_and_check_through_odbc_and_csv(tmp_path: Path, demo_on_postgres: str,
                                                postgres: PostgresServer, demo_db: Path
                                                ) -> None:
    folder = dump_csv_folder(demo_db, tmp_path / "dump")
    for n, url in enumerate((postgres.odbc(database="demo"), f"csv:{folder}")):
        inspected = run_cli("inspect", "--url", url)
        assert inspected.returncode == 0, inspected.stderr
        assert "Citizens" in inspected.stdout and "PERSONAL: phone" in inspected.stdout
        checked = run_cli("check", "-c", str(config_for(tmp_path / str(n), url)))
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_time_window_on_a_real_date_column_is_the_same_everywhere(
        tmp_path: Path, postgres: PostgresServer) -> None:
    # tblComplaint.DateOccurred is a DATE column: the window is applied in SQL, so each
    # backend compares dates itself; the first and last days must be in on every one
    # (and in the CSV dump, where it is text and the window is applied after parsing).
    database = make_other_layout(tmp_path / "ia.sqlite")
    target = postgres.create_database("typed")
    load_database(f"sqlite:///{database.as_posix()}", target, tmp_path)
    sqlite_folder = tmp_path / "sqlite"
    assert run_cli("init", str(sqlite_folder), "--url",
                   f"sqlite:///{database.as_posix()}").returncode == 0
    mapping = sqlite_folder / "mappings" / "complaint_allegations.yaml"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace(
        "date: i.DateReceived", "date: i.DateOccurred"), encoding="utf-8")
    window = ("--since", "2020-03-02", "--until", "2022-03-11", "-f", "csv", "-q")
    outputs = []
    dump = dump_csv_folder(database, tmp_path / "dump")  # text only: windowed in Python
    for n, url in enumerate((f"sqlite:///{database.as_posix()}", target,
                             postgres.odbc(database="typed"), f"csv:{dump}")):
        config = sqlite_folder / f"source{n}.toml"
        config.write_text((sqlite_folder / "iaextract.toml").read_text(encoding="utf-8")
                          .replace(f"url = 'sqlite:///{database.as_posix()}'", f"url = '{url}'")
                          .replace('dir = "export"', f'dir = "export{n}"'), encoding="utf-8")
        result = run_cli("export", "-c", str(config), *window)
        assert result.returncode == 0, result.stderr
        outputs.append((sqlite_folder / f"export{n}" / "complaint_allegations.csv").read_bytes())
    assert outputs[0] == outputs[1] == outputs[2] == outputs[3]
    months = {line.split(b",")[2] for line in outputs[0].splitlines()[1:]}
    assert {b"2020-03", b"2022-03"} <= months  # the first and the last day are inside


def test_load_a_csv_folder_into_postgres(tmp_path: Path, postgres: PostgresServer,
                                         demo_db: Path) -> None:
    folder = dump_csv_folder(demo_db, tmp_path / "dump")
    target = postgres.create_database("fromcsv")
    result = run_cli("load", f"csv:{folder}", target)
    assert result.returncode == 0, result.stderr
    with open_source(target, tmp_path) as source:
        assert source.catalog().tables["Incidents"]["IncidentID"] == "BIGINT"
        assert source.catalog().tables["Incidents"]["Synopsis"] == "TEXT"


def test_odbc_dsn_export_is_identical(tmp_path: Path, reference, demo_db: Path) -> None:
    # A DSN names no driver: the dialect comes from what the connected driver reports.
    ini = tmp_path / "odbc.ini"
    ini.write_text(f"[IAProDemo]\nDriver = SQLite3\nDatabase = {demo_db}\n", encoding="utf-8")
    key_folder, expected = reference
    _assert_identical(_export(tmp_path / "agency", "odbc:DSN=IAProDemo", key_folder,
                              env={"ODBCINI": str(ini)}), expected)
