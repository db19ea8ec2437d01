"""A small Chrome DevTools Protocol client over --remote-debugging-pipe, for tests.

It drives the real headless Chromium: loads a page at a given width, records every
request the page makes and every console message or error, evaluates an expression,
and takes a full-page screenshot. No network is involved (the pipe is fds 3 and 4).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-pipe")


@dataclass
class Visit:
    """What one page load did."""

    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


class Browser:
    """One headless Chromium with a fresh profile, driven over the DevTools pipe."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM.exists(), "install chromium: bash scripts/install-test-deps.sh"
        to_child, self._send = os.pipe()
        self._receive, from_child = os.pipe()

        def wire() -> None:  # the child reads commands on fd 3, answers on fd 4
            high_in = fcntl.fcntl(to_child, fcntl.F_DUPFD, 10)
            high_out = fcntl.fcntl(from_child, fcntl.F_DUPFD, 10)
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        self.process = subprocess.Popen(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            preexec_fn=wire, close_fds=False, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer, keeping events that arrive meanwhile."""
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._send, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                assert "error" not in reply, reply["error"]
                return reply["result"]
            self.events.append(reply)

    def page(self, method: str, **params: Any) -> dict[str, Any]:
        return self.call(method, self.session, **params)

    def _read(self, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._receive], [], [], deadline - time.monotonic())
            assert ready, "Chromium did not answer"
            chunk = os.read(self._receive, 1 << 20)
            assert chunk, "Chromium closed the DevTools pipe"
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def visit(self, url: str, width: int, screenshot: Path | None = None,
              evaluate: dict[str, str] | None = None) -> Visit:
        """Load ``url`` in a ``width``-pixel-wide viewport; report what it did."""
        for domain in ("Network", "Runtime", "Log", "Page"):
            self.page(f"{domain}.enable")
        self._load("about:blank")  # so nothing of the previous page is counted
        self.page("Emulation.setDeviceMetricsOverride", width=width, height=900,
                  deviceScaleFactor=1, mobile=width < 600)
        self._load(url)
        visit = Visit()
        for name, expression in (evaluate or {}).items():
            visit.values[name] = self.page("Runtime.evaluate", expression=expression,
                                           returnByValue=True)["result"].get("value")
        if screenshot:
            height = self.page("Page.getLayoutMetrics")["cssContentSize"]["height"]
            shot = self.page("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                             clip={"x": 0, "y": 0, "width": width, "height": height,
                                   "scale": 1})
            screenshot.write_bytes(base64.b64decode(shot["data"]))
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.requestWillBeSent":
                visit.requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled":
                visit.console.append(f"console.{params['type']}")
            elif method == "Runtime.exceptionThrown":
                visit.console.append(params["exceptionDetails"]["text"])
            elif method == "Log.entryAdded":
                visit.console.append(f"{params['entry']['level']}: {params['entry']['text']}")
        return visit

    def _load(self, url: str) -> None:
        self.events.clear()
        self.page("Page.navigate", url=url)
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._read())

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        os.close(self._send)
        os.close(self._receive)
