"""Issue 20 item 2: the writing pass builds only the fields it publishes or counts."""

from __future__ import annotations

from pathlib import Path

from iaextract.config import load_config
from iaextract.run.pipeline import ExportRequest, prepare
from iaextract.run.plan import DatasetResult

from ..support import write_config


def test_the_writing_pass_skips_only_fields_that_count_nothing(tmp_path: Path,
                                                              demo_db: Path) -> None:
    # The officer's unit and the finding date are dropped; the demo has unknown units
    # and unparseable dates in them.
    drops = "".join(f'[policy.fields."complaint_allegations.{name}"]\ntreatment = "drop"\n'
                    'reason = "test"\n' for name in ("officer_unit", "finding_date"))
    config = load_config(write_config(tmp_path / "agency", demo_db, extra=drops))
    written = prepare(config, ExportRequest())
    built = prepare(config, ExportRequest())
    try:
        for plan, full in zip(written.plans, built.plans, strict=True):
            rows = [r for chunk in plan.public_chunks(written.source, DatasetResult("a"), 97)
                    for r in chunk.row_tuples()]
            for _built, _count in full.built_chunks(built.source, DatasetResult("b"), 97):
                pass
            # The same data-quality counts as building every field, and some to count.
            assert plan.builder.stats.to_dict() == full.builder.stats.to_dict()
            assert rows and plan.builder.counting < set(plan.builder.fields)
        dropped_counted = {name for p in written.plans
                           for counts in p.builder.stats.to_dict().values() for name in counts
                           if name not in p.redactor.columns}
        assert {"officer_unit", "finding_date"} <= dropped_counted
    finally:
        written.source.close()
        built.source.close()
