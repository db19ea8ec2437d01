"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from iaextract.run.runlog import RunLog

F = TypeVar("F", bound=Callable[..., Any])


def config_option(func: F) -> F:
    """``-c/--config FILE``; falls back to $IAEXTRACT_CONFIG, then ./iaextract.toml."""
    return click.option("-c", "--config", "config_path",
                        type=click.Path(dir_okay=False, path_type=Path),
                        help="Config file (default: $IAEXTRACT_CONFIG or ./iaextract.toml).",
                        )(func)


def dataset_option(func: F) -> F:
    """``-d/--dataset DATASET`` (repeatable); none means every mapped, enabled dataset."""
    return click.option("-d", "--dataset", "datasets", multiple=True, metavar="DATASET",
                        help="Only this dataset (repeatable). Default: every mapped dataset.",
                        )(func)


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    # Given on the group or on the command, whichever comes last wins.
    if value is not None and value is not False:
        ctx.find_root().ensure_object(dict)[param.name or ""] = value


def log_options(func: F) -> F:
    """``--log-format``, ``--log-file`` and ``--quiet``, accepted before or after the command."""
    options = [
        click.option("--log-format", type=click.Choice(["text", "json"]), default=None,
                     expose_value=False, callback=_remember,
                     help="json: one JSON object a line (time, level, event, dataset, "
                     "counts, run id) on stdout and in --log-file. Default: text."),
        click.option("--log-file", type=click.Path(dir_okay=False, path_type=Path),
                     default=None, expose_value=False, callback=_remember,
                     help="Append the run log to this file."),
        click.option("-q", "--quiet", is_flag=True, default=None, expose_value=False,
                     callback=_remember, help="Print only errors."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def run_log(ctx: click.Context) -> RunLog:
    """The run log the logging options ask for (made once, kept for error reporting)."""
    obj = ctx.find_root().ensure_object(dict)
    if "run_log" not in obj:
        obj["run_log"] = RunLog(obj.get("log_format") or "text", file=obj.get("log_file"),
                                quiet=bool(obj.get("quiet")))
    return obj["run_log"]
