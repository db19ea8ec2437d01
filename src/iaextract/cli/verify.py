"""``iaextract verify``: re-check a published export folder before (or after) it is shared."""

from __future__ import annotations

from pathlib import Path

import click

from iaextract.cli.options import config_option


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
    from iaextract.cli.console import make_console
    from iaextract.config import load_config
    from iaextract.leakscan.verify import DATAPACKAGE, verify_export
    from iaextract.writers.manifest import MANIFEST

    console = make_console()
    result = verify_export(folder, load_config(config_path))
    files = [p for p in result.problems if p.type != "invalid-datapackage"]
    console.print(f"files: {result.files_listed} checked against {MANIFEST}: "
                  f"{'OK' if not files else f'{len(files)} problem(s)'}", markup=False)
    if result.datapackage:
        console.print(f"{DATAPACKAGE}: {result.datapackage}", markup=False)
    console.print(f"leak scan: {result.values_checked:,} known personal values of the source "
                  f"checked in {result.files_scanned} files: "
                  f"{'clean' if not result.findings else f'{len(result.findings)} found'}",
                  markup=False)
    result.raise_for_problems()
    console.print(f"{folder}: verified", markup=False)
