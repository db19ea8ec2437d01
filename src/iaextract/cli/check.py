"""``iaextract check``: validate config and mappings against the live source."""

from __future__ import annotations

from pathlib import Path

import click

from iaextract.cli.options import config_option, log_options, run_log


@click.command()
@config_option
@log_options
@click.pass_context
def check(ctx: click.Context, config_path: Path | None) -> None:
    """Check the config and every mapping against the source, without exporting.

    Connects, checks every table and column, compares code lists with the codes
    really in the source, tries to parse date columns and looks for personal
    columns missing from source_pii. Exit 0 when all is well, 2 when there are
    problems (all of them are listed).
    """
    from iaextract.cli.console import make_console
    from iaextract.config import load_config
    from iaextract.errors import CheckFailed
    from iaextract.onboarding.check import run_checks
    from iaextract.safetext import printable

    run_log(ctx)  # a failure is logged like any command's (--log-file)
    config = load_config(config_path)
    console = make_console()
    report = run_checks(config)
    for line in report.checked:
        console.print(f"ok: {line}", markup=False)
    for warning in report.warnings:
        console.print(f"warning: {warning}", markup=False)
    for problem in report.problems:
        click.echo(f"problem: {printable(str(problem))}", err=True)
    if not report.ok:
        raise CheckFailed(f"{len(report.problems)} problem(s) found in {config.path}")
    console.print(f"{config.path}: all checks passed", markup=False)
