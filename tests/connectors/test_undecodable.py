"""Issue 14 item 1: a source value that is not valid UTF-8 is never quoted anywhere,
is located by table, column and row, and stops the run as a data problem (exit 1,
no retries)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from iaextract.connectors import open_source
from iaextract.errors import SourceDataError

from ..servers import PostgresServer
from ..support import run_cli, write_config

VALUE = "Ayodele Okafor DOB 1980-01-02 lives at 8829 Oak Road"
# The probes are whole pieces of the value: a bare "1980" also turns up in a
# timing or a row count of an honest log, and failed CI once for nothing.
WORDS = ("Ayodele", "Okafor", "1980-01-02", "8829 Oak", "Oak Road")


def _quoted(*texts: str) -> list[str]:
    return [w for w in WORDS if any(w in t for t in texts)]


def _bad_bytes_copy(demo_db: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    database = folder / "source.sqlite"
    shutil.copy(demo_db, database)
    with sqlite3.connect(database) as db:
        db.execute("UPDATE Incidents SET Synopsis = CAST(? AS TEXT) WHERE rowid = 7",
                   (VALUE.encode() + b"\xff",))
    return database


def test_sqlite_text_that_is_not_utf8_is_located_never_quoted_never_retried(
        tmp_path: Path, demo_db: Path) -> None:
    database = _bad_bytes_copy(demo_db, tmp_path / "src")
    config = write_config(tmp_path / "agency", database, policy='narratives = "scrub"',
                          extra="[run]\nretries = 2\nretry_delay = 0.01\n")
    text_log, json_log = tmp_path / "run.log", tmp_path / "run.jsonl"
    runs = [run_cli("export", "-c", str(config), "--log-file", str(text_log)),
            run_cli("export", "-c", str(config), "--log-format", "json",
                    "--log-file", str(json_log))]
    for result in runs:
        assert result.returncode == 1, result.stderr
    assert "Incidents.Synopsis, row " in runs[0].stderr
    assert "not valid UTF-8" in runs[0].stderr
    logs = text_log.read_text(encoding="utf-8") + json_log.read_text(encoding="utf-8")
    events = [json.loads(line) for line in json_log.read_text(encoding="utf-8").splitlines()]
    assert [e for e in events if e["event"] == "retry"] == []  # a data problem: no retries
    assert events[-1]["exit_code"] == 1
    others = [run_cli("inspect", "--url", f"sqlite:///{database.as_posix()}"),
              run_cli("check", "-c", str(config)),
              run_cli("preview", "-c", str(config))]
    for result in others:
        assert result.returncode != 0
        assert "Incidents.Synopsis" in result.stderr or "Synopsis" in result.stderr
    texts = [logs] + [r.stdout + r.stderr for r in runs + others]
    assert _quoted(*texts) == []
    assert not (tmp_path / "agency" / "export" / "manifest.json").exists()


def test_csv_cell_that_is_not_utf8_is_located_never_quoted(tmp_path: Path,
                                                           demo_db: Path) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    with sqlite3.connect(demo_db) as db:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            cursor = db.execute(f'SELECT * FROM "{table}"')
            lines = [",".join(d[0] for d in cursor.description).encode()]
            for row in cursor:
                cells = ['"' + str("" if v is None else v).replace('"', '""') + '"'
                         for v in row]
                lines.append(",".join(cells).encode())
            if table == "Citizens":  # the third person's surname ends in a bad byte
                head, _, tail = lines[3].partition(b",")
                lines[3] = head + b',"' + VALUE.encode() + b'\xff",' + tail.split(b",", 1)[1]
            (folder / f"{table}.csv").write_bytes(b"\r\n".join(lines) + b"\r\n")
    config = write_config(tmp_path / "agency", Path("unused.sqlite"),
                          extra="[run]\nretries = 2\nretry_delay = 0.01\n")
    config.write_text(config.read_text(encoding="utf-8").replace(
        'url = "sqlite:///unused.sqlite"', f"url = 'csv:{folder.as_posix()}'"),
        encoding="utf-8")
    result = run_cli("export", "-c", str(config))
    assert result.returncode == 1, result.stderr
    assert "Citizens.csv: column LastName, row 4 (the header is row 1)" in result.stderr
    assert "retry" not in result.stderr
    inspect = run_cli("inspect", "--url", f"csv:{folder.as_posix()}")
    assert inspect.returncode == 1 and "Citizens.csv: column" in inspect.stderr
    assert _quoted(result.stdout + result.stderr, inspect.stdout + inspect.stderr) == []


def test_driver_data_errors_quote_no_value(postgres: PostgresServer) -> None:
    # PostgreSQL quotes the value it cannot convert: 'invalid input syntax for type
    # integer: "Ayodele Okafor ..."'; psycopg and psqlODBC pass that on.
    url = postgres.create_database("h14_data_error")
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        conn.execute("CREATE TABLE people (name text)")
        conn.execute("INSERT INTO people VALUES (%s)", (VALUE,))
        conn.execute("CREATE VIEW badges AS SELECT CAST(name AS integer) AS badge FROM people")
    statement = sa.select(sa.table("badges", sa.column("badge")))
    for source_url in (url, postgres.odbc(database="h14_data_error")):
        with open_source(source_url, Path.cwd()) as source, \
                pytest.raises(SourceDataError, match="SQLSTATE 22P02") as caught:
            list(source.stream(statement))
        assert _quoted(str(caught.value)) == []
