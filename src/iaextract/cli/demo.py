"""``iaextract demo``: build a demo database and run a real export of it."""

from __future__ import annotations

from pathlib import Path

import click

DEMO_AGENCY = "Demo City Police Department (fictional)"


@click.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("iaextract-demo"), show_default=True,
              help="Folder to create the demo in.")
@click.option("--incidents", type=click.IntRange(1, 5_000_000), default=300,
              show_default=True, help="How many incidents the demo database holds.")
@click.option("--force", is_flag=True,
              help="Rebuild a folder an earlier demo made (refused for any other folder).")
@click.option("--style", type=click.Choice(["a", "b"]), default="a", show_default=True,
              help="Which built-in agency: a (a table per incident type) or b (tbl names, "
                   "every incident type in one table, letter codes).")
def demo(out_dir: Path, incidents: int, force: bool, style: str) -> None:
    """Create a demo IA Pro-style database, config and key, and export it.

    Needs nothing but iaextract: no network, no database server.
    """
    from iaextract.cli.console import BarProgress, make_console, progress_for
    from iaextract.cli.report import print_redactions, print_summary
    from iaextract.config import load_config
    from iaextract.demo import SITE, create_demo
    from iaextract.publish.site import build_site
    from iaextract.run.pipeline import export

    console = make_console()
    folder = create_demo(out_dir, incidents, force=force, style=style)
    console.print(f"Demo database: {folder.database} ({incidents:,} incidents, "
                  f"{sum(folder.stats.counts.values()):,} rows in "
                  f"{len(folder.stats.counts)} tables)", markup=False)
    config = load_config(folder.config)
    progress = progress_for(console)
    try:
        result = export(config, progress=progress)
    finally:
        if isinstance(progress, BarProgress):
            progress.stop()
    print_redactions(console, result)
    print_summary(console, result)
    site = folder.root / SITE
    build_site(config.output_dir, site, agency=DEMO_AGENCY, k=config.policy.k)
    console.print(f"\nTransparency site: {site} (open {site / 'index.html'} in a browser)",
                  markup=False)
    console.print("\nNext, try:", markup=False)
    mappings = folder.mappings.relative_to(folder.root).as_posix()
    roster = (folder.mappings / "officers.yaml").is_file()
    for line in (f"cd {folder.root}",
                 "iaextract export            # run the export again",
                 "iaextract export --since 2020-01-01 -d complaint_allegations",
                 *(["iaextract export -d officers -o roster   # the officer roster "
                    "(off by default)"] if roster else []),
                 "iaextract schema vehicle_pursuits   # what each field means",
                 "open export/DATA_DICTIONARY.html    # this export, field by field",
                 f"edit iaextract.toml (policy) and {mappings}/*.yaml"):
        console.print(f"  {line}", markup=False)
