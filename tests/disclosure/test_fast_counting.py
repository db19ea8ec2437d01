"""The shortcuts of disclosure control against the plain computation, on hostile values.

Combination numbers are made dense by marking the numbers seen in a table (no sort),
and a node's combinations are renumbered field by field while the table stays small;
each node's numbers must still be exactly those of a count by hand over Python tuples,
whichever way the numbers were made: NULLs, 1 / 1.0 / True / '1', stray spaces, curly
apostrophes, NaN, huge numbers, bad dates, one-row combinations, all-equal columns.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iaextract.chunks import ColumnChunk
from iaextract.config import PolicyConfig
from iaextract.disclosure import lattice
from iaextract.disclosure.hierarchies import agency_hierarchy, built_in, date_hierarchy
from iaextract.disclosure.lattice import RoleCounts
from iaextract.disclosure.levels import renumber
from iaextract.disclosure.pairs import Codes, _codes
from iaextract.disclosure.plan import DisclosureControl, RoleCounting, role_specs
from iaextract.disclosure.risk import CellSuppressor, GroupCounts
from iaextract.schema import DATASETS

USE_OF_FORCE = DATASETS["use_of_force"]
NAN = float("nan")
HOSTILE = [None, 1, 1.0, True, "1", " 1", "1 ", "O’Brien", "O'Brien", NAN, 10**30, -0.0,
           False, "", "2020-13-45", "2020-02", "2020-02-30", "2020-Q5", "2019-Q2", "White",
           "Asian", "Unknown", "District 1", "18-24", "90+"]
HIERARCHIES = (date_hierarchy("occurred_date", "day", weight=3.0),
               agency_hierarchy("district", [("area", {"District 1": "North", "1": "North",
                                                       "O’Brien": "South"})]),
               built_in(USE_OF_FORCE.field("subject_race"), "month", weight=2.0),
               built_in(USE_OF_FORCE.field("district"), "month"),
               built_in(USE_OF_FORCE.field("subject_age"), "month", age_bands=5))
#: Each way the numbers can be made: as configured, sorting only, a table only, and
#: renumbered at every field (numbers times pairs kept tiny).
SETTINGS = ({}, {"_TABLE": 0}, {"_TABLE": 1 << 20}, {"_COMPACT": 1 << 12})


def _value(rng: random.Random, field: int) -> Any:
    if field == 0 and rng.random() < 0.7:  # many distinct dates: wide combinations
        return f"20{rng.randint(10, 29)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return rng.choice(HOSTILE)


def _rows(seed: int, size: int, people: int) -> list[tuple[Any, tuple[Any, ...]]]:
    rng = random.Random(seed)
    who: list[Any] = [f"p{i}" for i in range(people)] + [7, 7.0, None, "p0 ", 10**40]
    same = rng.random() < 0.2  # an all-equal column now and then
    return [(rng.choice(who), tuple("2020-01-01" if same and f == 0 else _value(rng, f)
                                    for f in range(len(HIERARCHIES))))
            for _ in range(size)]


def _counts(rows: list[tuple[Any, tuple[Any, ...]]], chunk: int = 37) -> RoleCounts:
    counts = RoleCounts(HIERARCHIES)
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        counts.add([key for _, key in part], [who for who, _ in part])
    return counts


def _by_hand(rows: list[tuple[Any, tuple[Any, ...]]], node: tuple[int, ...], k: int
             ) -> tuple[int, int, int | None, int, set[tuple[Any, ...]]]:
    """(combinations published, records at risk, smallest, people at risk, the combinations
    at risk) counted over Python tuples."""
    people: dict[tuple[Any, ...], set[Any]] = defaultdict(set)
    records: dict[tuple[Any, ...], int] = defaultdict(int)
    for who, key in rows:
        if who is None:
            continue
        general = tuple(h.generalise(v, level) for h, v, level in zip(HIERARCHIES, key, node,
                                                                    strict=True))
        people[general].add(who)
        records[general] += 1
    published = {g: len(p) for g, p in people.items() if any(v is not None for v in g)}
    risky = {g for g, n in published.items() if n < k}
    return (len(published), sum(records[g] for g in risky), min(published.values(), default=None),
            len(set().union(*(people[g] for g in risky))), risky)


def _numbers(counts: RoleCounts, k: int) -> list[tuple[Any, ...]]:
    out = []
    for node in counts.nodes():
        e = counts.evaluate(node, k, 0.05)
        out.append((e.groups, e.records_at_risk, e.smallest, e.people_at_risk,
                    counts.at_risk_keys(node, k)))
    return out


@pytest.mark.parametrize("seed", range(4))
def test_every_node_matches_a_count_by_hand_whichever_way_it_is_numbered(seed):
    rows = _rows(seed, size=50 + 60 * seed, people=5 + 10 * seed)
    k = 2 + seed % 4
    expected = [_by_hand(rows, node, k) for node in _counts(rows).nodes()]
    for setting in SETTINGS:
        with pytest.MonkeyPatch.context() as patch:
            for name, value in setting.items():
                patch.setattr(lattice, name, value)
            got = _numbers(_counts(rows), k)
        # Keys compare as Python compares them (1 == 1.0 == True; the one NaN object
        # equals itself), as a set of tuples holds them.
        assert got == expected, setting


def _plain_renumber(group: list[int]) -> tuple[list[int], int]:
    """Each number's rank among the numbers (0 among them, whether a pair has it or not)."""
    rank = {v: i for i, v in enumerate(sorted(set(group) | {0}))}
    return [rank[v] for v in group], len(rank)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 5000), max_size=300), st.integers(0, 3))
def test_renumbering_by_a_table_equals_the_sort(group, extra):
    span = max(group, default=0) + 1 + extra * 1000
    array = np.array(group, dtype=np.int64)
    want, size = _plain_renumber(group)
    for table in (0, span, span + 1):  # the sort, then the table
        dense, got = renumber(array.copy(), span, 1 << 62, table)
        assert (dense.tolist(), got) == (want, size), table
        assert dense.dtype == np.int64


def test_renumbering_nothing_and_only_zeros():
    for table in (0, 10):
        dense, span = renumber(np.zeros(0, dtype=np.int64), 10, 1 << 62, table)
        assert (dense.tolist(), span) == ([], 1)
        dense, span = renumber(np.zeros(4, dtype=np.int64), 10, 1 << 62, table)
        assert (dense.tolist(), span) == ([0, 0, 0, 0], 1)


@pytest.mark.parametrize("seed", range(5))
def test_a_column_is_coded_as_its_values_first_appear(seed):
    # One pass numbering new values (Codes.__missing__) against a plain dict, chunk by
    # chunk: 1, 1.0 and True are one value; two NaN objects are two, one NaN object one.
    rng = random.Random(seed)
    pool = [*HOSTILE, float("nan"), "O’Brien ", 2**63, -(2**70)]
    known, plain = Codes(), {}
    for _ in range(20):
        column = [rng.choice(pool) for _ in range(rng.randint(0, 40))]
        want = [plain.setdefault(v, len(plain)) for v in column]
        assert _codes(known, column).tolist() == want
        assert list(known) == list(plain)
    assert "never seen" not in known and known.get("never seen") is None
    assert len(known) == len(plain)  # ``in`` and ``get`` number nothing


def test_a_prepass_without_fingerprint_plans_the_same():
    # The export's pre-pass keeps no fingerprint (its rows are the rows written): the
    # plans, what they blank and their summary are those of a fingerprinted pre-pass.
    columns = ["subject_id", "occurred_date", "district", "subject_race", "subject_age"]
    policy = PolicyConfig()
    specs = role_specs(USE_OF_FORCE, columns, columns, policy)
    rows = [(who, *key[1:]) for who, key in _rows(3, 400, 60)]

    def control(fingerprinted: bool) -> tuple[Any, ...]:
        counting = RoleCounting(specs, columns, fingerprinted=fingerprinted)
        for start in range(0, len(rows), 50):
            counting.add(rows[start:start + 50])
        made = DisclosureControl(specs, columns, policy, counting, recount=False)
        return made.summary(), made.transform(list(rows)), made.plans[0].suppress

    assert control(False) == control(True)
    counting = RoleCounting(specs, columns, fingerprinted=False)
    counting.add(rows)
    with pytest.raises(ValueError, match="no fingerprint"):
        counting.counts[0].fingerprint()


def _plain_suppress(columns: list[list[Any]], indexes: list[int], at_risk: set
                    ) -> tuple[list[list[Any]], int, int]:
    """Small-cell suppression row by row: the rows whose combination is at risk have
    those cells blanked; (columns, records blanked, cells that held a value)."""
    hit = [r for r, key in enumerate(zip(*(columns[i] for i in indexes), strict=True))
           if key in at_risk]
    out, cells = [list(c) for c in columns], 0
    for i in indexes:
        for r in hit:
            cells += out[i][r] is not None
            out[i][r] = None
    return out, len(hit), cells


@pytest.mark.parametrize("seed", range(8))
def test_small_cells_are_blanked_and_counted_as_row_by_row(seed):
    rng = random.Random(seed)
    width = rng.randint(1, 4)
    pool = HOSTILE[: rng.randint(2, len(HOSTILE))]
    chunks = []
    for _ in range(6):
        rows = rng.choice([0, 1, 5, 40, 120])
        # The first quasi-identifier takes few values: rows whose first value is that of
        # a combination at risk while their own combination is not.
        chunk = [[rng.choice(pool[:3] if c == 1 else pool) for _ in range(rows)]
                 for c in range(width + 1)]
        chunks.append(chunk)
    names = ["a", "b", "c", "d", "e"][:width + 1]
    quasi, indexes = names[1:], list(range(1, width + 1))
    prepass = GroupCounts(quasi)
    for chunk in chunks:
        prepass.add_columns([chunk[i] for i in indexes], len(chunk[0]))
    k = rng.choice([1, 2, 3, 10**6])  # nothing, some, or every combination at risk
    suppressor = CellSuppressor(names, prepass, k)
    records = cells = 0
    for chunk in chunks:
        want, hit, held = _plain_suppress(chunk, indexes, prepass.at_risk(k))
        got = suppressor.apply(ColumnChunk(chunk, len(chunk[0])))
        assert [list(c) for c in got.columns] == want
        records, cells = records + hit, cells + held
    assert (suppressor.records, suppressor.cells) == (records, cells)
    suppressor.verify("dataset")
    ordered, unordered = prepass.report(k), prepass.report(k, ordered=False)
    counts = Counter(key for chunk in chunks for key in
                     zip(*(chunk[i] for i in indexes), strict=True))
    small = [n for n in counts.values() if n < k]
    assert unordered.summary() == ordered.summary() == {
        "k": k, "quasi_identifiers": quasi, "records": sum(counts.values()),
        "groups": len(counts), "smallest_group": min(counts.values(), default=None),
        "records_at_risk": sum(small), "combinations_at_risk": len(small)}
    assert suppressor.summary()["combinations_at_risk"] == len(small)
    assert sorted(map(repr, ordered.at_risk)) == sorted(map(repr, unordered.at_risk))
