"""The ``iaextract`` command line: a thin layer over the library.

Each command lives in its own module under :mod:`iaextract.cli.commands`; this module
only builds the group, turns :class:`~iaextract.errors.IaextractError` into a plain
message and its exit code, and hides tracebacks unless ``--debug`` is given.
"""

from __future__ import annotations

import importlib
import sys
import traceback
from typing import Any

import click

from iaextract import __version__
from iaextract.cli.options import log_options
from iaextract.cli.stopping import Stopped, handle_stop_signals, stop_exit_code, stop_name
from iaextract.errors import EXIT_FAILED, IaextractError
from iaextract.masking import hide_remembered
from iaextract.safetext import printable

# Command name -> the module of iaextract.cli that defines it (a click command of that name).
COMMANDS = ["demo", "export", "publish", "preview", "check", "inspect", "init", "load", "verify",
            "scrub", "schema", "keygen"]


class IaextractGroup(click.Group):
    """A click group that reports library errors in plain words with their exit codes.

    Commands are loaded from their modules on first use, so that starting the tool for
    one command costs only that command's imports.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(f"iaextract.cli.{cmd_name}")
        command: click.Command = getattr(module, cmd_name)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except IaextractError as exc:
            _log_failure(ctx, str(exc), exc.exit_code)
            _debug_traceback(ctx)
            click.echo(f"error: {printable(hide_remembered(str(exc)))}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.ClickException, click.Abort):
            raise
        except (KeyboardInterrupt, Stopped) as stop:
            # Every finally of the run has run by now: staging, scratch copies and the
            # lock are gone; a publish journal stays for the next run to complete.
            message = (f"stopped by {stop_name(stop)}; what this run had not finished was "
                       "discarded (a publish already under way is completed by the next run)")
            _log_failure(ctx, message, stop_exit_code(stop), outcome="stopped")
            click.echo(f"error: {message}", err=True)
            ctx.exit(stop_exit_code(stop))
        except Exception as exc:
            # The message of an unexpected error may quote source data, so only its type
            # is shown; --debug shows everything to the person who asks for it.
            message = f"unexpected {type(exc).__name__}; run again with --debug for details"
            _log_failure(ctx, message, EXIT_FAILED)
            _debug_traceback(ctx)
            click.echo(f"error: {message}", err=True)
            ctx.exit(EXIT_FAILED)
        finally:
            if ctx.obj and ctx.obj.get("run_log"):
                ctx.obj["run_log"].close()


def _debug_traceback(ctx: click.Context) -> None:
    """With --debug, the traceback of the error being handled, every known secret masked
    (a driver's message or a frame's text can hold the source URL)."""
    if ctx.obj and ctx.obj.get("debug"):
        click.echo(printable(hide_remembered(traceback.format_exc())).rstrip(), err=True)


def _log_failure(ctx: click.Context, message: str, exit_code: int,
                 outcome: str = "failed") -> None:
    """The final log line of a failed run, when the command keeps a run log."""
    log = (ctx.obj or {}).get("run_log")
    if log is not None:
        log.event("run_finished", message, level="error", outcome=outcome,
                  exit_code=exit_code)


@click.group(cls=IaextractGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="iaextract")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@log_options
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Extract, redact and publish case records from IA Pro-style databases.

    Exit codes: 0 done, 1 run failed, 2 usage/config/mapping invalid,
    3 leak found (export withheld), 75 another run holds the lock,
    130/143 stopped by Ctrl-C/SIGTERM (cleaned up).
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main() -> None:
    """Console-script entry point."""
    handle_stop_signals()
    sys.exit(cli.main(prog_name="iaextract", standalone_mode=True))
