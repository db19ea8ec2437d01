"""Setting up an agency folder (``iaextract init``): config, key and draft mappings.

Nothing is overwritten, and the source is read before anything is written, so a
source that cannot be opened leaves no half-made folder behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from iaextract.config import expand_env
from iaextract.connectors import open_source
from iaextract.connectors.csvdir import PREFIX as CSV_PREFIX
from iaextract.connectors.csvdir import folder_of
from iaextract.connectors.mdb import PREFIX as MDB_PREFIX
from iaextract.connectors.mdb import file_of
from iaextract.masking import replace_secrets
from iaextract.onboarding.drafts import Draft, draft_all
from iaextract.onboarding.inspect import inspect_source
from iaextract.redaction.pseudonym import write_key_file

CONFIG_TEMPLATE = """\
# iaextract configuration written by `iaextract init`; see README.md ("Sources").
[source]
url = '{url}'
# Examples:
#   url = 'mssql+pyodbc://@SERVER/IAPro?driver=ODBC+Driver+18+for+SQL+Server&trusted_connection=yes&ApplicationIntent=ReadOnly&TrustServerCertificate=yes'
#   url = 'postgresql+psycopg://clerk:${{IAEXTRACT_DB_PASSWORD}}@dbhost/iapro'
#   url = 'odbc:Driver={{Microsoft Access Driver (*.mdb, *.accdb)}};DBQ=C:\\IAPro\\iapro.accdb'
#   url = 'csv:dumps'
#   url = 'mdb:C:/IAPro/IAPro.mdb'   # Access file on Windows, Linux or macOS (mdbtools)

[mappings]
path = "mappings"

[output]
dir = "export"
formats = ["csv", "json"]

[pseudonyms]
key_file = "iaextract.key"   # keep it secret and backed up: pseudonyms depend on it

[policy]
narratives = "drop"          # drop | scrub
officer_identity = "pseudonym"   # none | pseudonym | named
date_precision = "month"     # day | month | quarter | year
addresses = "drop"           # drop | block
age_bands = 10               # 10 | 5 years a band
"""
PASSWORD_ENV = "IAEXTRACT_DB_PASSWORD"


def without_password(url: str) -> str:
    """``url`` with every secret (userinfo, ``password=`` parameter, ODBC ``PWD=``)
    replaced by ``${IAEXTRACT_DB_PASSWORD}``; a password that already is an environment
    variable keeps its name."""
    if re.match(r"^[a-z0-9+]+://[^:/@]*:\$\{\w+\}@", url):
        return url
    return replace_secrets(url, f"${{{PASSWORD_ENV}}}")


@dataclass
class Scaffold:
    """What ``init`` wrote and what it left alone."""

    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)


def absolute_url(url: str, base_dir: Path) -> str:
    """``url`` with a relative SQLite file, CSV folder or Access file made absolute
    against ``base_dir``.

    The config resolves relative paths against its own folder, so what the user
    typed relative to where they stand is written down absolute.
    """
    access_file = file_of(url, base_dir)
    if access_file is not None:
        return f"{MDB_PREFIX}{access_file}"
    folder = folder_of(url, base_dir)
    if folder is not None:
        return f"{CSV_PREFIX}{folder}"
    if url.startswith("sqlite:"):
        parsed = make_url(url)
        database = parsed.database
        if database and database != ":memory:" and not Path(database).is_absolute():
            return parsed.set(database=str(base_dir / database)).render_as_string(False)
    return url


def init_folder(root: Path, url: str | None, base_dir: Path) -> Scaffold:
    """Write config, key and draft mappings under ``root``; never overwrites a file.

    The source (a relative path in ``url`` starts at ``base_dir``) is read first, so a
    source that cannot be opened leaves nothing behind.
    """
    result = Scaffold()
    if url:
        expanded = absolute_url(expand_env(url, "--url"), base_dir)  # ${VAR} as in a config
        with open_source(expanded, base_dir) as source:
            result.drafts = draft_all(source, inspect_source(source))
        url = url if "${" in url else expanded  # the config keeps the variables given
    root.mkdir(parents=True, exist_ok=True)
    _write_new(result, root / "iaextract.toml", CONFIG_TEMPLATE.format(
        url=without_password(url) if url else "sqlite:///TODO-your-database.sqlite"))
    key = root / "iaextract.key"
    if key.exists():
        result.kept.append(key)
    else:
        write_key_file(key)
        result.written.append(key)
    if result.drafts:
        (root / "mappings").mkdir(exist_ok=True)
    for draft in result.drafts:
        _write_new(result, root / "mappings" / f"{draft.dataset}.yaml", draft.text)
    return result


def _write_new(result: Scaffold, path: Path, text: str) -> None:
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        result.kept.append(path)
        return
    result.written.append(path)
