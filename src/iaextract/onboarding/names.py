"""Which table and column plays which part of a mapping, judged by its name.

``init`` starts from these patterns (matched on the lower-cased name without a
``tbl`` prefix or punctuation) and then checks the candidates' values
(onboarding.guesses).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Which table plays each role, by name (``tbl`` prefixes and case ignored).
ROLE_TABLES = {
    "incident": r"incident|complaint|case|^file",
    "officer": r"employee|officer|personnel|member|staff",
    "person": r"citizen|civilian|person|complainant|subject|people",
}
BASE_TABLES = {
    "complaint_allegations": r"alleg",
    "use_of_force": r"force|^uof|resist",
    "officer_involved_shootings": r"shoot|^ois",
    "vehicle_pursuits": r"pursuit",
    "assaults_on_officers": r"assault|^aoo",
    "officers": r"employee|officer|personnel",
}
ALIASES = {"base": "b", "incident": "i", "officer": "o", "person": "p"}
PERSON_PREFIXES = ("complainant_", "subject_")

#: field (or field suffix after officer_/complainant_/subject_) -> (role, column pattern)
FIELD_COLUMNS = {
    "incident_id": ("incident", r"(incident|complaint|case|file|ia)(num|no)|number$|"
                                r"^inc(num|no)$"),
    "occurred_date": ("incident", r"occur|incidentdate|dateofincident|^date$|^occ"),
    "received_date": ("incident", r"(receiv|report|filed).*(date|dt)$|^date(receiv|report)|"
                                  r"^rcvd|rcvd(date|dt)$"),
    "district": ("incident", r"district|division|precinct|beat"),
    "service_type": ("incident", r"servicetype|activity"),
    "complaint_type": ("incident", r"(incident|complaint|case)type|^type$"),
    "source": ("incident", r"howreceived|receivedvia|^source|method"),
    "summary": ("incident", r"synopsis|narrative|summary|details"),
    "allegation": ("base", r"alleg.*(code|type)|^allegation$|violation|charge|^action"),
    "finding": ("base", r"finding$|^finding|outcome"),
    "finding_date": ("base", r"finding.*date|disp.*date"),
    "discipline": ("base", r"discipline|sanction|penalty"),
    "force_type": ("base", r"forcetype|typeofforce|^action"),
    "force_reason": ("base", r"reason"),
    "subject_resistance": ("base", r"resist"),
    "officer_injured": ("base", r"(officer|ofc|off|emp).*inj"),
    "subject_injured": ("base", r"(subject|subj|citizen|civ|suspect).*inj"),
    "subject_hospitalized": ("base", r"hospital"),
    "arrest_made": ("base", r"arrest"),
    "subject_armed": ("base", r"armed"),
    "subject_hit": ("base", r"^(subj\w*)?hit$|struck"),
    "subject_killed": ("base", r"kill|fatal|died|deceased"),
    "shots_fired": ("base", r"shots|rounds"),
    "subject_weapon": ("base", r"^(subj\w*)?weapon"),
    "weapon": ("base", r"weapon"),
    "reason": ("base", r"reason"),
    "termination": ("base", r"termin|^end"),
    "duration_minutes": ("base", r"minutes|duration"),
    "distance_miles": ("base", r"miles|distance"),
    "max_speed_mph": ("base", r"speed"),
    "crash": ("base", r"crash|collision"),
    "injuries": ("base", r"^injuries$|injurycount"),
    "disposition": ("base", r"disposition|outcome|^dispo"),
    "race": ("", r"race|ethnic"),
    "sex": ("", r"^sex|gender"),
    "rank": ("", r"rank|title"),
    "unit": ("", r"unit|assign|squad"),
    "badge": ("", r"badge"),
}
FIRST_NAME = r"first.*name|^fname|given"
LAST_NAME = r"last.*name|^lname|surn"
DOB = r"^dob|birth|bday|bdate"
HIRED = r"hire|appoint|employ.*date|startdate"
CURSOR = r"lastmod|modified|updated|changed"


def key(name: str) -> str:
    """``name`` lower-cased, without a ``tbl`` prefix and anything but letters and digits."""
    return re.sub(r"[^a-z0-9]", "", name.lower().removeprefix("tbl").removeprefix("tbl_"))


def find_all(names: Iterable[str], pattern: str) -> list[str]:
    """The names whose key matches ``pattern``."""
    return [n for n in names if re.search(pattern, key(n))]


def find(names: Iterable[str], pattern: str) -> str | None:
    """The shortest name whose key matches ``pattern``, or None."""
    found = find_all(names, pattern)
    return min(found, key=len) if found else None
