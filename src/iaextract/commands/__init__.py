"""One module per CLI command; each exposes a click command named after its module."""

from __future__ import annotations

from .demo import demo
from .export import export
from .scrub import scrub
from .verify import verify

COMMANDS = [demo, export, verify, scrub]
