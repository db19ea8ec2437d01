"""``site:DIR``: a static transparency site built from a verified export.

Plain HTML and one CSS file, no script and no external request, so any web server or a
Windows file share can serve it: a home page (the agency, the last update, what was
withheld and why), a page per dataset with charts, the tables behind them and download
links, and the export's files under ``data/``. Counts below ``[policy] k`` are published
as ``<k`` with complementary suppression (cells.py). Each CSV is streamed once.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from iaextract.errors import WriterError
from iaextract.publish.site.catalogue import charts_for
from iaextract.publish.site.charts import WIDTHS, alt_text, render_svg
from iaextract.publish.site.pages import Chart, DatasetPage, dataset_page, environment, when
from iaextract.publish.site.tally import csv_header, tally_csv
from iaextract.publish.site.withheld import checked, withheld
from iaextract.writers.atomic import Staging, new_run_id

MANIFEST = "manifest.json"
GENERATOR = '<meta name="generator" content="iaextract">'
STYLE = Path(__file__).with_name("style.css")


def build_site(export_dir: Path, out_dir: Path, *, agency: str, k: int,
               public_key: Path | None = None) -> list[Path]:
    """Build the static site for the verified export in export_dir into out_dir; return
    the files written.

    The same export builds the same bytes (no build time is recorded), so building twice
    changes nothing. The site is built in a staging folder and moved into place the way
    an export is published (:class:`~iaextract.writers.atomic.Staging`): a build that
    fails or is stopped leaves the site a reader sees as it was, and one killed while
    moving files is completed by the next build. WriterError if the export has no
    readable manifest.
    """
    manifest = read_manifest(export_dir)
    staging = Staging(out_dir, f"site-{new_run_id(datetime.now(timezone.utc))}")
    try:
        names = [p.relative_to(staging.dir).as_posix()
                 for p in _build(manifest, export_dir, staging.dir, agency, k, public_key)]
        staging.publish(names, last="index.html")
    except BaseException:
        staging.discard()
        raise
    written = [out_dir / name for name in names]
    remove_stale(out_dir, set(written))
    return written


def _build(manifest: dict[str, Any], export_dir: Path, out_dir: Path, agency: str, k: int,
           public_key: Path | None) -> list[Path]:
    """Write every file of the site into ``out_dir`` (empty); the files written."""
    written = copy_data(export_dir, out_dir, manifest, public_key)
    pages = []
    for name, info in manifest.get("datasets", {}).items():
        csv_path = export_dir / f"{name}.csv"
        if not csv_path.is_file():
            continue  # a JSON-only export: the site needs the CSV to count
        page, files = build_dataset(name, info, csv_path, out_dir, k)
        pages.append(page)
        written += files
    env = environment()
    common = {"agency": agency, "k": k, "updated": when(manifest.get("finished_at")),
              "datasets": pages}
    written.append(write(out_dir / "index.html", env.get_template("index.html").render(
        **common, **home(manifest, out_dir, public_key))))
    for page in pages:
        written.append(write(out_dir / page.page, env.get_template("dataset.html").render(
            **common, page=page)))
    written.append(write(out_dir / "style.css", STYLE.read_text(encoding="utf-8")))
    return written


def remove_stale(out_dir: Path, written: set[Path]) -> None:
    """Remove what an earlier build wrote and this one did not (a dataset no longer
    exported must not stay published): files in ``charts/`` and ``data/``, and pages
    this tool generated. Nothing else in the folder is touched."""
    stale = [p for folder in (out_dir / "charts", out_dir / "data") if folder.is_dir()
             for p in folder.iterdir() if p.is_file() and p not in written]
    stale += [p for p in out_dir.glob("*.html") if p not in written
              and GENERATOR in p.read_text(encoding="utf-8", errors="replace")[:1000]]
    for path in stale:
        path.unlink()


def home(manifest: dict[str, Any], out_dir: Path, public_key: Path | None
         ) -> dict[str, Any]:
    """What the home page says besides the datasets: withheld, checked, how to verify."""
    return {"withheld": withheld(manifest), "checked": checked(manifest),
            "window": {"since": None, "until": None, **(manifest.get("window") or {})},
            "files": sorted(manifest.get("files", {})),
            "signature": (out_dir / "data" / (MANIFEST + ".sig")).is_file(),
            "public_key": public_key.name if public_key else None,
            "fingerprint": key_fingerprint(public_key) if public_key else None}


def read_manifest(export_dir: Path) -> dict[str, Any]:
    path = export_dir / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WriterError(f"cannot build the site: {path} is not a readable export manifest "
                          f"({exc.__class__.__name__}); run `iaextract export` first") from None


def build_dataset(name: str, info: dict[str, Any], csv_path: Path, out_dir: Path, k: int
                  ) -> tuple[DatasetPage, list[Path]]:
    """Count, suppress and draw one dataset's charts; its page and the SVG files."""
    specs = charts_for(name, csv_header(csv_path))
    rows, tallies = tally_csv(csv_path, specs)
    page = dataset_page(name, info, sorted({f.name for f in (out_dir / "data").iterdir()}),
                        rows)
    written = []
    for tally in tallies:
        table = tally.published(k)
        svgs = {}
        for variant, width in WIDTHS.items():
            relative = f"charts/{name}-{tally.spec.slug}-{variant}.svg"
            svgs[variant] = relative
            written.append(write(out_dir / relative, render_svg(tally.spec, table, k, width)))
        page.charts.append(Chart(tally.spec, table, svgs, alt_text(tally.spec, table, k)))
    return page, written


def copy_data(export_dir: Path, out_dir: Path, manifest: dict[str, Any],
              public_key: Path | None) -> list[Path]:
    """Copy the export's files (those its manifest lists, the manifest, its signature)
    and the public key into ``data/``, streamed."""
    data = out_dir / "data"
    data.mkdir(parents=True, exist_ok=True)
    sources = [export_dir / f for f in manifest.get("files", {})]
    sources += [p for p in (export_dir / MANIFEST, export_dir / (MANIFEST + ".sig"))
                if p.is_file()]
    if public_key:
        sources.append(public_key)
    written = []
    for source in sources:
        shutil.copyfile(source, data / source.name)
        written.append(data / source.name)
    return written


def key_fingerprint(public_key: Path) -> str:
    """``sha256:`` and the hex digest of the raw Ed25519 public key (as keygen prints it)."""
    from cryptography.hazmat.primitives import serialization

    try:
        key = serialization.load_pem_public_key(public_key.read_bytes())
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    except (OSError, ValueError) as exc:
        raise WriterError(f"cannot read the public key {public_key}: "
                          f"{exc.__class__.__name__}; give the .pub file written by "
                          "`iaextract keygen --signing`") from None
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path
