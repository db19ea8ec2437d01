"""The demo site in real headless Chromium, at desktop and phone width: no console
message, no request outside the site's folder, nothing wider than a 360 px phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser import Browser
from .site_support import demo_folder_fixture  # noqa: F401 (the demo_folder fixture)

WIDTHS = {"desktop": 1280, "phone": 360}
LAYOUT = {
    # every table shown, as a reader who opens them sees the page
    "opened": "document.querySelectorAll('details').forEach(d => d.open = true) || true",
    "page_width": "document.documentElement.scrollWidth",
    "widest_image": "Math.max(0, ...[...document.images]"
                    ".map(i => i.getBoundingClientRect().right))",
    "images_drawn": "[...document.images].every(i => i.complete && i.naturalWidth > 0)",
    "image_files": "[...document.images].map(i => i.currentSrc.split('/').pop())",
    "smallest_text": "Math.min(...[...document.querySelectorAll('p, li, td, th, summary')]"
                     ".map(e => parseFloat(getComputedStyle(e).fontSize)))",
}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chromium = Browser(tmp_path_factory.mktemp("profile"))
    yield chromium
    chromium.close()


def test_the_browser_check_catches_console_errors_and_requests(browser: Browser,
                                                               tmp_path: Path) -> None:
    """The checks below would fail on a page that logs or fetches from elsewhere."""
    page = tmp_path / "noisy.html"
    page.write_text("<!DOCTYPE html><img src='http://127.0.0.1:9/x.png' alt=''>"
                    "<script>console.error('noisy')</script>", encoding="utf-8")
    visit = browser.visit(page.as_uri(), 1280)
    assert "http://127.0.0.1:9/x.png" in visit.requests
    assert "console.error" in visit.console


@pytest.mark.parametrize("device", WIDTHS)
def test_every_page_renders_offline_and_readably(browser: Browser, demo_folder: Path,
                                                 device: str, tmp_path: Path) -> None:
    site = demo_folder / "site"
    width = WIDTHS[device]
    pages = sorted(site.glob("*.html"))
    assert len(pages) == 6
    for page in pages:
        shot = tmp_path / f"{page.stem}-{device}.png"
        visit = browser.visit(page.as_uri(), width, screenshot=shot, evaluate=LAYOUT)
        assert visit.console == [], (page.name, visit.console)
        assert visit.requests and all(u.startswith(site.as_uri() + "/")
                                      for u in visit.requests), visit.requests
        values = visit.values
        assert values["page_width"] <= width, (page.name, device, values)
        assert values["widest_image"] <= width, (page.name, device, values)
        assert values["images_drawn"], page.name
        assert all(name.endswith(f"-{device}.svg") for name in values["image_files"])
        assert values["smallest_text"] >= 13, (page.name, values["smallest_text"])
        png = shot.read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(png[16:20], "big") == width
        assert int.from_bytes(png[20:24], "big") > 800  # the whole page, not one screen
