"""The disclosure pre-pass reads only the source columns of the fields it counts.

Run against the real demo database: the narrowed query returns rows of the same shape
as the export's own query, with the counted columns' values unchanged and every other
value (the narrative above all) left in the database as NULL.
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
    kept = {plan.query.index(c) for c in keep}
    summary = plan.query.index(plan.mapping.fields["summary"].columns()[0])
    assert len(few) == len(full) > 0 and summary not in kept
    assert any(row[summary] for row in full)  # the narrative is there to be left out
    for whole, part in zip(full, few, strict=True):
        assert len(part) == len(whole)
        assert all(part[i] == whole[i] if i in kept else part[i] is None
                   for i in range(len(whole)))
