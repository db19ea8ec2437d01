"""Changing a published export the way a forger would: the file and every hash of it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def _digest(path: Path) -> tuple[str, int]:
    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest(), len(data)


def forge(folder: Path, name: str, text: str) -> None:
    """Replace file ``name`` with ``text`` and rewrite its sha256 and size in the data package
    and the manifest, so every hash matches again."""
    (folder / name).write_text(text, encoding="utf-8", newline="")
    sha, size = _digest(folder / name)
    package_path = folder / "datapackage.json"
    package = json.loads(package_path.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["path"] == name:
            resource.update(hash=f"sha256:{sha}", bytes=size)
    package_path.write_text(json.dumps(package, indent=1), encoding="utf-8")
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"][name] = {"sha256": sha, "bytes": size}
    package_sha, package_size = _digest(package_path)
    manifest["files"]["datapackage.json"] = {"sha256": package_sha, "bytes": package_size}
    manifest_path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
