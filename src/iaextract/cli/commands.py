"""One module per CLI command; each exposes a click command named after its module."""

from __future__ import annotations

from iaextract.cli.check import check
from iaextract.cli.demo import demo
from iaextract.cli.export import export
from iaextract.cli.init import init
from iaextract.cli.inspect import inspect
from iaextract.cli.keygen import keygen
from iaextract.cli.load import load
from iaextract.cli.preview import preview
from iaextract.cli.schema import schema
from iaextract.cli.scrub import scrub
from iaextract.cli.verify import verify

COMMANDS = [demo, export, preview, check, inspect, init, load, verify, scrub, schema, keygen]
