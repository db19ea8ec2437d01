"""Keyed pseudonyms: HMAC-SHA256 with the agency's secret key.

A pseudonym is stable across runs (so records link across releases) and cannot be
reversed or recomputed without the key. There is deliberately no keyless fallback:
a plain hash of an officer id or case number can be reversed by hashing every
possible id.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, cast

from iaextract.errors import ConfigError, KeyExposed, KeyMissing
from iaextract.values import code_text

MIN_KEY_BYTES = 16
#: Types whose equal values are one id (a dict may stand for them; not bool, as True == 1).
_PLAIN_IDS = frozenset({int, str, type(None)})
_TEXT = frozenset({str})
_BLOCK = 64  # SHA-256's block size, in bytes: the length HMAC pads its key to
_HOW_TO_MAKE = "create one with `iaextract keygen --out iaextract.key` and set " \
               "[pseudonyms] key_file, or put it in an environment variable named by key_env"


def generate_key() -> str:
    """A new random key, as 64 hex characters."""
    return secrets.token_hex(32)


def write_key_file(path: Path) -> str:
    """Write a new key to ``path`` (owner-only on POSIX), refusing to overwrite; return it."""
    key = generate_key()
    create_private(path, key + "\n", "a key is never overwritten (losing it breaks linkage "
                   "with earlier releases)")
    return key


def create_private(path: Path, text: str, refusal: str) -> None:
    """Write a new secret file, owner-only on POSIX; never replace one (ConfigError: refusal).

    Keys are created once and kept: overwriting one by mistake loses it for good.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        raise ConfigError(f"{path} already exists; {refusal}") from None
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(text)


def parse_key(text: str, origin: str) -> bytes:
    """Key bytes from key-file or environment text (hex, or any long passphrase)."""
    text = text.strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = text.encode("utf-8")
    if len(key) < MIN_KEY_BYTES:
        raise KeyMissing(f"the pseudonym key in {origin} is too short (at least "
                         f"{MIN_KEY_BYTES} bytes); {_HOW_TO_MAKE}")
    return key


def load_key(key_file: Path | None, key_env: str | None) -> bytes:
    """The agency key from its file or environment variable; KeyMissing says how to make one."""
    if key_env:
        if os.environ.get(key_env):
            return parse_key(os.environ[key_env], f"${key_env}")
        if not key_file:
            raise KeyMissing(f"environment variable {key_env} (pseudonyms.key_env) is not set;"
                             f" {_HOW_TO_MAKE}")
    if key_file is None:
        raise KeyMissing(f"no pseudonym key is configured; {_HOW_TO_MAKE}")
    try:
        _refuse_shared(key_file)
        return parse_key(key_file.read_text(encoding="utf-8"), str(key_file))
    except FileNotFoundError:
        raise KeyMissing(f"pseudonym key file {key_file} does not exist; if this agency "
                         "published before, restore it from backup (a new key gives new "
                         f"pseudonyms, breaking links to earlier releases); otherwise "
                         f"{_HOW_TO_MAKE}") from None
    except OSError as exc:
        raise KeyMissing(f"cannot read pseudonym key file {key_file}: {exc.strerror}") \
            from None
    except UnicodeDecodeError:
        raise KeyMissing(f"pseudonym key file {key_file} is not a key (not UTF-8 text); "
                         "restore it from backup, or make one with `iaextract keygen`") \
            from None


def _refuse_shared(key_file: Path) -> None:
    """KeyExposed when other users may read the key file (POSIX permission bits).

    Windows keeps access in ACLs, which mode bits do not show; there the README asks
    for the key to sit in a folder only the exporting account can read.
    """
    if os.name != "posix":
        return
    mode = key_file.stat().st_mode & 0o777
    if mode & 0o077:
        raise KeyExposed(f"pseudonym key file {key_file} can be read or changed by other "
                         f"users (mode {mode:04o}): run `chmod 600 {key_file}` and make "
                         "sure no copy of it is readable by others")


def fingerprint(key: bytes) -> str:
    """A short public fingerprint that identifies a key without revealing it."""
    return "sha256:" + hashlib.sha256(b"iaextract-key-fingerprint\x00" + key).hexdigest()[:16]


class Pseudonymizer:
    """Maps (entity, value) to a stable pseudonym under one key."""

    LENGTH = 16  # hex characters: 64 bits, ample for one agency's records
    #: Pseudonyms remembered per entity. Officers, incidents and people recur on many
    #: rows, and an HMAC costs far more than a lookup; bounded so memory stays flat
    #: (about 1 MB an entity; the shipped schema has three: incident, officer, person).
    #: A chunk's distinct ids are looked up once each however full it is, so a smaller
    #: memory only recomputes ids that recur across chunks (an agency's officers).
    CACHE_SIZE = 8192

    def __init__(self, key: bytes) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise KeyMissing(f"pseudonym key too short; {_HOW_TO_MAKE}")
        self.fingerprint = fingerprint(key)
        # HMAC (RFC 2104) with the key's two padded blocks hashed once: each pseudonym
        # then costs two SHA-256 copies and updates, half the work of a one-shot HMAC
        # that hashes them again every time. The result is hmac.digest's, byte for byte.
        block = (hashlib.sha256(key).digest() if len(key) > _BLOCK else key).ljust(_BLOCK, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))
        self._entities: dict[str, _Entity] = {}

    def __repr__(self) -> str:  # never show the key, even in a debugger or traceback
        return f"Pseudonymizer({self.fingerprint})"

    def pseudonym(self, entity: str, value: object) -> str | None:
        """The pseudonym of ``value`` as an ``entity`` (officer, person, incident…)."""
        return self.pseudonyms(entity, [value])[0]

    def pseudonyms(self, entity: str, values: Sequence[object], unique: bool = False
                   ) -> list[str | None]:
        """The pseudonyms of many values of one ``entity``, in order.

        ``unique``: the values do not recur (a dataset's own row ids), so they are not
        remembered, where they would only push out the ids that do (people, officers).
        """
        known = self._entities.get(entity)
        if known is None:
            known = self._entities[entity] = _Entity(self._inner, self._outer, entity,
                                                     self.LENGTH, self.CACHE_SIZE)
        return known.hashed(values) if unique else known.remembered(values)


class _Entity:
    """The pseudonyms of one entity: the HMAC with the entity's name already hashed in,
    and those of the values met lately (two plain dicts, bounded)."""

    def __init__(self, inner: Any, outer: Any, entity: str, length: int, limit: int
                 ) -> None:
        # HMAC's message is "entity\x1ftext": its first part is hashed once here.
        self._inner = inner.copy()
        self._inner.update(f"{entity}\x1f".encode())
        self._outer, self._length, self._limit = outer, length, limit
        #: Ids whose equal values are one id (int, str, NULL), by value: a chunk of them
        #: is mapped in C.
        self._plain: dict[object, str | None] = {}
        #: Other ids by (type, value): True == 1 == 1.0, but True's pseudonym differs.
        self._typed: dict[object, str | None] = {}

    def remembered(self, values: Sequence[object]) -> list[str | None]:
        """The pseudonyms of ``values``; each distinct one computed once and remembered."""
        # The types of every value: a dict's keys would show True as the 1 before it.
        plain = set(map(type, values)) <= _PLAIN_IDS
        keys: Sequence[object] = values if plain else list(zip(map(type, values), values,
                                                                strict=True))
        known = self._plain if plain else self._typed
        try:  # once a chunk's ids were all met before (officers): one pass in C
            return list(map(known.__getitem__, keys))
        except KeyError:
            pass
        # The chunk's new ids, found in C (the order they are hashed in is no matter).
        fresh = list(set(keys).difference(known))
        if len(known) + len(fresh) > self._limit:  # full: start again (memory stays flat)
            known.clear()
            fresh = list(set(keys))
        ids = fresh if plain else [value for _, value in cast("list[tuple[type, object]]", fresh)]
        known.update(zip(fresh, self.hashed(ids), strict=True))
        return list(map(known.__getitem__, keys))

    def hashed(self, values: Sequence[object]) -> list[str | None]:
        """The pseudonym of each of ``values``, none remembered."""
        inner_copy, outer_copy, length = self._inner.copy, self._outer.copy, self._length
        out: list[str | None] = []
        for text in _id_texts(values):
            if not text:
                out.append(None)
                continue
            inner = inner_copy()
            inner.update(text.encode())
            outer = outer_copy()
            outer.update(inner.digest())
            out.append(outer.hexdigest()[:length])
        return out


def _id_texts(values: Sequence[object]) -> Iterable[str | None]:
    """The text each of ``values`` is hashed as (None or empty: no pseudonym)."""
    if set(map(type, values)) <= _TEXT:  # the common column: trimmed in C
        return map(str.upper, map(str.strip, cast("Sequence[str]", values)))
    return map(_id_text, values)


def _id_text(value: object) -> str | None:
    if type(value) is str:
        return value.strip().upper()
    if type(value) is int:
        return str(value)
    return None if value is None else code_text(value)  # 12.0, Decimal('12'): "12"
