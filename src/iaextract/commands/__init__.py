"""One module per CLI command; each exposes a click command named after its module."""

from __future__ import annotations

from .check import check
from .demo import demo
from .export import export
from .init import init
from .inspect import inspect
from .keygen import keygen
from .load import load
from .schema import schema
from .scrub import scrub
from .verify import verify

COMMANDS = [demo, export, check, inspect, init, load, verify, scrub, schema, keygen]
