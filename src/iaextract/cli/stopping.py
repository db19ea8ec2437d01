"""A run asked to stop (Ctrl-C, SIGTERM) cleans up like a failed one, then exits 128+N.

Python turns Ctrl-C into ``KeyboardInterrupt``, so every ``finally`` and ``with`` of a
run already cleans up after it. SIGTERM, which a scheduler sends when a job overruns
(systemd, cron wrappers, ``docker stop``, ``timeout``), kills the process outright by
default: the private plaintext copy of a CSV or Access source stays in the temp folder
until the next run, and the lock and staging folder are left for the next run to
recover. Here SIGTERM (and SIGHUP, a closed terminal; SIGBREAK, Ctrl-Break on Windows)
raises :class:`Stopped` instead, so the same clean-up runs. A second signal while
cleaning up is ignored: the clean-up finishes, and a scheduler that wants the process
gone at once sends SIGKILL, which the next run recovers from.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

#: Signals that ask a run to stop (those this platform has).
STOP_SIGNALS = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGBREAK")
                if hasattr(signal, name)]


class Stopped(BaseException):
    """Raised in the main thread when a stop signal arrives.

    A ``BaseException``, like ``KeyboardInterrupt``: no ``except Exception`` of a run
    may take it for an error and carry on.
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


def handle_stop_signals() -> None:
    """Make the stop signals raise :class:`Stopped` in this (the main) thread."""
    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers can only be set there; a library caller keeps its own
    for signum in STOP_SIGNALS:
        signal.signal(signum, _raise_stopped)


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    for other in STOP_SIGNALS:
        signal.signal(other, signal.SIG_IGN)  # let the clean-up finish
    raise Stopped(signum)


def stop_exit_code(stop: BaseException) -> int:
    """The exit code of a run stopped by ``stop``: 128 + the signal's number (the
    shells' convention: 130 for Ctrl-C, 143 for SIGTERM)."""
    signum = stop.signum if isinstance(stop, Stopped) else int(signal.SIGINT)
    return 128 + signum


def stop_name(stop: BaseException) -> str:
    """The signal's name, as a clerk would look it up: SIGTERM, or Ctrl-C."""
    return str(stop) if isinstance(stop, Stopped) else "Ctrl-C (SIGINT)"
