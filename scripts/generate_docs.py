"""Regenerate the reference docs in the repository: ``python scripts/generate_docs.py [ROOT]``.

``docs/schema.md`` is ``iaextract schema --format md``; ``docs/cli.md`` is the
``--help`` of every command registered on the CLI. Tests regenerate both and fail
when the checked-in files differ, so run this after changing the schema or a command.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from iaextract.schema import DATASETS
from iaextract.schema.render import render_schema

WIDTH = 88  # help text is wrapped at a fixed width so the docs do not depend on a terminal


def cli_reference(group: click.Group | None = None) -> str:
    """The ``--help`` of the command group and each of its commands, as Markdown."""
    if group is None:
        from iaextract.cli.main import cli as group
    settings = {**group.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    root = click.Context(group, info_name="iaextract", **settings)
    lines = ["# Command line reference", "",
             "Generated from `iaextract --help` and each command's `--help` by "
             "`python scripts/generate_docs.py`; do not edit by hand.", "",
             "## iaextract", "", "```", group.get_help(root), "```"]
    for name in group.list_commands(root):
        command = group.get_command(root, name)
        if command is None or command.hidden:
            continue
        ctx = click.Context(command, info_name=name, parent=root, **settings)
        lines += ["", f"## iaextract {name}", "", "```", command.get_help(ctx), "```"]
    return "\n".join(lines) + "\n"


def generated_docs() -> dict[str, str]:
    """Every generated doc, by path relative to the repository root."""
    return {"docs/schema.md": render_schema(list(DATASETS.values()), "md"),
            "docs/cli.md": cli_reference()}


def main(argv: list[str] | None = None) -> None:
    """Write the generated docs under the repository root (default: the current folder)."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path.cwd()
    for name, text in generated_docs().items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
