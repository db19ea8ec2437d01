"""The written forms of one personal value that the leak scan's index holds besides the
value itself: the digit strings of a phone number, the phrases of an address."""

from __future__ import annotations

import re

_UNIT_MARKERS = frozenset({"apt", "unit", "suite", "ste", "no"})
_EXTENSION = re.compile(r"(?i)\s*(?:x|ext\.?|extension)\s*\d+\s*$")
_NOT_DIGIT = re.compile(r"\D")
# ASCII as phone_forms_many reads it: every character that is not a digit deleted, but
# the line break that ends each value.
_ASCII_DIGITS = str.maketrans("", "", "".join(
    c for c in map(chr, range(128)) if not c.isdigit() and c != "\n"))


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
    text = _EXTENSION.split(value)[0]
    digits = _NOT_DIGIT.sub("", text)
    return _plain_forms(text, digits) or _parsed_forms(text, digits)


def phone_forms_many(values: list[str]) -> list[set[str]]:
    """:func:`phone_forms` of each of ``values``: those of plain ASCII without an
    extension (every way of writing one holds an "x") in one pass over them, the others
    (a number in ten with an extension in the demo source) one by one."""
    joined = "\n".join(values)
    if joined.isascii() and "x" not in joined and "X" not in joined \
            and joined.count("\n") == len(values) - 1:
        return _plain_many(values, joined)
    odd = [not value.isascii() or "x" in value or "X" in value or "\n" in value
           for value in values]
    plain = [value for value, other in zip(values, odd, strict=True) if not other]
    forms = iter(_plain_many(plain, "\n".join(plain)))
    return [phone_forms(value) if other else next(forms)
            for value, other in zip(values, odd, strict=True)]


def _plain_many(values: list[str], joined: str) -> list[set[str]]:
    """:func:`phone_forms` of ``values``, plain ASCII without an "x" or a line break,
    ``joined`` by line breaks."""
    # (ASCII: the digits \d finds are 0-9, and without an "x" nothing is split off)
    if not values:
        return []
    return [_plain_forms(value, digits) or _parsed_forms(value, digits)
            for value, digits in zip(values, joined.translate(_ASCII_DIGITS).split("\n"),
                                     strict=True)]


def _plain_forms(text: str, digits: str) -> set[str] | None:
    """The common case, which needs no parsing (phonenumbers.parse is slow)."""
    if len(digits) == 10 and not text.lstrip().startswith("+"):
        return {digits}
    if len(digits) == 11 and digits[0] == "1":
        return {digits[1:]}
    return None


def _parsed_forms(text: str, digits: str) -> set[str]:
    forms = {digits}
    import phonenumbers  # here: the common case above needs none of it

    try:
        number = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        return forms
    national = str(number.national_number)
    forms |= {national, f"{number.country_code}{national}"}
    return forms
