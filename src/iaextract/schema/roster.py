"""The officer roster: who the officers in the other datasets are, demographically."""

from __future__ import annotations

from iaextract.schema.fields import coded, officer_fields
from iaextract.schema.model import Dataset
from iaextract.schema.vocabularies import OFFICER_STATUSES

OFFICERS = Dataset(
    name="officers",
    title="Officers",
    description="The agency's sworn officers, with demographics, rank, unit and years of "
    "service in bands. Officer identifiers match those of the other datasets, so "
    "complaints and force can be related to the makeup of the force. Exported only "
    "when enabled, because a small agency's roster can identify its officers.",
    row="one officer",
    primary_key=("officer_id",),
    enabled_by_default=False,
    fields=(
        *officer_fields(when="on the day of the export"),
        coded("status", "Whether the officer is active, on leave or has left.",
              OFFICER_STATUSES),
    ),
)
