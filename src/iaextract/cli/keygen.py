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


SIGNING_ADVICE = """\
Publish the .pub file (the site shows it with its fingerprint); keep the private key
like the pseudonym key: owner-only, backed up, never published. Point [publish]
signing_key_file in iaextract.toml at it: every `iaextract publish` then signs the
manifest, and anyone can check a download with `iaextract verify DIR --public-key FILE`."""


@click.command()
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the key; an existing file is never overwritten. "
              "Default: iaextract.key, or iaextract-signing.key with --signing.")
@click.option("--signing", is_flag=True,
              help="Write an Ed25519 signing key pair instead (the private key, and its "
              "public half beside it as .pub) for signed releases.")
def keygen(out: Path | None, signing: bool) -> None:
    """Create a new pseudonym key file (or signing key pair) and print its fingerprint.

    The key is random, written owner-only, never overwritten and never printed.
    """
    if signing:
        _signing_pair(out or Path("iaextract-signing.key"))
        return
    from iaextract.redaction.pseudonym import fingerprint, write_key_file

    out = out or Path("iaextract.key")
    try:
        key = write_key_file(out)
    except OSError as exc:
        raise ConfigError(f"cannot write the key file {out}: {exc.strerror}") from None
    click.echo(f"Wrote a new pseudonym key to {out}")
    click.echo(f"Fingerprint: {fingerprint(bytes.fromhex(key))}")
    click.echo(ADVICE)


def _signing_pair(out: Path) -> None:
    from iaextract.publish.signing import write_signing_pair

    try:
        public, print_ = write_signing_pair(out)
    except OSError as exc:
        raise ConfigError(f"cannot write the signing key {out}: {exc.strerror}") from None
    click.echo(f"Wrote a new signing key to {out} and its public key to {public}")
    click.echo(f"Public key fingerprint: {print_}")
    click.echo(SIGNING_ADVICE)
