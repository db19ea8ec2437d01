"""The leak scan run in a second process, alongside the export that it checks.

Reading every personal value of the source into the index and scanning the written
files is about half of an export's work, and none of it depends on the rows being
written now. In a process of its own it uses the machine's second core: the index is
built while the first dataset is written, and each dataset is scanned while the next
is written. The check at the end waits only for what is left.

The process is a plain ``python -m iaextract.leakscan.process`` talking
pickles over its stdin and stdout, not a ``multiprocessing`` child: that works the
same on Linux and Windows, never re-runs the caller's main module (a library caller
needs no ``if __name__ == "__main__"`` guard), keeps the configuration and its
secrets off the command line, and ends by itself when the export dies (its stdin
closes). It fails closed: if it stops without an answer, the export is withheld.
"""

from __future__ import annotations

import contextlib
import pickle
import subprocess
import sys
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from iaextract.config import Config
from iaextract.errors import WriterError
from iaextract.heap import child_environment
from iaextract.leakscan.check import LeakScan
from iaextract.mapping.model import Mapping
from iaextract.pipes import answer, claim_stdio

if TYPE_CHECKING:  # the scanning (and its imports) is the child's: not this process's
    from iaextract.connectors import Source
    from iaextract.leakscan.scan import Finding

#: Under ``[run] parallel_scan = "auto"`` a source held in files smaller than this is
#: scanned in the export's own process: a second interpreter's start, imports and index
#: cost about 0.75 s of CPU, more than the whole scan of such a source (the 300-incident
#: demo, 0.4 MB, scans in about 0.5 s), and on a busy machine the two processes only
#: take turns. A database server's size is not known beforehand: it gets the process.
SMALL_SOURCE = 4 * 1024 * 1024
WAIT_ON_CLOSE = 5.0  # seconds a finished scan process gets to exit before it is killed
# On Windows a scheduled export has no console, and a child python.exe would open one.
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)


def scans_apart(config: Config) -> bool:
    """Whether an export under ``config`` runs its leak scan in a process of its own."""
    setting = config.run.parallel_scan
    if setting != "auto":
        return setting
    from iaextract.connectors import source_size

    size = source_size(config.source.url, config.base_dir)
    return size is None or size >= SMALL_SOURCE


class LeakScanProcess(LeakScan):
    """A :class:`LeakScan` whose index and scanning live in a child process.

    ``prepare`` starts the process (it begins reading the source at once);
    ``scan_written`` hands it finished files and returns at once; the check waits for
    the findings. ``close`` stops the process; call it when the export ends, however.
    """

    def __init__(self, config: Config, mappings: Iterable[Mapping] | None = None,
                 sql_cache: Path | None = None) -> None:
        super().__init__(config, mappings, sql_cache)
        self._process: subprocess.Popen[bytes] | None = None
        self._answered = False

    def prepare(self) -> None:
        if self._process is not None:
            return
        # Run from the folder that holds this iaextract: ``-m`` puts the working folder
        # first on the import path, so the child imports this very iaextract, and never
        # a stray module (a ``csv.py``) of the folder the export was started in.
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, cwd=Path(__file__).resolve().parents[2],
                creationflags=_NO_WINDOW, env=child_environment())
        except OSError as exc:  # an embedded Python may have no interpreter to start
            raise WriterError(f"cannot start the leak scan process ({sys.executable!r}: "
                              f"{exc.strerror}); set [run] parallel_scan = false to scan "
                              "in the export's own process") from None
        self._send((self.config, self.mappings, self.sql_cache))

    def start(self) -> None:
        self.prepare()

    def lend(self, source: Source) -> None:
        """The scan process reads the source through a connection of its own."""

    def written(self, staging_dir: Path, names: Iterable[str]) -> None:
        self.scan_written(staging_dir, names)

    def scan_written(self, staging_dir: Path, names: Iterable[str]) -> None:
        self._send((str(staging_dir.resolve()), list(names), False))

    def findings(self, staging_dir: Path, names: list[str]) -> tuple[int, list[Finding]]:
        self._send((str(staging_dir.resolve()), names, True))
        kind, *answer = self._receive()
        self._answered = True
        if kind == "error":
            error, remote_traceback = answer
            raise error from RemoteTraceback(remote_traceback)
        values_checked, findings = answer
        return values_checked, findings

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):  # a pipe the process already broke
                stream.close()  # type: ignore[union-attr]
        if not self._answered:  # the export failed or was refused: the scan is not needed
            process.kill()
        try:
            process.wait(timeout=WAIT_ON_CLOSE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def _send(self, message: object) -> None:
        self.prepare()
        assert self._process is not None and self._process.stdin is not None
        try:
            pickle.dump(message, self._process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._process.stdin.flush()
        except OSError:
            raise self._stopped() from None

    def _receive(self) -> tuple[Any, ...]:
        assert self._process is not None and self._process.stdout is not None
        try:
            return pickle.load(self._process.stdout)  # type: ignore[no-any-return]
        except (EOFError, OSError, pickle.UnpicklingError):
            raise self._stopped() from None

    def _stopped(self) -> BaseException:
        """Why the process stopped: the error it sent before it ended (the source went
        away while it read it, say), else that it stopped without one."""
        assert self._process is not None
        try:
            code = self._process.wait(timeout=WAIT_ON_CLOSE)
        except subprocess.TimeoutExpired:
            code = None
        with contextlib.suppress(Exception):  # no answer left in the pipe: say so below
            kind, *answer = pickle.load(self._process.stdout)  # type: ignore[arg-type]
            if kind == "error":
                self._answered = True
                error, remote_traceback = answer
                error.__cause__ = RemoteTraceback(remote_traceback)
                return error  # type: ignore[no-any-return]
        return WriterError(f"the leak scan process stopped before it finished (exit code "
                           f"{code}); the export was withheld. Run again, or set [run] "
                           "parallel_scan = false to scan in the export's own process")


class RemoteTraceback(Exception):
    """The traceback of an error raised in the scan process, shown by ``--debug``."""

    def __str__(self) -> str:
        return f"\n--- in the leak scan process ---\n{self.args[0]}"


def serve(inbox: IO[bytes], outbox: IO[bytes]) -> None:
    """The child's work: build the index, scan what is sent, answer when asked.

    Returns when the parent asks for the findings or goes away (its end of ``inbox``
    closes). Every error goes back to the parent, which raises it as its own, so a run
    fails the same way whichever process met the problem.
    """
    try:
        # (config, mappings[, the folder of the compiled-SQL cache])
        config, mappings, *cache = pickle.load(inbox)
        scan = LeakScan(config, mappings, *cache)
        scan.prepare()
        while True:
            folder, names, reply = pickle.load(inbox)
            if reply:
                answer(outbox, ("done", *scan.findings(Path(folder), names)))
                return
            scan.scan_written(Path(folder), names)
    except EOFError:
        return  # the export ended or died: nothing left to do
    except BaseException as exc:  # noqa: BLE001 - every failure is the parent's to report
        remote = "".join(traceback.format_exception(exc))
        try:
            error = pickle.dumps(exc)
            pickle.loads(error)  # some exceptions pickle but cannot be rebuilt
        except Exception:  # noqa: BLE001 - any failure means: send a plain stand-in
            # Only the type crosses over: an unexpected error's message may quote data.
            exc = RuntimeError(f"{type(exc).__name__} in the leak scan")
        answer(outbox, ("error", exc, remote))



def main() -> None:
    """Entry point of the scan process: the protocol on stdin and stdout."""
    inbox, outbox = claim_stdio()
    serve(inbox, outbox)


if __name__ == "__main__":
    main()
