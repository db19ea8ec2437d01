"""Generalisers: coarser versions of quasi-identifiers (dates, ages, service, addresses)."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

AGE_BANDS = ((0, 17, "under 18"), (18, 24, "18-24"), (25, 34, "25-34"), (35, 44, "35-44"),
             (45, 54, "45-54"), (55, 64, "55-64"), (65, 74, "65-74"), (75, 84, "75-84"),
             (85, 89, "85-89"), (90, 200, "90+"))
#: ``[policy] age_bands = 5``: the same bottom and top coding, five years a band between;
#: each pair of them makes one of the ten-year bands above (18-24 is one of both).
AGE_BANDS_5 = ((0, 17, "under 18"), (18, 24, "18-24"),
               *((low, low + 4, f"{low}-{low + 4}") for low in range(25, 90, 5)),
               (90, 200, "90+"))
AGE_BANDS_BY_WIDTH = {5: AGE_BANDS_5, 10: AGE_BANDS}
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


def age_band(age: int | None, width: int = 10) -> str | None:
    """Age in bands of ``width`` (5 or 10) years; everyone under 18 together, 90 and
    over top-coded."""
    return _band(age, AGE_BANDS_BY_WIDTH[width])


def service_band(years: int | None) -> str | None:
    """Years of service in bands."""
    return _band(years, SERVICE_BANDS)


#: The parts of a parsed address that name the street itself (usaddress's labels);
#: house number, unit, city, state, ZIP and anything else are left out.
STREET_PARTS = ("StreetNamePreModifier", "StreetNamePreDirectional", "StreetNamePreType",
                "StreetName", "StreetNamePostType", "StreetNamePostDirectional",
                "StreetNamePostModifier")


_HOUSE_NUMBER = re.compile(r"(\d{1,6})[A-Za-z]?(?:[-/]\d+[A-Za-z]?)?")


@lru_cache(maxsize=8192)
def hundred_block(address: str | None) -> str | None:
    """``8829 Oak Road Apt 5, Milwaukee`` → ``8800 block of Oak Road``: the street and the
    house number rounded down to the hundred, nothing else (no unit, city, state, ZIP).

    The address is parsed with ``usaddress``; one it cannot read as a street address
    with a house number (a PO box, an intersection, a landmark, ambiguous text) gives
    None: it is dropped rather than published, and the caller counts it.
    """
    if not address or not address.strip():
        return None
    import usaddress  # its tagger loads only for exports that cut addresses to a block

    try:
        parts, kind = usaddress.tag(" ".join(address.split()))
    except usaddress.RepeatedLabelError:
        return None
    number = _HOUSE_NUMBER.fullmatch(parts.get("AddressNumber", ""))
    street = " ".join(parts[p] for p in STREET_PARTS if p in parts).strip(" ,")
    if kind != "Street Address" or not number or not parts.get("StreetName"):
        return None
    return f"{int(number.group(1)) // 100 * 100} block of {street}"
