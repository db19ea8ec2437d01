"""A small IA database with another agency's table and column names.

Several personal columns have names that say nothing (``Surnm``, ``Res``,
``Contact1``, ``TaxNo``, ``BDay``), so only their values can give them away.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

FIRST = ["Will", "Rose", "Marcus", "Lena", "Dmitri", "Aisha", "Connor", "Priya", "Jose",
         "Hannah", "Tobias", "Mei", "Samuel", "Olga", "Kwame"]
LAST = ["King", "O'Neill", "Okafor", "Lindqvist", "Petrov", "Haddad", "Brennan", "Iyer",
        "Alvarez", "Novak", "Tanaka", "Mensah", "Fischer", "Duarte", "Walsh"]
STREETS = ["Maple Ave", "Harbor St", "Linden Blvd", "Quarry Rd", "Elm Ct"]

SCHEMA = """
CREATE TABLE tblOfficer (OfficerNo INTEGER PRIMARY KEY, Surnm TEXT, GivenNm TEXT,
    BDay TEXT, Hired TEXT, Gender TEXT, Ethnicity TEXT, Rank TEXT, BadgeNum TEXT);
CREATE TABLE tblCivilian (CivID INTEGER PRIMARY KEY, Surnm TEXT, GivenNm TEXT, BDay TEXT,
    Res TEXT, Contact1 TEXT, Contact2 TEXT, TaxNo TEXT, Gender TEXT, Ethnicity TEXT);
CREATE TABLE tblComplaint (ComplaintNo INTEGER PRIMARY KEY, CaseNumber TEXT,
    DateOccurred DATE, DateReceived TEXT, Precinct TEXT, Narrative TEXT, Updated TEXT);
CREATE TABLE tblAllegation (AllegID INTEGER PRIMARY KEY, ComplaintNo INTEGER,
    OfficerNo INTEGER, CivID INTEGER, AllegationType TEXT, Finding TEXT);
"""


def make_other_layout(path: Path, complaints: int = 60, seed: int = 7) -> Path:
    """Write the database to ``path`` and return it."""
    rand = random.Random(seed)
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA)
        for n in range(1, 21):
            db.execute("INSERT INTO tblOfficer VALUES (?,?,?,?,?,?,?,?,?)", (
                n, rand.choice(LAST), rand.choice(FIRST),
                f"{rand.randint(1960, 1992)}-{rand.randint(1, 12):02d}-{rand.randint(1, 28):02d}",
                f"{rand.randint(2000, 2020)}-06-01", rand.choice("MF"),
                rand.choice(["W", "B", "H"]), rand.choice(["OFC", "SGT"]),
                str(rand.randint(1000, 9999))))
        for n in range(1, 41):
            db.execute("INSERT INTO tblCivilian VALUES (?,?,?,?,?,?,?,?,?,?)", (
                n, rand.choice(LAST), rand.choice(FIRST),
                f"{rand.randint(1, 12)}/{rand.randint(1, 28)}/{rand.randint(1950, 2004)}",
                f"{rand.randint(10, 9999)} {rand.choice(STREETS)}",
                f"({rand.randint(200, 999)}) 555-{rand.randint(1000, 9999)}",
                f"person{n}@mail.example", f"{rand.randint(100, 899)}-{rand.randint(10, 99)}-"
                f"{rand.randint(1000, 9999)}", rand.choice("MF"), rand.choice(["W", "B", "H"])))
        allegation = 0
        for n in range(1, complaints + 1):
            db.execute("INSERT INTO tblComplaint VALUES (?,?,?,?,?,?,?)", (
                n, f"C{2019 + n % 5}-{n:04d}", f"{2019 + n % 5}-03-{n % 28 + 1:02d}",
                f"{n % 12 + 1}/{n % 28 + 1}/{2019 + n % 5}", rand.choice(["P1", "P2", "P3"]),
                f"Caller {rand.choice(FIRST)} {rand.choice(LAST)} said the officer was rude "
                "during a traffic stop.", f"{2024}-01-{n % 28 + 1:02d} 09:00:00"))
            for _ in range(rand.randint(1, 2)):
                allegation += 1
                db.execute("INSERT INTO tblAllegation VALUES (?,?,?,?,?,?)", (
                    allegation, n, rand.randint(1, 20), rand.randint(1, 40),
                    rand.choice(["RUDE", "FORCE"]), rand.choice(["SUST", "UNF", "EXON"])))
    return path
