"""Counting people per combination, and each candidate generalisation's numbers.

:class:`RoleCounts` holds, once, how many rows each person has in each *finest*
combination of one role's quasi-identifiers (the values as the redactor publishes
them). Every candidate generalisation (a *node*: one level per field) is evaluated by
rolling those counts up, never by reading the source again.

A node is *safe* when the records of combinations shared by fewer than ``k`` distinct
people are at most ``max_suppressed`` of the role's records (those records are then
suppressed: their quasi-identifiers blanked). A combination that publishes nothing
(every field blank) singles no one out and is never at risk. Safety is monotonic: a
coarser node only merges combinations, so it is safe whenever a finer one is.

Information loss of a node (documented in the README):

    loss = (1 - s) * sum(w_f * m_f) / sum(w_f) + s

``m_f`` is field f's loss metric at its level (Iyengar's LM, ARX's "loss"): over the
role's records with a value, the mean of ``(c - 1) / (d - 1)``, where ``d`` is how many
distinct values the field publishes at level 0 and ``c`` how many of them share the
record's generalised value (``d`` when it is withheld). So a level costs what it
merges: months into quarters on ten years of data cost 0.02, into years 0.09, while
withholding the field costs 1. ``w_f`` is the field's weight and ``s`` the share of
the role's records suppressed (a suppressed record loses everything). An earlier
measure, the normalised hierarchy height, rated a date withheld only a few steps
worse than a date at the quarter, and so gave up the date entirely to keep a
district. The search for the safe node of least loss is in ``search``.

Evaluating a node is array work on the pairs (hundreds of nodes a search): each
pair's code at every level is computed once, a node's combinations are a few
multiply-adds of them, and a person counted twice in one combination is found from
which levels two of their pairs agree on, found once (a few hundred ways to agree),
not by comparing the combinations at every node.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from iaextract.disclosure.hierarchies import Hierarchy
from iaextract.disclosure.levels import level_tables, loss_metric, renumber, small_int
from iaextract.disclosure.pairs import PairTable

Node = tuple[int, ...]
#: A person with this many finest combinations or more is counted by sorting instead.
_RUN = 64
_MASK = (1 << 64) - 1
#: Combination numbers times the number of pairs stay below this (renumbered if not).
_COMPACT = 1 << 62
#: Numbers made dense in a table of this many flags a pair before a field takes them
#: past it (``levels.renumber``): a few small tables a node, not a sort of the pairs.
_TABLE = 8
#: Compare every two pairs of one person while these are at most this many per pair.
_COMPARED = 4
#: … by the levels they agree on, while there are at most this many ways to agree.
_PATTERNS = 1024


@dataclass(frozen=True)
class Evaluation:
    """One node's numbers: groups, people and records at risk, suppression and loss."""

    node: Node
    k: int
    records: int
    people: int
    groups: int
    smallest: int | None  # fewest people in a published combination
    smallest_kept: int | None  # … of those with at least k (what remains after suppression)
    records_at_risk: int
    people_at_risk: int
    loss: float
    safe: bool

    @property
    def share_at_risk(self) -> float:
        return self.records_at_risk / self.records if self.records else 0.0


class RoleCounts:
    """Rows per (finest combination, person) of one role, streamed in, rolled up on demand.

    With ``l`` (l-diversity), each row's sensitive value (finding, disposition) is kept
    too, and a combination is also at risk when it holds fewer than ``l`` distinct
    sensitive values (a blank counts as a value): everyone in it would share the outcome.
    """

    def __init__(self, hierarchies: Sequence[Hierarchy], l: int = 0,  # noqa: E741
                 digest_only: bool = False, fingerprinted: bool = True) -> None:
        self.hierarchies = tuple(hierarchies)
        self._weights = [h.weight for h in self.hierarchies]
        self.l = l
        #: Rows per (finest combination, person, outcome), as columns of codes.
        self._table = PairTable(len(self.hierarchies))
        self.unattributed = 0  # rows naming no person of this role
        #: Only a fingerprint of the rows (a write pass checked against its pre-pass):
        #: no pairs are held, so the pass's memory stays flat.
        self.digest_only = digest_only
        #: No :meth:`fingerprint` for a pre-pass whose rows are the rows written (nothing
        #: to check; hashing them cost a tenth of the count).
        self.fingerprinted = fingerprinted or digest_only
        self._digest = 0
        self._rows = 0
        self._forget()

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(h.field for h in self.hierarchies)

    def add(self, keys: Iterable[tuple[Any, ...]], people: Iterable[Any],
            sensitive: Iterable[Any] | None = None) -> None:
        """Count a chunk: each row's combination, the person it is about (None: nobody)
        and, with l-diversity, its sensitive value."""
        keys, people = list(keys), list(people)
        self.add_columns([[key[f] for key in keys] for f in range(len(self.hierarchies))],
                         people, None if sensitive is None else list(sensitive))

    def add_columns(self, fields: Sequence[Sequence[Any]], people: Sequence[Any],
                    sensitive: Sequence[Any] | None = None) -> None:
        """:meth:`add` for a chunk given column by column: each field's values, each row's
        person and sensitive value."""
        rows = len(people)
        if None in people:  # rows about nobody of this role are not counted
            keep = list(map(operator.is_not, people, itertools.repeat(None)))
            fields = [list(itertools.compress(column, keep)) for column in fields]
            people = list(itertools.compress(people, keep))
            sensitive = None if sensitive is None else list(itertools.compress(sensitive, keep))
        self.unattributed += rows - len(people)
        if not people:
            return
        table = self._table
        codes = [table.code(f, column) for f, column in enumerate(fields)]
        numbers, hashes = table.people(people)
        outcomes = table.outcome_codes(sensitive) if self.l and sensitive is not None \
            else np.full(len(people), table.outcome_codes([None])[0])
        self._rows += len(people)
        if self.fingerprinted:
            self._digest = (self._digest + table.digest(codes, hashes, outcomes)) & _MASK
        if not self.digest_only:
            table.add_codes(codes, numbers, outcomes)
            self._forget()

    def fingerprint(self) -> tuple[int, int, int]:
        """Rows counted, rows naming nobody and a sum of the rows' hashes (modulo 2**64,
        :meth:`PairTable.digest`): equal for two passes over the same rows in any order,
        in this process."""
        if not self.fingerprinted:
            raise ValueError("these counts keep no fingerprint")
        return self._rows, self.unattributed, self._digest

    @property
    def held(self) -> int:
        """How many (combination, person) pairs are held in memory (none: digest only)."""
        return len(self._table)

    def release(self) -> None:
        """Forget the per-person counts once the plan is made (memory); the numbers of
        :meth:`fingerprint` stay, for checking the write pass."""
        self._table = PairTable(len(self.hierarchies))
        self._forget()

    def _forget(self) -> None:
        """No arrays prepared for the search (none yet, or the pairs changed)."""
        #: Rows of each pair; None until :meth:`_prepare` (the other arrays with it).
        self._rows_of: np.ndarray | None = None
        self._person_of = self._sensitive = np.zeros(0, dtype=np.int64)
        self._weighed = np.zeros(0)
        self._columns: list[np.ndarray] = []  # per field, each pair's value code
        self._tables: list[list[np.ndarray]] = []
        self._radix: list[list[int]] = []  # per field and level, how many codes
        self._levels: list[list[np.ndarray]] = []  # per field and level, each pair's code
        self._losses: list[list[float]] = []  # per field, per level (Python floats: read
        # thousands of times by the search, where a numpy scalar costs more than the sum)
        self._later: np.ndarray | None = None
        self._earlier: np.ndarray | None = None
        #: The distinct agreements of two pairs of one person (see _pairs_of_one_person),
        #: and the later pair of the two pairs of each agreement.
        self._patterns: np.ndarray | None = None
        self._later_by_pattern: list[np.ndarray] = []
        self._people = self._records = 0

    @property
    def records(self) -> int:
        return self._rows

    def _prepare(self) -> None:
        """The pairs as the search reads them, once: each field's code at every level,
        people numbered in order, and which pairs of one person to compare."""
        if self._rows_of is not None:
            return
        columns, rows = self._table.columns()  # grouped by person already
        fields = len(self.hierarchies)
        self._columns = columns[:fields]
        hashes = columns[fields]
        # People numbered 0, 1, … in the pairs' order (sorted by hash: np.unique's numbers).
        people = np.zeros(len(rows), dtype=np.int64)
        if len(rows):
            np.cumsum(hashes[1:] != hashes[:-1], out=people[1:])
        self._sensitive = columns[fields + 1].astype(np.int64)
        values = self._table.values
        # Per field and level: value code -> code of its generalised value (0 = blank).
        self._tables = [level_tables(h, list(v)) for h, v in zip(self.hierarchies, values,
                                                                    strict=True)]
        self._losses = [loss_metric(tables, self._columns[f], rows,
                                     [values[f][v] for v in h.uninformative if v in values[f]])
                        .tolist()
                        for f, (h, tables) in enumerate(zip(self.hierarchies, self._tables,
                                                            strict=True))]
        # Each pair's code at each level, in as few bytes as the level's values need: a
        # node's combinations are then a few multiply-adds, without a lookup per node.
        self._radix = [[int(t.max(initial=0)) + 1 for t in tables] for tables in self._tables]
        self._levels = [[t.astype(small_int(r))[column] for t, r in zip(tables, radix,
                                                                           strict=True)]
                        for tables, radix, column in zip(self._tables, self._radix,
                                                         self._columns, strict=True)]
        self._people = int(people[-1]) + 1 if len(people) else 0
        self._pairs_of_one_person(people)
        self._records = int(rows.sum())
        self._person_of, self._rows_of = people, rows
        self._weighed = rows.astype(np.float64)  # bincount's weights are floats

    def _pairs_of_one_person(self, people: np.ndarray) -> None:
        """Every two pairs of one person (earlier, later), so that a person counted twice in
        one combination is found by comparing them, without sorting at every node; None
        when someone has so many pairs that sorting is cheaper."""
        per_person = np.bincount(people)
        longest = int(per_person.max(initial=0))
        compared = int((per_person * (per_person - 1) // 2).sum())
        if longest >= _RUN or compared > _COMPARED * len(people) + 64:
            self._later = self._earlier = None
            return
        later = [np.zeros(0, dtype=np.intp)]
        earlier = [np.zeros(0, dtype=np.intp)]
        for d in range(1, longest):  # the pairs d apart that are of one person
            pairs = np.flatnonzero(people[d:] == people[:-d])
            earlier.append(pairs)
            later.append(pairs + d)
        self._later, self._earlier = np.concatenate(later), np.concatenate(earlier)
        self._patterns = None
        if sum(map(len, self._levels)) > 62:
            return
        # Which levels of which fields each two pairs agree on, one bit each (the first
        # field's finest level highest): at a node, the two are in one combination when
        # the bits of its levels are all set, whatever the combinations' numbers.
        agree = np.zeros(len(self._later), dtype=np.int64)
        for levels in self._levels:
            for codes in levels:
                agree <<= 1
                agree |= codes[self._later] == codes[self._earlier]
        self._patterns, pattern_of = np.unique(agree, return_inverse=True)
        if len(self._patterns) > _PATTERNS:  # too many to go through at every node
            self._patterns = None
            return
        order = np.argsort(pattern_of, kind="stable")
        self._later_by_pattern = np.split(self._later[order],
                                          np.cumsum(np.bincount(pattern_of))[:-1])

    def groups(self, node: Node) -> tuple[np.ndarray, int]:
        """Each pair's combination number at ``node`` (0: publishes nothing), and the span."""
        self._prepare()
        group: np.ndarray | None = None
        span = 1
        # Renumbered beyond this, so that the numbers and a pair's index fit in 63 bits.
        most = _COMPACT >> len(self._person_of).bit_length()
        table = _TABLE * len(self._person_of) + 64
        dense = True  # no field added since the numbers were made dense
        for f, level in enumerate(node):
            radix = self._radix[f][level]
            if radix == 1:
                continue  # blank in every pair (withheld): it tells no combinations apart
            if group is not None and not dense and (span * radix > most
                                                    or table // radix < span <= table):
                group, span = renumber(group, span, _COMPACT, table)
            codes = self._levels[f][level]
            if group is None:
                group = codes.astype(np.int64)
            else:
                group *= radix
                group += codes
            span *= radix
            dense = False
        if group is None:
            return np.zeros(len(self._person_of), dtype=np.int64), 1
        if span > 4 * len(group) + 64:  # sparse: counted in an array of the combinations seen
            group, span = renumber(group, span, _COMPACT, table)
        return group, span

    def people_per_group(self, group: np.ndarray, span: int,
                         node: Node | None = None) -> np.ndarray:
        """Distinct people in each combination (of ``node``, if given: faster)."""
        self._prepare()
        people, later = self._person_of, self._later
        if later is None:  # someone has very many pairs: sort instead
            base = int(people.max(initial=0)) + 1
            return np.bincount(np.unique(group * base + people) // base, minlength=span)
        if node is not None and self._patterns is not None:
            mask = 0  # the bits of the node's levels
            for levels, level in zip(self._levels, node, strict=True):
                mask = (mask << len(levels)) | 1 << (len(levels) - 1 - level)
            agreeing = np.flatnonzero((self._patterns & mask) == mask).tolist()
            repeated = np.concatenate([later[:0]] + [self._later_by_pattern[p]
                                                     for p in agreeing])
        else:
            repeated = later[group[later] == group[self._earlier]]
        # A later pair in the combination of an earlier one of its person is not that
        # person's first there; the first pairs are counted by weight (selecting them
        # costs more than the sum).
        first = np.ones(len(group), dtype=bool)
        first[repeated] = False
        return np.bincount(group, weights=first, minlength=span).astype(np.int64)

    def evaluate(self, node: Node, k: int, max_suppressed: float,
                 weights: Sequence[float] | None = None) -> Evaluation:
        """The numbers of ``node`` for ``k`` and a suppression limit (a share of records)."""
        group, per_group, small, risky_rows = self._at_risk(node, k)
        records = self._records
        at_risk = small[group]
        risky_people = int(np.count_nonzero(np.bincount(self._person_of, weights=at_risk)))
        published = per_group[1:][per_group[1:] > 0]
        loss = self._loss(node, risky_rows, weights)
        kept = published[published >= k]
        return Evaluation(node, k, records, self._people, int(len(published)),
                          int(published.min()) if len(published) else None,
                          int(kept.min()) if len(kept) else None, risky_rows,
                          risky_people, loss, risky_rows <= max_suppressed * records + 1e-9)

    def safe_and_loss(self, node: Node, k: int, max_suppressed: float,
                      weights: Sequence[float] | None = None) -> tuple[bool, float]:
        """Of :meth:`evaluate`'s numbers, only what the search compares (faster)."""
        risky_rows = self._at_risk(node, k)[3]
        return (risky_rows <= max_suppressed * self._records + 1e-9,
                self._loss(node, risky_rows, weights))

    def _at_risk(self, node: Node, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """Each pair's combination at ``node``, each combination's people and whether it
        is at risk, and the records at risk."""
        self._prepare()
        group, span = self.groups(node)
        per_group = self.people_per_group(group, span, node)
        small = self._small(group, span, per_group, k)
        records = np.bincount(group, weights=self._weighed, minlength=span)
        # Exact (whole numbers below 2**53); not ``@``, which BLAS may spread over threads.
        return group, per_group, small, int(records.sum(where=small))

    def _loss(self, node: Node, risky_rows: int, weights: Sequence[float] | None) -> float:
        share = risky_rows / self._records if self._records else 0.0
        return (1 - share) * self.unsuppressed_loss(node, weights) + share

    def unsuppressed_loss(self, node: Node, weights: Sequence[float] | None = None) -> float:
        """The weighted loss metric of ``node``: its loss if nothing is suppressed."""
        self._prepare()
        weights = weights or self._weights
        total = sum(weights)
        if not total:
            return 0.0
        return sum(w * losses[level] for w, losses, level in
                   zip(weights, self._losses, node, strict=True)) / total

    def field_loss(self, field: int, level: int) -> float:
        """The loss metric of one field at ``level`` (0 kept as published, 1 withheld)."""
        self._prepare()
        return self._losses[field][level]

    def _small(self, group: np.ndarray, span: int, per_group: np.ndarray,
               k: int) -> np.ndarray:
        """Per combination: at risk (fewer than k people, or than l sensitive values)."""
        small = per_group < k
        if self.l:
            base = int(self._sensitive.max(initial=0)) + 1
            distinct = np.unique(group * base + self._sensitive) // base
            small |= (np.bincount(distinct, minlength=span) < self.l) & (per_group > 0)
        small[0] = False  # publishes nothing: no one can be singled out
        return small

    def at_risk_keys(self, node: Node, k: int) -> set[tuple[Any, ...]]:
        """The published combinations (values at ``node``) that are at risk."""
        group, span = self.groups(node)
        small = self._small(group, span, self.people_per_group(group, span), k)
        at_risk = small[group]
        if not at_risk.any() or not self._columns:
            return set()
        risky = np.stack([column[at_risk] for column in self._columns], axis=1)
        values = [list(v) for v in self._table.values]
        # Distinct rows as a set of tuples: np.unique(axis=0) would give the same rows
        # but imports numpy.ma, a fifth of numpy's import, for this one call.
        return {self.generalise(tuple(values[f][c] for f, c in enumerate(key)), node)
                for key in set(map(tuple, risky.tolist()))}

    def generalise(self, key: tuple[Any, ...], node: Node) -> tuple[Any, ...]:
        """A finest combination at ``node``."""
        return tuple(h.generalise(v, level) for h, v, level in zip(self.hierarchies, key, node,
                                                                    strict=True))

    def nodes(self) -> list[Node]:
        """Every node of the lattice, finest first."""
        return list(itertools.product(*(range(len(h.levels)) for h in self.hierarchies)))
