"""``datapackage.json``: the export described as a Frictionless Tabular Data Package.

One resource per published data file, each with a Table Schema of the *published*
columns (types after redaction, descriptions, vocabularies as ``enum``, patterns,
primary key, and foreign keys to the officer roster when it is exported too), and
the file's size and sha256, so ``frictionless validate datapackage.json`` checks
both the shape and the integrity of an export.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from iaextract import SCHEMA_VERSION, __version__
from iaextract.redaction.policy import FieldTreatment
from iaextract.writers.exported import ExportedDataset

DATAPACKAGE = "datapackage.json"
ROSTER, ROSTER_KEY = "officers", "officer_id"
MEDIATYPES = {"csv": "text/csv", "json": "application/json", "ndjson": "application/x-ndjson"}


def build_datapackage(exports: list[ExportedDataset], locate: Callable[[str], Path],
                      digests: dict[str, dict[str, Any]], *, run_id: str,
                      created: str) -> dict[str, Any]:
    """The data package describing the files of ``exports``; ``locate`` finds each on disk.

    ``digests`` maps each file to its ``sha256`` and ``bytes`` (computed once per run).
    """
    resources = [_resource(export, file, locate(file), digests[file])
                 for export in exports for file in export.files]
    _link_to_roster(exports, resources)
    tabular = all(r["profile"] == "tabular-data-resource" for r in resources)
    return {
        # A tabular package may hold only tables; an empty JSON file is not one.
        "profile": "tabular-data-package" if tabular else "data-package",
        "name": "iaextract-export",
        "id": run_id,
        "title": "Police internal-affairs open data",
        "description": "Records exported, redacted and published with iaextract under the "
        f"open schema {SCHEMA_VERSION}. DATA_DICTIONARY.md explains every field and how it "
        "was redacted; manifest.json gives row counts and checksums.",
        "version": SCHEMA_VERSION,
        "created": created,
        "keywords": ["police", "internal affairs", "open data"],
        "sources": [{"title": f"iaextract {__version__}"}],
        "resources": resources,
    }


def _resource(export: ExportedDataset, file: str, path: Path,
              digest: dict[str, Any]) -> dict[str, Any]:
    fmt = file.rsplit(".", 1)[-1]
    resource: dict[str, Any] = {
        # The first file of a dataset is named after it; other formats of the same
        # table get the format as a suffix (resource names must be unique).
        "name": export.name if file == export.files[0] else f"{export.name}-{fmt}",
        "path": file,
        "title": export.dataset.title,
        "description": f"{export.dataset.description} One row is {export.dataset.row}.",
        "format": fmt,
        "mediatype": MEDIATYPES.get(fmt, "application/octet-stream"),
        "encoding": "utf-8",
        "bytes": digest["bytes"],
        "hash": f"sha256:{digest['sha256']}",
    }
    if fmt == "json":
        # frictionless reads JSON arrays with a streaming parser that counts no bytes, so
        # a stated size fails validation; the hash is kept (and the manifest has both).
        del resource["bytes"]
    if fmt != "csv" and not _has_rows(path):
        # Frictionless cannot read a table out of an empty JSON array or NDJSON file,
        # so an empty one is described as a plain file rather than failing validation.
        return {**resource, "profile": "data-resource", "type": "file"}
    return {**resource, "profile": "tabular-data-resource", "schema": table_schema(export)}


def _has_rows(path: Path) -> bool:
    """Whether a JSON array or NDJSON file holds at least one record (any object brace)."""
    with path.open("rb") as handle:
        return b"{" in handle.read(64)


def table_schema(export: ExportedDataset) -> dict[str, Any]:
    """The Table Schema of one dataset's published columns."""
    schema: dict[str, Any] = {"fields": [_field(export, t) for t in export.published],
                              "missingValues": [""]}
    if export.primary_key:
        schema["primaryKey"] = export.primary_key
    return schema


def _link_to_roster(exports: list[ExportedDataset], resources: list[dict[str, Any]]) -> None:
    """Declare ``officer_id`` a foreign key into the roster, when the roster is a table here.

    Only then does an officer id of another dataset point at a row a reader can find.
    """
    roster = next((e for e in exports if e.name == ROSTER), None)
    if roster is None or roster.primary_key != [ROSTER_KEY]:
        return
    target = next((r["name"] for r in resources if r["path"] in roster.files
                   and r["profile"] == "tabular-data-resource"), None)
    if target is None:
        return
    for resource in resources:
        schema = resource.get("schema")
        if resource["path"] in roster.files or schema is None:
            continue
        if any(f["name"] == ROSTER_KEY for f in schema["fields"]):
            schema["foreignKeys"] = [{"fields": [ROSTER_KEY], "reference": {
                "resource": target, "fields": [ROSTER_KEY]}}]


def _field(export: ExportedDataset, decided: FieldTreatment) -> dict[str, Any]:
    field = decided.field
    description = f"{field.description} Redaction: {export.how(decided)}."
    if field.name not in export.mapped:
        description += " Not available from this agency's source: always empty."
    spec: dict[str, Any] = {"name": field.name, "type": decided.published_type,
                            "description": description}
    constraints: dict[str, Any] = {}
    values = export.values(decided)
    if values:
        constraints["enum"] = list(values)
    pattern = export.pattern(decided)
    if pattern:
        constraints["pattern"] = pattern
    if field.minimum is not None and decided.published_type in ("integer", "number"):
        constraints["minimum"] = field.minimum
    if constraints:
        spec["constraints"] = constraints
    return spec
