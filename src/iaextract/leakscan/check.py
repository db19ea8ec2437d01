"""The leak scan as the export's last check before publishing."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iaextract.config import Config
from iaextract.leakscan.files import files_in
from iaextract.mapping.model import Mapping
from iaextract.writers.manifest import MANIFEST

if TYPE_CHECKING:  # imported where it scans: an export whose scan runs apart needs none
    from iaextract.connectors import Source
    from iaextract.leakscan.scan import Finding, LeakScanner

log = logging.getLogger("iaextract.leakscan")
log.addHandler(logging.NullHandler())  # the CLI reports errors itself; apps may log them

class LeakScan:
    """The pipeline check: scan the staged export, record the result, raise on a hit.

    The export calls ``start`` as it begins, ``written`` as each dataset is complete,
    and the check (``__call__``) before publishing. Inline, the check does it all. A
    scan that runs alongside (:class:`LeakScanProcess`) calls ``prepare`` (read the
    source's personal values into the index) at the start and ``scan_written`` for each
    dataset; its check then scans only what is left, and again any file that changed.
    """

    def __init__(self, config: Config, mappings: Iterable[Mapping] | None = None,
                 sql_cache: Path | None = None) -> None:
        self.config = config
        self.mappings = list(mappings) if mappings is not None else None
        self.sql_cache = sql_cache  # where a SQLite file source keeps its compiled SQL
        self.scanner: LeakScanner | None = None
        self.source: Source | None = None  # the export's open source, if it lends it
        self._scanned: dict[str, tuple[tuple[int, int], list[Finding]]] = {}

    def prepare(self) -> None:
        """Read the source's personal values into the index, if not done yet."""
        if self.scanner is None:
            from iaextract.leakscan.scan import scanner_for

            self.scanner = scanner_for(self.config, mappings=self.mappings,
                                       source=self.source, sql_cache=self.sql_cache)

    def scan_written(self, staging_dir: Path, names: Iterable[str]) -> None:
        """Scan the files ``names`` of ``staging_dir`` now; findings are kept for the check."""
        self.prepare()
        assert self.scanner is not None
        for name in names:
            path = staging_dir / name
            stat = path.stat()
            version = (stat.st_size, stat.st_mtime_ns)
            if self._scanned.get(name, ((-1, -1), []))[0] != version:
                self._scanned[name] = (version, self.scanner.scan_file(path, name))

    def lend(self, source: Source) -> None:
        """The export's source, open until the check: the inline scan reads the personal
        values through it rather than connecting and reflecting the source again."""
        self.source = source

    def start(self) -> None:
        """The export begins. The inline scan waits for the check, so that its index
        and the export's buffers are never in memory together."""

    def written(self, staging_dir: Path, names: Iterable[str]) -> None:
        """The files ``names`` of a dataset are complete; inline, nothing until the check."""

    def findings(self, staging_dir: Path, names: list[str]) -> tuple[int, list[Finding]]:
        """Scan what is left of ``names``: the number of values checked, every finding."""
        self.scan_written(staging_dir, names)
        assert self.scanner is not None
        return len(self.scanner.known), [f for name in names for f in self._scanned[name][1]]

    def close(self) -> None:
        """Let go of what the scan holds; the inline scan holds nothing that needs it."""

    def __call__(self, staging_dir: Path, manifest: dict[str, Any]) -> None:
        names = files_in(staging_dir)
        values_checked, findings = self.findings(staging_dir, names)
        record = {"values_checked": values_checked,
                  "files_scanned": len(names), "result": "leak" if findings else "clean",
                  "findings": sum(f.count for f in findings)}
        manifest["leak_scan"] = record
        _record(staging_dir / MANIFEST, record)
        if findings:
            from iaextract.leakscan.scan import leak_error

            error = leak_error(findings)
            log.error("%s", error)
            raise error


def _record(path: Path, record: dict[str, Any]) -> None:
    """Add the scan's result to the staged manifest (which it has just scanned)."""
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    data["leak_scan"] = record
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        json.dump(data, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
