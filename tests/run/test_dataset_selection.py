"""Which datasets a run exports: mapped and enabled, the roster only when asked."""

from __future__ import annotations

import pytest

from iaextract.demo import shipped_mappings
from iaextract.errors import ConfigError
from iaextract.mapping.loader import load_mappings
from iaextract.run.inputs import select_datasets

MAPPINGS = load_mappings([shipped_mappings()])
DEFAULT = ["complaint_allegations", "use_of_force", "officer_involved_shootings",
           "vehicle_pursuits", "assaults_on_officers"]


def test_every_mapped_dataset_but_the_roster_by_default() -> None:
    assert select_datasets([], MAPPINGS) == DEFAULT


def test_config_turns_the_roster_on_and_others_off() -> None:
    chosen = select_datasets([], MAPPINGS, {"officers": True, "vehicle_pursuits": False})
    assert chosen == [d for d in DEFAULT if d != "vehicle_pursuits"] + ["officers"]


def test_asking_for_a_dataset_overrides_the_config() -> None:
    assert select_datasets(["officers"], MAPPINGS, {"officers": False}) == ["officers"]


def test_enabling_an_unmapped_dataset_says_to_add_a_mapping() -> None:
    mappings = {k: v for k, v in MAPPINGS.items() if k != "officers"}
    with pytest.raises(ConfigError) as info:
        select_datasets([], mappings, {"officers": True})
    assert "no mapping for dataset 'officers'" in str(info.value)
    assert "add a mapping file" in str(info.value)
