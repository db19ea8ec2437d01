"""What commands print after the library has run: summaries, redactions, the preview.

Shared by several commands, so that no command imports another.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from iaextract.cli.console import make_console
from iaextract.preview import DEFAULT_ROWS
from iaextract.run.runlog import RunLog

if TYPE_CHECKING:  # what a command needs is imported when it runs (start-up stays fast)
    from rich.console import Console

    from iaextract.config import Config
    from iaextract.leakscan.verify import Verification
    from iaextract.run.plan import DatasetResult, ExportRequest, ExportResult


def log_outcome(log: RunLog, result: ExportResult) -> None:
    """The final log line of a successful run: outcome and counts."""
    from iaextract.run.pipeline import dataset_counts

    counts = {"datasets": len(result.datasets)}
    for r in result.datasets.values():
        for key, value in dataset_counts(r).items():
            counts[key] = counts.get(key, 0) + value
    outcome = "published" if result.published else "nothing new"
    log.event("run_finished", f"{outcome}: {counts['rows_written']:,} "
              f"{'new ' if result.incremental else ''}rows in {counts['datasets']} datasets "
              f"to {result.out_dir}", counts=counts, outcome=outcome)


def data_quality(details: dict[str, Any]) -> str:
    """'12 unknown codes, 3 unparseable dates' from a dataset's manifest details."""
    counts = {
        "unknown codes": sum(sum(c.values()) for c in details.get("unknown_codes", {}).values()),
        "unparseable dates": sum(details.get("unparseable_dates", {}).values()),
        "invalid values": sum(details.get("invalid_values", {}).values()),
    }
    return ", ".join(f"{n:,} {label}" for label, n in counts.items() if n)


def print_summary(console: Console, result: ExportResult) -> None:
    """The closing lines of a run: where the files are and what each dataset holds."""
    for line in result.recovered:
        console.print(f"note: {line}", markup=False)
    total = sum(r.rows_written for r in result.datasets.values())
    new = "new " if result.incremental else ""
    for name, r in result.datasets.items():
        files = f" -> {', '.join(r.files)}" if result.published else ""
        console.print(f"  {name}: {_dataset_line(r)}{files}", markup=False)
        unusable = (r.details.get("incremental") or {}).get("cursor_unusable")
        if unusable:
            console.print(f"    {unusable:,} rows without a usable cursor (NULL or not a date):"
                          " published, and read again on every run", markup=False)
        quality = data_quality(r.details)
        if quality and result.published:
            console.print(f"    check in manifest.json: {quality}", markup=False)
    if not result.published:
        console.print(f"export {result.run_id}: nothing new; {result.out_dir} unchanged",
                      markup=False)
        return
    scan = result.manifest.get("leak_scan")
    if scan:
        console.print(f"  leak scan: {scan['result']} ({scan['values_checked']:,} known "
                      f"personal values, {scan['files_scanned']} files)", markup=False)
    console.print(f"export {result.run_id} published to {result.out_dir}: "
                  f"{len(result.datasets)} datasets, {total:,} {new}rows", markup=False)


def _dataset_line(r: DatasetResult) -> str:
    merged = r.details.get("incremental")
    if merged and merged["rebuild"]:
        return f"{r.rows_written:,} rows (rebuilt in full: {merged['rebuild']})"
    if merged:  # rows before the watermark are not "outside" anything the user set
        return (f"{r.rows_written:,} new rows ({r.rows_read:,} read: {merged['new']:,} "
                f"added, {merged['updated']:,} updated)")
    excluded = r.rows_outside_window + r.rows_undated
    extra = f", {excluded:,} outside the time window" if excluded else ""
    return f"{r.rows_written:,} rows{extra}"


def print_redactions(console: Console, result: ExportResult) -> None:
    """What redaction did, per dataset, grouped by treatment."""
    console.print("\nRedaction:", markup=False)
    for name, r in result.datasets.items():
        grouped: dict[str, list[str]] = defaultdict(list)
        for field, info in r.details["fields"].items():
            if info["mapped"]:
                grouped[info["description"]].append(field)
        console.print(f"  {name}:", markup=False)
        for description, fields in sorted(grouped.items()):
            console.print(f"    {description}: {', '.join(fields)}", markup=False)


def show_preview(config: Config, request: ExportRequest, *, rows: int = DEFAULT_ROWS,
                 html_path: Path | None = None, show_originals: bool = False,
                 narratives: int = 0) -> None:
    """Run the dry run and print it (and write the HTML report when asked)."""
    from iaextract.cli.console import BarProgress
    from iaextract.preview.engine import build_preview
    from iaextract.preview.html import write_html
    from iaextract.preview.terminal import print_preview

    if show_originals:
        click.echo("warning: --show-originals prints personal values from the source; "
                   "do not share or keep this output", err=True)
    console = make_console()
    progress = BarProgress(console) if console.is_terminal else None
    try:
        result = build_preview(config, request, rows=rows, show_originals=show_originals,
                               progress=progress, narratives=narratives)
    finally:
        if progress:
            progress.stop()
    print_preview(console, result)
    if html_path:
        write_html(html_path, result)
        console.print(f"\nHTML report written to {html_path}", markup=False)


def print_verification(console: Console, result: Verification) -> None:
    """What `iaextract verify` (and publish, before sending) found: files, package, scan."""
    from iaextract.leakscan.verify import DATAPACKAGE
    from iaextract.writers.manifest import MANIFEST

    files = [p for p in result.problems if p.type not in ("invalid-datapackage",
                                                          "unsigned", "bad-signature")]
    console.print(f"files: {result.files_listed} checked against {MANIFEST}: "
                  f"{'OK' if not files else f'{len(files)} problem(s)'}", markup=False)
    if result.datapackage:
        console.print(f"{DATAPACKAGE}: {result.datapackage}", markup=False)
    console.print(f"leak scan: {result.values_checked:,} known personal values of the source "
                  f"checked in {result.files_scanned} files: "
                  f"{'clean' if not result.findings else f'{len(result.findings)} found'}",
                  markup=False)


def publish_and_report(log: RunLog, config: Config, targets: tuple[str, ...],
                       export_dir: Path | None, dry_run: bool = False) -> None:
    """Publish an export (`publish`, `export --publish`) and say what was sent where."""
    from iaextract.publish import publish

    console = make_console()
    human = log.format == "text" and not log.quiet
    result = publish(config, targets, export_dir=export_dir, dry_run=dry_run, events=log)
    if human:
        print_verification(console, result.verification)
    for label, lines in result.planned.items():
        console.print(f"{label}: would send", markup=False)
        for line in lines:
            console.print(f"  {line}", markup=False)
    if dry_run:
        return
    if result.signed and human:
        console.print("manifest.json signed (manifest.json.sig)", markup=False)
    for label, outcome in result.sent.items():
        if human:
            console.print(f"{label}: {outcome}", markup=False)
    log.event("run_finished", f"release {result.release.id} published to "
              f"{len(result.sent)} target(s)", outcome="published",
              counts={"targets": len(result.sent)})
