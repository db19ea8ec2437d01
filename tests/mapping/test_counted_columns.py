"""Codes, flags and numbers converted once per distinct value: the same values and the
same problem counts as converting every row on its own, whatever the chunking."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from iaextract.mapping.transform import RecordBuilder
from iaextract.values import CountedMap

from .test_mapping import CATALOG, MAPPING, record_builder

# Known codes as stored (" sus", "Y"), unknown ones (a name, "N/A"), numbers equal to a
# code (1, 1.0, True), blanks, NULL, and an unhashable value a driver may hand back.
FINDINGS: list[Any] = [" sus", "SUS", "Okafor", None, "", "  ", "N/A", 1, 1.0, True, "Y",
                       "Okafor", "n", Decimal("1"), "012", 12, "N/A", "sus ", bytearray(b"x"),
                       " sus", "Okafor"]


def builder(tmp_path: Path) -> tuple[RecordBuilder, list[str]]:
    return record_builder(tmp_path, MAPPING, CATALOG)


def rows(keys: list[str], findings: list[Any]) -> list[tuple[Any, ...]]:
    at = keys.index("a.Finding")
    return [tuple(f if i == at else n for i in range(len(keys)))
            for n, f in enumerate(findings)]


def test_chunked_codes_match_each_row_built_alone(tmp_path: Path) -> None:
    alone_values, alone_counts = [], Counter[Any]()
    for finding in FINDINGS:  # a fresh builder per row: nothing remembered
        build, keys = builder(tmp_path)
        built = build.build_chunk(rows(keys, [finding]))
        alone_values.append(built[build.fields.index("finding")][0])
        alone_counts.update(build.stats.unknown_codes)
    assert alone_counts == {("finding", "OKAFOR"): 3, ("finding", "N/A"): 2,
                            ("finding", "12"): 1, ("finding", "TRUE"): 1,
                            ("finding", "<free text, 15 chars>"): 1}  # the bytearray
    for size in (1, 2, 3, 7, len(FINDINGS)):
        build, keys = builder(tmp_path)
        values: list[Any] = []
        for start in range(0, len(FINDINGS), size):
            built = build.build_chunk(rows(keys, FINDINGS[start:start + size]))
            values += built[build.fields.index("finding")]
        assert values == alone_values, size
        assert build.stats.unknown_codes == alone_counts, size


def test_counted_map_counts_every_row_of_a_remembered_problem() -> None:
    problems: Counter[Any] = Counter()
    calls: list[Any] = []

    def convert(value: Any) -> tuple[Any, Any]:
        calls.append(value)
        return (None, "bad") if value == "x" else (value.upper(), None)

    upper = CountedMap(convert, problems, limit=3)
    assert upper(["a", "x", "a", "x"]) == ["A", None, "A", None]
    assert upper(["x", "b", "x"]) == [None, "B", None]  # the same value in a later chunk
    assert problems == {"bad": 4}
    assert calls == ["a", "x", "b"]  # each distinct value converted once
    # No room left for new values: row by row, still counting every row.
    assert upper(["c", "x", "c"]) == ["C", None, "C"]
    assert problems == {"bad": 5}
    assert calls == ["a", "x", "b", "c", "c"]
