"""The data dictionary's HTML page is made again only when its Markdown changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from iaextract.config import load_config
from iaextract.run.pipeline import export
from iaextract.writers import artifacts

from ..support import write_config

PAGE = "DATA_DICTIONARY.html"


def no_rendering(markdown: str, title: str = "") -> str:
    raise AssertionError("the page was rendered again")


def test_an_unchanged_dictionary_is_copied_not_rendered(tmp_path: Path, demo_db: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    config = load_config(write_config(tmp_path / "agency", demo_db))
    first = export(config, leak_scan=False)
    page = (first.out_dir / PAGE).read_bytes()
    monkeypatch.setattr(artifacts, "render_html", no_rendering)
    second = export(config, leak_scan=False)
    assert second.run_id != first.run_id
    assert (second.out_dir / PAGE).read_bytes() == page
    assert second.manifest["files"][PAGE] == first.manifest["files"][PAGE]


def test_a_changed_policy_renders_the_page_again(tmp_path: Path, demo_db: Path) -> None:
    folder = tmp_path / "agency"
    first = export(load_config(write_config(folder, demo_db)), leak_scan=False)
    page = (first.out_dir / PAGE).read_text(encoding="utf-8")
    second = export(load_config(write_config(folder, demo_db, policy='date_precision = "year"')),
                    leak_scan=False)
    again = (second.out_dir / PAGE).read_text(encoding="utf-8")
    assert again != page and "year" in again


def test_an_edited_published_page_is_never_reused(tmp_path: Path, demo_db: Path) -> None:
    config = load_config(write_config(tmp_path / "agency", demo_db))
    first = export(config, leak_scan=False)
    page = (first.out_dir / PAGE).read_text(encoding="utf-8")
    (first.out_dir / PAGE).write_text(page.replace("</body>", "<p>edited</p></body>"),
                                      encoding="utf-8")
    second = export(config, leak_scan=False)
    assert (second.out_dir / PAGE).read_text(encoding="utf-8") == page
