"""A source's people, read a chunk at a time column by column: each row gives its
person (parts told by column names), and each name of a column whose part is taken
gives a person of its own; blanks, NULLs, numbers and padding as the row-wise reading
gave them. Columns that look personal are sampled once per open source."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from iaextract.connectors import open_source
from iaextract.pii import known
from iaextract.pii.entities import Person
from iaextract.pii.known import read_personal_data, stream_personal_data

ROWS = [  # LastName, FirstName, GivenName (a second first name: part unknown), Alias,
    # MiddleName, Contact (sampled: looks like phones)
    ("OKAFOR", "Keisha", None, None, None, "317-555-0101"),
    ("  ", None, "Rose", None, "", "317-555-0102"),
    (None, None, None, None, None, "317-555-0103"),
    ("O’Brien ", "Will", " King", "Red", "J", "(317) 555-0104"),
    (1234, "ANN", None, None, None, "317 555 0105"),
]
EXPECTED = [Person(first="Keisha", last="OKAFOR"), Person(last="Rose"),
            Person(first="Will", last="O’Brien", middle="J", nickname="Red"),
            Person(last="King"), Person(first="ANN", last="1234")]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "people.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE Witnesses (LastName TEXT, FirstName TEXT, GivenName TEXT, "
                    "Alias TEXT, MiddleName TEXT, Contact TEXT)")
        con.executemany("INSERT INTO Witnesses VALUES (?, ?, ?, ?, ?, ?)", ROWS)
    con.close()
    return path


@pytest.mark.parametrize("chunk_size", [1, 2, 5000])
def test_each_row_gives_its_person_and_its_unplaced_names(db: Path, chunk_size: int) -> None:
    with open_source(f"sqlite:///{db}", db.parent) as source:
        data = stream_personal_data(source, [], known.PersonalData(), chunk_size,
                                    whole_source=True)
    assert sorted(map(repr, data.people)) == sorted(map(repr, EXPECTED))
    # a row's person comes before the names of its unplaced columns
    will = data.people.index(EXPECTED[2])
    assert data.people[will + 1] == Person(last="King")
    assert data.values == {"phone": {"317-555-0101", "317-555-0102", "317-555-0103",
                                     "(317) 555-0104", "317 555 0105"}}


def test_columns_are_sampled_once_per_open_source(db: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    sampled: list[str] = []
    sample = known.sample_values

    def counting(source: object, table: str, column: str, rows: int) -> list[object]:
        sampled.append(column)
        return sample(source, table, column, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(known, "sample_values", counting)
    with open_source(f"sqlite:///{db}", db.parent) as source:
        first = read_personal_data(source, [])  # declared only: nothing sampled
        assert not sampled and not first.people
        learnt = stream_personal_data(source, [], known.PersonalData(), whole_source=True)
        once = len(sampled)
        again = stream_personal_data(source, [], known.PersonalData(), whole_source=True)
        assert once and len(sampled) == once  # the scrubber's then the scan's: one sampling
        assert (again.people, again.values) == (learnt.people, learnt.values)
    with open_source(f"sqlite:///{db}", db.parent) as other:
        stream_personal_data(other, [], known.PersonalData(), whole_source=True)
    assert len(sampled) == 2 * once  # another source is sampled afresh
