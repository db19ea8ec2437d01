"""A plain SQLite file read through sqlite3, with SQLAlchemy's answers cached: the same rows,
the same catalog, and a cache that is only ever trusted for the very same inputs."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from iaextract.connectors import SqlCache, SqliteFileSource, SqlSource, open_source
from iaextract.connectors.sqlitefile import CACHE_FILE
from iaextract.connectors.statement import distinct_statement
from iaextract.demo import shipped_mappings
from iaextract.mapping.loader import load_mappings
from iaextract.mapping.query import Window, build_query, only_columns
from iaextract.mapping.validate import check_mappings

WINDOWS = [Window(), Window(since=date(2016, 3, 1), until=date(2017, 6, 30)),
           Window(cursor_after=datetime(2017, 1, 1, 12, 30), cursor_inclusive=True),
           Window(since=date(2018, 1, 1), cursor_after=datetime(2016, 5, 5))]


def _statements(source) -> list:
    """Every statement an export reads: each mapping's query in four windows, a
    narrowed pre-pass query, and the leak scan's distinct reads of personal columns."""
    mappings = load_mappings([shipped_mappings()])
    resolved = check_mappings(list(mappings.values()), source.catalog())
    found = []
    for name, mapping in mappings.items():
        for window in WINDOWS:
            query = build_query(mapping, resolved[name], window)
            found += [query.sql, only_columns(query, query.keys[:2]).sql]
        for table, columns in mapping.source_pii.items():
            found.append(distinct_statement(table, sorted(columns)))
    return found


def _rows(source, statement) -> list[tuple]:
    return [tuple(row) for chunk in source.stream(statement, 97) for row in chunk]


def test_plain_reads_equal_sqlalchemy_reads_cold_and_cached(tmp_path: Path,
                                                            demo_db: Path) -> None:
    url = f"sqlite:///{demo_db}"
    with SqlSource(url, tmp_path) as reference:
        expected = [_rows(reference, s) for s in _statements(reference)]
        catalog = reference.catalog()
    assert any(expected) and any(len(rows) != len(expected[0]) for rows in expected)
    for run in ("compiling", "from the cache"):
        with open_source(url, tmp_path, tmp_path / "state") as plain:
            assert isinstance(plain, SqliteFileSource)
            assert plain.catalog() == catalog, run
            assert [_rows(plain, s) for s in _statements(plain)] == expected, run
            assert (plain._sqlalchemy is None) == (run == "from the cache")
    assert (tmp_path / "state" / CACHE_FILE).is_file()


def test_a_changed_schema_is_reflected_again(tmp_path: Path, demo_db: Path) -> None:
    copy = tmp_path / "source.sqlite"
    shutil.copy(demo_db, copy)
    url, state = f"sqlite:///{copy}", tmp_path / "state"
    with open_source(url, tmp_path, state) as source:
        assert "Notes" not in source.catalog().tables["Incidents"]
    with sqlite3.connect(copy) as db:
        db.execute('ALTER TABLE "Incidents" ADD COLUMN "Notes" TEXT')
    with open_source(url, tmp_path, state) as source:
        assert source.catalog().tables["Incidents"]["Notes"] == "TEXT"


def test_a_cache_from_other_code_or_versions_is_not_used(tmp_path: Path, demo_db: Path
                                                         ) -> None:
    url, state = f"sqlite:///{demo_db}", tmp_path / "state"
    with open_source(url, tmp_path, state) as source:
        statement = distinct_statement("Employees", ["LastName"])
        expected = _rows(source, statement)
    saved = json.loads((state / CACHE_FILE).read_text(encoding="utf-8"))
    # The same entries under another stamp (another SQLAlchemy, an edited builder),
    # every SQL text replaced by one that reads something else: never used.
    wrong = {name: ['SELECT "FirstName" FROM "Employees"', []] if isinstance(v[0], str)
             else v for name, v in saved["entries"].items()}
    (state / CACHE_FILE).write_text(json.dumps({"stamp": "other", "entries": wrong}),
                                    encoding="utf-8")
    with open_source(url, tmp_path, state) as source:
        assert _rows(source, distinct_statement("Employees", ["LastName"])) == expected
    (state / CACHE_FILE).write_text("{not json", encoding="utf-8")
    with open_source(url, tmp_path, state) as source:
        assert _rows(source, distinct_statement("Employees", ["LastName"])) == expected
    assert json.loads((state / CACHE_FILE).read_text(encoding="utf-8"))["stamp"] == \
        saved["stamp"]  # rewritten, whole


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path, demo_db: Path) -> None:
    blocked = tmp_path / "state"
    blocked.write_text("a file where the folder would go", encoding="utf-8")
    with open_source(f"sqlite:///{demo_db}", tmp_path, blocked) as source:
        assert _rows(source, distinct_statement("Employees", ["LastName"]))


@pytest.mark.parametrize("url", ["sqlite+pysqlite:///{db}?timeout=5", "sqlite://"])
def test_other_sqlite_urls_go_through_sqlalchemy(tmp_path: Path, demo_db: Path,
                                                 url: str) -> None:
    with open_source(url.format(db=demo_db), tmp_path) as source:
        assert isinstance(source, SqlSource)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    from iaextract.errors import ConnectorError

    with pytest.raises(ConnectorError, match="does not exist"):
        open_source("sqlite:///nowhere.sqlite", tmp_path)


def test_the_cache_keeps_its_entries_across_runs(tmp_path: Path) -> None:
    cache = SqlCache(tmp_path)
    cache.put("sql", "a", ["SELECT 1", []])
    cache.save()
    again = SqlCache(tmp_path)
    assert again.get("sql", "a") == ["SELECT 1", []]
    assert again.get("sql", "b") is None


def test_the_demo_clears_the_folder_the_cache_lives_in() -> None:
    from iaextract.demo import STATE
    from iaextract.run.state import STATE_FOLDER

    assert STATE == STATE_FOLDER  # `demo --force` may remove it: a demo's own files


def test_the_cache_keeps_this_runs_entries_and_the_latest_others(tmp_path: Path,
                                                                 monkeypatch) -> None:
    from iaextract.connectors import sqlitefile

    monkeypatch.setattr(sqlitefile, "_KEEP", 3)
    first = SqlCache(tmp_path)
    for key in "abcd":
        first.put("sql", key, [key, []])
    first.save()  # all four are this run's: kept, whatever the room
    second = SqlCache(tmp_path)
    assert [second.get("sql", k) is not None for k in "abcd"] == [True] * 4
    second.put("sql", "e", ["e", []])
    second.put("sql", "f", ["f", []])
    second.save()  # used: a-f (get counts as use)
    third = SqlCache(tmp_path)
    third.put("sql", "g", ["g", []])
    third.put("sql", "h", ["h", []])
    third.put("sql", "i", ["i", []])
    third.save()  # no room left for the others
    assert [k for k in "abcdefghi" if SqlCache(tmp_path).get("sql", k)] == ["g", "h", "i"]


def test_a_malformed_entry_counts_as_none(tmp_path: Path, demo_db: Path) -> None:
    url, state = f"sqlite:///{demo_db}", tmp_path / "state"
    with open_source(url, tmp_path, state) as source:
        catalog = source.catalog()
        expected = _rows(source, distinct_statement("Employees", ["LastName"]))
    saved = json.loads((state / CACHE_FILE).read_text(encoding="utf-8"))
    broken = {name: [7, []] for name in saved["entries"]}  # a right stamp, wrong shapes
    (state / CACHE_FILE).write_text(json.dumps({"stamp": saved["stamp"], "entries": broken}),
                                    encoding="utf-8")
    with open_source(url, tmp_path, state) as source:
        assert source.catalog() == catalog
        assert _rows(source, distinct_statement("Employees", ["LastName"])) == expected


def test_two_processes_sharing_the_cache_keep_each_others_entries(tmp_path: Path) -> None:
    """The export and its leak scan process open the cache together and save in turn:
    the second save keeps what the first wrote after the second opened the file."""
    export, scan = SqlCache(tmp_path), SqlCache(tmp_path)
    export.put("sql", "rows", ["SELECT a FROM t", []])
    scan.put("sql", "distinct", ["SELECT DISTINCT b FROM t", []])
    scan.save()
    export.save()
    again = SqlCache(tmp_path)
    assert again.get("sql", "rows") == ["SELECT a FROM t", []]
    assert again.get("sql", "distinct") == ["SELECT DISTINCT b FROM t", []]
