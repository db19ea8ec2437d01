"""``iaextract schema``: print the open schema (every dataset, or one)."""

from __future__ import annotations

import click

from iaextract.schema import DATASETS, get_dataset
from iaextract.schema.render import FORMATS, render_schema


@click.command()
@click.argument("dataset", required=False)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True,
              help="Markdown for people, JSON or YAML for software.")
def schema(dataset: str | None, fmt: str) -> None:
    """Print the open schema: datasets, fields, types, sensitivity, vocabularies.

    With DATASET, print only that dataset. Needs no config.
    """
    datasets = [get_dataset(dataset)] if dataset else list(DATASETS.values())
    click.echo(render_schema(datasets, fmt), nl=False)
