"""The shipped English word list is the english-words package's, word for word."""

from __future__ import annotations

from iaextract.pii.words import english_words, english_words_from_package


def test_the_shipped_word_list_is_the_packages() -> None:
    shipped = english_words()
    assert shipped == english_words_from_package()
    # Ordinary words are in; names written capitalised in the lists are not.
    assert {"rose", "will", "bright", "street"} <= shipped
    assert "okafor" not in shipped and "" not in shipped
