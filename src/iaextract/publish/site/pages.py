"""Render the site's pages (Jinja2 templates, autoescaped) from the export's metadata and
the published count tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from iaextract.publish.site.catalogue import ChartSpec
from iaextract.publish.site.cells import CountTable, Status
from iaextract.schema import DATASETS

#: Download links, in this order, with what each file is for.
DOWNLOADS = (
    (".csv", "CSV", "opens in a spreadsheet"),
    (".json", "JSON", "for programs"),
    (".ndjson", "NDJSON", "one record a line, for large files"),
)


@dataclass
class Chart:
    """One chart of a dataset page: its pictures, alt text and published table."""

    spec: ChartSpec
    table: CountTable
    svg: dict[str, str]  # variant ("desktop", "phone") -> path relative to the site
    alt: str

    def _body(self, status: Status) -> bool:
        width = len(self.table.columns)
        return any(s is status for row in self.table.status[:-1] for s in row[:width])

    @property
    def small(self) -> bool:
        """Whether any count of the chart (not a total) is published as ``<k``."""
        return self._body(Status.SMALL)

    @property
    def hidden(self) -> bool:
        """Whether any count of the chart is hidden by complementary suppression."""
        return self._body(Status.HIDDEN)


@dataclass
class DatasetPage:
    """One dataset: what it is, how many rows, its files and charts."""

    name: str
    title: str
    description: str
    row: str
    rows: int
    files: list[tuple[str, str, str]]  # (path, format, what for)
    charts: list[Chart] = field(default_factory=list)

    @property
    def page(self) -> str:
        return f"{self.name}.html"


def display(count: int, k: int) -> str:
    """A count as published: ``<k`` from 1 to k-1, otherwise the number."""
    return f"<{k}" if 0 < count < k else f"{count:,}"


def cell_text(table: CountTable, r: int, c: int, k: int) -> str:
    """One published cell or total of a table (see cells.Status)."""
    status = table.status[r][c]
    if status is Status.SMALL:
        return f"<{k}"
    if status is Status.HIDDEN:
        return "–"
    return f"{table.with_totals()[r][c]:,}"


def dataset_page(name: str, info: dict[str, Any], files: list[str], rows: int
                 ) -> DatasetPage:
    """The page of dataset ``name`` with its download links (files under ``data/``)."""
    schema = DATASETS.get(name)
    links = [(f"data/{f}", label, why) for suffix, label, why in DOWNLOADS
             for f in files if f == name + suffix]
    return DatasetPage(name, schema.title if schema else name.replace("_", " ").capitalize(),
                       schema.description if schema else "", schema.row if schema else "",
                       rows, links)


def when(timestamp: str | None) -> str:
    """An ISO timestamp as a date residents read: 2 December 2026."""
    if not timestamp:
        return "unknown"
    moment = datetime.fromisoformat(timestamp)
    return f"{moment.day} {moment:%B %Y}"


def environment() -> Environment:
    env = Environment(loader=PackageLoader("iaextract.publish.site", "templates"),
                      autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(display=display, cell_text=cell_text, Status=Status)
    return env
