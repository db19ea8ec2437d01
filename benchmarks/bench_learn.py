"""Learning speed: CPU time to index a source's personal values (reading excluded).

    python benchmarks/bench_learn.py CONFIG [--repeat 3] [--digest]

Reads every personal value of CONFIG's source once (as the export does: declared
columns, or the whole source when the policy scrubs), keeps the chunks in memory,
then times handing them again to each learner: the leak scan's index
(``KnownValues``) and, under scrub, the scrubber's dictionary (``KnownEntities``).
``--digest`` prints a digest of everything the index holds; run with a fixed
``PYTHONHASHSEED`` to compare two versions of the code (the hashes are ``hash()``).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from iaextract.config import load_config
from iaextract.connectors import open_source
from iaextract.leakscan.values import KnownValues
from iaextract.mapping.loader import load_mappings
from iaextract.pii.entities import KnownEntities, Person
from iaextract.pii.known import _batched, stream_personal_data


class Nothing:
    """A sink that learns nothing: what reading alone costs."""

    def add_people(self, people: list[Person], tables: Iterable[str] = ()) -> None:
        pass

    def add_values(self, kind: str, values: list[str]) -> None:
        pass

    def add_person(self, person: Person, tables: Iterable[str] = ()) -> None:
        pass

    def add_value(self, kind: str, value: str) -> None:
        pass


class Recorder:
    """A sink that keeps each chunk as it is handed over, to hand it again."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any, Any]] = []

    def add_people(self, people: list[Person], tables: Iterable[str] = ()) -> None:
        self.calls.append(("people", list(people), tuple(tables)))

    def add_values(self, kind: str, values: list[str]) -> None:
        self.calls.append(("values", kind, list(values)))

    def add_person(self, person: Person, tables: Iterable[str] = ()) -> None:
        self.add_people([person], tables)

    def add_value(self, kind: str, value: str) -> None:
        self.add_values(kind, [value])


def replay(calls: list[tuple[str, Any, Any]], into: Any) -> Any:
    """Hand the recorded chunks to ``into`` as stream_personal_data would."""
    add_people, add_values = _batched(into)
    for what, first, second in calls:
        if what == "people":
            add_people(first, second)
        else:
            add_values(first, second)
    return into


def digest(known: KnownValues) -> str:
    """Everything a frozen index holds, as one hash (stable under one PYTHONHASHSEED)."""
    h = hashlib.sha256()
    h.update(known._keys._sorted.tobytes())
    if known.name_tables is not None:
        h.update(known.name_tables._sorted.tobytes())
    for part in (known._kinds, sorted(known.lengths.items()), sorted(known.names),
                 sorted(known.rare_names), sorted(known.badges),
                 sorted(known.pseudonym_shaped), known.max_compact, known.dobs,
                 known.checked):
        h.update(repr(part).encode())
    return h.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--digest", action="store_true")
    parser.add_argument("--stream", action="store_true",
                        help="also time reading + learning as the scan does it, less reading")
    args = parser.parse_args()
    config = load_config(args.config)
    mappings = list(load_mappings(config.mapping_paths).values())
    scrub = config.policy.narratives == "scrub"
    recorder = Recorder()
    with open_source(config.source.url, config.base_dir) as source:
        stream_personal_data(source, mappings, recorder, whole_source=scrub)
    gc.freeze()  # the recorded chunks are not the learner's: the collector skips them
    values = sum(len(c[1]) if c[0] == "people" else len(c[2]) for c in recorder.calls)
    print(f"{len(recorder.calls)} chunks, {values:,} people and values")
    learners: dict[str, Any] = {"KnownValues": lambda: KnownValues(
        config.policy.officer_identity == "named")}
    if scrub:
        learners["KnownEntities"] = KnownEntities
    for name, make in learners.items():
        times = []
        for _ in range(args.repeat):
            started = time.process_time()
            learnt = replay(recorder.calls, make())
            if isinstance(learnt, KnownValues):
                learnt.freeze()
            times.append(time.process_time() - started)
        line = f"{name}: best {min(times):.3f} s CPU of {args.repeat}"
        if args.digest and isinstance(learnt, KnownValues):
            line += f"; digest {digest(learnt)}"
        print(line)
    if args.stream:
        stream(config, mappings, scrub, args.repeat)


def stream(config: Any, mappings: list[Any], scrub: bool, repeat: int) -> None:
    """Reading into nothing, then reading into the index: the difference is learning."""
    for name, make in (("read only", Nothing), ("read + KnownValues", KnownValues)):
        times = []
        for _ in range(repeat):
            with open_source(config.source.url, config.base_dir) as source:
                started = time.process_time()
                learnt = stream_personal_data(source, mappings, make(), whole_source=scrub)
                if isinstance(learnt, KnownValues):
                    learnt.freeze()
                times.append(time.process_time() - started)
        print(f"{name}: best {min(times):.3f} s CPU of {repeat}")


if __name__ == "__main__":
    main()
