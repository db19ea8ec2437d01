"""The static site of a real demo export: every published number is recomputed from the
CSV, small counts are hidden, nothing personal or external appears, links resolve."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import tracemalloc
from collections import Counter
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from iaextract.publish.site import build_site
from iaextract.publish.site.catalogue import CATALOGUE
from iaextract.publish.site.tally import tally_csv

from ..support import personal_values
from .site_support import demo_folder_fixture  # noqa: F401 (the demo_folder fixture)

K = 5  # the demo config's [policy] k


class Tables(HTMLParser):
    """Every ``table.counts`` of a page: its data attributes and its rows of cell texts,
    and every link and image source."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.links: list[str] = []
        self._row: list[str] | None = None
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and "counts" in (found.get("class") or ""):
            self.tables.append({**found, "rows": []})
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._text = []
        for name in ("href", "src", "srcset"):
            if found.get(name):
                self.links.append(found[name])

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._text is not None and self._row is not None:
            self._row.append("".join(self._text).strip())
            self._text = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1]["rows"].append(self._row)
            self._row = None


def parse(page: Path) -> Tables:
    parser = Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def truth(csv_path: Path, rows: str, columns: str, unit: str) -> Counter:
    """Counts by (row label, column label), computed directly from the CSV."""
    def label(record: dict[str, str], dimension: str) -> str | None:
        if not dimension:
            return ""
        name, _, period = dimension.partition("@")
        value = record[name]
        if not value:
            return "Not recorded"
        if period == "year":
            return value[:4]
        if period == "month":  # a date published to the quarter or year has no month
            month = value[5:7]
            return datetime.strptime(month, "%m").strftime("%b") if month.isdigit() else None
        return value

    with csv_path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    labelled = [(r, label(r, rows), label(r, columns)) for r in records]
    labelled = [(r, a, b) for r, a, b in labelled if a is not None and b is not None]
    if not unit:
        return Counter((a, b) for _, a, b in labelled)
    seen = {(r[unit], a, b) for r, a, b in labelled if r[unit]}
    return Counter((a, b) for _, a, b in seen)


def published(text: str) -> tuple[str, int | None]:
    """('number', n), ('small', None) or ('hidden', None) for one cell's text."""
    if text == f"<{K}":
        return "small", None
    if text == "–":
        return "hidden", None
    return "number", int(text.replace(",", ""))


def check_line(cells: list[tuple[str, int | None]], total: tuple[str, int | None]) -> None:
    """What a reader can work out from a line with a published total: every small count
    must still be anything from 1 to k-1 and no hidden count pinned to one value."""
    if total[0] != "number" or all(kind == "number" for kind, _ in cells):
        return
    rest = total[1] - sum(n for kind, n in cells if kind == "number")
    hidden = [(1, K - 1) if kind == "small" else (K, total[1]) for kind, _ in cells
              if kind != "number"]
    for i, (lo, hi) in enumerate(hidden):
        others = hidden[:i] + hidden[i + 1:]
        least = max(lo, rest - sum(h for _, h in others))
        most = min(hi, rest - sum(o for o, _ in others))
        if hi == K - 1:
            assert (least, most) == (1, K - 1), (cells, total)
        else:
            assert least < most, (cells, total)


def test_every_published_number_is_recomputed_from_the_csv(demo_folder: Path) -> None:
    site, export = demo_folder / "site", demo_folder / "export"
    checked = small = 0
    for dataset in json.loads((export / "manifest.json").read_text())["datasets"]:
        tables = parse(site / f"{dataset}.html").tables
        assert 4 <= len(tables) <= 6, dataset
        for table in tables:
            header, *body, footer = table["rows"]
            grid = header[-1] == "Total"
            columns = header[1:-1] if grid else [""]
            counts = truth(export / f"{dataset}.csv", table["data-rows"],
                           table["data-columns"], table["data-unit"])
            labels = [row[0] for row in body]
            assert {r for (r, _), n in counts.items() if n} <= set(labels), table
            for row in [*body, footer]:
                cells = [published(t) for t in row[1:]]
                for column, (kind, n) in zip(columns, cells[:len(columns)], strict=True):
                    if row is footer:
                        real = sum(v for (_, c), v in counts.items() if c == column)
                    else:
                        real = counts[row[0], column]
                    assert_cell(kind, n, real, (dataset, table["data-rows"], row[0], column))
                    checked += 1
                    small += kind == "small"
                if grid:
                    real = sum(v for (r, _), v in counts.items() if r == row[0]) \
                        if row is not footer else sum(counts.values())
                    assert_cell(*cells[-1], real, (dataset, row[0], "Total"))
                    check_line(cells[:-1], cells[-1])
            for j in range(len(columns) + grid):
                check_line([published(row[1 + j]) for row in body], published(footer[1 + j]))
    # The demo is small: many counts are below k. (Disclosure control publishes its
    # dates and races coarser, so there are fewer cells than months x years.)
    assert checked > 150 and small > 10


def assert_cell(kind: str, n: int | None, real: int, where: tuple) -> None:
    if kind == "small":
        assert 1 <= real < K, where
    elif kind == "hidden":
        assert real >= K, where
    else:
        assert n == real and (n == 0 or n >= K), (where, n, real)


def test_home_page_names_agency_update_and_what_was_withheld(demo_folder: Path) -> None:
    page = (demo_folder / "site" / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((demo_folder / "export" / "manifest.json").read_text())
    finished = datetime.fromisoformat(manifest["finished_at"])
    assert "Demo City Police Department (fictional)" in page
    assert f"updated {finished.day} {finished:%B %Y}" in page
    for said in ("narratives) are not published", "Officers&#39; names and badge numbers",
                 "Dates are given to the month", "given in bands", f"shown as &lt;{K}",
                 "none was found"):
        assert said in page, said
    for dataset in manifest["datasets"]:
        assert f'href="{dataset}.html"' in page


def test_links_resolve_and_nothing_is_fetched_from_elsewhere(demo_folder: Path) -> None:
    site = demo_folder / "site"
    pages = sorted(site.glob("*.html"))
    assert len(pages) == 6
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html.lower() and "@import" not in html
        for link in parse(page).links:
            assert not re.match(r"^[a-z]+:", link), (page.name, link)
            assert (site / link).is_file(), (page.name, link)
    for asset in [*site.glob("charts/*.svg"), site / "style.css"]:
        text = asset.read_text(encoding="utf-8")
        assert "<script" not in text and "href" not in text and "url(" not in text, asset
    downloads = parse(site / "use_of_force.html").links
    for name in ("data/use_of_force.csv", "data/use_of_force.json", "data/use_of_force.ndjson"
                 if (demo_folder / "export" / "use_of_force.ndjson").exists()
                 else "data/use_of_force.csv", "data/datapackage.json",
                 "data/DATA_DICTIONARY.html"):
        assert name in downloads
    for name, entry in json.loads((site / "data" / "manifest.json").read_text())["files"].items():
        assert (site / "data" / name).stat().st_size == entry["bytes"]


def test_charts_have_alt_text_and_a_table(demo_folder: Path) -> None:
    html = (demo_folder / "site" / "complaint_allegations.html").read_text(encoding="utf-8")
    alts = re.findall(r'<img src="charts/[^"]+-desktop\.svg" alt="([^"]+)"', html)
    assert len(alts) == len(CATALOGUE["complaint_allegations"])
    assert all("The table below gives every number." in a for a in alts)
    assert any("Highest: " in a for a in alts)
    assert html.count('<table class="counts"') == len(alts)


def test_no_personal_value_reaches_the_site(demo_folder: Path) -> None:
    site = demo_folder / "site"
    text = "\n".join(p.read_text(encoding="utf-8") for p in
                     [*site.glob("*.html"), *site.glob("charts/*.svg")]).lower()
    values = [v for table, column, v in personal_values(demo_folder / "iapro-demo.sqlite")
              if column not in ("LastName", "FirstName", "MiddleName", "MaidenName",
                                "Nickname")]  # single names are also words ("White")
    assert len(values) > 100
    for value in values:
        assert value.lower() not in text, value


def test_building_again_writes_the_same_bytes_and_k_is_the_policys(demo_folder: Path,
                                                                   tmp_path: Path) -> None:
    site = demo_folder / "site"
    again = build_site(demo_folder / "export", tmp_path / "again",
                       agency="Demo City Police Department (fictional)", k=K)
    assert sorted(p.relative_to(tmp_path / "again") for p in again) == \
        sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    for path in again:
        assert path.read_bytes() == (site / path.relative_to(tmp_path / "again")).read_bytes()
    stricter = build_site(demo_folder / "export", tmp_path / "k11", agency="X", k=11)
    html = (tmp_path / "k11" / "use_of_force.html").read_text(encoding="utf-8")
    assert "&lt;11" in html and f"&lt;{K}<" not in html
    assert len(stricter) == len(again)


def test_counting_streams_the_csv_with_little_memory(tmp_path: Path) -> None:
    header = ["force_id", "incident_id", "occurred_date", "force_type", "force_reason",
              "disposition", "officer_id", "officer_race", "subject_id", "subject_race"]
    big = tmp_path / "use_of_force.csv"
    rows = 80_000
    with big.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(header)
        for i in range(rows):
            out.writerow([f"{i:016x}", f"{i // 3:016x}", f"{2010 + i % 15}-{1 + i % 12:02d}",
                          f"Force type {i % 9}", f"Reason {i % 6}", "Justified",
                          f"{i % 800:016x}", "White", f"{i // 2:016x}", "Black"])
    specs = list(CATALOGUE["use_of_force"])
    tracemalloc.start()
    try:
        read, tallies = tally_csv(big, specs)
        tables = [t.table() for t in tallies]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert read == rows and len(tables) == len(specs)
    people = dict(zip((s.slug for s in specs), tables, strict=True))
    assert people["subject-race"].counts == [[rows // 2]]  # each person once
    assert people["officer-race"].counts == [[800]]
    # rows are never held: only 12 bytes a row for each chart that counts people once
    # (two here), where loading the CSV would take several times its size
    assert peak < big.stat().st_size * 0.7, (peak, big.stat().st_size)


@pytest.mark.parametrize("missing", ["manifest.json"])
def test_an_export_without_a_manifest_is_refused(tmp_path: Path, missing: str) -> None:
    from iaextract.errors import WriterError

    with pytest.raises(WriterError, match="run `iaextract export` first"):
        build_site(tmp_path, tmp_path / "site", agency="X", k=5)


def test_odd_category_values_are_escaped_not_run(tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    odd = ["<script>alert(1)</script>", "O’Brien & “Co”", "=HYPERLINK(\"x\")", "Zero\u200bwidth"]
    with (export / "use_of_force.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\r\n")
        out.writerow(["force_id", "incident_id", "occurred_date", "force_type"])
        for i in range(40):
            out.writerow([f"{i:016x}", f"{i:016x}", "", odd[i % len(odd)]])
    (export / "manifest.json").write_text(json.dumps({
        "finished_at": "2026-03-04T05:06:07+00:00",
        "datasets": {"use_of_force": {"fields": {}}},
        "files": {"use_of_force.csv": {"bytes": 1}}}), encoding="utf-8")
    build_site(export, tmp_path / "site", agency="<b>Town</b>", k=5)
    html = (tmp_path / "site" / "use_of_force.html").read_text(encoding="utf-8")
    assert "<script" not in html and "<b>Town" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "O’Brien &amp; “Co”" in html
    assert "updated 4 March 2026" in html and "Not recorded" in html
    for svg in (tmp_path / "site" / "charts").glob("*.svg"):
        assert "<script" not in svg.read_text(encoding="utf-8")


def test_home_page_shows_the_signing_key_and_how_to_verify(demo_folder: Path,
                                                           tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    public = Ed25519PrivateKey.generate().public_key()
    key_file = tmp_path / "agency-signing.pub"
    key_file.write_bytes(public.public_bytes(serialization.Encoding.PEM,
                                             serialization.PublicFormat.SubjectPublicKeyInfo))
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    export = tmp_path / "export"
    shutil.copytree(demo_folder / "export", export)
    (export / "manifest.json.sig").write_text("{}", encoding="utf-8")
    build_site(export, tmp_path / "site", agency="Town", k=K, public_key=key_file)
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert f"sha256:{hashlib.sha256(raw).hexdigest()}" in page
    assert "iaextract verify --public-key agency-signing.pub FOLDER" in page
    assert 'href="data/manifest.json.sig"' in page
    assert (tmp_path / "site" / "data" / "agency-signing.pub").read_bytes() == \
        key_file.read_bytes()
    (tmp_path / "bad.pub").write_text("not a key", encoding="utf-8")
    from iaextract.errors import WriterError

    with pytest.raises(WriterError, match="keygen --signing"):
        build_site(export, tmp_path / "site2", agency="Town", k=K,
                   public_key=tmp_path / "bad.pub")


def test_a_rebuild_removes_what_the_export_no_longer_has(demo_folder: Path,
                                                         tmp_path: Path) -> None:
    export, site = tmp_path / "export", tmp_path / "site"
    shutil.copytree(demo_folder / "export", export)
    build_site(export, site, agency="Town", k=K)
    (site / "about.html").write_text("<p>the clerk's own page</p>", encoding="utf-8")
    manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    del manifest["datasets"]["vehicle_pursuits"]
    for name in ("vehicle_pursuits.csv", "vehicle_pursuits.json", "vehicle_pursuits.ndjson"):
        manifest["files"].pop(name, None)
        (export / name).unlink(missing_ok=True)
    (export / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    written = build_site(export, site, agency="Town", k=K)
    assert sorted(p for p in site.rglob("*") if p.is_file()) == \
        sorted([*written, site / "about.html"])
    assert not list(site.rglob("vehicle_pursuits*"))
    assert "vehicle_pursuits.html" not in (site / "index.html").read_text(encoding="utf-8")
