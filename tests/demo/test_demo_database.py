"""Tests for the deterministic IA Pro-style demo database generator."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from iaextract.demo.database import TABLE_NAMES, DemoStats, generate_demo_database

CHILD_TABLES = {
    "UseOfForce": "UOF",
    "Shootings": "OIS",
    "Pursuits": "VP",
    "AssaultsOnOfficers": "AOO",
}


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as conn:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLE_NAMES}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, DemoStats]]:
    path = tmp_path_factory.mktemp("demo") / "ia.db"
    yield path, generate_demo_database(path, incidents=2_000, seed=2015)


@pytest.fixture(scope="module")
def conn(demo: tuple[Path, DemoStats]) -> Iterator[sqlite3.Connection]:
    c = sqlite3.connect(f"file:{demo[0]}?mode=ro", uri=True)
    yield c
    c.close()


def _column(conn: sqlite3.Connection, sql: str) -> list[str]:
    return [r[0] for r in conn.execute(sql) if r[0] is not None]


def test_same_seed_identical_different_seed_differs(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    stats_a = generate_demo_database(a, incidents=150, seed=7)
    stats_b = generate_demo_database(b, incidents=150, seed=7)
    generate_demo_database(c, incidents=150, seed=8)
    assert _dump(a) == _dump(b)
    assert stats_a.counts == stats_b.counts
    assert _dump(a)["Incidents"] != _dump(c)["Incidents"]


def test_refuses_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        generate_demo_database(path, incidents=10)
    assert path.read_bytes() == b"keep me"


def test_invalid_count_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate_demo_database(tmp_path / "y.db", incidents=0)
    assert not (tmp_path / "y.db").exists()


def test_stats_match_table_counts(demo: tuple[Path, DemoStats], conn: sqlite3.Connection) -> None:
    _, stats = demo
    assert set(stats.counts) == set(TABLE_NAMES)
    for table in TABLE_NAMES:
        (n,) = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()
        assert n == stats.counts[table], table
    assert stats.counts["Incidents"] == 2_000
    assert stats.counts["Employees"] == 500


def test_stats_frozen(demo: tuple[Path, DemoStats]) -> None:
    _, stats = demo
    assert stats.total_rows == sum(stats.counts.values())
    with pytest.raises(AttributeError):
        stats.seed = 1  # type: ignore[misc]


def test_schema_columns(conn: sqlite3.Connection) -> None:
    cols = [r[1] for r in conn.execute("PRAGMA table_info(Allegations)")]
    assert cols == ["AllegationID", "IncidentID", "EmployeeID", "CitizenID", "AllegCode",
                    "Finding", "FindingDate", "Discipline"]
    tables = _column(conn, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    assert sorted(tables) == sorted(TABLE_NAMES)


@pytest.mark.parametrize("table", [*CHILD_TABLES, "Allegations", "IncidentOfficers",
                                   "IncidentCitizens"])
def test_children_refer_to_existing_rows(conn: sqlite3.Connection, table: str) -> None:
    orphan_incidents = conn.execute(
        f"SELECT COUNT(*) FROM {table} x LEFT JOIN Incidents i USING (IncidentID) "
        "WHERE i.IncidentID IS NULL").fetchone()[0]
    assert orphan_incidents == 0
    cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    if "EmployeeID" in cols:
        assert conn.execute(
            f"SELECT COUNT(*) FROM {table} x LEFT JOIN Employees e USING (EmployeeID) "
            "WHERE e.EmployeeID IS NULL").fetchone()[0] == 0
    for cit_col in ("CitizenID", "SuspectCitizenID"):
        if cit_col in cols:
            assert conn.execute(
                f"SELECT COUNT(*) FROM {table} x LEFT JOIN Citizens c "
                f"ON c.CitizenID = x.{cit_col} "
                f"WHERE x.{cit_col} IS NOT NULL AND c.CitizenID IS NULL").fetchone()[0] == 0


def test_incident_type_matches_child_table(conn: sqlite3.Connection) -> None:
    for table, itype in CHILD_TABLES.items():
        types = _column(conn, f"SELECT DISTINCT i.IncidentType FROM {table} "
                              "JOIN Incidents i USING (IncidentID)")
        assert types == [itype], table
    types = set(_column(conn, "SELECT DISTINCT i.IncidentType FROM Allegations "
                              "JOIN Incidents i USING (IncidentID)"))
    assert types == {"CC", "IC"}
    # IC allegations have no citizen; CC allegations always name their complainant.
    assert conn.execute(
        "SELECT COUNT(*) FROM Allegations a JOIN Incidents i USING (IncidentID) "
        "WHERE (i.IncidentType = 'IC') = (a.CitizenID IS NULL)").fetchone()[0] == len(
        _column(conn, "SELECT AllegationID FROM Allegations"))


def test_allegation_citizen_is_a_complainant(conn: sqlite3.Connection) -> None:
    bad = conn.execute(
        "SELECT COUNT(*) FROM Allegations a WHERE a.CitizenID IS NOT NULL AND NOT EXISTS ("
        " SELECT 1 FROM IncidentCitizens ic WHERE ic.IncidentID = a.IncidentID"
        " AND ic.CitizenID = a.CitizenID AND ic.RoleCode = 'COMP')").fetchone()[0]
    assert bad == 0


def test_multi_complainant_incidents(conn: sqlite3.Connection) -> None:
    rows = conn.execute(
        "SELECT IncidentID, COUNT(DISTINCT CitizenID) FROM Allegations "
        "WHERE CitizenID IS NOT NULL GROUP BY IncidentID").fetchall()
    multi = [r for r in rows if r[1] >= 2]
    assert multi
    share = len(multi) / len(rows)
    assert 0.12 < share < 0.3


def test_incident_mix_and_numbers(conn: sqlite3.Connection) -> None:
    counts = dict(conn.execute("SELECT IncidentType, COUNT(*) FROM Incidents GROUP BY 1"))
    assert set(counts) == set(CHILD_TABLES.values()) | {"CC", "IC"}
    assert 0.33 < counts["CC"] / 2_000 < 0.47
    numbers = _column(conn, "SELECT IncidentNumber FROM Incidents")
    assert all(re.fullmatch(r"IA20(1[5-9]|2[0-4])-\d{5}", n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    modified = _column(conn, "SELECT LastModified FROM Incidents")
    assert all(re.fullmatch(r"20(1[5-9]|2[0-4])-\d\d-\d\d \d\d:\d\d:\d\d", m) for m in modified)


def test_every_phone_format_present(conn: sqlite3.Connection) -> None:
    phones = _column(conn, "SELECT Phone FROM Citizens UNION ALL SELECT AltPhone FROM Citizens "
                           "UNION ALL SELECT HomePhone FROM Employees")
    patterns = [r"\(\d{3}\) \d{3}-\d{4}", r"\d{3}-\d{3}-\d{4}", r"\d{3}\.\d{3}\.\d{4}",
                r"\d{10}", r"\+1 \d{3} \d{3} \d{4}", r"1-\d{3}-\d{3}-\d{4} x\d+"]
    for pattern in patterns:
        assert any(re.fullmatch(pattern, p) for p in phones), pattern
    assert all(any(re.fullmatch(p, ph) for p in patterns) for ph in phones)
    assert any(not p.startswith(("555", "(555)")) for p in phones)


def test_mixed_date_formats_present(conn: sqlite3.Connection) -> None:
    dates = _column(conn, "SELECT ReceivedDate FROM Incidents UNION ALL "
                          "SELECT DOB FROM Citizens UNION ALL SELECT FindingDate FROM Allegations")
    patterns = [r"\d{4}-\d\d-\d\d", r"\d\d/\d\d/\d{4}", r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d\d",
                r"\d{4}-\d\d-\d\dT\d\d:\d\d:00", r"[A-Z][a-z]{2} \d{1,2}, \d{4}",
                r"\d\d-[A-Z]{3}-\d{4}"]
    for pattern in patterns:
        assert any(re.fullmatch(pattern, d) for d in dates), pattern
    junk = [d for d in dates if not any(re.fullmatch(p, d) for p in patterns)]
    assert junk, "expected some unparseable dates"
    assert len(junk) < 0.02 * len(dates)


def test_occurred_not_after_received(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT ReceivedDate, OccurredDate FROM Incidents "
                        "WHERE ReceivedDate LIKE '____-__-__' "
                        "AND OccurredDate LIKE '____-__-__'").fetchall()
    assert rows
    assert all(occ <= rec for rec, occ in rows)


def test_adversarial_names(conn: sqlite3.Connection) -> None:
    last = _column(conn, "SELECT LastName FROM Citizens UNION ALL SELECT LastName FROM Employees")
    assert any("\u2019" in n for n in last), "curly apostrophe names"
    assert any("'" in n for n in last)
    assert any("-" in n for n in last)
    assert any(n.startswith(("Mc", "Mac")) for n in last)
    first = _column(conn, "SELECT FirstName FROM Citizens")
    assert {"Will", "Rose", "Mark"} & set(first)
    assert any(ch in "".join(first + last) for ch in "éñëü")
    assert _column(conn, "SELECT Nickname FROM Citizens")


def test_messy_codes_present(conn: sqlite3.Connection) -> None:
    findings = _column(conn, "SELECT Finding FROM Allegations")
    valid = {"SUS", "NS", "EXON", "UNF", "WD", "PEND", "ADM"}
    stray = [f for f in findings if f != f.strip()]
    assert stray, "stray-space codes"
    assert any(f.strip() != f.strip().upper() for f in findings), "lower/mixed case codes"
    unknown = [f for f in findings if f.strip().upper() not in valid]
    assert unknown and len(unknown) < 0.05 * len(findings)
    districts = _column(conn, "SELECT District FROM Incidents")
    assert any(d != d.strip() for d in districts)


def test_nulls_sprinkled(conn: sqlite3.Connection) -> None:
    for table, col in [("Citizens", "MiddleName"), ("Citizens", "Apt"), ("Citizens", "Phone"),
                       ("Citizens", "Email"), ("Citizens", "Race"), ("Incidents", "OccurredDate")]:
        (n,) = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {col} IS NULL").fetchone()
        assert n > 0, (table, col)


def test_synopsis_names_people_in_many_forms(conn: sqlite3.Connection) -> None:
    rows = conn.execute(
        "SELECT i.Synopsis, c.FirstName, c.LastName FROM Incidents i "
        "JOIN IncidentCitizens ic USING (IncidentID) JOIN Citizens c USING (CitizenID)"
    ).fetchall()
    caps = lastfirst = 0
    for text, first, last in rows:
        for name in {last, last.replace("\u2019", "'"), last.replace("'", "\u2019")}:
            caps += f"{first} {name}".upper() in text
            lastfirst += f"{name}, {first}" in text or f"{name}, {first}".upper() in text
    assert caps > 10
    assert lastfirst > 10
    texts = _column(conn, "SELECT Synopsis FROM Incidents")
    blob = "\n".join(texts)
    assert "\u2019s " in blob and "'s " in blob
    assert re.search(r"#\d{4}\b", blob), "badge numbers"
    assert re.search(r"\b(Ofc\.|Officer|Sgt\.) ", blob)
    assert re.search(r"[\w.]+@[\w.]+\.(com|org|net)", blob)
    assert re.search(r"DOB \d\d/\d\d/\d{4}", blob)
    for phrase in ("will provide", "tension rose", "may have", "young man", "did not grant",
                   "a mark on the wrist", "body-worn camera", "district station"):
        assert phrase in blob.lower(), phrase
    assert "Darnell Hughes" in blob
