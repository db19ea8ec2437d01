"""The open-schema datasets on complaints and use of force.

Field groups that recur (the incident, the officer, the member of the public) come
from :mod:`.fields`, so every dataset describes them identically.
"""

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
from iaextract.schema.model import Dataset, Field, Kind, Role, Sensitivity, Treatment
from iaextract.schema.vocabularies import (
    COMPLAINT_SOURCES,
    COMPLAINT_TYPES,
    DISCIPLINE,
    FINDINGS,
    FORCE_REASONS,
    FORCE_TYPES,
    RACES,
    RESISTANCE,
    SEXES,
)

S = Sensitivity

COMPLAINT_ALLEGATIONS = Dataset(
    name="complaint_allegations",
    title="Complaint allegations",
    description="Complaints against officers, from the public and from inside the agency, "
    "with each allegation's finding and discipline.",
    row="one allegation: incident x officer x complainant x allegation",
    primary_key=("allegation_id",),
    fields=(
        record_id("allegation", "the allegation"),
        *incident_fields("incident"),
        Field("received_date", "date", "When the complaint was received.", S.QUASI,
              Kind.DATE, default=Treatment.GENERALISE, role=Role.PUBLIC),
        coded("complaint_type", "Citizen (external) or internal complaint.", COMPLAINT_TYPES),
        coded("source", "How the complaint was received.", COMPLAINT_SOURCES),
        coded("allegation", "What the officer is alleged to have done, in the agency's own "
              "categories."),
        coded("finding", "The finding on the allegation.", FINDINGS),
        Field("finding_date", "date", "When the finding was made.", S.QUASI, Kind.DATE,
              default=Treatment.GENERALISE, role=Role.PUBLIC),
        coded("discipline", "Discipline imposed for a sustained allegation.", DISCIPLINE),
        *officer_fields(),
        *person_fields("complainant", "complainant"),
        summary_field("complaint"),
    ),
)

USE_OF_FORCE = Dataset(
    name="use_of_force",
    title="Use of force",
    description="Force used by officers, one row per officer and type of force used.",
    row="one type of force used by one officer on one subject in one incident",
    primary_key=("force_id",),
    fields=(
        record_id("force", "the force record"),
        *incident_fields("incident"),
        coded("force_type", "Type of force used.", FORCE_TYPES),
        coded("force_reason", "Why force was used.", FORCE_REASONS),
        coded("subject_resistance", "The subject's resistance.", RESISTANCE),
        flag("officer_injured", "Whether the officer was injured."),
        flag("subject_injured", "Whether the subject was injured."),
        flag("subject_hospitalized", "Whether the subject was hospitalised."),
        flag("arrest_made", "Whether the subject was arrested."),
        disposition("force used"),
        *officer_fields(),
        *person_fields("subject", "subject"),
        summary_field("incident"),
    ),
)

__all__ = ["COMPLAINT_ALLEGATIONS", "RACES", "SEXES", "USE_OF_FORCE"]
