"""Disclosure risk: k-anonymity over the published quasi-identifiers of a dataset.

A record is at risk when fewer than ``k`` published records share its combination
of quasi-identifier values (district, month, race, sex, age band…), because a
neighbour or colleague who knows those few facts could pick it out. Everything here
works on *published* values, after generalisation, so the report shows nothing that
the export would not.

Counting streams: one Counter entry per distinct combination, never one per record,
and the combinations are built from generalised values, which have small domains.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from iaextract.chunks import ColumnChunk
from iaextract.errors import WriterError
from iaextract.schema import Dataset, Sensitivity

QuasiKey = tuple[Any, ...]


def quasi_identifiers(dataset: Dataset, columns: Sequence[str],
                      mapped: Iterable[str]) -> list[str]:
    """The published columns that are quasi-identifiers and come from the source.

    An unmapped column is blank in every row, so it cannot single anyone out.
    """
    mapped = set(mapped)
    return [c for c in columns
            if dataset.field(c).sensitivity is Sensitivity.QUASI and c in mapped]


def key_of(columns: Sequence[str], quasi: Sequence[str]) -> Callable[[Sequence[Any]],
                                                                      QuasiKey]:
    """A function giving the quasi-identifier combination of a published row."""
    indexes = [list(columns).index(name) for name in quasi]
    return lambda row: tuple(row[i] for i in indexes)


def _sortable(key: QuasiKey) -> tuple[str, ...]:
    return tuple("" if value is None else str(value) for value in key)


@dataclass(frozen=True)
class RiskReport:
    """k-anonymity of one dataset: how many records sit in groups smaller than ``k``."""

    k: int
    quasi_identifiers: tuple[str, ...]
    records: int
    groups: int
    smallest_group: int | None
    records_at_risk: int
    #: (combination of published values, records sharing it), smallest groups first
    at_risk: tuple[tuple[QuasiKey, int], ...]

    @property
    def share_at_risk(self) -> float:
        return self.records_at_risk / self.records if self.records else 0.0

    def summary(self) -> dict[str, Any]:
        """The counts, without the combinations (for the manifest)."""
        return {"k": self.k, "quasi_identifiers": list(self.quasi_identifiers),
                "records": self.records, "groups": self.groups,
                "smallest_group": self.smallest_group,
                "records_at_risk": self.records_at_risk,
                "combinations_at_risk": len(self.at_risk)}


class GroupCounts:
    """How many records share each combination of quasi-identifier values."""

    def __init__(self, quasi: Sequence[str]) -> None:
        self.quasi = tuple(quasi)
        self.counts: Counter[QuasiKey] = Counter()

    def add(self, keys: Iterable[QuasiKey]) -> None:
        self.counts.update(keys)

    def add_columns(self, columns: Sequence[Sequence[Any]], rows: int) -> None:
        """Count ``rows`` rows given by their quasi-identifier columns (in :attr:`quasi`'s
        order; none, when there is no quasi-identifier)."""
        self.counts.update(zip(*columns, strict=True) if columns else [()] * rows)

    def at_risk(self, k: int) -> set[QuasiKey]:
        """The combinations shared by fewer than ``k`` records."""
        if not self.quasi:
            return set()
        return {key for key, count in self.counts.items() if count < k}

    def report(self, k: int, ordered: bool = True) -> RiskReport:
        """The report; ``ordered=False``: the combinations at risk in no particular order
        (what only counts them, as the manifest does, need not sort a Python key of
        each; they may be most of the combinations)."""
        records = sum(self.counts.values())
        if not self.quasi:  # nothing published that could single a record out
            return RiskReport(k, (), records, 0, None, 0, ())
        small = [(key, n) for key, n in self.counts.items() if n < k]
        if ordered:
            small.sort(key=lambda item: (item[1], _sortable(item[0])))
        return RiskReport(k, self.quasi, records, len(self.counts),
                          min(self.counts.values(), default=None),
                          sum(n for _, n in small), tuple(small))


class CellSuppressor:
    """Blanks the quasi-identifier cells of published rows in at-risk combinations.

    Built from the counts of every row before the first is written. It counts the
    combinations of the rows it blanks too, and :meth:`verify` refuses the export if
    they differ: rows other than those counted could publish a small group nobody
    checked.
    """

    def __init__(self, columns: Sequence[str], prepass: GroupCounts, k: int) -> None:
        self.k = k
        self._prepass = prepass
        self._at_risk = prepass.at_risk(k)
        self._indexes = [list(columns).index(name) for name in prepass.quasi]
        self.seen = GroupCounts(prepass.quasi)
        self.records = 0
        self.cells = 0

    def apply(self, chunk: ColumnChunk) -> ColumnChunk:
        """``chunk`` with the quasi-identifiers of at-risk records blanked."""
        columns = chunk.columns
        quasi = [columns[i] for i in self._indexes]
        self.seen.add_columns(quasi, chunk.rows)
        if not self._at_risk or not quasi:
            return chunk
        hit = [r for r, key in enumerate(zip(*quasi, strict=True)) if key in self._at_risk]
        if not hit:
            return chunk
        blanked = list(columns)
        for i in self._indexes:
            cells = blanked[i] = list(blanked[i])
            for r in hit:
                self.cells += cells[r] is not None
                cells[r] = None
        self.records += len(hit)
        return ColumnChunk(blanked, chunk.rows)

    def verify(self, dataset: str) -> None:
        """WriterError if the write pass saw other rows than the pre-pass."""
        if self.seen.counts != self._prepass.counts:
            raise WriterError(f"{dataset}: the source changed while it was being exported "
                              "(small-cell suppression reads it twice and the two reads "
                              "differ); nothing was published, run the export again")

    def summary(self) -> dict[str, Any]:
        """Disclosure-risk counts and what was suppressed, for the manifest."""
        return {**self._prepass.report(self.k, ordered=False).summary(),
                "suppressed_records": self.records,
                "suppressed_cells": self.cells}
