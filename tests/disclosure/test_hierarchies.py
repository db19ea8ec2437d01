"""Generalisation hierarchies: the built-in levels, and an agency's own, checked by `check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from iaextract.config import PolicyConfig, load_config
from iaextract.disclosure.hierarchies import built_in, date_hierarchy
from iaextract.disclosure.plan import hierarchy_for
from iaextract.errors import ConfigError
from iaextract.schema import DATASETS

from ..support import run_cli, write_config

FORCE = DATASETS["use_of_force"]
AREAS = {"District 1": "North", "District 2": "North", "District 3": "North",
         "District 4": "South", "District 5": "South", "District 6": "South",
         "Headquarters": "Central"}


def _areas(mapped: dict[str, str]) -> str:
    pairs = ", ".join(f'"{k}" = "{v}"' for k, v in mapped.items())
    return f'[[policy.disclosure.hierarchies.district]]\nname = "area"\nmap = {{ {pairs} }}\n'


def test_dates_climb_from_the_policy_precision_to_withheld() -> None:
    month = date_hierarchy("occurred_date", "month")
    assert month.levels == ("month", "quarter", "year", "withheld")
    assert [month.generalise("2019-11", level) for level in range(4)] == \
        ["2019-11", "2019-Q4", "2019", None]
    day = date_hierarchy("occurred_date", "day")
    assert day.generalise("2019-02-28", 2) == "2019-Q1"


def test_bands_and_races_keep_top_and_bottom_coding() -> None:
    age = built_in(FORCE.field("subject_age"), "month")
    assert [age.generalise("85-89", n) for n in range(3)] == ["85-89", "75+", None]
    assert age.generalise("under 18", 1) == "under 18"
    service = built_in(FORCE.field("officer_years_of_service"), "month")
    assert [service.generalise("2-4", n) for n in range(4)] == ["2-4", "0-9", "0-19", None]
    race = built_in(FORCE.field("subject_race"), "month")
    assert race.generalise("Pacific Islander", 1) == "Asian or Pacific Islander"
    assert race.generalise("American Indian", 1) == "Other"
    assert built_in(FORCE.field("subject_sex"), "month").levels == ("kept", "withheld")


def test_agency_hierarchy_climbs_its_own_levels_and_withholds_what_it_does_not_map() -> None:
    policy = PolicyConfig.model_validate({"disclosure": {"hierarchies": {"district": [
        {"name": "area", "map": AREAS}, {"name": "city", "map": {
            "North": "City", "South": "City", "Central": "City"}}]}}})
    district = hierarchy_for(FORCE, "district", policy)
    assert district.levels == ("kept", "area", "city", "withheld")
    assert [district.generalise("District 4", n) for n in range(4)] == \
        ["District 4", "South", "City", None]
    assert district.generalise("Beat 9", 1) is None  # fails closed


def test_a_level_that_misses_a_value_of_the_level_below_is_a_config_error(tmp_path: Path,
                                                                          demo_db: Path) -> None:
    text = _areas(AREAS) + ('[[policy.disclosure.hierarchies.district]]\nname = "city"\n'
                            'map = { "North" = "City", "South" = "City" }\n')
    config = write_config(tmp_path, demo_db, extra=text)
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    assert "level 'city' does not map 1 value(s) of level 'area'" in str(raised.value.problems)


def test_check_names_district_labels_the_hierarchy_misses(tmp_path: Path, demo_db: Path) -> None:
    gap = write_config(tmp_path / "gap", demo_db, extra=_areas(AREAS))
    done = run_cli("check", "-c", str(gap))
    assert done.returncode == 2
    assert "missing from [policy.disclosure.hierarchies.district] level 'area' ('Other')" \
        in done.stdout + done.stderr
    whole = write_config(tmp_path / "whole", demo_db,
                         extra=_areas({**AREAS, "Other": "Central"}))
    done = run_cli("check", "-c", str(whole))
    assert done.returncode == 0, done.stdout + done.stderr


def test_unknown_field_in_disclosure_settings_names_the_closest(tmp_path: Path,
                                                               demo_db: Path) -> None:
    config = write_config(tmp_path, demo_db,
                          extra="[policy.disclosure.weights]\ndistrikt = 2\n")
    done = run_cli("export", "-c", str(config))
    assert done.returncode == 2
    assert "policy.disclosure.weights.distrikt" in done.stderr and "district" in done.stderr


def test_race_climbs_to_major_groups_and_a_blank_race_is_unknown_until_withheld() -> None:
    race = built_in(FORCE.field("subject_race"), "month")
    assert race.levels == ("detailed", "broad groups", "major groups", "withheld")
    assert [race.generalise("Asian", n) for n in range(4)] == \
        ["Asian", "Asian or Pacific Islander", "Other or unknown", None]
    assert [race.generalise("Black", n) for n in range(4)] == ["Black"] * 3 + [None]
    assert [race.generalise(None, n) for n in range(4)] == \
        ["Unknown", "Unknown", "Other or unknown", None]
    assert race.uninformative == {None, "Unknown"}  # coarsening them loses nothing


def test_five_year_ages_climb_to_ten_and_twenty_years() -> None:
    policy = PolicyConfig.model_validate({"age_bands": 5})
    age = hierarchy_for(FORCE, "subject_age", policy)
    assert age.levels == ("5-year bands", "10-year bands", "20-year bands", "withheld")
    assert [age.generalise("30-34", n) for n in range(4)] == ["30-34", "25-34", "18-34", None]
    assert [age.generalise("90+", n) for n in range(4)] == ["90+", "90+", "75+", None]
    assert hierarchy_for(FORCE, "subject_age", PolicyConfig()).levels[0] == "10-year bands"
