"""The preview in a terminal: rich tables with colours, plain aligned text when piped."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from iaextract.disclosure.frontier import frontier
from iaextract.disclosure.plan import ROLE_NAMES
from iaextract.preview.engine import (
    BLANK,
    DROPPED,
    GENERALISED,
    KEPT,
    PSEUDONYMISED,
    SCRUBBED,
    SUPPRESSED,
    Cell,
    DatasetPreview,
    Preview,
)
from iaextract.safetext import printable

STYLES = {KEPT: "", PSEUDONYMISED: "cyan", GENERALISED: "yellow", DROPPED: "red",
          SCRUBBED: "magenta", SUPPRESSED: "bright_magenta", BLANK: "dim"}
AT_RISK_SHOWN = 10


def print_preview(console: Console, preview: Preview) -> None:
    """The whole report: what would be published, what is removed, what is at risk."""
    for line in header_lines(preview):
        console.print(line, markup=False)
    console.print(_summary(preview, console))
    for dataset in preview.datasets:
        _print_dataset(console, dataset, preview)


def header_lines(preview: Preview) -> list[str]:
    """Opening lines shared by the terminal and plain-text reports."""
    p = preview.policy
    small = "suppressed in the export" if p["suppress_small_cells"] else "reported only"
    lines = ["DRY RUN - nothing was written: no export file, no state, no output folder.",
             f"Source: {preview.source}",
             f"Policy: narratives {p['narratives']}; officer identity {p['officer_identity']}; "
             f"dates to {p['date_precision']}; addresses {p['addresses']}; "
             f"k = {p['k']}, small groups {small}",
             f"Key fingerprint: {preview.key_fingerprint}"]
    if preview.show_originals:
        lines.append("ORIGINAL VALUES ARE SHOWN (--show-originals): do not share this output.")
    else:
        lines.append("Original values are masked (kind and length only); --show-originals "
                     "shows them.")
    return lines


def _table(console: Console, title: str | None = None) -> Table:
    plain = not console.is_terminal
    return Table(title=title, title_justify="left", box=None if plain else box.SIMPLE_HEAD,
                 show_edge=not plain, pad_edge=False, header_style="" if plain else "bold")


def _summary(preview: Preview, console: Console) -> Table:
    k = preview.policy["k"]
    table = _table(console, "\nSummary")
    for heading in ("Dataset", "Rows read", "Would be written", "Outside window/undated",
                    "Unknown codes", "Unparseable dates", f"Records in groups < {k}"):
        table.add_column(heading, justify="left" if heading == "Dataset" else "right")
    for d in preview.datasets:
        r = d.result
        table.add_row(d.name, f"{r.rows_read:,}", f"{r.rows_written:,}",
                      f"{r.rows_outside_window + r.rows_undated:,}", f"{d.unknown_codes:,}",
                      f"{d.unparseable_dates:,}", f"{d.risk.records_at_risk:,}")
    return table


def narrative_lines(dataset: DatasetPreview) -> list[str]:
    """The reviewed narratives (``--narratives N``): before, after, removed, leftovers."""
    lines = []
    for number, r in enumerate(dataset.narratives, 1):
        removed = ", ".join(f"{k} x{v}" for k, v in r.removed.items()) or "nothing"
        lines += [f"Narrative {number} of {len(dataset.narratives)} ({r.field}):",
                  f"  in the source: {r.original}", f"  published:     {r.scrubbed}",
                  f"  removed:       {removed}"]
        if r.suspicious:
            lines.append(f"  look at:       {', '.join(r.suspicious)} (suspicious leftovers)")
    return lines


def _print_dataset(console: Console, dataset: DatasetPreview, preview: Preview) -> None:
    console.print(f"\n=== {dataset.title} ({dataset.name}) ===", markup=False,
                  style="" if not console.is_terminal else "bold")
    fields = _table(console, "What happens to each field")
    for heading in ("Field", "Sensitivity", "Treatment", "Why"):
        fields.add_column(heading)
    for f in dataset.fields:
        treatment = f.treatment if f.mapped else f"{f.treatment} (not mapped: blank)"
        fields.add_row(f.name, f.sensitivity, Text(treatment, STYLES[f.change]), f.reason)
    console.print(fields)
    if dataset.placeholders:
        counts = ", ".join(f"{k} x{v:,}" for k, v in dataset.placeholders.items())
        console.print(f"Placeholders put into narratives: {counts}", markup=False)
    for line in narrative_lines(dataset):
        console.print(line, markup=False)
    for number, cells in enumerate(dataset.samples, 1):
        console.print(_sample(console, cells, number, len(dataset.samples)))
    if not dataset.samples:
        console.print("No rows to show.", markup=False)
    for line in quality_lines(dataset):
        console.print(line, markup=False)
    for line in risk_lines(dataset):
        console.print(line, markup=False)
    if dataset.risk.at_risk:
        console.print(_at_risk(console, dataset))


def _sample(console: Console, cells: Sequence[Cell], number: int, total: int) -> Table:
    table = _table(console, f"Sample record {number} of {total}")
    for heading in ("Field", "In the source", "Published", "Change"):
        table.add_column(heading, overflow="fold")
    for cell in cells:
        style = STYLES[cell.change]
        after = {DROPPED: "(dropped)", SUPPRESSED: "(suppressed)"}.get(cell.change, cell.after)
        # Text() is not escaped by the console: the values (originals with
        # --show-originals, published text) are escaped here.
        table.add_row(cell.field, Text(printable(cell.before), "dim" if cell.masked else ""),
                      Text(printable(after), style), Text(cell.change, style))
    return table


def quality_lines(dataset: DatasetPreview) -> list[str]:
    """Unknown codes, unparseable dates and invalid values, in words."""
    q = dataset.quality
    lines = []
    for name, codes in q["unknown_codes"].items():
        listed = ", ".join(f"{code!r} x{n:,}" for code, n in codes.items())
        lines.append(f"Unknown codes in {name}: {listed}")
    for name, n in q["unparseable_dates"].items():
        lines.append(f"Unparseable dates in {name}: {n:,} (published blank)")
    for name, n in q["invalid_values"].items():
        lines.append(f"Invalid values in {name}: {n:,} (published blank)")
    return lines or ["Data quality: no unknown codes, no unparseable dates."]


def risk_lines(dataset: DatasetPreview) -> list[str]:
    """The disclosure-risk verdict of one dataset, in words: per role, then per record."""
    return disclosure_lines(dataset) + _record_risk_lines(dataset)


def disclosure_lines(dataset: DatasetPreview) -> list[str]:
    """Per role: risk before and after, chosen levels, suppression, loss, a frontier."""
    if dataset.disclosure is None:
        return []
    lines = []
    for plan in dataset.disclosure.final_plans():
        role, k = ROLE_NAMES[plan.spec.role], plan.k
        before, after = plan.before, plan.published_risk()
        lines.append(f"Disclosure control for {role} ({plan.spec.mode}, k = {k}, counted by "
                     f"distinct {plan.spec.person}): {before.people:,} people in "
                     f"{before.records:,} records.")
        lines.append(f"  Before: {before.records_at_risk:,} records "
                     f"({before.share_at_risk:.0%}) describe a combination of fewer than {k} "
                     f"{role}. After: {after['records_at_risk']:,}.")
        if plan.spec.mode != "enforce":
            continue
        lines.append(f"  Levels: {plan.levels_in_words()}.")
        lines.append(f"  Suppressed: {plan.after.records_at_risk:,} records "
                     f"({plan.after.share_at_risk:.1%}; at most "
                     f"{plan.max_suppressed:.0%}); information loss {plan.after.loss:.2f} "
                     f"(0 = as the policy publishes from the day, 1 = nothing).")
        lines += [f"  Why: {reason}." for reason in plan.reasons]
        lines += [f"  Trade-off: {line}" for line in frontier(plan)]
    return lines


def _record_risk_lines(dataset: DatasetPreview) -> list[str]:
    risk = dataset.risk
    if not risk.quasi_identifiers:
        return ["Disclosure risk: no quasi-identifier is published."]
    lines = [f"Disclosure risk (k = {risk.k}) by record, before disclosure control, over "
             f"{len(risk.quasi_identifiers)} "
             f"quasi-identifiers: {', '.join(risk.quasi_identifiers)}",
             f"  {risk.groups:,} distinct combinations; smallest group: "
             f"{risk.smallest_group or 0:,} record(s); {risk.records_at_risk:,} of "
             f"{risk.records:,} records ({risk.share_at_risk:.0%}) are in groups smaller "
             f"than {risk.k}."]
    if risk.records_at_risk:
        lines.append("  Their quasi-identifier cells will be blanked in the export "
                     "(policy.suppress_small_cells = true)." if dataset.suppress else
                     "  They are published as they are; set policy.suppress_small_cells = "
                     "true to blank their quasi-identifiers, or generalise more.")
    return lines


def _at_risk(console: Console, dataset: DatasetPreview) -> Table:
    risk = dataset.risk
    shown = risk.at_risk[:AT_RISK_SHOWN]
    table = _table(console, f"Combinations at risk (smallest first; {len(shown)} of "
                            f"{len(risk.at_risk):,}, published values)")
    table.add_column("Records", justify="right")
    table.add_column("Combination", overflow="fold")
    for key, count in shown:
        table.add_row(str(count), "; ".join(f"{name}={'' if v is None else v}"
                                            for name, v in zip(risk.quasi_identifiers, key,
                                                               strict=True)))
    return table
