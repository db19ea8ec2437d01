"""``ckan:`` against CKAN's action API as documented (docs.ckan.org, "API guide"), replayed
by a real HTTP server on loopback: contract-tested, not yet run against a live portal.

Answers are the documented shapes: ``{"help": ..., "success": true, "result": ...}``,
and for errors ``{"success": false, "error": {"__type": "Not Found Error", ...}}``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from iaextract.config import load_config
from iaextract.errors import ConfigError, PublishError
from iaextract.publish import publish
from iaextract.publish.release import Release, load_release
from iaextract.publish.signing import load_signing_key, sign_manifest

from ..support import run_cli
from .conftest import AGENCY
from .replay import Exchange, replay_server

TOKEN = "ckan-token-Secret-0123"
PACKAGE_ID = "7d1c6c5e-4c3b-4b39-9a6e-0b5e0f3c2a11"
HELP = "http://demo.ckan.org/api/3/action/help_show?name=package_show"


def _ok(result: Any) -> dict[str, Any]:
    return {"help": HELP, "success": True, "result": result}


def _error(kind: str, message: str) -> dict[str, Any]:
    return {"help": HELP, "success": False, "error": {"__type": kind, "message": message}}


def _signed(agency: Path, export_dir: Path) -> Release:
    config = load_config(agency)
    key = load_signing_key(config)
    assert key is not None
    sign_manifest(export_dir, key)  # as publish will, so the expected files include it
    return load_release(export_dir)


def _action(name: str, answer: Any, status: int = 200, **request: Any) -> Exchange:
    return Exchange("POST", f"/api/action/{name}", answer, status,
                    headers={"Authorization": TOKEN}, **request)


def _package(release: Release | None, resources: list[dict[str, Any]]) -> dict[str, Any]:
    extras = [{"key": "iaextract_release", "value": release.id}] if release else []
    return {"id": PACKAGE_ID, "name": "ia-records", "resources": resources, "extras": extras}


def _resource(name: str, sha256: str) -> dict[str, Any]:
    return {"id": f"res-{name}", "package_id": PACKAGE_ID, "name": name,
            "hash": f"sha256:{sha256}"}


def _publish(agency: Path, export_dir: Path, url: str,
             monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CKAN_API_TOKEN", TOKEN)
    target = f"ckan:{url}/dataset/ia-records"
    return publish(load_config(agency), [target], export_dir=export_dir).sent[target]


def test_a_new_dataset_gets_a_resource_per_file_then_the_release_marker(
        agency: Path, export_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = _signed(agency, export_dir)
    exchanges = [
        _action("package_show", _error("Not Found Error", "Not found"), 404,
                json={"id": "ia-records"}),
        _action("package_create", _ok(_package(None, [])), json={
            "name": "ia-records", "title": f"{AGENCY} internal-affairs open data",
            "license_id": "ODC-PDDL-1.0", "tags": [{"name": "police"},
                                                   {"name": "internal affairs"},
                                                   {"name": "open data"}]}),
        *[_action("resource_create", _ok(_resource(f.name, f.sha256)),
                  fields={"package_id": PACKAGE_ID, "name": f.name,
                          "hash": f"sha256:{f.sha256}", "size": str(f.bytes)},
                  upload=f.sha256) for f in release.files],
        _action("package_patch", _ok(_package(release, [])), json={
            "id": PACKAGE_ID, "version": release.id,
            "extras": [{"key": "iaextract_release", "value": release.id}]}),
    ]
    with replay_server(exchanges) as server:
        outcome = _publish(agency, export_dir, server.url, monkeypatch)
    assert server.failures == [] and server.exchanges == []
    n = len(release.files)
    assert outcome == f"{n} of {n} files uploaded; ia-records now holds release {release.id}"
    assert [p for _, p in server.seen].count("/api/action/resource_create") == n


def test_only_changed_files_are_sent_and_a_published_release_is_left_alone(
        agency: Path, export_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = _signed(agency, export_dir)
    current = [_resource(f.name, f.sha256) for f in release.files]
    changed = release.file("use_of_force.csv")
    older = [r if r["name"] != changed.name else _resource(changed.name, "0" * 64)
             for r in current]
    exchanges = [
        _action("package_show", _ok(_package(None, older)), json={"id": "ia-records"}),
        _action("resource_update", _ok(_resource(changed.name, changed.sha256)),
                fields={"id": f"res-{changed.name}", "hash": f"sha256:{changed.sha256}"},
                upload=changed.sha256),
        _action("package_patch", _ok(_package(release, current)),
                json={"id": PACKAGE_ID, "version": release.id}),
    ]
    with replay_server(exchanges) as server:
        outcome = _publish(agency, export_dir, server.url, monkeypatch)
    assert server.failures == [] and server.exchanges == []
    assert outcome.startswith(f"1 of {len(release.files)} files uploaded")
    with replay_server([_action("package_show", _ok(_package(release, current)))]) as server:
        again = _publish(agency, export_dir, server.url, monkeypatch)
    assert server.failures == [] and server.exchanges == []
    assert again == f"unchanged: ia-records already holds release {release.id}"


def test_a_refused_token_is_named_never_shown(agency: Path, export_dir: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    exchanges = [_action("package_show", _error("Authorization Error", "Access denied"),
                         403)]
    with replay_server(exchanges) as server, pytest.raises(PublishError) as caught:
        _publish(agency, export_dir, server.url, monkeypatch)
    assert "not authorised (check the token: set the environment variable " \
           "CKAN_API_TOKEN" in str(caught.value)
    assert TOKEN not in str(caught.value)
    monkeypatch.delenv("CKAN_API_TOKEN")
    with pytest.raises(ConfigError, match="ckan: no API token"):
        publish(load_config(agency), ["ckan:http://127.0.0.1:9/dataset/ia-records"],
                export_dir=export_dir)


def test_dry_run_prints_the_exact_requests_and_sends_none(agency: Path,
                                                          export_dir: Path) -> None:
    with replay_server([]) as server:
        result = run_cli("publish", "-c", str(agency), "--export", str(export_dir),
                         "--dry-run", "--to", f"ckan:{server.url}/dataset/ia-records",
                         env={"CKAN_API_TOKEN": TOKEN})
    assert result.returncode == 0, result.stderr
    assert server.seen == []
    out = result.stdout
    assert f'POST {server.url}/api/action/package_show {{"id": "ia-records"}}' in out
    assert f'POST {server.url}/api/action/package_create (if the dataset is missing) ' \
           f'{{"name": "ia-records", "title": "{AGENCY} internal-affairs open data"' in out
    assert f"POST {server.url}/api/action/resource_create (or resource_update) multipart " \
           '{"name": "use_of_force.csv", "format": "CSV"' in out
    assert "Authorization: <CKAN_API_TOKEN>" in out and TOKEN not in out


def test_the_token_can_come_from_the_os_keyring(agency: Path, export_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    store = PlaintextKeyring()
    store.file_path = str(tmp_path / "keyring.cfg")  # a real keyring file of this test's own
    previous = keyring.get_keyring()
    keyring.set_keyring(store)
    try:
        keyring.set_password("iaextract", "CKAN_API_TOKEN", TOKEN)
        monkeypatch.delenv("CKAN_API_TOKEN", raising=False)
        release = _signed(agency, export_dir)
        current = [_resource(f.name, f.sha256) for f in release.files]
        with replay_server([_action("package_show", _ok(_package(release, current)))]) \
                as server:
            target = f"ckan:{server.url}/dataset/ia-records"
            outcome = publish(load_config(agency), [target], export_dir=export_dir)
    finally:
        keyring.set_keyring(previous)
    assert server.failures == [] and server.exchanges == []  # the header held the token
    assert outcome.sent[target].startswith("unchanged")


@pytest.mark.skipif(os.name != "posix", reason="peak memory read with the resource module")
def test_an_upload_streams_from_disk_instead_of_holding_the_file(tmp_path: Path) -> None:
    big = tmp_path / "use_of_force.csv"
    digest = hashlib.sha256()
    with big.open("wb") as handle:
        for i in range(48):  # 48 MiB of rows
            block = b"".join(b"%016x,Justified,White,Black\r\n" % (i * 40_000 + n)
                             for n in range(40_000))[:1 << 20]
            handle.write(block)
            digest.update(block)
    fields = {"package_id": PACKAGE_ID, "name": big.name}
    exchanges = [_action("resource_create", _ok(_resource(big.name, digest.hexdigest())),
                         fields=fields, upload=digest.hexdigest())]
    # A process of its own, so that its peak memory is the upload's (and not the replay
    # server's, which holds the body it receives).
    script = (
        "import resource, sys\n"
        "from iaextract.publish.ckan import _call, _client\n"
        "ckan = _client(sys.argv[1])\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "with open(sys.argv[2], 'rb') as body:\n"
        f"    _call(ckan, 'resource_create', {fields!r}, files={{'upload': (sys.argv[3], body)}})\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n")
    with replay_server(exchanges) as server:
        done = subprocess.run([sys.executable, "-c", script, server.url, str(big), big.name],
                              capture_output=True, text=True, timeout=300,
                              env={**os.environ, "CKAN_API_TOKEN": TOKEN})
    assert done.returncode == 0, done.stderr
    assert server.failures == [] and server.exchanges == []
    grew_kib = int(done.stdout)
    assert grew_kib < 8 * 1024, f"the upload grew the process by {grew_kib} KiB"
