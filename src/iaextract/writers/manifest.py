"""The run manifest: what was read, what was written, how it was redacted.

A manifest holds counts, treatments, versions, file checksums and the key's
fingerprint; it never holds the key, a password, or a personal value.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

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
