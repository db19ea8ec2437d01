"""``datasette:DIR``: a SQLite database typed by datapackage.json, loaded in real Datasette."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from datasette.app import Datasette

from iaextract.config import load_config
from iaextract.errors import PublishError
from iaextract.publish import publish
from iaextract.publish.datasette import build_database
from iaextract.publish.release import load_release

from .conftest import AGENCY


def _serve(folder: Path, paths: list[str]) -> list[Any]:
    """GET each path from a real Datasette over the bundle (its in-process client)."""
    metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))

    async def fetch() -> list[Any]:
        datasette = Datasette([str(folder / "iaextract.db")], metadata=metadata)
        await datasette.invoke_startup()
        answers = []
        for path in paths:
            response = await datasette.client.get(path)
            assert response.status_code == 200, (path, response.text[:500])
            answers.append(response.json())
        return answers

    return asyncio.run(fetch())


def test_every_table_is_served_with_its_rows_types_and_facets(agency: Path, export_dir: Path,
                                                               tmp_path: Path) -> None:
    config = load_config(agency)
    result = publish(config, [f"datasette:{tmp_path / 'ds'}"], export_dir=export_dir)
    assert "rows in 5 tables" in result.sent[f"datasette:{tmp_path / 'ds'}"]
    manifest = json.loads((export_dir / "manifest.json").read_text(encoding="utf-8"))
    datasets = manifest["datasets"]
    paths = ["/-/metadata.json"]
    for name in datasets:
        paths += [f"/iaextract.json?sql=select+count(*)+as+n+from+{name}&_shape=array",
                  f"/iaextract/{name}.json?_shape=objects&_size=5"]
    metadata, *answers = _serve(tmp_path / "ds", paths)
    assert metadata["title"] == f"{AGENCY} internal-affairs open data"
    assert metadata["license"] == "ODC-PDDL-1.0"
    assert "Narratives are left out." in metadata["description"]
    for (count, table), name in zip(zip(answers[::2], answers[1::2], strict=True), datasets,
                                    strict=True):
        assert count[0]["n"] == datasets[name]["rows_written"] > 0
        assert table["rows"], name
        assert {f["name"] for f in table["facet_results"].values()} >= {"district"}
    uof = metadata["databases"]["iaextract"]["tables"]["use_of_force"]
    assert uof["facets"] == ["force_type", "district", "occurred_date"]
    assert "Redaction: pseudonymised" in uof["columns"]["officer_id"]
    allegations = metadata["databases"]["iaextract"]["tables"]["complaint_allegations"]
    assert "finding" in allegations["facets"]
    with sqlite3.connect(tmp_path / "ds" / "iaextract.db") as db:
        types = dict(db.execute("SELECT typeof(officer_injured), typeof(force_id) "
                                "FROM use_of_force LIMIT 1").fetchall())
    assert types == {"integer": "text"}


def test_publishing_again_changes_nothing(agency: Path, export_dir: Path,
                                          tmp_path: Path) -> None:
    config, target = load_config(agency), f"datasette:{tmp_path / 'ds'}"
    publish(config, [target], export_dir=export_dir)
    database = tmp_path / "ds" / "iaextract.db"
    before = database.stat().st_mtime_ns, database.read_bytes()
    again = publish(config, [target], export_dir=export_dir)
    assert again.sent[target].startswith("unchanged")
    assert (database.stat().st_mtime_ns, database.read_bytes()) == before


def _release(folder: Path, rows: list[str]) -> Path:
    """A minimal export folder: one dataset whose CSV holds ``rows`` under a typed schema."""
    folder.mkdir()
    fields = [{"name": "badge", "type": "string"}, {"name": "shots", "type": "integer"},
              {"name": "miles", "type": "number"}, {"name": "crash", "type": "boolean"}]
    (folder / "officers.csv").write_text("badge,shots,miles,crash\r\n" + "".join(
        r + "\r\n" for r in rows), encoding="utf-8", newline="")
    (folder / "datapackage.json").write_text(json.dumps({"resources": [{
        "path": "officers.csv", "schema": {"fields": fields, "missingValues": [""]}}]}))
    (folder / "manifest.json").write_text(json.dumps({"run_id": "r1", "datasets": {
        "officers": {"files": ["officers.csv"], "rows_written": len(rows)}}, "files": {}}))
    return folder


def test_declared_types_decide_never_the_values(tmp_path: Path) -> None:
    release = load_release(_release(tmp_path / "x", [
        "007,3,1.50,true", "0042,0,,false", ",,2e1,", "1e3,12,NaN,true"]))
    build_database(release, tmp_path / "x.db")
    with sqlite3.connect(tmp_path / "x.db") as db:
        rows = db.execute("SELECT badge, typeof(badge), shots, miles, crash FROM officers "
                          "ORDER BY rowid").fetchall()
    assert rows[0] == ("007", "text", 3, 1.5, 1)
    assert rows[1] == ("0042", "text", 0, None, 0)
    assert rows[2] == (None, "null", None, 20.0, None)
    assert rows[3][:3] == ("1e3", "text", 12)  # a string that looks like a number stays one


@pytest.mark.parametrize(("bad", "value"), [("007,three,1,true", "three"),
                                            ("007,3,1,maybe", "maybe")])
def test_a_value_against_its_type_is_refused_without_quoting_it(tmp_path: Path,
                                                                 bad: str, value: str) -> None:
    release = load_release(_release(tmp_path / "x", ["001,1,1,true", bad]))
    with pytest.raises(PublishError) as caught:
        build_database(release, tmp_path / "x.db")
    assert "officers.csv, line 3: a value does not match its declared type" in str(caught.value)
    assert value not in str(caught.value)
