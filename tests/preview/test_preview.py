"""``iaextract preview`` and ``export --dry-run``: nothing written, nothing personal shown.

Every CLI test runs the real command as a subprocess against the demo database.
"""

from __future__ import annotations

import functools
import io
import re
import subprocess
from importlib import resources
from pathlib import Path

from rich.console import Console

from iaextract.config import load_config
from iaextract.demo import shipped_mappings
from iaextract.leakscan.tokens import ordinary
from iaextract.pii.normalise import fold
from iaextract.preview.engine import build_preview
from iaextract.preview.terminal import print_preview
from iaextract.run.pipeline import ExportRequest
from iaextract.schema import DATASETS

from ..support import personal_values, run_cli, write_config

BOX_DRAWING = re.compile("[\u2500-\u257f]")


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder under ``folder`` with its size and modification time."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*")}


@functools.cache
def _boilerplate() -> str:
    """Text iaextract itself writes into a report (labels, prose, field names, codes).

    A personal value that also occurs here (a surname that is a race label, say)
    cannot tell a leak from the report's own words, so it is not checked.
    """
    package = resources.files("iaextract")
    parts = [package.joinpath(name).read_text(encoding="utf-8") for name in (
        "preview/report.html", "preview/html.py", "preview/terminal.py", "preview/engine.py",
        "schema/datasets.py", "schema/critical.py", "schema/roster.py", "schema/fields.py",
        "schema/vocabularies.py", "redaction/policy.py")]
    parts += [p.read_text(encoding="utf-8") for p in sorted(shipped_mappings().glob("*.yaml"))]
    return "\n".join(parts)


def _occurs(value: str, text: str) -> bool:
    """``value`` in ``text`` as a whole word (not "Will" inside "Willow")."""
    return value in text and re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text) is not None


def _personal_values_in(text: str, database: Path) -> list[str]:
    """Where a personal value of the source occurs in ``text`` (table.column, never value)."""
    boilerplate = _boilerplate()
    values = personal_values(database)
    # A one-word value that is an ordinary word ("Summer", "June") is kept in scrubbed
    # prose by design unless it stands as a name; the leak scan judges that in context.
    checkable = [(t, c, v) for t, c, v in values if not _occurs(v, boilerplate)
                 and not (" " not in v and ordinary(fold(v)))]
    assert len(checkable) >= 0.9 * len(values), "too few personal values can be checked"
    return [f"{t}.{c}" for t, c, v in checkable if _occurs(v, text)]


def test_preview_writes_nothing_and_reports_every_dataset(demo_config: Path, demo_db: Path,
                                                          tmp_path: Path) -> None:
    agency, cwd = demo_config.parent, tmp_path / "cwd"
    cwd.mkdir()
    before, source_before = _tree(agency), _tree(demo_db.parent)
    done = run_cli("preview", "-c", str(demo_config), cwd=cwd)
    assert done.returncode == 0, done.stderr
    assert _tree(agency) == before and not (agency / "export").exists()
    assert _tree(demo_db.parent) == source_before
    assert list(cwd.iterdir()) == []
    out = done.stdout
    assert "DRY RUN" in out
    defaults = [d for d in DATASETS.values() if d.enabled_by_default]
    for dataset in defaults:
        assert f"({dataset.name}) ===" in out
    assert out.count("Sample record 1 of ") == len(defaults)
    assert "Disclosure risk (k = 5)" in out and "pseudonymised (HMAC-SHA256)" in out
    assert "\x1b[" not in out and not BOX_DRAWING.search(out), "piped output must be plain"
    assert _personal_values_in(out, demo_db) == []


def test_export_dry_run_uses_the_preview_and_writes_nothing(demo_config: Path,
                                                           tmp_path: Path) -> None:
    agency = demo_config.parent
    before = _tree(agency)
    out_dir = tmp_path / "never-created"
    done = run_cli("export", "--dry-run", "-c", str(demo_config), "-o", str(out_dir),
                   "-d", "use_of_force", "--since", "2010-01-01")
    assert done.returncode == 0, done.stderr
    assert "DRY RUN" in done.stdout and "(use_of_force) ===" in done.stdout
    assert "complaint_allegations" not in done.stdout
    assert not out_dir.exists() and _tree(agency) == before


def test_html_has_no_personal_value_unless_originals_asked(demo_config: Path, demo_db: Path,
                                                           tmp_path: Path) -> None:
    masked, originals = tmp_path / "masked.html", tmp_path / "originals.html"
    done = run_cli("preview", "-c", str(demo_config), "--rows", "25", "--html", str(masked))
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr
    assert _personal_values_in(masked.read_text(encoding="utf-8"), demo_db) == []

    shown = run_cli("preview", "-c", str(demo_config), "--rows", "25", "--show-originals",
                    "--html", str(originals))
    assert shown.returncode == 0, shown.stderr
    assert "warning: --show-originals" in shown.stderr
    # the same check does find originals when they are asked for: it is not vacuous
    assert _personal_values_in(originals.read_text(encoding="utf-8"), demo_db)
    assert _personal_values_in(shown.stdout, demo_db)


def test_terminal_report_uses_rich_tables_and_colour_on_a_terminal(demo_config: Path) -> None:
    preview = build_preview(load_config(demo_config), ExportRequest(), rows=2)
    buffer = io.StringIO()
    print_preview(Console(file=buffer, force_terminal=True, width=160), preview)
    text = buffer.getvalue()
    assert "\x1b[" in text and BOX_DRAWING.search(text)
    assert "Sample record 2 of 2" in text


def test_preview_errors_are_plain(demo_config: Path, tmp_path: Path) -> None:
    unknown = run_cli("preview", "-c", str(demo_config), "-d", "use_of_forse")
    assert unknown.returncode == 2
    assert "did you mean 'use_of_force'?" in unknown.stderr and "Traceback" not in unknown.stderr
    unwritable = run_cli("preview", "-c", str(demo_config), "--html",
                         str(tmp_path / "missing-folder" / "report.html"))
    assert unwritable.returncode == 1
    assert "cannot write the HTML report" in unwritable.stderr
    assert "Traceback" not in unwritable.stderr


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                  "--enable-logging=stderr", "--v=0")


def _chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM.exists(), "install chromium: bash scripts/install-test-deps.sh"
    return subprocess.run([str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                           *extra, "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def _console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line]


def test_console_messages_are_detectable(tmp_path: Path) -> None:
    """The console check of the next test would catch a page that logs an error."""
    page = tmp_path / "noisy.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>console.error('noisy')</script>",
                    encoding="utf-8")
    done = _chromium(page, tmp_path / "profile")
    assert any("noisy" in line for line in _console_messages(done.stderr)), done.stderr


def test_html_renders_in_headless_chromium(demo_config: Path, tmp_path: Path) -> None:
    page, shot, rows = tmp_path / "preview.html", tmp_path / "preview.png", 3
    done = run_cli("preview", "-c", str(demo_config), "--rows", str(rows), "--html", str(page))
    assert done.returncode == 0, done.stderr
    html = page.read_text(encoding="utf-8").lower()
    for external in ("<script", "<link", "@import", "url(", "src=", "http:", "https:"):
        assert external not in html, f"report must be self-contained: found {external}"

    browser = _chromium(page, tmp_path / "profile", f"--screenshot={shot}",
                        "--window-size=1280,2000")
    assert browser.returncode == 0, browser.stderr[-2000:]
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == \
        (1280, 2000)
    assert len(png) > 60_000, "screenshot looks empty"
    dom = browser.stdout
    assert 'id="summary"' in dom
    assert 'id="complaint_allegations"' in dom and 'id="use_of_force"' in dom
    previewed = sum(1 for d in DATASETS.values() if d.enabled_by_default)
    assert dom.count("<caption>Record ") <= previewed * rows
    assert dom.count("<caption>Record 1 ") == previewed
    assert _console_messages(browser.stderr) == []


def test_scrubbed_narratives_are_previewed_with_placeholder_counts(demo_db: Path,
                                                                   tmp_path: Path) -> None:
    config = write_config(tmp_path / "agency", demo_db, policy='narratives = "scrub"')
    page = tmp_path / "scrub.html"
    done = run_cli("preview", "-c", str(config), "--html", str(page))
    assert done.returncode == 0, done.stderr
    assert re.search(r"Placeholders put into narratives: .*\bname x[\d,]+", done.stdout)
    assert "summary                   " in done.stdout and "scrubbed" in done.stdout
    html = page.read_text(encoding="utf-8")
    assert "[PERSON 1]" in html or "[OFFICER 1]" in html
    assert _personal_values_in(done.stdout, demo_db) == []
    assert _personal_values_in(html, demo_db) == []
