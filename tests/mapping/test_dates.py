"""Dates arrive in every form clerks type; each accepted form parses, junk is refused."""

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iaextract.dates import UnparseableDate, parse_date, parse_datetime, years_between
from iaextract.mapping.transform import day_numbers


@pytest.mark.parametrize("text, expected", [
    ("2019-03-04", date(2019, 3, 4)),
    ("2019-03-04 14:22:00", date(2019, 3, 4)),
    ("2019-03-04T14:22:00", date(2019, 3, 4)),
    ("03/04/2019", date(2019, 3, 4)),
    ("3/4/2019 14:22", date(2019, 3, 4)),
    ("3/4/2019 2:22 PM", date(2019, 3, 4)),
    ("03-04-2019", date(2019, 3, 4)),
    ("3/4/87", date(1987, 3, 4)),
    ("Mar 4, 2019", date(2019, 3, 4)),
    ("March 4th, 2019", date(2019, 3, 4)),
    ("04-MAR-2019", date(2019, 3, 4)),
    ("4 Mar 2019", date(2019, 3, 4)),
    ("20190304", date(2019, 3, 4)),
    ("  2019/03/04  ", date(2019, 3, 4)),
    # ISO forms only fromisoformat reads (tried only on text opening with a 4-digit year)
    ("2019-03-04T14:22:00.123456+05:00", date(2019, 3, 4)),
    ("2019-03-04 14:22Z", date(2019, 3, 4)),
    ("2019-W10-1", date(2019, 3, 4)),
])
def test_accepted_text_forms(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_time_of_day_is_kept_with_pm() -> None:
    assert parse_datetime("3/4/2019 2:22 PM") == datetime(2019, 3, 4, 14, 22)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_blank_is_none(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize("text", ["00/00/0000", "unknown", "13/45/2019", "2019-02-30", "N/A"])
def test_junk_is_refused_not_guessed(text: str) -> None:
    with pytest.raises(UnparseableDate) as info:
        parse_date(text)
    assert text.strip() not in str(info.value) or len(text) < 3  # message never quotes data


def test_real_date_objects_pass_through() -> None:
    assert parse_date(datetime(2020, 1, 2, 3, 4)) == date(2020, 1, 2)
    assert parse_date(date(2020, 1, 2)) == date(2020, 1, 2)


def test_years_between_counts_whole_years() -> None:
    assert years_between(date(1980, 4, 12), date(2019, 4, 11)) == 38
    assert years_between(date(1980, 4, 12), date(2019, 4, 12)) == 39


@given(st.lists(st.tuples(st.none() | st.dates(), st.none() | st.dates()), max_size=30))
def test_day_numbers_count_whole_years_as_years_between(pairs: list[tuple[Any, Any]]) -> None:
    born = day_numbers([b for b, _ in pairs])
    then = day_numbers([t for _, t in pairs])
    for (b, t), bn, tn in zip(pairs, born, then, strict=True):
        assert (bn is None) == (b is None) and (tn is None) == (t is None)
        if b is not None and t is not None:
            assert (tn - bn) // 10_000 == years_between(b, t)
