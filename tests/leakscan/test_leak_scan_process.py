"""The leak scan in a second process (``[run] parallel_scan``): it publishes exactly what
the inline scan publishes, catches what it catches, fails closed when its process dies,
and does not outlive an export that is killed. The 300-incident demo is small enough for
``"auto"`` (the default) to scan inline, so these tests ask for the process."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from iaextract.config import load_config
from iaextract.errors import ConnectorError, LeakDetected, WriterError
from iaextract.leakscan.process import (
    SMALL_SOURCE,
    LeakScanProcess,
    RemoteTraceback,
    scans_apart,
)
from iaextract.run.pipeline import export

from ..support import personal_values, run_cli, start_paused, write_config

INLINE = "[run]\nparallel_scan = false\n"
APART = "[run]\nparallel_scan = true\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}


def scan_process(export_pid: int) -> psutil.Process:
    """The leak scan process of the export running as ``export_pid``."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for child in psutil.Process(export_pid).children(recursive=True):
            command = " ".join(child.cmdline())
            if "iaextract.leakscan.process" in command:
                return child
        time.sleep(0.05)
    raise AssertionError("the export started no leak scan process")


def test_the_scan_process_publishes_what_the_inline_scan_publishes(tmp_path: Path,
                                                                   demo_db: Path) -> None:
    alongside = write_config(tmp_path / "alongside", demo_db, extra=APART)
    (tmp_path / "inline").mkdir()
    shutil.copy(alongside.parent / "iaextract.key", tmp_path / "inline")  # same pseudonyms
    inline = write_config(tmp_path / "inline", demo_db, extra=INLINE)
    for config in (alongside, inline):
        result = run_cli("export", "-c", str(config))
        assert result.returncode == 0, result.stderr
        assert "leak scan: clean" in result.stdout
    published = [snapshot(config.parent / "export") for config in (alongside, inline)]
    manifests = [json.loads(files.pop("manifest.json")) for files in published]
    data = [{k: v for k, v in files.items() if k.endswith((".csv", ".json", ".ndjson"))
             and k != "datapackage.json"} for files in published]  # that names the run
    assert data[0] == data[1] and len(data[0]) >= 15
    assert manifests[0]["leak_scan"] == manifests[1]["leak_scan"]
    assert manifests[0]["leak_scan"]["values_checked"] > 1000


@pytest.mark.parametrize("extra", [APART, INLINE], ids=["alongside", "inline"])
def test_either_scan_withholds_an_export_with_a_planted_value(tmp_path: Path, demo_db: Path,
                                                              extra: str) -> None:
    config = load_config(write_config(tmp_path / "agency", demo_db, extra=extra))
    first = export(config)
    before = snapshot(first.out_dir)
    email = next(v for table, column, v in personal_values(demo_db)
                 if (table, column) == ("Citizens", "Email"))

    def plant(staging: Path, manifest: dict) -> None:
        path = staging / "use_of_force.ndjson"  # written and scanned long before this
        path.write_text(path.read_text(encoding="utf-8")
                        + json.dumps({"summary": f"wrote to {email}"}) + "\n",
                        encoding="utf-8")

    with pytest.raises(LeakDetected) as caught:
        export(config, checks=[plant])
    assert "use_of_force.ndjson" in str(caught.value) and email not in str(caught.value)
    assert snapshot(first.out_dir) == before


def test_a_scan_process_that_dies_withholds_the_export(tmp_path: Path, demo_db: Path) -> None:
    config = write_config(tmp_path / "agency", demo_db, extra=APART)
    assert run_cli("export", "-c", str(config)).returncode == 0
    out = config.parent / "export"
    before = snapshot(out)
    flag = tmp_path / "paused"
    run = start_paused(config, "writing", flag)
    try:
        scan_process(run.pid).kill()
        flag.unlink()
        _, stderr = run.communicate(timeout=120)
    finally:
        run.kill()
    assert run.returncode == 1, stderr
    assert "leak scan process stopped before it finished" in stderr
    assert "parallel_scan = false" in stderr and "Traceback" not in stderr
    assert snapshot(out) == before
    assert not list(out.glob(".staging-*"))


def test_the_scan_process_ends_when_its_export_is_killed(tmp_path: Path,
                                                         demo_db: Path) -> None:
    config = write_config(tmp_path / "agency", demo_db, extra=APART)
    flag = tmp_path / "paused"
    run = start_paused(config, "writing", flag)
    scan = scan_process(run.pid)
    run.kill()
    run.communicate(timeout=30)
    flag.unlink()
    scan.wait(timeout=30)  # psutil.TimeoutExpired if it lingers
    assert not scan.is_running()


def test_an_error_in_the_scan_process_is_raised_as_itself(tmp_path: Path,
                                                          demo_db: Path) -> None:
    """A source the scan cannot read fails the run as it would inline, with the other
    process's traceback kept for --debug."""
    copy = tmp_path / "source.sqlite"
    shutil.copy(demo_db, copy)
    config = load_config(write_config(tmp_path / "agency", copy))
    copy.unlink()  # gone after the export opened it: only the scan process meets this
    scan = LeakScanProcess(config)
    try:
        scan.prepare()
        with pytest.raises(ConnectorError) as caught:
            scan.findings(tmp_path, [])
    finally:
        scan.close()
    assert str(copy.name) in str(caught.value)
    assert isinstance(caught.value.__cause__, RemoteTraceback)
    assert "leakscan" in str(caught.value.__cause__)


def test_a_script_without_a_main_guard_and_a_stray_module_in_its_folder(
        tmp_path: Path, demo_db: Path) -> None:
    """A library caller's script is not run again by the scan process (no
    ``if __name__ == "__main__"`` needed), and a ``csv.py`` in the folder it runs in
    (which the script itself never imports) is not imported by the scan either."""
    config = write_config(tmp_path / "agency", demo_db, extra=APART)
    (tmp_path / "csv.py").write_text("raise SystemExit('stray csv.py imported')\n",
                                     encoding="utf-8")
    runs = tmp_path / "runs.txt"
    script = tmp_path / "scripts" / "nightly.py"
    script.parent.mkdir()
    script.write_text(
        "from pathlib import Path\n"
        "from iaextract.config import load_config\n"
        "from iaextract.run.pipeline import export\n"
        f"with open({str(runs)!r}, 'a') as log:\n"
        "    log.write('run\\n')\n"
        f"result = export(load_config({str(config)!r}))\n"
        "print(result.manifest['leak_scan']['result'])\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "clean"
    assert runs.read_text(encoding="utf-8") == "run\n"


def test_no_interpreter_to_start_says_how_to_scan_inline(tmp_path: Path, demo_db: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    config = load_config(write_config(tmp_path / "agency", demo_db, extra=APART))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python"))
    with pytest.raises(WriterError, match=r"cannot start the leak scan process .*"
                                          r"parallel_scan = false"):
        export(config)
    assert not (config.output_dir / "manifest.json").exists()


def test_the_scan_process_answers_without_a_stderr(tmp_path: Path, demo_db: Path) -> None:
    """Under pythonw (Task Scheduler, no console) the process has no stderr: what would
    have been printed goes nowhere, and the answer still arrives intact."""
    config = load_config(write_config(tmp_path / "agency", demo_db))
    (tmp_path / "note.txt").write_text("Nothing personal here.\n", encoding="utf-8")
    start = ("import os, sys, runpy\n"
             "os.close(2); sys.stderr = None\n"
             "runpy.run_module('iaextract.leakscan.process', run_name='__main__')\n")
    messages = pickle.dumps((config, None)) + pickle.dumps((str(tmp_path), ["note.txt"], True))
    done = subprocess.run([sys.executable, "-c", start], input=messages, capture_output=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    kind, values_checked, findings = pickle.loads(done.stdout)
    assert (kind, findings) == ("done", []) and values_checked > 1000


def test_auto_scans_a_small_file_source_inline_and_anything_else_apart(
        tmp_path: Path, demo_db: Path) -> None:
    """``"auto"`` (the default): the 300-incident demo (0.4 MB) scans in the export's own
    process; a CSV folder of 4 MiB or more, or a database server, gets the process; an
    explicit true or false is obeyed whatever the size."""
    def apart(folder: str, url: str = "", extra: str = "") -> bool:
        config_file = write_config(tmp_path / folder, demo_db, extra=extra)
        if url:
            text = config_file.read_text(encoding="utf-8")
            config_file.write_text(text.replace(f"sqlite:///{demo_db.as_posix()}", url),
                                   encoding="utf-8")
        return scans_apart(load_config(config_file))

    assert demo_db.stat().st_size < SMALL_SOURCE
    assert not apart("auto")
    assert apart("forced", extra=APART) and not apart("inline", extra=INLINE)
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "small.csv").write_text("id,name\n1,Rose\n", encoding="utf-8")
    assert not apart("csv-small", "csv:../tables")
    with (tables / "large.csv").open("wb") as handle:
        handle.truncate(SMALL_SOURCE)  # its size is all the choice reads
    assert apart("csv-large", "csv:../tables")
    assert apart("server", "postgresql+psycopg://reader@db.example/iapro")
    assert apart("missing", "sqlite:///no-such.sqlite")  # the export says it is missing


def test_auto_needs_no_interpreter_for_a_small_source(tmp_path: Path, demo_db: Path,
                                                      monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    """The small demo under ``"auto"`` starts no process: it exports, scanned, where no
    interpreter could be started."""
    config = load_config(write_config(tmp_path / "agency", demo_db))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python"))
    result = export(config)
    assert result.manifest["leak_scan"]["result"] == "clean"
    assert result.manifest["leak_scan"]["values_checked"] > 1000


def test_the_inline_scan_reads_through_the_exports_open_source(
        tmp_path: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inline, the scan is lent the export's connection: it never opens the source again,
    and it knows as many values as a scan that opens the source itself."""
    import iaextract.leakscan.scan as scan_module

    config = load_config(write_config(tmp_path / "agency", demo_db, extra=INLINE))
    opened_alone = len(scan_module.load_known(config))

    def refuse(*args: object) -> None:
        raise AssertionError("the inline scan opened the source a second time")

    monkeypatch.setattr(scan_module, "open_source", refuse)
    result = export(config)
    assert result.manifest["leak_scan"]["result"] == "clean"
    assert result.manifest["leak_scan"]["values_checked"] == opened_alone


@pytest.mark.parametrize("narratives", ["drop", "scrub"])  # scrub: columns sampled too
def test_the_scan_process_reads_a_sqlite_file_without_sqlalchemy_once_compiled(
        tmp_path: Path, demo_db: Path, narratives: str) -> None:
    """The scan process keeps its compiled SQL where the export keeps its own, so from
    the second run on it reads a plain SQLite file with ``sqlite3`` alone (SQLAlchemy's
    import is a large part of a small scan's start)."""
    from iaextract.leakscan import process

    config = load_config(write_config(tmp_path / "agency", demo_db, extra=APART,
                                      policy=f'narratives = "{narratives}"'))
    state = tmp_path / "agency" / ".iaextract-state"
    message = pickle.dumps((config, None, state))

    def imports_sqlalchemy() -> bool:
        done = subprocess.run([sys.executable, "-X", "importtime", "-m", process.__name__],
                              input=message, capture_output=True, timeout=300,
                              cwd=Path(process.__file__).resolve().parents[2])
        assert done.returncode == 0, done.stderr[-2000:]
        assert b"iaextract.leakscan.values" in done.stderr  # it did build the index
        return b"| sqlalchemy\n" in done.stderr or b" sqlalchemy\n" in done.stderr

    assert imports_sqlalchemy()  # nothing compiled yet
    assert not imports_sqlalchemy()
