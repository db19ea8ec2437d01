"""``socrata:`` against the Socrata publishing API (Dataset Management API) as documented
(dev.socrata.com/publishers/dsmapi: open a revision, create an upload source, send its
bytes, apply), replayed by a real HTTP server on loopback: contract-tested, not yet run
against a live portal."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from iaextract.config import load_config
from iaextract.errors import ConfigError, PublishError
from iaextract.publish import publish
from iaextract.publish.release import load_release

from ..support import run_cli
from .conftest import AGENCY
from .replay import Exchange, replay_server

KEY_ID, KEY_SECRET = "socrata-key-id", "socrata-Secret-0123"
BASIC = "Basic " + base64.b64encode(f"{KEY_ID}:{KEY_SECRET}".encode()).decode()
FOURFOUR, SEQ, SOURCE = "ab12-cd34", 3, 91
REVISION = f"/api/publishing/v1/revision/{FOURFOUR}"


def _call(method: str, path: str, answer: Any, status: int = 200,
          headers: dict[str, str] | None = None, **request: Any) -> Exchange:
    return Exchange(method, path, answer, status,
                    headers={"Authorization": BASIC, **(headers or {})}, **request)


def _contract(sha256: str, run_id: str, parsed: bool = True) -> list[Exchange]:
    revision = {"resource": {"fourfour": FOURFOUR, "revision_seq": SEQ, "action": {
        "type": "replace"}}, "links": {"show": f"{REVISION}/{SEQ}",
                                       "create_source": f"{REVISION}/{SEQ}/source",
                                       "apply": f"{REVISION}/{SEQ}/apply"}}
    links = {"show": f"/api/publishing/v1/source/{SOURCE}",
             "bytes": f"/api/publishing/v1/source/{SOURCE}"}
    pending = {"resource": {"id": SOURCE, "finished_at": None, "failed_at": None},
               "links": links}
    done = {"resource": {"id": SOURCE, "finished_at": "2024-02-01T02:16:09",
                         "failed_at": None}, "links": links}
    exchanges = [
        _call("GET", f"/api/views/{FOURFOUR}.json", {"id": FOURFOUR, "name": "Use of force",
                                                     "description": "Older release."}),
        _call("POST", REVISION, revision, 201, json={
            "action": {"type": "replace", "permission": "public"},
            "metadata": {"name": f"{AGENCY} internal-affairs open data: use_of_force",
                         "license_id": "ODC-PDDL-1.0",
                         "tags": ["police", "internal affairs", "open data"]}}),
        _call("POST", f"{REVISION}/{SEQ}/source", pending, 201, json={
            "source_type": {"type": "upload", "filename": "use_of_force.csv"},
            "parse_options": {"parse_source": True}}),
        _call("POST", f"/api/publishing/v1/source/{SOURCE}", pending, body=sha256,
              headers={"Content-Type": "text/csv"}),
        _call("GET", f"/api/publishing/v1/source/{SOURCE}", done if parsed else {
            **pending, "resource": {**pending["resource"], "failed_at": "2024-02-01"}}),
    ]
    if parsed:
        exchanges.append(_call("PUT", f"{REVISION}/{SEQ}/apply", {"resource": {
            "id": 77, "status": "in_progress"}}, json={"resource": {"id": SEQ}}))
    return exchanges


def _publish(agency: Path, export_dir: Path, url: str,
             monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SOCRATA_KEY_ID", KEY_ID)
    monkeypatch.setenv("SOCRATA_KEY_SECRET", KEY_SECRET)
    monkeypatch.setattr("iaextract.publish.socrata.POLL_WAIT", 0.01)
    target = f"socrata:{url}/d/{FOURFOUR}?dataset=use_of_force"
    return publish(load_config(agency), [target], export_dir=export_dir).sent[target]


def test_a_revision_replaces_the_rows_and_metadata_together(
        agency: Path, export_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = load_release(export_dir)
    csv = release.file("use_of_force.csv")
    with replay_server(_contract(csv.sha256, release.id)) as server:
        outcome = _publish(agency, export_dir, server.url, monkeypatch)
    assert server.failures == [] and server.exchanges == []
    assert outcome == (f"use_of_force.csv ({csv.bytes:,} bytes) applied to {FOURFOUR} as "
                       f"revision {SEQ}: release {release.id}")
    # The portal now describes this release: publishing again changes nothing.
    view = _call("GET", f"/api/views/{FOURFOUR}.json", {"id": FOURFOUR, "description": (
        f"Records ... Release {release.id} (manifest.json sha256 ...).")})
    with replay_server([view]) as server:
        again = _publish(agency, export_dir, server.url, monkeypatch)
    assert server.failures == [] and server.exchanges == []
    assert again == f"unchanged: {FOURFOUR} already holds release {release.id}"


def test_a_source_the_portal_cannot_parse_is_never_applied(
        agency: Path, export_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = load_release(export_dir)
    exchanges = _contract(release.file("use_of_force.csv").sha256, release.id, parsed=False)
    with replay_server(exchanges) as server, pytest.raises(PublishError) as caught:
        _publish(agency, export_dir, server.url, monkeypatch)
    assert "could not parse the uploaded CSV; the revision was not applied" in str(caught.value)
    assert server.failures == [] and server.exchanges == []  # no apply was sent


def test_a_refused_key_is_named_never_shown(agency: Path, export_dir: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    refused = [_call("GET", f"/api/views/{FOURFOUR}.json", {"code": "authentication_required"},
                     403)]
    with replay_server(refused) as server, pytest.raises(PublishError) as caught:
        _publish(agency, export_dir, server.url, monkeypatch)
    assert "not authorised (check the API key" in str(caught.value)
    assert KEY_SECRET not in str(caught.value)
    with pytest.raises(ConfigError, match=r"\?dataset=use_off_force is not a dataset of this "
                       r"export \(did you mean 'use_of_force'\?; one of "):
        publish(load_config(agency),
                [f"socrata:{server.url}/d/{FOURFOUR}?dataset=use_off_force"],
                export_dir=export_dir)


def test_dry_run_prints_the_exact_requests_and_sends_none(agency: Path,
                                                          export_dir: Path) -> None:
    with replay_server([]) as server:
        result = run_cli("publish", "-c", str(agency), "--export", str(export_dir), "--dry-run",
                         "--to", f"socrata:{server.url}/d/{FOURFOUR}?dataset=use_of_force")
    assert result.returncode == 0, result.stderr
    assert server.seen == []
    assert f'POST {server.url}{REVISION} {{"metadata": {{"name": "{AGENCY} internal-affairs ' \
           "open data: use_of_force\"" in result.stdout
    assert f'POST {server.url}{REVISION}/<revision>/source {{"source_type": {{"type": ' \
           '"upload", "filename": "use_of_force.csv"}' in result.stdout
    assert f"PUT {server.url}{REVISION}/<revision>/apply" in result.stdout
