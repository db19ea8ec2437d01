"""Issue 14 item 5: the manifest is an output too. Unknown codes are listed by their
text only when they look like codes; a name or sentence typed into a code column is
listed as its length, and the leak scan covers what the manifest lists."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

from iaextract.safetext import code_label

from ..support import run_cli, write_config

TYPED = "Complainant Ayodele Okafor 414-555-0199 called"


def test_code_labels() -> None:
    assert [code_label(c) for c in ("SUS", "D7", "N/S", "EXON-2", "UNF.1")] == \
        ["SUS", "D7", "N/S", "EXON-2", "UNF.1"]
    assert code_label(TYPED) == f"<free text, {len(TYPED)} chars>"
    assert code_label("4145550199") == "<free text, 10 chars>"  # a phone's digits
    assert code_label("a@b.us") == "<free text, 6 chars>"
    assert code_label("?") == "?" and code_label("--") == "--"


# A digest, a clock reading, a run id or pytest's numbered temporary folder can hold
# "414" by chance. Those are not written from the source, so they are cut out before the
# search rather than letting the test fail now and then.
_NOT_FROM_SOURCE = re.compile(
    r"[0-9a-f]{12,}|\d{4}-?\d\d-?\d\dT[\d:.]+Z?(-[0-9a-f]+)?|[+-]\d\d:\d\d|pytest-\d+")


def _written_strings(node: object) -> list[str]:
    """Every key and string value of a JSON document, digests and timestamps cut out."""
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in [str(k), *_written_strings(v)]]
    if isinstance(node, list):
        return [s for v in node for s in _written_strings(v)]
    return [_NOT_FROM_SOURCE.sub("", node)] if isinstance(node, str) else []


def _copy_with_district(demo_db: Path, folder: Path, value: str) -> Path:
    folder.mkdir(parents=True)
    database = folder / "source.sqlite"
    shutil.copy(demo_db, database)
    with sqlite3.connect(database) as db:
        db.execute("UPDATE Incidents SET District = ? WHERE rowid % 4 = 0", (value,))
    return database


def test_free_text_in_a_code_column_is_listed_by_length(tmp_path: Path,
                                                        demo_db: Path) -> None:
    config = write_config(tmp_path / "agency",
                          _copy_with_district(demo_db, tmp_path / "src", TYPED))
    result = run_cli("export", "-c", str(config), "-d", "complaint_allegations")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "agency" / "export" / "manifest.json").read_text(encoding="utf-8")
    codes = json.loads(text)["datasets"]["complaint_allegations"]["unknown_codes"]
    assert f"<free text, {len(TYPED)} chars>" in codes["district"]
    written = _written_strings(json.loads(text))
    for word in ("Okafor", "Ayodele", "414", "0199", "Complainant"):
        assert not [s for s in written if word in s], word
    check = run_cli("check", "-c", str(config))
    assert "Okafor" not in check.stdout + check.stderr
    assert f"<free text, {len(TYPED)} chars>" in check.stdout + check.stderr


def test_a_known_surname_typed_as_a_code_is_never_published(tmp_path: Path,
                                                            demo_db: Path) -> None:
    with sqlite3.connect(demo_db) as db:
        surnames = [r[0] for r in db.execute(
            "SELECT DISTINCT LastName FROM Citizens WHERE length(LastName) > 5")]
    for n, surname in enumerate(surnames[:2]):
        folder = tmp_path / str(n)
        config = write_config(folder / "agency",
                              _copy_with_district(demo_db, folder / "src", surname.upper()))
        result = run_cli("export", "-c", str(config), "-d", "complaint_allegations")
        # Shaped like a code, so listed: the leak scan of the manifest finds it (exit 3,
        # nothing published).
        assert result.returncode == 3, result.stderr
        assert "manifest.json" in result.stderr
        published = folder / "agency" / "export"
        for path in published.rglob("*") if published.exists() else ():
            if path.is_file():
                assert surname.upper() not in path.read_text(encoding="utf-8",
                                                             errors="replace").upper()
