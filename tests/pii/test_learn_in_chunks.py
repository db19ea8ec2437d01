"""The scrubber's dictionary and the scan's folding take a chunk at a time, and give
exactly what one value at a time gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iaextract.pii.entities import KnownEntities
from iaextract.pii.normalise import fold, fold_many
from iaextract.pii.value_keys import Days, key

VALUES = {
    "phone": ["(317) 555-0123", "317.555.0124", "+1 317 555 0125", "1-317-555-0126 x12",
              "317 555 0127", "١٢٣٤٥٦٧", "  ", "none"],
    "ssn": ["450-09-1754", "123"],
    "badge": ["#0017", "2403", "B"],
    "id_number": ["S156-7044-5224", "ab_12", "--"],
    "email": ["KOkafor@Example.com", " o’brien@example.org "],
    "address": ["9752 LINCOLN ROAD Apt 4", "PO Box 3307"],
    "dob": ["1980-01-02", "Jan 3 1975"],
}


def test_values_learnt_in_chunks_are_those_learnt_one_by_one() -> None:
    chunked, alone = KnownEntities(), KnownEntities()
    for kind, texts in VALUES.items():
        chunked.add_values(kind, texts)
        for text in texts:
            alone.add_value(kind, text)
    assert chunked.values == alone.values
    assert (len(chunked), chunked.version) == (len(alone), alone.version)
    known = chunked.values.keys.frozen()  # the country code is left out, as prose may
    assert key("p", "3175550123") in known and key("p", "3175550125") in known
    assert key("p", "13175550125") not in known


pieces = st.sampled_from(["a b c d", "x&amp;y", "Oka-\nfor", "Zoë", "O K A F O R", "\n",
                          "e-mail@example.com", " ", "-"])


@given(st.lists(st.lists(pieces | st.text(max_size=6), max_size=5).map("".join),
                max_size=8))
def test_a_batch_is_folded_as_each_text_alone(texts: list[str]) -> None:
    assert fold_many(texts) == [fold(text) for text in texts]


DAYS = [1, 7, 8, 9, 15, 16, 719163, 738000, 3652059]  # 0001-01-01 ... 9999-12-31


@given(st.lists(st.sampled_from(DAYS) | st.integers(1, 3652059), max_size=30))
def test_days_of_birth_answer_as_a_set_of_days(days: list[int]) -> None:
    known = Days()
    known.update(days)
    known.update(days[:3])  # again: counted once
    asked = [*DAYS, *days, *(d + 1 for d in days), *(d - 1 for d in days), 0, -1, 3652060,
             None, True, False, 10**30]
    assert [d in known for d in asked] == [d in set(days) for d in asked]
    assert len(known) == len(set(days)) and bool(known) == bool(days)
    again = Days()
    again.update(sorted(set(days), reverse=True))
    assert again == known


def test_a_negative_day_is_refused_rather_than_set_at_another_day() -> None:
    known = Days()
    known.update([9])
    with pytest.raises(ValueError, match="never negative"):
        known.update([-1])
    assert -1 not in known and 7 not in known and len(known) == 1
