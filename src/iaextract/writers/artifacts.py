"""The files that describe an export: data package and data dictionary.

Written into the staging folder after the data files and before the manifest, so
they are listed in the manifest, seen by every check (the leak scan) and published
atomically with the data. The dictionary's HTML page is made again only when its
Markdown changed: a run whose datasets and policy are those of the export it replaces
copies that export's page (rendering it is a tenth of a small export's time).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from iaextract.config import PolicyConfig
from iaextract.writers.datapackage import DATAPACKAGE, build_datapackage
from iaextract.writers.dictionary import (
    DICTIONARY_HTML,
    DICTIONARY_MD,
    html_frame,
    render_html,
    render_markdown,
)
from iaextract.writers.exported import ExportedDataset
from iaextract.writers.manifest import MANIFEST


def write_artifacts(root: Path, exports: Iterable[ExportedDataset], policy: PolicyConfig,
                    digests: dict[str, dict[str, Any]], *, run_id: str, created: str,
                    locate: Callable[[str], Path] | None = None,
                    published: Path | None = None) -> list[str]:
    """Write the data package and dictionary of ``exports`` into ``root``; their names.

    ``digests`` holds the sha256 and size of every data file (as in the manifest);
    ``locate`` finds a data file on disk (default: in ``root``); ``published`` is the
    folder of the export this one replaces, whose dictionary page may be reused.
    """
    exports = list(exports)
    package = build_datapackage(exports, locate or (lambda file: root / file), digests,
                                run_id=run_id, created=created)
    _write_text(root / DATAPACKAGE, json.dumps(package, indent=2, ensure_ascii=False) + "\n")
    markdown = render_markdown(exports, policy)
    _write_text(root / DICTIONARY_MD, markdown)
    html = _published_html(published, markdown) if published else None
    _write_text(root / DICTIONARY_HTML, html if html is not None else render_html(markdown))
    return [DATAPACKAGE, DICTIONARY_MD, DICTIONARY_HTML]


def _published_html(folder: Path, markdown: str) -> str | None:
    """The published dictionary page of ``folder`` if it is the page of ``markdown``.

    It is, when the published Markdown is ``markdown`` and both files are those the
    published manifest lists (an edited file is never reused) in this version's page
    frame. Anything missing or unreadable: None, and the page is rendered.
    """
    try:
        files = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
        md = (folder / DICTIONARY_MD).read_bytes()
        html = (folder / DICTIONARY_HTML).read_bytes()
        if (md != markdown.encode("utf-8") or _sha256(md) != files[DICTIONARY_MD]["sha256"]
                or _sha256(html) != files[DICTIONARY_HTML]["sha256"]):
            return None
        text = html.decode("utf-8")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    head, tail = html_frame()
    return text if text.startswith(head) and text.endswith(tail) else None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
