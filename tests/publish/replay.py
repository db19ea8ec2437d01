"""A real HTTP server on loopback that replays a recorded API contract.

Each expected exchange names the request (method, path, headers, a JSON body or the
fields and file of a multipart upload, each a subset that must match) and the answer to
give. Requests are checked in order; every difference is kept in ``failures`` (the
server thread never raises), so a test asserts the whole conversation at the end.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Exchange:
    """One recorded request and its answer. ``upload`` is the sha256 the file of a multipart
    request must have, ``body`` the sha256 of a raw request body."""

    method: str
    path: str
    answer: Any
    status: int = 200
    json: dict[str, Any] | None = None
    fields: dict[str, str] | None = None
    upload: str | None = None
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Replay:
    exchanges: list[Exchange]
    failures: list[str] = field(default_factory=list)
    seen: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""

    def check(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Exchange:
        self.seen.append((method, path))
        if not self.exchanges:
            self.failures.append(f"unexpected request {method} {path}")
            return Exchange(method, path, {"error": "unexpected"}, status=500)
        expected = self.exchanges.pop(0)
        where = f"{method} {path}"
        if (method, path) != (expected.method, expected.path):
            self.failures.append(f"{where}: expected {expected.method} {expected.path}")
        for name, value in expected.headers.items():
            if headers.get(name.lower()) != value:
                self.failures.append(f"{where}: header {name} missing or wrong")
        if expected.json is not None:
            _subset(json.loads(body or b"{}"), expected.json, where, self.failures)
        if expected.fields is not None or expected.upload is not None:
            fields, files = _multipart(headers.get("content-type", ""), body)
            _subset(fields, expected.fields or {}, where, self.failures)
            sent = hashlib.sha256(files.get("upload", b"")).hexdigest()
            if expected.upload is not None and sent != expected.upload:
                self.failures.append(f"{where}: the uploaded file differs")
        if expected.body is not None and hashlib.sha256(body).hexdigest() != expected.body:
            self.failures.append(f"{where}: the request body differs")
        return expected


def _subset(got: Any, expected: Any, where: str, failures: list[str]) -> None:
    if isinstance(expected, dict) and isinstance(got, dict):
        for key, value in expected.items():
            if key not in got:
                failures.append(f"{where}: {key} missing")
            else:
                _subset(got[key], value, f"{where}.{key}", failures)
    elif got != expected:
        failures.append(f"{where}: {got!r} != {expected!r}")


def _multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, bytes]]:
    message = BytesParser().parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields, files = {}, {}
    for part in message.get_payload() if message.is_multipart() else []:
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename():
            files[name] = payload
        else:
            fields[name] = payload.decode("utf-8")
    return fields, files


@contextmanager
def replay_server(exchanges: list[Exchange]) -> Iterator[Replay]:
    """Serve ``exchanges`` on a free loopback port until the block ends."""
    replay = Replay(list(exchanges))

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            exchange = replay.check(self.command, self.path, headers, body)
            data = json.dumps(exchange.answer).encode()
            self.send_response(exchange.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = _handle  # noqa: N815 - http.server's naming

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    replay.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield replay
    finally:
        server.shutdown()
        server.server_close()
