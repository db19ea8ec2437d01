"""The run manifest: what was read, what was written, how it was redacted.

A manifest holds counts, treatments, versions, file checksums and the key's
fingerprint; it never holds the key, a password, or a personal value.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from iaextract import SCHEMA_VERSION, __version__
from iaextract.config import PolicyConfig
from iaextract.mapping.query import Window
from iaextract.redaction.generalise import generalise_date

MANIFEST = "manifest.json"
SIGNATURE = MANIFEST + ".sig"  # the agency's signature of it (iaextract publish)
BATCHES = "runs"  # incremental batches: runs/<run id>/, each with its own manifest


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


def carry_forward(manifest: dict[str, Any], out_dir: Path) -> int:
    """List in ``manifest`` the files of earlier runs that stay published beside this one.

    A run replaces only its own files: with ``-d`` the other datasets' files stay, and
    incremental runs keep every earlier batch under ``runs/``. The top-level manifest
    lists every published file of the folder, so each keeps the digest the manifest
    that published it gave (a file changed since then is then reported by ``verify``).
    Returns how many were carried.
    """
    try:
        previous = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        earlier = previous["files"] if isinstance(previous["files"], dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return 0
    files = manifest["files"]
    carried = {name: entry for name, entry in earlier.items()
               if name not in files and inside(name) and (out_dir / name).is_file()}
    if carried:
        manifest["files"] = dict(sorted({**files, **carried}.items()))
        manifest["files_of_earlier_runs"] = len(carried)
    return len(carried)


def inside(name: str) -> bool:
    """Whether a manifest's file name stays inside the export folder (relative, no ``..``,
    no drive): a manifest may be edited, and must never make a reader open other files."""
    return bool(name) and not (PureWindowsPath(name).anchor or PurePosixPath(name).anchor
                               or ".." in PureWindowsPath(name).parts)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
