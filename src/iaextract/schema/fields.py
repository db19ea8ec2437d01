"""Field groups that recur across datasets, built by one function each.

The incident, the officer and the member of the public are described identically
in every dataset, so a portal can join them and an analyst reads one description.
"""

from __future__ import annotations

from iaextract.schema.model import Field, Kind, Role, Sensitivity, Treatment
from iaextract.schema.vocabularies import DISPOSITIONS, RACES, SERVICE_TYPES, SEXES

S = Sensitivity
PUBLIC, OFFICER = Role.PUBLIC, Role.OFFICER


def record_id(entity: str, what: str) -> Field:
    """The row's own key, ``<entity>_id``: a pseudonym of the source record's id."""
    return Field(f"{entity}_id", "string", f"Pseudonymous identifier of {what}.",
                 S.IDENTIFIER, Kind.ID, entity=entity)


def incident_fields(noun: str) -> tuple[Field, ...]:
    """The fields describing the incident a row belongs to."""
    return (
        Field("incident_id", "string", f"Pseudonymous identifier of the {noun}; stable "
              "across releases, links rows of the same incident across datasets.",
              S.IDENTIFIER, Kind.ID, entity="incident"),
        Field("occurred_date", "date", f"When the {noun} happened.", S.QUASI, Kind.DATE,
              default=Treatment.GENERALISE, role=PUBLIC),
        Field("district", "string", "Police district or division where it happened.",
              S.QUASI, role=PUBLIC),
        Field("service_type", "string", "What the officer was doing (call for service, "
              "self-initiated, traffic stop, warrant, off duty).", S.PUBLIC,
              values=SERVICE_TYPES),
    )


def officer_fields(prefix: str = "officer", when: str = "at the incident"
                   ) -> tuple[Field, ...]:
    """The fields describing the officer of a row, demographics generalised."""
    return (
        Field(f"{prefix}_id", "string", "Pseudonymous identifier of the officer; the same "
              "officer has the same identifier in every dataset and release.",
              S.IDENTIFIER, Kind.ID, entity="officer", role=OFFICER),
        Field(f"{prefix}_name", "string", "Officer's name; published only when the agency's "
              "officer-identity policy is 'named'.", S.PERSONAL, Kind.NAME,
              officer_identity=True),
        Field(f"{prefix}_badge", "string", "Officer's badge number; published only when the "
              "officer-identity policy is 'named'.", S.PERSONAL, Kind.ID, officer_identity=True),
        Field(f"{prefix}_race", "string", "Officer's race.", S.QUASI, values=RACES,
              role=OFFICER),
        Field(f"{prefix}_sex", "string", "Officer's sex.", S.QUASI, values=SEXES,
              role=OFFICER),
        Field(f"{prefix}_age", "integer", f"Officer's age {when}, in bands.",
              S.QUASI, Kind.AGE, default=Treatment.GENERALISE, role=OFFICER),
        Field(f"{prefix}_years_of_service", "integer", f"Officer's years of service {when}, "
              "in bands.", S.QUASI, Kind.YEARS, default=Treatment.GENERALISE,
              role=OFFICER),
        Field(f"{prefix}_rank", "string", f"Officer's rank {when}.", S.QUASI, role=OFFICER),
        Field(f"{prefix}_unit", "string", f"Officer's unit or assignment {when}.", S.QUASI,
              role=OFFICER),
    )


def person_fields(prefix: str, noun: str) -> tuple[Field, ...]:
    """The fields describing a member of the public (complainant, subject)."""
    return (
        Field(f"{prefix}_id", "string", f"Pseudonymous identifier of the {noun}; tells two "
              f"{noun}s of one incident apart.", S.IDENTIFIER, Kind.ID, entity="person",
              role=PUBLIC),
        Field(f"{prefix}_name", "string", f"The {noun}'s name. Never published.",
              S.PERSONAL, Kind.NAME),
        Field(f"{prefix}_address", "string", f"The {noun}'s home address; dropped, or "
              "generalised to its 100 block.", S.PERSONAL, Kind.ADDRESS),
        Field(f"{prefix}_race", "string", f"The {noun}'s race.", S.QUASI, values=RACES,
              role=PUBLIC),
        Field(f"{prefix}_sex", "string", f"The {noun}'s sex.", S.QUASI, values=SEXES,
              role=PUBLIC),
        Field(f"{prefix}_age", "integer", f"The {noun}'s age at the incident, in bands.",
              S.QUASI, Kind.AGE, default=Treatment.GENERALISE, role=PUBLIC),
    )


def summary_field(noun: str) -> Field:
    """The narrative of a row: dropped by default, scrubbed when the agency opts in."""
    return Field("summary", "string", f"Narrative summary of the {noun}; dropped unless the "
                 "agency opts in to scrubbing, which replaces personal details with typed "
                 "placeholders such as [PERSON 1].", S.FREE_TEXT, Kind.TEXT)


def flag(name: str, description: str) -> Field:
    """A yes/no fact about the event (published as true/false)."""
    return Field(name, "boolean", description, S.PUBLIC, Kind.FLAG)


def coded(name: str, description: str, values: tuple[str, ...] | None = None,
          sensitivity: Sensitivity = S.PUBLIC) -> Field:
    """A category, from the documented vocabulary ``values`` when there is one."""
    return Field(name, "string", description, sensitivity, values=values)


def disposition(noun: str) -> Field:
    """Outcome of the agency's review of the event (force, shooting, pursuit)."""
    return coded("disposition", f"Outcome of the agency's review of the {noun}.", DISPOSITIONS)
