"""``iaextract load``: copy a database's tables into another (e.g. the demo into PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("source_url")
@click.argument("target_url")
@click.option("--replace", is_flag=True, help="Drop and reload tables that already exist.")
def load(source_url: str, target_url: str, replace: bool) -> None:
    """Copy every table of SOURCE_URL (any source URL, e.g. csv:FOLDER or an Access
    file mdb:FILE) into the database TARGET_URL (a SQLAlchemy URL), with matching
    column types.

    \b
    Example: put the demo database on a PostgreSQL server
      iaextract load sqlite:///iaextract-demo/iapro-demo.sqlite \\
          postgresql+psycopg://clerk:${PGPASSWORD}@localhost/iapro
    """
    from iaextract.cli.console import make_console
    from iaextract.onboarding.load import load_database

    result = load_database(source_url, target_url, Path.cwd(), replace=replace)
    console = make_console()
    for table, rows in result.rows.items():
        console.print(f"  {table}: {rows:,} rows", markup=False)
    console.print(f"loaded {len(result.rows)} tables into {result.target}", markup=False)
