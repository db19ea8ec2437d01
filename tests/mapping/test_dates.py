"""Dates arrive in every form clerks type; each accepted form parses, junk is refused."""

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iaextract import dates
from iaextract.dates import UnparseableDate, parse_date, parse_datetime, years_between
from iaextract.mapping.date_columns import number_of_day


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
    for b, t in pairs:
        if b is not None and t is not None:
            assert (number_of_day(t) - number_of_day(b)) // 10_000 == years_between(b, t)


def _reference_parse(raw: str) -> datetime | None:
    """The parser as it was before its fast paths: every form tried in turn, each match
    read through groupdict(), the zone dropped by replace() (the answer to agree with)."""
    text = raw.strip()
    if not text:
        return None
    if text[:4].isdigit():
        try:
            return datetime.fromisoformat(text).replace(tzinfo=None)
        except ValueError:
            pass
    for pattern in (dates._US_NUMERIC, dates._ISO_LOOSE, dates._COMPACT, dates._DAY_MON_YEAR,
                    dates._MON_DAY_YEAR):
        match = pattern.match(text)
        if not match:
            continue
        parts = match.groupdict()
        try:
            month = dates._MONTHS[parts["mon"].lower()] if "mon" in parts else int(parts["m"])
            hour = int(parts.get("H") or 0)
            if parts.get("ampm"):
                hour = hour % 12 + (12 if parts["ampm"].lower() == "pm" else 0)
            return datetime(dates._year(parts["y"]), month, int(parts["d"]), hour,
                            int(parts.get("M") or 0), int(parts.get("S") or 0))
        except (ValueError, KeyError):
            raise UnparseableDate("reference") from None
    raise UnparseableDate("reference")


def _both(text: str) -> tuple[Any, Any]:
    answers = []
    for parse in (dates.parse_datetime, _reference_parse):
        try:
            answers.append(parse(text))
        except UnparseableDate:
            answers.append(UnparseableDate)
    return answers[0], answers[1]


# Every form, with times (AM/PM, seconds, fractions), two-digit years, impossible days
# and hours, month names in any case or unknown, zones, Unicode digits, leading letters
# that are not ASCII, and text that only looks like a date.
_HOSTILE_DATES = [
    "12/31/2019", "1/2/87", "01-02-29", "1.2.2019", "13/01/2019", "02/30/2019", "2/29/2020",
    "2/29/2019", "12/31/2019 23:59", "12/31/2019 24:00", "12/31/2019 11:59:59 PM",
    "12/31/2019 12:00 am", "12/31/2019 12:00 AM", "12/31/2019 0:00", "12/31/2019T1:02",
    "12/31/2019 1:02:03.456", "12/31/2019 1:60", "12/31/2019 1:02 XM", "1/2/2019  3:04",
    "2019-12-31", "2019/12/31", "2019.1.2", "2019-12-31 23:59:59", "2019-12-31T23:59:59Z",
    "2019-12-31 23:59:59+05:00", "2019-12-31 25:00", "2019-13-01", "2019-02-29",
    "2019-W01-1", "2019-001", "20191231", "20191331", "2019123", "201912311",
    "31-DEC-2019", "31 dec 2019", "31st of December, 2019", "1-Sept-19", "1-Sep.-2019",
    "31-Foo-2019", "32-DEC-2019", "31-DEC-2019 4:05 pm", "31-DEC-19", "3 March 2019",
    "Dec 31, 2019", "december 31st 2019", "DEC 31 2019 11:00 PM", "Sept 1, 2019",
    "Foo 1, 2019", "Dec 32, 2019", "Dec 31, 19", "Mar. 4 2019 14:22:05",
    "\u0661\u0662/\u0663\u0661/\u0662\u0660\u0661\u0669", "\u0662\u0660\u0661\u0669-01-02",
    "\u00c9t\u00e9 1, 2019", "\u2003Dec 31, 2019\u2003", " 12/31/2019 ", "\t20191231\n",
    "N/A", "unknown", "?", "--", "0", "00/00/0000", "2019", "Dec", "31", "-1/2/2019",
    "+2019-01-02", "1e3", "12/31/2019 foo", "Dec 31, 2019,", "D3", " d3",
]


@pytest.mark.parametrize("text", _HOSTILE_DATES)
def test_parser_agrees_with_trying_every_form(text: str) -> None:
    fast, reference = _both(text)
    assert fast == reference and type(fast) is type(reference)
    if isinstance(fast, datetime):
        assert fast.tzinfo is None


_PIECES = st.sampled_from(["1", "12", "31", "2019", "19", "00", "/", "-", ".", " ", ":",
                           "T", "PM", "am", "Dec", "sept", "of", ",", "th", "\u0663", "x"])


@given(st.lists(_PIECES, min_size=1, max_size=9).map("".join))
def test_parser_agrees_with_trying_every_form_on_pieces(text: str) -> None:
    fast, reference = _both(text)
    assert fast == reference and type(fast) is type(reference)
