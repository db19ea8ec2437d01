"""Generalisers: coarser versions of quasi-identifiers (dates, ages, service, addresses)."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

AGE_BANDS = ((0, 17, "under 18"), (18, 24, "18-24"), (25, 34, "25-34"), (35, 44, "35-44"),
             (45, 54, "45-54"), (55, 64, "55-64"), (65, 74, "65-74"), (75, 84, "75-84"),
             (85, 89, "85-89"), (90, 200, "90+"))
SERVICE_BANDS = ((0, 1, "0-1"), (2, 4, "2-4"), (5, 9, "5-9"), (10, 14, "10-14"),
                 (15, 19, "15-19"), (20, 200, "20+"))


# Runs on every date of every row, and a column holds few distinct days; bounded.
@lru_cache(maxsize=8192)
def generalise_date(value: date | None, precision: str) -> str | None:
    """``2019-03-04`` at day, ``2019-03`` at month, ``2019-Q1`` at quarter, ``2019`` at year."""
    if value is None:
        return None
    if precision == "day":
        return value.isoformat()
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if precision == "quarter":
        return f"{value.year:04d}-Q{(value.month - 1) // 3 + 1}"
    if precision == "year":
        return f"{value.year:04d}"
    raise ValueError(f"unknown date precision {precision!r}")


def _band(value: int | None, bands: tuple[tuple[int, int, str], ...]) -> str | None:
    if value is None:
        return None
    for low, high, label in bands:
        if low <= value <= high:
            return label
    return None


def age_band(age: int | None) -> str | None:
    """Age in bands; everyone under 18 together, 90 and over top-coded."""
    return _band(age, AGE_BANDS)


def service_band(years: int | None) -> str | None:
    """Years of service in bands."""
    return _band(years, SERVICE_BANDS)


_HOUSE_NUMBER = re.compile(r"^\s*(\d+)[A-Za-z]?(?:-\d+)?\s+(.+?)\s*$")
_UNIT = re.compile(r"\s*(?:,\s*)?(?:apt|apartment|unit|ste|suite|#|rm|room|fl|floor)\b\.?\s*"
                   r"[\w-]*\s*$", re.IGNORECASE)


def hundred_block(address: str | None) -> str | None:
    """``1234 N Main St Apt 2`` → ``1200 block of N Main St``; None when no house number.

    An address without a house number (a PO box, a landmark) cannot be generalised
    safely, so it is dropped rather than published.
    """
    if not address:
        return None
    match = _HOUSE_NUMBER.match(address)
    if not match:
        return None
    street = _UNIT.sub("", match.group(2)).strip(" ,")
    if not street or street.lower().startswith(("po box", "p.o.")):
        return None
    block = int(match.group(1)) // 100 * 100
    return f"{block} block of {street}"
