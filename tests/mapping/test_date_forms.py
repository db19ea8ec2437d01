"""Date strings read in bulk (mapping/date_forms.py) agree with the one parser, string by
string: every form with fields at and past their limits, near misses, hostile text."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime
from decimal import Decimal
from string import ascii_letters

import numpy as np
import pytest

from iaextract.dates import years_between
from iaextract.mapping.date_columns import DateColumns, day_number, plain_day, text_days
from iaextract.mapping.date_forms import FORMS, OTHER, as_dates, expand, read_days
from iaextract.mapping.transform import _years

#: Each field's values: valid, at the limits, past them.
FIELDS = {
    "YYYY": ["0000", "0001", "1899", "1900", "1904", "1999", "2000", "2023", "2024",
             "2100", "9999"],
    "YY": ["00", "04", "29", "30", "99"],
    "MM": ["00", "01", "02", "04", "09", "12", "13", "99"], "M": ["0", "1", "2", "9"],
    "DD": ["00", "01", "09", "28", "29", "30", "31", "32", "99"], "D": ["0", "1", "9"],
    "HH": ["00", "09", "12", "23", "24", "99"], "H": ["0", "9"],
    "NN": ["00", "05", "59", "60", "99"], "SS": ["00", "59", "60", "99"],
    "BBB": ["jan", "Feb", "MAR", "aPr", "may", "Jun", "jul", "AUG", "sep", "oct", "Nov",
            "dec", "Xyz", "feB", "sEP", "abc"],
}
FORM_LIST = [form for pattern in FORMS for form in expand(pattern)]


def _fill(form: str, rng: random.Random) -> str:
    """``form`` with each field replaced by one of its values (the longest run first)."""
    out, i = [], 0
    while i < len(form):
        for width in (4, 3, 2, 1):
            run = form[i:i + width]
            if run in FIELDS:
                out.append(rng.choice(FIELDS[run]))
                i += width
                break
        else:
            out.append(form[i])
            i += 1
    return "".join(out)


def _examples() -> list[str]:
    rng = random.Random(20)
    return [_fill(form, rng) for form in FORM_LIST for _ in range(150)]


def test_every_form_is_read_in_bulk_as_the_one_parser_reads_it() -> None:
    texts = _examples()
    days = read_days(texts)
    for form in FORM_LIST:  # each form is read here, not left to the one parser
        rng = random.Random(form)
        assert read_days([_fill(form, rng) for _ in range(5)]).tolist() != [OTHER] * 5, form
    read = [(t, d) for t, d in zip(texts, days.tolist(), strict=True) if d != OTHER]
    assert len(read) == len(texts)
    assert [d for _, d in read] == [day_number(t) for t, _ in read]
    # Valid days and refusals both: the fields are checked, not trusted.
    assert sum(d > 0 for _, d in read) > len(read) / 10
    assert sum(d < 0 for _, d in read) > len(read) / 10


#: Near misses and hostile text: each is read in bulk or by the one parser, as it says.
HOSTILE = ["", " ", "2020-03-01 ", " 2020-03-01", "2020-03-01\x00", "2020\x0003-01",
           "2020-03-01\n", "\u00a02020-03-01", "２０２０-03-01", "2020-0٣-01",
           "2020-03-01X10:11:12", "2020-03-01t10:11:12", "2020-03-01T10:11:12Z",
           "2020-03-01T10:11:12.5", "2020-03-01T24:00:00", "2020-03-01T23:59:60",
           "2020-02-29", "2021-02-29", "1900-02-29", "2000-02-29", "2020/03/01",
           "2020-3-1", "20200301", "20200230", "3/1/2020", "03-01-2020", "3.1.2020",
           "3/1/20", "3/1/30", "3/1/2020 2:22 PM", "3/1/2020 12:00 am", "3/1/2020T10:11",
           "3/1/2020  10:11", "3/1/2020 10:11:12.25", "3/1/202", "13/1/2020", "0/1/2020",
           "01-MAR-2020", "1-mar-20", "01-Mar-2020 10:11", "1st-Mar-2020", "01 Mar 2020",
           "01-Sept-2020", "01-MAY-2020", "01-Mär-2020", "01-XYZ-2020", "29-feb-2021",
           "Mar 1, 2020", "mar 1, 2020", "March 1, 2020", "Mar 1 2020", "Mar 01, 2020",
           "Mar  1, 2020", "Mar 1, 20", "Mar 32, 2020", "Feb 29, 2021", "Feb 29, 2024",
           "Ｍar 1, 2020", "Mar 1, 2020 10:11", "2020-03-01" + "0" * 30, "9" * 40,
           "00/00/0000", "0000-00-00", "not a date", "TBD", "\ud800", "2020-03-01\ud800",
           "12/31/9999 23:59:59", "1/1/0001 0:00", "1/1/0000 0:00"]


def test_hostile_text_is_read_as_the_one_parser_reads_it() -> None:
    assert text_days(HOSTILE).tolist() == [day_number(t) for t in HOSTILE]
    # Any letter between an ISO day and its time, with valid and refused times.
    between = [f"2020-03-01{c}{t}" for c in ascii_letters for t in ("10:11:12", "24:11")]
    assert text_days(between).tolist() == [day_number(t) for t in between]
    # A text too long for a form whose length, shifted into a key, would wrap round.
    huge = "2020-03-01\x00" + "x" * ((1 << 24) - 1)
    assert text_days([huge, "2020-03-01"]).tolist() == [day_number(huge), 20200301]
    examples = _examples()
    mixed = [t for pair in zip(examples, HOSTILE * 200, strict=False) for t in pair]
    assert text_days(mixed).tolist() == [day_number(t) for t in mixed]


@pytest.mark.parametrize("size", [1, 7, 500])
def test_columns_of_every_type_agree_with_parsing_each(size: int) -> None:
    rng = random.Random(size)
    values: list[object] = [*_examples()[::7], *HOSTILE, None, None, 20200301, 20200301.0,
                            True, 1, 1.0, float("nan"), -20200301, 10**30, 2**63,
                            Decimal("20200301"), date(2020, 3, 1),
                            datetime(2020, 3, 1, 23, 59), b"2020-03-01"]
    text = [v for v in values if type(v) is str or v is None]
    for column in (values, text):
        column = column * 2
        rng.shuffle(column)
        dates = DateColumns()
        for start in range(0, len(column), size):
            chunk = column[start:start + size]
            dates.start_chunk()
            numbers = [day_number(v) for v in chunk]
            days, unparseable = dates.parsed([chunk], 0)
            assert days == [None if n <= 0 else plain_day(v)
                            for v, n in zip(chunk, numbers, strict=True)]
            assert all(type(d) is date for d in days if d is not None)
            assert unparseable == numbers.count(-1)
            got, also = dates.numbered([chunk], 0)
            assert got.tolist() == numbers and also == unparseable


def test_as_dates_gives_each_days_date() -> None:
    days = np.array([0, -1, 10101, 99991231, 20000229, 19000228, 20240131])
    assert as_dates(days).tolist() == [None, None, date(1, 1, 1), date(9999, 12, 31),
                                       date(2000, 2, 29), date(1900, 2, 28),
                                       date(2024, 1, 31)]


def test_ages_agree_with_years_between() -> None:
    rng = random.Random(3)
    choices: list[date | None] = [None, None, date(1, 1, 1), date(9999, 12, 31),
                                  date(2000, 2, 29), date(2001, 2, 28), date(2001, 3, 1)]
    days = [rng.choice(choices) if rng.random() < 0.3 else
            date(rng.randint(1850, 2030), rng.randint(1, 12), rng.randint(1, 28))
            for _ in range(3000)]
    born, then = days[::2], days[1::2]
    numbers = [np.array([0 if d is None else day_number(d) for d in half])
               for half in (born, then)]
    expected = [None if b is None or t is None else years_between(b, t)
                for b, t in zip(born, then, strict=True)]
    impossible = sum(y is not None and not 0 <= y <= 120 for y in expected)
    invalid: Counter[str] = Counter()
    ages = _years("age", numbers[0], numbers[1], invalid)
    assert ages == [y if y is not None and 0 <= y <= 120 else None for y in expected]
    assert all(type(a) is int for a in ages if a is not None)
    assert invalid == ({"age": impossible} if impossible else {})
    today = date(2026, 12, 3)
    invalid.clear()
    assert _years("age", numbers[0], day_number(today), invalid) == [
        None if b is None or not 0 <= years_between(b, today) <= 120
        else years_between(b, today) for b in born]
