"""Issue 14 item 13: nothing read from the source can drive the clerk's terminal."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from ..support import run_cli, write_config

CLEAR, TITLE = "\x1b[2J\x1b[H", "\x1b]0;pwned\x07"
BIDI, CSI8 = "\u202e", "\x9b"
RAW = (CLEAR, TITLE, BIDI, CSI8, "\x1b", "\x07", "\x08", "\u2066")


def _hostile_copy(demo_db: Path, folder: Path) -> Path:
    folder.mkdir(parents=True)
    database = folder / "hostile.sqlite"
    shutil.copy(demo_db, database)
    with sqlite3.connect(database) as db:
        db.execute("UPDATE Incidents SET District = ? WHERE rowid % 3 = 0", (f"D1{CLEAR}",))
        db.execute("UPDATE Incidents SET District = ? WHERE rowid % 3 = 1", (f"Q{TITLE}",))
        db.execute("UPDATE Incidents SET HowReceived = ?", (f"PHONE{BIDI}{CSI8}2J",))
        db.execute("UPDATE Incidents SET Synopsis = ? || Synopsis", (CLEAR + TITLE,))
        db.execute(f'CREATE TABLE "Notes{CLEAR}" ("Text{TITLE}" TEXT, "Who{BIDI}" TEXT)')
        db.execute(f'INSERT INTO "Notes{CLEAR}" VALUES (?, ?)', (TITLE, BIDI))
    return database


def test_inspect_check_and_preview_escape_control_characters(tmp_path: Path,
                                                              demo_db: Path) -> None:
    database = _hostile_copy(demo_db, tmp_path / "source")
    config = write_config(tmp_path / "agency", database, policy='narratives = "scrub"')
    runs = {
        "inspect": run_cli("inspect", "--url", f"sqlite:///{database.as_posix()}"),
        "check": run_cli("check", "-c", str(config)),
        "preview": run_cli("preview", "-c", str(config), "--show-originals", "--rows", "2",
                           "-d", "complaint_allegations"),
    }
    for name, result in runs.items():
        assert result.returncode in (0, 2), (name, result.stderr)
        shown = result.stdout + result.stderr
        assert not [raw for raw in RAW if raw in shown], name
    assert "Notes\\x1b[2J\\x1b[H" in runs["inspect"].stdout  # escaped, not dropped
    assert "\\x1b[2J\\x1b[H\\x1b]0;pwned\\x07" in runs["preview"].stdout  # narrative


def test_error_messages_escape_control_characters(tmp_path: Path, demo_db: Path) -> None:
    # A mapping naming a column the source lacks: the message suggests the closest
    # source column, whose name carries an escape sequence.
    database = tmp_path / "hostile.sqlite"
    shutil.copy(demo_db, database)
    with sqlite3.connect(database) as db:
        db.execute(f'ALTER TABLE Incidents RENAME COLUMN District TO "District{CLEAR}"')
    config = write_config(tmp_path / "agency", database)
    result = run_cli("export", "-c", str(config))
    assert result.returncode == 2, result.stderr
    assert not [raw for raw in RAW if raw in result.stdout + result.stderr]
    assert "District\\x1b[2J" in result.stderr
