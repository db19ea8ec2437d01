"""The scrubber's compact word lists answer as the sets and the dict they replace, for
every word of the lists and for words that are in none; the table shipped with them is
a fresh build of them, and one that is stale or damaged is built afresh, never used."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from iaextract.pii import words
from iaextract.pii.wordtable import WordTable
from iaextract.scrub import word_lists


@pytest.fixture
def fresh_table() -> Iterator[None]:
    """table() asked afresh (it is kept per process), and forgotten after the test."""
    word_lists.table.cache_clear()
    yield
    word_lists.table.cache_clear()


def _step(count: int) -> int:
    return max([0, *(step for step in word_lists.COUNT_STEPS if step <= count)])


def test_every_listed_word_answers_as_the_full_lists() -> None:
    english, surnames, counts = words.english_words(), words.surnames(), words.word_counts()
    memo_english, memo_surnames = word_lists.english(), word_lists.surnames()
    memo_counts = word_lists.counts()
    every = sorted(english | surnames | set(counts))
    outsiders = ["okafor-kraevik", "kraevik", "", "Rose", "ROSE", "zzqx", "nguyenx",
                 *(w + "q" for w in every[::50]), *(w[:-1] for w in every[::50])]
    for word in every + outsiders:
        assert memo_english[word] == (word in english), word
        assert memo_surnames[word] == (word in surnames), word
        assert memo_counts[word] == _step(counts.get(word, 0)), word


def test_every_threshold_compares_as_with_the_exact_count() -> None:
    # A layer compares counts with the steps only: rounding down changes no answer.
    counts, memo = words.word_counts(), word_lists.counts()
    for word, count in list(counts.items())[::7]:
        for step in word_lists.COUNT_STEPS:
            assert (memo[word] >= step) == (count >= step)


def test_the_steps_are_the_thresholds_the_people_layer_compares_with() -> None:
    from iaextract.scrub import people, people_classes

    thresholds = {people_classes.COMMON_WORD_COUNT, people.VERY_COMMON_WORD_COUNT,
                  people_classes.RARE_WORD_COUNT, people_classes.PLAIN_WORD_COUNT,
                  people_classes.RARE_DICTIONARY_WORD_COUNT}
    assert thresholds <= set(word_lists.COUNT_STEPS)


def test_the_shipped_table_is_a_fresh_build_of_the_installed_lists() -> None:
    # Fails after a list, pyspellchecker or the table's making changed: run
    # scripts/generate_word_table.py (an installed stale copy is not used; see below).
    assert word_lists._shipped() == word_lists.build().dump(word_lists.stamp())


def _built_instead(monkeypatch: pytest.MonkeyPatch) -> WordTable:
    built = WordTable([("qzxbuilt", 1)])
    monkeypatch.setattr(word_lists, "build", lambda: built)
    return built


def test_the_shipped_table_is_what_answers(monkeypatch: pytest.MonkeyPatch,
                                           fresh_table: None) -> None:
    # what the tests above asked is the shipped file, read back, not a build
    built = _built_instead(monkeypatch)
    assert word_lists.table() is not built
    assert word_lists.english()["rose"] and not word_lists.english()["qzxbuilt"]


def test_a_table_of_other_lists_is_built_afresh(monkeypatch: pytest.MonkeyPatch,
                                                fresh_table: None) -> None:
    # another pyspellchecker (its code or frequencies): the shipped stamp no longer fits
    built = _built_instead(monkeypatch)
    monkeypatch.setattr(word_lists, "_spellchecker_files", lambda: [b"another version"])
    assert word_lists.table() is built


@pytest.mark.parametrize("damage", ["flip", "cut", "missing"])
def test_a_damaged_or_missing_table_is_built_afresh(monkeypatch: pytest.MonkeyPatch,
                                                    fresh_table: None, damage: str) -> None:
    shipped = word_lists._shipped()
    # one word's value changed in place: "rose" would no longer be an English word
    loaded = WordTable.load(shipped, word_lists.stamp())
    i = next(i for i in range(len(loaded._values)) if loaded._text[
        loaded._starts[i]:loaded._starts[i + 1] - 1] == "rose")
    at = 104 + 4 * len(loaded._first) + i
    flipped = shipped[:at] + bytes([shipped[at] ^ 1]) + shipped[at + 1:]

    def damaged() -> bytes:
        if damage == "missing":
            raise FileNotFoundError(word_lists.TABLE_FILE)
        return flipped if damage == "flip" else shipped[:-100]

    built = _built_instead(monkeypatch)
    monkeypatch.setattr(word_lists, "_shipped", damaged)
    assert word_lists.table() is built
