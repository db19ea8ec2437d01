"""The scrubber's compact word lists answer as the sets and the dict they replace, for
every word of the lists and for words that are in none."""

from __future__ import annotations

from iaextract.pii import words
from iaextract.scrub import word_lists


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
