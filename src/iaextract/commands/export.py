"""``iaextract export``: run an export and publish it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from ..config import load_config
from ..console import BarProgress, make_console, progress_for
from ..mapping.query import Window
from ..pipeline import ExportRequest, ExportResult
from ..pipeline import export as run_export
from ..writers.formats import FORMATS
from .options import config_option, dataset_option
from .preview import DEFAULT_ROWS, show_preview


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
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--dry-run", is_flag=True,
              help="Preview what would be exported (as `iaextract preview`); write nothing.")
def export(config_path: Path | None, datasets: tuple[str, ...], out_dir: Path | None,
           formats: tuple[str, ...], since: date | None, until: date | None,
           quiet: bool, dry_run: bool) -> None:
    """Export, redact and publish the configured datasets.

    Files are written to a staging folder and published together only when every
    dataset was written completely; a failed or killed run leaves the previous
    export as it was.
    """
    config = load_config(config_path)
    console = make_console()
    progress = progress_for(console, quiet)
    request = ExportRequest(datasets=datasets, out_dir=out_dir, formats=formats,
                            window=Window(since=since, until=until))
    if dry_run:
        show_preview(config, request, rows=DEFAULT_ROWS)
        return
    try:
        result = run_export(config, request, progress=progress)
    finally:
        if isinstance(progress, BarProgress):
            progress.stop()
    if not quiet:
        print_summary(console, result)


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
    for name, r in result.datasets.items():
        excluded = r.rows_outside_window + r.rows_undated
        extra = f", {excluded:,} outside the time window" if excluded else ""
        console.print(f"  {name}: {r.rows_written:,} rows{extra} -> "
                      f"{', '.join(r.files)}", markup=False)
        quality = data_quality(r.details)
        if quality:
            console.print(f"    check in manifest.json: {quality}", markup=False)
    scan = result.manifest.get("leak_scan")
    if scan:
        console.print(f"  leak scan: {scan['result']} ({scan['values_checked']:,} known "
                      f"personal values, {scan['files_scanned']} files)", markup=False)
    console.print(f"export {result.run_id} published to {result.out_dir}: "
                  f"{len(result.datasets)} datasets, {total:,} rows", markup=False)
