"""Date layer of the narrative scrubber: dates in text generalised to the policy's precision.

A summary that says ``On 10/09/2017`` would undo ``date_precision = "month"`` on the
published ``occurred_date``; every date the project's date grammar
(:data:`iaextract.dates.DATE_IN_TEXT`) finds is replaced by the same generalisation
the date fields get (``[DATE: 2017-10]``). A date-shaped text that is no real date
(``31/02/2017``) is removed whole (``[DATE]``): fail closed.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from iaextract.dates import DATE_IN_TEXT, UnparseableDate, month_and_year, parse_date
from iaextract.redaction.generalise import generalise_date
from iaextract.scrub.ascii_twins import ascii_twin, matches_from, plain_ascii

PRECISIONS = ("day", "month", "quarter", "year")
UNKNOWN = "[DATE]"
MONTH_LABEL_START = "[DATE: "  # + a month's name + "]": a day without its year
_DIGIT_RE = re.compile(r"\d")
_ASCII_DATE_IN_TEXT = ascii_twin(DATE_IN_TEXT)
# A date opens with a month's name or a run of digits, not after a word character, "/",
# "." or "-": in plain ASCII text the grammar is tried only there. (The first character
# is a class the scan skips to.) A run of digits opens a date only when it is 1, 2 or 4
# digits long and a separator or an ordinal's letters follow: "10/09/2017", "2017-10-09",
# "9th of October", "9 Oct 2017"; not "14:35" nor "$450.00".
_DATE_START_RE = re.compile(
    r"[0-9ADFJMNOSadfjmnos](?<![\w/.-].)"
    r"(?:(?<=[0-9])(?:[0-9](?:[0-9]{2})?)?(?=[-/.\s]|(?i:st|nd|rd|th))"
    r"|(?i:an|eb|ar|pr|ay|un|ul|ug|ep|ct|ov|ec))", re.ASCII)


_last: tuple[str, list[re.Match[str]]] = ("", [])


def dates_in(text: str) -> list[re.Match[str]]:
    """Every date of the date grammar in ``text``. The value layer (known dates of
    birth) and the date layer both read the same text's dates, and the grammar is one
    of the costliest patterns, so the last text's are remembered."""
    global _last
    last = _last
    if last[0] == text and text:
        return last[1]
    # every form of the grammar holds a digit: a text without one is passed in C
    if _DIGIT_RE.search(text) is None:
        found = []
    elif plain_ascii(text):
        starts = [m.start() for m in _DATE_START_RE.finditer(text)]
        found = matches_from(_ASCII_DATE_IN_TEXT, text, starts)
    else:
        found = list(DATE_IN_TEXT.finditer(text))
    _last = (text, found)
    return found


class DateGeneraliser:
    """Finds dates more precise than ``precision`` and says what replaces each."""

    def __init__(self, precision: str = "month") -> None:
        if precision not in PRECISIONS:
            raise ValueError(f"unknown date precision {precision!r}; expected one of "
                             f"{', '.join(PRECISIONS)}")
        self.precision = precision
        self._rank = PRECISIONS.index(precision)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, replacement) of each date in ``text`` that is too precise."""
        if not self._rank or _DIGIT_RE.search(text) is None:
            return []
        found = []
        for m in dates_in(text):
            label = self._label(m.lastgroup or "", m.group())
            if label is not None:
                found.append((m.start(), m.end(), label))
        return found

    def _label(self, form: str, written: str) -> str | None:
        if form in ("full", "words"):
            try:
                day = parse_date(written)
            except UnparseableDate:
                return UNKNOWN
            return _label(generalise_date(day, self.precision)) if day else UNKNOWN
        month, year = month_and_year(written)
        if not 1 <= month <= 12:
            return UNKNOWN
        if form == "month":  # "October 2017" shows the month
            if self._rank <= PRECISIONS.index("month") or year is None:
                return None
            return _label(generalise_date(date(year, month, 1), self.precision))
        # "Oct. 9" shows a day: keep its month where months may be shown
        if self.precision != "month":
            return UNKNOWN
        return f"{MONTH_LABEL_START}{calendar.month_name[month]}]"


def _label(generalised: str | None) -> str:
    return f"[DATE: {generalised}]" if generalised else UNKNOWN
