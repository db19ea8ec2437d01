"""``iaextract demo``: a complete, self-contained demo folder.

Builds a deterministic IA Pro-style SQLite database full of realistic personal
data, a config, a fresh pseudonym key and the shipped mappings, ready to export.
Two agencies are built in: style ``a`` (one table per incident type, database.py)
and style ``b`` (every incident type in one table, letter codes, style_b.py).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from iaextract.errors import ConfigError
from iaextract.redaction.pseudonym import write_key_file

DATABASE = "iapro-demo.sqlite"
CONFIG = "iaextract.toml"
KEY = "iaextract.key"
MAPPINGS = Path("mappings") / "iapro-demo"
#: Demo style -> the shipped mapping layout that exports it.
LAYOUTS = {"a": "iapro-demo", "b": "iapro-b"}
EXPORT = "export"
SITE = "site"  # the transparency site the demo command builds from the export
MARKER = ".iaextract-demo.json"  # what the demo wrote: see _clear
#: Its exports' state and compiled SQL (run.state.STATE_FOLDER): the demo's own too.
STATE = ".iaextract-state"

CONFIG_TEXT = """\
# iaextract configuration for the demo database (see README.md).
[source]
url = "sqlite:///{database}"

[mappings]
path = "{mappings}"

[output]
dir = "{export}"
formats = ["csv", "json"]

[pseudonyms]
key_file = "{key}"

[policy]
narratives = "drop"          # drop | scrub
officer_identity = "pseudonym"   # none | pseudonym | named
date_precision = "month"     # day | month | quarter | year
addresses = "drop"           # drop | block

[datasets]
officers = false             # the officer roster: true to publish it too
"""


@dataclass(frozen=True)
class DemoFolder:
    root: Path
    database: Path
    config: Path
    key: Path
    mappings: Path
    stats: Any  # database.DemoStats


def shipped_mappings(layout: str = "iapro-demo") -> Path:
    """The folder of a mapping layout shipped with iaextract."""
    return Path(str(resources.files("iaextract") / "mapping" / "shipped" / layout))


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _write_marker(root: Path) -> None:
    """Record what the demo wrote, so --force can tell its own folder from any other."""
    (root / MARKER).write_text(json.dumps({name: _digest(root / name) for name in (CONFIG, KEY)},
                                          indent=1) + "\n", encoding="utf-8")


def _clear(root: Path) -> None:
    """Remove an earlier demo from ``root``; refuse a folder that is not only that.

    A real agency folder has the same names (a config, an ``iaextract.key`` whose loss
    breaks pseudonym linkage for good, an export), so only a folder holding the demo's
    marker, nothing else, and the config and key exactly as the demo wrote them is cleared.
    """
    try:
        written = json.loads((root / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        written = None
    own = {DATABASE, CONFIG, KEY, MARKER, MAPPINGS.parts[0], EXPORT, SITE, STATE}
    others = sorted(p.name for p in root.iterdir() if p.name not in own)
    changed = [name for name in (CONFIG, KEY)
               if written is not None and written.get(name) != _digest(root / name)]
    if written is None or others or changed:
        why = ("it was not made by `iaextract demo`" if written is None else
               f"it also holds {', '.join(others[:5])}" if others else
               f"{' and '.join(changed)} changed since the demo wrote them")
        raise ConfigError(f"--force refuses to clear {root}: {why}; --force replaces only "
                          "a demo folder's own files. Choose another --out")
    for name in (DATABASE, CONFIG, KEY, MARKER):
        (root / name).unlink(missing_ok=True)
    for name in (MAPPINGS.parts[0], EXPORT, SITE, STATE):
        shutil.rmtree(root / name, ignore_errors=True)


def create_demo(root: Path, incidents: int = 300, *, force: bool = False,
                seed: int = 2015, style: str = "a") -> DemoFolder:
    """Create the demo folder ``root`` with the agency of ``style`` (``a`` or ``b``);
    refuses a non-empty folder unless ``force``."""
    if root.exists() and any(root.iterdir()):
        if not force:
            raise ConfigError(f"{root} is not empty; choose another --out or add --force "
                              "(which rebuilds only a folder an earlier demo made)")
        _clear(root)
    # Imported here so every other command starts without loading the generator's pools.
    from iaextract.demo.database import DemoStats, generate_demo_database
    from iaextract.demo.style_b import generate_style_b_database

    root.mkdir(parents=True, exist_ok=True)
    if style == "b":
        counts = generate_style_b_database(root / DATABASE, incidents=incidents, seed=seed)
        stats = DemoStats(root / DATABASE, incidents, seed, counts)
    else:
        stats = generate_demo_database(root / DATABASE, incidents=incidents, seed=seed)
    write_key_file(root / KEY)
    mappings = Path("mappings") / LAYOUTS[style]
    shutil.copytree(shipped_mappings(LAYOUTS[style]), root / mappings,
                    ignore=shutil.ignore_patterns("*.md"))
    (root / CONFIG).write_text(CONFIG_TEXT.format(database=DATABASE,
                                                  mappings=mappings.as_posix(),
                                                  export=EXPORT, key=KEY), encoding="utf-8")
    _write_marker(root)
    return DemoFolder(root, root / DATABASE, root / CONFIG, root / KEY, root / mappings, stats)
