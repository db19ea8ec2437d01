"""``DATA_DICTIONARY.md`` and ``.html``: every published field, its values, and its redaction.

Generated from the open schema and the run's own treatments, so it says what this
agency's export actually contains ("generalised to month", "dropped: policy ...")
rather than what the schema allows in general. Row counts and checksums stay in
``manifest.json``; the dictionary changes only when the schema, mappings or policy do.
"""

from __future__ import annotations

from html import escape

from iaextract import SCHEMA_VERSION
from iaextract.config import PolicyConfig
from iaextract.redaction.policy import FieldTreatment
from iaextract.schema.render import md_table
from iaextract.writers.exported import ExportedDataset

DICTIONARY_MD = "DATA_DICTIONARY.md"
DICTIONARY_HTML = "DATA_DICTIONARY.html"

_OFFICER_IDENTITY = {
    "none": "officers are not identified at all: officer identifiers, names and badge "
            "numbers are left out",
    "pseudonym": "each officer appears under a pseudonymous identifier, the same in every "
                 "dataset and release; names and badge numbers are left out",
    "named": "officer names and badge numbers are published where the schema allows it, "
             "alongside the pseudonymous officer identifier",
}


def _scrubbed(policy: PolicyConfig) -> str:
    """How scrubbed narratives label people, as the policy has them labelled."""
    people = ("[PERSON 1], [OFFICER 2] (numbered within each narrative)"
              if policy.narrative_person_ids == "narrative" else
              "[PERSON 4f0c2a9b1e] (a keyed label: the same name has the same label in "
              "every narrative)")
    officers = "" if policy.officer_identity == "none" else (
        "; an officer of the agency's roster is written with their officer_id "
        "([OFFICER 3f9a0c1b2d4e5f60]), the value of the officer_id column")
    return ("scrubbed: names, phone numbers, addresses and other personal details are "
            f"replaced by placeholders such as {people} and [PHONE]{officers}; dates are "
            "generalised like the date fields.")


def policy_lines(policy: PolicyConfig) -> list[str]:
    """The agency's redaction policy, in plain words, as Markdown bullet lines."""
    lines = [
        f"- Dates are published to the {policy.date_precision}.",
        "- Ages and years of service are published in bands (everyone under 18 "
        "together; 90 and over top-coded).",
        "- Identifiers (case numbers, officer and person ids) are replaced by keyed "
        "pseudonyms (HMAC-SHA256): stable across releases, not reversible without the "
        "agency's secret key.",
        f"- Officer identity is `{policy.officer_identity}`: "
        f"{_OFFICER_IDENTITY[policy.officer_identity]}.",
        "- Narratives are " + (_scrubbed(policy) if policy.narratives == "scrub"
                               else "left out."),
        "- Home addresses are " + ("cut to the 100 block (`1200 block of Main St`), "
                                   "without unit, city, state or ZIP; an address that "
                                   "could not be read that way is left out."
                                       if policy.addresses == "block" else "left out."),
        "- Names of members of the public are never published.",
    ]
    for key, override in sorted(policy.fields.items()):
        lines.append(f"- Override for `{key}`: {override.treatment.value} "
                     f"({override.reason}).")
    return lines


def render_markdown(exports: list[ExportedDataset], policy: PolicyConfig) -> str:
    """The data dictionary of one export, as Markdown."""
    lines = ["# Data dictionary", "",
             f"This export follows the iaextract open schema {SCHEMA_VERSION}. It holds "
             f"{len(exports)} dataset{'s' if len(exports) != 1 else ''}; each is published "
             "in the files listed under it, with the same columns in every format. "
             "`datapackage.json` describes the same tables for software, and "
             "`manifest.json` gives the row counts, checksums and run details.", "",
             *md_table(("dataset", "one row is", "files"),
                       [(f"`{e.name}`", e.dataset.row, ", ".join(e.files)) for e in exports]),
             "", "## How personal details were removed", "", *policy_lines(policy), "",
             "An empty cell means the value was missing in the source, could not be read, "
             "or is not recorded by this agency. In coded columns, `Other` and `Unknown` "
             "stand for the agency's codes outside the published vocabulary and codes it "
             "could not recognise (counted in `manifest.json` under `unknown_codes`).", "",
             "In the CSV files, a text cell that starts with `=`, `+`, `-`, `@`, a tab or a "
             "carriage return is written with an apostrophe in front (`'=A1`), so that a "
             "spreadsheet shows it as text instead of running it as a formula; the JSON and "
             "NDJSON files hold the exact text. Numbers (`-5`) are written as they are."]
    for export in exports:
        lines += ["", *_dataset_section(export)]
    return "\n".join(lines) + "\n"


def _dataset_section(export: ExportedDataset) -> list[str]:
    dataset = export.dataset
    key = ", ".join(f"`{k}`" for k in export.primary_key) or "none published"
    lines = [f"## {dataset.title} (`{dataset.name}`)", "", dataset.description, "",
             f"- One row is: {dataset.row}",
             f"- Files: {', '.join(f'`{f}`' for f in export.files)}",
             f"- Unique key: {key}", ""]
    rows = []
    for decided in export.published:
        field = decided.field
        values = export.values(decided)
        shown = ", ".join(values) if values else (export.form(decided) or "")
        note = "" if field.name in export.mapped else " Not recorded by this agency: empty."
        rows.append((f"`{field.name}`", decided.published_type, field.description + note,
                     shown, export.how(decided)))
    lines += md_table(("column", "type", "description", "values", "redaction"), rows)
    lines += [line for plan in export.disclosure for line in ("", plan)]
    if export.dropped:
        lines += ["", "Left out of this dataset: " + "; ".join(
            f"`{t.field.name}` ({_why_left_out(t)})" for t in export.dropped) + "."]
    return lines


def _why_left_out(decided: FieldTreatment) -> str:
    if decided.reason == "schema default":
        return f"{decided.field.sensitivity.value}: never published"
    return decided.reason


_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.45; color: #1b1b1b; }}
table {{ border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.92rem; }}
th, td {{ border: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left;
         vertical-align: top; }}
th {{ background: #f0f0f0; }}
code {{ background: #f5f5f5; padding: 0 0.2rem; }}
h2 {{ margin-top: 2.5rem; border-bottom: 1px solid #ddd; }}
</style>
</head>
<body>
{body}</body>
</html>
"""


def render_html(markdown: str, title: str = "Data dictionary") -> str:
    """A self-contained HTML page of ``markdown`` (no scripts, no external files)."""
    from markdown_it import MarkdownIt  # here: commands that write no dictionary skip it

    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return _HTML.format(title=escape(title), body=body)


def html_frame(title: str = "Data dictionary") -> tuple[str, str]:
    """What every page :func:`render_html` makes starts and ends with."""
    head, tail = _HTML.split("{body}")
    return head.format(title=escape(title)), tail.format()
