"""Signed releases: keygen --signing, a signed manifest, verify --public-key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from iaextract.config import load_config
from iaextract.errors import ConfigError
from iaextract.publish import publish
from iaextract.publish.signing import check_signature

from ..support import run_cli, write_config
from .tamper import forge


def _publish(agency: Path, export_dir: Path, tmp_path: Path) -> str:
    result = run_cli("publish", "-c", str(agency), "--export", str(export_dir),
                     "--to", f"datasette:{tmp_path / 'ds'}")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_keygen_writes_a_guarded_pair_and_never_overwrites(tmp_path: Path) -> None:
    result = run_cli("keygen", "--signing", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    private, public = tmp_path / "iaextract-signing.key", tmp_path / "iaextract-signing.pub"
    assert b"PRIVATE KEY" in private.read_bytes() and b"PUBLIC KEY" in public.read_bytes()
    if os.name == "posix":
        assert private.stat().st_mode & 0o777 == 0o600
    assert "Public key fingerprint: sha256:" in result.stdout
    assert "PRIVATE" not in result.stdout
    before = private.read_bytes()
    again = run_cli("keygen", "--signing", cwd=tmp_path)
    assert again.returncode == 2
    assert "never overwritten" in again.stderr
    assert private.read_bytes() == before


def test_a_signed_release_verifies_with_the_public_key(agency: Path, export_dir: Path,
                                                       tmp_path: Path) -> None:
    assert "manifest.json signed" in _publish(agency, export_dir, tmp_path)
    signature = (export_dir / "manifest.json.sig").read_bytes()
    result = run_cli("verify", str(export_dir), "-c", str(agency),
                     "--public-key", str(agency.parent / "signing.pub"))
    assert result.returncode == 0, result.stderr
    assert "signature: valid" in result.stdout
    again = _publish(agency, export_dir, tmp_path)  # the same signature, byte for byte
    assert "manifest.json signed" not in again
    assert (export_dir / "manifest.json.sig").read_bytes() == signature


def test_a_forged_file_and_hash_fail_with_the_public_key(agency: Path, export_dir: Path,
                                                         tmp_path: Path) -> None:
    _publish(agency, export_dir, tmp_path)
    csv = export_dir / "use_of_force.csv"
    text = csv.read_text(encoding="utf-8")
    forge(export_dir, csv.name, text.replace(",Justified,", ",Not justified,", 1))
    # Every hash matches again, so the plain check cannot tell ...
    plain = run_cli("verify", str(export_dir), "-c", str(agency))
    assert plain.returncode == 0, plain.stderr
    # ... but the agency's signature can.
    signed = run_cli("verify", str(export_dir), "-c", str(agency),
                     "--public-key", str(agency.parent / "signing.pub"))
    assert signed.returncode == 1
    assert "the signature does not match manifest.json" in signed.stderr


@pytest.mark.parametrize("case", ["other key", "unsigned"])
def test_another_key_or_no_signature_fails(agency: Path, export_dir: Path, tmp_path: Path,
                                           case: str) -> None:
    if case == "other key":
        _publish(agency, export_dir, tmp_path)
        assert run_cli("keygen", "--signing", "--out", "other.key", cwd=tmp_path).returncode == 0
        key, expected = tmp_path / "other.pub", "signed with another key"
    else:
        key, expected = agency.parent / "signing.pub", "was not published signed"
    result = run_cli("verify", str(export_dir), "-c", str(agency), "--public-key", str(key))
    assert result.returncode == 1
    assert expected in result.stderr


def test_a_public_key_of_another_pair_stops_publishing(tmp_path: Path, demo_db: Path,
                                                       export_dir: Path) -> None:
    config = write_config(tmp_path / "mixed", demo_db,
                          extra='[publish]\nsigning_key_file = "signing.key"\n')
    assert run_cli("keygen", "--signing", "--out", "signing.key",
                   cwd=config.parent).returncode == 0
    assert run_cli("keygen", "--signing", "--out", "other.key", cwd=config.parent).returncode == 0
    (config.parent / "signing.pub").write_bytes((config.parent / "other.pub").read_bytes())
    result = run_cli("publish", "-c", str(config), "--export", str(export_dir),
                     "--to", f"datasette:{tmp_path / 'ds'}")
    assert result.returncode == 2
    assert "is the public half of another key" in result.stderr
    assert not (export_dir / "manifest.json.sig").exists()


def test_the_key_can_come_from_an_environment_variable(tmp_path: Path, demo_db: Path,
                                                       agency: Path, export_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(write_config(tmp_path / "env", demo_db, extra=(
        '[publish]\nsigning_key_env = "IAEXTRACT_SIGNING_KEY"\n')))
    monkeypatch.setenv("IAEXTRACT_SIGNING_KEY", "not a key")
    with pytest.raises(ConfigError) as caught:
        publish(config, [f"datasette:{tmp_path / 'ds'}"], export_dir=export_dir)
    assert "$IAEXTRACT_SIGNING_KEY is not an Ed25519 private key" in str(caught.value)
    assert "not a key" not in str(caught.value)
    pem = (agency.parent / "signing.key").read_text(encoding="ascii")
    monkeypatch.setenv("IAEXTRACT_SIGNING_KEY", pem)
    assert publish(config, [f"datasette:{tmp_path / 'ds'}"], export_dir=export_dir).signed
    assert check_signature(export_dir, agency.parent / "signing.pub") == []
