"""Rows per (finest combination, person, outcome), held as columns of small integers.

The pre-pass of disclosure control counts every published row of a dataset by the
combination of its quasi-identifiers and the person it is about. As a Counter of
Python tuples that costs about 400 bytes a distinct pair (the tuple, its values, the
person's pseudonym, the dict slot) and grows with the source: a hundred megabytes at
200,000 incidents. Here each field's value is a number (its code, in order of first
appearance, as the lattice needs them), each person the 64-bit hash of its pseudonym,
and the pairs sit in numpy columns, duplicates merged every so often: about 40 bytes
a pair.

A person is told apart by ``hash()`` (a string's hash is 64 bits, random per process;
other values, rare here, get a number of their own). Two people whose hashes are
equal (about one chance in 10^8 at a million people) would count as one: fewer
people in their combinations, so more is generalised or suppressed, never less.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

#: Merge duplicate pairs once this many rows wait (or as many as are held, if more).
_MERGE_EVERY = 1 << 16


class PairTable:
    """Distinct (combination, person, outcome) pairs and how many rows each has."""

    def __init__(self, fields: int) -> None:
        self.fields = fields
        #: Per field: value -> code, in order of first appearance.
        self.values: list[dict[Any, int]] = [{} for _ in range(fields)]
        self.outcomes: dict[Any, int] = {}
        self._other_people: dict[Any, int] = {}  # people that are not strings
        self._pending: list[tuple[list[np.ndarray], np.ndarray]] = []
        self._waiting = 0
        self._held: tuple[list[np.ndarray], np.ndarray] = (
            [np.zeros(0, dtype=np.int32) for _ in range(fields)]
            + [np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)],
            np.zeros(0, dtype=np.int64))

    def add(self, keys: Sequence[tuple[Any, ...]], people: Sequence[Any],
            outcomes: Sequence[Any]) -> None:
        """Count rows: each one's combination, person (not None) and outcome."""
        if not people:
            return
        columns = [_codes(self.values[f], [key[f] for key in keys]) for f in range(self.fields)]
        columns.append(np.fromiter(map(self._person, people), dtype=np.int64,
                                   count=len(people)))
        columns.append(_codes(self.outcomes, outcomes))
        self._pending.append((columns, np.ones(len(people), dtype=np.int64)))
        self._waiting += len(people)
        if self._waiting >= max(_MERGE_EVERY, len(self._held[1])):
            self._merge()

    def columns(self) -> tuple[list[np.ndarray], np.ndarray]:
        """Per pair: one code column per field, the person's hash, the outcome's code;
        and the rows of each pair. Pairs are grouped by person."""
        self._merge()
        return self._held

    def __len__(self) -> int:
        """Distinct pairs held (those still waiting to be merged counted as rows)."""
        return len(self._held[1]) + self._waiting

    def _person(self, person: Any) -> int:
        if type(person) is str:
            return hash(person)
        return self._other_people.setdefault(person, len(self._other_people))

    def _merge(self) -> None:
        if not self._pending:
            return
        parts = [self._held, *self._pending]
        self._pending, self._waiting = [], 0
        columns = [np.concatenate([p[0][c] for p in parts])
                   for c in range(self.fields + 2)]
        self._held = _merged(columns, np.concatenate([p[1] for p in parts]))


def _codes(known: dict[Any, int], column: Sequence[Any]) -> np.ndarray:
    """The code of each value of ``column``, new values numbered as they first appear."""
    codes: list[int | None] = list(map(known.get, column))
    if None in codes:
        for i, code in enumerate(codes):
            if code is None:
                codes[i] = known.setdefault(column[i], len(known))
    return np.array(codes, dtype=np.int32)


def _merged(columns: list[np.ndarray], rows: np.ndarray
            ) -> tuple[list[np.ndarray], np.ndarray]:
    """Equal pairs made one (their rows added up), sorted by person first."""
    if len(rows) == 0:
        return columns, rows
    person = len(columns) - 2  # lexsort's last key is its first
    order = np.lexsort([*columns[:person], columns[person + 1], columns[person]])
    columns, rows = [c[order] for c in columns], rows[order]
    first = np.zeros(len(rows), dtype=bool)
    first[0] = True
    for column in columns:
        first[1:] |= column[1:] != column[:-1]
    starts = np.flatnonzero(first)
    return [c[starts] for c in columns], np.add.reduceat(rows, starts)
