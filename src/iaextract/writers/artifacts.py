"""The files that describe an export: data package and data dictionary.

Written into the staging folder after the data files and before the manifest, so
they are listed in the manifest, seen by every check (the leak scan) and published
atomically with the data.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from iaextract.config import PolicyConfig
from iaextract.writers.datapackage import DATAPACKAGE, build_datapackage
from iaextract.writers.dictionary import (
    DICTIONARY_HTML,
    DICTIONARY_MD,
    render_html,
    render_markdown,
)
from iaextract.writers.exported import ExportedDataset


def write_artifacts(root: Path, exports: Iterable[ExportedDataset], policy: PolicyConfig,
                    digests: dict[str, dict[str, Any]], *, run_id: str, created: str,
                    locate: Callable[[str], Path] | None = None) -> list[str]:
    """Write the data package and dictionary of ``exports`` into ``root``; their names.

    ``digests`` holds the sha256 and size of every data file (as in the manifest);
    ``locate`` finds a data file on disk (default: in ``root``).
    """
    exports = list(exports)
    package = build_datapackage(exports, locate or (lambda file: root / file), digests,
                                run_id=run_id, created=created)
    _write_text(root / DATAPACKAGE, json.dumps(package, indent=2, ensure_ascii=False) + "\n")
    markdown = render_markdown(exports, policy)
    _write_text(root / DICTIONARY_MD, markdown)
    _write_text(root / DICTIONARY_HTML, render_html(markdown))
    return [DATAPACKAGE, DICTIONARY_MD, DICTIONARY_HTML]


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
