"""Value pools, code lists and small value makers for the demo database.

Everything here is a tuple (never a set or a dict that is iterated) so that
``random.Random(seed).choice`` over it is reproducible across runs and Python versions.
The name pools are deliberately hostile to narrative scrubbers: many names are also
ordinary English words, and there are apostrophes, hyphens, accents and Mc/Mac prefixes.
The value makers at the end write codes, dates, phones, e-mails, SSNs and addresses the
inconsistent ways real agency databases hold them.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from datetime import datetime

# --- names -------------------------------------------------------------------------------

# Word-names (Will, Mark, Grant, Guy, Frank, Hunter, Bill) sit next to ordinary names so a
# scrubber that blanks every capitalised word, or misses "will"/"mark" as names, shows up.
FIRST_NAMES_M: tuple[str, ...] = (
    "John", "Michael", "David", "James", "Robert", "William", "Will", "Bill", "Mark",
    "Grant", "Guy", "Frank", "Hunter", "Lane", "Chris", "Daniel", "Anthony", "Kevin",
    "Brian", "Jason", "Darnell", "Tyrone", "Luis", "José", "Jesús", "Andrés", "Miguel",
    "Carlos", "Nguyen", "Wei", "Raj", "Omar", "Ahmed", "Patrick", "Sean", "Terrence",
    "DeShawn", "Marcus", "Eric", "Gary", "Jean-Luc", "François", "Björn", "Wood", "King",
)
FIRST_NAMES_F: tuple[str, ...] = (
    "Mary", "Rose", "Hope", "Joy", "Summer", "May", "June", "Page", "Grace", "Faith",
    "April", "Jennifer", "Linda", "Patricia", "Elizabeth", "Maria", "María", "Zoë",
    "Chloé", "Renée", "Ana", "Lucía", "Keisha", "Latoya", "Tamika", "Aaliyah", "Mei",
    "Priya", "Fatima", "Siobhan", "Mary-Kate", "Anne-Marie", "Karen", "Susan", "Angela",
    "Brandy", "Crystal", "Destiny", "Ebony", "Dawn", "Iris", "Ivy", "Violet", "Sandy",
)
LAST_NAMES: tuple[str, ...] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Garcia",
    "Rodriguez", "Wilson", "Martinez", "Anderson", "Taylor", "Thomas", "Moore", "Jackson",
    "White", "Black", "Young", "King", "Wright", "Hill", "Green", "Baker", "Hall", "Rose",
    "Grant", "Hope", "Lane", "Wood", "Hunter", "Frank", "Guy", "Will", "May", "Page",
    "Mark", "Summer", "Little", "Long", "Strong", "Bush", "Fox", "Bird", "Rich", "Sharp",
    "O'Brien", "O'Connor", "O'Neal", "D'Angelo", "D'Souza", "Dell'Orto", "N'Diaye",
    "Smith-Jones", "Lopez-Rivera", "Garcia-Marquez", "Taylor-Brown", "Núñez", "Muñoz",
    "Peña", "Ibáñez", "Gómez", "Pérez", "Hernández", "Müller", "Çelik", "Nguyen", "Tran",
    "Patel", "Shah", "Kim", "Park", "Chen", "Wang", "McDonald", "MacKenzie", "McCoy",
    "MacArthur", "McBride", "Washington", "Jefferson", "Hughes", "Okafor", "Kowalski",
    "Van der Berg", "De La Cruz", "St. Clair", "LeBlanc", "Dubois",
)
# First name -> usual nickname; names absent here get a generic one only sometimes.
NICKNAMES: tuple[tuple[str, str], ...] = (
    ("William", "Billy"), ("Will", "Billy"), ("Bill", "Billy"), ("Robert", "Bobby"),
    ("Michael", "Mikey"), ("James", "Jimmy"), ("Anthony", "Tony"), ("Daniel", "Danny"),
    ("Patrick", "Paddy"), ("Elizabeth", "Liz"), ("Patricia", "Patty"), ("Jennifer", "Jen"),
    ("José", "Pepe"), ("Francisco", "Paco"), ("Terrence", "Terry"), ("Christopher", "Chris"),
    ("Susan", "Sue"), ("Margaret", "Peggy"), ("Jesús", "Chuy"), ("Marcus", "Mook"),
)
GENERIC_NICKNAMES: tuple[str, ...] = (
    "Red", "Junior", "Bubba", "Tiny", "Smokey", "Doc", "Ace", "Lefty", "Shorty", "Boo",
)
# Unknown people: they appear in narratives but in no person table, so only the
# "title/role word + name" layer of a scrubber can catch them.
UNKNOWN_PEOPLE: tuple[str, ...] = (
    "a witness named Darnell Hughes", "Dr. Patel at St. Vincent",
    "a neighbour, Mrs. Okonkwo", "the tow driver, Rick Lamont", "Nurse Fiona Gallagher",
    "a bystander who gave her name as Tasha Greene", "Pastor Leroy Simmons",
    "attorney Michelle Rourke", "Dr. Evans at Methodist Hospital", "a man called Skeeter",
)

# --- places ------------------------------------------------------------------------------

STREET_NAMES: tuple[str, ...] = (
    "Main", "Oak", "Elm", "Maple", "Washington", "Meridian", "College", "High", "Broad",
    "Market", "King", "Young", "Rose", "Grant", "Lincoln", "Martin Luther King Jr",
    "Cedar", "Pine", "Walnut", "Chestnut", "Park", "Lake", "Hill", "Church", "Mill",
)
STREET_SUFFIXES: tuple[str, ...] = (
    "St", "Street", "Ave", "Avenue", "Blvd", "Rd", "Road", "Dr", "Ln", "Ct", "Way", "Pl",
)
DIRECTIONS: tuple[str, ...] = ("N", "S", "E", "W", "NE", "SW", "North", "South")
# (city, state, first three digits of the ZIP code)
CITIES: tuple[tuple[str, str, str], ...] = (
    ("Indianapolis", "IN", "462"), ("Carmel", "IN", "460"), ("Columbus", "OH", "432"),
    ("Washington", "DC", "200"), ("Chicago", "IL", "606"), ("Atlanta", "GA", "303"),
    ("Houston", "TX", "770"), ("Philadelphia", "PA", "191"), ("Portland", "OR", "972"),
    ("Sacramento", "CA", "958"), ("Milwaukee", "WI", "532"), ("Charlotte", "NC", "282"),
)
# Real area codes so phone parsers (phonenumbers) accept most numbers.
AREA_CODES: tuple[str, ...] = (
    "317", "202", "614", "312", "404", "713", "215", "503", "916", "414", "704", "463",
)
EMAIL_DOMAINS: tuple[str, ...] = (
    "example.com", "mail.example.org", "example.net", "inbox.example.com",
)
LOCATIONS: tuple[str, ...] = (
    "gas station", "parking lot", "apartment complex", "convenience store", "bus stop",
    "city park", "school zone", "interstate on-ramp", "bar", "hospital emergency room",
)

# --- codes -------------------------------------------------------------------------------

RACES: tuple[str, ...] = ("W", "B", "H", "A", "I", "P", "O", "U")
RACE_WEIGHTS: tuple[int, ...] = (40, 30, 15, 5, 1, 1, 3, 5)
SEXES: tuple[str, ...] = ("M", "F", "X", "U")
RANKS: tuple[str, ...] = ("OFC", "CPL", "SGT", "LT", "CPT", "DET")
RANK_WEIGHTS: tuple[int, ...] = (60, 10, 14, 6, 2, 8)
# Rank code -> title as written in narratives.
RANK_TITLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("OFC", ("Officer", "Ofc.", "P.O.")),
    ("CPL", ("Cpl.", "Corporal")),
    ("SGT", ("Sgt.", "Sergeant")),
    ("LT", ("Lt.", "Lieutenant")),
    ("CPT", ("Capt.", "Captain")),
    ("DET", ("Det.", "Detective")),
)
EMPLOYEE_STATUSES: tuple[str, ...] = ("ACTIVE", "ACTIVE", "ACTIVE", "RETIRED", "SEPARATED")
UNITS: tuple[str, ...] = (
    "PATROL", "TRAFFIC", "NARCOTICS", "SWAT", "K9", "GANG", "DETECTIVES", "TRAINING",
)
DISTRICTS: tuple[str, ...] = ("D1", "D2", "D3", "D4", "D5", "D6", "HQ")
SERVICE_TYPES: tuple[str, ...] = ("CFS", "SELF", "TRAF", "WARR", "OFFDUTY")
HOW_RECEIVED: tuple[str, ...] = ("PHONE", "WALKIN", "EMAIL", "ONLINE", "MAIL", "INTERNAL")

INCIDENT_TYPES: tuple[str, ...] = ("CC", "IC", "UOF", "OIS", "VP", "AOO")
INCIDENT_TYPE_WEIGHTS: tuple[int, ...] = (40, 10, 35, 2, 8, 5)

ALLEG_CODES: tuple[str, ...] = ("CUR", "EXF", "UNB", "NEG", "ARR", "SRCH", "DIS", "TRF")
ALLEG_WEIGHTS: tuple[int, ...] = (25, 15, 15, 15, 8, 8, 4, 10)
FINDINGS: tuple[str, ...] = ("SUS", "NS", "EXON", "UNF", "WD", "ADM")
FINDING_WEIGHTS: tuple[int, ...] = (15, 30, 20, 20, 8, 7)
DISCIPLINES: tuple[str, ...] = ("NONE", "CNSL", "WR", "SUSP", "TERM")
DISCIPLINE_WEIGHTS: tuple[int, ...] = (10, 35, 30, 20, 5)

FORCE_TYPES: tuple[str, ...] = (
    "HANDS", "TAKEDOWN", "OC", "CEW", "BATON", "K9", "FIREARM_POINT", "LVNR",
)
FORCE_WEIGHTS: tuple[int, ...] = (40, 20, 8, 12, 4, 3, 10, 3)
FORCE_REASONS: tuple[str, ...] = ("ARREST", "RESIST", "DEFENSE", "FLEE", "OTHER_PERSON")
RESISTANCE: tuple[str, ...] = ("PASSIVE", "ACTIVE", "AGGR", "NONE")
DISPOSITIONS: tuple[str, ...] = ("JUST", "NJUST", "PEND")
DISPOSITION_WEIGHTS: tuple[int, ...] = (80, 5, 15)

OFFICER_WEAPONS: tuple[str, ...] = ("HANDGUN", "RIFLE", "SHOTGUN")
SUBJECT_WEAPONS: tuple[str, ...] = ("HANDGUN", "KNIFE", "VEHICLE", "RIFLE", "OTHER", "NONE")
PURSUIT_REASONS: tuple[str, ...] = ("TRAFFIC", "FELONY", "STOLEN", "DUI", "MISD")
PURSUIT_TERMINATIONS: tuple[str, ...] = ("STOP", "CRASH", "TERMINATED", "LOST", "SPIKES", "PIT")
AOO_WEAPONS: tuple[str, ...] = ("HANDS", "KNIFE", "FIREARM", "VEHICLE", "OTHER")
AOO_INJURIES: tuple[str, ...] = ("NONE", "MINOR", "SERIOUS")

# Codes that are in no code list: a correct mapping must count and report them.
JUNK_CODES: tuple[str, ...] = ("XX", "UNK", "?", "N/A", "--", "OTH")
# Unparseable date values: a correct date parser must report them, not guess.
JUNK_DATES: tuple[str, ...] = ("00/00/0000", "unknown", "", "TBD", "13/45/2019", "0")
YES_VALUES: tuple[str, ...] = ("Y", "Y", "Yes", "1", "y")
NO_VALUES: tuple[str, ...] = ("N", "N", "no", "0", "No")
MONTH_ABBR: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)

_NICK_OF = dict(NICKNAMES)  # lookup only, never iterated


# --- value makers ---------------------------------------------------------------------


def messy(rng: random.Random, code: str | None, junk: bool = True) -> str | None:
    """Return ``code``, ~10% with stray spaces/odd case, ~1% replaced by a junk code."""
    r = rng.random()
    if code is None:
        return None
    if junk and r < 0.01:
        return rng.choice(JUNK_CODES)
    if r < 0.11:
        k = rng.randrange(5)
        if k == 0:
            return " " + code.lower()
        if k == 1:
            return code.title() + " "
        if k == 2:
            return code.lower()
        if k == 3:
            return code + " "
        return " " + code
    return code


def fmt_date(rng: random.Random, dt: datetime, junk: bool = True) -> str:
    """Write ``dt`` in one of the six date styles agencies use, ~0.5% junk."""
    if junk and rng.random() < 0.005:
        return rng.choice(JUNK_DATES)
    k = rng.randrange(6)
    if k == 0:
        return f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}"
    if k == 1:
        return f"{dt.month:02d}/{dt.day:02d}/{dt.year:04d}"
    if k == 2:
        return f"{dt.month}/{dt.day}/{dt.year} {dt.hour}:{dt.minute:02d}"
    if k == 3:
        return f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:00"
    # Month names from a fixed table, not strftime("%b"): that would depend on the locale.
    month = MONTH_ABBR[dt.month - 1]
    if k == 4:
        return f"{month} {dt.day}, {dt.year}"
    return f"{dt.day:02d}-{month.upper()}-{dt.year}"


def phone_number(rng: random.Random) -> str:
    """A phone number in one of six written formats, with real area codes."""
    area = rng.choice(AREA_CODES)
    if rng.random() < 0.3:
        exch, line = "555", f"01{rng.randrange(100):02d}"  # 555-01xx: reserved fictional
    else:
        exch = str(rng.randint(201, 989))
        if exch[1:] == "11":
            exch = "212"
        line = f"{rng.randrange(10_000):04d}"
    k = rng.randrange(6)
    if k == 0:
        return f"({area}) {exch}-{line}"
    if k == 1:
        return f"{area}-{exch}-{line}"
    if k == 2:
        return f"{area}.{exch}.{line}"
    if k == 3:
        return f"{area}{exch}{line}"
    if k == 4:
        return f"+1 {area} {exch} {line}"
    return f"1-{area}-{exch}-{line} x{rng.randint(10, 999)}"


def maybe(rng: random.Random, value: str, p_null: float) -> str | None:
    return None if rng.random() < p_null else value


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch == "-"))
    return kept or "x"


def email_address(rng: random.Random, first: str, last: str, birth_year: int) -> str:
    f, last_ascii = _ascii(first).lower(), _ascii(last).lower()
    domain = rng.choice(EMAIL_DOMAINS)
    k = rng.randrange(4)
    if k == 0:
        return f"{f}.{last_ascii}{birth_year % 100:02d}@{domain}"
    if k == 1:
        return f"{last_ascii}{f[0]}@{domain}".upper()
    if k == 2:
        return f"{f[0]}{last_ascii}{rng.randint(1, 99)}@{domain}"
    return f"{f}_{last_ascii}@{domain}"


def fake_ssn(rng: random.Random) -> str:
    area = rng.randint(1, 899)
    if area == 666:
        area = 667
    group, serial = rng.randint(1, 99), rng.randint(1, 9999)
    if rng.random() < 0.6:
        return f"{area:03d}-{group:02d}-{serial:04d}"
    return f"{area:03d}{group:02d}{serial:04d}"


def dl_number(rng: random.Random) -> str:
    if rng.random() < 0.5:
        n = rng.randrange(10**11)
        return f"{rng.choice('DSKM')}{n // 10**8:03d}-{n // 10**4 % 10**4:04d}-{n % 10**4:04d}"
    return f"S{rng.randrange(10**8):08d}"


def street_address(rng: random.Random) -> tuple[str, str | None]:
    """(street line, apartment or None)."""
    r = rng.random()
    if r < 0.07:
        return f"PO Box {rng.randint(100, 9999)}", None
    number = rng.randint(1, 9999)
    name = rng.choice(STREET_NAMES)
    suffix = rng.choice(STREET_SUFFIXES)
    direction = rng.choice(DIRECTIONS) + " " if rng.random() < 0.4 else ""
    apt = None
    if rng.random() < 0.3:
        k = rng.randrange(4)
        if k == 0:
            apt = f"Apt {rng.randint(1, 40)}{rng.choice('ABCD')}"
        elif k == 1:
            apt = f"#{rng.randint(1, 999)}"
        elif k == 2:
            apt = f"Unit {rng.randint(1, 20)}"
        else:
            apt = str(rng.randint(1, 9))
    return f"{number} {direction}{name} {suffix}", apt


def person_name(rng: random.Random, sex: str) -> tuple[str, str, str | None, str | None]:
    """(first, last, middle or None, nickname or None); stored apostrophes may be curly."""
    pool = FIRST_NAMES_F if sex == "F" else FIRST_NAMES_M
    if sex in ("X", "U"):
        pool = rng.choice((FIRST_NAMES_F, FIRST_NAMES_M))
    first = rng.choice(pool)
    last = rng.choice(LAST_NAMES)
    if "'" in last and rng.random() < 0.35:
        last = last.replace("'", "\u2019")
    middle = None
    if rng.random() < 0.45:
        middle = rng.choice(rng.choice((FIRST_NAMES_F, FIRST_NAMES_M)))
        if rng.random() < 0.3:
            middle = middle[0]  # initial only, as many systems store it
    nick = None
    r = rng.random()
    if first in _NICK_OF and r < 0.5:
        nick = _NICK_OF[first]
    elif r < 0.08:
        nick = rng.choice(GENERIC_NICKNAMES)
    return first, last, middle, nick


def pick(rng: random.Random, choices: Sequence[str], weights: Sequence[int]) -> str:
    return rng.choices(choices, weights)[0]


def yes_no(rng: random.Random, value: bool) -> str | None:
    if rng.random() < 0.05:
        return None
    return rng.choice(YES_VALUES if value else NO_VALUES)


def citizen_roles(rng: random.Random, itype: str) -> list[str]:
    """Role codes of the citizens an incident of type ``itype`` involves, main ones first."""
    if itype == "CC":
        # ~20% of citizen complaints have two or more complainants.
        n_comp = 1 if rng.random() < 0.8 else rng.choices((2, 3), (80, 20))[0]
        roles = ["COMP"] * n_comp
        roles += ["WIT"] * rng.choices((0, 1, 2), (60, 30, 10))[0]
        return roles + (["VIC"] if rng.random() < 0.05 else [])
    if itype == "IC":
        return ["WIT"] if rng.random() < 0.1 else []
    if itype == "UOF":
        roles = ["SUBJ"] * (1 if rng.random() < 0.9 else 2)
        return roles + (["WIT"] if rng.random() < 0.3 else [])
    if itype == "OIS":
        roles = ["SUBJ"] + ["WIT"] * rng.randint(0, 2)
        return roles + (["VIC"] if rng.random() < 0.1 else [])
    if itype == "VP":
        return ["SUBJ"] if rng.random() < 0.85 else []
    return ["SUBJ"] + (["WIT"] if rng.random() < 0.2 else [])
