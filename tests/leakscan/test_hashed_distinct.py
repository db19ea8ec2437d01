"""The scan's index reads a plain text column without SQLite's DISTINCT, dropping repeats
by hash (leakscan/fresh.py): the very values, order and chunks DISTINCT gives, the same
errors, and an index identical to the one the DISTINCT reading builds."""

from __future__ import annotations

import sqlite3
from itertools import chain
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iaextract.connectors import open_source, sqlitefile
from iaextract.connectors.statement import distinct_statement
from iaextract.demo import shipped_mappings
from iaextract.errors import SourceDataError
from iaextract.leakscan.fresh import FreshValues, distinct_chunks
from iaextract.leakscan.values import KnownValues
from iaextract.mapping.loader import load_mappings
from iaextract.pii.known import stream_personal_data

# Hostile cells: NULLs, 1 / 1.0 / True / '1' (a text column stores them as text), stray
# spaces, curly apostrophes, NaN, huge numbers, bad dates, blobs (one with a text's bytes).
HOSTILE = [None, 1, 1.0, True, "1", " 1", "1 ", "O’Brien", "O'Brien", "o’brien", float("nan"),
           "NaN", 2**63 - 1, 10**30 * 1.0, "1e300", "2023-02-30", "0000-00-00", b"O'Brien",
           b"\x00\xff", "", " ", "Zoë", "Zoe\u0308", "a\0b", "a", None, "O’Brien", 1.5, "1.5"]


def _database(path: Path, cells: list, declared: str = "TEXT",
              extra: str = "") -> Path:
    with sqlite3.connect(path) as db:
        db.execute(f"CREATE TABLE t (id INTEGER PRIMARY KEY, v {declared}){extra}")
        db.executemany("INSERT INTO t (v) VALUES (?)", [(c,) for c in cells])
    db.close()
    return path


def _distinct(source, column: str, size: int) -> list[list]:
    return [[row[0] for row in chunk]
            for chunk in source.stream(distinct_statement("t", [column]), size)]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 5000])
def test_hostile_column_gives_what_distinct_gives(tmp_path: Path, size: int) -> None:
    database = _database(tmp_path / "s.sqlite", HOSTILE * 3 + HOSTILE[::-1])
    with open_source(f"sqlite:///{database}", tmp_path) as source:
        hashed = source.distinct_values("t", "v", size)
        assert hashed is not None
        assert list(hashed) == _distinct(source, "v", size)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=4), st.binary(max_size=3),
                          st.integers(-3, 3), st.floats(allow_nan=False)), max_size=60),
       st.integers(1, 9))
def test_any_column_gives_what_distinct_gives(tmp_path_factory: pytest.TempPathFactory,
                                              cells: list, size: int) -> None:
    folder = tmp_path_factory.mktemp("h")
    database = _database(folder / "s.sqlite", cells, "VARCHAR(20)")
    with open_source(f"sqlite:///{database}", folder) as source:
        assert list(source.distinct_values("t", "v", size) or ()) == \
            _distinct(source, "v", size)


class _Colliding(FreshValues):
    """Every text of one length shares the first hash: only the second tells them apart."""

    @staticmethod
    def hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        return (np.array([len(t) for t in texts], dtype=np.int64),
                FreshValues.hashes(texts)[1])


@given(st.lists(st.lists(st.sampled_from(["ab", "ba", "cd", "a", "b", "", "abc", None]),
                         max_size=12), max_size=6))
def test_texts_sharing_a_first_hash_are_told_apart(batches: list[list]) -> None:
    fresh, met, expected = _Colliding(), set(), []
    for batch in batches:
        got = fresh.of(batch)
        want = [v for i, v in enumerate(batch) if v not in met and v not in batch[:i]]
        met.update(batch)
        assert got == want
        expected += want
    assert sorted(map(str, expected)) == sorted(map(str, set(chain(*batches))))


def test_rechunking_keeps_distinct_chunks() -> None:
    rows = [[(v,) for v in "abcabd"], [(v,) for v in "efaag"]]
    assert list(distinct_chunks(rows, 2)) == [["a", "b"], ["c", "d"], ["e", "f"], ["g"]]


@pytest.mark.parametrize(("declared", "extra", "column"), [
    ("INTEGER", "", "v"),  # numbers: 1 and 1.0 are one value to SQLite
    ("NUMERIC", "", "v"),
    ("VARCHARINT", "", "v"),  # INT first: integer affinity, as SQLite reads it
    ("TEXT COLLATE NOCASE", "", "v"),  # "Smith" and "SMITH" are one value to it
    ("TEXT", "", "V"),  # not the catalog's spelling: a quoted unknown name is a literal
    ("TEXT", "", "nope"),
])
def test_other_columns_are_left_to_distinct(tmp_path: Path, declared: str, extra: str,
                                            column: str) -> None:
    database = _database(tmp_path / "s.sqlite", HOSTILE, declared, extra)
    with open_source(f"sqlite:///{database}", tmp_path) as source:
        assert source.distinct_values("t", column, 10) is None


def test_views_and_large_tables_are_left_to_distinct(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    database = _database(tmp_path / "s.sqlite", ["a", "b", "a"])
    with sqlite3.connect(database) as db:
        db.execute("CREATE VIEW w AS SELECT v FROM t")
    db.close()
    with open_source(f"sqlite:///{database}", tmp_path) as source:
        assert source.distinct_values("w", "v", 10) is None
        assert source.distinct_values("t", "v", 10) is not None
        monkeypatch.setattr(sqlitefile, "HASHED_DISTINCT_ROWS", 2)
        assert source.distinct_values("t", "v", 10) is None


def test_text_that_is_not_utf8_is_refused_as_distinct_refuses_it(tmp_path: Path) -> None:
    database = _database(tmp_path / "s.sqlite", ["a", "b", "a", "c"])
    with sqlite3.connect(database) as db:
        db.execute("UPDATE t SET v = CAST(? AS TEXT) WHERE id = 3", (b"Okafor\xff",))
    db.close()
    with open_source(f"sqlite:///{database}", tmp_path) as source:
        with pytest.raises(SourceDataError) as plain:
            _distinct(source, "v", 1)
        with pytest.raises(SourceDataError) as hashed:
            list(source.distinct_values("t", "v", 1) or ())
    assert str(hashed.value) == str(plain.value)
    assert "Okafor" not in str(hashed.value)


def _index(source, hashed: bool) -> KnownValues:
    mappings = load_mappings([shipped_mappings()]).values()
    return stream_personal_data(source, mappings, KnownValues(True), chunk_size=97,
                                whole_source=True, hashed_distinct=hashed).freeze()


def test_the_index_is_the_one_distinct_builds(tmp_path: Path, source: Path) -> None:
    # Repeats and hostile values in personal text columns of the demo source.
    with sqlite3.connect(source) as db:
        db.execute("UPDATE Citizens SET Phone = '(317) 555-0199' WHERE rowid % 3 = 0")
        db.execute("UPDATE Citizens SET Street = ' 12 O’Brien Street ' WHERE rowid % 5 = 0")
        db.execute("UPDATE Citizens SET Email = NULL WHERE rowid % 2 = 0")
    db.close()
    with open_source(f"sqlite:///{source}", tmp_path) as opened:
        assert opened.distinct_values("Citizens", "Street", 10) is not None  # the fast path
        plain, hashed = _index(opened, False), _index(opened, True)
    assert len(hashed) == len(plain) > 0
    assert hashed._keys._sorted.tolist() == plain._keys._sorted.tolist()
    assert hashed._kinds == plain._kinds
    for name in ("names", "rare_names", "badges", "pseudonym_shaped", "seconds", "lengths",
                 "max_compact", "dobs"):
        assert getattr(hashed, name) == getattr(plain, name), name
