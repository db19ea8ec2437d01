"""``iaextract init``: scaffold a config, a key and draft mappings for a source."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
@click.option("--url", help="The source to draft mappings from (SQLAlchemy URL, odbc:…, "
              "csv:FOLDER, mdb:FILE).")
def init(folder: Path, url: str | None) -> None:
    """Create FOLDER/iaextract.toml, a new key file and, with --url, a draft mapping per
    dataset found in the source. Existing files are never overwritten."""
    from iaextract.cli.console import make_console
    from iaextract.onboarding.init import PASSWORD_ENV, init_folder, without_password

    result = init_folder(folder, url, Path.cwd())
    console = make_console()
    for path in result.written:
        console.print(f"wrote {path}", markup=False)
    for path in result.kept:
        console.print(f"kept {path} (exists; not overwritten)", markup=False)
    for draft in result.drafts:
        console.print(f"  {draft.dataset}: tables {', '.join(draft.tables)}; "
                      f"{draft.must_decide} to decide before export, {draft.review} to "
                      "review", markup=False)
    if result.drafts:
        must = sum(d.must_decide for d in result.drafts)
        review = sum(d.review for d in result.drafts)
        console.print(f"must decide before export: {must} code(s) mapped to TODO (check "
                      f"fails on each); review: {review} (codes marked '# guessed', labels, "
                      "fields without a column)", markup=False)
    if url and not result.drafts:
        console.print("no table looked like a dataset's base table (allegations, use of "
                      "force…); copy a mapping from the iaextract mappings folder and edit "
                      "it", markup=False)
    if url and without_password(url) != url:
        console.print(f"the password is not stored: set the environment variable "
                      f"{PASSWORD_ENV}", markup=False)
    console.print(f"next: review the TODOs, then `iaextract check -c "
                  f"{folder / 'iaextract.toml'}`", markup=False)
