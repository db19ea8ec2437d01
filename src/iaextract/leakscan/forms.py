"""The written forms of one personal value that the leak scan's index holds besides the
value itself: the digit strings of a phone number, the phrases of an address."""

from __future__ import annotations

import re

_UNIT_MARKERS = frozenset({"apt", "unit", "suite", "ste", "no"})


def address_phrases(parts: list[str], phrases: list[list[str]]) -> None:
    """The phrases an address is written as: whole, and its street without the unit."""
    street = parts
    for i, token in enumerate(parts[1:], start=1):
        if token in _UNIT_MARKERS:
            street = parts[:i]
            break
    for form in (parts, street):
        if len(form) >= 2:
            phrases.append(form)
            if form[0] == "po":  # "PO Box" is also written "P.O. Box"
                phrases.append(["p", "o", *form[1:]])


def phone_forms(value: str) -> set[str]:
    """The digit strings a phone number may be written as (national, with country code).

    A North American number is given by its ten digits only: a lookup of eleven digits
    starting with 1 also tries the ten after it (``KnownValues.compact``).
    """
    text = re.split(r"(?i)\s*(?:x|ext\.?|extension)\s*\d+\s*$", value)[0]
    digits = re.sub(r"\D", "", text)
    # The common case needs no parsing (phonenumbers.parse is slow).
    if len(digits) == 10 and not text.lstrip().startswith("+"):
        return {digits}
    if len(digits) == 11 and digits[0] == "1":
        return {digits[1:]}
    forms = {digits}
    import phonenumbers  # here: the common case above needs none of it

    try:
        number = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        return forms
    national = str(number.national_number)
    forms |= {national, f"{number.country_code}{national}"}
    return forms
