"""The run manifest: what was read, what was written, how it was redacted.

A manifest holds counts, treatments, versions, file checksums and the key's
fingerprint; it never holds the key, a password, or a personal value.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from iaextract import SCHEMA_VERSION, __version__
from iaextract.config import PolicyConfig
from iaextract.mapping.query import Window
from iaextract.redaction.generalise import generalise_date

MANIFEST = "manifest.json"
SIGNATURE = MANIFEST + ".sig"  # the agency's signature of it (iaextract publish)


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


@dataclass(frozen=True)
class RunFacts:
    """What a manifest says of the run as a whole, as plain values."""

    run_id: str
    started: datetime
    source: str  # the source's display URL: never a password
    window: Window
    policy: PolicyConfig
    key_fingerprint: str
    officer_identity_published: dict[str, list[str]]


def build_manifest(run: RunFacts, datasets: dict[str, dict[str, Any]],
                   files: dict[str, Any]) -> dict[str, Any]:
    """The manifest of a run: never a key, password or personal value.

    ``datasets`` holds each dataset's accounting and details (rows read, written,
    excluded, files, treatments); ``files`` the sha256 and size of every file.
    """
    policy, window = run.policy, run.window
    return {
        "run_id": run.run_id,
        "started_at": run.started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "tool": {"name": "iaextract", "version": __version__},
        "schema_version": SCHEMA_VERSION,
        "source": run.source,
        "window": {"since": _iso(window.since), "until": _iso(window.until),
                   # A source modification time: no more precise than published dates.
                   "cursor_after": generalise_date(window.cursor_after.date(),
                                                   policy.date_precision)
                   if window.cursor_after else None},
        "policy": policy.describe(),
        "officer_identity_published": run.officer_identity_published,
        "key_fingerprint": run.key_fingerprint,
        "datasets": datasets,
        "files": files,
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
