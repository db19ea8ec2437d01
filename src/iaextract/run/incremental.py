"""Incremental runs: read only what changed since the last published run, merge it in.

Per dataset, a run reads the rows whose mapping ``cursor`` is at or after the
watermark (at, not after: a cursor stored to the day or second can be shared by a
later edit; re-reading the boundary is harmless because merging is idempotent). It
publishes, together and atomically:

- ``DIR/runs/<run id>/`` (the run id starts with the UTC time): the batch, i.e. the
  rows that are new or changed, one file per dataset and format, and its manifest;
- ``DIR/<dataset>.<fmt>``: the complete current file, rebuilt by merging the batch
  into the previous one by primary key (see :mod:`iaextract.writers.merge`);
- ``DIR/manifest.json`` and the state file with the advanced watermarks.

A run that finds nothing new publishes nothing and changes no file. A dataset is read
in full instead (a *rebuild*) on the first run, with ``--full``, or when its published
files cannot be trusted as a base: the key, the policy, the mapping file or the schema
version changed (see :func:`build_inputs`), or a file is missing or differs from the
published manifest.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from iaextract import SCHEMA_VERSION
from iaextract.chunks import ColumnChunk
from iaextract.config import Config
from iaextract.errors import ConfigError, Problem
from iaextract.mapping.model import Mapping
from iaextract.mapping.query import Window
from iaextract.redaction.generalise import generalise_date
from iaextract.redaction.policy import decide_treatments
from iaextract.run.plan import DatasetPlan, DatasetResult
from iaextract.run.runlog import RunEvents
from iaextract.run.state import (
    STAGED_STATE,
    CursorWatch,
    RunState,
    move_legacy_state,
    state_path,
)
from iaextract.schema import DATASETS, Kind, Role, Treatment
from iaextract.writers.atomic import Staging
from iaextract.writers.formats import FormatSet
from iaextract.writers.manifest import BATCHES, MANIFEST, file_digest
from iaextract.writers.merge import CurrentStore, read_current, read_format


@dataclass
class Decision:
    """How one dataset is read this run."""

    watermark: datetime | None  # rows with cursor at or after this; None: all rows
    rebuild: str | None  # why every row is read, or None


def published_columns(name: str, config: Config) -> list[str]:
    """The columns a dataset's files have under the configured policy."""
    return [t.field.name for t in decide_treatments(DATASETS[name], config.policy)
            if t.treatment is not Treatment.DROP]


class IncrementalExport:
    """The incremental bookkeeping of one run over one output folder."""

    def __init__(self, config: Config, out_dir: Path, run_id: str, formats: list[str], *,
                 rebuild: bool, events: RunEvents) -> None:
        self.config = config
        self.out_dir = out_dir = out_dir.resolve()  # the state names it; -o may be relative
        self.formats = formats
        self.rebuild = rebuild
        self.events = events
        self.run_id = run_id
        self.batch = f"{BATCHES}/{run_id}"
        self.state_file = state_path(config, out_dir)
        if move_legacy_state(config, out_dir, self.state_file):
            events.event("state_moved", f"moved the state file out of the published folder "
                         f"{out_dir} to {self.state_file}")
        self.state = RunState.load(self.state_file, out_dir)
        self.previous = _read_json(out_dir / MANIFEST)
        self.decisions: dict[str, Decision] = {}
        self.watches: dict[str, CursorWatch] = {}
        self.inputs: dict[str, dict[str, str]] = {}
        self.new_state: RunState | None = None
        # Source cursors are naive local times; "now" here is this machine's local time.
        self.started = datetime.now().replace(microsecond=0)

    # -- before reading: which rows each dataset needs ------------------------------

    def window_for(self, mapping: Mapping, window: Window, key_fingerprint: str) -> Window:
        """The window of ``mapping``'s dataset: after its watermark, or all (a rebuild)."""
        name = mapping.dataset
        columns = published_columns(name, self.config)
        self._check_mergeable(mapping, columns)
        self.inputs[name] = build_inputs(mapping, self.config)
        reason = self._rebuild_reason(name, columns, key_fingerprint)
        mark = self.state.watermark(name)
        if mark is not None and mark > self.started and not reason:
            # Trusted, it would hide every later edit for good (a mistyped or future-dated
            # cursor, a clock set wrong): reading every row once is the safe way back.
            reason = f"its watermark {mark.isoformat()} lies in the future"
            self.events.event("future_watermark", f"the state's watermark {mark.isoformat()} "
                              "lies in the future: it is not trusted, every row is read and "
                              "the new watermark is at most the time of this run",
                              level="warning", dataset=name)
        if reason:
            self.decisions[name] = Decision(None, reason)
            self.events.event("rebuild", f"reading every row: {reason}", dataset=name)
            return window
        if mark is not None and self.config.run.lookback:
            mark -= self.config.run.lookback_delta  # late-committed rows: merged by key
        self.decisions[name] = Decision(mark, None)
        return replace(window, cursor_after=mark, cursor_inclusive=True)

    def _check_mergeable(self, mapping: Mapping, columns: list[str]) -> None:
        name, where = mapping.dataset, str(mapping.file) if mapping.file else None
        if not mapping.source.cursor:
            raise ConfigError(f"{name} cannot run incrementally", [Problem(
                "no-cursor", "the mapping has no source.cursor", where,
                mapping.line("source"), "add e.g. `cursor: i.LastModified`")])
        dropped = [k for k in DATASETS[name].primary_key if k not in columns]
        if dropped:
            raise ConfigError(f"{name} cannot run incrementally", [Problem(
                "key-dropped", f"its primary key {', '.join(dropped)} is dropped by the "
                "policy, so updated records cannot be merged", self._config_file(),
                hint="publish the key (it is pseudonymised) or run without --incremental")])

    def _enforces(self, name: str) -> bool:
        disclosure = self.config.policy.disclosure
        modes = {Role.PUBLIC: disclosure.mode, Role.OFFICER: disclosure.officers}
        return any(modes[f.role] == "enforce" for f in DATASETS[name].fields
                   if f.role and f.kind is Kind.ID)

    def _config_file(self) -> str | None:
        return str(self.config.path) if self.config.path else None

    def _rebuild_reason(self, name: str, columns: list[str], fingerprint: str) -> str | None:
        previous = self.previous or {}
        if self.rebuild:
            return "--full was asked for"
        if self.config.policy.suppress_small_cells:
            # Small cells are counted over the whole dataset, never over a batch.
            return "small-cell suppression needs every row"
        if self._enforces(name):
            # One disclosure plan per dataset and release, counted over every person.
            return "disclosure control (enforce) plans over every row"
        if self.state.problem or self.state.watermark(name) is None:
            return self.state.problem or "no watermark yet"
        if previous.get("key_fingerprint") != fingerprint:
            return "the pseudonym key differs from the published export's"
        published = previous.get("datasets", {}).get(name)
        if published is None:
            return "the last published manifest does not list it (an export with -d?)"
        if published.get("columns") != columns:
            return "the published columns differ (policy changed)"
        changed = _changed_inputs((published.get("incremental") or {}).get("inputs"),
                                  self.inputs[name])
        if changed:
            return changed
        for fmt in self.formats:
            file = f"{name}.{fmt}"
            recorded = previous.get("files", {}).get(file)
            if not (self.out_dir / file).is_file() or recorded != file_digest(self.out_dir
                                                                              / file):
                return f"{file} is missing or differs from the published manifest"
        return None

    # -- while reading: merge each dataset -------------------------------------------

    def sink(self, plan: DatasetPlan, staging: Staging, result: DatasetResult,
             chunk_size: int) -> MergeSink:
        """Where ``plan``'s rows go: the batch files and the merge store."""
        watch = CursorWatch(plan.query.index((plan.mapping.source.cursor or "").strip()))
        self.watches[plan.dataset.name] = watch
        return MergeSink(self, plan, staging, result, chunk_size, watch)

    # -- after reading: publish or not ------------------------------------------------

    def has_changes(self, results: dict[str, DatasetResult]) -> bool:
        return any(r.rows_written or self.decisions[n].rebuild for n, r in results.items())

    def advance(self) -> RunState:
        marks = {n: w.high for n, w in self.watches.items()}
        self.new_state = self.state.advanced(self.run_id, self.out_dir, marks,
                                             datetime.now().replace(microsecond=0))
        return self.new_state

    def complete_manifest(self, manifest: dict[str, Any], staging: Staging) -> list[str]:
        """Add what incremental runs record to ``manifest``; stage the batch manifest and
        the state; return the extra names to publish (the top manifest is not one)."""
        staged = set(manifest["files"])
        for name in manifest["datasets"]:
            for fmt in self.formats:
                file = f"{name}.{fmt}"
                if file not in staged:  # unchanged current file: describe the published one
                    manifest["files"][file] = file_digest(self.out_dir / file)
        manifest["files"] = dict(sorted(manifest["files"].items()))
        manifest["batch"] = self.batch
        prefix = self.batch + "/"
        batch_manifest = {**manifest, "files": {n[len(prefix):]: v for n, v in
                                                manifest["files"].items()
                                                if n.startswith(prefix)}}
        extra = [f"{prefix}{MANIFEST}"]
        staging.path(extra[0]).write_text(json.dumps(batch_manifest, indent=2,
                                                     ensure_ascii=False) + "\n",
                                          encoding="utf-8", newline="\n")
        state = self.advance()
        if self.state_file.parent == self.out_dir:
            state_at = staging.path(self.state_file.name)
            extra.append(self.state_file.name)
        else:  # written by the publish itself, after the files (and again on recovery)
            state_at = staging.stage_outside(STAGED_STATE, self.state_file)
        state_at.write_text(state.to_json(), encoding="utf-8", newline="\n")
        return extra

    def save_if_advanced(self) -> None:
        """After a run with nothing new: keep a watermark that moved (rows re-touched)."""
        before = self.state.datasets
        if self.advance().datasets != before:
            self.new_state.save(self.state_file)  # type: ignore[union-attr]


class MergeSink:
    """Takes one dataset's public rows: merges them, writes the changed ones as the batch,
    and on close rebuilds the current files when anything changed."""

    def __init__(self, export: IncrementalExport, plan: DatasetPlan, staging: Staging,
                 result: DatasetResult, chunk_size: int, watch: CursorWatch) -> None:
        self.export, self.staging, self.result = export, staging, result
        self.name = name = plan.dataset.name
        self.chunk_size = chunk_size
        self.watch = watch
        self.decision = export.decisions[name]
        self.columns = plan.redactor.columns
        formats, bom = export.formats, export.config.output.csv_bom
        self.store = CurrentStore(staging.dir / f".merge-{name}.sqlite", self.columns,
                                  plan.dataset.primary_key, set(formats) <= {"csv"})
        self.batch = FormatSet(staging.dir, export.batch, name, formats, self.columns,
                               csv_bom=bom)
        self.loaded = self.decision.rebuild is not None  # a rebuild starts empty

    def write(self, chunk: ColumnChunk) -> None:
        self._load_previous()  # only now: a run with nothing new never reads it
        # The merge keeps and compares rows (by primary key): the one consumer of rows.
        self.batch.write_rows(self.store.merge(chunk.row_tuples()))

    def _load_previous(self) -> None:
        if self.loaded:
            return
        fmt = read_format(self.export.formats)
        try:
            self.store.load(read_current(self.export.out_dir / f"{self.name}.{fmt}", fmt,
                                         self.columns))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{self.name}.{fmt} in {self.export.out_dir} cannot be read "
                              "back for merging; run `iaextract export --full` once") from exc
        self.loaded = True

    def close(self) -> None:
        self.batch.close()
        counts, result = self.store.counts, self.result
        changed = counts.new + counts.updated
        result.rows_written = changed
        result.excluded.update({"already_published": counts.unchanged,
                                "no_primary_key": counts.without_key})
        result.files.extend(self.batch.files)
        if changed or self.decision.rebuild:
            self._load_previous()
            current = FormatSet(self.staging.dir, "", self.name, self.export.formats,
                                self.columns, csv_bom=self.export.config.output.csv_bom)
            try:
                for chunk in self.store.chunks(self.chunk_size):
                    current.write_rows(chunk)
                current.close()
            except BaseException:
                current.abort()
                raise
            result.files.extend(current.files)
        mark = self.decision.watermark
        result.details["incremental"] = {
            # The exact watermark is a source modification time: published no more
            # precisely than the policy publishes dates.
            "read_from": generalise_date(mark.date(), self.export.config.policy.date_precision)
            if mark else None, "rebuild": self.decision.rebuild,
            "new": counts.new, "updated": counts.updated,
            "inputs": self.export.inputs[self.name], "cursor_unusable": self.watch.unusable,
            "rows_in_current": len(self.store) if self.loaded else self._published_rows()}
        self.store.close()

    def abort(self) -> None:
        self.batch.abort()
        self.store.close()

    def _published_rows(self) -> int | None:
        previous = (self.export.previous or {}).get("datasets", {}).get(self.name) or {}
        return (previous.get("incremental") or {}).get("rows_in_current")


def build_inputs(mapping: Mapping, config: Config) -> dict[str, str]:
    """What decides a dataset's published values besides the source rows: the policy (all
    of it: precision, addresses, officer identity, overrides...), the mapping file and the
    schema version. Rows merged from runs with other inputs would disagree, so a change
    rebuilds the dataset."""
    policy = json.dumps(config.policy.model_dump(mode="json"), sort_keys=True)
    text = mapping.file.read_bytes() if mapping.file else \
        json.dumps(mapping.model_dump(exclude={"file", "lines"})).encode()
    return {"policy": hashlib.sha256(policy.encode()).hexdigest(),
            "mapping": hashlib.sha256(text).hexdigest(), "schema_version": SCHEMA_VERSION}


_INPUT_NAMES = {"policy": "policy", "mapping": "mapping file", "schema_version": "schema version"}


def _changed_inputs(published: dict[str, str] | None, current: dict[str, str]) -> str | None:
    """Why the published rows were made differently, or None."""
    if not isinstance(published, dict):
        return "the published export does not record its policy and mapping"
    changed = [label for key, label in _INPUT_NAMES.items()
               if published.get(key) != current[key]]
    return f"the {' and '.join(changed)} changed since the last run" if changed else None


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
