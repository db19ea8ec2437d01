"""``iaextract demo``: a complete, self-contained demo folder.

Builds a deterministic IA Pro-style SQLite database full of realistic personal
data, a config, a fresh pseudonym key and the shipped mappings, ready to export.
Two agencies are built in: style ``a`` (one table per incident type, database.py)
and style ``b`` (every incident type in one table, letter codes, style_b.py).
"""

from __future__ import annotations

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


def _clear(root: Path) -> None:
    # --force removes only what a demo creates, never anything else in the folder.
    for name in (DATABASE, CONFIG, KEY):
        (root / name).unlink(missing_ok=True)
    for name in ("mappings", EXPORT):
        shutil.rmtree(root / name, ignore_errors=True)


def create_demo(root: Path, incidents: int = 300, *, force: bool = False,
                seed: int = 2015, style: str = "a") -> DemoFolder:
    """Create the demo folder ``root`` with the agency of ``style`` (``a`` or ``b``);
    refuses a non-empty folder unless ``force``."""
    if root.exists() and any(root.iterdir()):
        if not force:
            raise ConfigError(f"{root} is not empty; choose another --out or add --force "
                              "(which replaces only the demo's own files)")
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
    return DemoFolder(root, root / DATABASE, root / CONFIG, root / KEY, root / mappings, stats)
