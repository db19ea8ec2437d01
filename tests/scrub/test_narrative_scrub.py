"""Narrative scrubbing end to end on the demo database: ``policy.narratives = "scrub"``
exports readable summaries with placeholders and no personal value of the source, the
leak scan agrees, and ``iaextract scrub`` works on text and JSON lines."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import pytest

from iaextract.demo.narratives import _PROSE
from iaextract.leakscan.tokens import ordinary
from iaextract.pii.entities import PARTICLES
from iaextract.pii.normalise import fold

from ..support import PERSON_TABLES, output_files, personal_values, run_cli, write_config

NAME_COLUMNS = ("LastName", "FirstName", "MiddleName", "MaidenName", "Nickname")
MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"}


@pytest.fixture(scope="module")
def scrubbed_export(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Path:
    folder = tmp_path_factory.mktemp("scrub") / "agency"
    config = write_config(folder, demo_db, policy='narratives = "scrub"')
    result = run_cli("export", "-c", str(config))
    assert result.returncode == 0, result.stdout + result.stderr
    return folder / "export"


def summaries(folder: Path) -> list[str]:
    found = []
    for name in ("complaint_allegations.csv", "use_of_force.csv"):
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            found += [row["summary"] for row in csv.DictReader(handle) if row["summary"]]
    return found


def name_tokens(database: Path) -> set[str]:
    """Every word of every name in the person tables, as written there.

    Left out: nicknames that are ordinary English words ("Red", "Doc"). Alone at the
    start of a sentence ("Red called the station") nothing tells them from the word;
    the scrubber and the leak scan both let that one form through (a known limit).
    """
    columns = {t: [c for c in cols if c in NAME_COLUMNS] for t, cols in PERSON_TABLES.items()}
    words = set()
    for _table, column, value in personal_values(database, columns):
        if column == "Nickname" and ordinary(fold(value)):
            continue
        words.update(w for w in re.findall(r"[^\W\d_]+", value) if len(w) > 1)
    return words


def test_scrubbed_summaries_keep_the_story_and_lose_the_people(scrubbed_export: Path,
                                                               demo_db: Path) -> None:
    texts = summaries(scrubbed_export)
    assert len(texts) > 500
    assert sum("[PERSON 1]" in t or "[OFFICER 1]" in t for t in texts) > len(texts) / 2
    for placeholder in ("[PHONE]", "[ADDRESS]", "[DOB]", "[EMAIL]"):
        assert any(placeholder in t for t in texts), placeholder
    # Prose survives: ordinary sentences of the demo come through word for word.
    joined = "\n".join(texts)
    assert sum(sentence in joined for sentence in _PROSE) >= len(_PROSE) // 2
    # Word-names (Will, Rose, King...) are ordinary words in the prose; every other
    # name word must be gone as a whole word, in the case the source stores it.
    prose_words = {w.lower() for s in _PROSE for w in re.findall(r"[^\W\d_]+", s)}
    for word in sorted(name_tokens(demo_db)):
        if word.lower() in prose_words or word in MONTHS or word.lower() in PARTICLES:
            continue  # "St." of "St. Clair" is also "St. Vincent"
        assert not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", joined), \
            "a name from the person tables is in a summary"


def test_no_personal_value_of_the_source_is_in_any_file(scrubbed_export: Path,
                                                        demo_db: Path) -> None:
    names = set(NAME_COLUMNS)
    files = {p.name: p.read_text(encoding="utf-8").casefold()
             for p in output_files(scrubbed_export)}
    for _table, column, value in personal_values(demo_db):
        if column in names and " " not in value:
            continue  # single name words: checked as whole words above
        for name, text in files.items():
            assert value.casefold() not in text, f"a {column} value is in {name}"


def test_the_manifest_counts_placeholders_and_records_a_clean_scan(
        scrubbed_export: Path) -> None:
    manifest = json.loads((scrubbed_export / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["policy"]["narratives"] == "scrub"
    assert manifest["leak_scan"]["result"] == "clean"
    for dataset in ("complaint_allegations", "use_of_force"):
        details = manifest["datasets"][dataset]
        assert details["fields"]["summary"]["treatment"] == "scrub"
        assert details["placeholders"].get("name", 0) > 0
        assert set(details["placeholders"]) <= {"name", "phone", "email", "ssn", "dob",
                                                "address", "id_number", "badge", "card",
                                                "date"}


def test_scrub_jsonl_round_trip_keeps_order_and_fields(tmp_path: Path) -> None:
    lines = [{"id": 1, "text": "Complainant Okonkwo can be reached at (317) 555-0142."},
             {"id": 2, "text": "The supervisor did not grant the request.", "tag": "x"},
             {"id": 3, "text": None},
             {"id": 4, "text": "E-mail jdoe@example.com, SSN 123-45-6789."}]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    result = run_cli("scrub", "--jsonl", str(source))
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == [1, 2, 3, 4]
    assert out[0]["text"] == "Complainant [PERSON 1] can be reached at [PHONE]."
    assert {f["type"] for f in out[0]["found"]} == {"name", "phone"}
    original = lines[0]["text"]
    phone = next(f for f in out[0]["found"] if f["type"] == "phone")
    assert original[phone["start"]:phone["end"]] == "(317) 555-0142"
    assert out[1] == {**lines[1], "found": []}
    assert out[2] == {"id": 3, "text": None, "found": []}
    assert "[EMAIL]" in out[3]["text"] and "[SSN]" in out[3]["text"]


def test_scrub_with_config_knows_the_people_of_the_source(demo_config: Path,
                                                          demo_db: Path) -> None:
    with sqlite3.connect(demo_db) as db:
        first, last = db.execute("SELECT FirstName, LastName FROM Citizens WHERE LastName "
                                 "IN ('Okafor', 'Kowalski', 'Nguyen', 'Patel') "
                                 "LIMIT 1").fetchone()
    text = f"later {last.upper()} said {first.lower()} {last.lower()} left.\n"
    known = run_cli("scrub", "-c", str(demo_config), "-", input_text=text)
    assert known.returncode == 0, known.stderr
    assert last.lower() not in known.stdout.lower()
    assert known.stdout.count("[PERSON 1]") >= 2
    assert "scrubbed:" in known.stderr and "name" in known.stderr


def test_scrub_rejects_a_line_that_is_not_a_json_object(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "fine"}\nnot json\n', encoding="utf-8")
    result = run_cli("scrub", "--jsonl", str(source))
    assert result.returncode == 2
    assert "input:2" in result.stderr
    assert json.loads(result.stdout.splitlines()[0]) == {"text": "fine", "found": []}
