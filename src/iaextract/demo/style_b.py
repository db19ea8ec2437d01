"""A second demo agency ("style b"): an Access-era IA database laid out differently.

Where the first demo has one table per incident type and PascalCase names, this one
has ``tbl``-prefixed tables with abbreviated column names, every incident type in ONE
involvement table (told apart only by ``tblIncident.IncTypeCd``), letter codes
(findings ``S``/``NS``/``WD``, districts ``N``/``S``/``E``/``W``), a 4-value
``District`` beside a 40-value ``Beat``, Access yes/no flags (-1/0) and personal data
in columns whose names do not say so: an allegation text naming the complainant in
every row, internal notes naming a sergeant, a middle-initial column ``MI``, home ZIP,
apartment and city columns. ``iaextract demo --style b`` builds it; ``init`` is tested
against it. The same value makers and narratives as the first demo write the data.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from iaextract.demo import pools
from iaextract.demo.narratives import Person, mention, synopsis
from iaextract.demo.pools import (
    dl_number,
    email_address,
    fake_ssn,
    fmt_date,
    maybe,
    messy,
    person_name,
    phone_number,
    pick,
    street_address,
)

_PERSON_COLUMNS = ("LName TEXT", "FName TEXT", "MI TEXT", "BirthDt TEXT", "RaceCd TEXT",
                   "SexCd TEXT", "ResAddr TEXT", "ResApt TEXT", "ResCity TEXT",
                   "ResZip TEXT", "HomePh TEXT", "EmailAddr TEXT", "SSNum TEXT")
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tblOfficer", ("OffKey INTEGER PRIMARY KEY", "BadgeNum TEXT", *_PERSON_COLUMNS,
                    "CellPh TEXT", "HireDt TEXT", "RankCd TEXT", "AssignCd TEXT",
                    "StatusCd TEXT")),
    ("tblPerson", ("PersKey INTEGER PRIMARY KEY", *_PERSON_COLUMNS, "AKA TEXT",
                   "WorkPh TEXT", "DLNum TEXT")),
    ("tblIncident", ("IncKey INTEGER PRIMARY KEY", "IncNo TEXT", "IncTypeCd TEXT",
                     "RcvdDt TEXT", "OccDt TEXT", "District TEXT", "Beat TEXT",
                     "IncLoc TEXT", "Narrative TEXT", "AllegText TEXT", "InternalNotes TEXT",
                     "CaseStatus TEXT", "ModifiedDt TEXT")),
    ("tblInvolvement", ("InvKey INTEGER PRIMARY KEY", "IncKey INTEGER", "OffKey INTEGER",
                        "PersKey INTEGER", "ActionCd TEXT", "FindingCd TEXT",
                        "DisciplineCd TEXT", "WeaponCd TEXT", "Shots INTEGER",
                        "OffInjured TEXT", "SubjInjured TEXT", "Hospitalized TEXT",
                        "Armed TEXT", "Hit TEXT", "Killed TEXT", "ReasonCd TEXT",
                        "EndCd TEXT", "Minutes REAL", "Miles REAL", "TopSpeed INTEGER",
                        "Crash TEXT", "DispoCd TEXT")),
)
TABLE_NAMES = tuple(name for name, _ in TABLES)

INCIDENT_TYPES = ("CC", "IC", "UOF", "OIS", "VP", "ASLT")
INCIDENT_TYPE_WEIGHTS = (40, 10, 30, 5, 8, 7)
_NARRATIVE_TYPE = {"ASLT": "AOO"}  # the narrative templates' name for assaults
ALLEGATIONS = ("C", "F", "U", "N", "A", "S", "D", "T")
FINDINGS = ("S", "NS", "E", "U", "WD", "AC")
FINDING_WEIGHTS = (15, 30, 20, 20, 8, 7)
DISCIPLINES = ("N", "C", "W", "S", "T")
FORCE_TYPES = ("HANDS", "TAKEDOWN", "WRISTLOCK", "OC", "TASER", "BATON", "K9", "FIREARM")
FORCE_WEIGHTS = (30, 20, 10, 8, 14, 4, 4, 10)
SUBJECT_WEAPONS = ("GUN", "KNIFE", "CAR", "NONE")
PURSUIT_REASONS = ("T", "F", "S", "D")
PURSUIT_ENDS = ("STOP", "CRASH", "ABND", "LOST")
DISPOSITIONS = ("J", "NJ", "P")
RANKS = ("OFC", "CPL", "SGT", "LT", "CPT", "DET")
UNITS = ("PAT", "TRF", "NARC", "K9", "INV")
DISTRICTS = ("N", "S", "E", "W")
BEATS = tuple(f"{d}{n:02d}" for d in DISTRICTS for n in range(1, 11))
_FLAGS = {True: ("-1", "-1", "Y", "Yes"), False: ("0", "0", "N", "No")}
_FIRST_DAY, _DAYS = date(2016, 1, 1), 3000
_BATCH = 5_000


def generate_style_b_database(path: Path, incidents: int = 300, seed: int = 2016
                              ) -> dict[str, int]:
    """Create the style-b SQLite database at ``path`` (must not exist); rows per table.

    Deterministic for the same ``(incidents, seed)``; rows are written in batches, so
    memory stays flat. On any failure the partial file is removed."""
    with open(path, "xb"):
        pass
    try:
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA journal_mode=OFF")
            for name, cols in TABLES:
                conn.execute(f"CREATE TABLE {name} ({', '.join(cols)})")
            writer = _Writer(conn)
            _Agency(random.Random(seed), writer).run(incidents)
            writer.flush()
        conn.close()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return dict(writer.counts)


class _Writer:
    """Buffers rows per table and writes them in batches."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.rows: dict[str, list[tuple[object, ...]]] = {n: [] for n in TABLE_NAMES}
        self.counts = dict.fromkeys(TABLE_NAMES, 0)
        self.sql = {n: f"INSERT INTO {n} VALUES ({', '.join('?' * len(c))})"
                    for n, c in TABLES}

    def add(self, table: str, *row: object) -> int:
        """Append a row whose key is given here (the row's number); returns that key."""
        key = self.counts[table] + len(self.rows[table]) + 1
        self.rows[table].append((key, *row))
        if len(self.rows[table]) >= _BATCH:
            self.flush()
        return key

    def flush(self) -> None:
        for name, rows in self.rows.items():
            self.conn.executemany(self.sql[name], rows)
            self.counts[name] += len(rows)
            rows.clear()


class _Agency:
    def __init__(self, rng: random.Random, writer: _Writer) -> None:
        self.rng, self.out = rng, writer
        self.officers: list[Person] = []

    def run(self, incidents: int) -> None:
        for badge in self.rng.sample(range(100, 1000), min(max(incidents // 5, 30), 900)):
            self.officer(str(badge))
        for _ in range(incidents):
            self.incident()

    def _person(self, sex: str, born: int) -> tuple[Person, tuple[object, ...]]:
        rng = self.rng
        first, last, middle, nick = person_name(rng, sex)
        dob = date(born, 1, 1) + timedelta(days=rng.randrange(365))
        street, apt = street_address(rng)
        city, _state, zip3 = rng.choice(pools.CITIES)
        phone, email = phone_number(rng), email_address(rng, first, last, born)
        ssn = fake_ssn(rng)
        dob_text = f"{dob.month:02d}/{dob.day:02d}/{dob.year}"
        person = Person(first, last, middle, nick, sex, None, None, phone, email,
                        f"{street} {apt}" if apt else street, dob_text, ssn, None)
        columns = (last.upper() if rng.random() < 0.3 else last, first,
                   middle[0] if middle else None,
                   fmt_date(rng, datetime(dob.year, dob.month, dob.day), junk=False),
                   messy(rng, pick(rng, pools.RACES, pools.RACE_WEIGHTS)), messy(rng, sex),
                   street, apt, city, f"{zip3}{rng.randrange(100):02d}"
                   + (f"-{rng.randrange(10_000):04d}" if rng.random() < 0.2 else ""),
                   phone, maybe(rng, email, 0.3), maybe(rng, ssn, 0.3))
        return person, columns

    def officer(self, badge: str) -> None:
        rng = self.rng
        person, columns = self._person(pick(rng, pools.SEXES, (80, 18, 1, 1)),
                                       rng.randint(1960, 1994))
        rank = pick(rng, RANKS, (60, 10, 14, 6, 2, 8))
        self.officers.append(person._replace(badge=badge, rank=rank))
        hired = datetime(rng.randint(1990, 2015), rng.randint(1, 12), rng.randint(1, 28))
        self.out.add("tblOfficer", badge, *columns, maybe(rng, phone_number(rng), 0.4),
                     fmt_date(rng, hired, junk=False), messy(rng, rank),
                     rng.choice(UNITS), rng.choice(("A", "A", "A", "R", "S")))

    def citizen(self) -> tuple[int, Person]:
        rng = self.rng
        person, columns = self._person(pick(rng, pools.SEXES, (62, 34, 2, 2)),
                                       rng.randint(1945, 2006))
        key = self.out.add("tblPerson", *columns, maybe(rng, person.nick or "", 0.5) or None,
                           maybe(rng, phone_number(rng), 0.7), maybe(rng, dl_number(rng), 0.5))
        return key, person

    def incident(self) -> None:
        rng = self.rng
        kind = pick(rng, INCIDENT_TYPES, INCIDENT_TYPE_WEIGHTS)
        when = datetime.combine(_FIRST_DAY + timedelta(days=rng.randrange(_DAYS)),
                                datetime.min.time()) + timedelta(minutes=rng.randrange(1440))
        accused = rng.sample(range(len(self.officers)), rng.choice((1, 1, 2)))
        citizens = [self.citizen() for _ in range(0 if kind == "IC" else
                                                  rng.choice((1, 1, 2)))]
        key = self.out.counts["tblIncident"] + len(self.out.rows["tblIncident"]) + 1
        for index in accused:
            self.involvement(key, kind, index + 1, citizens[0][0] if citizens else None)
        officers = [self.officers[i] for i in accused]
        people = [p for _k, p in citizens]
        beat = rng.choice(BEATS)
        sergeant = rng.choice(self.officers)
        self.out.add(
            "tblIncident", f"{when.year % 100:02d}-{key:05d}", kind, fmt_date(rng, when),
            maybe(rng, fmt_date(rng, when - timedelta(days=rng.randrange(30))), 0.05),
            beat[0], beat, maybe(rng, street_address(rng)[0], 0.1),
            synopsis(rng, _NARRATIVE_TYPE.get(kind, kind), officers, people,
                     rng.choice(pools.CITIES)[0]),
            self._allegation_text(kind, people or officers),
            f"reviewed {when:%m/%d}; sgt {sergeant.last} note: call back at {sergeant.phone}",
            rng.choice(("OPEN", "CLOSED", "CLOSED")),
            (when + timedelta(days=rng.randrange(400))).strftime("%Y-%m-%d %H:%M:%S"))

    def _allegation_text(self, kind: str, people: list[Person]) -> str:
        person = people[0]
        named = (mention(self.rng, person) if self.rng.random() < 0.5
                 else f"{person.first} {person.last}")
        return f"Alleged {kind} toward {named}"

    def _flag(self, share_true: float) -> str:
        return self.rng.choice(_FLAGS[self.rng.random() < share_true])

    def involvement(self, incident: int, kind: str, officer: int, person: int | None) -> None:
        rng = self.rng
        flag = self._flag
        blank: list[object] = [None] * 18
        row: list[object]
        if kind in ("CC", "IC"):
            for code in rng.sample(ALLEGATIONS, rng.choice((1, 1, 2, 3))):
                finding = pick(rng, FINDINGS, FINDING_WEIGHTS)
                blank[:3] = messy(rng, code), messy(rng, finding), (
                    rng.choice(DISCIPLINES) if finding == "S" else None)
                self.out.add("tblInvolvement", incident, officer,
                             person if kind == "CC" else None, *blank)
            return
        if kind == "UOF":
            for force in rng.sample(FORCE_TYPES, rng.choice((1, 2))):
                row = [messy(rng, force), None, None, None, None, flag(0.1), flag(0.3),
                       flag(0.1), *[None] * 9, messy(rng, pick(rng, DISPOSITIONS, (85, 5, 10)))]
                self.out.add("tblInvolvement", incident, officer, person, *row)
            return
        if kind == "OIS":
            row = [None, None, None, messy(rng, rng.choice(SUBJECT_WEAPONS)),
                   rng.randint(1, 12), flag(0.1), flag(0.5), flag(0.4), flag(0.8), flag(0.5),
                   flag(0.2), None, None, None, None, None, None, rng.choice(DISPOSITIONS)]
        elif kind == "VP":
            minutes = round(rng.uniform(0.5, 20), 1)
            row = [None] * 11 + [rng.choice(PURSUIT_REASONS), rng.choice(PURSUIT_ENDS),
                                 minutes, round(minutes * rng.uniform(0.3, 1.2), 2),
                                 rng.randint(35, 120), flag(0.15), rng.choice(DISPOSITIONS)]
        else:  # ASLT: an assault on the officer
            row = [None, None, None, messy(rng, rng.choice(SUBJECT_WEAPONS)), None,
                   flag(0.4), *[None] * 12]
        self.out.add("tblInvolvement", incident, officer, person, *row)
