"""Signed releases: the agency's Ed25519 key signs each published manifest.

The manifest holds the sha256 of every file of an export, so a valid signature over
the manifest proves every file is the agency's, unchanged: someone who edits a file
and its hash in the manifest cannot make a new signature without the private key.
The signature is written beside the manifest as ``manifest.json.sig`` (JSON: the
algorithm, the public key's fingerprint and the signature in base64). Ed25519
signatures are deterministic, so signing the same manifest twice writes the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from iaextract.config import Config
from iaextract.errors import ConfigError, Problem
from iaextract.redaction.pseudonym import create_private
from iaextract.writers.atomic import write_atomic
from iaextract.writers.manifest import MANIFEST, SIGNATURE

ALGORITHM = "Ed25519"


def public_path(private: Path) -> Path:
    """Where the public half of a private key file lives: same name, ``.pub``."""
    return private.with_suffix(".pub")


def write_signing_pair(private: Path) -> tuple[Path, str]:
    """Create a new key pair: private at ``private`` (owner-only, never overwritten), public
    beside it; return the public file and its fingerprint."""
    public = public_path(private)
    if public.exists():
        raise ConfigError(f"{public} already exists; a signing key is never overwritten "
                          "(readers check releases against the published public key)")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode("ascii")
    create_private(private, pem, "a signing key is never overwritten (readers check "
                   "releases against the published public key)")
    public.write_bytes(_public_pem(key.public_key()))
    return public, fingerprint(key.public_key())


def _public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo)


def fingerprint(key: Ed25519PublicKey) -> str:
    """``sha256:`` and the hex digest of the raw public key: names a key, reveals nothing."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def load_signing_key(config: Config) -> Ed25519PrivateKey | None:
    """The configured private key ([publish] signing_key_env, then signing_key_file), if any."""
    section = config.publish
    if section.signing_key_env and os.environ.get(section.signing_key_env):
        return _private(os.environ[section.signing_key_env].encode(),
                        f"${section.signing_key_env}")
    if not section.signing_key_file:
        return None
    path = config.resolve(section.signing_key_file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"[publish] signing_key_file: cannot read {path}: {exc.strerror} "
                          "(create a pair with `iaextract keygen --signing`)") from None
    return _private(data, str(path))


def _private(data: bytes, origin: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        # Never quote the text: it is meant to be a secret.
        raise ConfigError(f"{origin} is not an Ed25519 private key in PEM form (create one "
                          "with `iaextract keygen --signing`)")
    return key


@dataclass(frozen=True)
class Signer:
    """The agency's private key, and the public key file readers get (when it is a file)."""

    key: Ed25519PrivateKey
    public: Path | None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key.public_key())


def load_signer(config: Config) -> Signer | None:
    """The configured signing key with its ``.pub`` (ConfigError if that is missing or is
    another key's), or None when releases are not signed."""
    key = load_signing_key(config)
    if key is None:
        return None
    if not config.publish.signing_key_file:  # the key from an environment variable
        return Signer(key, None)
    public = public_path(config.resolve(config.publish.signing_key_file))
    if not public.is_file():
        raise ConfigError(f"[publish] signing_key_file: its public key {public} is missing; "
                          "readers need it to check releases")
    if fingerprint(load_public_key(public)) != fingerprint(key.public_key()):
        raise ConfigError(f"[publish] signing_key_file: {public} is the public half of "
                          "another key; releases signed now would not verify with it")
    return Signer(key, public)


def load_public_key(path: Path) -> Ed25519PublicKey:
    """An Ed25519 public key from a PEM file (ConfigError, exit 2, if it is not one)."""
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except OSError as exc:
        raise ConfigError(f"cannot read the public key {path}: {exc.strerror}") from None
    except ValueError:
        key = None
    if not isinstance(key, Ed25519PublicKey):
        raise ConfigError(f"{path} is not an Ed25519 public key in PEM form")
    return key


def sign_manifest(folder: Path, key: Ed25519PrivateKey) -> bool:
    """Write ``manifest.json.sig`` for the folder's manifest; False if it was already there."""
    signature = key.sign((folder / MANIFEST).read_bytes())
    text = json.dumps({"algorithm": ALGORITHM, "key": fingerprint(key.public_key()),
                       "signature": base64.b64encode(signature).decode("ascii")},
                      indent=1) + "\n"
    path = folder / SIGNATURE
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomic(path, text)
    return True


def check_signature(folder: Path, public_key: Path) -> list[Problem]:
    """Problems with the manifest's signature under ``public_key``; none when it is valid."""
    key = load_public_key(public_key)
    path = folder / SIGNATURE
    if not path.is_file():
        return [Problem("unsigned", "no signature beside the manifest: this export was not "
                        "published signed", file=SIGNATURE)]
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        signature = base64.b64decode(entry["signature"], validate=True)
        key.verify(signature, (folder / MANIFEST).read_bytes())
    except (ValueError, KeyError, TypeError, OSError):
        return [Problem("bad-signature", "the signature file cannot be read", file=SIGNATURE)]
    except InvalidSignature:
        return [Problem("bad-signature", "the signature does not match manifest.json under "
                        f"this public key ({fingerprint(key)}): the manifest was changed, or "
                        "signed with another key", file=MANIFEST)]
    return []
