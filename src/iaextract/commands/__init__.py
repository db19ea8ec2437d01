"""One module per CLI command; each exposes a click command named after its module."""

from __future__ import annotations

from .demo import demo
from .export import export
from .preview import preview

COMMANDS = [demo, export, preview]
