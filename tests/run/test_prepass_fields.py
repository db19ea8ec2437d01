"""Issue 20 item 2: a pre-pass builds only the fields it projects, and what it projects
is what the writing pass publishes for those columns."""

from __future__ import annotations

from pathlib import Path

from iaextract.config import load_config
from iaextract.run.pipeline import ExportRequest, prepare
from iaextract.run.plan import DatasetResult

from ..support import write_config


def test_a_prepass_projects_what_the_full_build_publishes(demo_config: Path) -> None:
    run = prepare(load_config(demo_config), ExportRequest())
    try:
        for plan in run.plans:
            names = [c for c in plan.redactor.columns
                     if c in plan.builder.fields][::2]  # every other published field
            project = plan.redactor.projector(names)
            full, partial = [], []
            for built, count in plan.built_chunks(run.source, DatasetResult("a"), 97):
                full += project(built, count)
            for built, count in plan.built_chunks(run.source, DatasetResult("b"), 97,
                                                  only=frozenset(names)):
                partial += project(built, count)
                skipped = [b for name, b in zip(plan.builder.fields, built, strict=True)
                           if name not in names]
                assert all(b == [] for b in skipped)  # the other fields cost nothing
            assert partial == full and len(full) > 0
            assert any(any(v is not None for v in row) for row in full)
    finally:
        run.source.close()


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
            rows = [r for chunk in plan.public_rows(written.source, DatasetResult("a"), 97)
                    for r in chunk]
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
