"""Opening a source from the ``[source] url`` setting."""

from __future__ import annotations

from pathlib import Path

from .sql import SqlSource, safe_url

Source = SqlSource


def open_source(url: str, base_dir: Path) -> Source:
    """Open the source named by ``url`` read-only; relative paths start at ``base_dir``."""
    return SqlSource(url, base_dir)


__all__ = ["Source", "SqlSource", "open_source", "safe_url"]
