"""The leak scan's compact key index answers exactly as a set would."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iaextract.pii.hashed import HashedKeys

keys = st.one_of(st.text(max_size=12), st.tuples(st.text(max_size=6), st.text(max_size=6)))


@given(st.lists(st.tuples(keys, st.integers(0, 63)), max_size=60),
       st.lists(keys, max_size=60))
def test_membership_and_tags_are_those_of_a_dict(added: list, others: list) -> None:
    index, expected = HashedKeys(), {}
    for key, tag in added:
        index.add(key, tag)
        expected[key] = min(tag, expected.get(key, 63))  # the lowest tag is kept
    index.freeze()
    assert len(index) == len(expected)
    for key in [k for k, _ in added] + others:
        assert index.tag(key) == expected.get(key)
        assert (key in index) == (key in expected)


def test_an_index_larger_than_one_slice_keeps_every_key() -> None:
    index = HashedKeys()
    words = [f"name{i}" for i in range(1_200_000)]  # more than one deduplication slice
    for i, word in enumerate(words):
        index.add(("p", word), i % 7)
    for word in words[:1000]:
        index.add(("p", word), 0)
    index.freeze()
    assert len(index) == len(words)
    assert all(index.tag(("p", words[i])) == (0 if i < 1000 else i % 7)
               for i in range(0, len(words), 997))
    assert not any(("p", f"other{i}") in index for i in range(10_000))
    assert ("c", "name1") not in index  # another namespace


def test_keys_cannot_be_added_once_frozen() -> None:
    index = HashedKeys()
    index.freeze()
    assert "x" not in index and len(index) == 0
    with pytest.raises(RuntimeError):
        index.add("x")


def test_a_built_index_lets_the_word_list_go() -> None:
    # 200k English words: needed to build the index, not to match with it.
    from iaextract.leakscan.values import KnownValues, ordinary_words
    from iaextract.pii.entities import Person

    known = KnownValues()
    known.add_person(Person(first="Will", last="Okafor"))
    known.add_person(Person(first="Will", last="May"))
    assert ordinary_words.cache_info().currsize == 1
    known.freeze()
    assert ordinary_words.cache_info().currsize == 0
    assert known.phrase(("will", "okafor")) == ("name", False)
    assert known.phrase(("will", "may")) == ("name", True)  # ordinary words: capitals
    assert known.rare_names == {"okafor"}
