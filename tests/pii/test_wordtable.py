"""The compact word table answers exactly as the dict it replaces: every listed word is
found with its value, and no other word is (neighbours, prefixes, non-ASCII, oddities)."""

from __future__ import annotations

import pytest

from iaextract.pii.wordtable import StaleTable, WordMemo, WordTable

LISTED = {"rose": 1, "will": 3, "okafor": 2, "a": 7, "o'neal": 5, "washington-baptiste": 4,
          "núñez": 6, "zoë": 9, "b": 255, "ab": 8}
NOT_LISTED = ["", "ro", "roses", "Rose", "rose\n", "\nrose", "o'nea", "o'neal\nokafor",
              "nunez", "zoe", "a\udcff", "aa", "ba", "abc", " rose", "rose okafor", "\n"]


def test_every_word_listed_and_none_other() -> None:
    table = WordTable(LISTED.items())
    assert {w: table.get(w) for w in LISTED} == LISTED
    assert [table.get(w) for w in NOT_LISTED] == [0] * len(NOT_LISTED)
    assert len(table) == len(LISTED)


def test_many_words_sharing_slots() -> None:
    # more words than slots make long runs of words in one slot: each is still told apart
    words = [f"w{i}x" for i in range(20_000)]
    table = WordTable((w, 1 + i % 200) for i, w in enumerate(words))
    assert all(table.get(w) == 1 + i % 200 for i, w in enumerate(words))
    assert not any(table.get(w + "y") or table.get(w[:-1]) for w in words)


def test_values_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError, match="1-255"):
        WordTable([("rose", 0)])
    with pytest.raises(ValueError, match="1-255"):
        WordTable([("rose", 256)])


def test_memo_answers_as_the_table_and_stays_bounded() -> None:
    table = WordTable(LISTED.items())
    memo = WordMemo(table, lambda value: value * 10, size=3)
    for word in [*LISTED, *NOT_LISTED, *LISTED]:
        assert memo[word] == table.get(word) * 10
        assert len(memo) <= 3


def test_membership_in_a_memo_raises() -> None:
    # `word in memo` would answer whether it was asked before, not whether it is listed
    memo = WordMemo(WordTable(LISTED.items()), bool, size=10)
    with pytest.raises(TypeError, match="memo\\[word\\]"):
        _ = "rose" in memo


STAMP = bytes(range(32))


def test_a_dumped_table_loads_back_answering_the_same() -> None:
    table = WordTable(LISTED.items())
    loaded = WordTable.load(table.dump(STAMP), STAMP)
    assert {w: loaded.get(w) for w in [*LISTED, *NOT_LISTED]} == \
        {w: table.get(w) for w in [*LISTED, *NOT_LISTED]}
    assert len(loaded) == len(table)
    assert loaded.dump(STAMP) == table.dump(STAMP)  # the same table, the same bytes


def test_a_table_of_other_lists_is_refused() -> None:
    data = WordTable(LISTED.items()).dump(STAMP)
    with pytest.raises(StaleTable, match="other word lists"):
        WordTable.load(data, bytes(32))


@pytest.mark.parametrize("where", ["magic", "digest", "first", "values", "text", "other"])
def test_a_damaged_table_is_refused(where: str) -> None:
    data = bytearray(WordTable(LISTED.items()).dump(STAMP))
    # header: magic 8, stamp 32, digest 32, four counts of 8; then the payload: 16 slots'
    # first words (+1), 8 ASCII words' values, their text, the two others as JSON
    at = {"magic": 0, "digest": 40, "first": 104, "values": 104 + 4 * 17,
          "text": 104 + 4 * 17 + 8, "other": len(data) - 3}[where]
    data[at] ^= 0x01
    with pytest.raises(StaleTable):
        WordTable.load(bytes(data), STAMP)


def test_a_cut_or_lengthened_table_is_refused() -> None:
    data = WordTable(LISTED.items()).dump(STAMP)
    for damaged in (data[:50], data[:-1], data + b"\0", b""):
        with pytest.raises(StaleTable):
            WordTable.load(damaged, STAMP)
