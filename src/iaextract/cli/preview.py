"""``iaextract preview``: what an export would publish and remove, writing nothing."""

from __future__ import annotations

from pathlib import Path

import click

from iaextract.cli.options import config_option, dataset_option
from iaextract.preview import DEFAULT_ROWS


@click.command()
@config_option
@dataset_option
@click.option("--rows", type=click.IntRange(0, 1000), default=DEFAULT_ROWS, show_default=True,
              help="Sample records shown per dataset.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report as one self-contained HTML file.")
@click.option("--narratives", type=click.IntRange(0, 1000), default=0, show_default=True,
              help="Also review the first N scrubbed narratives of each dataset, side by "
              "side with what was removed, flagging suspicious leftovers.")
@click.option("--show-originals", is_flag=True,
              help="Show original source values instead of masks (never share the result).")
def preview(config_path: Path | None, datasets: tuple[str, ...], rows: int,
            html_path: Path | None, narratives: int, show_originals: bool) -> None:
    """Show what an export would publish and what redaction removes; write nothing.

    Reads every row (to count what would be written, unknown codes, unparseable dates
    and small groups) but writes no export file, no state and no output folder.
    """
    from iaextract.cli.report import show_preview
    from iaextract.config import load_config
    from iaextract.run.plan import ExportRequest

    show_preview(load_config(config_path), ExportRequest(datasets=datasets), rows=rows,
                 html_path=html_path, show_originals=show_originals, narratives=narratives)
