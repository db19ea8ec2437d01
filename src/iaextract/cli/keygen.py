"""``iaextract keygen``: create a new pseudonym key file."""

from __future__ import annotations

from pathlib import Path

import click

from iaextract.errors import ConfigError

ADVICE = """\
Keep this file secret and back it up:
  - Back it up somewhere only the records unit can read (an encrypted password
    manager or a sealed offline copy). If it is lost, new exports get new
    pseudonyms and can no longer be linked to earlier releases.
  - Never publish it, email it or commit it to version control. Anyone holding it
    can re-identify officers and people by pseudonymising guessed ids and comparing.
  - Point [pseudonyms] key_file in iaextract.toml at it, or put its contents in an
    environment variable named by [pseudonyms] key_env.
The fingerprint above is recorded in every manifest, so you can tell which key an
export was made with without revealing the key."""


@click.command()
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("iaextract.key"), show_default=True,
              help="Where to write the key; an existing file is never overwritten.")
def keygen(out: Path) -> None:
    """Create a new pseudonym key file and print its fingerprint.

    The key is random, written owner-only, never overwritten and never printed.
    """
    from iaextract.redaction.pseudonym import fingerprint, write_key_file

    try:
        key = write_key_file(out)
    except OSError as exc:
        raise ConfigError(f"cannot write the key file {out}: {exc.strerror}") from None
    click.echo(f"Wrote a new pseudonym key to {out}")
    click.echo(f"Fingerprint: {fingerprint(bytes.fromhex(key))}")
    click.echo(ADVICE)
