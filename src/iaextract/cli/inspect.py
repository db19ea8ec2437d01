"""``iaextract inspect``: tables, columns, types, row counts, personal-looking columns."""

from __future__ import annotations

from pathlib import Path

import click

from iaextract.cli.options import config_option


@click.command()
@config_option
@click.option("--url", help="Source to inspect instead of the config's [source] url.")
@click.option("--no-sample", is_flag=True,
              help="Judge columns by name only; read no values.")
def inspect(config_path: Path | None, url: str | None, no_sample: bool) -> None:
    """List the source's tables, columns, types and row counts, and flag columns that
    look personal (by name, and by sampling values — which are never printed)."""
    from iaextract.cli.console import make_console
    from iaextract.config import expand_env, load_config
    from iaextract.connectors import open_source
    from iaextract.onboarding.inspect import inspect_source

    base_dir = Path.cwd()
    if url is not None:
        url = expand_env(url, "--url")  # ${VAR} as in the config
    else:
        config = load_config(config_path)
        url, base_dir = config.source.url, config.base_dir
    console = make_console()
    with open_source(url, base_dir) as source:
        console.print(f"Source: {source.display_url}", markup=False)
        reports = inspect_source(source, sample_rows=0 if no_sample else 500)
    for table in reports:
        console.print(f"\n{table.name}  ({table.rows:,} rows)", markup=False)
        width = max((len(c.name) for c in table.columns), default=0)
        for column in table.columns:
            flags = ", ".join(f"{kind} (by {column.why(kind)})" for kind in column.personal)
            quasi = ", ".join(f"{kind} (by {column.why(kind)})" for kind in column.quasi)
            note = (f"  PERSONAL: {flags}" if flags else "") + \
                (f"  QUASI-PERSONAL: {quasi}" if quasi else "")
            console.print(f"  {column.name:<{width}}  {column.type}{note}", markup=False)
    flagged = sum(len(t.personal) for t in reports)
    quasi_only = sum(1 for t in reports for c in t.columns if c.quasi and not c.personal)
    console.print(f"\n{len(reports)} tables, {flagged} columns look personal: list them under "
                  "source_pii in each mapping", markup=False)
    if quasi_only:
        console.print(f"{quasi_only} columns are quasi-personal (ZIP, apartment, city, middle "
                      "initial of people): publish none of them", markup=False)
    if no_sample:
        console.print("judged by column names only (--no-sample): columns whose content is "
                      "personal are not flagged", markup=False)
