"""A large set of keys held in about 9 bytes a key: how the leak scan keeps known values.

A source of decades of records holds millions of personal values and their written
forms; as Python strings and tuples in sets they would need a gigabyte. Here each key
is kept only as its 64-bit hash, in one sorted array, with a Bloom filter in front so
that most lookups (of values that are not known) never touch the array. Memory grows
by about 9 bytes a key.

Hashes are Python's own ``hash()``: fast and cached on strings, but different in each
process, so an index is built and used in the same process (it is never saved). Two
different keys sharing a hash (about one chance in 10^11 per lookup) would make a
value look known: the scan then reports a leak that is not there, never the reverse.

What one process learns and others read (the scrubber's known values, pickled to its
worker processes) is kept instead as :func:`stable_hash` of each key, the same in every
process, in a :class:`StableHashes` that keeps growing; its ``frozen`` copy is a
``HashedKeys`` of those 64-bit integers (whose ``hash()`` no process changes).
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable, Iterable
from hashlib import blake2b
from itertools import repeat

import numpy as np
from rbloom import Bloom

TAG_BITS = 6  # the low bits of each stored hash carry the key's tag
TAG_MASK = (1 << TAG_BITS) - 1
_BLOOM_ERROR = 0.001  # share of unknown values that go on to the array
_COMPACT_SLICE = 1 << 16  # duplicates are removed this many keys at a time
_FIRST_COMPACTION = 1 << 20  # keys added before duplicates are first removed


class HashedKeys:
    """A write-once set of hashable keys, each with a small tag (0–63).

    ``add`` keys, then ``freeze`` once; after that ``tag`` and ``in`` answer. A key
    added twice with different tags keeps the lowest.
    """

    def __init__(self) -> None:
        self._building: array[int] | None = array("q")
        self._compact_at = _FIRST_COMPACTION  # building size at which duplicates go
        self._sorted: np.ndarray = np.empty(0, dtype=np.int64)
        self._bloom: Bloom | None = None

    def add(self, key: Hashable, tag: int = 0) -> None:
        if self._building is None:
            raise RuntimeError("HashedKeys is frozen")
        self._building.append((hash(key) & ~TAG_MASK) | tag)

    def add_many(self, keys: Iterable[Hashable], tag: int = 0) -> None:
        """``add`` each of ``keys`` with one tag: hashed in one C loop, stored in one go.

        A source's values repeat (a person in two tables, a phone in two columns), so
        the keys waiting for ``freeze`` are deduplicated whenever they double: memory
        stays about twice the distinct keys however often each is added.
        """
        building = self._building
        if building is None:
            raise RuntimeError("HashedKeys is frozen")
        hashes = np.fromiter(map(hash, keys), dtype=np.int64)
        if not len(hashes):
            return
        hashes &= ~TAG_MASK
        hashes |= tag
        building.frombytes(hashes.tobytes())
        if len(building) >= self._compact_at:
            del building[_sort_unique(building):]
            self._compact_at = max(2 * len(building), _FIRST_COMPACTION)

    def add_prefixed(self, prefix: str, keys: Iterable[Hashable], tag: int = 0) -> None:
        """``add_many`` of the pair ``(prefix, key)`` for each of ``keys``, the pairs never
        kept: ``zip`` hands ``hash`` the same tuple again once ``hash`` has let go of it, so
        a batch costs no allocation (nor work for the garbage collector) a key."""
        self.add_many(zip(repeat(prefix), keys), tag)

    def freeze(self) -> None:
        """Sort and deduplicate the keys in place and fill the Bloom filter."""
        if self._building is None:
            return
        keys = self._building
        self._building = None
        del keys[_sort_unique(keys):]  # in place: a large index is never copied
        self._look_up(keys)

    @classmethod
    def stored(cls, keys: array[int]) -> HashedKeys:
        """The frozen set of ``keys``, hashes already as ``add`` stores them, sorted and
        each once (as :class:`StableHashes` keeps them): ``keys`` is shared, not copied,
        and cannot be resized while this set lives."""
        made = cls()
        made._building = None
        made._look_up(keys)
        return made

    def _look_up(self, keys: array[int]) -> None:
        """Answer lookups from ``keys`` (stored, sorted, each once): fill the Bloom filter."""
        count = len(keys)
        self._sorted = np.frombuffer(keys, dtype=np.int64) if count else self._sorted
        self._bloom = Bloom(max(count, 1), _BLOOM_ERROR)
        for start in range(0, count, _COMPACT_SLICE):  # bounded temporary lists
            self._bloom.update((self._sorted[start:start + _COMPACT_SLICE] >> TAG_BITS)
                               .tolist())

    def tag(self, key: Hashable) -> int | None:
        """The tag of ``key``, or None if it was never added."""
        high = hash(key) >> TAG_BITS
        if self._bloom is None or high not in self._bloom:
            return None
        keys = self._sorted
        i = int(keys.searchsorted(high << TAG_BITS))
        if i < len(keys) and int(keys[i]) >> TAG_BITS == high:
            return int(keys[i]) & TAG_MASK
        return None

    def __contains__(self, key: Hashable) -> bool:
        return self.tag(key) is not None

    def __len__(self) -> int:
        return len(self._sorted) if self._building is None else len(self._building)


def _sort_unique(keys: array[int]) -> int:
    """Sort ``keys`` in place and move one entry per key (its lowest tag) to the front.

    Returns how many there are. Works inside the array's own buffer, a slice at a
    time, so removing duplicates needs no second copy of a large index.
    """
    view = np.frombuffer(keys, dtype=np.int64)
    if not len(view):
        return 0
    view.sort()
    written, last = 0, None
    for start in range(0, len(view), _COMPACT_SLICE):
        chunk = view[start:start + _COMPACT_SLICE]
        high = chunk >> TAG_BITS
        fresh = np.empty(len(chunk), dtype=bool)
        fresh[0] = last is None or int(high[0]) != last
        np.not_equal(high[1:], high[:-1], out=fresh[1:])
        kept = chunk[fresh]  # sorted, so a key's lowest tag comes first
        view[written:written + len(kept)] = kept
        written += len(kept)
        last = int(high[-1])
    return written


def stable_hash(text: str) -> int:
    """A 64-bit hash of ``text`` that is the same in every process and every run.

    ``hash()`` of a string differs from one process to the next, so what one process
    learns as ``hash()`` means nothing to another; what is learnt once and handed to
    worker processes (the scrubber's knowledge, :mod:`iaextract.scrub.pool`) is kept as
    these hashes instead (BLAKE2b, 8 bytes).
    """
    digest = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def stable_hashes(texts: Iterable[str]) -> np.ndarray:
    """:func:`stable_hash` of each of ``texts``, hashed in one loop with no int made."""
    digests = b"".join([blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
                        for text in texts])
    return np.frombuffer(digests, dtype="<i8").astype(np.int64, copy=False)


class StableHashes:
    """A set of text keys that keeps growing, held as their :func:`stable_hash` (8 bytes
    a key, however long the text), and that can be pickled to another process.

    Look keys up in :meth:`frozen`, a :class:`HashedKeys` of the keys added so far, with
    ``stable_hash(text) in frozen`` (``hash()`` of an int is the same in every process
    of one interpreter). Two different texts sharing the 55 bits compared there (about
    one chance in 3 x 10^16 per key held and lookup) would make a text look known: it is
    then removed where it is not a known value (fail closed), never missed.

    Each key is kept as ``frozen`` stores it (``hash()`` of its stable hash, tag bits
    clear), sorted and each once when looked up, so ``frozen`` answers from this very
    array: one copy of the keys, not two (13 MB a copy at 200,000 incidents), and keys
    found as before, bit for bit. Duplicates are removed in place, never copying it.
    """

    def __init__(self) -> None:
        self._hashes: array[int] = array("q")
        self._compact_at = _COMPACT_SLICE  # size at which duplicates are next removed
        self._frozen: HashedKeys | None = None  # answers from ``_hashes`` while it lives

    def add_many(self, texts: Iterable[str]) -> None:
        """Add each of ``texts``. A source's values repeat, so duplicates are removed
        whenever the keys double: memory stays about twice the distinct keys."""
        stable = stable_hashes(texts)
        stored = np.fromiter(map(hash, stable.tolist()), dtype=np.int64, count=len(stable))
        stored &= ~TAG_MASK  # as HashedKeys.add stores a key of tag 0
        if self._frozen is not None:  # its lookups read the array: the keys go to a new one
            self._frozen, self._hashes = None, array("q", self._hashes.tobytes())
        self._hashes.frombytes(stored.tobytes())
        if len(self._hashes) >= self._compact_at:
            self._compact()
            self._compact_at = max(2 * len(self._hashes), _COMPACT_SLICE)

    def frozen(self) -> HashedKeys:
        """The keys added so far, to look up in; this set can still grow (the answer
        then stays that of the keys it was asked with)."""
        if self._frozen is None:
            self._compact()
            self._frozen = HashedKeys.stored(self._hashes)
        return self._frozen

    def _compact(self) -> None:
        if self._frozen is None:  # (when frozen, sorted and each once already)
            del self._hashes[_sort_unique(self._hashes):]

    def __getstate__(self) -> dict[str, object]:
        # The lookup set is rebuilt where needed: a Bloom filter is not pickled.
        return {**self.__dict__, "_frozen": None}

    def __len__(self) -> int:
        self._compact()
        return len(self._hashes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StableHashes):
            return NotImplemented
        self._compact()
        other._compact()
        return self._hashes == other._hashes

    __hash__ = None  # type: ignore[assignment]  # mutable: never a key
