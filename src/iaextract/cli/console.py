"""What the CLI prints: rich on a terminal, plain lines when piped or scheduled."""

from __future__ import annotations

import sys
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any

from iaextract.safetext import printable

if TYPE_CHECKING:  # rich is imported when a console is made: `export -q` needs none
    from rich.console import Console

    from iaextract.run.plan import DatasetResult


@lru_cache(maxsize=1)
def _safe_console() -> type[Console]:
    """The console class, made on first use: rich is imported only when a command prints."""
    from rich.console import Console
    from rich.text import Text

    class SafeConsole(Console):
        """A rich console that escapes control characters in every string it renders.

        Table names, column names, codes and error details come from the source;
        rendered raw, an ``ESC[2J`` or OSC sequence in one of them would drive the
        terminal. Every ``print`` argument and table cell given as a string passes here.
        """

        def render_str(self, text: str, **kwargs: Any) -> Text:
            return super().render_str(printable(text), **kwargs)

    return SafeConsole


def make_console(stream: IO[str] | None = None, *, force_plain: bool = False) -> Console:
    """A console on ``stream``; no colour or markup effects when it is not a terminal;
    control characters in printed text escaped."""
    stream = stream or sys.stdout
    interactive = (not force_plain) and stream.isatty()
    return _safe_console()(file=stream, force_terminal=interactive, no_color=not interactive,
                           highlight=False, soft_wrap=True,
                           width=None if interactive else 200)


class PlainProgress:
    """Progress as plain lines (one per dataset), for logs and scheduled jobs."""

    wants_totals = False

    def __init__(self, console: Console) -> None:
        self.console = console

    def start(self, dataset: str, total: int | None) -> None:
        self.console.print(f"{dataset}: reading", markup=False)

    def advance(self, dataset: str, rows: int) -> None:
        pass

    def finish(self, dataset: str, result: DatasetResult) -> None:
        self.console.print(f"{dataset}: {result.rows_read:,} rows read, "
                           f"{result.rows_written:,} written", markup=False)


class BarProgress:
    """A rich progress bar per dataset, for a person at a terminal."""

    wants_totals = True

    def __init__(self, console: Console) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._bar = Progress(TextColumn("{task.description}"), BarColumn(),
                             MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                             transient=False)
        self._tasks: dict[str, Any] = {}

    def start(self, dataset: str, total: int | None) -> None:
        if not self._tasks:
            self._bar.start()
        self._tasks[dataset] = self._bar.add_task(dataset, total=total)

    def advance(self, dataset: str, rows: int) -> None:
        self._bar.advance(self._tasks[dataset], rows)

    def finish(self, dataset: str, result: DatasetResult) -> None:
        self._bar.update(self._tasks[dataset], completed=result.rows_read,
                         total=result.rows_read)

    def stop(self) -> None:
        if self._tasks:
            self._bar.stop()


def progress_for(console: Console, quiet: bool = False) -> PlainProgress | BarProgress | None:
    """The right progress display for ``console``: a bar on a terminal, lines otherwise."""
    if quiet:
        return None
    return BarProgress(console) if console.is_terminal else PlainProgress(console)
