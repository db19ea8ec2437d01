"""``iaextract verify``: re-check a published export folder before (or after) it is shared."""

from __future__ import annotations

from pathlib import Path

import click

from iaextract.cli.options import config_option


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@config_option
@click.option("--public-key", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="The agency's published signing key (.pub): also prove manifest.json "
              "is signed by it, so no file was changed since the agency published it.")
def verify(folder: Path, config_path: Path | None, public_key: Path | None) -> None:
    """Check a published export FOLDER: checksums, leak scan, data package.

    Every file listed in manifest.json must be present with the same sha256; every
    file in the folder is searched for the known personal values of the configured
    source; datapackage.json, if present, must validate. With --public-key, the
    manifest's signature must be the agency's. Exit 0 clean, 1 a file is missing or
    changed or the signature is wrong, 3 a personal value was found.
    """
    from iaextract.cli.console import make_console
    from iaextract.cli.report import print_verification
    from iaextract.config import load_config
    from iaextract.leakscan.verify import verify_export

    console = make_console()
    result = verify_export(folder, load_config(config_path))
    print_verification(console, result)
    if public_key is not None:
        from iaextract.publish.signing import check_signature

        unsigned = check_signature(folder, public_key)
        console.print(f"signature: {'valid' if not unsigned else 'INVALID'}", markup=False)
        result.problems += unsigned
    result.raise_for_problems()
    console.print(f"{folder}: verified", markup=False)
