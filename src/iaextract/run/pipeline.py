"""The export pipeline: connect → map → redact → write → check → publish.

Everything that can be checked before a row is read is checked first (key,
mappings against the source, redaction policy), and all datasets of a run are
published together or not at all.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iaextract.chunks import ColumnChunk
from iaextract.config import Config
from iaextract.connectors import Source, open_source
from iaextract.errors import (
    ConfigError,
    IaextractError,
    WriterError,
    os_reason,
)
from iaextract.heap import release_memory, steady_heap
from iaextract.leakscan.check import LeakScan
from iaextract.leakscan.process import LeakScanProcess, scans_apart
from iaextract.mapping.model import Mapping
from iaextract.mapping.query import Query, Window, build_query, only_columns
from iaextract.mapping.transform import RecordBuilder
from iaextract.mapping.validate import check_mappings
from iaextract.redaction.redactor import RecordRedactor, TextScrub
from iaextract.run.inputs import RunInputs, load_inputs
from iaextract.run.lock import RunLock
from iaextract.run.passes import DisclosurePasses
from iaextract.run.plan import (
    DatasetPlan,
    DatasetResult,
    ExportRequest,
    ExportResult,
    PreparedRun,
    Progress,
    RowSink,
    WindowPlanner,
    close_scrub,
    fields_needed,
)
from iaextract.run.retry import RetryPolicy, call_with_retry
from iaextract.run.runlog import NoEvents, RunEvents
from iaextract.run.state import STATE_FOLDER
from iaextract.schema import DATASETS
from iaextract.writers.artifacts import write_artifacts
from iaextract.writers.atomic import Staging, new_run_id
from iaextract.writers.formats import FormatSet
from iaextract.writers.manifest import (
    MANIFEST,
    RunFacts,
    build_manifest,
    carry_forward,
    describe_files,
    file_digest,
)

if TYPE_CHECKING:  # imported by the incremental runs that use it
    from iaextract.run.incremental import IncrementalExport

NO_RETRY = RetryPolicy(retries=0)


def prepare(config: Config, request: ExportRequest, scrub: TextScrub | None = None, *,
            events: RunEvents | None = None, retry: RetryPolicy = NO_RETRY,
            planner: WindowPlanner | None = None,
            inputs: RunInputs | None = None, sql_cache: Path | None = None,
            published_only: bool = False, scrub_workers: int = 1) -> PreparedRun:
    """Load the key and mappings, open the source, check everything, plan each dataset.

    Opening and reflecting the source, and later starting each dataset's read, are
    retried under ``retry`` (exports use ``[run] retries``; interactive callers need not).
    ``sql_cache``: the folder where a SQLite file source keeps its compiled SQL (exports
    only: a preview writes nothing). ``published_only``: each query reads only the
    columns of fields that are published or counted (:func:`_published_only`; an
    export); a preview shows the others too. ``scrub_workers``: processes that scrub
    the narratives (scrub/pool.py); the run's ``scrub`` must be closed when it ends.
    """
    events = events or NoEvents()
    inputs = inputs or load_inputs(config, request)
    pseudonymizer, mappings, names = inputs.pseudonymizer, inputs.mappings, inputs.names
    source = call_with_retry(lambda: _connect(config, sql_cache), retry, "connecting to the source",
                             events)
    owned: TextScrub | None = None
    try:
        resolved = check_mappings([mappings[n] for n in names], source.catalog())
        if scrub is None and config.policy.narratives == "scrub":
            # Every person of the source, from every mapping's source_pii, is known by name.
            from iaextract.scrub.pool import run_scrub  # only runs that scrub

            scrub = owned = run_scrub(source, list(mappings.values()), config, pseudonymizer,
                                      inputs.ner, scrub_workers)
        plans = []
        for name in names:
            window = planner.window_for(mappings[name], request.window,
                                        pseudonymizer.fingerprint) if planner else request.window
            query = build_query(mappings[name], resolved[name], window)
            builder = RecordBuilder(mappings[name], DATASETS[name], query)
            redactor = RecordRedactor(DATASETS[name], builder.fields, config.policy,
                                      pseudonymizer, scrub)
            if published_only:
                query, builder = _published_only(mappings[name], query, builder, redactor)
            plans.append(DatasetPlan(DATASETS[name], mappings[name], query, builder, redactor))
    except BaseException:
        close_scrub(owned)
        source.close()
        raise
    return PreparedRun(config, source, pseudonymizer, plans, retry, events, owned)


def _scrub_workers(config: Config) -> int:
    """Processes that scrub an export's narratives (1 when it scrubs none)."""
    if config.policy.narratives != "scrub":
        return 1
    from iaextract.scrub.pool import workers_for  # only runs that scrub

    return workers_for(config)


def _published_only(mapping: Mapping, query: Query, builder: RecordBuilder,
                    redactor: RecordRedactor) -> tuple[Query, RecordBuilder]:
    """The query and builder of an export: only the source columns of the fields it
    publishes or whose data-quality counts the manifest records (and the incremental
    cursor), so a dropped narrative stays in the database (at 50k incidents a quarter of
    the fetching). The same rows, in the same order; the other fields are built blank."""
    needed = fields_needed(redactor, builder)
    keep = [c for name in builder.fields if name in needed
            for c in mapping.fields[name].columns()]
    if mapping.source.cursor:
        keep.append(mapping.source.cursor)
    narrowed = only_columns(query, keep)
    return narrowed, RecordBuilder(mapping, builder.dataset, narrowed, only=needed)


def _connect(config: Config, sql_cache: Path | None = None) -> Source:
    source = open_source(config.source.url, config.base_dir, sql_cache)
    try:
        source.catalog()
    except BaseException:
        source.close()
        raise
    return source


Check = Callable[[Path, dict[str, Any]], None]


def export(config: Config, request: ExportRequest = ExportRequest(), *,
           progress: Progress | None = None, checks: Sequence[Check] = (),
           scrub: TextScrub | None = None, leak_scan: bool = True,
           events: RunEvents | None = None) -> ExportResult:
    """Run one export end to end; publish only if every dataset and every check succeeded.

    ``checks`` run on the staged files and the manifest before publishing; one that
    raises (a leak scan finding a personal value) withholds the whole export. The leak
    scan runs last, on every export, unless ``leak_scan`` is False. The run holds the
    output folder's lock throughout (LockHeld, exit 75, if another has it).
    """
    events = events or NoEvents()
    steady_heap()  # before the rows come: memory stays flat as the source grows
    started = datetime.now(timezone.utc)
    run_id = new_run_id(started)
    events.run_id = run_id
    out_dir = request.out_dir or config.output_dir
    formats = list(dict.fromkeys(request.formats or config.output.formats))
    incremental = request.incremental if request.incremental is not None else \
        config.run.mode == "incremental"
    if incremental and (request.window.since or request.window.until):
        # The merged current file would mix windows from run to run; refuse, plainly.
        raise ConfigError("--since/--until cannot be combined with incremental runs "
                          "(they read by watermark); run without --incremental, or set "
                          '[run] mode = "full" for windowed exports')
    # A bad key or mapping leaves the output untouched.
    inputs = load_inputs(config, request, config.base_dir / STATE_FOLDER)
    events.event("run_started", f"{'incremental' if incremental else 'full'} export to "
                 f"{out_dir}", mode="incremental" if incremental else "full")
    leaks = _leak_scan(config, inputs) if leak_scan else None
    try:
        with RunLock(out_dir, run_id, events):
            staging = Staging(out_dir, run_id)  # under the lock: recovery may touch it
            for line in staging.recovered:
                events.event("recovered", line)  # the summary prints it too
            try:
                tracker = _tracker(config, out_dir, run_id, formats, request.full,
                                   events) if incremental else None
                # A SQLite file's source keeps what SQLAlchemy compiled for it beside
                # the state, for the next run.
                run = prepare(config, request, scrub, events=events, planner=tracker,
                              retry=RetryPolicy(config.run.retries, config.run.retry_delay),
                              inputs=inputs, sql_cache=config.base_dir / STATE_FOLDER,
                              published_only=True, scrub_workers=_scrub_workers(config))
                with run.source, closing(run):
                    return _run(run, request, staging, started, formats, tracker, progress,
                                checks, leaks)
            except OSError as exc:
                staging.discard()
                raise WriterError(f"writing the export in {out_dir} failed: "
                                  f"{os_reason(exc)}; nothing was published") from None
            except BaseException:
                staging.discard()
                raise
    finally:
        if leaks:
            leaks.close()


def _tracker(config: Config, out_dir: Path, run_id: str, formats: list[str], rebuild: bool,
             events: RunEvents) -> IncrementalExport:
    from iaextract.run.incremental import IncrementalExport  # full runs need none of it

    return IncrementalExport(config, out_dir, run_id, formats, rebuild=rebuild, events=events)


def _leak_scan(config: Config, inputs: RunInputs) -> LeakScan:
    kind = LeakScanProcess if scans_apart(config) else LeakScan
    # The scan reads the source with the compiled SQL the export keeps (a SQLite file is
    # then read without importing SQLAlchemy in the scan process either).
    scan = kind(config, inputs.mappings.values(), sql_cache=config.base_dir / STATE_FOLDER)
    scan.start()  # a scan process starts reading the source's personal values now
    return scan


def _run(run: PreparedRun, request: ExportRequest, staging: Staging, started: datetime,
         formats: list[str], tracker: IncrementalExport | None, progress: Progress | None,
         checks: Sequence[Check], leaks: LeakScan | None) -> ExportResult:
    out_dir, csv_bom = staging.out_dir, run.config.output.csv_bom
    results: dict[str, DatasetResult] = {}
    last_scrubbing = max((i for i, p in enumerate(run.plans) if p.scrubs()), default=None)
    for number, plan in enumerate(run.plans):
        result = results[plan.dataset.name] = DatasetResult(plan.dataset.name)
        if tracker:
            sink: RowSink = tracker.sink(plan, staging, result, request.chunk_size)
        else:
            sink = FormatSet(staging.dir, "", plan.dataset.name, formats,
                             plan.redactor.columns, csv_bom=csv_bom)
            result.files.extend(sink.files)
        with _fewer_collections():
            _write_dataset(plan, run, sink, result, request, progress,
                           tracker.watches[plan.dataset.name] if tracker else None)
        if number == last_scrubbing:
            run.done_scrubbing()
        else:
            release_memory()  # what the dataset's rows left freed goes back to the system
        if leaks:
            leaks.written(staging.dir, [f for f in result.files
                                        if (staging.dir / f).is_file()])
    if tracker and not tracker.has_changes(results):
        staging.discard()
        tracker.save_if_advanced()
        return ExportResult(staging.run_id, out_dir, results, {}, staging.recovered,
                            incremental=True, published=False)
    names = [f for r in results.values() for f in r.files]
    files = describe_files(staging.dir, names)
    artifacts = _write_artifacts(run, staging, started, formats, files)
    files = dict(sorted({**files, **describe_files(staging.dir, artifacts)}.items()))
    names += artifacts
    manifest = build_manifest(_facts(run, request, staging.run_id, started),
                              {name: _accounting(r) for name, r in results.items()},
                              dict(files))
    extra = tracker.complete_manifest(manifest, staging) if tracker else []
    carry_forward(manifest, out_dir)  # other datasets' files and earlier batches stay
    _write_json(staging.path(MANIFEST), manifest)
    for check in checks:
        check(staging.dir, manifest)
    if leaks:
        leaks.lend(run.source)
        leaks(staging.dir, manifest)  # last: it scans what the other checks left too
    staging.publish(names + extra + [MANIFEST], last=MANIFEST)
    return ExportResult(staging.run_id, out_dir, results, manifest, staging.recovered,
                        incremental=tracker is not None)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run Python's cycle collector less often while rows stream through.

    An export allocates millions of short-lived tuples and lists that never form
    cycles; at the default threshold (700 allocations) the collector keeps walking
    them, about a tenth of the run. Cycles are still collected, in larger batches,
    so memory stays flat.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(100_000, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _write_dataset(plan: DatasetPlan, run: PreparedRun, sink: RowSink, result: DatasetResult,
                   request: ExportRequest, progress: Progress | None,
                   watch: Callable[[Sequence[Any]], None] | None) -> None:
    name = plan.dataset.name
    passes = DisclosurePasses(plan, run.config.policy)
    try:
        if progress:
            total = run.source.count(plan.query.sql) if progress.wants_totals else None
            progress.start(name, total)
        read = plan.public_chunks(run.source, result, request.chunk_size, run.retry,
                                  run.events, watch)
        with closing(passes.chunks(_advancing(read, name, progress))) as published:
            for chunk in published:
                sink.write(chunk)
        sink.close()
    except OSError as exc:
        sink.abort()
        raise WriterError(f"writing {name} failed: {os_reason(exc)}; nothing was "
                          "published") from None
    except BaseException:
        sink.abort()
        raise
    plan.disclosure = passes.control
    result.details.update(plan.details(run.config.policy))
    passes.finish(result.details)
    run.events.event("dataset_finished", f"{result.rows_read:,} rows read, "
                     f"{result.rows_written:,} "
                     f"{'new ' if 'incremental' in result.details else ''}rows written",
                     dataset=name, counts=dataset_counts(result))
    if progress:
        progress.finish(name, result)


def _advancing(chunks: Iterator[ColumnChunk], name: str, progress: Progress | None
               ) -> Iterator[ColumnChunk]:
    """``chunks``, the progress advanced as each is read (before disclosure control
    has counted them all and writes them)."""
    for chunk in chunks:
        if progress:
            progress.advance(name, chunk.rows)
        yield chunk


def dataset_counts(result: DatasetResult) -> dict[str, int]:
    """The row accounting of one dataset: read = written + every exclusion."""
    return {"rows_read": result.rows_read, "rows_written": result.rows_written,
            "outside_window": result.rows_outside_window, "undated": result.rows_undated,
            **result.excluded}


def _write_artifacts(run: PreparedRun, staging: Staging, started: datetime,
                     formats: list[str], digests: dict[str, Any]) -> list[str]:
    """Data package and data dictionary of the current data files, staged beside them.

    They describe ``DIR/<dataset>.<fmt>``: on an incremental run a current file that
    did not change is the one already published, not a staged one. ``digests`` holds
    those of the staged files.
    """
    def located(file: str) -> Path:
        staged = staging.dir / file
        return staged if staged.exists() else staging.out_dir / file

    exports = [p.exported([f"{p.dataset.name}.{fmt}" for fmt in formats], run.config.policy)
               for p in run.plans]
    current = {f: digests.get(f) or file_digest(located(f)) for e in exports for f in e.files}
    return write_artifacts(staging.dir, exports, run.config.policy, current,
                           run_id=staging.run_id, created=started.isoformat(timespec="seconds"),
                           locate=located, published=staging.out_dir)


def _facts(run: PreparedRun, request: ExportRequest, run_id: str,
           started: datetime) -> RunFacts:
    named = {p.dataset.name: p.named_officer_fields() for p in run.plans}
    return RunFacts(run_id, started, run.source.display_url, request.window,
                    run.config.policy, run.pseudonymizer.fingerprint,
                    {name: fields for name, fields in named.items() if fields})


def _accounting(r: DatasetResult) -> dict[str, Any]:
    return {"rows_read": r.rows_read, "rows_written": r.rows_written,
            "rows_excluded": {"outside_window": r.rows_outside_window,
                              "undated": r.rows_undated, **r.excluded},
            "files": r.files, **r.details}


def _write_json(path: Path, data: dict[str, Any]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        json.dump(data, handle, indent=2, ensure_ascii=False)
        handle.write("\n")


__all__ = ["DatasetResult", "ExportRequest", "ExportResult", "IaextractError", "PreparedRun",
           "Progress", "Window", "export", "prepare"]
