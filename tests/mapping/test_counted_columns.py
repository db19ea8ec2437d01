"""Codes, flags and numbers converted once per distinct value: the same values and the
same problem counts as converting every row on its own, whatever the chunking."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from iaextract.mapping.transform import RecordBuilder
from iaextract.redaction.generalise import age_band
from iaextract.values import CountedMap, memoised_map

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
    # No room left for new values: converted once for this chunk, not remembered.
    assert upper(["c", "x", "c"]) == ["C", None, "C"]
    assert problems == {"bad": 5}
    assert calls == ["a", "x", "b", "c"]
    assert upper(["c", "a"]) == ["C", "A"]
    assert calls == ["a", "x", "b", "c", "c"]


NAN = float("nan")
# Values equal as dict keys but not as data (True, 1, 1.0, Decimal), codes that differ
# only in case and spaces, NaN (one object recurring, and a second one), a number too
# large for a float, blanks and NULL, repeated so later chunks meet remembered values.
NUMBERS: list[Any] = [1, True, 1.0, Decimal("1"), NAN, "NaN", float("nan"), 10 ** 400,
                      "1e400", -3, "12", " 12 ", None, "", "abc", False, 0, NAN, 1, True,
                      12.5, Decimal("12.50"), 10 ** 400, "abc", None]
FLAGS: list[Any] = ["Y", " y", True, 1, 1.0, "-1", "maybe", 0, False, "N", None, "", "maybe",
                    NAN, 2, "T", True, 1]


def each_alone(convert: Any, values: list[Any]) -> tuple[list[Any], Counter[Any]]:
    problems: Counter[Any] = Counter()
    out = [CountedMap(convert, problems)([value])[0] for value in values]
    return out, problems


def test_chunks_and_memory_give_each_rows_values_and_counts() -> None:
    for convert, values in ((RecordBuilder._number("n", int, 0), NUMBERS),
                            (RecordBuilder._number("x", float, None), NUMBERS),
                            (RecordBuilder._boolean("flag"), FLAGS)):
        alone, alone_problems = each_alone(convert, values * 2)
        assert alone_problems  # the adversarial values include problems
        for limit in (1, 3, 1024):  # 1 and 3: no room for most values
            for size in (1, 2, 3, 7, len(values)):
                problems: Counter[Any] = Counter()
                counted = CountedMap(convert, problems, limit)
                out: list[Any] = []
                for start in range(0, len(values) * 2, size):
                    out += counted((values * 2)[start:start + size])
                assert out == alone, (limit, size)
                assert [type(v) for v in out] == [type(v) for v in alone], (limit, size)
                assert problems == alone_problems, (limit, size)


def test_memoised_map_equals_converting_each_value_whatever_the_room() -> None:
    ages: list[Any] = [34, 17, None, 90, 34, 34.0, 18, 200, 17, None, 64, 65, 90, 34]
    for room in (0, 2, 1024):
        calls: list[Any] = []

        def band(age: Any, calls: list[Any] = calls) -> Any:
            calls.append(age)
            return age_band(age)

        banded = memoised_map(band, room)
        for size in (1, 4, len(ages)):
            for start in range(0, len(ages), size):
                chunk = ages[start:start + size]
                assert banded(chunk) == [age_band(age) for age in chunk], (room, size)
        # Each distinct value (34 and 34.0 are one) converted once with room enough,
        # every time with none.
        if room != 2:
            assert len(calls) == (len(ages) * 3 if room == 0 else len(dict.fromkeys(ages)))


def test_memoised_map_of_hostile_values_equals_converting_each() -> None:
    # NULL, NaN (equal to nothing, itself included), True vs 1 vs 1.0 (one key), huge
    # numbers, text; chunks of new values that fit (converted once each, mapped in C)
    # and that do not (value by value).
    nan = float("nan")
    values: list[Any] = [None, 1, True, 1.0, nan, float("nan"), 10**30, 10**30 + 1, -0.0, 0,
                         False, " d3", "D3", None, nan, 2.5, 1e308, -1e308, 7, 7.0]

    def tens(value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        return "nan" if value != value else int(value) // 10

    for room in (0, 3, 8, 1024):
        calls: list[Any] = []

        def counted(value: Any, calls: list[Any] = calls) -> Any:
            calls.append(value)
            return tens(value)

        mapped = memoised_map(counted, room)
        for size in (1, 3, 7, len(values)):
            for start in range(0, len(values) * 2, size):
                chunk = (values * 2)[start:start + size]
                out = mapped(chunk)
                assert out == [tens(v) for v in chunk], (room, size)
                assert [type(v) for v in out] == [type(tens(v)) for v in chunk], (room, size)
        if room == 1024:  # each distinct value (NaN objects by identity) converted once
            assert len(calls) == len(set(values))
