"""Issue 20: disclosure control reads the source once and writes from a private spool.

The spool holds rows finer than what is published (before generalisation), so it must
hold only redacted values, live in the temporary folder without a name, and leave
nothing behind when the run is killed.
"""

from __future__ import annotations

import os
import pickle
import signal
import sqlite3
import sys
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.dialects import sqlite

from iaextract.chunks import ColumnChunk
from iaextract.config import load_config
from iaextract.connectors.sqlitefile import SqliteFileSource
from iaextract.errors import WriterError
from iaextract.run import pipeline
from iaextract.run.pipeline import ExportRequest, export
from iaextract.run.spool import RowSpool
from iaextract.schema import DATASETS

from ..support import output_files, personal_values, start_paused


def test_chunks_come_back_in_order_with_their_types(private_tmp: Path) -> None:
    chunks = [[("O'Brien", 1, 2.5, True, None), ("ÉLISE", -3, 0.0, False, "")],
              [], [(date(2020, 2, 29), Decimal("1.10"), "x" * 70_000, None, None)],
              [(), ()]]  # a dataset that publishes no column still has its rows
    with RowSpool("use_of_force") as spool:
        for chunk in chunks:
            spool.write(ColumnChunk.of_rows(chunk))
        assert [kept.row_tuples() for kept in spool.chunks()] == chunks and spool.rows == 5
        assert os.listdir(private_tmp) == []  # it never had a name there


def test_a_temporary_folder_that_cannot_be_used_is_a_plain_error(
        private_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = private_tmp / "gone"
    monkeypatch.setattr(tempfile, "tempdir", str(gone))
    with pytest.raises(WriterError, match=f"use_of_force.*temporary folder {gone}.*TMPDIR"):
        RowSpool("use_of_force")


def test_an_export_reads_each_dataset_once_and_no_dropped_narrative(demo_config: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    statements: list[str] = []
    planned: list[pipeline.PreparedRun] = []
    prepare, connect = pipeline.prepare, SqliteFileSource._connect

    def watched(*args: object, **kwargs: object) -> pipeline.PreparedRun:
        run = prepare(*args, **kwargs)  # type: ignore[arg-type]
        planned.append(run)
        return run

    def traced(source: SqliteFileSource) -> sqlite3.Connection:
        connection = connect(source)
        connection.set_trace_callback(statements.append)  # every statement SQLite runs
        return connection

    monkeypatch.setattr(pipeline, "prepare", watched)
    monkeypatch.setattr(SqliteFileSource, "_connect", traced)
    config = load_config(demo_config)
    for out in ("out", "again"):  # compiling the SQL, then reading it from the cache
        statements.clear()
        result = export(config, ExportRequest(out_dir=demo_config.parent / out))
        run = planned[-1]
        assert isinstance(run.source, SqliteFileSource)
        assert {"disclosure"} <= set(result.manifest["datasets"]["use_of_force"])
        for plan in run.plans:  # enforced: the plan is made before a row is written
            assert plan.disclosure and plan.disclosure.plans[0].spec.mode == "enforce"
            sql = str(plan.query.statement.compile(dialect=sqlite.dialect()))
            # The tables joined, as any read of this dataset's rows (a narrower one too).
            joined = sql.split("\nFROM ", 1)[1].split("\nWHERE", 1)[0].split(" ORDER BY", 1)[0]
            reads = [s for s in statements if s.startswith("SELECT") and f"FROM {joined}" in s]
            assert len(reads) == 1, (out, plan.dataset.name)
            if "summary" in plan.mapping.fields:  # dropped by default: left in the database
                column = plan.mapping.fields["summary"].columns()[0].split(".")[-1]
                assert f'"{column}"' not in reads[0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_exports_spool_held_only_redacted_rows_and_is_gone(
        tmp_path: Path, demo_config: Path, demo_db: Path, private_tmp: Path) -> None:
    flag = tmp_path / "paused"
    proc = start_paused(demo_config, "writing", flag)  # first chunk spooled
    try:
        fds = Path(f"/proc/{proc.pid}/fd")
        spools = [fd for fd in fds.iterdir()
                  if os.readlink(fd).startswith(str(private_tmp))]
        assert spools and all(os.readlink(fd).endswith("(deleted)") for fd in spools)
        assert os.listdir(private_tmp) == []  # no name to find it by
        with spools[0].open("rb") as held:
            rows = pickle.load(held)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        proc.kill()
        proc.communicate()
    values = {v for row in rows for v in row if isinstance(v, str)}
    assert rows and values
    # Surnames such as White and Black are also races: a coded value may equal one.
    coded = {v for d in DATASETS.values() for f in d.fields for v in f.values or ()}
    raw = {value for _table, _column, value in personal_values(demo_db)} - coded
    assert not values & raw, sorted(values & raw)  # names, addresses, phones: never
    assert os.listdir(private_tmp) == []
    out = demo_config.parent / "export"
    assert not out.exists() or output_files(out) == []
