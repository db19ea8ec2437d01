"""A dataset's CSV read by Arrow (arrowcsv.py) finds exactly what the csv module's
reading finds, and what a reading cell by cell finds: the same fields, kinds, counts,
rows, order and message, on adversarial exports (ALL CAPS and LAST, FIRST names, curly
apostrophes, phones in five formats, empty cells, a BOM, line breaks inside a cell,
formula-looking cells, pseudonyms), and where Arrow might read a file differently
(a ragged row, a blank line, bytes that are not UTF-8) the csv module reads it."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iaextract.errors import LeakDetected
from iaextract.leakscan import scan
from iaextract.leakscan.match import Matcher
from iaextract.leakscan.scan import CSV_BATCH, ExportLayout, Finding, LeakScanner, leak_error
from iaextract.leakscan.values import KnownValues
from iaextract.pii.entities import Person
from iaextract.pii.known import PersonalData

FIELDS = ["allegation_id", "officer_unit", "officer_race", "officer_age", "occurred_date",
          "summary", "no_such_column"]
PLANTED = [  # (text, a field it leaks in)
    ("ROSE WILL", "officer_unit"), ("WILL, ROSE", "summary"), ("Okafor, Keisha", "officer_unit"),
    ("Jose O’BRIEN’s car was towed", "summary"), ("O’Brien", "officer_unit"),
    ("call (317) 555-0123", "summary"), ("317.555.0123", "officer_race"),
    ("+1 317 555 0123", "no_such_column"), ("3175550123", "officer_age"),
    ("317-555-0123", "allegation_id"), ("Okafor\nwas seen at 1234 N. Meridian St.", "summary"),
    ('=HYPERLINK("mailto:K.Okafor@example.com")', "summary"), ("0123456789abcdef", "allegation_id"),
    ("DOB 05/07/1980", "summary"), ("King’s camera, badge #4711", "summary"),
]
ORDINARY = ["", "", "PATROL", "White", "Will May", "25-34", "2019-Q3", "Rose garden",
            "=SUM(A1:A3)", "-1", "@home", 'He said "stop"', "line one\r\nline two",
            "Washington", "June", "  spaced  ", "Officer arrived at 14:30."]


@pytest.fixture(scope="module")
def known() -> KnownValues:
    data = PersonalData(people=[
        Person(first="Rose", last="Will", middle="Mary", nickname="Red"),
        Person(first="José", last="O’Brien"),
        Person(first="Keisha", last="Okafor"),
        Person(first="Will", last="King"),
    ])
    for kind, value in [("phone", "(317) 555-0123"), ("dob", "05/07/1980"),
                        ("address", "1234 N Meridian Street"), ("badge", "4711"),
                        ("email", "K.Okafor@example.com"),
                        ("id_number", "0123456789ABCDEF")]:  # shaped like a pseudonym
        data.add_value(kind, value)
    return KnownValues.build(data)


def write_export(path: Path, rows: list[list[str]], bom: bool = True, crlf: bool = True) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n" if crlf else "\n").writerows([FIELDS, *rows])
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8")


def adversarial_rows(seed: int, count: int) -> list[list[str]]:
    rng = random.Random(seed)
    rows = [[f"{rng.getrandbits(64):016x}", rng.choice(ORDINARY), rng.choice(ORDINARY),
             rng.choice(ORDINARY), "2019-Q3", rng.choice(ORDINARY), rng.choice(ORDINARY)]
            for _ in range(count)]
    # Each leak planted twice or more, in rows across the batches, some in one column.
    for text, field in PLANTED * 2 + [rng.choice(PLANTED) for _ in range(20)]:
        rows[rng.randrange(count)][FIELDS.index(field)] = text
    return rows


def findings(known: KnownValues, folder: Path, arrow: bool,
             monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    monkeypatch.setattr(scan, "ARROW_FROM", 0 if arrow else 1 << 62)
    return LeakScanner(known, ExportLayout([], officers_named=False)).scan_folder(folder)


def read_by(known: KnownValues, folder: Path, monkeypatch: pytest.MonkeyPatch
            ) -> tuple[list[Finding], list[Finding]]:
    """Findings with the file read by Arrow and by the csv module."""
    return (findings(known, folder, True, monkeypatch),
            findings(known, folder, False, monkeypatch))


def cell_by_cell(known: KnownValues, path: Path) -> set[tuple[str, str, int, tuple[int, ...]]]:
    """(field, kind, count, first rows) found by checking every cell on its own."""
    layout, matcher = ExportLayout([], officers_named=False), Matcher(known)
    found: dict[tuple[str, str], list[int]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        for row_number, row in enumerate(reader, start=1):
            for field, text in zip(header, row, strict=True):
                kind = matcher.find(text, layout.column("complaint_allegations", field))
                if kind:
                    found.setdefault((field, kind), []).append(row_number)
    return {(field, kind, len(rows), tuple(rows[:5])) for (field, kind), rows in found.items()}


def described(found: list[Finding]) -> list[tuple[str | None, str, int, list[int], str]]:
    return [(f.field, f.kind, f.count, f.rows, f.describe()) for f in found]


@pytest.mark.parametrize("bom, crlf", [(True, True), (False, False)])
def test_arrow_finds_what_the_csv_module_and_each_cell_find(
        tmp_path: Path, known: KnownValues, monkeypatch: pytest.MonkeyPatch,
        bom: bool, crlf: bool) -> None:
    path = tmp_path / "complaint_allegations.csv"
    write_export(path, adversarial_rows(7, 2 * CSV_BATCH + 123), bom=bom, crlf=crlf)
    by_arrow, by_csv = read_by(known, tmp_path, monkeypatch)
    assert described(by_arrow) == described(by_csv)  # the same order, rows and words
    assert str(leak_error(by_arrow)) == str(leak_error(by_csv))
    assert {(f.field, f.kind, f.count, tuple(f.rows)) for f in by_arrow} == \
        cell_by_cell(known, path)
    kinds = {f.kind for f in by_arrow}
    assert {"name", "phone", "id_number"} <= kinds  # the planted leaks were there to find


@pytest.mark.parametrize("tail", [
    "a,b\r\n",  # a short row
    "a,b,c,d,e,f,g,Okafor\r\n",  # a row longer than the header: the cell is still checked
    "\r\n",  # a blank line
])
def test_a_file_arrow_may_read_otherwise_is_read_by_the_csv_module(
        tmp_path: Path, known: KnownValues, monkeypatch: pytest.MonkeyPatch,
        tail: str) -> None:
    path = tmp_path / "complaint_allegations.csv"
    write_export(path, adversarial_rows(11, CSV_BATCH + 50))
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(tail + "ab12,,Red Will,,,,\r\n")  # the only name in officer_race
    by_arrow, by_csv = read_by(known, tmp_path, monkeypatch)
    assert described(by_arrow) == described(by_csv)
    last_row = CSV_BATCH + 50 + 2  # the tail is a row too, even a blank line
    assert ("officer_race", "name", [last_row]) in [(f.field, f.kind, f.rows) for f in by_arrow]


def test_bytes_that_are_not_utf8_fail_as_they_always_did(
        tmp_path: Path, known: KnownValues, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "complaint_allegations.csv"
    write_export(path, adversarial_rows(3, CSV_BATCH + 5))
    with path.open("ab") as handle:
        handle.write(b"ab12,Ok\xe1for,,,,,\r\n")
    for arrow in (True, False):
        with pytest.raises(UnicodeDecodeError):
            findings(known, tmp_path, arrow, monkeypatch)


def test_the_export_is_withheld_whichever_reader(
        tmp_path: Path, known: KnownValues, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [[f"{i:016x}", "PATROL", "White", "25-34", "2019-Q3", "Rose garden", ""]
            for i in range(CSV_BATCH + 1)]
    rows[-1][FIELDS.index("summary")] = "WILL, ROSE"  # the one row of the last batch
    write_export(tmp_path / "complaint_allegations.csv", rows)
    found = findings(known, tmp_path, True, monkeypatch)
    assert [(f.field, f.kind, f.rows) for f in found] == [("summary", "name", [CSV_BATCH + 1])]
    assert isinstance(leak_error(found), LeakDetected)


CELLS = st.sampled_from([text for text, _ in PLANTED] + ORDINARY) | st.text(
    alphabet=st.sampled_from(list("aZ0 ,\"'’\n\r-=#@.()Ok")), max_size=12)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(CELLS, min_size=len(FIELDS), max_size=len(FIELDS)),
                     min_size=1, max_size=40))
def test_any_export_is_read_alike(tmp_path_factory: pytest.TempPathFactory,
                                  known: KnownValues, monkeypatch: pytest.MonkeyPatch,
                                  rows: list[list[str]]) -> None:
    folder = tmp_path_factory.mktemp("export")
    write_export(folder / "complaint_allegations.csv", rows)
    by_arrow, by_csv = read_by(known, folder, monkeypatch)
    assert described(by_arrow) == described(by_csv)


ARROW_PROBE = """
import json, sys
from pathlib import Path
from iaextract.leakscan.arrowcsv import column_batches
path = Path(sys.argv[1])
[columns] = list(column_batches(path, ["id", "unit"], 100))
print(json.dumps({
    "ids": sorted(columns[0].candidates({"0123456789abcdef"})),
    "units": sorted(columns[1].candidates(set())),
    "rows": columns[1].rows("Okafor"),
    "pandas": "pandas" in sys.modules,
}))
"""


def test_arrow_reads_the_scan_without_importing_pandas(tmp_path: Path) -> None:
    """pyarrow imports pandas (42 MB, a third of a second) the first time it converts a
    Python value; the scan builds its few Arrow values from bytes instead. The values a
    batch is read as are unchanged: pseudonym-shaped ids left out unless known."""
    import json
    import subprocess
    import sys

    path = tmp_path / "complaint_allegations.csv"
    path.write_text("id,unit\r\n0123456789abcdef,Okafor\r\nfedcba9876543210,PATROL\r\n"
                    "ab12,Okafor\r\n", encoding="utf-8", newline="")
    out = subprocess.run([sys.executable, "-c", ARROW_PROBE, str(path)], check=True,
                         capture_output=True, text=True).stdout
    assert json.loads(out) == {"ids": ["0123456789abcdef", "ab12"],
                               "units": ["Okafor", "PATROL"], "rows": [0, 2], "pandas": False}
