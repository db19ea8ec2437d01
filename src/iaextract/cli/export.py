"""``iaextract export``: run an export and publish it."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from iaextract.cli.console import BarProgress, make_console, progress_for
from iaextract.cli.options import config_option, dataset_option, log_options, run_log
from iaextract.cli.preview import DEFAULT_ROWS, show_preview
from iaextract.config import load_config
from iaextract.mapping.query import Window
from iaextract.run.pipeline import DatasetResult, ExportRequest, ExportResult, dataset_counts
from iaextract.run.pipeline import export as run_export
from iaextract.run.runlog import RunLog
from iaextract.writers.formats import FORMATS

_ODBC_PASSWORD = re.compile(r"(?i)\b(?:PWD|Password)\s*=\s*([^;]+)")


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
@log_options
@click.pass_context
def export(ctx: click.Context, config_path: Path | None, datasets: tuple[str, ...],
           out_dir: Path | None, formats: tuple[str, ...], since: date | None,
           until: date | None, dry_run: bool, incremental: bool | None, full: bool) -> None:
    """Export, redact and publish the configured datasets.

    Files are written to a staging folder and published together only when every
    dataset was written completely; a failed or killed run leaves the previous
    export as it was. One run at a time per output folder (exit 75 otherwise).
    """
    log = run_log(ctx)
    config = load_config(config_path)
    log.hide(_password(config.source.url))
    console = make_console()
    human = log.format == "text" and not log.quiet
    progress = progress_for(console, quiet=not human)
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
    if human:
        print_summary(console, result)


def _password(url: str) -> str | None:
    odbc = _ODBC_PASSWORD.search(url)
    if odbc:
        return odbc.group(1)
    try:
        return make_url(url).password
    except ArgumentError:
        return None


def log_outcome(log: RunLog, result: ExportResult) -> None:
    """The final log line of a successful run: outcome and counts."""
    counts = {"datasets": len(result.datasets)}
    for r in result.datasets.values():
        for key, value in dataset_counts(r).items():
            counts[key] = counts.get(key, 0) + value
    outcome = "published" if result.published else "nothing new"
    log.event("run_finished", f"{outcome}: {counts['rows_written']:,} "
              f"{'new ' if result.incremental else ''}rows in {counts['datasets']} datasets "
              f"to {result.out_dir}", counts=counts, outcome=outcome)


def data_quality(details: dict[str, Any]) -> str:
    """'12 unknown codes, 3 unparseable dates' from a dataset's manifest details."""
    counts = {
        "unknown codes": sum(sum(c.values()) for c in details.get("unknown_codes", {}).values()),
        "unparseable dates": sum(details.get("unparseable_dates", {}).values()),
        "invalid values": sum(details.get("invalid_values", {}).values()),
    }
    return ", ".join(f"{n:,} {label}" for label, n in counts.items() if n)


def print_summary(console: Console, result: ExportResult) -> None:
    """The closing lines of a run: where the files are and what each dataset holds."""
    for line in result.recovered:
        console.print(f"note: {line}", markup=False)
    total = sum(r.rows_written for r in result.datasets.values())
    new = "new " if result.incremental else ""
    for name, r in result.datasets.items():
        files = f" -> {', '.join(r.files)}" if result.published else ""
        console.print(f"  {name}: {_dataset_line(r)}{files}", markup=False)
        quality = data_quality(r.details)
        if quality and result.published:
            console.print(f"    check in manifest.json: {quality}", markup=False)
    if not result.published:
        console.print(f"export {result.run_id}: nothing new; {result.out_dir} unchanged",
                      markup=False)
        return
    scan = result.manifest.get("leak_scan")
    if scan:
        console.print(f"  leak scan: {scan['result']} ({scan['values_checked']:,} known "
                      f"personal values, {scan['files_scanned']} files)", markup=False)
    console.print(f"export {result.run_id} published to {result.out_dir}: "
                  f"{len(result.datasets)} datasets, {total:,} {new}rows", markup=False)


def _dataset_line(r: DatasetResult) -> str:
    merged = r.details.get("incremental")
    if merged and merged["rebuild"]:
        return f"{r.rows_written:,} rows (rebuilt in full: {merged['rebuild']})"
    if merged:  # rows before the watermark are not "outside" anything the user set
        return (f"{r.rows_written:,} new rows ({r.rows_read:,} read: {merged['new']:,} "
                f"added, {merged['updated']:,} updated)")
    excluded = r.rows_outside_window + r.rows_undated
    extra = f", {excluded:,} outside the time window" if excluded else ""
    return f"{r.rows_written:,} rows{extra}"
