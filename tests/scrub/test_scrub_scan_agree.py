"""Issue 16: the scrubber removes whatever the leak scan would flag as a known name, so
a ``narratives = "scrub"`` export of a normal agency publishes. Each miss class found in
a 10,000-incident demo has a unit test with the scan's own matcher as the judge, and a
demo database with those texts planted exports with a clean scan."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from iaextract.leakscan.match import Matcher
from iaextract.leakscan.values import KnownValues
from iaextract.pii.entities import KnownEntities, Person
from iaextract.scrub.scrubber import TextScrubber

from ..support import run_cli, write_config

PEOPLE = [Person(first="Mark", last="May"), Person(first="Summer", last="May"),
          Person(first="Will", last="Rose"), Person(first="Marcus", last="Hill"),
          Person(first="Ben", last="King")]


@pytest.fixture(scope="module")
def scrubber_and_scan() -> tuple[TextScrubber, Matcher]:
    entities, values = KnownEntities(), KnownValues()
    for person in PEOPLE:
        entities.add_person(person)
        values.add_person(person)
    return TextScrubber(entities), Matcher(values.freeze())


# A day without its year keeps its month ("[DATE: May]"); the digits that kept the month
# apart from the next sentence's first word are gone, and "May]. Mark" reads as the
# scan's "May Mark" (Mark May, written LAST FIRST).
MONTH_THEN_GIVEN_NAME = [
    "Body-worn camera footage was reviewed by IA on May 3. Mark the case for follow-up.",
    "Reviewed on May 3. Summer detail assignments were not a factor.",
    "Reviewed on May 3rd - MARK the case.",
    "Seen on May 3, Mark said nothing.",
]


@pytest.mark.parametrize("text", MONTH_THEN_GIVEN_NAME)
def test_a_month_label_never_forms_a_known_name_with_the_next_word(
        scrubber_and_scan: tuple[TextScrubber, Matcher], text: str) -> None:
    scrubber, scan = scrubber_and_scan
    out = scrubber.scrub(text).text
    assert scan.find(out) is None, out


@pytest.mark.parametrize(("text", "kept"), [(MONTH_THEN_GIVEN_NAME[0], "[DATE]. Mark the case"),
                                            (MONTH_THEN_GIVEN_NAME[1], "[DATE]. Summer detail")])
def test_the_month_goes_not_the_prose_after_it(
        scrubber_and_scan: tuple[TextScrubber, Matcher], text: str, kept: str) -> None:
    scrubber, _ = scrubber_and_scan
    assert kept in scrubber.scrub(text).text


@pytest.mark.parametrize("text", ["Reviewed on May 3. The case was closed.",
                                  "Reviewed on June 3. Mark the case."])
def test_a_month_label_that_names_nobody_is_kept(
        scrubber_and_scan: tuple[TextScrubber, Matcher], text: str) -> None:
    scrubber, _ = scrubber_and_scan
    assert "[DATE: " in scrubber.scrub(text).text


@pytest.fixture(scope="module")
def planted_db(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Path:
    """The demo database with the people and summaries of the 10,000-incident misses."""
    path = tmp_path_factory.mktemp("agree") / "source.sqlite"
    shutil.copyfile(demo_db, path)
    with sqlite3.connect(path) as db:
        top = db.execute("SELECT max(CitizenID) FROM Citizens").fetchone()[0]
        db.executemany("INSERT INTO Citizens (CitizenID, LastName, FirstName) VALUES (?, ?, ?)",
                       [(top + i + 1, p.last, p.first) for i, p in enumerate(PEOPLE)])
        incidents = [row[0] for row in db.execute(
            "SELECT DISTINCT IncidentID FROM Allegations ORDER BY IncidentID LIMIT ?",
            (len(MONTH_THEN_GIVEN_NAME),))]
        db.executemany("UPDATE Incidents SET Synopsis = ? WHERE IncidentID = ?",
                       list(zip(MONTH_THEN_GIVEN_NAME, incidents, strict=True)))
    return path


def test_a_scrubbed_export_with_the_misses_planted_publishes(
        tmp_path: Path, planted_db: Path) -> None:
    config = write_config(tmp_path / "agency", planted_db, policy='narratives = "scrub"')
    result = run_cli("export", "-c", str(config), "-d", "complaint_allegations")
    assert result.returncode == 0, result.stdout + result.stderr
    published = (tmp_path / "agency" / "export" / "complaint_allegations.csv").read_text(
        encoding="utf-8")
    assert "[DATE]. Mark the case" in published


# A known surname that is an English word, where a sentence starts: capitals prove
# nothing there, but a verb of speaking after it, a possessive or ALL CAPS do.
@pytest.mark.parametrize(("text", "name"), [
    ("Hill called the station.", "Hill"),
    ("Marcus walked; Hill said no.", "Hill"),
    ("King stated that he left.", "King"),
    ("The call ended. Rose told IA she left.", "Rose"),
    ("ROSE, WILL filed the complaint.", "ROSE"),
    ("Hill's car was parked.", "Hill"),
    # A given name before a verb of speaking is someone too, known or not ("Mark May"
    # and "Will Rose" are known here; the scan flags neither given name alone).
    ("Mark said the case was closed.", "Mark"),
    ("Will responded after the call.", "Will"),
])
def test_a_known_word_name_that_speaks_is_removed_where_a_sentence_starts(
        scrubber_and_scan: tuple[TextScrubber, Matcher], text: str, name: str) -> None:
    scrubber, scan = scrubber_and_scan
    out = scrubber.scrub(text).text
    assert name not in out and "[PERSON" in out
    assert scan.find(out) is None


@pytest.mark.parametrize("text", ["Hill country was dry that week.",
                                  "King size beds were delivered.",
                                  "Rose petals were found on the porch."])
def test_a_known_word_name_used_as_a_word_where_a_sentence_starts_is_kept(
        scrubber_and_scan: tuple[TextScrubber, Matcher], text: str) -> None:
    scrubber, _ = scrubber_and_scan
    assert scrubber.scrub(text).text == text


def test_a_look_alike_letter_does_not_hide_the_name_after_a_month_label(
        scrubber_and_scan: tuple[TextScrubber, Matcher]) -> None:
    scrubber, scan = scrubber_and_scan
    out = scrubber.scrub("Reviewed on May 3. \u041cark the case.").text  # Cyrillic M
    assert scan.find(out) is None, out
