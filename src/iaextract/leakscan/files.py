"""Which files a folder holds, as the scan names them: a module of its own so that the
export's check can list them without importing the scanner (its scan may run apart)."""

from __future__ import annotations

from pathlib import Path


def files_in(folder: Path) -> list[str]:
    """Every file under ``folder``, as sorted relative POSIX paths."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
