"""A column's distinct values told apart without SQLite's DISTINCT, for the scan's index.

``SELECT DISTINCT`` of a large column costs SQLite a temporary b-tree, spilled to a
file once past its 2 MB cache: at 200k incidents 2-3 times the plain reading of the
column. Here the column is read plainly and each value kept the first time it is met,
known by hashes (16 bytes a distinct value, let go when the column is done), which
gives the same values, in the same order and chunks, as DISTINCT of a plain text
column (:func:`iaextract.connectors.sqlitefile.plain_text_column`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import compress, repeat
from operator import itemgetter
from typing import Any

import numpy as np

_NULL: Any = None  # (numpy's typing takes no bare None as an operand)


def distinct_chunks(chunks: Iterable[Sequence[Sequence[Any]]], chunk_size: int
                    ) -> Iterator[list[Any]]:
    """The first column of ``chunks`` of rows, each value once (the first time it is
    met), in chunks of ``chunk_size``: as ``SELECT DISTINCT`` of one column gives them."""
    fresh = FreshValues()
    waiting: list[Any] = []
    for rows in chunks:
        waiting += fresh.of(list(map(itemgetter(0), rows)))
        while len(waiting) >= chunk_size:
            yield waiting[:chunk_size]
            del waiting[:chunk_size]
    if waiting:
        yield waiting


class FreshValues:
    """Which values were not met before, told without keeping them.

    A text is known by two 64-bit hashes: Python's keyed SipHash of the text and of the
    text followed by NUL. Two different texts agree on both once in 2^128 pairs, far
    rarer than a disk's undetected error; agreeing on the first alone (one chance in
    2^64) is handled. NULL and anything else (a blob) is kept as itself: a blob and a
    text of the same bytes hash alike in Python.
    """

    def __init__(self) -> None:
        self._high = np.empty(0, dtype=np.int64)  # first hashes met, sorted
        self._low = np.empty(0, dtype=np.int64)  # the second hash of each of _high
        self._others: set[Any] = set()

    def of(self, values: list[Any]) -> list[Any]:
        """Those of ``values`` not met before, each once, in their order (now met)."""
        kinds = set(map(type, values))
        if kinds <= {str}:
            return list(compress(values, self._fresh_texts(values).tolist()))
        cells = np.fromiter(values, dtype=object, count=len(values))
        if kinds <= {str, type(None)}:  # a column with NULLs: every NULL but one goes
            is_text = np.not_equal(cells, _NULL)
        else:  # blobs in a text column: rare
            is_text = np.fromiter(map(str.__instancecheck__, values), dtype=bool,
                                  count=len(values))
        fresh = np.zeros(len(values), dtype=bool)
        texts = np.flatnonzero(is_text)
        fresh[texts] = self._fresh_texts(cells[texts].tolist())
        for i in self._first_of_each(cells, ~is_text):
            if values[i] not in self._others:
                self._others.add(values[i])
                fresh[i] = True
        return list(compress(values, fresh.tolist()))

    @staticmethod
    def _first_of_each(cells: np.ndarray, among: np.ndarray) -> list[int]:
        """The positions of the first NULL and of every other value ``among`` holds."""
        where = np.flatnonzero(among)
        nulls = np.equal(cells[where], _NULL)
        return sorted(where[nulls][:1].tolist() + where[~nulls].tolist())

    @staticmethod
    def hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The two hashes of each of ``texts``."""
        count = len(texts)
        return (np.fromiter(map(hash, texts), dtype=np.int64, count=count),
                np.fromiter(map(hash, map(str.__add__, texts, repeat("\0"))),
                            dtype=np.int64, count=count))

    def _fresh_texts(self, texts: list[str]) -> np.ndarray:
        """For each of ``texts``: whether this is its first meeting."""
        high, low = self.hashes(texts)
        order = np.lexsort((low, high))  # stable: the first of equal texts stays first
        high, low = high[order], low[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = (high[1:] != high[:-1]) | (low[1:] != low[:-1])
        order, high, low = order[first], high[first], low[first]
        new = ~self._met(high, low)
        at = self._high.searchsorted(high[new])
        self._high = np.insert(self._high, at, high[new])
        self._low = np.insert(self._low, at, low[new])
        fresh = np.zeros(len(texts), dtype=bool)
        fresh[order[new]] = True
        return fresh

    def _met(self, high: np.ndarray, low: np.ndarray) -> np.ndarray:
        """For each pair of hashes (distinct pairs): whether it was met before."""
        if not len(self._high):
            return np.zeros(len(high), dtype=bool)
        at = self._high.searchsorted(high)
        near = np.minimum(at, len(self._high) - 1)
        same_high = self._high[near] == high
        met = same_high & (self._low[near] == low)
        for i in np.flatnonzero(same_high & ~met).tolist():  # two texts, one first hash
            end = int(self._high.searchsorted(high[i], side="right"))
            met[i] = bool((self._low[at[i]:end] == low[i]).any())
        return met
