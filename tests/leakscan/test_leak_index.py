"""The leak scan's compact key index answers exactly as a set would."""

from __future__ import annotations

from datetime import date

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


@given(st.lists(st.tuples(st.lists(keys, max_size=8), st.integers(0, 63)), max_size=12),
       st.lists(keys, max_size=20))
def test_keys_added_in_batches_answer_as_keys_added_one_by_one(
        batches: list, others: list) -> None:
    one_by_one, batched = HashedKeys(), HashedKeys()
    for batch, tag in batches:
        for key in batch:
            one_by_one.add(key, tag)
        batched.add_many(batch, tag)
    one_by_one.freeze()
    batched.freeze()
    assert len(batched) == len(one_by_one)
    for key in [k for batch, _ in batches for k in batch] + others:
        assert batched.tag(key) == one_by_one.tag(key)


def test_duplicates_removed_while_building_keep_the_lowest_tag(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import iaextract.pii.hashed as hashed

    monkeypatch.setattr(hashed, "_FIRST_COMPACTION", 100)  # compact after every batch
    index = HashedKeys()
    names = [f"name{i}" for i in range(150)]
    index.add_many(names, 9)
    index.add_many(names, 9)  # a person read from a second table
    assert len(index) < 2 * len(names)  # the repeats went before freeze
    index.add_many(names[:50], 3)
    index.add_many(names[100:], 20)
    index.freeze()
    assert len(index) == len(names)
    assert [index.tag(n) for n in names] == [3] * 50 + [9] * 100
    assert "other" not in index


def test_keys_cannot_be_added_once_frozen() -> None:
    index = HashedKeys()
    index.freeze()
    assert "x" not in index and len(index) == 0
    with pytest.raises(RuntimeError):
        index.add("x")
    with pytest.raises(RuntimeError):
        index.add_many(["x"])


def test_a_built_index_lets_the_word_list_go() -> None:
    # 200k English words: needed to build the index, not to match with it.
    from iaextract.leakscan.tokens import ordinary_words
    from iaextract.leakscan.values import KnownValues
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


def test_values_indexed_in_batches_are_indexed_as_one_by_one() -> None:
    import numpy as np

    from iaextract.leakscan.values import KnownValues

    values = {
        "phone": ["(317) 555-0123", "317.555.0124", "+1 317 555 0125", "1-317-555-0126 x12",
                  "+44 20 7946 0958", "555-01", "  "],
        "ssn": ["450-09-1754", "123"],
        "id_number": ["S156-7044-5224", "0123456789abcdef", "AB-12"],
        "email": ["KOkafor@Example.com", "not an address", "o’brien@example.org"],
        "dob": ["1980-01-02", "2/25/1990 0:00", "Jan 3 1975", "not a day"],
        "address": ["9752 LINCOLN ROAD Apt 4", "PO Box 3307", "8833 Main Way"],
        "badge": ["2403", "#0017"],
        "name": ["Rose", "Van der Berg", "O’BRIEN"],
        "plate": ["7ABC123", "Will May"],
    }
    one_by_one, batched = KnownValues(), KnownValues()
    for kind, texts in values.items():
        for text in texts:
            one_by_one.add_value(kind, text)
        batched.add_values(kind, texts)
    one_by_one.freeze()
    batched.freeze()
    assert np.array_equal(batched._keys._sorted, one_by_one._keys._sorted)
    for part in ("checked", "max_compact", "names", "rare_names", "badges", "dobs",
                 "pseudonym_shaped", "lengths", "_kinds"):
        assert getattr(batched, part) == getattr(one_by_one, part), part
    assert batched.pseudonym_shaped == {"0123456789abcdef"}
    assert batched.compact("13175550124") == "phone"  # +1 and ten digits
    assert batched.is_dob(date(1975, 1, 3)) and not batched.is_dob(date(1975, 1, 4))
    assert batched.phrase(("9752", "lincoln", "rd")) == ("address", False)
    assert batched.cell("555 01") == "phone"  # too short for a run: the whole value
