"""``datasette:DIR``: the export as a SQLite database and Datasette metadata.

One table per dataset, with the column types ``datapackage.json`` declares (Table
Schema ``integer`` -> INTEGER, ``number`` -> REAL, ``boolean`` -> 0/1, everything else
TEXT as written, so a badge ``007`` stays ``007``: nothing is guessed from the values).
Rows are streamed from the CSV (or NDJSON) file into the database. ``metadata.json``
gives titles, column descriptions (with how each was redacted), the licence, the
source, the agency's redaction policy and facets. Serve it with
``datasette serve DIR/iaextract.db -m DIR/metadata.json``.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from iaextract.errors import PublishError
from iaextract.publish.portal import package_metadata
from iaextract.publish.release import Release
from iaextract.publish.targets import Context, FolderTarget
from iaextract.schema import DATASETS
from iaextract.writers.atomic import write_atomic

DATABASE = "iaextract.db"
METADATA = "metadata.json"
SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "year": "INTEGER"}
FACETS = ("finding", "force_type", "district")
MONTH = "occurred_date"
TRUE, FALSE = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]


class DatasetteTarget(FolderTarget):
    """A folder holding ``iaextract.db`` and ``metadata.json``, replaced together."""

    scheme = "datasette"

    def plan(self, release: Release, context: Context) -> list[str]:
        tables = [f"table {name} from {resource['path']}" for name, resource
                  in _tables(release).items()]
        return [f"write {self.folder / DATABASE}: {', '.join(tables)}",
                f"write {self.folder / METADATA}"]

    def send(self, release: Release, context: Context) -> str:
        metadata = build_metadata(release, context)
        text = json.dumps(metadata, indent=1, ensure_ascii=False) + "\n"
        database, meta_path = self.folder / DATABASE, self.folder / METADATA
        if database.is_file() and meta_path.is_file() and \
                meta_path.read_text(encoding="utf-8") == text:
            return f"unchanged: {database} already holds release {release.id}"
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f".{DATABASE}.tmp"
        partial.unlink(missing_ok=True)
        try:
            rows = build_database(release, partial)
            os.replace(partial, database)
        finally:
            partial.unlink(missing_ok=True)
        write_atomic(meta_path, text)
        return f"{sum(rows.values()):,} rows in {len(rows)} tables written to {database}"


def _tables(release: Release) -> dict[str, dict[str, Any]]:
    """Dataset name -> the data package resource to load (its CSV, else its NDJSON)."""
    package = json.loads((release.folder / "datapackage.json").read_text(encoding="utf-8"))
    by_path = {r["path"]: r for r in package.get("resources", []) if r.get("schema")}
    chosen = {}
    for name, files in release.dataset_files().items():
        for suffix in (".csv", ".ndjson"):
            found = [by_path[f] for f in files if f.endswith(suffix) and f in by_path]
            if found:
                chosen[name] = found[0]
                break
        else:
            raise PublishError(f"datasette: dataset {name} has no CSV or NDJSON file to load "
                               "(add \"csv\" to [output] formats and export again)")
    return chosen


def build_database(release: Release, path: Path) -> dict[str, int]:
    """Write every dataset of ``release`` into a new SQLite file; return rows per table."""
    counts = {}
    db = sqlite3.connect(path)
    try:
        for name, resource in _tables(release).items():
            counts[name] = _load_table(db, name, release.folder / resource["path"],
                                       resource["schema"])
            expected = release.manifest["datasets"][name].get("rows_written")
            if expected is not None and counts[name] != expected and \
                    not release.manifest["datasets"][name].get("incremental"):
                raise PublishError(f"datasette: {name}: {counts[name]:,} rows loaded, the "
                                   f"manifest says {expected:,}")
        db.commit()
    finally:
        db.close()
    return counts


def _load_table(db: sqlite3.Connection, name: str, path: Path, schema: dict[str, Any]) -> int:
    fields = schema["fields"]
    columns = ", ".join(f'"{f["name"]}" {SQL_TYPES.get(f["type"], "TEXT")}' for f in fields)
    key = schema.get("primaryKey") or []
    keys = f', PRIMARY KEY ({", ".join(chr(34) + k + chr(34) for k in key)})' if key else ""
    db.execute(f'CREATE TABLE "{name}" ({columns}{keys})')
    marks = ", ".join("?" * len(fields))
    rows = _rows(path, schema)
    try:
        db.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
    except sqlite3.IntegrityError:
        raise PublishError(f"datasette: {path.name}: two rows share the primary key "
                           f"({', '.join(key)})") from None
    for column in _facets(fields):
        db.execute(f'CREATE INDEX "{name}_{column}" ON "{name}" ("{column}")')
    return int(db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])


def _rows(path: Path, schema: dict[str, Any]) -> Iterator[list[Any]]:
    """The file's rows as SQLite values, converted by the declared type of each column."""
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    convert = [_converter(f) for f in fields]
    missing = set(schema.get("missingValues", [""]))
    if path.suffix == ".ndjson":
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                yield [_json_value(record.get(n)) for n in names]
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != names:
            raise PublishError(f"datasette: {path.name}: the header differs from "
                               "datapackage.json's schema")
        for number, row in enumerate(reader, start=2):
            try:
                yield [None if v in missing else c(v) for c, v in zip(convert, row, strict=True)]
            except ValueError:
                # Where, never the value: it is published data, but messages stay plain.
                raise PublishError(f"datasette: {path.name}, line {number}: a value does "
                                   "not match its declared type") from None


def _json_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _converter(field: dict[str, Any]) -> Callable[[str], Any]:
    kind = field["type"]
    if kind in ("integer", "year"):
        return int
    if kind == "number":
        return float
    if kind == "boolean":
        true = set(field.get("trueValues", TRUE))
        false = set(field.get("falseValues", FALSE))

        def boolean(value: str) -> int:
            if value in true:
                return 1
            if value in false:
                return 0
            raise ValueError("not a boolean")
        return boolean
    return str


def _facets(fields: list[dict[str, Any]], precision: str = "month") -> list[str]:
    names = [f["name"] for f in fields]
    facets = [n for n in FACETS if n in names]
    if MONTH in names and precision != "day":  # by day there would be a facet per row
        facets.append(MONTH)
    return facets


def build_metadata(release: Release, context: Context) -> dict[str, Any]:
    """Datasette's metadata.json for the release: titles, descriptions, licence, facets."""
    agency = context.config.agency
    package = package_metadata(release, context.config)
    precision = release.manifest.get("policy", {}).get("date_precision", "month")
    tables = {}
    for name, resource in _tables(release).items():
        dataset = DATASETS.get(name)
        fields = resource["schema"]["fields"]
        tables[name] = {
            "title": dataset.title if dataset else name,
            "description": (f"{dataset.description} One row is {dataset.row}." if dataset
                            else resource.get("description", "")),
            "columns": {f["name"]: f.get("description", "") for f in fields},
            "facets": _facets(fields, precision),
        }
    metadata: dict[str, Any] = {
        "title": package.title,
        "description": package.description,
        "source": agency.name or "iaextract export",
        "databases": {DATABASE.removesuffix(".db"): {"tables": tables}},
    }
    if agency.license:
        metadata["license"] = agency.license
    if agency.license_url:
        metadata["license_url"] = agency.license_url
    return metadata
