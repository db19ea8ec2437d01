"""Codes agencies commonly use for the open schema's vocabulary values.

``init`` prefills a code list from this table (marking each entry ``# guessed`` for
review) and ``check`` uses it to suggest a label for a code still mapped to ``TODO``.
The table is keyed by vocabulary value, so one code can mean different things in
different vocabularies (``S``: Sustained as a finding, Suspension as discipline).
Ambiguous codes (``ABND``: abandoned by whom?) are left out on purpose.
"""

from __future__ import annotations

from iaextract.mapping.transform import normalise_code

#: vocabulary value -> codes (upper case, as normalise_code writes them) meaning it.
SYNONYMS: dict[str, frozenset[str]] = {value: frozenset(codes) for value, codes in {
    # OMB race categories and their usual letters
    "White": ("W", "WH", "WHITE", "CAUCASIAN", "CAU"),
    "Black": ("B", "BL", "BLK", "BLACK", "AFRICAN AMERICAN", "AA"),
    "Hispanic": ("H", "HIS", "HISP", "HISPANIC", "LATINO", "LATINA", "L"),
    "Asian": ("A", "AS", "ASIAN"),
    "American Indian": ("I", "AI", "AIAN", "AMERICAN INDIAN", "NATIVE AMERICAN", "NATIVE"),
    "Pacific Islander": ("P", "PI", "NHPI", "PACIFIC ISLANDER", "HAWAIIAN"),
    "Male": ("M", "MALE"),
    "Female": ("F", "FEMALE"),
    "Nonbinary": ("X", "NB", "NONBINARY", "NON-BINARY"),
    "Unknown": ("U", "UNK", "UNKNOWN", "?"),
    "Other": ("O", "OT", "OTH", "OTHER"),
    # findings
    "Sustained": ("S", "SUS", "SUST", "SUSTAINED"),
    "Not Sustained": ("NS", "NOTSUS", "NOT SUSTAINED", "NOT SUST", "INSUFFICIENT"),
    "Exonerated": ("E", "EX", "EXON", "EXONERATED"),
    "Unfounded": ("U", "UF", "UNF", "UNFOUNDED"),
    "Withdrawn": ("W", "WD", "WITHDRAWN"),
    "Pending": ("P", "PEND", "PENDING", "OPEN"),
    "Administratively Closed": ("AC", "ADM", "ADMIN", "ADMIN CLOSED", "ADMINISTRATIVE"),
    # discipline
    "None": ("N", "NONE", "NO ACTION"),
    "Counselling": ("C", "CNSL", "COUNSEL", "COUNSELING", "COUNSELLING"),
    "Written reprimand": ("W", "WR", "WRITTEN", "REPRIMAND"),
    "Suspension": ("S", "SUSP", "SUSPENSION", "SUSPENDED"),
    "Demotion": ("D", "DEM", "DEMOTION", "DEMOTED"),
    "Termination": ("T", "TERM", "TERMINATION", "TERMINATED", "FIRED", "DISMISSED"),
    "Resigned": ("R", "RES", "RESIGNED", "RESIGNATION"),
    # complaint types and sources
    "Citizen": ("CC", "C", "CIT", "CITIZEN", "EXT", "EXTERNAL", "PUBLIC"),
    "Internal": ("IC", "I", "INT", "INTERNAL", "DEPT"),
    "In person": ("WALKIN", "WALK-IN", "IN PERSON", "PERSON"),
    "Online form": ("ONLINE", "WEB", "WEBSITE"),
    # dispositions of force, shootings, pursuits
    "Justified": ("J", "JUST", "JUSTIFIED", "IP", "IN POLICY", "WITHIN POLICY"),
    "Not justified": ("NJ", "NJUST", "NOT JUSTIFIED", "OOP", "OUT OF POLICY"),
    # force types
    "Hands / empty hand": ("HANDS", "HAND", "EMPTY HAND", "WRISTLOCK", "JOINT LOCK",
                           "STRIKE", "PRESSURE POINT"),
    "Takedown": ("TAKEDOWN", "TD", "TAKE DOWN"),
    "OC spray": ("OC", "PEPPER", "PEPPER SPRAY", "SPRAY", "MACE"),
    "Conducted energy weapon": ("CEW", "ECW", "ECD", "TASER", "TAZER", "TASER DEPLOYED"),
    "Baton": ("BATON", "ASP", "IMPACT"),
    "Canine": ("K9", "K-9", "CANINE", "DOG"),
    "Firearm pointed": ("FIREARM", "FIREARM_POINT", "GUN POINT", "POINTED", "DISPLAY"),
    "Firearm discharged": ("DISCHARGE", "FIREARM_DISCHARGE", "SHOT", "SHOTS"),
    "Neck restraint": ("LVNR", "NECK", "NECK RESTRAINT", "CHOKE", "CAROTID"),
    # weapons
    "Handgun": ("HANDGUN", "PISTOL", "HG"),
    "Rifle": ("RIFLE", "AR", "LONG GUN"),
    "Shotgun": ("SHOTGUN", "SG"),
    "Firearm": ("GUN", "FIREARM", "HANDGUN", "PISTOL", "RIFLE", "SHOTGUN"),
    "Knife or cutting instrument": ("KNIFE", "BLADE", "CUTTING"),
    "Vehicle": ("CAR", "VEH", "VEHICLE", "AUTO"),
    "Unarmed": ("NONE", "UNARMED", "NO WEAPON"),
    "Hands, fists, feet": ("HANDS", "FISTS", "PERSONAL WEAPONS"),
    # pursuits
    "Traffic violation": ("T", "TRAF", "TRAFFIC"),
    "Misdemeanor": ("M", "MISD", "MISDEMEANOR"),
    "Felony": ("F", "FEL", "FELONY"),
    "Stolen vehicle": ("S", "STOLEN", "STOLEN VEHICLE"),
    "Impaired driving": ("D", "DUI", "DWI", "OWI", "IMPAIRED"),
    "Suspect stopped": ("STOP", "STOPPED", "STOPS"),
    "Suspect crashed": ("CRASH", "CRASHED", "COLLISION"),
    "Tire deflation device": ("SPIKES", "STINGER", "STOP STICKS", "TDD"),
    "Intervention maneuver (PIT)": ("PIT",),
    "Suspect escaped": ("LOST", "ESCAPED", "GOT AWAY", "EVADED"),
    # injuries
    "Minor": ("MINOR", "MIN"),
    "Serious": ("SERIOUS", "SER", "MAJOR"),
    "Fatal": ("FATAL", "DEATH", "DECEASED", "KILLED"),
}.items()}


def guess_label(code: object, vocabulary: tuple[str, ...]) -> str | None:
    """The one value of ``vocabulary`` that ``code`` commonly means, or None (no value,
    or more than one)."""
    key = normalise_code(code)
    found = [v for v in vocabulary if key in SYNONYMS.get(v, ()) or key == v.upper()]
    return found[0] if len(found) == 1 else None
