"""Start-up: commands that touch no database import no driver, numpy or SQLAlchemy."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("numpy", "sqlalchemy", "pydantic", "psycopg", "pyodbc", "rbloom", "faker", "jinja2",
         "markdown_it", "phonenumbers")

PROBE = """
import json, sys
from iaextract.cli.main import cli
try:
    cli.main(args=sys.argv[1:], prog_name="iaextract", standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {heavy})))
"""


def imported_by(*args: str) -> list[str]:
    """The heavy top-level modules a fresh interpreter imports to run ``iaextract ARGS``."""
    code = PROBE.replace("{heavy}", repr(set(HEAVY)))
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         check=True).stdout.strip().splitlines()[-1]
    return sorted({m.split(".")[0] for m in json.loads(out)})


@pytest.mark.parametrize("args", [["--help"], ["schema"], ["schema", "use_of_force"],
                                  ["export", "--help"], ["publish", "--help"], ["--version"]])
def test_commands_without_a_source_import_no_driver(args: list[str]) -> None:
    assert imported_by(*args) == []


def test_a_command_imports_what_it_needs_when_it_runs(tmp_path) -> None:
    # The lazy loading is real: running verify on a folder pulls the leak scan in.
    assert "numpy" in imported_by("verify", str(tmp_path), "-c", str(tmp_path / "x.toml"))


def test_an_export_imports_only_what_it_uses(tmp_path, demo_db) -> None:
    """A quiet export prints nothing (no rich), previews nothing (no jinja2), reads no
    table with pandas, cuts no address to a block (no usaddress), and its leak scan
    (inline: the demo is small) parses no phone number it can read without phonenumbers;
    once published, an unchanged data dictionary is copied, not rendered (no markdown-it)."""
    from ..support import write_config

    config = str(write_config(tmp_path / "agency", demo_db))
    unused = {"rich", "jinja2", "pandas", "phonenumbers", "markdown_it", "frictionless",
              "usaddress"}
    code = PROBE.replace("{heavy}", repr(unused | {"sqlalchemy"}))

    def exported() -> list[str]:
        done = subprocess.run([sys.executable, "-c", code, "export", "-q", "-c", config],
                              capture_output=True, text=True, check=True)
        return sorted({m.split(".")[0] for m in json.loads(done.stdout.strip().splitlines()[-1])})

    first = exported()  # it renders the dictionary page, and compiles its SQL
    assert "rich" not in first and "sqlalchemy" in first
    # Once compiled, a SQLite file's SQL and catalog are read from the cache beside the
    # config: the run reads the source through sqlite3 alone.
    assert exported() == []
    assert (tmp_path / "agency" / "export" / "use_of_force.csv").is_file()  # it did run


def test_a_full_export_imports_neither_the_incremental_machinery_nor_a_scan_process(
        tmp_path, demo_db) -> None:
    """The demo (small: scanned inline under ``parallel_scan = "auto"``) runs in one
    process that never loads what only incremental runs or the scan process use."""
    from ..support import write_config

    config = str(write_config(tmp_path / "agency", demo_db))
    code = PROBE.replace("{heavy}", repr({"iaextract"}))  # every iaextract module, by name
    done = subprocess.run([sys.executable, "-c", code, "export", "-q", "-c", config],
                          capture_output=True, text=True, check=True)
    modules = json.loads(done.stdout.strip().splitlines()[-1])
    assert "iaextract.run.pipeline" in modules and "iaextract.leakscan.scan" in modules
    assert "iaextract.run.incremental" not in modules
    assert "iaextract.writers.merge" not in modules


def test_a_scrub_export_reads_a_compiled_source_without_sqlalchemy(tmp_path, demo_db) -> None:
    """Under scrub the officers are read for the scrubber too: by a cached statement, so
    once compiled the whole run (learning, scrubbing, inline scan) needs no SQLAlchemy."""
    from ..support import write_config

    config = str(write_config(tmp_path / "agency", demo_db, policy='narratives = "scrub"'))
    code = PROBE.replace("{heavy}", repr({"sqlalchemy"}))

    def exported() -> list[str]:
        done = subprocess.run([sys.executable, "-c", code, "export", "-q", "-c", config],
                              capture_output=True, text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])

    assert "sqlalchemy" in exported()  # nothing compiled yet
    assert exported() == []
    assert (tmp_path / "agency" / "export" / "use_of_force.csv").is_file()  # it did run
