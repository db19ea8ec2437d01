"""The pre-pass's compact pair table against a plain Counter of the same rows.

Rows arrive in chunks, duplicates are merged every so often (here after every few rows,
so merges happen between and within chunks), people are strings, integers and one
both-looking value; every distinct (combination, person, outcome) must come out once
with its rows, values coded in order of first appearance.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from iaextract.disclosure import pairs
from iaextract.disclosure.pairs import PairTable


def _rows(seed: int, n: int) -> list[tuple[tuple[object, ...], object, object]]:
    rng = random.Random(seed)
    people = [f"p{i}" for i in range(30)] + list(range(10)) + ["7", True]
    return [((rng.choice(["2020-01", "2020-02", None]), rng.choice(["White", "WHITE", None])),
             rng.choice(people), rng.choice(["Sustained", None]))
            for _ in range(n)]


@pytest.mark.parametrize("merge_every", [1, 5, 1 << 16])
def test_pairs_are_the_counter_of_the_rows(monkeypatch, merge_every):
    monkeypatch.setattr(pairs, "_MERGE_EVERY", merge_every)
    rows = _rows(merge_every, 500)
    table = PairTable(2)
    for start in range(0, len(rows), 37):
        chunk = rows[start:start + 37]
        table.add([r[0] for r in chunk], [r[1] for r in chunk], [r[2] for r in chunk])
    columns, counts = table.columns()
    values = [list(v) for v in table.values]
    outcomes = list(table.outcomes)
    people = {}
    for _key, person, _ in rows:  # a person's number: its hash (a string) or its order
        people.setdefault(person, hash(person) if isinstance(person, str) else len(
            [p for p in people if not isinstance(p, str)]))
    by_number = {number: person for person, number in people.items()}
    rebuilt = Counter()
    for i, n in enumerate(counts.tolist()):
        key = (values[0][columns[0][i]], values[1][columns[1][i]])
        rebuilt[key, by_number[int(columns[2][i])], outcomes[columns[3][i]]] += n
    assert rebuilt == Counter(rows)
    assert len(counts) == len(set(rows))  # each pair once
    assert values[0] == list(dict.fromkeys(r[0][0] for r in rows))  # first appearance
    assert list(columns[2]) == sorted(columns[2])  # grouped by person


def test_nothing_added_holds_nothing():
    table = PairTable(3)
    table.add([], [], [])
    columns, counts = table.columns()
    assert len(table) == 0 and len(counts) == 0 and len(columns) == 5
