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

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np

#: Merge duplicate pairs once this many rows wait (or as many as are held, if more).
_MERGE_EVERY = 1 << 16
_MASK = (1 << 64) - 1


class PairTable:
    """Distinct (combination, person, outcome) pairs and how many rows each has."""

    def __init__(self, fields: int) -> None:
        self.fields = fields
        #: Per field: value -> code, in order of first appearance.
        self.values = [Codes() for _ in range(fields)]
        self.outcomes = Codes()
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
        self.add_codes([self.code(f, [key[f] for key in keys]) for f in range(self.fields)],
                       self.people(people)[0], self.outcome_codes(outcomes))

    def code(self, field: int, column: Sequence[Any]) -> np.ndarray:
        """The code of each value of one field's column (new values get the next codes)."""
        return _codes(self.values[field], column)

    def outcome_codes(self, outcomes: Sequence[Any]) -> np.ndarray:
        return _codes(self.outcomes, outcomes)

    def people(self, people: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
        """Each person's number (none is None): a string's hash, else its own number;
        and each person's hash (for :meth:`digest`)."""
        hashes = np.fromiter(map(hash, people), dtype=np.int64, count=len(people))
        if set(map(type, people)) == {str}:
            return hashes, hashes
        return np.fromiter(map(self._person, people), dtype=np.int64,
                           count=len(people)), hashes

    def add_codes(self, columns: list[np.ndarray], people: np.ndarray,
                  outcomes: np.ndarray) -> None:
        """Count rows already coded (:meth:`code`, :meth:`people`, :meth:`outcome_codes`)."""
        if not len(people):
            return
        self._pending.append(([*columns, people, outcomes],
                              np.ones(len(people), dtype=np.int64)))
        self._waiting += len(people)
        if self._waiting >= max(_MERGE_EVERY, len(self._held[1])):
            self._merge()

    def digest(self, codes: list[np.ndarray], hashes: np.ndarray, outcomes: np.ndarray) -> int:
        """The sum of the rows' hashes (modulo 2**64), each row's hash mixed from its
        values' hashes (not their codes, which depend on the order rows come in)."""
        parts = [(_value_hashes(known)[column]) for known, column in
                 zip(self.values, codes, strict=True)]
        parts += [_value_hashes(self.outcomes)[outcomes], hashes.astype(np.uint64)]
        mixed = np.zeros(len(hashes), dtype=np.uint64)
        for part, weight in zip(parts, _weights(len(parts)), strict=True):
            part *= weight  # modulo 2**64
            mixed += part
        return int(_mix(mixed).sum(dtype=np.uint64))

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


class Codes(dict[Any, int]):
    """Value -> code; a value looked up (``[]``) the first time gets the next code.

    Coding a column is then one pass in C that numbers new values as they first appear,
    where a lookup that stopped at the first new value (a new date in most chunks) went
    over the column three times. ``in`` and ``get`` number nothing.
    """

    def __missing__(self, value: Any) -> int:
        code = self[value] = len(self)
        return code


def _codes(known: Codes, column: Sequence[Any]) -> np.ndarray:
    """The code of each value of ``column``, new values numbered as they first appear."""
    return np.fromiter(map(known.__getitem__, column), dtype=np.int32, count=len(column))


def _value_hashes(known: dict[Any, int]) -> np.ndarray:
    """Each code's value's hash (the codes number the values in order)."""
    return np.fromiter(map(hash, known), dtype=np.int64, count=len(known)).view(np.uint64)


@functools.cache
def _weights(count: int) -> list[np.uint64]:
    """Odd multipliers, one per column of a row, from the golden ratio (Fibonacci hashing)."""
    return [np.uint64((0x9E3779B97F4A7C15 * (2 * i + 1)) & _MASK | 1) for i in range(count)]


def _mix(hashes: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser, in place: every bit of a row's sum reaches every bit of its
    hash, so rows with the same values in other rows do not add up to the same digest."""
    hashes ^= hashes >> np.uint64(30)
    hashes *= np.uint64(0xBF58476D1CE4E5B9)
    hashes ^= hashes >> np.uint64(27)
    hashes *= np.uint64(0x94D049BB133111EB)
    hashes ^= hashes >> np.uint64(31)
    return hashes


def _merged(columns: list[np.ndarray], rows: np.ndarray
            ) -> tuple[list[np.ndarray], np.ndarray]:
    """Equal pairs made one (their rows added up), sorted by person first."""
    if len(rows) == 0:
        return columns, rows
    person = len(columns) - 2
    # By person, then outcome, then the fields from the last (lexsort's last key is its
    # first), the codes as one number when they fit.
    codes = [*columns[:person], columns[person + 1]]
    keys = [*(_combined(codes) or codes), columns[person]]
    order = np.lexsort(keys)
    columns, rows = [c[order] for c in columns], rows[order]
    first = np.zeros(len(rows), dtype=bool)
    first[0] = True
    for key in keys:
        key = key[order]
        first[1:] |= key[1:] != key[:-1]
    starts = np.flatnonzero(first)
    return [c[starts] for c in columns], np.add.reduceat(rows, starts)


def _combined(codes: list[np.ndarray]) -> list[np.ndarray] | None:
    """Code columns as one number each, ordered as lexsort orders the columns (the last
    first), when it fits in 63 bits: sorting by one key is faster than by many."""
    key = np.zeros(len(codes[0]), dtype=np.int64)
    span = 1
    for column in reversed(codes):
        radix = int(column.max(initial=0)) + 1
        span *= radix
        if span > 1 << 62:
            return None
        key *= radix
        key += column
    return [key]
