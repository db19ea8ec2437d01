"""The shipped English word list is the english-words package's, word for word."""

from __future__ import annotations

from iaextract.pii.words import (
    _english_text,
    english_word_list,
    english_words,
    english_words_from_package,
)


def test_the_shipped_word_list_is_the_packages() -> None:
    shipped = english_words()
    assert shipped == english_words_from_package()
    # Ordinary words are in; names written capitalised in the lists are not.
    assert {"rose", "will", "bright", "street"} <= shipped
    assert "okafor" not in shipped and "" not in shipped


def test_the_sorted_list_answers_as_the_set_does() -> None:
    """The leak scan's binary search over the shipped bytes: every word is found, and
    names, neighbours of words (a prefix, one letter more) and oddities are not."""
    words = english_words()
    listed = english_word_list(also=["january"])
    assert all(word in listed for word in sorted(words))
    near = {w + "q" for w in list(words)[:5000]} | {w[:-1] for w in list(words)[:5000]}
    others = {"okafor", "nguyen", "", "zzzzzz", "a\udcff", "ÉCOLE", "Rose", "0"} | near
    assert [w for w in others - words if w in listed] == []
    assert "january" in listed and listed.issuperset(("january", "rose"))
    assert not listed.issuperset(("rose", "okafor")) and not listed.issuperset(("okafor",))


def test_the_shipped_list_is_sorted_for_the_binary_search() -> None:
    lines = _english_text().split(b"\n")
    assert lines == sorted(lines) and b"" not in lines
