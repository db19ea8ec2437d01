"""``s3://BUCKET/PREFIX``: object storage (AWS S3 or any S3-compatible store).

Each release is uploaded under its own prefix, ``PREFIX/releases/<run id>/``, and only
when every file is there and checked is the pointer ``PREFIX/latest.json`` replaced
(one PUT, atomic for readers): a reader who follows the pointer always gets one
complete release, never a mix, and earlier releases stay where they were. Every PUT
carries the file's sha256 (from the verified manifest), which the store checks against
what it received; afterwards the stored object's checksum and size are read back. A run
that fails midway leaves the pointer as it was; the next run uploads only what is
missing. Credentials: ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` (and
``AWS_SESSION_TOKEN``) from the environment or the OS keyring; another store's
address from ``AWS_ENDPOINT_URL``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from iaextract import testhooks
from iaextract.errors import ConfigError, PublishError, TargetUnreachable
from iaextract.publish.credentials import secret, where_to_put
from iaextract.publish.release import Release, ReleaseFile
from iaextract.publish.targets import Context, Target

POINTER = "latest.json"
_TRANSIENT = {"InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout",
              "RequestTimeTooSkewed"}


class S3Target(Target):
    """A bucket and prefix: releases side by side, ``latest.json`` pointing at the newest."""

    scheme = "s3"

    def __init__(self, where: str, base: Path) -> None:
        super().__init__(where, base)
        self.bucket, _, prefix = where.partition("/")
        self.prefix = prefix.strip("/")

    @property
    def label(self) -> str:
        return f"s3://{self.where}"

    def key(self, name: str) -> str:
        return f"{self.prefix}/{name}" if self.prefix else name

    def release_key(self, release: Release, name: str) -> str:
        return self.key(f"releases/{release.id}/{name}")

    def pointer(self, release: Release) -> bytes:
        """The pointer's exact bytes: the same release always makes the same pointer."""
        return (json.dumps({"release": release.id, "prefix": f"releases/{release.id}/",
                            "manifest": f"releases/{release.id}/manifest.json",
                            "manifest_sha256": release.manifest_sha256,
                            "files": len(release.files)}, indent=1) + "\n").encode()

    def plan(self, release: Release, context: Context) -> list[str]:
        lines = [f"PUT s3://{self.bucket}/{self.release_key(release, f.name)} "
                 f"({f.bytes:,} bytes, sha256 {f.sha256})" for f in release.files]
        return [*lines, f"PUT s3://{self.bucket}/{self.key(POINTER)} (last: points readers "
                f"at release {release.id})"]

    def send(self, release: Release, context: Context) -> str:
        client = _client()
        pointer = self.pointer(release)
        current = context.attempt(partial(self._read, client, self.key(POINTER)),
                                  f"reading s3://{self.bucket}/{self.key(POINTER)}")
        if current == pointer:
            return f"unchanged: release {release.id} is already the latest"
        uploaded = 0
        for file in release.files:
            key = self.release_key(release, file.name)
            where = f"s3://{self.bucket}/{key}"
            if context.attempt(partial(self._holds, client, key, file), f"checking {where}"):
                continue  # uploaded complete by an earlier, interrupted run
            context.attempt(partial(self._put_file, client, key, file), f"uploading {where}")
            uploaded += 1
            testhooks.checkpoint("uploading")
        key = self.key(POINTER)
        context.attempt(partial(self._put_pointer, client, key, pointer),
                        f"writing s3://{self.bucket}/{key}")
        return (f"{uploaded} of {len(release.files)} files uploaded; {POINTER} now points "
                f"at release {release.id}")

    def _read(self, client: Any, key: str) -> bytes | None:
        with _errors(self.bucket, key, missing_ok=True):
            return bytes(client.get_object(Bucket=self.bucket, Key=key)["Body"].read())
        return None

    def _holds(self, client: Any, key: str, file: ReleaseFile) -> bool:
        with _errors(self.bucket, key, missing_ok=True):
            head = client.head_object(Bucket=self.bucket, Key=key, ChecksumMode="ENABLED")
            return _matches(head, file.sha256, file.bytes)
        return False

    def _put_file(self, client: Any, key: str, file: ReleaseFile) -> None:
        with _errors(self.bucket, key), file.path.open("rb") as body:
            client.put_object(Bucket=self.bucket, Key=key, Body=body, ContentLength=file.bytes,
                              ContentType=file.media_type, Metadata={"sha256": file.sha256},
                              ChecksumSHA256=_b64(file.sha256))
        self._check(client, key, file.sha256, file.bytes)

    def _put_pointer(self, client: Any, key: str, pointer: bytes) -> None:
        sha = hashlib.sha256(pointer).hexdigest()
        with _errors(self.bucket, key):
            client.put_object(Bucket=self.bucket, Key=key, Body=pointer,
                              ContentType="application/json", CacheControl="no-cache",
                              Metadata={"sha256": sha}, ChecksumSHA256=_b64(sha))
        self._check(client, key, sha, len(pointer))

    def _check(self, client: Any, key: str, sha256: str, size: int) -> None:
        """Read the stored object's checksum and size back: the store holds what was sent."""
        with _errors(self.bucket, key):
            head = client.head_object(Bucket=self.bucket, Key=key, ChecksumMode="ENABLED")
        if not _matches(head, sha256, size):
            raise PublishError(f"s3://{self.bucket}/{key}: the stored object's sha256 or size "
                               "differs from what was sent; the pointer was not moved")


def _matches(head: dict[str, Any], sha256: str, size: int) -> bool:
    # Stores that keep no SHA-256 checksum still return the metadata sent with the object.
    stored = head.get("ChecksumSHA256")
    same = stored == _b64(sha256) if stored else head.get("Metadata", {}).get("sha256") == sha256
    return same and head.get("ContentLength") == size


def _b64(hex_digest: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_digest)).decode("ascii")


def _client() -> Any:
    import boto3
    from botocore.config import Config as BotoConfig

    key_id, key = secret("AWS_ACCESS_KEY_ID"), secret("AWS_SECRET_ACCESS_KEY")
    if not key_id or not key:
        raise ConfigError("s3: no credentials: "
                          + where_to_put("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"))
    session = boto3.session.Session(
        aws_access_key_id=key_id, aws_secret_access_key=key,
        aws_session_token=secret("AWS_SESSION_TOKEN"),
        region_name=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        or "us-east-1")
    # One attempt per call: iaextract's own retries ([run] retries) decide, and log each.
    return session.client("s3", config=BotoConfig(
        retries={"total_max_attempts": 1}, connect_timeout=10, read_timeout=120))


@contextmanager
def _errors(bucket: str, key: str, missing_ok: bool = False) -> Iterator[None]:
    """Turn boto errors into iaextract's: unreachable (retried), refused, or (``missing_ok``)
    a missing object, which ends the block quietly."""
    from botocore.exceptions import BotoCoreError, ClientError

    where = f"s3://{bucket}/{key}"
    try:
        yield
    except ClientError as exc:
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        if missing_ok and code in {"404", "NoSuchKey", "NotFound"}:
            return
        if code in _TRANSIENT or status >= 500:
            raise TargetUnreachable(f"{where}: the store answered {code}") from None
        raise PublishError(f"{where}: the store refused: {code} "
                           f"{error.get('Message', '')}".rstrip() + _hint(code)) from None
    except BotoCoreError as exc:
        raise TargetUnreachable(f"{where}: {type(exc).__name__}") from None


def _hint(code: str) -> str:
    if code in {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "403"}:
        return " (check the credentials: " + where_to_put("AWS_ACCESS_KEY_ID",
                                                           "AWS_SECRET_ACCESS_KEY") + ")"
    if code == "NoSuchBucket":
        return " (create the bucket first, or correct its name in the target)"
    return ""
