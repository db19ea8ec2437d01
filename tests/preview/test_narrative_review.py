"""``preview --narratives N`` (issue 16 item 5): scrubbed summaries side by side with
what was removed (types only) and suspicious leftovers, in the terminal and the HTML
report, with no original unless --show-originals."""

from __future__ import annotations

from pathlib import Path

from iaextract.preview.narratives import suspicious_leftovers

from ..support import run_cli, write_config
from .test_preview import _personal_values_in


def test_suspicious_leftovers_are_unknown_capitalised_words_digits_and_at() -> None:
    text = "[PERSON 1] met Tunde at the Station; call 4412 or x@y.z. The Park was quiet."
    assert suspicious_leftovers(text) == ["Tunde", "4412", "x@y.z"]


def test_officer_ids_and_keyed_labels_are_placeholders_not_leftovers() -> None:
    text = "[PERSON 4f0c2a9981] says [OFFICER 24087acf77ad5a2c] took 4412 dollars."
    assert suspicious_leftovers(text) == ["4412"]
    dated = "On [DATE: 2017-10] and [DATE: October] [PERSON 1] paid 2017 dollars."
    assert suspicious_leftovers(dated) == ["2017"]


def test_preview_reviews_narratives_without_originals(tmp_path: Path, demo_db: Path) -> None:
    config = write_config(tmp_path / "agency", demo_db, policy='narratives = "scrub"')
    page = tmp_path / "review.html"
    done = run_cli("preview", "-c", str(config), "-d", "use_of_force", "--rows", "0",
                   "--narratives", "3", "--html", str(page))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Narrative 3 of 3 (summary):" in out and "Narrative 4 of" not in out
    assert out.count("in the source: \u2022\u2022\u2022\u2022 (narrative") == 3
    assert out.count("  removed:       ") == 3 and "name x" in out
    html = page.read_text(encoding="utf-8")
    assert "Narrative 1 of 3 (summary)" in html and "Removed" in html
    assert _personal_values_in(out, demo_db) == []
    assert _personal_values_in(html, demo_db) == []
