"""``iaextract scrub``: scrub personal details out of text, for a clerk or a script."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import click

from iaextract.errors import ConfigError, Problem


@click.command()
@click.argument("source", metavar="[FILE|-]", default="-",
                type=click.File("r", encoding="utf-8", errors="replace", lazy=True))
@click.option("--jsonl", is_flag=True,
              help="Each input line is a JSON object with a 'text' field; each output line "
              "is that object with 'text' scrubbed and 'found' added.")
@click.option("-c", "--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also know every person and personal value of this config's source.")
def scrub(source: IO[str], jsonl: bool, config_path: Path | None) -> None:
    """Replace personal details in text with typed placeholders ([PERSON 1], [PHONE]...).

    Reads FILE, or standard input when FILE is '-' or left out, and writes the
    scrubbed text to standard output. With -c, every person and personal value of
    the configured source is known to the scrubber too.
    """

    scrubber = _scrubber(config_path)
    if jsonl:
        for line in scrub_lines(scrubber, source):
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
        return
    result = scrubber.scrub(source.read())
    sys.stdout.write(result.text)
    counts = Counter(result.counts())
    if counts:
        summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
        click.echo(f"scrubbed: {summary}", err=True)


def _scrubber(config_path: Path | None) -> Any:
    from iaextract.config import load_config
    from iaextract.leakscan.scan import stream_source_data
    from iaextract.pii.entities import KnownEntities
    from iaextract.scrub.ner import configured_ner
    from iaextract.scrub.scrubber import TextScrubber

    if config_path is None:
        return TextScrubber()
    config = load_config(config_path)
    return TextScrubber(stream_source_data(config, KnownEntities()),
                        date_precision=config.policy.date_precision,
                        deny=config.policy.scrub_deny, allow=config.policy.scrub_allow,
                        ner=configured_ner(config))


def scrub_lines(scrubber: Any, lines: Iterable[str]) -> Iterable[str]:
    """Scrub JSON lines one at a time, in order; a bad line is an error naming it."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record = _record(line, number)
        text = record.get("text")
        if text is None:
            record["found"] = []
        else:
            result = scrubber.scrub(text)
            record["text"] = result.text
            record["found"] = [{"type": f.type, "start": f.start, "end": f.end}
                               for f in result.findings]
        yield json.dumps(record, ensure_ascii=False)


def _record(line: str, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except ValueError:
        record = None
    if not isinstance(record, dict) or not isinstance(record.get("text", ""), (str, type(None))):
        raise ConfigError("scrub --jsonl: input is not one JSON object per line",
                          [Problem("bad-jsonl-line", "expected an object with a string "
                                   "'text' field", file="input", line=number)])
    return record
