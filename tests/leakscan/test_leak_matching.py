"""The leak scan's matching rules: every written form of a known value is found, and the
ordinary values of an export (prose, vocabularies, pseudonyms, dates) are not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iaextract.demo import shipped_mappings
from iaextract.demo.narratives import _PROSE
from iaextract.errors import LeakDetected
from iaextract.leakscan.check import LeakScan
from iaextract.leakscan.match import FIELD, FREE, NUMBER, Column, Matcher
from iaextract.leakscan.scan import CSV_BATCH, ExportLayout, LeakScanner, leak_error
from iaextract.leakscan.values import KnownValues
from iaextract.mapping.loader import load_mappings
from iaextract.pii.entities import Person
from iaextract.pii.known import PersonalData, name_part


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    data = PersonalData(people=[
        Person(first="Rose", last="Will", middle="Mary", nickname="Red"),
        Person(first="José", last="O’Brien"),
        Person(first="Keisha", last="Okafor", maiden="Smith-Jones"),
        Person(first="Will", last="King", nickname="Billy"),
        Person(first="Hope", last="Washington"),
    ])
    for kind, value in [("phone", "(317) 555-0123"), ("phone", "1-614-555-0188 x12"),
                        ("ssn", "123-45-6789"), ("ssn", "987654321"),
                        ("email", "K.Okafor@example.com"), ("dob", "05/07/1980"),
                        ("dob", "12-MAR-1975"), ("address", "1234 N Meridian Street Apt 4B"),
                        ("address", "PO Box 5521"), ("id_number", "D123-4567-8901"),
                        ("badge", "4711")]:
        data.add_value(kind, value)
    return Matcher(KnownValues.build(data))


@pytest.mark.parametrize("text, kind", [
    ("Call 317-555-0123 after five.", "phone"),
    ("Call (317) 555 0123.", "phone"),
    ("reached at 3175550123", "phone"),
    ("reached at +1 317 555 0123", "phone"),
    ("alt 614.555.0188", "phone"),
    ("SSN 123456789 verified", "ssn"),
    ("SSN 987-65-4321 verified", "ssn"),
    ("ROSE WILL called", "name"),
    ("Will, Rose called", "name"),
    ("WILL, ROSE called", "name"),
    ("Rose M. Will called", "name"),
    ("Red Will called", "name"),
    ("jose o'brien called", "name"),
    ("Jose O’BRIEN’s car", "name"),
    ("Keisha Smith-Jones, née", "name"),
    ("Okafor was present", "name"),
    ("K. Okafor was present", "name"),
    ("Officer King arrived", "name"),
    ("King’s body-worn camera was off", "name"),
    ("e-mailed from k.okafor@EXAMPLE.com", "email"),
    ("DOB 05/07/1980, home", "dob"),
    ("born 1980-05-07", "dob"),
    ("born Mar 12, 1975", "dob"),
    ("resides at 1234 N. Meridian St.", "address"),
    ("resides at 1234 North Meridian Street, Apt 4B", "address"),
    ("mail to P.O. Box 5521", "address"),
    ("gave DL D12345678901", "id_number"),
    ("gave DL d123-4567-8901", "id_number"),
    ("Officer KING #4711", "name"),
    ("badge #4711 was seen", "badge"),
])
def test_every_written_form_is_found_in_free_text(matcher: Matcher, text: str,
                                                  kind: str) -> None:
    assert matcher.find(text, Column(FREE)) == kind


@pytest.mark.parametrize("text", [
    *_PROSE,
    "Tension rose as the crowd grew; the officer will grant it in May.",
    "Roseville and Kingston are towns; the Okaforian style is not a name.",
    "The will of the king was read at 14:22 on 2019-05-08, item 4711-B.",
    "Complaint received in Washington on the 3rd; reviewed in April.",
    "Jackson St was closed; Summer detail; 1200 block of Meridian St",
    "Pseudonyms 3175550123ab and 9f31755501236c7d are hex, not phones.",
    "[PERSON 1] called from [PHONE]; [OFFICER 2] lives at [ADDRESS].",
    "age band 30-39, years 5-9, 2019-05, 2019-Q2",
])
def test_ordinary_text_is_not_a_leak(matcher: Matcher, text: str) -> None:
    assert matcher.find(text, Column(FREE)) is None


def test_whole_field_values_respect_the_field_vocabulary(matcher: Matcher) -> None:
    race = Column(FIELD, frozenset({"white", "black", "washington"}))
    assert matcher.find("Washington", race) is None
    assert matcher.find("Washington", Column(FIELD)) == "name"
    assert matcher.find("okafor ", Column(FIELD)) == "name"
    assert matcher.find("4711", Column(FIELD)) == "badge"
    assert matcher.find("PATROL", Column(FIELD)) is None
    assert matcher.find("05/07/1980", Column(FIELD)) == "dob"
    assert matcher.find("1980-05-07", Column(FIELD, dates=True)) is None  # a date field


def test_numbers_are_checked_only_for_phone_and_id_runs(matcher: Matcher) -> None:
    assert matcher.find("4711", Column(NUMBER)) is None
    assert matcher.find("3175550123", Column(NUMBER)) == "phone"


def test_named_officer_fields_may_hold_names_but_not_phones(matcher: Matcher) -> None:
    named = Column(FIELD, names_from=frozenset())
    assert matcher.find("Will King", named) is None
    assert matcher.find("4711", named) is None
    assert matcher.find("317 555 0123", named) == "phone"


def test_named_officer_fields_hold_only_names_of_the_tables_they_read() -> None:
    officer, citizen = Person(first="Will", last="King"), Person(first="Keisha", last="Okafor")
    hyphenated, namesake = Person(first="Wei", last="Smith-Jones"), Person(first="Wei",
                                                                          last="Smith")
    data = PersonalData(people=[officer, citizen, hyphenated, namesake],
                        origins={officer: {"employees"}, citizen: {"citizens"},
                                 hyphenated: {"employees"}, namesake: {"citizens"}})
    matcher = Matcher(KnownValues.build(data, name_tables=True))
    officer_name = Column(FIELD, names_from=frozenset({"employees"}))
    assert matcher.find("Will King", officer_name) is None
    assert matcher.find("King", officer_name) is None
    assert matcher.find("Keisha Okafor", officer_name) == "name"
    assert matcher.find("Okafor", officer_name) == "name"
    assert matcher.find("Wei Smith-Jones", officer_name) is None  # not citizen "Wei Smith"
    assert matcher.find("Wei Smith", officer_name) == "name"


def test_layout_takes_vocabularies_from_schema_and_code_lists() -> None:
    mappings = load_mappings([shipped_mappings()]).values()
    layout = ExportLayout(mappings, officers_named=False)
    race = layout.column("complaint_allegations", "officer_race")
    assert race.mode == FIELD and "white" in race.vocabulary
    assert "courtesy" in layout.column("complaint_allegations", "allegation").vocabulary
    assert layout.column("complaint_allegations", "summary").mode == FREE
    assert layout.column("use_of_force", "arrest_made").mode == NUMBER
    assert layout.column("complaint_allegations", "no_such_column").mode == FREE
    assert layout.column("complaint_allegations", "officer_name").names_from is None
    named = ExportLayout(mappings, officers_named=True)
    assert named.column("complaint_allegations", "officer_name").names_from == {"employees"}


def test_scanner_reports_file_row_field_and_kind(tmp_path: Path, matcher: Matcher) -> None:
    scanner = LeakScanner(matcher.known, ExportLayout([], officers_named=False))
    (tmp_path / "complaint_allegations.csv").write_text(
        "allegation_id,officer_unit,summary\r\nab12,PATROL,fine\r\ncd34,Okafor,fine\r\n"
        "ef56,TRAFFIC,call 317 555 0123\r\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("nothing\nK.Okafor@example.com\n", encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({
        "source": "sqlite:///C:/Users/Okafor/iapro.sqlite",  # the clerk's folder: no leak
        "rows_read": 4711,  # a count that happens to equal a badge number
        "datasets": {"x": {"unknown_codes": {"officer_unit": {"Okafor": 3, "Q": 1},
                                             "unit": {"Will King": "Will King"}}}}}),
        encoding="utf-8")
    findings = scanner.scan_folder(tmp_path)
    found = {(f.file, f.field, f.kind, tuple(f.rows)) for f in findings}
    assert found == {("complaint_allegations.csv", "officer_unit", "name", (2,)),
                     ("complaint_allegations.csv", "summary", "phone", (3,)),
                     ("notes.txt", None, "email", (2,)),
                     ("manifest.json", "datasets.x.unknown_codes.officer_unit", "name", (0,)),
                     ("manifest.json", "datasets.x.unknown_codes.unit", "name", (0,)),
                     ("manifest.json", "datasets.x.unknown_codes.unit.*", "name", (0,))}
    assert scanner.files_scanned == 3
    message = str(leak_error(findings))
    assert "Okafor" not in message and "King" not in message and "317" not in message
    assert "field datasets.x.unknown_codes.unit" in message


def test_a_csv_is_scanned_across_batches_and_past_its_header(tmp_path: Path,
                                                             matcher: Matcher) -> None:
    """A value is found wherever it recurs (batches of rows are checked column by column,
    remembering clean values), and a cell with no header is checked too."""
    scanner = LeakScanner(matcher.known, ExportLayout([], officers_named=False))
    rows = [f"{i:06x},PATROL" for i in range(1, 2 * CSV_BATCH + 10)]
    rows[4] = rows[CSV_BATCH + 6] = "ab12,Okafor"  # rows 5 and CSV_BATCH + 7
    rows[8] = "cd34,PATROL,(317) 555-0123"  # a third cell, under no header
    (tmp_path / "complaint_allegations.csv").write_text(
        "allegation_id,officer_unit\r\n" + "\r\n".join(rows) + "\r\n", encoding="utf-8")
    found = {(f.field, f.kind, tuple(f.rows)) for f in scanner.scan_folder(tmp_path)}
    assert found == {("officer_unit", "name", (5, CSV_BATCH + 7)), (None, "phone", (9,))}


def test_values_clean_in_one_file_of_a_dataset_are_not_read_again_in_the_next(
        tmp_path: Path, matcher: Matcher, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dataset's CSV, JSON and NDJSON hold the same values: one found clean under a
    column's rules is not read again, but a value clean under other rules still is
    (lower-case "okafor" passes in free text, not as a whole field value)."""
    scanner = LeakScanner(matcher.known, ExportLayout([], officers_named=False))
    read: list[str] = []
    find = scanner.matcher.find
    monkeypatch.setattr(scanner.matcher, "find",
                        lambda text, column: read.append(text) or find(text, column))
    (tmp_path / "complaint_allegations.csv").write_text(
        "allegation_id,officer_unit,summary\r\nab12,PATROL,okafor\r\n"
        "cd34,PATROL,a quiet shift\r\n", encoding="utf-8")
    records = [{"allegation_id": "ab12", "officer_unit": "okafor", "summary": "okafor"},
               {"allegation_id": "cd34", "officer_unit": "PATROL", "summary": "Okafor left"}]
    (tmp_path / "complaint_allegations.json").write_text(
        "[\n" + ",\n".join(map(json.dumps, records)) + "\n]\n", encoding="utf-8")
    found = {(f.file, f.field, f.kind, tuple(f.rows)) for f in scanner.scan_folder(tmp_path)}
    assert found == {("complaint_allegations.json", "officer_unit", "name", (1,)),
                     ("complaint_allegations.json", "summary", "name", (2,))}
    assert sorted(read) == sorted(["allegation_id", "officer_unit", "summary", "ab12",
                                   "cd34", "PATROL", "okafor", "a quiet shift",
                                   "okafor", "Okafor left"])


def test_a_known_value_shaped_like_a_pseudonym_is_found_among_pseudonyms(
        tmp_path: Path) -> None:
    """Pseudonym columns are checked in bulk; a known ID that looks like one still counts."""
    data = PersonalData()
    data.add_value("id_number", "0123456789ABCDEF")  # 16 hex digits, like a pseudonym
    data.add_value("phone", "(317) 555-0123")
    scanner = LeakScanner(KnownValues.build(data), ExportLayout([], officers_named=False))
    rows = [f"{i:016x},{i:016x}" for i in range(1, 3000)]
    rows[41] = "0123456789abcdef,00000000000000aa"  # row 42: the ID, written in lower case
    rows[99] = "3175550123aaaaaa,00000000000000ab"  # not the phone: one longer token
    (tmp_path / "complaint_allegations.csv").write_text(
        "allegation_id,incident_id\r\n" + "\r\n".join(rows) + "\r\n", encoding="utf-8")
    found = {(f.field, f.kind, tuple(f.rows)) for f in scanner.scan_folder(tmp_path)}
    assert found == {("allegation_id", "id_number", (42,))}


def test_files_scanned_early_are_scanned_again_if_they_change(tmp_path: Path,
                                                               matcher: Matcher) -> None:
    """The export scans each dataset as it is written; a file changed after that is not
    trusted on the earlier result."""
    scan = LeakScan(None, [])  # type: ignore[arg-type]  # no source: the scanner is given
    scan.scanner = LeakScanner(matcher.known, ExportLayout([], officers_named=False))
    data = tmp_path / "complaint_allegations.csv"
    data.write_text("allegation_id,officer_unit\r\nab12,PATROL\r\n", encoding="utf-8")
    scan.scan_written(tmp_path, ["complaint_allegations.csv"])
    data.write_text("allegation_id,officer_unit\r\nab12,Okafor ,\r\n", encoding="utf-8")
    with pytest.raises(LeakDetected) as caught:
        scan(tmp_path, {})
    assert "field officer_unit" in str(caught.value.problems[0].message)


@pytest.mark.parametrize("column, part", [
    ("LastName", "last"), ("FirstName", "first"), ("MiddleName", "middle"),
    ("MaidenName", "maiden"), ("Nickname", "nickname"), ("LName", "last"),
    ("fname", "first"), ("Surname", "last"), ("GivenName", "first"), ("MI", "middle"),
    ("AKA", "nickname"), ("FullName", None)])
def test_name_parts_are_told_by_column_names(column: str, part: str | None) -> None:
    assert name_part(column) == part


PEOPLE = [Person(first="Keisha", last="Okafor", middle="Ann"),
          Person(first="Will", last="May", middle="Grant"),
          Person(first="José", last="Núñez-Peña"),
          Person(first="Siobhan", last="O’Connor", nickname="Shiv")]
PHONES = ["3175550142", "6145550199", "2025550173"]


@pytest.fixture(scope="module")
def people_matcher() -> Matcher:
    data = PersonalData(people=list(PEOPLE))
    for phone in PHONES:
        data.add_value("phone", f"({phone[:3]}) {phone[3:6]}-{phone[6:]}")
    return Matcher(KnownValues.build(data))


FORMS = [lambda p: f"{p.first} {p.last}", lambda p: f"{p.last}, {p.first}",
         lambda p: f"{p.first} {(p.middle or 'Q')[0]}. {p.last}" if p.middle else
         f"{p.first} {p.last}", lambda p: f"{p.first} {p.last}’s"]
CASES = [str, str.upper, str.lower, str.title]


@given(person=st.sampled_from(PEOPLE), form=st.sampled_from(FORMS),
       case=st.sampled_from(CASES), sentence=st.sampled_from(_PROSE),
       where=st.integers(min_value=0, max_value=30))
@settings(max_examples=300, deadline=None)
def test_a_known_full_name_in_any_case_anywhere_in_prose_is_found(
        people_matcher: Matcher, person: Person, form, case, sentence: str,
        where: int) -> None:
    words = sentence.split()
    where = min(where, len(words))
    name = case(form(person))
    text = " ".join(words[:where] + [name] + words[where:])
    plain_words = person.last == "May"  # "will may" in lower case reads as words
    if plain_words and case is str.lower:
        return
    assert people_matcher.find(text, Column(FREE)) == "name"


@given(phone=st.sampled_from(PHONES), style=st.integers(min_value=0, max_value=5),
       sentence=st.sampled_from(_PROSE))
@settings(max_examples=100, deadline=None)
def test_a_known_phone_in_any_format_is_found(people_matcher: Matcher, phone: str,
                                              style: int, sentence: str) -> None:
    a, b, c = phone[:3], phone[3:6], phone[6:]
    written = [f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", phone, f"+1 {a} {b} {c}",
               f"1-{a}-{b}-{c} x42"][style]
    assert people_matcher.find(f"{sentence} Call {written}.", Column(FREE)) == "phone"


def test_personal_data_is_read_from_every_declared_column(demo_db: Path) -> None:
    import sqlite3

    from iaextract.connectors import open_source
    from iaextract.pii.known import read_personal_data

    mappings = load_mappings([shipped_mappings()]).values()
    with open_source(f"sqlite:///{demo_db.as_posix()}", demo_db.parent) as source:
        data = read_personal_data(source, mappings, chunk_size=97)
    with sqlite3.connect(demo_db) as db:
        # A person of both tables (same name parts) is one person, of both tables.
        rows = db.execute("SELECT COUNT(*) FROM (SELECT LastName, FirstName, MiddleName, "
                          "MaidenName, Nickname FROM Citizens UNION SELECT LastName, "
                          "FirstName, MiddleName, NULL, Nickname FROM Employees)").fetchone()[0]
        phones = {r[0] for r in db.execute("SELECT Phone FROM Citizens UNION "
                                           "SELECT HomePhone FROM Employees") if r[0]}
        maiden = db.execute("SELECT FirstName, LastName, MaidenName FROM Citizens "
                            "WHERE MaidenName IS NOT NULL LIMIT 1").fetchone()
    assert len(data.people) == rows
    assert Person(first=maiden[0], last=maiden[1], maiden=maiden[2]) in {
        Person(first=p.first, last=p.last, maiden=p.maiden) for p in data.people}
    assert phones <= data.values["phone"]
    assert set(data.values) == {"phone", "email", "ssn", "dob", "address", "id_number",
                                "badge"}  # free_text (the synopsis) is not a value
