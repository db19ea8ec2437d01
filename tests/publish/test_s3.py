"""``s3://BUCKET/PREFIX`` against a real S3-compatible server (SeaweedFS), faults included."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from iaextract.testhooks import PAUSE, PAUSE_FILE

from ..seaweedfs import BUCKET, SECRET_KEY, SeaweedS3
from ..support import run_cli, write_config


def _manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _read(client: Any, key: str) -> bytes:
    return bytes(client.get_object(Bucket=BUCKET, Key=key)["Body"].read())


def _keys(client: Any, prefix: str) -> dict[str, str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
    return {o["Key"]: o["ETag"] for page in pages for o in page.get("Contents", [])}


def _reader_sees_one_complete_release(client: Any, prefix: str, folder: Path) -> None:
    """What a reader does: follow latest.json, then check every file of that release."""
    pointer = json.loads(_read(client, f"{prefix}/latest.json"))
    assert pointer["release"] == _manifest(folder)["run_id"]
    stored = _release_intact(client, f"{prefix}/{pointer['prefix']}", folder)
    assert hashlib.sha256(stored).hexdigest() == pointer["manifest_sha256"]


def _release_intact(client: Any, base: str, folder: Path) -> bytes:
    """Every file of the stored release matches the export's manifest; returns the manifest."""
    stored = _read(client, base + "manifest.json")
    assert stored == (folder / "manifest.json").read_bytes()
    for name, digest in json.loads(stored)["files"].items():
        assert hashlib.sha256(_read(client, base + name)).hexdigest() == digest["sha256"], name
    return stored


def test_a_release_is_uploaded_checked_and_published_once(agency: Path, export_dir: Path,
                                                          s3_server: SeaweedS3,
                                                          tmp_path: Path) -> None:
    target, log = f"s3://{BUCKET}/city/ia", tmp_path / "publish.log"
    result = run_cli("publish", "-c", str(agency), "--export", str(export_dir), "--to", target,
                     "--log-file", str(log), env=s3_server.env)
    assert result.returncode == 0, result.stderr
    client = s3_server.client()
    _reader_sees_one_complete_release(client, "city/ia", export_dir)
    run_id = _manifest(export_dir)["run_id"]
    assert f"city/ia/releases/{run_id}/manifest.json.sig" in _keys(client, "city/ia")
    before = _keys(client, "city/ia")
    again = run_cli("publish", "-c", str(agency), "--export", str(export_dir), "--to", target,
                    env=s3_server.env)
    assert again.returncode == 0, again.stderr
    assert f"unchanged: release {run_id} is already the latest" in again.stdout
    assert _keys(client, "city/ia") == before
    everything = result.stdout + result.stderr + log.read_text(encoding="utf-8")
    assert SECRET_KEY not in everything


def test_wrong_or_missing_credentials_are_named_never_shown(agency: Path, export_dir: Path,
                                                            s3_server: SeaweedS3) -> None:
    target = f"s3://{BUCKET}/creds"
    wrong = run_cli("publish", "-c", str(agency), "--export", str(export_dir), "--to", target,
                    env={**s3_server.env, "AWS_SECRET_ACCESS_KEY": "not-the-Secret-9"})
    assert wrong.returncode == 1
    assert "SignatureDoesNotMatch" in wrong.stderr
    assert "check the credentials" in wrong.stderr and "not-the-Secret-9" not in wrong.stderr
    missing = run_cli("publish", "-c", str(agency), "--export", str(export_dir), "--to", target,
                      env={**s3_server.env, "AWS_SECRET_ACCESS_KEY": ""})
    assert missing.returncode == 2
    assert "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY" in missing.stderr
    assert _keys(s3_server.client(), "creds") == {}


def _start_paused(config: Path, folder: Path, target: str, flag: Path,
                  env: dict[str, str]) -> subprocess.Popen[str]:
    """A publish that stops after its first upload until ``flag`` is removed."""
    full = {k: v for k, v in os.environ.items() if k != "IAEXTRACT_CONFIG"}
    full.update(env, **{PAUSE: "uploading", PAUSE_FILE: str(flag)})
    proc = subprocess.Popen([sys.executable, "-m", "iaextract", "publish", "-c", str(config),
                             "--export", str(folder), "--to", target], env=full, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not flag.exists():
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    return proc


def test_a_server_killed_mid_upload_leaves_readers_the_previous_release(
        tmp_path: Path, demo_db: Path, agency: Path, export_dir: Path, export_b: Path,
        s3_server: SeaweedS3) -> None:
    config = write_config(tmp_path / "fast", demo_db,
                          extra="[run]\nretries = 1\nretry_delay = 0.2\n")
    target, client = f"s3://{BUCKET}/fault", s3_server.client()
    first = run_cli("publish", "-c", str(config), "--export", str(export_dir), "--to", target,
                    env=s3_server.env)
    assert first.returncode == 0, first.stderr
    flag = tmp_path / "paused"
    proc = _start_paused(config, export_b, target, flag, s3_server.env)
    _reader_sees_one_complete_release(client, "fault", export_dir)  # mid-upload: still A
    s3_server.kill()
    flag.unlink()
    out, err = proc.communicate(timeout=120)
    try:
        assert proc.returncode == 1, out + err
        assert "failed 2 times, giving up" in err
        assert "the previous release stays current" in err
    finally:
        s3_server.start()
    _reader_sees_one_complete_release(client, "fault", export_dir)
    run_b = _manifest(export_b)["run_id"]
    partial = _keys(client, f"fault/releases/{run_b}/")
    files_b = len([p for p in export_b.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(export_b).parts)])
    assert 1 <= len(partial) < files_b
    assert f"fault/releases/{run_b}/manifest.json" not in partial
    rerun = run_cli("publish", "-c", str(config), "--export", str(export_b), "--to", target,
                    env=s3_server.env)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{files_b - len(partial)} of {files_b} files uploaded" in rerun.stdout
    _reader_sees_one_complete_release(client, "fault", export_b)
    # The earlier release stays whole beside it, for readers who were downloading it.
    _release_intact(client, f"fault/releases/{_manifest(export_dir)['run_id']}/", export_dir)
