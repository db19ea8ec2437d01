"""The data of one run: what was asked, what is planned per dataset, what came of it.

Plain records shared by the run's modules, the preview and the CLI; the writers get
what they need from them as plain values (see DatasetPlan.exported and .details).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from iaextract import testhooks
from iaextract.chunks import ColumnChunk
from iaextract.config import Config, PolicyConfig
from iaextract.connectors import Source
from iaextract.disclosure.plan import DisclosureControl, disclosure_levels
from iaextract.heap import release_memory
from iaextract.mapping.model import Mapping
from iaextract.mapping.query import Query, RowWindow, Window
from iaextract.mapping.transform import RecordBuilder
from iaextract.redaction.pseudonym import Pseudonymizer
from iaextract.redaction.redactor import RecordRedactor, TextScrub, narrative_texts
from iaextract.run.retry import RetryPolicy, stream_with_retry
from iaextract.run.runlog import NoEvents, RunEvents
from iaextract.schema import Dataset, Treatment
from iaextract.writers.exported import ExportedDataset

NO_RETRY = RetryPolicy(retries=0)


class Progress(Protocol):
    """Receives progress of a run (a rich bar on a terminal, log lines otherwise)."""

    wants_totals: bool

    def start(self, dataset: str, total: int | None) -> None: ...
    def advance(self, dataset: str, rows: int) -> None: ...
    def finish(self, dataset: str, result: DatasetResult) -> None: ...


class RowSink(Protocol):
    """Where one dataset's public rows go (the format writers, or the incremental merge)."""

    def write(self, chunk: ColumnChunk) -> None: ...
    def close(self) -> None: ...
    def abort(self) -> None: ...


class WindowPlanner(Protocol):
    """Decides each dataset's window before its query is built (incremental runs)."""

    def window_for(self, mapping: Mapping, window: Window, key_fingerprint: str) -> Window: ...


@dataclass(frozen=True)
class ExportRequest:
    """What one run should do; empty tuples and None mean 'as configured'."""

    datasets: tuple[str, ...] = ()
    out_dir: Path | None = None
    formats: tuple[str, ...] = ()
    window: Window = Window()
    chunk_size: int = 5000
    incremental: bool | None = None  # None: [run] mode
    full: bool = False  # incremental bookkeeping, but read everything (--full)


@dataclass
class DatasetResult:
    """The accounting of one dataset: every row read is written or excluded for a reason."""

    name: str
    rows_read: int = 0
    rows_written: int = 0
    rows_outside_window: int = 0
    rows_undated: int = 0
    excluded: dict[str, int] = field(default_factory=dict)  # further reasons, by name
    files: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class ExportResult:
    run_id: str
    out_dir: Path
    datasets: dict[str, DatasetResult]
    manifest: dict[str, Any]
    recovered: list[str] = field(default_factory=list)
    incremental: bool = False
    published: bool = True  # False: an incremental run found nothing new


@dataclass
class DatasetPlan:
    """Everything decided about one dataset before its first row is read."""

    dataset: Dataset
    mapping: Mapping
    query: Query
    builder: RecordBuilder
    redactor: RecordRedactor
    #: set once the dataset is written: the disclosure plan its rows followed
    disclosure: DisclosureControl | None = None

    def built_chunks(self, source: Source, result: DatasetResult, chunk_size: int, *,
                     retry: RetryPolicy = NO_RETRY,
                     events: RunEvents | None = None,
                     watch: Callable[[Sequence[Any]], None] | None = None,
                     only: Collection[str] | None = None,
                     ) -> Iterator[tuple[list[list[Any]], int]]:
        """Chunks of open-schema records before redaction, counting every row read.

        Each chunk is RecordBuilder.build_chunk's columns (``only`` those fields built,
        the others blank) and its row count. Starting to read is retried under
        ``retry``; ``watch`` sees every chunk read.
        """
        query, builder = self.query, self.builder
        windows = query.row_windows
        chunks = stream_with_retry(lambda: source.stream(query.sql, chunk_size),
                                   retry, f"reading {self.dataset.name} from the source",
                                   events)
        for chunk in chunks:
            result.rows_read += len(chunk)
            if watch:
                watch(chunk)
            if windows:
                chunk = self._in_window(chunk, result, windows)
            yield builder.build_chunk(chunk, only), len(chunk)

    def public_chunks(self, source: Source, result: DatasetResult, chunk_size: int,
                      retry: RetryPolicy = NO_RETRY, events: RunEvents | None = None,
                      watch: Callable[[Sequence[Any]], None] | None = None,
                      ) -> Iterator[ColumnChunk]:
        """Chunks of published rows, column by column, counting every row read into
        ``result``."""
        redact = self.redactor.redact_chunk
        # Dropped fields are not built, unless building them counts problems (manifest).
        needed = fields_needed(self.redactor, self.builder)
        chunks = self.built_chunks(source, result, chunk_size, retry=retry, events=events,
                                   watch=watch, only=needed)
        for built, count in _narratives_ahead(chunks, self.redactor, self.builder):
            chunk = redact(built, count)
            result.rows_written += count
            yield chunk
            testhooks.checkpoint("writing")

    def _in_window(self, chunk: Sequence[Any], result: DatasetResult,
                   windows: Sequence[RowWindow]) -> list[Any]:
        kept = []
        for row in chunk:
            verdicts = [w.admits(row) for w in windows]
            if all(verdicts):
                kept.append(row)
            elif None in verdicts:
                result.rows_undated += 1
            else:
                result.rows_outside_window += 1
        return kept

    def exported(self, files: Sequence[str], policy: PolicyConfig) -> ExportedDataset:
        """What was exported of this dataset, for the data package and dictionary."""
        mapping = self.mapping
        # Code lists and constants are checked against the vocabulary when the mapping is
        # validated; passthrough lists may let other values through.
        enumerated = {name for name, spec in mapping.fields.items()
                      if (spec.codes is not None and spec.codes not in mapping.passthrough_codes)
                      or spec.value is not None}
        levels, lines = disclosure_levels(self.disclosure)
        return ExportedDataset(self.dataset, tuple(self.redactor.treatments),
                               frozenset(self.builder.fields), frozenset(enumerated),
                               tuple(files), policy, levels, lines)

    def details(self, policy: PolicyConfig) -> dict[str, Any]:
        """Per-field treatments and data-quality counts of this dataset, for the manifest."""
        fields = {}
        for decided in self.redactor.treatments:
            fields[decided.field.name] = {
                "treatment": decided.treatment.value,
                "description": decided.describe(policy),
                "reason": decided.reason,
                "mapped": decided.field.name in self.builder.fields,
            }
        return {"mapping": self.mapping.file.name if self.mapping.file else None,
                "columns": self.redactor.columns, "fields": fields,
                "placeholders": dict(sorted(self.redactor.placeholders.items())),
                "addresses_dropped": dict(sorted(self.redactor.addresses_dropped.items())),
                **self.builder.stats.to_dict()}

    def scrubs(self) -> bool:
        """Whether this dataset publishes a scrubbed narrative."""
        return any(t.treatment is Treatment.SCRUB for t in self.redactor.treatments)

    def named_officer_fields(self) -> list[str]:
        """Officer name/badge fields published under ``officer_identity = named``."""
        return [t.field.name for t in self.redactor.treatments
                if t.field.officer_identity and t.treatment is Treatment.KEEP]


@dataclass
class PreparedRun:
    """A source opened and every dataset planned; nothing read yet."""

    config: Config
    source: Source
    pseudonymizer: Pseudonymizer
    plans: list[DatasetPlan]
    retry: RetryPolicy = NO_RETRY
    events: RunEvents = field(default_factory=NoEvents)
    scrub: TextScrub | None = None  # the narrative scrubber ``prepare`` made (and owns)

    def close(self) -> None:
        """Stop what the run started besides the source (the scrubber's workers)."""
        close_scrub(self.scrub)

    def done_scrubbing(self) -> None:
        """The last dataset that scrubs is written: the scrubber this run made stops its
        workers and lets go of what it knows now, not when the run ends, so that the
        leak scan reading the export back does not run beside them (at 200k incidents
        a worker held about 100 MB). Closing again when the run ends does nothing."""
        close_scrub(self.scrub)
        release_memory()


def close_scrub(scrub: TextScrub | None) -> None:
    """Let go of what a scrubber holds (a pool's worker processes), if anything."""
    close = getattr(scrub, "close", None)
    if close is not None:
        close()


def _narratives_ahead(chunks: Iterator[tuple[list[list[Any]], int]],
                      redactor: RecordRedactor, builder: RecordBuilder
                      ) -> Iterator[tuple[list[list[Any]], int]]:
    """``chunks``, each read one chunk early and its narratives handed to a worker
    pool's ``hand_ahead`` (scrub/pool.py) before the chunk before it is redacted: the
    workers scrub them while this process writes that chunk and reads the next. Without
    a pool, ``chunks`` as they are."""
    hand = getattr(redactor.scrub, "hand_ahead", None)
    narratives = {t.field.name for t in redactor.treatments if t.treatment is Treatment.SCRUB}
    scrubbed = [i for i, name in enumerate(builder.fields) if name in narratives]
    if hand is None or not scrubbed:
        yield from chunks
        return
    pending = None
    for chunk in chunks:
        hand([text for i in scrubbed for text in narrative_texts(chunk[0][i])])
        if pending is not None:
            yield pending
        pending = chunk
    if pending is not None:
        yield pending


def fields_needed(redactor: RecordRedactor, builder: RecordBuilder) -> frozenset[str]:
    """The fields a run must build: those published, and those whose data-quality
    problems the manifest counts; the others are never built (nor, in an export, read)."""
    return frozenset(redactor.columns) | builder.counting
