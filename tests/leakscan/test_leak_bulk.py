"""The leak scan's bulk paths answer as the value-by-value ways they replace: phone
numbers read a batch at a time, and the quick reading of prose looking up phrases only
where a phrase's second token follows its first."""

from __future__ import annotations

from itertools import compress, count

from hypothesis import given, settings
from hypothesis import strategies as st

from iaextract.leakscan.forms import phone_forms, phone_forms_many
from iaextract.leakscan.match import _LOWER_TOKENS, Matcher
from iaextract.leakscan.values import KnownValues
from iaextract.pii.entities import Person
from iaextract.pii.known import PersonalData

PHONES = ["(317) 555-0142", "317.555.0142", "317-555-0142", "3175550142", "+1 317 555 0142",
          "1-317-555-0142", "13175550142", " +3175550142", "317 555 0142 x42",
          "317 555 0142 EXT. 9", "317-555-0142 extension 12", "+44 20 7946 0958",
          "020 7946 0958", "555-0142", "", " ", "31755501420", "+1 (317) 555-0142",
          "٣١٧٥٥٥٠١٤٢", "317\u200b555\u200b0142", "317 555 0142\u00a0x7", "3l7 555 0142",
          "ＴＥＬ 317 555 0142", "1" * 40, "0000000000", "+0 317 555 0142"]


def test_a_batch_of_phones_has_the_forms_of_each_phone_alone() -> None:
    ascii_only = [p for p in PHONES if p.isascii()]
    plain = [p for p in ascii_only if "x" not in p.lower()]
    for batch in (PHONES, ascii_only, plain, ["317 555 0142 X42", "317-555-0143"],
                  ["317-555-0142\n317-555-0143"], plain[:1], []):
        assert phone_forms_many(batch) == list(map(phone_forms, batch)), batch


@given(st.lists(st.text(alphabet="0123456789 ()-.+xXeE\n\t\u00a0٣１", max_size=20),
                max_size=8))
@settings(max_examples=500, deadline=None)
def test_any_batch_of_phones_has_the_forms_of_each_alone(batch: list[str]) -> None:
    assert phone_forms_many(batch) == list(map(phone_forms, batch))


def _known() -> KnownValues:
    data = PersonalData(people=[Person(first="Keisha", last="Okafor", middle="Ann"),
                                Person(first="Will", last="May"),
                                Person(first="Sean", last="O’Brien", nickname="Shay")])
    for kind, value in [("address", "1234 N Meridian Street Apt 4B"),
                        ("address", "PO Box 3307"), ("plate", "7ABC 123")]:
        data.add_value(kind, value)
    return KnownValues.build(data)


KNOWN = _known()
WORDS = ["keisha", "okafor", "ann", "k", "will", "may", "sean", "o", "brien", "shay",
         "1234", "n", "meridian", "st", "apt", "4b", "po", "p", "box", "3307", "7abc",
         "123", "the", "at", "and", "12"]


def _any_phrase(words: list[str]) -> bool:
    """The phrase lookups at every first token, as the quick reading made them before."""
    lengths = KNOWN.lengths
    return any(KNOWN.phrase(tuple(words[i:i + n])) is not None
               for i in compress(count(), map(lengths.__contains__, words))
               for n in lengths[words[i]])


def test_every_phrase_is_learnt_with_its_second_token() -> None:
    assert {"okafor", "keisha", "may", "will", "brien", "n", "box", "o", "123"} \
        <= KNOWN.seconds


@given(st.lists(st.sampled_from(WORDS), max_size=14))
@settings(max_examples=1500, deadline=None)
def test_the_quick_phrase_check_finds_what_every_lookup_finds(words: list[str]) -> None:
    text = " ".join(words)
    tokens = text.encode().translate(_LOWER_TOKENS).decode().split()
    assert Matcher(KNOWN)._may_be_phrase(tokens) == _any_phrase(tokens)
