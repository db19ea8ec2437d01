"""The run log: what an unattended run did, as plain lines or one JSON object a line.

The pipeline reports events (lock taken over, retries, each dataset's counts, the
outcome) to a :class:`RunEvents`; :class:`RunLog` writes them to the console and, with
``--log-file``, appends them to a file. Every line carries the run id. Messages are
built by iaextract itself and never hold a password or key; as a second guard, any
secret registered with :meth:`RunLog.hide` is masked in every line written.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Literal, Protocol

from iaextract.errors import ConfigError
from iaextract.masking import hide, hide_remembered
from iaextract.safetext import printable

LogFormat = Literal["text", "json"]
LEVELS = ("debug", "info", "warning", "error")


class RunEvents(Protocol):
    """Receives the events of a run."""

    run_id: str | None

    def event(self, event: str, message: str, *, level: str = "info",
              dataset: str | None = None, counts: dict[str, Any] | None = None,
              **extra: Any) -> None: ...


class NoEvents:
    """Drops every event (library callers that want no log)."""

    run_id: str | None = None

    def event(self, event: str, message: str, *, level: str = "info",
              dataset: str | None = None, counts: dict[str, Any] | None = None,
              **extra: Any) -> None:
        pass


class RunLog:
    """Writes events as text or JSON lines to the console and an optional log file.

    On the console, JSON format prints every event (errors only when ``quiet``) to
    stdout; text format leaves normal output to the command and prints only warnings
    (stderr), since people read it. The log file always gets every event.
    """

    def __init__(self, fmt: LogFormat = "text", *, file: Path | None = None,
                 quiet: bool = False, stdout: IO[str] | None = None,
                 stderr: IO[str] | None = None) -> None:
        self.format = fmt
        self.quiet = quiet
        self.run_id: str | None = None
        self._stdout = stdout or sys.stdout
        self._stderr = stderr or sys.stderr
        self._secrets: list[str] = []
        self._file: IO[str] | None = None
        if file is not None:
            try:
                file.parent.mkdir(parents=True, exist_ok=True)
                self._file = file.open("a", encoding="utf-8", newline="\n")
            except OSError as exc:
                raise ConfigError(f"cannot open the log file {file}: {exc.strerror}") from None

    def hide(self, secret: str | None) -> None:
        """Mask ``secret`` wherever it would appear in a log line."""
        if secret:
            self._secrets.append(secret)

    def event(self, event: str, message: str, *, level: str = "info",
              dataset: str | None = None, counts: dict[str, Any] | None = None,
              **extra: Any) -> None:
        record = {"time": datetime.now(timezone.utc).isoformat(timespec="seconds")
                  .replace("+00:00", "Z"), "level": level, "event": event,
                  "run_id": self.run_id, "dataset": dataset, "counts": counts,
                  "message": message, **extra}
        record = self._mask(record)
        json_line = json.dumps(record, ensure_ascii=False, default=str)
        text_line = self._text(record)
        if self._file is not None:
            self._file.write((json_line if self.format == "json" else text_line) + "\n")
            self._file.flush()
        if self.format == "json":
            if not self.quiet or level == "error":
                self._stdout.write(json_line + "\n")
                self._stdout.flush()
        elif level == "warning" and not self.quiet:
            self._stderr.write(f"warning: {record['message']}\n")
            self._stderr.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def _mask(self, value: Any) -> Any:
        # Values only, never keys: a short secret must not garble the line's structure.
        if isinstance(value, str):
            return hide_remembered(hide(value, self._secrets))
        if isinstance(value, dict):
            return {k: self._mask(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self._mask(v) for v in value]
        return value

    @staticmethod
    def _text(record: dict[str, Any]) -> str:
        where = f" [{record['dataset']}]" if record["dataset"] else ""
        counts = record["counts"] or {}
        tail = " (" + ", ".join(f"{k}={v}" for k, v in counts.items()) + ")" if counts else ""
        return (f"{record['time']} {record['level'].upper():<7} {record['run_id'] or '-'} "
                f"{record['event']}{where}: {printable(str(record['message']))}{tail}")
