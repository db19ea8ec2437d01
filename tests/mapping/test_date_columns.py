"""One source date column feeding several fields: parsed once a chunk, counted per field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from iaextract.connectors.catalog import Catalog
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
