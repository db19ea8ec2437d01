"""Issue 20 item 2: a pre-pass builds only the fields it projects, and what it projects
is what the writing pass publishes for those columns."""

from __future__ import annotations

from pathlib import Path

from iaextract.config import load_config
from iaextract.run.pipeline import ExportRequest, prepare
from iaextract.run.plan import DatasetResult


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
