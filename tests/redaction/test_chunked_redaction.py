"""Chunked, column-wise building and redaction give what one row at a time gives."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from iaextract.config import PolicyConfig
from iaextract.redaction.pseudonym import Pseudonymizer
from iaextract.redaction.redactor import RecordRedactor
from iaextract.schema import DATASETS

KEY = bytes(range(32))
DATASET = DATASETS["complaint_allegations"]
MAPPED = ["allegation_id", "received_date", "officer_age", "finding", "summary"]


class CountingScrub:
    """A stand-in scrubber that says how often it was asked."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, text: str) -> tuple[str, Counter[str]]:
        self.calls += 1
        return text.replace("Smith", "[NAME]"), Counter({"NAME": text.count("Smith")})


def _redactor(scrub: CountingScrub | None = None) -> RecordRedactor:
    policy = PolicyConfig(narratives="scrub" if scrub else "drop")
    return RecordRedactor(DATASET, MAPPED, policy, Pseudonymizer(KEY), scrub)


def test_chunk_equals_row_by_row() -> None:
    records = [[1, date(2020, 3, 4), 41, "Sustained", "Mr Smith called"],
               [1.0, None, None, None, None],
               [True, date(1999, 12, 31), 95, "Other", ""],
               [" 7 ", date(2021, 1, 1), 17, "Unfounded", "Smith and Smith"]]
    columns = [list(values) for values in zip(*records, strict=True)]
    chunked = _redactor(CountingScrub()).redact_chunk(columns, len(records)).row_tuples()
    one_by_one = [_redactor(CountingScrub()).redact(record) for record in records]
    assert chunked == one_by_one
    assert chunked[1][0] == chunked[0][0]  # 1.0 is the same id as 1 ...
    assert chunked[2][0] != chunked[0][0]  # ... but True is not (remembered pseudonyms)


def test_repeated_narrative_is_scrubbed_once_but_counted_every_time() -> None:
    scrub = CountingScrub()
    redactor = _redactor(scrub)
    record = [1, date(2020, 1, 1), 30, "Sustained", "Officer spoke to Smith"]
    rows = [redactor.redact([n, *record[1:]]) for n in range(5)]
    summary = redactor.columns.index("summary")
    assert {row[summary] for row in rows} == {"Officer spoke to [NAME]"}
    assert scrub.calls == 1
    assert redactor.placeholders == Counter({"NAME": 5})


def test_empty_chunk_and_no_mapped_fields() -> None:
    assert _redactor().redact_chunk([[] for _ in MAPPED], 0).row_tuples() == []
    nothing = RecordRedactor(DATASET, [], PolicyConfig(), Pseudonymizer(KEY))
    assert nothing.redact_chunk([], 3).row_tuples() == \
        [tuple([None] * len(nothing.columns))] * 3


def test_pseudonyms_of_a_chunk_equal_each_value_alone() -> None:
    # Ids repeated within a chunk and across chunks, equal values of other types (True
    # == 1 == 1.0, whose pseudonyms differ for True), NULL and blank.
    chunks: list[list[object]] = [[7, 7, "A7", None, 7, " a7 ", 1],
                                  [1, True, 1.0, 7, "", "A7", None],
                                  [True, 7, 7]]
    expected = [[Pseudonymizer(KEY).pseudonym("officer", v) for v in chunk]  # nothing kept
                for chunk in chunks]
    assert expected[1][0] != expected[1][1]  # 1 and True are not one id
    chunked = Pseudonymizer(KEY)
    assert [chunked.pseudonyms("officer", chunk) for chunk in chunks] == expected
    assert [chunked.pseudonyms("officer", chunk, unique=True) for chunk in chunks] == expected


NAN = float("nan")
#: Ids equal as dict keys but not as ids (True and 1; 1, 1.0 and Decimal("1") are one),
#: case and spaces (" a7 " is "A7"), NaN (one object recurring, and another), ints too
#: large for a float, blanks and NULL.
IDS: list[object] = [7, "7", " 7 ", True, 1, 1.0, Decimal("1"), NAN, float("nan"), 10 ** 30,
                     10 ** 30 + 1, "", None, "A7", " a7 ", 1e20, Decimal("12.50"), "Peña",
                     7, True, NAN, "A7", 1, None, 10 ** 30, False, 0]


def test_remembered_pseudonyms_equal_each_alone_whatever_the_chunks_and_room() -> None:
    alone = [Pseudonymizer(KEY).pseudonym("person", v) for v in IDS * 2]
    assert alone[3] != alone[4] and alone[4] == alone[5] == alone[6]  # True; 1 == 1.0
    assert alone[9] != alone[10] and alone[13] == alone[14]  # no float rounding; A7
    for room in (1, 3, 32768):
        for size in (1, 2, 5, len(IDS)):
            chunked = Pseudonymizer(KEY)
            chunked.CACHE_SIZE = room
            got: list[str | None] = []
            for start in range(0, len(IDS) * 2, size):
                # Two entities side by side: each keeps its own memory.
                chunk = (IDS * 2)[start:start + size]
                got += chunked.pseudonyms("person", chunk)
                assert chunked.pseudonyms("officer", chunk) != got[-len(chunk):] or \
                    not any(got[-len(chunk):])
            assert got == alone, (room, size)
