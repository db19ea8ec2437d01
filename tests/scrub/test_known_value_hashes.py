"""The scrubber knows the source's personal values only as stable hashes of their written
forms (issue 20: memory flat): a value planted in a source row is still found in another
row's narrative in every form it is written, in this process and in a worker process
(whose ``hash()`` differs), and what is kept of a value does not grow with its length."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from iaextract.config import load_config
from iaextract.connectors import open_source
from iaextract.mapping.loader import load_mappings
from iaextract.pii.entities import KnownEntities
from iaextract.scrub.known_values import KnownValueFinder
from iaextract.scrub.narrative import ScrubKnowledge, assemble, learn

from ..support import write_config

WITNESS = ("Kraevik", "Zofia", "(317) 555-0199", "450-09-1754", "Z.Obrennagh@Example.org",
           "1984-03-07", "4412 North Kessler Blvd Apt 3", "K552-0193-4471")
# Another row's narrative: each value as the source does not write it.
PLANTED = {
    "phone": ["317.555.0199", "317-555-0199", "3175550199", "317 5550199"],
    "ssn": ["450 09 1754", "450091754"],
    "email": ["z.obrennagh@EXAMPLE.ORG"],
    "dob": ["March 7, 1984", "3/7/84"],
    "address": ["4412 N. KESSLER BOULEVARD #3", "4412 north kessler blvd unit 3"],
    "id_number": ["k552 0193 4471"],
}
UNKNOWN = ["317.555.0198", "450 09 1755", "z.obrennagh@example.com", "March 8, 1984",
           "4414 N. Kessler Boulevard", "k552 0193 4472"]
NARRATIVE = ("Witness ZOFIA KRAEVIK and Dana O\u2019Shaughnessy-Vell were interviewed. "
             + " ".join(f"[{form}]" for forms in PLANTED.values() for form in forms)
             + " Not hers: " + " ".join(f"[{form}]" for form in UNKNOWN) + ".")


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> ScrubKnowledge:
    """What a scrub-mode export learns from the demo database plus a Witnesses table no
    mapping declares, holding one person's values."""
    folder = tmp_path_factory.mktemp("planted")
    path = folder / "db.sqlite"
    shutil.copy(demo_db, path)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE Witnesses (WitnessID INTEGER PRIMARY KEY, LastName TEXT, "
                   "FirstName TEXT, HomePhone TEXT, SSN TEXT, Email TEXT, DOB TEXT, "
                   "StreetAddress TEXT, DLNumber TEXT)")
        db.execute("INSERT INTO Witnesses VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)", WITNESS)
        db.execute("INSERT INTO Witnesses (WitnessID, LastName, FirstName) VALUES "
                   "(2, 'O\u2019Shaughnessy-Vell', 'Dana')")
    config = load_config(write_config(folder / "agency", path, policy='narratives = "scrub"'))
    mappings = list(load_mappings(config.mapping_paths).values())
    with open_source(config.source.url, config.base_dir) as source:
        return learn(source, mappings, config.policy)


def spans_of(finder: KnownValueFinder, text: str) -> set[tuple[str, str]]:
    return {(kind, text[start:end]) for kind, start, end in finder.find(text)}


def test_each_written_form_of_a_known_value_is_found(knowledge: ScrubKnowledge) -> None:
    found = spans_of(KnownValueFinder(knowledge.known), NARRATIVE)
    for kind, forms in PLANTED.items():
        for form in forms:
            assert (kind, form) in found, (kind, form, found)
    # and only the known ones: a value one digit or letter away is not known
    assert not any(form in text for form in UNKNOWN for _, text in found), found


def test_the_scrubbed_narrative_keeps_none_of_them(knowledge: ScrubKnowledge) -> None:
    scrubbed, _ = assemble(knowledge)(NARRATIVE.split(" Not hers: ")[0])
    for gone in ("ZOFIA", "KRAEVIK", "Shaughnessy", "Vell", "0199", "1754", "obrennagh",
                 "KESSLER", "kessler", "1984", "3/7/84", "4471"):
        assert gone not in scrubbed, (gone, scrubbed)
    assert "Witness" in scrubbed and "were interviewed" in scrubbed


def test_a_worker_process_finds_what_this_one_does(knowledge: ScrubKnowledge) -> None:
    """The knowledge crosses to a process whose string hashes differ (as a scrubbing
    worker's do) and finds the same spans there."""
    here = sorted(KnownValueFinder(knowledge.known).find(NARRATIVE))
    assert len(here) >= sum(map(len, PLANTED.values()))
    child = ("import pickle, sys\n"
             "from iaextract.scrub.known_values import KnownValueFinder\n"
             "known, text, parent_hash = pickle.load(sys.stdin.buffer)\n"
             "assert hash('probe') != parent_hash, 'the same string hashes'\n"
             "sys.stdout.buffer.write(pickle.dumps(sorted(KnownValueFinder(known).find(text))))")
    done = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, check=False,
        input=pickle.dumps((knowledge.known, NARRATIVE, hash("probe"))),
        env={**os.environ, "PYTHONHASHSEED": "0"})
    assert done.returncode == 0, done.stderr.decode()
    assert pickle.loads(done.stdout) == here


@pytest.mark.parametrize("kind", ["email", "address", "id_number", "phone"])
def test_what_is_kept_of_a_value_does_not_grow_with_its_length(kind: str) -> None:
    def learnt(length: int) -> KnownEntities:
        known = KnownEntities()
        pad = "9" * length if kind == "phone" else "x" * length
        known.add_values(kind, [f"{n} Main St {pad}" if kind == "address"
                                else f"a{n}{pad}@example.org" if kind == "email"
                                else f"{n}{pad}" for n in range(1000)])
        return known

    short, long = learnt(10), learnt(1000)
    assert len(short.values.keys) == len(long.values.keys) >= 1000
    assert len(pickle.dumps(short.values.keys)) == len(pickle.dumps(long.values.keys))
    # about 8 bytes a value (an address: its words and its first word), not its 1,000+
    assert len(pickle.dumps(long)) < 30_000
