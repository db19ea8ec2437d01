"""A site build that fails, at any file, leaves the site a reader sees as it was: pages
and data of one release are never mixed with another's, and nothing half-built stays."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from iaextract.config import load_config
from iaextract.errors import WriterError
from iaextract.publish import site as site_module
from iaextract.publish.release import load_release
from iaextract.publish.site import build_site
from iaextract.publish.site_target import SiteTarget
from iaextract.publish.targets import Context
from iaextract.run.retry import RetryPolicy

from ..support import write_config
from .site_support import demo_folder_fixture  # noqa: F401 (the demo_folder fixture)

K = 5


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def _next_release(export: Path) -> None:
    """Make ``export`` a different release: one dataset fewer, another updated."""
    manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    del manifest["datasets"]["vehicle_pursuits"]
    for name in ("vehicle_pursuits.csv", "vehicle_pursuits.json", "vehicle_pursuits.ndjson"):
        manifest["files"].pop(name, None)
        (export / name).unlink(missing_ok=True)
    manifest["finished_at"] = "2031-01-02T03:04:05+00:00"
    (export / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture
def built(demo_folder: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """(export folder, site folder, the site's files) after a first build."""
    export, site = tmp_path / "export", tmp_path / "site"
    shutil.copytree(demo_folder / "export", export)
    build_site(export, site, agency="Town", k=K)
    _next_release(export)
    return export, site, _files(site)


@pytest.mark.parametrize("step", [1, 2, 9])
def test_a_failure_while_moving_files_puts_the_previous_site_back(
        built: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch,
        step: int) -> None:
    export, site, before = built
    monkeypatch.setenv("IAEXTRACT_TEST_FAIL", f"publish:{step}")
    with pytest.raises(WriterError, match="nothing was published"):
        build_site(export, site, agency="Town", k=K)
    assert _files(site) == before
    assert [p.name for p in site.iterdir() if p.name.startswith(".")] == []

    monkeypatch.delenv("IAEXTRACT_TEST_FAIL")
    written = build_site(export, site, agency="Town", k=K)
    assert sorted(_files(site)) == sorted(p.relative_to(site).as_posix() for p in written)
    assert not list(site.rglob("vehicle_pursuits*"))


def test_a_build_that_fails_half_way_changes_nothing(
        built: tuple[Path, Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path, demo_db: Path) -> None:
    export, site, before = built
    config = load_config(write_config(tmp_path / "agency", demo_db,
                                      extra='[agency]\nname = "Town"\n'))
    drawn = []

    def draw_then_fail(*args: object) -> str:
        drawn.append(args)
        if len(drawn) > 4:  # some charts of the new release are already drawn
            raise OSError(28, "No space left on device")
        return original(*args)

    original = site_module.render_svg
    monkeypatch.setattr(site_module, "render_svg", draw_then_fail)
    with pytest.raises(WriterError, match="no space left on the output device.*site is as"):
        SiteTarget(str(site), tmp_path).send(load_release(export),
                                             Context(config, RetryPolicy(0, 0.0)))
    assert _files(site) == before
    assert not list(site.glob(".staging-*"))
