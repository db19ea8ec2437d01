"""``iaextract verify``: re-check a published export folder before (or after) it is shared."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from iaextract.cli.console import make_console
from iaextract.cli.options import config_option
from iaextract.config import load_config
from iaextract.errors import EXIT_FAILED, IaextractError, Problem, WriterError
from iaextract.leakscan.scan import leak_error, scanner_for
from iaextract.writers.manifest import MANIFEST, file_digest

DATAPACKAGE = "datapackage.json"
MAX_LISTED = 20


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@config_option
def verify(folder: Path, config_path: Path | None) -> None:
    """Check a published export FOLDER: checksums, leak scan, data package.

    Every file listed in manifest.json must be present with the same sha256; every
    file in the folder is searched for the known personal values of the configured
    source; datapackage.json, if present, must validate. Exit 0 clean, 1 a file is
    missing or changed, 3 a personal value was found.
    """
    console = make_console()
    manifest = _manifest(folder)
    problems = check_files(folder, manifest)
    console.print(f"files: {len(manifest.get('files', {}))} checked against {MANIFEST}: "
                  f"{'OK' if not problems else f'{len(problems)} problem(s)'}", markup=False)
    problems += check_datapackage(folder, console)
    config = load_config(config_path)
    officers_named = manifest.get("policy", {}).get("officer_identity") == "named"
    scanner = scanner_for(config, officers_named)
    findings = scanner.scan_folder(folder, published_files(folder))
    console.print(f"leak scan: {len(scanner.known):,} known personal values of the source "
                  f"checked in {scanner.files_scanned} files: "
                  f"{'clean' if not findings else f'{len(findings)} found'}", markup=False)
    if findings:
        error = leak_error(findings, withheld=False)
        error.problems[:0] = problems  # a changed file is worth knowing about too
        raise error
    if problems:
        raise VerifyFailed(f"{folder} does not match its manifest", problems)
    console.print(f"{folder}: verified", markup=False)


class VerifyFailed(IaextractError):
    """A published file is missing, changed, or the data package is invalid."""

    exit_code = EXIT_FAILED


def _manifest(folder: Path) -> dict[str, Any]:
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
    """Every file the manifest lists is present with its sha256; unlisted files named."""
    problems = []
    listed = manifest.get("files", {})
    for name, expected in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            problems.append(Problem("missing-file", "listed in the manifest but missing",
                                    file=name))
        elif file_digest(path)["sha256"] != expected.get("sha256"):
            problems.append(Problem("changed-file", "sha256 differs from the manifest: the "
                                    "file was changed after the export", file=name))
    for name in published_files(folder):
        # Manifests describe the others (an incremental batch folder has its own).
        if Path(name).name != MANIFEST and name not in listed:
            problems.append(Problem("unlisted-file", "not listed in the manifest", file=name))
    return problems


def check_datapackage(folder: Path, console: Any) -> list[Problem]:
    """Validate datapackage.json with frictionless when both are there."""
    if not (folder / DATAPACKAGE).is_file():
        return []
    try:
        import frictionless
    except ImportError:
        console.print(f"{DATAPACKAGE}: not validated (pip install frictionless)",
                      markup=False)
        return []
    report = frictionless.validate(str(folder / DATAPACKAGE))
    errors = _errors(report)
    problems = [Problem("invalid-datapackage", f"{error.type}: row {row}, field {field}",
                        file=DATAPACKAGE)
                for row, field, error in errors[:MAX_LISTED]]
    if len(errors) > MAX_LISTED:
        problems.append(Problem("invalid-datapackage", f"... and {len(errors) - MAX_LISTED} "
                                "more errors", file=DATAPACKAGE))
    console.print(f"{DATAPACKAGE}: {'valid' if report.valid else 'INVALID'}", markup=False)
    return problems


def _errors(report: Any) -> list[tuple[Any, Any, Any]]:
    # Only where and what type: frictionless notes may quote a cell's value.
    found = [(None, None, e) for e in report.errors]
    for task in report.tasks:
        found += [(getattr(e, "row_number", None), getattr(e, "field_name", None), e)
                  for e in task.errors]
    return found
