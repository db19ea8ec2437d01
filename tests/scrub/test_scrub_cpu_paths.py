"""Shortcuts that made scrubbing cheaper (issue 20 item 4) answer as the long way does.

Each is compared with the plain computation it stands in for, on planted and generated
hostile text: curly apostrophes, accents, format characters, ligatures, entities,
spaced-out letters, broken lines, unit words, separators of every kind.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from iaextract.pii.entities import KnownEntities
from iaextract.pii.normalise import _each_match, normalise
from iaextract.scrub.directory import OfficerDirectory
from iaextract.scrub.known_values import KnownAddresses

# Characters that fold to one, to none (format, combining) and to several (ligature,
# ellipsis), and those that start an entity, a spaced word or a broken line.
HOSTILE = "aBé’‘\u00a0\u200b\u0301\ufb01…Ω\u0430&;#x9 -\u00ad\n\tJ.1"
PIECES = ["O’Brien", "José", "Ｏｋａｆｏｒ", "O k a f o r", "J o s é x", "Oka-\nfor",
          "&amp;", "&#102;", "ﬁle", "Cafe\u0301", "Oka\u200bfor", " ", ", ", "\n"]
TEXTS = st.one_of(st.text(st.sampled_from(HOSTILE), max_size=40),
                  st.lists(st.sampled_from(PIECES), max_size=12).map("".join))


def _offsets(n, length: int) -> list[tuple[int, int]]:  # noqa: ANN001
    return [n.span(a, b) for a in range(length + 1) for b in range(a, length + 1)]


@settings(max_examples=500, deadline=None)
@given(TEXTS)
@example("O’Brien met José at the café")
@example("Cafe\u0301 O’Brien")  # a combining mark dropped: the long way
@example("J o s é met O’Brien")  # spaced letters: the long way
@example("ﬁle of O’Brien")  # a ligature folds to two letters: the long way
def test_normalise_translates_as_each_match_would(text: str) -> None:
    quick, slow = normalise(text), _each_match(text)
    assert quick.text == slow.text
    assert _offsets(quick, len(quick.text)) == _offsets(slow, len(slow.text))


def test_characters_alone_are_translated_without_an_origin() -> None:
    assert normalise("O’Brien met José").origin is None  # else the test above is idle
    assert normalise("O’Brien met José").text == "O'Brien met Jose"
    assert normalise("\ufb01le of O’Brien").origin is not None


def _plain_find(officers: list[tuple[str, str, list[str], str]], words: frozenset[str],
                titled: bool, badges: frozenset[str]) -> str | None:
    """The directory's answer as it was computed before its index: every officer tried."""
    from iaextract.scrub.placeholders import badge_key, name_words

    fits = set()
    for officer, last, others, badge in officers:
        last_words = name_words(last)
        every = last_words.union(*(name_words(o) for o in others))
        if last_words and last_words <= words <= every and (titled or words - last_words):
            fits.add((officer, badge_key(badge)))
    by_badge = {o for o, b in fits if b and b in badges}
    found = by_badge or {o for o, _ in fits}
    return found.pop() if len(found) == 1 else None


OFFICERS = [("hill-m", "Hill", ["Marcus"], "9562"), ("hill-j", "Hill", ["June"], "B-17"),
            ("hill-m2", "Hill", ["Marcus", "Lee"], ""),
            ("vell", "O’Shaughnessy-Vell", ["Dana"], ""),
            ("odd", "a b", [], ""), ("june", "June", ["Hill"], "4"), ("x", "", ["Marcus"], ""),
            ("de", "De La Cruz", ["Ana Maria"], "1"), ("nan", "NaN", ["None"], "nan")]
WORDS = ["hill", "marcus", "june", "lee", "dana", "vell", "shaughnessy", "cruz", "ana",
         "maria", "la", "de", "nan", "none", "a b", "zed"]


@settings(max_examples=400, deadline=None)
@given(st.frozensets(st.sampled_from(WORDS), max_size=4), st.booleans(),
       st.frozensets(st.sampled_from(["9562", "B17", "4", "1", "NAN", ""]), max_size=2))
@example(frozenset({"hill", "marcus"}), False, frozenset())
@example(frozenset({"hill"}), True, frozenset({"B17"}))
def test_the_directory_index_answers_as_trying_every_officer(
        words: frozenset[str], titled: bool, badges: frozenset[str]) -> None:
    directory = OfficerDirectory()
    for officer, last, others, badge in OFFICERS:
        directory.add(officer, last, others, badge)
    plain = _plain_find(OFFICERS, words, titled, badges)
    assert directory._find(words, titled, badges) == plain
    for _ in range(2):  # asked afresh, then answered from the memo
        assert directory.officer_id(words, titled, badges) == plain


def test_the_directory_index_finds_officers() -> None:  # else the test above is idle
    directory = OfficerDirectory()
    for officer, last, others, badge in OFFICERS:
        directory.add(officer, last, others, badge)
    assert directory._find(frozenset({"hill", "june"}), False, frozenset()) is None
    assert directory._find(frozenset({"hill"}), True, frozenset({"B17"})) == "hill-j"
    assert directory._find(frozenset({"dana", "vell", "shaughnessy"}), False, frozenset()) == "vell"
    assert len(directory) == 7


ADDRESSES = ["12 Main St", "12 Main Street Apt 4", "400 N Elm Rd", "7 King Street",
             "Unit 5 88 Oak Ave", "1 Park Place No 3", "55 Hill St, Suite 2",
             "9 Unit 4 Elm Rd"]
ADDRESS_TEXT = st.lists(st.sampled_from(
    ["12", "400", "7", "88", "1", "55", "9", "Main", "MAIN", "St", "St.", "Street", "N", "Elm",
     "Rd", "King", "Hill", "Park", "Place", "Oak", "Ave", "Apt", "Unit", "No", "Suite",
     "4", "5", "3", "2", "é", "٣", " ", " ", ", ", ". ", "-", "#", "\n", ":", "’"]),
    max_size=14).map("".join)


@settings(max_examples=500, deadline=None)
@given(ADDRESS_TEXT)
@example("met King at 7 King Street, then 12 Main St. Apt 4; 10-16 call at 14:22")
@example("Unit 5 88 Oak Ave and 55 Hill St, Suite 2 and 1 Park Place No 3")
@example("at 9 Unit 4 Elm Rd")
def test_addresses_read_two_words_at_once_as_a_word_at_a_time(text: str) -> None:
    known = KnownEntities()
    known.add_values("address", ADDRESSES)
    finder = KnownAddresses(known)
    assert finder.shortest > 2  # (the shortcut is taken)
    for start in range(len(text)):
        assert finder._longest_at(text, start) == finder._longest_read(text, start), start


def test_known_addresses_are_found_with_the_shortcut() -> None:  # else the above is idle
    known = KnownEntities()
    known.add_values("address", ADDRESSES)
    text = "met King at 7 King Street, then 12 Main St. Apt 4 and Unit 5 88 Oak Ave"
    assert [text[a:b] for a, b in KnownAddresses(known).find(text)] == [
        "7 King Street", "12 Main St. Apt 4", "Unit 5 88 Oak Ave", "5 88 Oak Ave"]


def test_the_fold_table_stays_bounded_and_right(monkeypatch) -> None:  # noqa: ANN001
    from iaextract.pii import normalise as module

    monkeypatch.setattr(module, "_FOLD_TABLE_SIZE", 3)
    monkeypatch.setattr(module, "_FOLDS", module._FoldTable())
    texts = ["O’Brien José Ωmega", "Cafe\u0301 ﬁle", "Ａｂｃ é’ Ω", "\u0430\u0431 x\u200b"]
    for _ in range(2):  # again, the table emptied and filled meanwhile
        for text in texts:
            assert normalise(text).text == _each_match(text).text
            assert len(module._FOLDS) <= 3
    assert {"\u0301", "\ufb01", "\u200b"} <= module._FOLDS.uneven
