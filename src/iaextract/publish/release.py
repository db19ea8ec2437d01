"""A verified export folder as a release: its id and every file to send, with checksums."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iaextract.leakscan.verify import published_files
from iaextract.writers.manifest import MANIFEST, SIGNATURE, file_digest

MEDIA_TYPES = {".csv": "text/csv", ".json": "application/json", ".ndjson":
               "application/x-ndjson", ".md": "text/markdown", ".html": "text/html",
               ".sig": "application/json", ".pub": "application/x-pem-file"}


@dataclass(frozen=True)
class ReleaseFile:
    """One file of a release: its path inside the export, size and sha256."""

    name: str
    path: Path
    sha256: str
    bytes: int

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES.get(self.path.suffix, "application/octet-stream")


@dataclass(frozen=True)
class Release:
    """An export folder that passed verify; ``files`` end with the manifest and signature."""

    folder: Path
    manifest: dict[str, Any]
    files: tuple[ReleaseFile, ...]

    @property
    def id(self) -> str:
        """The export's run id: the same export always makes the same release."""
        return str(self.manifest["run_id"])

    @property
    def manifest_sha256(self) -> str:
        return self.file(MANIFEST).sha256

    def file(self, name: str) -> ReleaseFile:
        return next(f for f in self.files if f.name == name)

    def dataset_files(self) -> dict[str, list[str]]:
        """Dataset name -> its data files, as the manifest lists them."""
        return {name: list(d.get("files", [])) for name, d in
                self.manifest.get("datasets", {}).items()}


def load_release(folder: Path) -> Release:
    """The release of a verified export folder (its files are hashed as the manifest says)."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    listed = manifest.get("files", {})
    last = [MANIFEST, SIGNATURE]  # a reader who finds the manifest finds a complete release
    names = [n for n in published_files(folder) if n not in last]
    names += [n for n in last if (folder / n).is_file()]
    files = []
    for name in names:
        digest = listed.get(name) or file_digest(folder / name)
        files.append(ReleaseFile(name, folder / name, digest["sha256"], digest["bytes"]))
    return Release(folder, manifest, tuple(files))
