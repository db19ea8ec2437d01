"""Deterministic IA Pro-style demo database generator.

``generate_demo_database`` writes a SQLite file shaped like an agency's internal-affairs
database (SQL-Server-style PascalCase tables), filled with adversarial but entirely
fictitious data: names that are also English words, messy codes, mixed date and phone
formats, and narratives full of personal details.  It is what ``iaextract demo`` and the
leak tests run against.  See docs/demo-database.md.
"""

from __future__ import annotations

import random
import sqlite3
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from iaextract.demo import pools
from iaextract.demo.narratives import Person, synopsis
from iaextract.demo.pools import (
    citizen_roles,
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
    yes_no,
)
from iaextract.demo.tables import FK_COLUMNS, TABLE_NAMES, TABLES

#: Rows buffered per table before a batch is written (one transaction per batch).
BATCH_SIZE = 5_000

# Weights for 1, 2 or 3 involved officers, and for 1-3 allegations / force types per
# officer: skewed high so 200k incidents give close to a million allegation+force rows.
_OFFICERS_WEIGHTS = (25, 35, 40)
_ITEMS_WEIGHTS = (30, 35, 35)

_FIRST_DAY = date(2015, 1, 1)
_LAST_RECEIVED = date(2024, 6, 30)
_LAST_MODIFIED = datetime(2024, 12, 31, 23, 59, 59)


@dataclass(frozen=True)
class DemoStats:
    """Result of :func:`generate_demo_database`: where it wrote and rows per table."""

    path: Path
    incidents: int
    seed: int
    counts: dict[str, int]

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


def generate_demo_database(path: Path, incidents: int = 300, seed: int = 2015) -> DemoStats:
    """Create a new SQLite demo database at ``path`` and return its row counts.

    The content of every table is identical for the same ``(incidents, seed)`` on every
    run and platform (with the same Python minor version: ``random``'s algorithms are
    only stable within one).  Rows are generated and inserted in batches, so memory stays flat
    even for 200,000 incidents.  Raises ``FileExistsError`` if ``path`` exists and
    ``ValueError`` if ``incidents`` < 1; on any failure the partial file is removed.
    """
    path = Path(path)
    if incidents < 1:
        raise ValueError(f"incidents must be at least 1, got {incidents}")
    # Exclusive create: refuses an existing file atomically (no check-then-open race).
    with open(path, "xb"):
        pass
    try:
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            counts = _generate(conn, incidents, seed)
        finally:
            conn.close()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return DemoStats(path=path, incidents=incidents, seed=seed, counts=counts)


def _generate(conn: sqlite3.Connection, incidents: int, seed: int) -> dict[str, int]:
    # Generation writes a throw-away file: durability buys nothing, speed matters.
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    for name, cols in TABLES:
        conn.execute(f"CREATE TABLE {name} ({', '.join(cols)})")
    gen = _Generator(random.Random(seed), incidents, conn)
    gen.run()
    # Indexes after loading: cheaper than maintaining them row by row.
    for name, cols in TABLES:
        for col in cols:
            col_name = col.split()[0]
            if col_name in FK_COLUMNS and not col.endswith("PRIMARY KEY"):
                conn.execute(f"CREATE INDEX IX_{name}_{col_name} ON {name} ({col_name})")
    return dict(gen.counts)


# --- the generator -----------------------------------------------------------------------

_Row = tuple[object, ...]


class _Generator:
    """Streams rows into per-table buffers and flushes them in one transaction per batch."""

    def __init__(self, rng: random.Random, incidents: int, conn: sqlite3.Connection) -> None:
        self.rng, self.n, self.conn = rng, incidents, conn
        self.buffers: dict[str, list[_Row]] = {name: [] for name in TABLE_NAMES}
        self.counts: dict[str, int] = {name: 0 for name in TABLE_NAMES}
        self.sql = {
            name: f"INSERT INTO {name} VALUES ({', '.join('?' * len(cols))})"
            for name, cols in TABLES
        }
        self.employees: list[Person] = []  # EmployeeID = index + 1; at most 5,000
        # Citizens mostly appear once; a bounded window of recent ones lets some repeat
        # without keeping every citizen in memory.
        self.recent: deque[tuple[int, Person]] = deque(maxlen=2_000)
        self.next_id = {name: 1 for name in TABLE_NAMES}
        self.year_seq: dict[int, int] = {}

    def add(self, table: str, row: _Row) -> None:
        buf = self.buffers[table]
        buf.append(row)
        if len(buf) >= BATCH_SIZE:
            self.flush()

    def new_id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def flush(self) -> None:
        self.conn.execute("BEGIN")
        for name in TABLE_NAMES:
            buf = self.buffers[name]
            if buf:
                self.conn.executemany(self.sql[name], buf)
                self.counts[name] += len(buf)
                buf.clear()
        self.conn.execute("COMMIT")

    def run(self) -> None:
        n_emp = min(max(self.n // 4, 40), 5_000)
        badges = self.rng.sample(range(1_000, 10_000), n_emp)
        for badge in badges:
            self.employee(badge)
        for _ in range(self.n):
            self.incident()
        self.flush()

    # -- people --

    def _person_common(self, sex: str, dob: datetime) -> tuple[
            str, str, str | None, str | None, str, str | None, str, str, str, str]:
        rng = self.rng
        first, last, middle, nick = person_name(rng, sex)
        street, apt = street_address(rng)
        city, state, zip3 = rng.choice(pools.CITIES)
        zip_code = f"{zip3}{rng.randrange(100):02d}"
        if rng.random() < 0.15:
            zip_code += f"-{rng.randrange(10_000):04d}"
        email = email_address(rng, first, last, dob.year)
        return first, last, middle, nick, street, apt, city, state, zip_code, email

    def _dob(self, first_year: int, last_year: int) -> datetime:
        start = date(first_year, 1, 1).toordinal()
        day = date.fromordinal(start + self.rng.randrange(365 * (last_year - first_year)))
        return datetime(day.year, day.month, day.day)

    def employee(self, badge: int) -> None:
        rng = self.rng
        eid = self.new_id("Employees")
        sex = pick(rng, pools.SEXES, (80, 18, 1, 1))
        dob = self._dob(1955, 1993)
        first, last, middle, nick, street, apt, city, state, zip_code, email = (
            self._person_common(sex, dob))
        # Hired at 21 or later and before the first incident: any officer may be named in
        # any incident, and a hire after it would make years of service negative.
        years = rng.randint(21, max(21, min(40, _FIRST_DAY.year - 1 - dob.year)))
        hire = min(dob + timedelta(days=365 * years + rng.randrange(365)),
                   datetime(_FIRST_DAY.year - 1, 12, 31))
        rank = pick(rng, pools.RANKS, pools.RANK_WEIGHTS)
        home, cell = maybe(rng, phone_number(rng), 0.3), maybe(rng, phone_number(rng), 0.1)
        ssn, dl = fake_ssn(rng), dl_number(rng)
        home_street = f"{street} {apt}" if apt else street
        self.employees.append(Person(
            first, last, middle, nick, sex, str(badge), rank, cell or home, email,
            home_street, f"{dob.month:02d}/{dob.day:02d}/{dob.year}", ssn, dl))
        self.add("Employees", (
            eid, str(badge), last, first, middle, nick, fmt_date(rng, dob),
            messy(rng, maybe(rng, pick(rng, pools.RACES, pools.RACE_WEIGHTS), 0.03)),
            messy(rng, sex), fmt_date(rng, hire), messy(rng, rank),
            messy(rng, rng.choice(pools.UNITS)), home_street, city, state, zip_code,
            home, cell, maybe(rng, email, 0.2), ssn, maybe(rng, dl, 0.1),
            messy(rng, rng.choice(pools.EMPLOYEE_STATUSES), junk=False)))

    def citizen(self, taken: list[int]) -> tuple[int, Person]:
        """A citizen for an incident: usually new, sometimes one seen recently."""
        rng = self.rng
        if self.recent and rng.random() < 0.06:
            cid, person = self.recent[rng.randrange(len(self.recent))]
            if cid not in taken:
                return cid, person
        cid = self.new_id("Citizens")
        sex = pick(rng, pools.SEXES, (62, 34, 2, 2))
        dob = self._dob(1945, 2008)
        first, last, middle, nick, street, apt, city, state, zip_code, email = (
            self._person_common(sex, dob))
        maiden = rng.choice(pools.LAST_NAMES) if sex == "F" and rng.random() < 0.15 else None
        phone, alt = maybe(rng, phone_number(rng), 0.15), maybe(rng, phone_number(rng), 0.7)
        email_out = maybe(rng, email, 0.45)
        ssn, dl = maybe(rng, fake_ssn(rng), 0.6), maybe(rng, dl_number(rng), 0.4)
        dob_text = f"{dob.month:02d}/{dob.day:02d}/{dob.year}"
        person = Person(first, last, middle, nick, sex, None, None, phone or alt, email_out,
                        f"{street} {apt}" if apt else street, dob_text, ssn, dl)
        self.add("Citizens", (
            cid, last, first, middle, maiden, nick,
            maybe(rng, fmt_date(rng, dob), 0.08),
            messy(rng, maybe(rng, pick(rng, pools.RACES, pools.RACE_WEIGHTS), 0.1)),
            messy(rng, maybe(rng, sex, 0.05)), street, apt, city, state,
            maybe(rng, zip_code, 0.05), phone, alt, email_out, ssn, dl))
        self.recent.append((cid, person))
        return cid, person

    def officers(self, count: int) -> list[int]:
        """``count`` distinct employee indexes, skewed so some officers recur often."""
        n_emp, chosen = len(self.employees), list[int]()
        while len(chosen) < count:
            idx = int(n_emp * self.rng.random() ** 1.6)
            if idx not in chosen:
                chosen.append(idx)
        return chosen

    # -- incidents --

    def incident(self) -> None:
        rng = self.rng
        iid = self.new_id("Incidents")
        itype = pick(rng, pools.INCIDENT_TYPES, pools.INCIDENT_TYPE_WEIGHTS)
        span = (_LAST_RECEIVED - _FIRST_DAY).days
        # Received dates advance with IncidentID (as in a real case log), with jitter.
        offset = min(max(span * (iid - 1) // self.n + rng.randint(-3, 3), 0), span)
        day = _FIRST_DAY + timedelta(days=offset)
        received = datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60))
        seq = self.year_seq.get(received.year, 0) + 1
        self.year_seq[received.year] = seq
        occurred = received - timedelta(minutes=rng.randint(10, 60 * 24 * 45))
        modified = min(received + timedelta(seconds=rng.randint(3_600, 86_400 * 420)),
                       _LAST_MODIFIED)
        closed = (modified - received).days > 45 and rng.random() < 0.92

        inv = self.officers(rng.choices((1, 2, 3), _OFFICERS_WEIGHTS)[0])
        for idx in inv:
            self.add("IncidentOfficers", (self.new_id("IncidentOfficers"), iid, idx + 1, "INV"))
        wit_off: list[int] = []
        # An internal complaint always has a reporting officer besides the accused.
        if itype == "IC" or rng.random() < 0.2:
            wit_off = [i for i in self.officers(len(inv) + 1) if i not in inv][:1]
            for idx in wit_off:
                self.add("IncidentOfficers",
                         (self.new_id("IncidentOfficers"), iid, idx + 1, "WIT"))

        roles = citizen_roles(rng, itype)
        cits: list[tuple[int, Person, str]] = []
        for role in roles:
            cid, person = self.citizen([c[0] for c in cits])
            cits.append((cid, person, role))
            self.add("IncidentCitizens", (self.new_id("IncidentCitizens"), iid, cid, role))
        main = [c for c in cits if c[2] in ("COMP", "SUBJ")]

        ctx = (iid, received, modified, closed)
        if itype in ("CC", "IC"):
            self.allegations(ctx, inv, [c[0] for c in main] if itype == "CC" else [None])
        elif itype == "UOF":
            self.use_of_force(ctx, inv, [c[0] for c in main])
        elif itype == "OIS":
            self.shootings(ctx, inv, main[0][0])
        elif itype == "VP":
            self.pursuits(ctx, inv, main[0][0] if main else None)
        else:
            self.assaults(ctx, inv, main[0][0])

        ordered = main + [c for c in cits if c[2] not in ("COMP", "SUBJ")]
        officers = [self.employees[i] for i in inv + wit_off]
        city = rng.choice(pools.CITIES)[0]
        text = synopsis(rng, itype, officers, [c[1] for c in ordered], city)
        street, _apt = street_address(rng)
        location = street if rng.random() < 0.7 else (
            f"{rng.choice(pools.STREET_NAMES)} St & {rng.choice(pools.STREET_NAMES)} Ave")
        self.add("Incidents", (
            iid, f"IA{received.year}-{seq:05d}", itype, fmt_date(rng, received),
            maybe(rng, fmt_date(rng, occurred), 0.08),
            messy(rng, rng.choice(pools.DISTRICTS)), maybe(rng, location, 0.03),
            messy(rng, rng.choice(pools.SERVICE_TYPES)),
            messy(rng, "INTERNAL" if itype != "CC" else rng.choice(pools.HOW_RECEIVED[:5])),
            text, messy(rng, "CLOSED" if closed else "OPEN", junk=False),
            modified.strftime("%Y-%m-%d %H:%M:%S")))

    # -- child tables; ctx = (IncidentID, received, last modified, closed) --

    def _finding(self, ctx: tuple[int, datetime, datetime, bool]) -> tuple[str, datetime | None]:
        _iid, received, modified, closed = ctx
        rng = self.rng
        if not closed:
            return "PEND", None
        days = max((modified - received).days, 1)
        return (pick(rng, pools.FINDINGS, pools.FINDING_WEIGHTS),
                received + timedelta(days=rng.randint(1, days)))

    def allegations(self, ctx: tuple[int, datetime, datetime, bool], inv: list[int],
                    complainants: list[int | None]) -> None:
        # Every complainant gets their own rows: dropping the second complainant is the
        # classic export bug this data is meant to catch.
        rng = self.rng
        for cid in complainants:
            for idx in inv:
                k = rng.choices((1, 2, 3), _ITEMS_WEIGHTS)[0]
                for code in rng.sample(pools.ALLEG_CODES, k):
                    finding, when = self._finding(ctx)
                    discipline = (pick(rng, pools.DISCIPLINES, pools.DISCIPLINE_WEIGHTS)
                                  if finding == "SUS" else None)
                    self.add("Allegations", (
                        self.new_id("Allegations"), ctx[0], idx + 1, cid, messy(rng, code),
                        messy(rng, finding), None if when is None else fmt_date(rng, when),
                        messy(rng, discipline)))

    def use_of_force(self, ctx: tuple[int, datetime, datetime, bool], inv: list[int],
                     subjects: list[int]) -> None:
        rng = self.rng
        disposition = "PEND" if not ctx[3] else pick(rng, pools.DISPOSITIONS, (90, 8, 2))
        arrest = rng.random() < 0.85
        for idx in inv:
            k = rng.choices((1, 2, 3), _ITEMS_WEIGHTS)[0]
            forces = rng.sample(pools.FORCE_TYPES, k)
            for force in forces:
                hurt = rng.random() < 0.3
                self.add("UseOfForce", (
                    self.new_id("UseOfForce"), ctx[0], idx + 1, rng.choice(subjects),
                    messy(rng, force), messy(rng, rng.choice(pools.FORCE_REASONS)),
                    messy(rng, rng.choice(pools.RESISTANCE)), yes_no(rng, rng.random() < 0.1),
                    yes_no(rng, hurt), yes_no(rng, hurt and rng.random() < 0.3),
                    yes_no(rng, arrest),
                    messy(rng, disposition)))

    def shootings(self, ctx: tuple[int, datetime, datetime, bool], inv: list[int],
                  subject: int) -> None:
        rng = self.rng
        armed = rng.random() < 0.8
        weapon = rng.choice(pools.SUBJECT_WEAPONS[:-1]) if armed else "NONE"
        hit = rng.random() < 0.55
        killed = hit and rng.random() < 0.4
        disposition = "PEND" if not ctx[3] else pick(rng, pools.DISPOSITIONS, (85, 5, 10))
        for idx in inv:
            self.add("Shootings", (
                self.new_id("Shootings"), ctx[0], idx + 1, subject,
                messy(rng, rng.choice(pools.OFFICER_WEAPONS)), rng.randint(1, 15),
                yes_no(rng, armed), messy(rng, weapon), yes_no(rng, hit), yes_no(rng, killed),
                yes_no(rng, rng.random() < 0.1), messy(rng, disposition)))

    def pursuits(self, ctx: tuple[int, datetime, datetime, bool], inv: list[int],
                 suspect: int | None) -> None:
        rng = self.rng
        reason = rng.choice(pools.PURSUIT_REASONS)
        termination = rng.choice(pools.PURSUIT_TERMINATIONS)
        crash = termination == "CRASH" or rng.random() < 0.1
        minutes = round(rng.uniform(0.5, 25.0), 1)
        miles = round(minutes * rng.uniform(0.3, 1.4), 2)
        injuries = rng.choices((0, 1, 2, 3), (75, 15, 7, 3))[0] if crash else 0
        disposition = "PEND" if not ctx[3] else pick(rng, pools.DISPOSITIONS, (75, 20, 5))
        for idx in inv:
            self.add("Pursuits", (
                self.new_id("Pursuits"), ctx[0], idx + 1, suspect, messy(rng, reason),
                messy(rng, termination), minutes, miles, rng.randint(35, 125),
                yes_no(rng, crash), injuries, messy(rng, disposition)))

    def assaults(self, ctx: tuple[int, datetime, datetime, bool], inv: list[int],
                 subject: int) -> None:
        rng = self.rng
        weapon = pick(rng, pools.AOO_WEAPONS, (60, 10, 5, 10, 15))
        service = rng.choice(pools.SERVICE_TYPES)
        for idx in inv:
            self.add("AssaultsOnOfficers", (
                self.new_id("AssaultsOnOfficers"), ctx[0], idx + 1, subject,
                messy(rng, weapon),
                messy(rng, pick(rng, pools.AOO_INJURIES, (40, 50, 10))),
                messy(rng, service)))
