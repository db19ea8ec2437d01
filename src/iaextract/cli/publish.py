"""``iaextract publish``: send a verified export to the configured targets."""

from __future__ import annotations

from pathlib import Path

import click

from iaextract.cli.options import config_option, log_options, run_log

TARGETS_HELP = ("Where to publish (repeatable): site:DIR, datasette:DIR, s3://BUCKET/PREFIX, "
                "ckan:https://HOST/dataset/NAME, "
                "socrata:https://HOST/d/abcd-1234?dataset=NAME. "
                "Default: [publish] targets of the config.")


@click.command()
@config_option
@click.option("--export", "export_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The export folder to publish (default: [output] dir of the config).")
@click.option("--to", "targets", multiple=True, metavar="TARGET", help=TARGETS_HELP)
@click.option("--dry-run", is_flag=True,
              help="Verify the export, then list what would be sent; send nothing.")
@log_options
@click.pass_context
def publish(ctx: click.Context, config_path: Path | None, export_dir: Path | None,
            targets: tuple[str, ...], dry_run: bool) -> None:
    """Publish a verified export to a site, Datasette, S3 or an open-data portal.

    The export is checked first exactly as by `iaextract verify` (every file's sha256,
    the leak scan): if a file changed nothing is sent (exit 1), if a personal value is
    found nothing is sent (exit 3). With [publish] signing_key_file set, the manifest is
    signed first. Publishing the same export again changes nothing. Credentials come
    only from environment variables or the OS keyring.
    """
    from iaextract.cli.report import publish_and_report
    from iaextract.config import load_config

    publish_and_report(run_log(ctx), load_config(config_path), targets, export_dir, dry_run)
