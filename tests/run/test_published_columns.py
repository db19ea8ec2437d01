"""An export reads only the source columns of the fields it publishes or counts.

Run against the real demo database: the narrowed query returns the same rows as the
export's own query, with only the counted columns (the narrative above all stays in
the database), their values unchanged.
"""

from __future__ import annotations

from pathlib import Path

from iaextract.config import load_config
from iaextract.mapping.query import only_columns
from iaextract.run.pipeline import ExportRequest, prepare


def test_a_narrowed_query_reads_only_the_kept_columns(demo_config: Path) -> None:
    run = prepare(load_config(demo_config), ExportRequest())
    try:
        plan = next(p for p in run.plans if p.dataset.name == "complaint_allegations")
        keep = [c for name in ("complainant_id", "complainant_race", "occurred_date")
                for c in plan.mapping.fields[name].columns()]
        narrowed = only_columns(plan.query, keep)
        full = [row for chunk in run.source.stream(plan.query.statement, 500) for row in chunk]
        few = [row for chunk in run.source.stream(narrowed.statement, 500) for row in chunk]
    finally:
        run.source.close()
    kept = [plan.query.index(c) for c in sorted(set(keep))]
    summary = plan.query.index(plan.mapping.fields["summary"].columns()[0])
    assert len(few) == len(full) > 0 and summary not in kept
    assert any(row[summary] for row in full)  # the narrative is there to be left out
    assert narrowed.keys == [plan.query.keys[i] for i in kept]
    assert [tuple(row) for row in few] == [tuple(row[i] for i in kept) for row in full]
