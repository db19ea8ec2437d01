"""Re-checking a published export: checksums, data package, leak scan.

The library side of ``iaextract verify`` (and of anything that publishes an export
further): every problem is collected as data in a :class:`Verification`, which
raises the matching error only when asked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iaextract.config import Config
from iaextract.errors import EXIT_FAILED, IaextractError, Problem, WriterError
from iaextract.leakscan.scan import Finding, leak_error, scanner_for
from iaextract.writers.manifest import BATCHES, MANIFEST, SIGNATURE, file_digest, inside

DATAPACKAGE = "datapackage.json"
MAX_LISTED = 20


class VerifyFailed(IaextractError):
    """A published file is missing, changed, or the data package is invalid."""

    exit_code = EXIT_FAILED


@dataclass
class Verification:
    """What re-checking one export folder found."""

    folder: Path
    files_listed: int
    problems: list[Problem] = field(default_factory=list)
    datapackage: str | None = None  # "valid", "INVALID", "not validated"; None: no package
    values_checked: int = 0
    files_scanned: int = 0
    findings: list[Finding] = field(default_factory=list)

    def raise_for_problems(self) -> None:
        """Raise LeakDetected (exit 3) for findings, else VerifyFailed (exit 1) for problems."""
        if self.findings:
            error = leak_error(self.findings, withheld=False)
            error.problems[:0] = self.problems  # a changed file is worth knowing about too
            raise error
        if self.problems:
            raise VerifyFailed(f"{self.folder} does not match its manifest", self.problems)


def verify_export(folder: Path, config: Config) -> Verification:
    """Check every file of ``folder`` against its manifest, its data package, and scan it
    for the known personal values of ``config``'s source."""
    manifest = read_manifest(folder)
    result = Verification(folder, len(manifest.get("files", {})),
                          problems=check_files(folder, manifest))
    result.datapackage, problems = check_datapackage(folder)
    result.problems += problems
    officers_named = manifest.get("policy", {}).get("officer_identity") == "named"
    scanner = scanner_for(config, officers_named)
    result.findings = scanner.scan_folder(folder, published_files(folder))
    result.values_checked, result.files_scanned = len(scanner.known), scanner.files_scanned
    return result


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of an export folder; a plain error when it is missing or unreadable."""
    path = folder / MANIFEST
    if not path.is_file():
        raise WriterError(f"{path} does not exist: {folder} is not an iaextract export "
                          "(or its manifest was removed)")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise VerifyFailed(f"{path} cannot be read as JSON: {exc}") from None


def published_files(folder: Path) -> list[str]:
    """Every file of an export folder, not hidden files or unfinished runs."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def check_files(folder: Path, manifest: dict[str, Any]) -> list[Problem]:
    """Every file the manifest lists is present with its sha256; unlisted files named.

    The top-level manifest lists every published file (earlier runs' included); each
    ``runs/<run id>/manifest.json`` of an incremental batch covers its own folder too,
    so batches stay verifiable. A listed name that would leave the folder (``..``, an
    absolute path) is refused, never opened.
    """
    listed, problems = _listed(folder, manifest)
    for name, expected in sorted(listed.items()):
        path = folder / name
        if not inside(name) or not _within(folder, path):
            problems.append(Problem("unsafe-path", "the manifest names a file outside the "
                                    "export folder: not checked (the manifest was edited)",
                                    file=name))
        elif not path.is_file():
            problems.append(Problem("missing-file", "listed in the manifest but missing",
                                    file=name))
        elif file_digest(path)["sha256"] != (expected or {}).get("sha256"):
            problems.append(Problem("changed-file", "sha256 differs from the manifest: the "
                                    "file was changed after the export", file=name))
    for name in published_files(folder):
        if Path(name).name != MANIFEST and name != SIGNATURE and name not in listed:
            problems.append(Problem("unlisted-file", "not listed in the manifest", file=name))
    return problems


def _listed(folder: Path, manifest: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The files the top-level manifest and every batch manifest under runs/ list."""
    files = manifest.get("files")
    listed: dict[str, Any] = dict(files) if isinstance(files, dict) else {}
    problems = []
    for batch in sorted(folder.glob(f"{BATCHES}/*/{MANIFEST}")):
        prefix = batch.parent.relative_to(folder).as_posix()
        try:
            entries = json.loads(batch.read_text(encoding="utf-8"))["files"]
            pairs = list(entries.items())
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            problems.append(Problem("unreadable-manifest", "cannot be read as a manifest",
                                    file=f"{prefix}/{MANIFEST}"))
            continue
        for name, entry in pairs:
            full = f"{prefix}/{name}" if inside(name) else name
            if listed.get(full, entry) != entry:
                problems.append(Problem("changed-file", f"{prefix}/{MANIFEST} and "
                                        f"{MANIFEST} disagree about it", file=full))
            listed.setdefault(full, entry)
    return listed, problems


def _within(folder: Path, path: Path) -> bool:
    # A link inside the folder may still point out of it.
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def check_datapackage(folder: Path) -> tuple[str | None, list[Problem]]:
    """Validate datapackage.json with frictionless when both are there: outcome, problems."""
    if not (folder / DATAPACKAGE).is_file():
        return None, []
    try:
        import frictionless
    except ImportError:
        return "not validated (pip install frictionless)", []
    report = frictionless.validate(str(folder / DATAPACKAGE))
    errors = _errors(report)
    problems = [Problem("invalid-datapackage", f"{error.type}: row {row}, field {field}",
                        file=DATAPACKAGE)
                for row, field, error in errors[:MAX_LISTED]]
    if len(errors) > MAX_LISTED:
        problems.append(Problem("invalid-datapackage", f"... and {len(errors) - MAX_LISTED} "
                                "more errors", file=DATAPACKAGE))
    return ("valid" if report.valid else "INVALID"), problems


def _errors(report: Any) -> list[tuple[Any, Any, Any]]:
    # Only where and what type: frictionless notes may quote a cell's value.
    found = [(None, None, e) for e in report.errors]
    for task in report.tasks:
        found += [(getattr(e, "row_number", None), getattr(e, "field_name", None), e)
                  for e in task.errors]
    return found
