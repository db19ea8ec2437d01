"""The one place where source dates are parsed.

IA Pro-style databases hold dates as real DATE/DATETIME columns, as Access dates,
or as text typed by hand in whatever form the clerk liked. Every form we accept is
listed here; anything else is *unparseable* and the caller counts it instead of
guessing. Numeric day/month order is US (MM/DD/YYYY), as IA Pro stores it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from string import ascii_letters

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}

_TIME = r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?\s*(?P<ampm>[AaPp][Mm])?)?"
# The date forms, without a time; anchored below for source values, searched for in text
# by DATE_IN_TEXT. Numeric dates are US (month first).
_US = r"(?P<m>\d{1,2})(?P<sep>[/.-])(?P<d>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
_ISO = r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
_DMY = (r"(?P<d>\d{1,2})(?:st|nd|rd|th)?[-\s]+(?:of\s+)?(?P<mon>[A-Za-z]{3,9})\.?[-\s,]+"
        r"(?P<y>\d{4}|\d{2})")
_MDY = r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})"
_US_NUMERIC = re.compile(_US + _TIME + r"$")
_ISO_LOOSE = re.compile(_ISO + _TIME + r"$")
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
_DAY_MON_YEAR = re.compile(_DMY + _TIME + r"$")
_MON_DAY_YEAR = re.compile(_MDY + _TIME + r"$")

# Dates written in prose: the forms above with real month names, plus the partial
# forms a narrative uses ("October 2017", "Oct. 9th"), which reveal a month or a day.
_MONTH_WORD = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
               r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")


def _in_text(form: str) -> str:
    # The same form without its named groups (one regex may name a group only once).
    form = form.replace("(?P=sep)", "[/.-]").replace("[A-Za-z]{3,9}", _MONTH_WORD)
    return re.sub(r"\(\?P<\w+>", "(?:", form)


DATE_IN_TEXT = re.compile(
    # Every form opens with a digit or a month's name: the look-behind passes a position
    # inside a word on one step, the look-ahead a word that starts no month on a few,
    # before the forms are tried.
    r"(?<![\w/.-])(?=\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:"
    rf"(?P<full>{_in_text(_US)}|{_in_text(_ISO)})(?![\w/-]|\.\d)"
    rf"|(?P<words>{_in_text(_MDY)}|{_in_text(_DMY)})\b"
    rf"|(?P<month>{_MONTH_WORD}\.?,?\s+\d{{4}})\b"
    rf"|(?P<day>{_MONTH_WORD}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?)(?![\w:]|[.,]?\s*\d)"
    ")",
    re.IGNORECASE,
)
"""A date written in text. Group ``full``/``words``: a whole date (parse it with
:func:`parse_date`); ``month``: a month and year; ``day``: a month and day, no year."""
#: A whole date as text writes it (a regex fragment, no groups); also 19870412.
WHOLE_DATE = (rf"(?:{_in_text(_US)}|{_in_text(_ISO)}|{_in_text(_MDY)}|{_in_text(_DMY)}"
              r"|\d{8})")


_ASCII_LETTERS = frozenset(ascii_letters)  # see _parse_text


class UnparseableDate(ValueError):
    """A non-empty value that is not a date in any accepted form."""


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        # Two-digit years in case files are recent past; 30-99 are 1900s (DOBs).
        year += 2000 if year < 30 else 1900
    return year


#: The groups of a time of day (_TIME); a form without them (_COMPACT) is midnight.
_TIME_GROUPS = ("H", "M", "S", "ampm")


def _build(match: re.Match[str], month: int | None = None) -> datetime:
    # Each group read by name, not through groupdict(): a date is built for every
    # distinct date string an export reads (150k at 50k incidents).
    year, day = match.group("y", "d")
    hour, minute, second, ampm = match.group(*_TIME_GROUPS) if match.re is not _COMPACT \
        else (None, None, None, None)
    clock = int(hour or 0)
    if ampm:
        clock = clock % 12 + (12 if ampm.lower() == "pm" else 0)
    return datetime(_year(year), month if month is not None else int(match["m"]), int(day),
                    clock, int(minute or 0), int(second or 0))


def parse_datetime(value: object) -> datetime | None:
    """Parse a source value into a naive datetime.

    Returns None for NULL and blank text. Raises :class:`UnparseableDate` for any
    other value that is not a date in an accepted form (including impossible dates
    such as ``00/00/0000``).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return _parse_string(value if isinstance(value, str) else str(value))


def _parse_text_value(raw: str) -> datetime | None:
    text = raw.strip()
    if not text:
        return None
    # Every ISO form fromisoformat reads opens with a four-digit year: other text skips
    # a failed attempt (its exception costs more than the regexes below).
    if text[:4].isdigit():
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:  # a copy only when there is a zone to drop
            return parsed if parsed.tzinfo is None else parsed.replace(tzinfo=None)
    try:
        return _parse_text(text)
    except (ValueError, KeyError) as exc:
        raise UnparseableDate(f"not a date: {len(text)} characters") from exc


# Date columns repeat the same few thousand strings row after row, and parsing a
# non-ISO form costs a failed fromisoformat plus regex matching, so parsed strings
# are memoised. The cache is bounded (a few MB at most) so memory stays flat however
# large the source; datetimes are immutable, so sharing them is safe. Unparseable
# strings raise and are not cached (they are rare and are counted by the caller).
_parse_string = lru_cache(maxsize=32768)(_parse_text_value)


def parse_date_text(raw: str) -> date | None:
    """:func:`parse_date` of a string, not memoised here: for a caller that remembers
    the strings it parsed (a miss in the shared memo costs more than a lookup)."""
    parsed = _parse_text_value(raw)
    return parsed.date() if parsed is not None else None


#: The forms, each with whether it names its month, in the order they are tried. Text
#: opening with an ASCII letter can only be _MON_DAY_YEAR, and other text anything but
#: it (it opens with [A-Za-z], the others with a digit, ``\d``, which no ASCII letter
#: is): each is tried on the forms it can be, with the answer trying them all gives.
_LETTER_FIRST = ((_MON_DAY_YEAR, True),)
_OTHER_FIRST = ((_US_NUMERIC, False), (_ISO_LOOSE, False), (_COMPACT, False),
                (_DAY_MON_YEAR, True))


def _parse_text(text: str) -> datetime:
    for pattern, named in _LETTER_FIRST if text[0] in _ASCII_LETTERS else _OTHER_FIRST:
        match = pattern.match(text)
        if match:
            return _build(match, _MONTHS[match["mon"].lower()] if named else None)
    raise ValueError("no accepted form")


def parse_date(value: object) -> date | None:
    """Like :func:`parse_datetime` but returns only the calendar date."""
    # Text is the common case in IA Pro databases: straight to the memoised parser.
    parsed = _parse_string(value) if type(value) is str else parse_datetime(value)
    return parsed.date() if parsed is not None else None


def years_between(start: date, end: date) -> int:
    """Whole years from ``start`` to ``end`` (an age on a given day)."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def month_and_year(text: str) -> tuple[int, int | None]:
    """Month (1-12) and year (None when absent) of a partial date found by
    :data:`DATE_IN_TEXT` (its ``month`` or ``day`` group): "October 2017", "Oct. 9th"."""
    word = re.match(r"[A-Za-z]+", text)
    year = re.search(r"\d{4}$", text)
    month = _MONTHS[word.group().lower()] if word else 0
    return month, int(year.group()) if year else None


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(minute|hour|day|week)s?\s*$", re.IGNORECASE)


def parse_duration(text: str) -> timedelta:
    """A duration such as "2 days" or "12 hours" (``[run] lookback``); ValueError if not."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError('write a duration such as "2 days", "12 hours" or "30 minutes"')
    return timedelta(**{match.group(2).lower() + "s": float(match.group(1))})
