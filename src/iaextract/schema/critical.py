"""The open-schema datasets on critical incidents: shootings, pursuits, assaults on officers."""

from __future__ import annotations

from iaextract.schema.fields import (
    coded,
    disposition,
    flag,
    incident_fields,
    officer_fields,
    person_fields,
    record_id,
    summary_field,
)
from iaextract.schema.model import Dataset, Field, Kind, Sensitivity
from iaextract.schema.vocabularies import (
    INJURY_LEVELS,
    OFFICER_WEAPONS,
    PURSUIT_REASONS,
    PURSUIT_TERMINATIONS,
    SUBJECT_WEAPONS,
)

S = Sensitivity


def measure(name: str, type_: str, description: str, kind: Kind = Kind.MEASURE) -> Field:
    """A number describing the event (a count, a duration, a distance)."""
    return Field(name, type_, description, S.PUBLIC, kind)


OFFICER_INVOLVED_SHOOTINGS = Dataset(
    name="officer_involved_shootings",
    title="Officer-involved shootings",
    description="Incidents in which an officer fired a weapon at a person, one row for "
    "each officer who fired and each person fired at.",
    row="one officer who fired x one subject fired at, in one shooting",
    primary_key=("shooting_id",),
    fields=(
        record_id("shooting", "the officer x subject record of the shooting"),
        *incident_fields("shooting"),
        coded("officer_weapon", "The weapon the officer fired.", OFFICER_WEAPONS),
        measure("shots_fired", "integer", "How many rounds this officer fired.", Kind.COUNT),
        flag("subject_armed", "Whether the subject was armed."),
        coded("subject_weapon", "What the subject was armed with.", SUBJECT_WEAPONS),
        flag("subject_hit", "Whether the subject was hit."),
        flag("subject_killed", "Whether the subject died of the shooting."),
        flag("officer_injured", "Whether the officer was injured."),
        disposition("shooting"),
        *officer_fields(),
        *person_fields("subject", "subject"),
        summary_field("shooting"),
    ),
)

VEHICLE_PURSUITS = Dataset(
    name="vehicle_pursuits",
    title="Vehicle pursuits",
    description="Vehicle pursuits by officers: why they started, how they ended, how long, "
    "how far and how fast they went, and whether anyone was hurt. Facts of the pursuit "
    "repeat on the row of each officer who took part.",
    row="one officer taking part in one pursuit",
    primary_key=("pursuit_id",),
    fields=(
        record_id("pursuit", "the officer x pursuit record; rows of one pursuit share "
                  "their incident_id"),
        *incident_fields("pursuit"),
        coded("reason", "Why the pursuit was started.", PURSUIT_REASONS),
        coded("termination", "How the pursuit ended.", PURSUIT_TERMINATIONS),
        measure("duration_minutes", "number", "How long the pursuit lasted, in minutes."),
        measure("distance_miles", "number", "How far the pursuit went, in miles."),
        # A top speed describes the event, not a person: published as is.
        measure("max_speed_mph", "integer", "Highest speed reached, in miles per hour."),
        flag("crash", "Whether the pursuit ended in or involved a crash."),
        measure("injuries", "integer", "How many people (officers, suspects, bystanders) "
                "were injured.", Kind.COUNT),
        disposition("pursuit"),
        *officer_fields(),
        *person_fields("subject", "suspect"),
        summary_field("pursuit"),
    ),
)

ASSAULTS_ON_OFFICERS = Dataset(
    name="assaults_on_officers",
    title="Assaults on officers",
    description="Officers assaulted in the line of duty, with the weapon used and the "
    "officer's injury.",
    row="one officer assaulted in one incident",
    primary_key=("assault_id",),
    fields=(
        record_id("assault", "the assault record"),
        *incident_fields("assault"),
        coded("weapon", "The weapon the assailant used.", SUBJECT_WEAPONS),
        coded("officer_injury", "How badly the officer was injured.", INJURY_LEVELS),
        *officer_fields(),
        *person_fields("subject", "assailant"),
        summary_field("assault"),
    ),
)
