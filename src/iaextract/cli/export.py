"""``iaextract export``: run an export and publish it."""

from __future__ import annotations

import gc
from datetime import date, datetime
from pathlib import Path

import click

from iaextract.cli.options import config_option, dataset_option, log_options, run_log
from iaextract.writers.formats import FORMATS


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2024-01-31") from None


@click.command()
@config_option
@dataset_option
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: [output] dir of the config).")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(FORMATS),
              help="Output format (repeatable). Default: [output] formats of the config.")
@click.option("--since", callback=_date, metavar="YYYY-MM-DD",
              help="Only records whose mapping `date` is on or after this day.")
@click.option("--until", callback=_date, metavar="YYYY-MM-DD",
              help="Only records whose mapping `date` is on or before this day.")
@click.option("--dry-run", is_flag=True,
              help="Preview what would be exported (as `iaextract preview`); write nothing.")
@click.option("--incremental", is_flag=True, default=None,
              help="Read only rows changed since the last run and merge them into the "
              "published files (default: [run] mode of the config).")
@click.option("--full", is_flag=True,
              help="With incremental runs: read every row and rebuild the files once.")
@click.option("--publish", "then_publish", is_flag=True,
              help="Then publish the export to the [publish] targets of the config "
              "(as `iaextract publish`).")
@log_options
@click.pass_context
def export(ctx: click.Context, config_path: Path | None, datasets: tuple[str, ...],
           out_dir: Path | None, formats: tuple[str, ...], since: date | None,
           until: date | None, dry_run: bool, incremental: bool | None, full: bool,
           then_publish: bool) -> None:
    """Export, redact and publish the configured datasets.

    Files are written to a staging folder and published together only when every
    dataset was written completely; a failed or killed run leaves the previous
    export as it was. One run at a time per output folder (exit 75 otherwise).
    """
    from iaextract.cli.console import BarProgress, make_console, progress_for
    from iaextract.cli.report import log_outcome, print_summary, publish_and_report, show_preview
    from iaextract.config import load_config
    from iaextract.mapping.query import Window
    from iaextract.masking import secrets_in
    from iaextract.preview import DEFAULT_ROWS
    from iaextract.run.pipeline import export as run_export
    from iaextract.run.plan import ExportRequest

    # What the imports made lives as long as the process: frozen, it is out of the
    # collector's way, and each later collection walks only the run's own objects.
    gc.freeze()
    log = run_log(ctx)
    config = load_config(config_path, remember=not dry_run)
    for secret in secrets_in(config.source.url):
        log.hide(secret)
    human = log.format == "text" and not log.quiet
    console = make_console() if human else None  # rich is not even imported otherwise
    progress = progress_for(console) if console else None
    request = ExportRequest(datasets=datasets, out_dir=out_dir, formats=formats,
                            window=Window(since=since, until=until), incremental=incremental,
                            full=full)
    if dry_run:
        # Before the run lock and state: a dry run must not touch the output folder.
        show_preview(config, request, rows=DEFAULT_ROWS)
        return
    try:
        result = run_export(config, request, progress=progress, events=log)
    finally:
        if isinstance(progress, BarProgress):
            progress.stop()
    log_outcome(log, result)
    if console:
        print_summary(console, result)
    if then_publish:
        publish_and_report(log, config, (), result.out_dir)

