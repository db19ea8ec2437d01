"""Officers named in narratives get their published ``officer_id`` (issue 16 item 4a),
and people a dataset-wide keyed label when asked (item 4b)."""

from __future__ import annotations

import hmac
import re
import sqlite3
from pathlib import Path

import pytest

from iaextract.config import FieldOverride, PolicyConfig
from iaextract.connectors import open_source
from iaextract.demo import shipped_mappings
from iaextract.mapping.loader import load_mappings
from iaextract.mapping.model import Mapping
from iaextract.pii.entities import KnownEntities, Person
from iaextract.redaction.pseudonym import Pseudonymizer
from iaextract.redaction.redactor import RecordRedactor
from iaextract.schema import DATASETS, Treatment
from iaextract.scrub.narrative import narrative_scrub
from iaextract.scrub.officers import OfficerDirectory, officer_directory
from iaextract.scrub.placeholders import PersonLabeller
from iaextract.scrub.scrubber import TextScrubber
from iaextract.writers.dictionary import policy_lines

KEY = bytes(range(32))
HEX16 = re.compile(r"\[OFFICER ([0-9a-f]{16})\]")


def directory() -> OfficerDirectory:
    officers = OfficerDirectory()
    officers.add("id-hill", "Hill", ["Marcus", "Lee"])
    officers.add("id-brown-a", "Brown", ["Ann"], badge=9562)
    officers.add("id-brown-b", "BROWN", ["Gary"], badge="d-4471")
    officers.add("id-obrien", "O'Brien", ["Anthony"])
    return officers


def scrubber(**labeller: object) -> TextScrubber:
    known = KnownEntities()
    for first, last in (("Marcus", "Hill"), ("Ann", "Brown"), ("Gary", "Brown"),
                        ("Anthony", "O'Brien"), ("Dana", "Hill"), ("Rosa", "Diaz")):
        known.add_person(Person(first=first, last=last))
    return TextScrubber(known, people=PersonLabeller(**labeller))  # type: ignore[arg-type]


@pytest.mark.parametrize("text, expected", [
    ("Ofc. Hill arrested Rosa Diaz.", "Ofc. [OFFICER id-hill] arrested [PERSON 1]."),
    ("OFFICER HILL told Diaz to go.", "OFFICER [OFFICER id-hill] told [PERSON 1] to go."),
    ("HILL, MARCUS said Diaz ran.", "[OFFICER id-hill] said [PERSON 1] ran."),
    ("Sgt. Anthony O’Brien saw Rosa Diaz.", "Sgt. [OFFICER id-obrien] saw [PERSON 1]."),
    # two officers named Brown: the title alone cannot say which; the first name can
    ("Ofc. Brown and Rosa Diaz.", "Ofc. [OFFICER 1] and [PERSON 2]."),
    ("Ofc. Gary Brown and Rosa Diaz.", "Ofc. [OFFICER id-brown-b] and [PERSON 1]."),
    # ... and so can the badge number written after the name
    ("Capt. BROWN #9562 and Rosa Diaz.", "Capt. [OFFICER id-brown-a] [BADGE] and [PERSON 1]."),
    ("Ofc. Brown (badge no. D4471) left.", "Ofc. [OFFICER id-brown-b] (badge no. D4471) left."),
    # a Hill who is not the officer: Dana is not one of his names
    ("Dana Hill called; Ofc. Brown came.", "[PERSON 1] called; Ofc. [OFFICER 2] came."),
    # a bare surname with no title may be anyone of that name
    ("Then Hill called the station.", "Then [PERSON 1] called the station."),
    # a bare surname later in the text is the officer named before
    ("Det. Marcus Hill met Diaz; Hill left.",
     "Det. [OFFICER id-hill] met [PERSON 1]; [OFFICER id-hill] left."),
])
def test_officers_are_labelled_by_their_published_id(text: str, expected: str) -> None:
    assert scrubber(officers=directory()).scrub(text).text == expected


def test_without_the_directory_officers_stay_numbered() -> None:
    assert scrubber().scrub("Ofc. Hill arrested Rosa Diaz.").text == \
        "Ofc. [OFFICER 1] arrested [PERSON 2]."


@pytest.fixture
def roster(tmp_path: Path) -> Path:
    """A real SQLite roster: ids stored as REAL (12.0), names in ALL CAPS and NULLs."""
    path = tmp_path / "roster.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE Staff (StaffNo REAL, LName TEXT, FName TEXT, Badge TEXT)")
        db.executemany("INSERT INTO Staff VALUES (?, ?, ?, ?)", [
            (12.0, "OKAFOR", "JUDE", "101"), (13.0, None, "NOBODY", None),
            (None, "GHOST", "NO ID", "7"), (14.0, "Hill", "Marcus", None),
            (15.0, "Okafor", "Ada", " k-202 ")])
    return path


def roster_mapping() -> Mapping:
    return Mapping.model_validate({
        "dataset": "officers", "source": {"table": "Staff", "alias": "s"},
        "fields": {"officer_id": "s.StaffNo",
                   "officer_name": {"from": "s.FName, s.LName", "join_with": " "},
                   "officer_badge": "s.Badge"}})


def published_officer_id(raw: str) -> str:
    """What the export writes in officers.officer_id for this built value."""
    redactor = RecordRedactor(DATASETS["officers"], ["officer_id"], PolicyConfig(),
                              Pseudonymizer(KEY))
    return str(redactor.redact([raw])[redactor.columns.index("officer_id")])


def test_the_directory_reads_the_roster_of_a_real_source(roster: Path) -> None:
    with open_source(f"sqlite:///{roster}", roster.parent) as source:
        found = officer_directory(source, [roster_mapping()], PolicyConfig(),
                                  Pseudonymizer(KEY))
    assert found is not None and len(found) == 3  # no name, no id: left out
    assert found.officer_id(frozenset({"okafor"}), titled=True) is None  # two Okafors
    assert found.officer_id(frozenset({"okafor"}), titled=True, badges=frozenset({"K202"})) \
        == published_officer_id("15")
    assert found.officer_id(frozenset({"jude", "okafor"}), titled=False) == \
        published_officer_id("12")
    assert found.officer_id(frozenset({"marcus", "hill"}), titled=False) == \
        published_officer_id("14")


@pytest.mark.parametrize("policy", [
    PolicyConfig(officer_identity="none"),
])
def test_no_officer_id_published_means_no_directory(roster: Path, policy: PolicyConfig) -> None:
    with open_source(f"sqlite:///{roster}", roster.parent) as source:
        assert officer_directory(source, [roster_mapping()], policy, Pseudonymizer(KEY)) is None


def test_an_officer_id_the_agency_drops_is_never_written_in_text(roster: Path) -> None:
    policy = PolicyConfig(fields={"officers.officer_id": FieldOverride(
        treatment=Treatment.DROP, reason="small agency")})
    with open_source(f"sqlite:///{roster}", roster.parent) as source:
        found = officer_directory(source, [roster_mapping()], policy, Pseudonymizer(KEY))
    assert found is not None and len(found) == 0


def demo_synopses(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        return [row[0] for row in db.execute(
            "SELECT Synopsis FROM Incidents WHERE Synopsis IS NOT NULL ORDER BY IncidentID "
            "LIMIT 80")]


@pytest.mark.parametrize("identity, ids", [("pseudonym", True), ("named", True),
                                           ("none", False)])
def test_the_policy_decides_whether_officer_ids_appear(demo_db: Path, identity: str,
                                                       ids: bool) -> None:
    mappings = load_mappings([shipped_mappings()]).values()
    with open_source(f"sqlite:///{demo_db}", demo_db.parent) as source:
        scrub = narrative_scrub(source, mappings, PolicyConfig(
            narratives="scrub", officer_identity=identity), Pseudonymizer(KEY))
    out = " ".join(scrub(text)[0] for text in demo_synopses(demo_db))
    assert bool(HEX16.search(out)) is ids
    assert "[OFFICER 1]" in out or "[OFFICER 2]" in out  # ambiguous ones stay numbered


# --- dataset-wide labels (narrative_person_ids = "dataset") ---

def keyed(text: str, key: bytes = KEY) -> str:
    return scrubber(keyed=Pseudonymizer(key)).scrub(text).text


def hmac_label(words: str, key: bytes = KEY) -> str:
    """The label as the README defines it, computed here without the project's code."""
    digest = hmac.digest(key, f"narrative_person\x1f{words.upper()}".encode(), "sha256")
    return digest.hex()[:10]


def test_one_person_gets_one_label_in_every_narrative() -> None:
    first = keyed("Rosa Diaz called Dana Hill.")
    second = keyed("Later DIAZ, ROSA wrote to the unit.")
    diaz = hmac_label("diaz rosa")
    assert first == f"[PERSON {diaz}] called [PERSON {hmac_label('dana hill')}]."
    assert second == f"Later [PERSON {diaz}] wrote to the unit."


def test_within_a_narrative_the_fullest_name_gives_the_label() -> None:
    assert keyed("Diaz left before Rosa Diaz came back.") == \
        f"[PERSON {hmac_label('diaz rosa')}] left before [PERSON {hmac_label('diaz rosa')}] " \
        "came back."


def test_labels_depend_on_the_key_and_hide_the_name() -> None:
    text = "Rosa Diaz called."
    other = bytes(range(1, 33))
    assert keyed(text) == keyed(text)  # stable: another run, the same label
    assert keyed(text) != keyed(text, other)
    assert "diaz" not in keyed(text).lower()


def test_keyed_labels_leave_officer_ids_alone() -> None:
    out = scrubber(officers=directory(), keyed=Pseudonymizer(KEY)).scrub(
        "Ofc. Hill arrested Rosa Diaz.").text
    assert out == f"Ofc. [OFFICER id-hill] arrested [PERSON {hmac_label('diaz rosa')}]."


def test_the_setting_is_validated_and_recorded() -> None:
    assert PolicyConfig().narrative_person_ids == "narrative"
    assert PolicyConfig(narrative_person_ids="dataset").describe()[
        "narrative_person_ids"] == "dataset"
    with pytest.raises(ValueError):
        PolicyConfig(narrative_person_ids="global")  # type: ignore[arg-type]


@pytest.mark.parametrize("identity, person_ids, says, never", [
    ("pseudonym", "narrative", ["[PERSON 1]", "officer_id"], ["keyed"]),
    ("none", "narrative", ["[PERSON 1]"], ["officer_id"]),
    ("named", "dataset", ["keyed label", "officer_id"], ["[PERSON 1]"]),
])
def test_the_data_dictionary_tells_readers_how_people_are_labelled(
        identity: str, person_ids: str, says: list[str], never: list[str]) -> None:
    policy = PolicyConfig(narratives="scrub", officer_identity=identity,  # type: ignore[arg-type]
                          narrative_person_ids=person_ids)  # type: ignore[arg-type]
    narratives = next(line for line in policy_lines(policy) if "Narratives" in line)
    assert all(word in narratives for word in says)
    assert not any(word in narratives for word in never)


def test_an_officer_added_after_a_question_changes_the_answer() -> None:
    # Answers are remembered per written name; a later officer of the same name must
    # not be hidden behind an answer given before (two Browns: no single id).
    officers = OfficerDirectory()
    officers.add("id-brown-a", "Brown", ["Ann"])
    words = frozenset({"brown"})
    assert officers.officer_id(words, True) == "id-brown-a"
    assert officers.officer_id(words, True) == "id-brown-a"  # asked again: remembered
    officers.add("id-brown-b", "Brown", ["Gary"])
    assert officers.officer_id(words, True) is None
    assert officers.officer_id(frozenset({"gary", "brown"}), False) == "id-brown-b"
