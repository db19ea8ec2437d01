"""The leak scan's index of known personal values, and how text is matched against it.

Text and values go through the same normalisation: split into word tokens (letters and
digits; apostrophes, hyphens and punctuation separate), accents removed, case folded,
street suffixes and directions in one spelling (Street → st, North → n). Matching is by
whole tokens, so "Rose" never matches inside "Roseville" and a pseudonym (hex) never
hides a phone number.

Rules, chosen so that an ordinary export does not trip them (see README, "Leak scan"):

- everywhere: e-mail addresses; phone numbers, SSNs and ID numbers of 7+ characters
  as runs of tokens joined by separators (``(317) 555-0123`` = ``317.555.0123`` =
  ``+1 317 555 0123``); names of two or more tokens (First Last, Last, First, First
  M. Last, nickname + surname, maiden names, hyphenated and multi-word surnames) and
  street addresses (house number + street, PO boxes). A phrase made only of ordinary
  English words ("Will May", "Oak St & Elm Ave") counts only when capitalised;
- in free text (narratives, text files): a capitalised single name token when it is not
  an ordinary English word, month, day or US state ("Okafor", not "Rose", "April" or
  "Washington"), or when it follows a title or role word ("Officer Will"); badge
  numbers after ``#`` or "badge"; dates of birth written as a full date in any form;
- as the whole value of any other text field, or of a string in the tool's JSON
  documents (manifest, data package): any known value (a surname published in
  ``officer_unit``, or listed as an unknown code), unless it is a value that field's
  vocabulary or code lists allow ("White" as a race; any vocabulary in a document).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from iaextract.dates import DATE_IN_TEXT, UnparseableDate, parse_date
from iaextract.pii.entities import Person
from iaextract.pii.hashed import HashedKeys
from iaextract.pii.known import PersonalData
from iaextract.pii.normalise import fold
from iaextract.pii.words import english_words
from iaextract.redaction.pseudonym import Pseudonymizer

TOKEN = re.compile(r"[^\W_]+")
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
DATE_FORMS = DATE_IN_TEXT  # the project's one date grammar
JOINERS = frozenset(" .-/()+")  # what may separate the parts of one phone/SSN/ID


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CANONICAL = {"street": "st", "avenue": "ave", "av": "ave", "boulevard": "blvd", "road": "rd",
             "drive": "dr", "lane": "ln", "court": "ct", "place": "pl", "terrace": "ter",
             "highway": "hwy", "parkway": "pkwy", "circle": "cir", "north": "n",
             "south": "s", "east": "e", "west": "w", "apartment": "apt"}
STREET_WORDS = frozenset(set(CANONICAL.values()) - {"n", "s", "e", "w", "apt"}) | {
    "way", "sq", "square", "hwy", "expy", "trl", "aly", "row"}
TITLES = _words("""
    officer ofc po sgt sergeant det detective lt lieutenant capt captain cpl corporal
    deputy trooper agent chief sheriff mr mrs ms miss dr doctor complainant witness
    suspect victim subject nurse pastor reverend attorney
""")
US_STATES = _words("""
    alabama alaska arizona arkansas california colorado connecticut delaware florida
    georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland
    massachusetts michigan minnesota mississippi missouri montana nebraska nevada
    hampshire jersey mexico york carolina dakota ohio oklahoma oregon pennsylvania rhode
    tennessee texas utah vermont virginia washington wisconsin wyoming
""")
CALENDAR = _words("""
    january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday
""")
_UNIT_MARKERS = frozenset({"apt", "unit", "suite", "ste", "no"})
MIN_COMPACT = 7  # shorter phone/ID values are checked only as whole field values
#: What every pseudonym the tool writes looks like (Pseudonymizer.LENGTH hex digits).
PSEUDONYM_SHAPE = re.compile(rf"[0-9a-f]{{{Pseudonymizer.LENGTH}}}")


@lru_cache(maxsize=65536)
def norm_token(token: str) -> str:
    folded = fold(token)
    return CANONICAL.get(folded, folded)


def tokens(text: str) -> list[str]:
    """The normalised tokens of ``text``."""
    return list(map(norm_token, TOKEN.findall(text)))


def compact(text: str) -> str:
    """The tokens of ``text`` run together: how phones, SSNs and ID numbers are compared."""
    return "".join(tokens(text))


#: Ordinary words besides the English list: months, days, US states, single characters.
_ALSO_ORDINARY = US_STATES | CALENDAR | frozenset(string.ascii_lowercase + string.digits)


def ordinary_word(token: str) -> bool:
    """True if a folded token is an ordinary (lower-case) English word, from the word
    lists ``english-words`` ships, a month, a day or a US state. (The 200k-word list is
    looked in, not copied with these added: the copy cost the scan process 10 MB.)"""
    return token in _ALSO_ORDINARY or token in english_words()


def ordinary(token: str) -> bool:
    """True if a folded token is an English word, month, day or state (not a name alone)."""
    return len(token) < 2 or ordinary_word(token)


_OVERFLOW_KIND = "personal value"  # the 32nd and later kinds of one source share a tag


class KnownValues:
    """Normalised known values, indexed for matching in one pass over a text.

    Built once from a source's personal data (``build``, or ``add_person``/``add_value``
    then ``freeze``). The large parts (phrases, phone and ID runs, whole values, e-mail
    addresses) are held as hashes (:class:`HashedKeys`); the rest are vocabularies that
    grow with the number of distinct names, not with the number of records.
    """

    def __init__(self, name_tables: bool = False) -> None:
        self._keys = HashedKeys()  # ("p", phrase) ("c", run) ("w", whole value) ("e", email)
        self._kinds: list[str] = []
        self.allowed: re.Pattern[str] | None = None  # the agency's scrub_allow phrases
        self._kind_index: dict[str, int] = {}
        self._lengths: dict[str, int] = {}  # first token → bitmask of phrase lengths
        self.lengths: dict[str, tuple[int, ...]] = {}  # … longest first, once frozen
        self.max_compact = 0
        self.rare_names: set[str] = set()
        self.names: set[str] = set()
        self.badges: set[str] = set()
        self.dobs: set[date] = set()
        # Known single tokens shaped like a pseudonym: only these can make a pseudonym
        # a leak, so the scan checks a column of pseudonyms against this set alone.
        self.pseudonym_shaped: set[str] = set()
        # (table, name) for every name of a person table: only needed to tell a named
        # officer's name from anyone else's (officer_identity = "named").
        self.name_tables = HashedKeys() if name_tables else None
        self._tables: frozenset[str] = frozenset()  # tables of the person being added
        self.checked = 0  # source values the index was built from

    @classmethod
    def build(cls, data: PersonalData, name_tables: bool = False) -> KnownValues:
        """The index of every person and value of ``data``."""
        known = cls(name_tables)
        for person in data.people:
            known.add_person(person, data.origins.get(person, ()))
        for kind, values in data.values.items():
            for value in values:
                known.add_value(kind, value)
        return known.freeze()

    def freeze(self) -> KnownValues:
        """Finish building: after this the index answers lookups."""
        self._keys.freeze()
        if self.name_tables is not None:
            self.name_tables.freeze()
        by_mask: dict[int, tuple[int, ...]] = {}
        self.lengths = {word: by_mask.setdefault(mask, tuple(
            n for n in range(mask.bit_length() - 1, 1, -1) if mask >> n & 1))
            for word, mask in self._lengths.items()}
        self._lengths = {}
        # 200k words: needed to build the index, not to match. (The scrubber keeps its
        # own reference.)
        english_words.cache_clear()
        return self

    # --- lookups -------------------------------------------------------------------------

    def phrase(self, key: tuple[str, ...]) -> tuple[str, bool] | None:
        """(kind, needs capitals) of a known phrase of two or more tokens."""
        tag = self._keys.tag(("p", key))
        return None if tag is None else (self._kinds[tag >> 1], bool(tag & 1))

    def compact(self, run: str) -> str | None:
        """The kind of a known phone, SSN or ID number written as ``run``."""
        tag = self._keys.tag(("c", run))
        if tag is None and len(run) == 11 and run[0] == "1" and run.isdigit():
            tag = self._keys.tag(("c", run[1:]))  # a North American number after its +1
        return None if tag is None else self._kinds[tag >> 1]

    def cell(self, key: str) -> str | None:
        """The kind of a known value whose normalised tokens, joined by spaces, are ``key``."""
        tag = self._keys.tag(("w", key))
        return None if tag is None else self._kinds[tag >> 1]

    def has_email(self, address: str) -> bool:
        return ("e", address) in self._keys

    def of_table(self, key: tuple[str, ...] | str, tables: frozenset[str]) -> bool:
        """True if name ``key`` (a phrase or one token) is a name of a person of ``tables``."""
        index = self.name_tables
        return index is not None and any((t, key) in index for t in tables)

    # --- building ------------------------------------------------------------------------

    def _tag(self, kind: str, needs_capitals: bool = False) -> int:
        index = self._kind_index.get(kind)
        if index is None:
            if len(self._kinds) == 31 and kind != _OVERFLOW_KIND:  # 5 bits for the kind
                return self._tag(_OVERFLOW_KIND, needs_capitals)
            index = self._kind_index[kind] = len(self._kinds)
            self._kinds.append(kind)
        return index << 1 | needs_capitals

    def _add_phrase(self, parts: Iterable[str], kind: str) -> None:
        key = tuple(parts)
        if len(key) < 2:
            return
        if kind == "name":
            self._from_tables(key)
        # (A one-letter token outside ASCII counts as a name: stricter, and rare.)
        self._keys.add(("p", key), self._tag(kind, all(map(ordinary_word, key))))
        self._lengths[key[0]] = self._lengths.get(key[0], 0) | 1 << len(key)

    def _from_tables(self, key: tuple[str, ...] | str) -> None:
        """Record that name ``key`` belongs to people of the current tables."""
        if self.name_tables is not None:
            for table in self._tables:
                self.name_tables.add((table, key))

    def _add_whole(self, key: str, kind: str) -> None:
        self._keys.add(("w", key), self._tag(kind))
        if PSEUDONYM_SHAPE.fullmatch(key):
            self.pseudonym_shaped.add(key)

    def _add_compact(self, value: str, kind: str) -> bool:
        if len(value) >= MIN_COMPACT and any(c.isdigit() for c in value):
            if PSEUDONYM_SHAPE.fullmatch(value):
                self.pseudonym_shaped.add(value)
            self._keys.add(("c", value), self._tag(kind))
            self.max_compact = max(self.max_compact, len(value))
            return True
        return False

    def add_person(self, person: Person, tables: Iterable[str] = ()) -> None:
        """Index a person's name parts and the ways they are written together.

        ``tables``: the (folded) names of the tables the person was read from.
        """
        self._tables = frozenset(tables)
        part = {}
        for name in ("first", "last", "middle", "maiden", "nickname"):
            value = getattr(person, name)
            part[name] = tokens(value) if value else []
            if value:
                self.checked += 1
                self._add_name_part(part[name])
        first, last, middle = part["first"], part["last"], part["middle"]
        for surname in (last, part["maiden"]):
            if not surname:
                continue
            for given in (first, part["nickname"]):
                if given:
                    self._add_phrase(given + surname, "name")
                    self._add_phrase(surname + given, "name")  # "LAST, FIRST"
            if first and middle:
                self._add_phrase(first + middle + surname, "name")
                self._add_phrase(first + [middle[0][0]] + surname, "name")
                self._add_phrase(surname + first + [middle[0][0]], "name")
            if first and not all(map(ordinary_word, surname)):
                self._add_phrase([first[0][0]] + surname, "name")  # "J. Okafor"
        self._tables = frozenset()

    def _add_name_part(self, parts: list[str]) -> None:
        if len(parts) > 1:
            self._add_phrase(parts, "name")
        elif parts and len(parts[0]) > 1:
            self._from_tables(parts[0])
            self.names.add(parts[0])
            self._add_whole(parts[0], "name")
            if not ordinary(parts[0]):
                self.rare_names.add(parts[0])

    def add_value(self, kind: str, value: str) -> None:
        """Index one personal value of ``kind`` (a source_pii kind) in its matching forms."""
        parts = tokens(value)
        if not parts:
            return
        self.checked += 1
        # The whole value, for fields holding nothing else; not needed where the e-mail
        # or phone/ID rules find the value anyway (they are checked first).
        if kind == "email" and EMAIL.fullmatch(value.strip()):
            self._keys.add(("e", fold(value)))
            return
        if kind in ("phone", "ssn", "id_number"):
            forms = phone_forms(value) if kind == "phone" else {"".join(parts)}
            if any([self._add_compact(number, kind) for number in forms]):  # all forms
                return
        self._add_whole(" ".join(parts), kind)
        if kind == "name":
            self._add_name_part(parts)
        elif kind == "email":
            self._keys.add(("e", fold(value)))
        elif kind in ("phone", "ssn", "id_number"):
            return  # too short for a phone/ID run: only ever the whole value
        elif kind == "badge":
            self.badges.add("".join(parts))
        elif kind == "dob":
            self._add_dob(value)
        elif kind == "address":
            self._add_address(parts)
        else:
            self._add_phrase(parts, kind)
            self._add_compact("".join(parts), kind)

    def _add_dob(self, value: str) -> None:
        try:
            day = parse_date(value)
        except UnparseableDate:
            return
        if day is not None:
            self.dobs.add(day)

    def _add_address(self, parts: list[str]) -> None:
        street = parts
        for i, token in enumerate(parts[1:], start=1):
            if token in _UNIT_MARKERS:
                street = parts[:i]
                break
        for form in (parts, street):
            if len(form) >= 2:
                self._add_phrase(form, "address")
                if form[0] == "po":  # "PO Box" is also written "P.O. Box"
                    self._add_phrase(["p", "o", *form[1:]], "address")

    def __len__(self) -> int:
        return self.checked


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
