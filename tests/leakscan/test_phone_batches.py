"""A batch of phones of which only some carry an extension (or are not plain ASCII) reads
the plain ones in one pass and the others one by one: each phone's forms are still the
forms it has alone, wherever the odd ones fall in the batch."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from iaextract.leakscan.forms import phone_forms, phone_forms_many

PLAIN = ["(317) 555-0142", "317.555.0142", "1-317-555-0142", "+1 317 555 0142", " 3175550142 ",
         "555-0142", "", " ", "1" * 40, "9" * 25, "NaN", "O’Brien", "0000000000"]
ODD = ["317 555 0142 x42", "317-555-0142 X 9", "1-704-555-0117 x647", "317 555 0142\u00a0x7",
       "٣١٧٥٥٥٠١٤٢", "317\n555-0142", "ＴＥＬ 317 555 0142", "ext", "+44 20 7946 0958 ext. 3",
       "O’Brien x1"]


def test_a_few_extensions_among_plain_phones() -> None:
    for batch in (PLAIN + ODD, ODD + PLAIN, [ODD[0]], PLAIN[:3] + ODD[:1] + PLAIN[3:],
                  [p for pair in zip(PLAIN, ODD, strict=False) for p in pair], ODD):
        assert phone_forms_many(batch) == list(map(phone_forms, batch)), batch


@given(st.lists(st.sampled_from(PLAIN + ODD) | st.text(alphabet="0123456789 -xX\n.+’",
                                                      max_size=16), max_size=12))
@settings(max_examples=300, deadline=None)
def test_any_mix_of_phones(batch: list[str]) -> None:
    assert phone_forms_many(batch) == list(map(phone_forms, batch))
