"""The run manifest: what was read, what was written, how it was redacted.

A manifest holds counts, treatments, versions, file checksums and the key's
fingerprint; it never holds the key, a password, or a personal value.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iaextract import SCHEMA_VERSION, __version__
from iaextract.schema import Treatment

if TYPE_CHECKING:  # the pipeline imports this module
    from iaextract.config import Config
    from iaextract.run.pipeline import DatasetPlan, DatasetResult, ExportRequest, PreparedRun

MANIFEST = "manifest.json"


def file_digest(path: Path) -> dict[str, Any]:
    """sha256 and size of one file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"sha256": digest.hexdigest(), "bytes": path.stat().st_size}


def describe_files(root: Path, names: list[str]) -> dict[str, dict[str, Any]]:
    """Checksums of the files ``names`` (relative to ``root``), for the manifest."""
    return {name: file_digest(root / name) for name in sorted(names)}


def dataset_details(plan: DatasetPlan, config: Config) -> dict[str, Any]:
    """Per-field treatments and data-quality counts of one dataset, for the manifest."""
    fields = {}
    for decided in plan.redactor.treatments:
        fields[decided.field.name] = {
            "treatment": decided.treatment.value,
            "description": decided.describe(config.policy),
            "reason": decided.reason,
            "mapped": decided.field.name in plan.builder.fields,
        }
    return {"mapping": plan.mapping.file.name if plan.mapping.file else None,
            "columns": plan.redactor.columns, "fields": fields,
            "placeholders": dict(sorted(plan.redactor.placeholders.items())),
            **plan.builder.stats.to_dict()}


def build_manifest(run: PreparedRun, request: ExportRequest, run_id: str, started: datetime,
                   results: dict[str, DatasetResult],
                   files: dict[str, Any]) -> dict[str, Any]:
    """The manifest of a run: never a key, password or personal value."""
    policy = run.config.policy
    window = request.window
    return {
        "run_id": run_id,
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "tool": {"name": "iaextract", "version": __version__},
        "schema_version": SCHEMA_VERSION,
        "source": run.source.display_url,
        "window": {"since": _iso(window.since), "until": _iso(window.until),
                   "cursor_after": _iso(window.cursor_after)},
        "policy": {"narratives": policy.narratives, "officer_identity": policy.officer_identity,
                   "date_precision": policy.date_precision, "addresses": policy.addresses,
                   "k": policy.k, "suppress_small_cells": policy.suppress_small_cells,
                   "overrides": {k: {"treatment": v.treatment.value, "reason": v.reason}
                                 for k, v in policy.fields.items()}},
        "officer_identity_published": named_officer_fields(run.plans),
        "key_fingerprint": run.pseudonymizer.fingerprint,
        "datasets": {name: {"rows_read": r.rows_read, "rows_written": r.rows_written,
                            "rows_excluded": {"outside_window": r.rows_outside_window,
                                              "undated": r.rows_undated, **r.excluded},
                            "files": r.files, **r.details}
                     for name, r in results.items()},
        "files": files,
    }


def named_officer_fields(plans: Sequence[DatasetPlan]) -> dict[str, list[str]]:
    """Officer name/badge fields published under ``officer_identity = named``, by dataset."""
    named = {p.dataset.name: [t.field.name for t in p.redactor.treatments
                              if t.field.officer_identity and t.treatment is Treatment.KEEP]
             for p in plans}
    return {name: fields for name, fields in named.items() if fields}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
