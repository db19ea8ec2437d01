"""The open-schema datasets, the same for every agency.

Field groups that recur (the incident, the officer, the member of the public) are
built by one function each so every dataset describes them identically.
"""

from __future__ import annotations

from .model import Dataset, Field, Kind, Sensitivity, Treatment

S = Sensitivity

RACES = ("White", "Black", "Hispanic", "Asian", "American Indian", "Pacific Islander",
         "Other", "Unknown")
SEXES = ("Male", "Female", "Nonbinary", "Unknown")
FINDINGS = ("Sustained", "Not Sustained", "Exonerated", "Unfounded", "Withdrawn", "Pending",
            "Administratively Closed", "Other")


def incident_fields(noun: str) -> tuple[Field, ...]:
    """The fields describing the incident a row belongs to."""
    return (
        Field("incident_id", "string", f"Pseudonymous identifier of the {noun}; stable "
              "across releases, links rows of the same incident across datasets.",
              S.IDENTIFIER, Kind.ID, entity="incident"),
        Field("occurred_date", "date", f"When the {noun} happened.", S.QUASI, Kind.DATE,
              default=Treatment.GENERALISE),
        Field("district", "string", "Police district or division where it happened.",
              S.QUASI),
        Field("service_type", "string", "What the officer was doing (call for service, "
              "self-initiated, traffic stop, warrant, off duty).", S.PUBLIC),
    )


def officer_fields(prefix: str = "officer") -> tuple[Field, ...]:
    """The fields describing the officer of a row, demographics generalised."""
    return (
        Field(f"{prefix}_id", "string", "Pseudonymous identifier of the officer; the same "
              "officer has the same identifier in every dataset and release.",
              S.IDENTIFIER, Kind.ID, entity="officer"),
        Field(f"{prefix}_name", "string", "Officer's name; published only when the agency's "
              "officer-identity policy is 'named'.", S.PERSONAL, Kind.NAME,
              officer_identity=True),
        Field(f"{prefix}_badge", "string", "Officer's badge number; published only when the "
              "officer-identity policy is 'named'.", S.PERSONAL, Kind.ID, officer_identity=True),
        Field(f"{prefix}_race", "string", "Officer's race.", S.QUASI, values=RACES),
        Field(f"{prefix}_sex", "string", "Officer's sex.", S.QUASI, values=SEXES),
        Field(f"{prefix}_age", "integer", "Officer's age at the incident, in bands.",
              S.QUASI, Kind.AGE, default=Treatment.GENERALISE),
        Field(f"{prefix}_years_of_service", "integer", "Officer's years of service at the "
              "incident, in bands.", S.QUASI, Kind.YEARS, default=Treatment.GENERALISE),
        Field(f"{prefix}_rank", "string", "Officer's rank at the time.", S.PUBLIC),
        Field(f"{prefix}_unit", "string", "Officer's unit or assignment.", S.QUASI),
    )


def person_fields(prefix: str, noun: str) -> tuple[Field, ...]:
    """The fields describing a member of the public (complainant, subject)."""
    return (
        Field(f"{prefix}_id", "string", f"Pseudonymous identifier of the {noun}; tells two "
              f"{noun}s of one incident apart.", S.IDENTIFIER, Kind.ID, entity="person"),
        Field(f"{prefix}_name", "string", f"The {noun}'s name. Never published.",
              S.PERSONAL, Kind.NAME),
        Field(f"{prefix}_address", "string", f"The {noun}'s home address; dropped, or "
              "generalised to its 100 block.", S.PERSONAL, Kind.ADDRESS),
        Field(f"{prefix}_race", "string", f"The {noun}'s race.", S.QUASI, values=RACES),
        Field(f"{prefix}_sex", "string", f"The {noun}'s sex.", S.QUASI, values=SEXES),
        Field(f"{prefix}_age", "integer", f"The {noun}'s age at the incident, in bands.",
              S.QUASI, Kind.AGE, default=Treatment.GENERALISE),
    )


def summary_field(noun: str) -> Field:
    return Field("summary", "string", f"Narrative summary of the {noun}; dropped unless the "
                 "agency opts in to scrubbing, which replaces personal details with typed "
                 "placeholders such as [NAME].", S.FREE_TEXT, Kind.TEXT)


COMPLAINT_ALLEGATIONS = Dataset(
    name="complaint_allegations",
    title="Complaint allegations",
    description="Complaints against officers, from the public and from inside the agency, "
    "with each allegation's finding and discipline.",
    row="one allegation: incident x officer x complainant x allegation",
    primary_key=("allegation_id",),
    fields=(
        Field("allegation_id", "string", "Pseudonymous identifier of the allegation.",
              S.IDENTIFIER, Kind.ID, entity="allegation"),
        *incident_fields("incident"),
        Field("received_date", "date", "When the complaint was received.", S.QUASI,
              Kind.DATE, default=Treatment.GENERALISE),
        Field("complaint_type", "string", "Citizen (external) or internal complaint.",
              S.PUBLIC, values=("Citizen", "Internal")),
        Field("source", "string", "How the complaint was received.", S.PUBLIC),
        Field("allegation", "string", "What the officer is alleged to have done.", S.PUBLIC),
        Field("finding", "string", "The finding on the allegation.", S.PUBLIC,
              values=FINDINGS),
        Field("finding_date", "date", "When the finding was made.", S.QUASI, Kind.DATE,
              default=Treatment.GENERALISE),
        Field("discipline", "string", "Discipline imposed for a sustained allegation.",
              S.PUBLIC),
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
        Field("force_id", "string", "Pseudonymous identifier of the force record.",
              S.IDENTIFIER, Kind.ID, entity="force"),
        *incident_fields("incident"),
        Field("force_type", "string", "Type of force used.", S.PUBLIC),
        Field("force_reason", "string", "Why force was used.", S.PUBLIC),
        Field("subject_resistance", "string", "The subject's resistance.", S.PUBLIC),
        Field("officer_injured", "boolean", "Whether the officer was injured.", S.PUBLIC,
              Kind.FLAG),
        Field("subject_injured", "boolean", "Whether the subject was injured.", S.PUBLIC,
              Kind.FLAG),
        Field("subject_hospitalized", "boolean", "Whether the subject was hospitalised.",
              S.PUBLIC, Kind.FLAG),
        Field("arrest_made", "boolean", "Whether the subject was arrested.", S.PUBLIC,
              Kind.FLAG),
        Field("disposition", "string", "Outcome of the force review.", S.PUBLIC),
        *officer_fields(),
        *person_fields("subject", "subject"),
        summary_field("incident"),
    ),
)
