"""The leak scan's index learns a chunk at a time (batch tokenising, each name part once,
the collector paused) and holds exactly what learning each value alone would."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iaextract.leakscan.match import FREE, Column, Matcher
from iaextract.leakscan.person_phrases import NameParts
from iaextract.leakscan.tokens import CANONICAL, tokens, tokens_many
from iaextract.leakscan.values import KnownValues
from iaextract.pii.entities import Person
from iaextract.pii.hashed import TAG_BITS, TAG_MASK, HashedKeys

PIECES = [*CANONICAL, "North", "NORTH", "st", "Main", "O’Brien", "x_y", "12", "Zoë", "&amp;",
          "\n", "\t", "-", ".", ",", " ", "  ", "_", "é"]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=8).map(
    " ".join) | st.lists(st.sampled_from(PIECES), max_size=8).map("".join)


@given(st.lists(texts, max_size=8))
def test_a_batch_is_tokenised_as_each_text_alone(batch: list[str]) -> None:
    assert tokens_many(batch) == [tokens(text) for text in batch]


def test_street_words_in_a_row_are_each_spelt_one_way() -> None:
    batch = ["North North North Street", "n.north_NORTH-west", "Avenue", "", "  "]
    assert tokens_many(batch) == [["n", "n", "n", "st"], ["n", "n", "n", "w"], ["ave"], [],
                                  []]
    assert tokens_many(batch) == [tokens(text) for text in batch]


@given(st.lists(st.one_of(st.text(max_size=8), st.tuples(st.text(max_size=4))), max_size=20),
       st.integers(0, 63))
def test_prefixed_keys_are_the_pairs_added_as_such(keys: list, tag: int) -> None:
    prefixed, pairs = HashedKeys(), HashedKeys()
    prefixed.add_prefixed("p", keys, tag)
    pairs.add_many([("p", key) for key in keys], tag)
    prefixed.freeze()
    pairs.freeze()
    assert prefixed._sorted.tolist() == pairs._sorted.tolist()


PEOPLE = [
    Person(first="Keisha", last="Okafor"),
    Person(first="KEISHA", last="OKAFOR", middle="Rose"),  # ALL CAPS; an ordinary middle
    Person(first="Will", last="May"),  # ordinary words: a phrase that needs capitals
    Person(first="Rose", last="King", middle="Will", nickname="Rosie"),
    Person(first="Seán", last="O’Brien", maiden="Van der Berg"),  # accents, curly apostrophe
    Person(first="J", last="Nakamura-Okafor", middle="Q"),
    Person(last="Okafor"),  # parts met before, alone
    Person(first="Keisha", last="De La Cruz", nickname="Kiki"),
    Person(first="--", last="Okafor"),  # a part with no token
    Person(first="Édith", last="Will", middle="É"),  # a one-letter initial outside ASCII
]


def _tagged(known: KnownValues) -> dict[int, int]:
    """Each stored key (its hash) and its tag."""
    return {int(k) >> TAG_BITS: int(k) & TAG_MASK for k in known._keys._sorted}


def _each_alone(people: list[Person], tables: tuple[str, ...]) -> dict[int, int]:
    """The keys of ``people``, each learnt by an index of its own (nothing remembered)."""
    expected: dict[int, int] = {}
    for person in people:
        alone = KnownValues()
        alone.add_people([person], tables)
        for key, tag in _tagged(alone.freeze()).items():
            expected[key] = min(tag, expected.get(key, TAG_MASK))
    return expected


@pytest.mark.parametrize("limit", [NameParts.LIMIT, 3])  # 3: the part cache is always full
def test_people_learnt_in_chunks_are_indexed_as_each_alone(
        limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(NameParts, "LIMIT", limit)
    known = KnownValues(name_tables=True)
    for start in range(0, len(PEOPLE), 3):
        known.add_people(PEOPLE[start:start + 3], ("citizens",))
    known.freeze()
    assert _tagged(known) == _each_alone(PEOPLE, ("citizens",))
    assert known.checked == sum(1 for p in PEOPLE for part in (p.first, p.last, p.middle,
                                                               p.maiden, p.nickname) if part)
    assert known.phrase(("will", "may")) == ("name", True)
    assert known.phrase(("keisha", "okafor")) == ("name", False)
    assert known.phrase(("j", "nakamura", "okafor")) == ("name", False)
    assert known.rare_names >= {"okafor", "keisha"}
    assert "rose" not in known.rare_names


def test_a_name_first_met_in_chunk_1_is_found_after_chunk_40() -> None:
    known = KnownValues()
    known.add_people([Person(first="Keisha", last="Okafor")], ("citizens",))
    for chunk in range(2, 40):
        known.add_people([Person(first=f"Given{chunk}", last=f"Family{chunk}")],
                         ("citizens",))
    known.add_people([Person(first="Keisha", last="Nakamura")], ("citizens",))  # parts again
    matcher = Matcher(known.freeze())
    for text in ("Keisha Okafor", "Nakamura, Keisha", "K. Nakamura", "Okafor"):
        assert matcher.find(f"Seen: {text} was there.", Column(FREE)) == "name", text


def test_a_part_met_again_in_another_table_is_a_name_of_that_table() -> None:
    known = KnownValues(name_tables=True)
    known.add_people([Person(first="Keisha", last="Okafor")], ("citizens",))
    known.add_people([Person(first="Keisha", last="Nakamura")], ("employees",))
    known.freeze()
    assert known.of_table("keisha", frozenset({"employees"}))
    assert known.of_table(("keisha", "nakamura"), frozenset({"employees"}))
    assert not known.of_table("okafor", frozenset({"employees"}))


def test_a_full_cache_still_learns_new_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(NameParts, "LIMIT", 2)
    known = KnownValues()
    people = [Person(first=f"Given{i}", last=f"Family{i}") for i in range(20)]
    known.add_people(people, ("citizens",))
    known.freeze()
    assert len(known._parts) <= 2
    assert all(known.cell(f"family{i}") == "name" for i in range(20))
    assert all(known.phrase((f"given{i}", f"family{i}")) == ("name", False)
               for i in range(20))


def test_values_of_every_kind_learnt_in_a_chunk_are_indexed_as_each_alone() -> None:
    values = {
        "phone": ["(317) 555-0123", "317.555.0124", "+1 317 555 0125", "1-317-555-0126 x12",
                  "317 555 0127", "555-01", "  "],
        "email": ["KOkafor@Example.com", "not an address", "o’brien@example.org", "A B C D"],
        "address": ["9752 LINCOLN ROAD Apt 4", "PO Box 3307", "12 North North St",
                    "8833 Main Way\nUnit 2", "Rue de l’Église 3"],
        "dob": ["1980-01-02", "Jan 3 1975", "not a day"],
        "plate": ["7ABC123", "Will May"],
    }
    chunked, alone = KnownValues(), KnownValues()
    for kind, texts in values.items():
        chunked.add_values(kind, texts)
        for text in texts:
            alone.add_values(kind, [text])
    assert _tagged(chunked.freeze()) == _tagged(alone.freeze())
    assert chunked.checked == alone.checked


def test_learning_leaves_the_garbage_collector_as_it_found_it() -> None:
    known = KnownValues()
    assert gc.isenabled()
    known.add_values("address", ["9752 Lincoln Road"])
    assert gc.isenabled()
    gc.disable()
    try:
        known.add_people([Person(first="Keisha", last="Okafor")])
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(TypeError):
        known.add_values("address", [None])  # type: ignore[list-item]
    assert gc.isenabled()
