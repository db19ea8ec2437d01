"""The open schema: every dataset iaextract can publish, by name."""

from __future__ import annotations

from iaextract.errors import MappingError, Problem, did_you_mean
from iaextract.schema.critical import (
    ASSAULTS_ON_OFFICERS,
    OFFICER_INVOLVED_SHOOTINGS,
    VEHICLE_PURSUITS,
)
from iaextract.schema.datasets import COMPLAINT_ALLEGATIONS, USE_OF_FORCE
from iaextract.schema.model import Dataset, Field, Kind, Role, Sensitivity, Treatment
from iaextract.schema.roster import OFFICERS

DATASETS: dict[str, Dataset] = {d.name: d for d in (
    COMPLAINT_ALLEGATIONS, USE_OF_FORCE, OFFICER_INVOLVED_SHOOTINGS, VEHICLE_PURSUITS,
    ASSAULTS_ON_OFFICERS, OFFICERS)}


def get_dataset(name: str) -> Dataset:
    """The open-schema dataset called ``name``; MappingError naming the closest if none."""
    try:
        return DATASETS[name]
    except KeyError:
        hint = did_you_mean(name, DATASETS)
        raise MappingError(
            f"{name!r} is not an open-schema dataset",
            [Problem("unknown-dataset", f"no dataset {name!r}", hint=hint)],
        ) from None


__all__ = ["DATASETS", "Dataset", "Field", "Kind", "Role", "Sensitivity", "Treatment",
           "get_dataset"]
