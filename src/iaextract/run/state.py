"""Incremental state: per dataset, how far the source has been read (the watermark).

The state file (default beside the config, see :func:`state_path`; ``[state] path``)
records, per dataset, the highest value of the mapping's ``cursor`` column among the
rows read by the last published run. It is written only after that run's files are
complete, checked and published, in the same journalled step as the files: a run
killed while publishing is completed by the next one, state included. Should the
state still fall behind the published files, the next run re-reads rows it has
already published; merging by primary key makes that replay harmless.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from iaextract.config import STATE_FOLDER, Config
from iaextract.dates import UnparseableDate, parse_datetime
from iaextract.errors import WriterError, os_reason
from iaextract.writers.atomic import write_atomic

STATE_NAME = ".iaextract-state.json"  # where earlier versions kept it, in the output folder
STAGED_STATE = ".iaextract-state.staged.json"  # its name in a staging folder
STATE_VERSION = 1


def state_path(config: Config, out_dir: Path) -> Path:
    """Where the state of ``out_dir`` lives: ``[state] path``, else beside the config in
    ``.iaextract-state/<folder name>-<hash of its path>.json`` — never in the published
    folder, whose readers must not learn the source's exact modification times."""
    if config.state.path:
        return config.resolve(config.state.path)
    digest = hashlib.sha256(str(out_dir).encode("utf-8")).hexdigest()[:12]
    return config.base_dir / STATE_FOLDER / f"{out_dir.name}-{digest}.json"


def move_legacy_state(config: Config, out_dir: Path, path: Path) -> bool:
    """Move a state file that an earlier version kept in ``out_dir`` to ``path``; whether
    one was moved. A state file already at ``path`` wins; the published copy goes."""
    legacy = out_dir / STATE_NAME
    if config.state.path or legacy == path or not legacy.is_file():
        return False
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, legacy.read_text(encoding="utf-8"))
        except OSError as exc:
            raise WriterError(f"cannot move the state file {legacy} to {path}: "
                              f"{exc.strerror}") from None
    legacy.unlink()
    return True


@dataclass
class RunState:
    """The watermarks of one output folder, and the run that set them."""

    out_dir: str | None = None
    run_id: str | None = None
    datasets: dict[str, dict[str, Any]] = field(default_factory=dict)
    problem: str | None = None  # why an existing state file could not be used

    @classmethod
    def load(cls, path: Path, out_dir: Path) -> RunState:
        """The state at ``path``; empty (with ``problem`` set) when absent or unusable."""
        if not path.is_file():
            return cls(problem="no earlier incremental run")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != STATE_VERSION or not isinstance(data["datasets"], dict):
                raise ValueError("unknown layout")
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls(problem=f"the state file {path} is unreadable")
        if data.get("out_dir") != str(out_dir):
            return cls(problem=f"the state file {path} belongs to {data.get('out_dir')}")
        return cls(str(out_dir), data.get("run_id"), data["datasets"])

    def watermark(self, dataset: str) -> datetime | None:
        value = self.datasets.get(dataset, {}).get("watermark")
        return datetime.fromisoformat(value) if value else None

    def advanced(self, run_id: str, out_dir: Path, marks: dict[str, datetime | None],
                 ceiling: datetime) -> RunState:
        """The state after a run that read up to ``marks``; watermarks never go back and
        never pass ``ceiling`` (now), so one mistyped future date cannot hide later edits."""
        datasets = {k: dict(v) for k, v in self.datasets.items()}
        for name, mark in marks.items():
            best = max((min(m, ceiling) for m in (self.watermark(name), mark) if m is not None),
                       default=None)
            datasets[name] = {"watermark": best.isoformat() if best else None}
        return RunState(str(out_dir), run_id, datasets)

    def to_json(self) -> str:
        return json.dumps({"version": STATE_VERSION, "out_dir": self.out_dir,
                           "run_id": self.run_id, "datasets": self.datasets}, indent=1) + "\n"

    def save(self, path: Path) -> None:
        """Replace the state file atomically."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, self.to_json())
        except OSError as exc:
            raise WriterError(f"cannot write the state file {path}: {os_reason(exc)}") from None


class CursorWatch:
    """The highest cursor value among rows read, and how many rows had no usable cursor
    (NULL or unparseable: such rows are read on every run), fed one chunk at a time."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.high: datetime | None = None
        self.unusable = 0

    def __call__(self, chunk: Sequence[Sequence[Any]]) -> None:
        index, high = self.index, self.high
        for row in chunk:
            try:
                value = parse_datetime(row[index])
            except UnparseableDate:
                value = None
            if value is None:
                self.unusable += 1
            elif high is None or value > high:
                high = value
        self.high = high
