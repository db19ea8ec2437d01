"""The scrubber's known values (StableHashes) are looked up in the very array they are
kept in: each must answer exactly as a HashedKeys of the stable hashes built the old way
(a second copy), for known texts, unknown ones, and ints that share its compared bits."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from iaextract.pii.hashed import HashedKeys, StableHashes, stable_hash, stable_hashes

MODULUS = (1 << 61) - 1  # hash() of an int is the int modulo this (64-bit CPython)
HOSTILE = ["", " ", "d3", " d3", "D3", "O’Brien", "O'Brien", "OBRIEN", "nan", "None", "True",
           "1", "1.0", "\u200bOkafor", "Okafor\u00ad", "Zoë", "Zoe\u0308", "9" * 400,
           "\ud800", "p3175550123", "a12 main street"]


def reference(texts: list[str]) -> HashedKeys:
    """What the finder looked values up in before: a second copy, hashed afresh."""
    keys = HashedKeys()
    keys.add_many(stable_hashes(texts).tolist())
    keys.freeze()
    return keys


def probes(texts: list[str]) -> list[int]:
    """The texts' keys, and ints equal to each in the bits a lookup compares."""
    found = [stable_hash(text) for text in texts + [t + "x" for t in texts]]
    twins = [k + sign * MODULUS for k in found for sign in (1, -1)
             if -(1 << 63) <= k + sign * MODULUS < 1 << 63]
    return found + twins + [-1, -2, 0, (1 << 63) - 1, -(1 << 63)]


def answers(keys: HashedKeys, asked: list[int]) -> list[bool]:
    return [k in keys for k in asked]


@given(st.lists(st.sampled_from(HOSTILE) | st.text(max_size=12), max_size=40),
       st.lists(st.sampled_from(HOSTILE) | st.text(max_size=12), max_size=40))
def test_frozen_answers_as_a_copy_hashed_afresh(first: list[str], then: list[str]) -> None:
    known = StableHashes()
    known.add_many(first)
    before = known.frozen()
    known.add_many(then)  # grows after being looked up: the first answers stay
    after = known.frozen()
    asked = probes(first + then + HOSTILE)
    assert answers(before, asked) == answers(reference(first), asked)
    assert answers(after, asked) == answers(reference(first + then), asked)
    copy = pickle.loads(pickle.dumps(known))  # as a scrubbing worker is given it
    assert copy == known and answers(copy.frozen(), asked) == answers(after, asked)


def test_duplicates_go_in_place_and_frozen_shares_the_array() -> None:
    known = StableHashes()
    texts = [f"p{n:010d}" for n in range(70_000)]  # past the first compaction
    known.add_many(texts)
    known.add_many(texts[::-1])
    assert len(known) == len(set(texts))
    frozen = known.frozen()
    assert frozen._sorted.ctypes.data == known._hashes.buffer_info()[0]  # one copy
    assert known.frozen() is frozen  # asked again, the same set
    assert all(stable_hash(t) in frozen for t in texts[:1000])
    assert stable_hash("p9999999999") not in frozen
