"""The common forms of date strings, read in bulk: with numpy.

Parsing a date string through the one parser (:mod:`iaextract.dates`) costs a Python
call, regexes and a datetime. Most strings of a date column are in a handful of forms
("9/20/2006 0:00", "2013-02-07T00:00:00", "Apr 8, 1985"), so a chunk's distinct
strings are read at once: each string's characters go into a row of a matrix, its
shape (digit, letter, other character at each place) names its form, and the fields of
every string of a known form are read at that form's places and checked as datetime
checks them. Strings of no known form are left to the one parser.

A day is a number, YYYYMMDD (BLANK: none, UNPARSEABLE: not a date).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product

import numpy as np

BLANK, UNPARSEABLE, OTHER = 0, -1, -2  # OTHER: of no form here (ask the one parser)

#: The forms read here. Y year, M month, D day, H hour, N minute, S second (digits), B a
#: month's name (three letters); other characters stand for themselves, but a letter
#: for any ASCII letter ("T": fromisoformat takes any character between day and time,
#: and a refused datetime is refused as well by _ISO_LOOSE); {a,b}: either.
#: For each, the one parser gives the date of the fields when they make a valid datetime
#: and refuses the text otherwise (tests/mapping/test_date_forms.py checks it form by
#: form): an ISO form through fromisoformat or, failing that, _ISO_LOOSE; a US form (no
#: four leading digits, so no fromisoformat) through _US_NUMERIC; a month-name form
#: through _DAY_MON_YEAR or _MON_DAY_YEAR and the month names.
FORMS = ("YYYY-MM-DD{,THH:NN:SS, HH:NN:SS,THH:NN, HH:NN}",
         "{M,MM}/{D,DD}/{YYYY,YY}{, H:NN, HH:NN, H:NN:SS, HH:NN:SS}",
         "{D,DD}-BBB-{YYYY,YY}",
         "BBB {D,DD}, YYYY")
_WIDTHS = {"Y": 4, "M": 2, "D": 2, "H": 2, "N": 2, "S": 2, "B": 3}
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                "nov", "dec")
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_DIGIT, _LETTER = ord("9"), ord("a")  # the shape of a digit, of an ASCII letter


def expand(pattern: str) -> list[str]:
    """Every form a pattern of FORMS writes."""
    parts = [p.split(",") if i % 2 else [p]
             for i, p in enumerate(pattern.replace("{", "}").split("}"))]
    return ["".join(choice) for choice in product(*parts)]


def _shape(form: str) -> list[int]:
    return [_DIGIT if c in "YMDHNS" else _LETTER if c.isalpha() else ord(c) for c in form]


_FORM_LIST = [form for pattern in FORMS for form in expand(pattern)]
_WIDTH = max(map(len, _FORM_LIST))
_PAD = _WIDTH  # the place of a "0" after every text: a field a form has not
_TEMPLATES = np.zeros((len(_FORM_LIST), _WIDTH), dtype=np.uint8)
_LENGTHS = np.array([len(form) for form in _FORM_LIST])
_INSIDE = np.arange(_WIDTH) < _LENGTHS[:, None]  # the places a form's shape covers
#: The places of each field in each form (padded in front: a missing digit is 0).
_PLACES = {f: np.full((len(_FORM_LIST), w), _PAD) for f, w in _WIDTHS.items()}
for _n, _form in enumerate(_FORM_LIST):
    _TEMPLATES[_n, :len(_form)] = _shape(_form)
    for _field, _places in _PLACES.items():
        _at = [i for i, c in enumerate(_form) if c == _field]
        if _at:
            _places[_n, -len(_at):] = _at
_SHORT_YEAR = (_PLACES["Y"] == _PAD).any(axis=1)
_NAMED = (_PLACES["B"] != _PAD).all(axis=1)
#: The month (1-12) of three lower-case letters, as _letters numbers them (0: none).
_MONTH_OF = np.zeros(26 ** 3, dtype=np.int64)
#: The shape of each byte: "9" for a digit, "a" for an ASCII letter, any other byte
#: itself (a NUL is 0, which no form has inside it).
_SHAPE_OF = np.arange(256, dtype=np.uint8)
_SHAPE_OF[ord("0"):ord("9") + 1] = _DIGIT
_SHAPE_OF[[*range(ord("A"), ord("Z") + 1), *range(ord("a"), ord("z") + 1)]] = _LETTER


def _key(lengths: np.ndarray, shapes: np.ndarray) -> np.ndarray:
    """A text's length (_WIDTH + 1 if longer) and its shapes at a few places: enough to
    tell the forms apart (one of no form may share a form's key: read_days checks every
    place of the form)."""
    key = np.minimum(lengths, _WIDTH + 1).astype(np.int64)
    for place in (1, 3, 7, 8, 10):
        key = key << 8 | np.where(place < lengths, shapes[:, place], 0)
    return key


_KEYS = _key(_LENGTHS, _TEMPLATES)
assert len(set(_KEYS.tolist())) == len(_KEYS), "two forms of one key"
_BY_KEY = np.argsort(_KEYS)


def read_days(texts: Sequence[str]) -> np.ndarray:
    """The day of each text of a known form; OTHER for the others."""
    lengths, codes = _characters(texts)
    shapes = _SHAPE_OF[codes[:, :_WIDTH]]
    # Each text's form by its key, checked at every place of the form (past the text's
    # end, ``codes`` holds the next text's characters: never looked at).
    key = _key(lengths, shapes)
    at = _BY_KEY[np.minimum(np.searchsorted(_KEYS, key, sorter=_BY_KEY), len(_KEYS) - 1)]
    known = (_KEYS[at] == key) & ~((_TEMPLATES[at] != shapes) & _INSIDE[at]).any(axis=1)
    days = np.full(len(texts), OTHER)
    rows = np.flatnonzero(known)
    days[rows] = _fields(codes[rows], at[rows])
    return days


def _characters(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each text's length and first _WIDTH characters, then "0" (at _PAD): a row a
    text, which past the text's end holds whatever characters follow it. A character
    that is not ASCII is a "?" here (no form has one): a byte a character."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    data = np.frombuffer("".join(texts).encode("ascii", "replace"), dtype=np.uint8)
    padded = np.concatenate([data, np.zeros(_WIDTH + 1, dtype=np.uint8)])
    starts = np.cumsum(lengths) - lengths
    codes = np.lib.stride_tricks.sliding_window_view(padded, _WIDTH + 1)[starts]
    codes[:, _PAD] = ord("0")
    return lengths, codes


def _letters(letters: np.ndarray) -> np.ndarray:
    """Rows of three ASCII letters as numbers under 26**3, case ignored (any other
    characters as some such number)."""
    alphabet = np.clip((letters | 0x20) - ord("a"), 0, 25)
    return (alphabet[:, 0] * 26 + alphabet[:, 1]) * 26 + alphabet[:, 2]


_MONTH_OF[_letters(np.array([[ord(c) for c in m] for m in _MONTH_NAMES]))] = range(1, 13)


#: The places _fields reads of each form: its digits (as _PLACES), then its month's
#: name; and how the digits make the numbers.
_READ = np.hstack([_PLACES[f] for f in _WIDTHS])
_NUMBERS = np.zeros((_READ.shape[1] - 3, 6))  # digits (not the name) -> YMDHNS
_NUMBERS[np.arange(14), np.repeat(np.arange(6), [4, 2, 2, 2, 2, 2])] = \
    [1000, 100, 10, 1, *[10, 1] * 5]


def _fields(codes: np.ndarray, form: np.ndarray) -> np.ndarray:
    """The day of each row of ``codes`` (characters, "0" at _PAD) of its ``form``;
    UNPARSEABLE where the fields make no datetime."""
    starts = np.arange(0, codes.size, codes.shape[1])[:, None]
    read = codes.ravel()[starts + _READ[form]].astype(np.int64)
    # The numbers in one product (exact: floats hold integers this small exactly).
    year, month, day, hour, minute, second = \
        ((read[:, :14] - ord("0")).astype(float) @ _NUMBERS).astype(np.int64).T
    year += np.where(_SHORT_YEAR[form], np.where(year < 30, 2000, 1900), 0)  # dates._year
    # A month's name: its number (1-12), or 0 for three letters that name none.
    month = np.where(_NAMED[form], _MONTH_OF[_letters(read[:, 14:17])], month)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    last = _MONTH_DAYS[np.clip(month, 0, 12)] + ((month == 2) & leap)
    valid = ((year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= last)
             & (hour <= 23) & (minute <= 59) & (second <= 59))
    return np.where(valid, year * 10_000 + month * 100 + day, UNPARSEABLE)


def as_dates(days: np.ndarray) -> np.ndarray:
    """Days as an object array of dates (None for BLANK and UNPARSEABLE)."""
    valid = days > 0
    safe = np.where(valid, days, 19700101)
    months = (safe // 10_000 - 1970) * 12 + safe // 100 % 100 - 1
    dates = months.astype("datetime64[M]").astype("datetime64[D]") + (safe % 100 - 1)
    dates[~valid] = np.datetime64("NaT")
    return dates.astype(object)
