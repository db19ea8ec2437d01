"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

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
