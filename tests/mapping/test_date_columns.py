"""One source date column feeding several fields: parsed once a chunk, counted per field."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from iaextract.connectors.catalog import Catalog
from iaextract.dates import UnparseableDate, parse_date
from iaextract.mapping.date_columns import DateColumns
from iaextract.mapping.transform import RecordBuilder

from .test_mapping import record_builder

CATALOG = Catalog(
    tables={"Allegations": {"AllegationID": "INTEGER", "IncidentID": "INTEGER"},
            "Incidents": {"IncidentID": "INTEGER", "ReceivedDate": "TEXT"},
            "Employees": {"EmployeeID": "INTEGER", "DOB": "TEXT"}},
    primary_keys={"Allegations": ["AllegationID"]})

MAPPING = """\
dataset: complaint_allegations
source:
  table: Allegations
  alias: a
  joins:
    - {table: Incidents, alias: i, on: {a.IncidentID: i.IncidentID}}
    - {table: Employees, alias: o, on: {a.IncidentID: o.EmployeeID}}
fields:
  allegation_id: a.AllegationID
  received_date: i.ReceivedDate
  officer_age: {age_at: [o.DOB, i.ReceivedDate]}
"""


def builder(tmp_path: Path) -> tuple[RecordBuilder, list[str]]:
    return record_builder(tmp_path, MAPPING, CATALOG)


def test_a_shared_date_column_gives_every_field_its_values_and_counts(tmp_path: Path) -> None:
    build, keys = builder(tmp_path)
    order = [keys.index(k) for k in ("a.AllegationID", "i.ReceivedDate", "o.DOB")]

    def rows(*values: tuple[object, object, object]) -> list[tuple[object, ...]]:
        out = []
        for value in values:
            row: list[object] = [None] * len(keys)
            for i, v in zip(order, value, strict=True):
                row[i] = v
            out.append(tuple(row))
        return out

    first = build.build_chunk(rows((1, "2020-03-01", "1980-03-02"), (2, "2020-03-01", "1980-03-02"),
                                   (3, "not a date", "1990-01-01"), (4, "not a date", "1990-01-01"),
                                   (5, "03/01/2020", "1800-01-01"), (6, None, "1990-01-01")))
    fields = dict(zip(build.fields, first, strict=True))
    assert fields["received_date"] == [date(2020, 3, 1)] * 2 + [None, None, date(2020, 3, 1),
                                                                 None]
    # 39 (the day before the 40th birthday); unparseable and impossible ages are blank.
    assert fields["officer_age"] == [39, 39, None, None, None, None]
    stats = build.stats
    # Each unparseable value is counted on every row, under each field that reads it.
    assert stats.unparseable_dates == {"received_date": 2, "officer_age": 2}
    assert stats.invalid_values == {"officer_age": 1}  # 220 years old
    # A later chunk: values remembered from the first are not counted again unless bad.
    second = build.build_chunk(rows((7, "2020-03-01", "1980-03-01"), (8, "not a date", None),
                                    (9, 20200301, 19800301.0)))
    fields = dict(zip(build.fields, second, strict=True))
    assert fields["received_date"] == [date(2020, 3, 1), None, date(2020, 3, 1)]
    # A number is read as its text: 20200301 is a day, 19800301.0 is not.
    assert fields["officer_age"] == [40, None, None]
    assert stats.unparseable_dates == {"received_date": 3, "officer_age": 4}


#: Days in several forms (one day written two ways), unparseable text that recurs in
#: later chunks, blanks, NULL, numbers read as their text (20200301 a day, 20200301.0
#: and True not), NaN, and many distinct days.
DATES: list[object] = ["2020-03-01", "03/01/2020", "not a date", " 2020-03-01 ", None, "",
                       "1980-02-29", "1981-02-29", 20200301, 20200301.0, True, float("nan"),
                       "Mar 1, 2020", "not a date", "2020-03-01 09:22:16", "00/00/0000",
                       *(f"19{y:02d}-0{m}-1{d}" for y in range(40, 44) for m in range(1, 4)
                         for d in range(3)),
                       "not a date", "2020-03-01", "1981-02-29", None, "03/01/2020"]


def test_chunks_give_each_rows_days_and_counts(tmp_path: Path) -> None:
    keys = builder(tmp_path)[1]
    order = [keys.index(k) for k in ("a.AllegationID", "i.ReceivedDate", "o.DOB")]

    def rows(pairs: list[tuple[object, object]], first: int) -> list[tuple[object, ...]]:
        out = []
        for n, (received, born) in enumerate(pairs, first):
            row: list[object] = [None] * len(keys)
            row[order[0]], row[order[1]], row[order[2]] = n, received, born
            out.append(tuple(row))
        return out

    pairs = list(zip(DATES * 2, list(reversed(DATES)) * 2, strict=True))
    alone_values: list[list[object]] = []
    alone_stats: list[Counter[str]] = [Counter(), Counter()]
    for n, pair in enumerate(pairs):  # a fresh builder per row: nothing remembered
        build = builder(tmp_path)[0]
        alone_values.append([column[0] for column in build.build_chunk(rows([pair], n))])
        alone_stats[0].update(build.stats.unparseable_dates)
        alone_stats[1].update(build.stats.invalid_values)
    assert alone_stats[0]["received_date"] >= 8 and alone_stats[1]["officer_age"]
    for size in (1, 3, 8, len(pairs)):
        build = builder(tmp_path)[0]
        values: list[list[object]] = []
        for start in range(0, len(pairs), size):
            built = build.build_chunk(rows(pairs[start:start + size], start))
            values += map(list, zip(*built, strict=True))
        assert values == alone_values, size
        assert [build.stats.unparseable_dates, build.stats.invalid_values] == alone_stats, size


class _Text(str):
    """Text that is not exactly ``str`` (a driver's own string type)."""


#: A column as hostile as a source holds: NULL, blanks, NaN, True vs 1 vs 1.0, a number
#: that is a day (20200301) and its float, text that is a day in several forms and
#: cases, unparseable text (also as a str subclass), codes, huge numbers.
HOSTILE: list[object] = ["2020-03-01", "not a date", None, "", "  ", "03/01/2020",
                         _Text("not a date"), _Text("2020-03-01"), 1, 1.0, True, False,
                         float("nan"), 20200301, 20200301.0, "20200301", "Dec 1, 2020",
                         "DEC 1, 2020", "dec 1 2020", " d3", "D3", 10**30, "9" * 40,
                         "2020-02-30", "2020-03-01 09:22:16", "\u00a02020-03-01"]


def _alone(values: list[object]) -> tuple[list[object], int]:
    """Each value parsed on its own, nothing remembered (the answer to agree with)."""
    days: list[object] = []
    for value in values:
        try:
            days.append(parse_date(value))
        except UnparseableDate:
            days.append(UnparseableDate)
    return [None if d is UnparseableDate else d for d in days], days.count(UnparseableDate)


def test_chunks_of_text_and_of_mixed_types_agree_with_parsing_each() -> None:
    # A chunk of text and NULLs only is encoded in C (unparseable strings must still be
    # counted on every row); one of other types too, value by value.
    text_only = [v for v in HOSTILE if type(v) is str or v is None]
    for column in (HOSTILE, text_only):
        for size in (1, 2, 5, len(column)):
            dates = DateColumns()
            for start in range(0, 3 * len(column), size):
                chunk = (column * 3)[start:start + size]
                dates.start_chunk()
                got = dates.parsed([chunk], 0)
                assert got == _alone(chunk), (size, start)
                assert [type(d) for d in got[0]] == [type(d) for d in _alone(chunk)[0]]
