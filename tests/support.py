"""Shared test helpers: build config folders, run the real CLI, read source PII."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
import traceback
from collections.abc import Iterable
from pathlib import Path

from click.testing import CliRunner

from iaextract.demo import shipped_mappings
from iaextract.redaction.pseudonym import write_key_file
from iaextract.testhooks import PAUSE, PAUSE_FILE

PERSON_TABLES = {
    "Citizens": ("LastName", "FirstName", "MiddleName", "MaidenName", "Nickname", "DOB",
                 "Street", "Phone", "AltPhone", "Email", "SSN", "DLNumber"),
    "Employees": ("LastName", "FirstName", "MiddleName", "Nickname", "DOB", "HomeStreet",
                  "HomePhone", "CellPhone", "Email", "SSN", "DLNumber"),
}


def write_config(folder: Path, database: Path, *, key: bool = True, policy: str = "",
                 extra: str = "", mappings: Path | None = None) -> Path:
    """A config folder exporting ``database`` with the shipped demo mappings."""
    folder.mkdir(parents=True, exist_ok=True)
    if key and not (folder / "iaextract.key").exists():
        write_key_file(folder / "iaextract.key")
    config = folder / "iaextract.toml"
    config.write_text(
        f'[source]\nurl = "sqlite:///{database.as_posix()}"\n'
        f'[mappings]\npath = "{(mappings or shipped_mappings()).as_posix()}"\n'
        f'[output]\ndir = "export"\nformats = ["csv", "json", "ndjson"]\n'
        f'[pseudonyms]\nkey_file = "iaextract.key"\n'
        f"[policy]\n{policy}\n{extra}\n",
        encoding="utf-8",
    )
    return config


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            timeout: float = 300, input_text: str | None = None, process: bool = False
            ) -> subprocess.CompletedProcess[str]:
    """Run ``iaextract ARGS``, capturing its output; ``input_text`` is its standard input
    (none by default).

    In-process through click's test runner, unless ``process``: then as a real
    subprocess, for what only a process shows (its start-up, its exit status as the
    shell sees it, what it prints when it dies, a stray module in its folder).
    """
    if process:
        full_env = {k: v for k, v in os.environ.items() if k != "IAEXTRACT_CONFIG"}
        full_env.update(env or {})
        stdin = {"input": input_text} if input_text is not None else \
            {"stdin": subprocess.DEVNULL}
        return subprocess.run([sys.executable, "-m", "iaextract", *args], cwd=cwd,
                              env=full_env, capture_output=True, text=True, timeout=timeout,
                              **stdin)
    return _invoke(list(args), cwd, env, input_text)


def _invoke(args: list[str], cwd: Path | None, env: dict[str, str] | None,
            input_text: str | None) -> subprocess.CompletedProcess[str]:
    from iaextract.cli.main import cli

    before = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, args, input=input_text or "", catch_exceptions=True,
                                    env={"IAEXTRACT_CONFIG": None, **(env or {})},
                                    prog_name="iaextract")
    finally:
        os.chdir(before)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # What a real process prints for an exception that escapes (--debug).
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["iaextract", *args], result.exit_code, result.stdout,
                                       stderr)


def personal_values(database: Path, tables: dict[str, Iterable[str]] = PERSON_TABLES
                    ) -> list[tuple[str, str, str]]:
    """Every non-empty personal value in the demo's person tables: (table, column, value)."""
    found = []
    with sqlite3.connect(database) as db:
        for table, columns in tables.items():
            for column in columns:
                for (value,) in db.execute(f'SELECT DISTINCT "{column}" FROM "{table}"'):
                    if value is not None and str(value).strip():
                        found.append((table, column, str(value).strip()))
    return found


def output_files(folder: Path) -> list[Path]:
    """Every published file of an export folder (not hidden staging files)."""
    return sorted(p for p in folder.rglob("*") if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def start_paused(config: Path, point: str, flag: Path, *args: str) -> subprocess.Popen[str]:
    """Start an export that pauses at ``point`` (see iaextract.testhooks) until ``flag``
    is removed; returns once it is paused."""
    env = {k: v for k, v in os.environ.items() if k != "IAEXTRACT_CONFIG"}
    env.update({PAUSE: point, PAUSE_FILE: str(flag)})
    proc = subprocess.Popen([sys.executable, "-m", "iaextract", "export", "-c", str(config),
                             *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not flag.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            out, err = proc.communicate(timeout=10) if proc.poll() is not None else ("", "")
            proc.kill()
            raise AssertionError(f"the run never paused at {point}: {out}{err}")
        time.sleep(0.02)
    return proc


def unnumbered(text: str) -> str:
    """Scrubbed text with every numbered person placeholder ([PERSON 1], [OFFICER 2])
    written [NAME]: for tests about what is removed, not how people are numbered."""
    return re.sub(r"\[(?:PERSON|OFFICER) \d+\]", "[NAME]", text)
