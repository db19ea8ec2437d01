"""The known-entity dictionary: personal values read from the source's own tables."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product, repeat

from iaextract.pii import value_keys
from iaextract.pii.hashed import StableHashes
from iaextract.pii.lexicon import fold

VALUE_KINDS = frozenset({"phone", "email", "ssn", "dob", "address", "id_number", "badge"})

# Name particles ("de la Cruz", "van der Berg") are only names next to the rest of the name.
PARTICLES = frozenset(
    [
        "de",
        "la",
        "le",
        "du",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "di",
        "da",
        "dos",
        "das",
        "st",
        "ste",
        "y",
        "bin",
        "al",
    ]
)

_NAME_PIECE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_NON_DIGITS = re.compile(r"\D")
_NOT_ALNUM = re.compile(r"[\W_]")


@dataclass(frozen=True)
class Person:
    """One person's name as recorded in the source; any part may be missing."""

    first: str | None = None
    last: str | None = None
    middle: str | None = None
    nickname: str | None = None
    maiden: str | None = None


def name_keys(part: str) -> list[str]:
    """Folded lower-case lookup keys for one name part, as the scrubber tokenises text.

    ``"Smith-Jones"`` gives ``smith``, ``jones``; ``"O’Brien"`` gives ``o'brien``
    and ``obrien``; ``"Núñez"`` gives ``nunez``. The text tokenizer splits on
    hyphens and spaces, so a key is always one token.
    """
    keys: list[str] = []
    for piece in _NAME_PIECE.findall(fold(part).lower()):
        keys.append(piece)
        if "'" in piece:
            keys.append(piece.replace("'", ""))
    return keys


@lru_cache(maxsize=65536)
def _part_keys(part: str) -> tuple[str, ...]:
    """:func:`name_keys`, remembered: a source names the same first names and surnames
    again and again (bounded: memory stays flat)."""
    return tuple(name_keys(part))


def learnt() -> None:
    """Learning is over: let go of what it remembered to go faster (up to 65,536 name
    parts and their keys, several MB that the scrubbing that follows never reads)."""
    _part_keys.cache_clear()


@dataclass
class _Values:
    """The personal values known, each only as the stable hash of its written form
    (:mod:`.value_keys`): 8 bytes a value however long, the same in a worker process
    (:class:`~iaextract.scrub.narrative.ScrubKnowledge` is pickled to it). A value
    another shares its hash with by chance would only be found where it is not (an
    extra span removed: the scrubber fails closed), never the reverse."""

    keys: StableHashes = field(default_factory=StableHashes)  # value_keys.key's texts
    # kind -> lengths of its known forms (phone/ssn digits, badge digits, id characters):
    # text is looked up only at those lengths.
    lengths: dict[str, set[int]] = field(default_factory=dict)
    dobs: value_keys.Days = field(default_factory=value_keys.Days)  # date.toordinal
    address_starts: set[str] = field(default_factory=set)  # non-number first words' forms
    address_numbers: bool = False  # some address opens with a number
    address_words: tuple[int, int] = (1 << 30, 0)  # fewest spelt words, most words


class KnownEntities:
    """Personal values known from the source (the known-entity dictionary).

    Names are stored as folded lower-case tokens with the roles they play, so
    matching cost does not grow with the number of people: the scrubber looks
    each word of the text up once in a dict.
    """

    def __init__(self) -> None:
        self.parts: dict[str, set[str]] = {}  # token key -> roles (first/last/...)
        self.pairs: set[tuple[str, str]] = set()  # ordered (key, key) of one person
        self.values = _Values()
        self._count = 0
        self.version = 0  # bumped on change so scrubbers can rebuild caches

    def add_person(self, person: Person, tables: Iterable[str] = ()) -> None:
        """Register every part of ``person``'s name and the orders they appear in.

        ``tables`` (where the person was read) is accepted so that the source can be
        streamed straight in (:func:`~iaextract.pii.known.stream_personal_data`);
        the scrubber removes a name whichever table it came from.
        """
        roles = {
            "first": person.first,
            "last": person.last,
            "middle": person.middle,
            "nickname": person.nickname,
            "maiden": person.maiden,
        }
        by_role: dict[str, tuple[str, ...]] = {}
        parts = self.parts
        for role, value in roles.items():
            if not value or not value.strip():
                continue
            keys = _part_keys(value)
            by_role[role] = keys
            for key in keys:
                if len(key) < 2:  # a lone initial is handled as an initial, not a name
                    continue
                # "de" in "de la Cruz" is a particle; a surname that is just "Le" is not
                particle = key in PARTICLES and len(keys) > 1
                parts.setdefault(key, set()).add("particle" if particle else role)
        self._add_pairs(by_role)
        self._count += 1
        self.version += 1

    def _add_pairs(self, by_role: dict[str, tuple[str, ...]]) -> None:
        # Orders in which two words of one person's name follow each other:
        # "First Last", "First Middle", "Middle Last", "Nick Last", "LAST, FIRST",
        # and consecutive words inside one part ("de la Cruz", "Smith-Jones").
        givens = by_role.get("first", ()) + by_role.get("nickname", ())
        surnames = by_role.get("last", ()) + by_role.get("maiden", ())
        middles = by_role.get("middle", ())
        pairs = self.pairs
        for a, b in (
            (givens, surnames),
            (givens, middles),
            (middles, surnames),
            (surnames, givens),
            (surnames, surnames),
        ):
            pairs.update(product(a, b))
        # "W. Grant", "J. Q. Public": initials of given and middle names before a surname.
        pairs.update(product([x[0] for x in givens + middles], surnames + middles))
        for keys in by_role.values():
            pairs.update(zip(keys, keys[1:], strict=False))

    def add_value(self, kind: str, value: str) -> None:
        """Register one personal value; ``kind`` is one of :data:`VALUE_KINDS`.

        Phones, SSNs and badges are kept as digits, id numbers as upper-case
        letters and digits, emails lower-cased, so any formatting in the text
        matches.
        """
        self.add_values(kind, [value])

    def add_values(self, kind: str, values: Iterable[str]) -> None:
        """:meth:`add_value` of each of ``values``, a chunk at a time (as the source is
        streamed): each kind's rule applied to the whole chunk at once."""
        _check_kind(kind)
        texts = [text for text in (str(v).strip() for v in values if v is not None) if text]
        if kind in ("phone", "ssn", "badge"):
            runs: Iterable[str] = map(_NON_DIGITS.sub, repeat(""), texts)
            if kind == "phone":  # the US country code is optional in prose
                runs = (d[1:] if len(d) == 11 and d[0] == "1" else d for d in runs)
            self._add_forms(kind, set(filter(None, runs)))
        elif kind == "id_number":
            self._add_forms(kind, set(filter(None, (a.upper() for a in map(
                _NOT_ALNUM.sub, repeat(""), texts)))))
        elif kind == "email":
            self._add_forms(kind, {text.lower() for text in texts})
        elif kind == "address":
            self._add_addresses(set(texts))
        else:
            self.values.dobs.update(filter(None, map(value_keys.day_number, set(texts))))
        self._count += len(texts)
        self.version += len(texts)

    def _add_forms(self, kind: str, forms: set[str]) -> None:
        if not forms:
            return
        code = value_keys.CODES[kind]
        self.values.keys.add_many(map(code.__add__, forms))  # value_keys.key's texts
        self.values.lengths.setdefault(kind, set()).update(map(len, forms))

    def _add_addresses(self, addresses: set[str]) -> None:
        """Each address as the key of its spelt words and of its first one and two (the
        text is read from a word that starts some address), and the words it may be
        written to start with."""
        v = self.values
        keys: list[str] = []  # value_keys.key's texts
        fewest, most = v.address_words
        first, pair = value_keys.ADDRESS_START
        for address in addresses:
            words = value_keys.WORD_RE.findall(address.lower())
            spelt = value_keys.spelt(words)
            if not spelt:
                continue
            keys.append(value_keys.ADDRESS + " ".join(spelt))
            keys.append(first + spelt[0])
            if len(spelt) > 2:
                keys.append(pair + " ".join(spelt[:2]))
            fewest, most = min(fewest, len(spelt)), max(most, len(words))
            # "Apt 3, 12 Main St" may be written "12 Main St"; a word's other spellings
            # are words too
            for start in {words[0], spelt[0]}:
                if start.isdigit():
                    v.address_numbers = True
                else:
                    v.address_starts.update(value_keys.forms(start))
        v.address_words = fewest, most
        v.keys.add_many(keys)

    def __len__(self) -> int:
        return self._count


def _check_kind(kind: str) -> None:
    if kind not in VALUE_KINDS:
        raise ValueError(f"unknown value kind {kind!r}; expected one of {sorted(VALUE_KINDS)}")
