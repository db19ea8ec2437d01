"""A role's values as integer codes: per generalisation level, what each level loses,
and combination numbers made dense (the arithmetic :mod:`iaextract.disclosure.lattice`
evaluates nodes with)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from iaextract.disclosure.hierarchies import Hierarchy


def small_int(values: int) -> type[np.unsignedinteger[Any]]:
    """The smallest unsigned integer type that holds ``values`` codes."""
    return np.uint8 if values <= 1 << 8 else np.uint16 if values <= 1 << 16 else np.uint32


def renumber(group: np.ndarray, span: int, compact: int,
             table: int = 0) -> tuple[np.ndarray, int]:
    """Combination numbers (below ``span``) made dense, in their order (0, 'publishes
    nothing', stays 0), and their span.

    ``table``: up to this span the numbers seen are marked in a table of ``span`` flags,
    read back in order (no sort: a few times faster while the table is at most about
    ten flags a pair). ``compact``: beyond, numbers times the number of pairs must stay
    below it to be packed. Each number carries its pair's index in its low bits, so one
    sort of values (several times faster than the argsort of np.unique) orders the pairs
    and keeps their places.
    """
    if len(group) and span <= table:
        seen = np.zeros(span, dtype=np.bool_)
        seen[group] = True
        seen[0] = True  # 0 keeps its number whether or not a pair has it
        values = np.flatnonzero(seen)
        numbers = np.empty(span, dtype=np.int64)  # only the slots of ``values`` are read
        numbers[values] = np.arange(len(values))
        return numbers[group], len(values)
    bits = len(group).bit_length()
    if not len(group) or span > compact >> bits:
        values, dense = np.unique(np.concatenate(([0], group)), return_inverse=True)
        return dense[1:], len(values)
    packed = group << bits
    packed |= np.arange(len(group))
    packed.sort()
    where = packed & ((1 << bits) - 1)
    packed >>= bits
    new = np.empty(len(packed), dtype=bool)  # a number other than the one before it
    new[0] = packed[0] != 0
    np.not_equal(packed[1:], packed[:-1], out=new[1:])
    numbers = np.cumsum(new)
    dense = np.empty(len(group), dtype=np.int64)
    dense[where] = numbers
    return dense, int(numbers[-1]) + 1


def level_tables(hierarchy: Hierarchy, values: list[Any]) -> list[np.ndarray]:
    """Per level of ``hierarchy``, each of ``values``' codes mapped to its generalised
    value's code (0: blank)."""
    tables = []
    for level in range(len(hierarchy.levels)):
        numbers: dict[Any, int] = {None: 0}
        generalised = [hierarchy.generalise(v, level) for v in values]
        tables.append(np.array([numbers.setdefault(g, len(numbers)) for g in generalised]
                               + [0] * (not values), dtype=np.int64))
    return tables


def loss_metric(tables: list[np.ndarray], codes: np.ndarray, rows: np.ndarray,
                 uninformative: Sequence[int]) -> np.ndarray:
    """Per level, the record-weighted mean of ``(c - 1) / (d - 1)`` (see the module doc).

    ``tables`` map each value code to its generalised code per level (0: blank), ``codes``
    and ``rows`` give each pair's value code and records; ``uninformative`` are the codes
    of values that say nothing (blank, "Unknown"), which lose nothing: they had nothing
    to lose, and do not count among the ``d`` values.
    """
    size = len(tables[0])
    records = np.bincount(codes, weights=rows, minlength=size).astype(float)
    present = ~np.isin(np.arange(size), uninformative)
    distinct = int(np.count_nonzero(present))
    total = float(records[present].sum())
    losses = np.ones(len(tables))  # the top level, withheld, loses everything
    for level, table in enumerate(tables[:-1]):
        if distinct < 2 or not total:
            losses[level] = 0.0
            continue
        shared = np.bincount(table[present], minlength=int(table.max(initial=0)) + 1)
        merged = np.where(table > 0, shared[table] - 1, distinct - 1)  # withheld: all
        losses[level] = float((records * merged)[present].sum()) / ((distinct - 1) * total)
    return losses
