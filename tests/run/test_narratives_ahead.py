"""A worker pool is handed each chunk's narratives one chunk early (run/plan.py), as the
redactor will ask for them (``str`` of each value, NULL skipped), and the chunks still
reach the redactor unchanged and in order; a dataset without narratives, or a scrubber
without workers, reads no chunk early."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from iaextract.run.plan import _narratives_ahead
from iaextract.schema import Treatment

FIELDS = ["incident_id", "summary", "district", "notes"]
TREATED = {"incident_id": Treatment.PSEUDONYM, "summary": Treatment.SCRUB,
           "district": Treatment.KEEP, "notes": Treatment.SCRUB}


class Ahead:
    """A scrubber with ``hand_ahead``, noting each call among the events."""

    def __init__(self, events: list[Any]) -> None:
        self.events = events

    def __call__(self, text: str) -> Any:
        raise AssertionError("not redacting here")

    def hand_ahead(self, texts: list[str]) -> None:
        self.events.append(("ahead", texts))


def _parts(scrub: object, treated: dict[str, Treatment] = TREATED) -> tuple[Any, Any]:
    treatments = [SimpleNamespace(field=SimpleNamespace(name=name), treatment=treatment)
                  for name, treatment in treated.items()]
    return SimpleNamespace(scrub=scrub, treatments=treatments), SimpleNamespace(fields=FIELDS)


def _chunks(events: list[Any], chunks: list[tuple[list[list[Any]], int]]
            ) -> Iterator[tuple[list[list[Any]], int]]:
    for number, chunk in enumerate(chunks):
        events.append(("read", number))
        yield chunk


CHUNKS = [
    ([["a", "b"], ["Officer O\u2019Brien", None], ["D3", " d3"], [1, 1.0]], 2),
    ([["c"], [float("nan")], ["D1"], [True]], 1),
    ([["d", "e"], ["ALL CAPS JAMES", "Zo\u00eb\u200b"], ["D2", "D2"], [None, 10**30]], 2),
]


def test_each_chunk_is_handed_ahead_before_the_one_before_it_is_redacted() -> None:
    events: list[Any] = []
    redactor, builder = _parts(Ahead(events))
    for chunk in _narratives_ahead(_chunks(events, CHUNKS), redactor, builder):
        events.append(("redact", chunk))
    assert events == [
        ("read", 0), ("ahead", ["Officer O\u2019Brien", "1", "1.0"]),
        ("read", 1), ("ahead", ["nan", "True"]), ("redact", CHUNKS[0]),
        ("read", 2), ("ahead", ["ALL CAPS JAMES", "Zo\u00eb\u200b", str(10**30)]),
        ("redact", CHUNKS[1]), ("redact", CHUNKS[2]),
    ]


def test_without_workers_or_narratives_no_chunk_is_read_early() -> None:
    plain = object()  # a scrubber in this process: no hand_ahead
    none_scrubbed = {name: Treatment.KEEP for name in FIELDS}
    for redactor, builder in (_parts(plain), _parts(Ahead([]), none_scrubbed)):
        events: list[Any] = []
        for chunk in _narratives_ahead(_chunks(events, CHUNKS), redactor, builder):
            events.append(("redact", chunk))
        assert events == [event for number, chunk in enumerate(CHUNKS)
                          for event in (("read", number), ("redact", chunk))]
