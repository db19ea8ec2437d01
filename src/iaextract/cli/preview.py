"""``iaextract preview``: what an export would publish and remove, writing nothing."""

from __future__ import annotations

from pathlib import Path

import click

from iaextract.cli.console import BarProgress, make_console
from iaextract.cli.options import config_option, dataset_option
from iaextract.config import Config, load_config
from iaextract.preview.engine import DEFAULT_ROWS, build_preview
from iaextract.preview.html import write_html
from iaextract.preview.terminal import print_preview
from iaextract.run.pipeline import ExportRequest


@click.command()
@config_option
@dataset_option
@click.option("--rows", type=click.IntRange(0, 1000), default=DEFAULT_ROWS, show_default=True,
              help="Sample records shown per dataset.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report as one self-contained HTML file.")
@click.option("--show-originals", is_flag=True,
              help="Show original source values instead of masks (never share the result).")
def preview(config_path: Path | None, datasets: tuple[str, ...], rows: int,
            html_path: Path | None, show_originals: bool) -> None:
    """Show what an export would publish and what redaction removes; write nothing.

    Reads every row (to count what would be written, unknown codes, unparseable dates
    and small groups) but writes no export file, no state and no output folder.
    """
    show_preview(load_config(config_path), ExportRequest(datasets=datasets), rows=rows,
                 html_path=html_path, show_originals=show_originals)


def show_preview(config: Config, request: ExportRequest, *, rows: int = DEFAULT_ROWS,
                 html_path: Path | None = None, show_originals: bool = False) -> None:
    """Run the dry run and print it (and write the HTML report when asked)."""
    if show_originals:
        click.echo("warning: --show-originals prints personal values from the source; "
                   "do not share or keep this output", err=True)
    console = make_console()
    progress = BarProgress(console) if console.is_terminal else None
    try:
        result = build_preview(config, request, rows=rows, show_originals=show_originals,
                               progress=progress)
    finally:
        if progress:
            progress.stop()
    print_preview(console, result)
    if html_path:
        write_html(html_path, result)
        console.print(f"\nHTML report written to {html_path}", markup=False)
