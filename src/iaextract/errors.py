"""One rooted exception hierarchy, by pipeline stage.

Every error a user can cause or meet carries the exit code the CLI returns and,
where several things are wrong at once, a list of :class:`Problem` records so they
can all be reported together instead of one per run.

Messages must never contain a secret (database password, pseudonym key) or a
personal value read from the source.
"""

from __future__ import annotations

import difflib
import errno
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2
EXIT_LEAK = 3
EXIT_LOCKED = 75


@dataclass(frozen=True)
class Problem:
    """One thing wrong, as data: a type slug, where it is, what to do about it."""

    type: str
    message: str
    file: str | None = None
    line: int | None = None
    hint: str | None = None

    def location(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or ""

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


class IaextractError(Exception):
    """Root of every error iaextract raises on purpose."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        lines = [self.message] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class ConfigError(IaextractError):
    """The configuration file is missing, unreadable or invalid."""

    exit_code = EXIT_INVALID


class KeyMissing(ConfigError):
    """No pseudonym key could be loaded: the run refuses to start."""


class KeyExposed(ConfigError):
    """The pseudonym key file is readable by other users: the run refuses to start."""


class ConnectorError(IaextractError):
    """The source could not be opened or read.

    ``transient`` (the default) means it may work on a later attempt (the server is
    down, the network failed), so the run retries it; a bad query never is.
    """

    transient = True

    def __init__(self, message: str, problems: Sequence[Problem] = (), *,
                 transient: bool = True) -> None:
        super().__init__(message, problems)
        self.transient = transient


class SourceDataError(IaextractError):
    """A value in the source cannot be read as text: a data problem, never retried.

    The message names table, column and row, never the value."""


class DriverMissing(ConnectorError):
    """A database driver is not installed; the message says which package to add."""

    exit_code = EXIT_INVALID

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message, problems, transient=False)


class MappingError(IaextractError):
    """A mapping file is invalid, or does not match the source schema."""

    exit_code = EXIT_INVALID


class CheckFailed(IaextractError):
    """``iaextract check`` found problems (each already listed with what to fix)."""

    exit_code = EXIT_INVALID


class RedactionError(IaextractError):
    """Redaction could not be applied safely (policy forbids a treatment, etc.)."""

    exit_code = EXIT_INVALID


class ScrubFailed(RedactionError):
    """Narrative scrubbing could not finish (a worker process stopped or failed)."""

    exit_code = EXIT_FAILED


class WriterError(IaextractError):
    """An output file could not be written or published."""


class LeakDetected(IaextractError):
    """A known personal value was found in an output: the export is withheld."""

    exit_code = EXIT_LEAK


class TargetUnreachable(ConnectorError):
    """A publish target (object store, portal) could not be reached: retried like a source."""


class PublishError(IaextractError):
    """A publish target refused or garbled what was sent; the previous release stays current."""


class LockHeld(IaextractError):
    """Another run holds the lock on this output."""

    exit_code = EXIT_LOCKED


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in plain words (a full disk named as such)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "no space left on the output device"
    if exc.errno == errno.EFBIG:
        return "no space left on the output device (file size limit reached)"
    return exc.strerror or type(exc).__name__


def byte_line(path: Path, offset: int) -> int:
    """The line (from 1) holding byte ``offset`` of a file: where a bad byte is."""
    with path.open("rb") as handle:
        return handle.read(offset).count(b"\n") + 1


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate most like ``name`` (case-insensitive), or None."""
    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    if name.lower() in lowered:
        return lowered[name.lower()]
    match = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.5)
    return lowered[match[0]] if match else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """A 'did you mean X?' hint for a misspelt name, or None."""
    best = closest(name, candidates)
    return f"did you mean {best!r}?" if best else None
