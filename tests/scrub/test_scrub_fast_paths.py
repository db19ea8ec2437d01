"""The scrubber's shortcuts agree with the long way on generated hostile text.

Each shortcut (the people layer reusing the name layer's split, the ID patterns' ASCII
twins and VIN gate, resolve's sort) is compared with the plain computation it stands in
for; the texts are built from the characters that decide where words, names and numbers
begin and end (apostrophes straight and curly, hyphens, capitals, digits), so a shortcut
whose guard were dropped or wrong would disagree on some of them.
"""

from __future__ import annotations

import re
from itertools import accumulate

from hypothesis import example, given, settings
from hypothesis import strategies as st

from iaextract.pii.normalise import normalise
from iaextract.scrub import names, patterns, people_words, placeholders
from iaextract.scrub.people import PeopleFinder
from iaextract.scrub.scrubber import PRIORITY, Finding, resolve

# Pieces of hostile narratives: names in any case, "LAST, FIRST", hyphenated and
# apostrophised surnames, VIN- and licence-shaped runs, separators of every kind.
PIECES = ["Smith", "JONES", "o'neil", "O’Brien", "Washington-Baptiste", "de la", "Will",
          "Rose", "King", "HILL, MARCUS", "J.", "DL", "VIN", "ID #", "1HGCM82633A004352",
          "S1234567", "D123-4567-8901", "(317) 555-0123", "a", "-", "--", "'", " - ", " ",
          ", ", ". ", "\n", "and", "boyfriend", "Ofc.", "x-ray", "rock'n-roll", "42",
          "ABCDEFGHJKLMNPRST", "0123456789ABCDEFG"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)
LETTERS = st.text(st.sampled_from("aAbZ'’- .,\n1"), max_size=40)


def _own_split(text: str) -> tuple[list[str], list[int]]:
    parts = people_words._ASCII_SPLIT_RE.split(text)
    return parts, list(accumulate(map(len, parts)))


@settings(max_examples=400, deadline=None)
@given(st.one_of(TEXTS, LETTERS))
@example("Tyrone Washington-Baptiste met Smith-Jones-Lee at the x-ray - room")
@example("-Smith-Jones- -a-b-c-'d-e'-f--g-")
def test_the_people_layer_reads_the_name_layers_split_as_its_own(text: str) -> None:
    text = normalise(text).text
    names._tokens(text, frozenset(), False, {})  # the name layer splits first
    shared = names.shared_split(text)
    assert shared == _own_split(text) if text.isascii() else shared is None


def test_hyphenated_words_are_joined_as_the_people_layer_joins_them() -> None:
    # (the name layer parts "Washington-Baptiste" in two, the people layer does not)
    text = "Sgt. Washington-Baptiste and Smith-Jones-Lee - x-ray-"
    names._tokens(text, frozenset(), False, {})
    assert names._last_split[1] != _own_split(text)[0]
    assert names.shared_split(text) == _own_split(text)
    assert "Smith-Jones-Lee" in _own_split(text)[0]
    names._tokens(text, frozenset(), False, {})  # joining left the name layer's own alone
    assert "Smith" in names._last_split[1]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
@example("Boyfriend Tyrone Washington-Baptiste and HILL, MARCUS met x-ray tech Rose-Ann")
def test_people_found_alike_with_and_without_the_shared_split(text: str) -> None:
    text = normalise(text).text
    finder = PeopleFinder()
    names._tokens(text, frozenset(), False, {})
    shared = finder.find(text)
    names._last_split = ("", [], [])  # nothing to share: the people layer splits itself
    assert finder.find(text) == shared


@settings(max_examples=300, deadline=None)
@given(TEXTS)
@example("VIN 1HGCM82633A004352, DL D123-4567-8901; id # S1234567")
def test_id_shortcuts_find_what_the_unicode_patterns_find(text: str) -> None:
    text = normalise(text).text
    full = []
    for m in patterns.ID_CONTEXT_RE.finditer(text):
        value = m.group(1).rstrip(" -")
        if any(c.isdigit() for c in value):
            full.append(("id_number", m.start(1), m.start(1) + len(value)))
    full += [("id_number", *m.span()) for m in patterns.ID_SHAPE_RE.finditer(text)]
    full += [("id_number", *m.span()) for m in patterns.VIN_RE.finditer(text)]
    assert list(patterns.find_ids(text)) == full


def test_the_vin_gate_passes_every_vin() -> None:
    for vin in ("1HGCM82633A004352", "JH4KA7561PC008269", "5YJSA1E2XFF000001"):
        text = f"VIN {vin} was run"
        spans = [m.span() for m in patterns.VIN_RE.finditer(text)]
        assert spans and patterns._VIN_GATE.search(text) is not None
        assert [s[1:] for s in patterns.find_ids(text)][-1:] == spans[-1:]


def _resolve_by_key(spans: list[tuple[str, int, int]]) -> tuple[Finding, ...]:
    """resolve as first written: a key function sort, min over every group."""
    out: list[Finding] = []
    group: list[tuple[str, int, int]] = []
    end = -1
    for span in sorted((s for s in spans if s[2] > s[1]), key=lambda s: (s[1], -s[2])):
        if group and span[1] >= end:
            best = min(group, key=lambda s: (s[1] - s[2], PRIORITY[s[0]]))
            out.append(Finding(best[0], group[0][1], end))
            group = []
        group.append(span)
        end = max(end, span[2]) if len(group) > 1 else span[2]
    if group:
        best = min(group, key=lambda s: (s[1] - s[2], PRIORITY[s[0]]))
        out.append(Finding(best[0], group[0][1], end))
    return tuple(out)


SPANS = st.lists(st.tuples(st.sampled_from(sorted(PRIORITY)), st.integers(0, 30),
                           st.integers(0, 30)), max_size=12)


@settings(max_examples=500, deadline=None)
@given(SPANS)
def test_resolve_agrees_with_the_key_function_sort(spans: list[tuple[str, int, int]]) -> None:
    assert resolve(spans) == _resolve_by_key(spans)


# The test a mention's title was first made with: a search, anchored at the end.
_TITLE_BEFORE = re.compile(
    r"(?:\b(?:officers?|ofc|off|sgt|sergeant|lt|lieutenant|cpl|corporal|det|detective"
    r"|capt|captain|deputy|dep|trooper|p\.o|inv|investigator|agent|chief)\.?|#\d+)"
    r"[\s,:]*$", re.IGNORECASE)
BEFORE = st.lists(st.sampled_from(
    ["Ofc", "OFFICERS", "officer", "p.o", "P.O", "Sgt", "sergeant", "Lt", "det", "Detective",
     "chief", "Agent", "xofc", "ofcx", "#", "#12", "４", "12", ".", ",", ":", " ", "\n", "\t",
     "\u00a0", "\u2003", "the", "told", "Inv", "Capt", "Deputy", "dep", "Trooper", "s", "ſ"]),
    max_size=10).map("".join)


@settings(max_examples=1000, deadline=None)
@given(BEFORE)
@example("reported by Ofc. ")
@example("badge #4471, \n")
def test_titles_read_backwards_as_the_anchored_search_reads_them(before: str) -> None:
    backwards = placeholders._OFFICER_BEFORE_REVERSED_RE.match(before[::-1]) is not None
    assert backwards == (_TITLE_BEFORE.search(before) is not None)


FINDER = PeopleFinder()
WORDS = ["smith", "kraevik", "will", "rose", "the", "after", "vikram", "j", "a", "liam",
         "hill", "stated", "per", "o'neil", "washington-baptiste", "asp", "may", "x"]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(WORDS), st.sampled_from([0, 1, 2]),
       st.sampled_from(["", " ", ". ", " the ", ":\n", "\"", " and "]),
       st.booleans(), st.booleans(), st.booleans())
def test_a_one_word_run_reads_as_a_run_of_one(key: str, case: int, before: str, first: bool,
                                              shouting: bool, label: bool) -> None:
    run = [people_words.Token(0, len(key), key, case, before)]
    assert FINDER._reads_as_name(run, before, first, shouting, label) \
        == FINDER._run_reads_as_name(run, before, first, shouting, label)
