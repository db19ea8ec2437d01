"""Smoke test of benchmarks/bench_export.py: it runs end to end (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_export.py"


def test_quick_benchmark_measures_every_run(tmp_path: Path) -> None:
    results = tmp_path / "export.json"
    done = subprocess.run([sys.executable, str(BENCHMARK), "--quick", "--work",
                           str(tmp_path / "work"), "--json", str(results)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "iaextract/sqlite3" in done.stdout and "peak RSS" in done.stdout
    report = json.loads(results.read_text(encoding="utf-8"))
    assert [s["incidents"] for s in report["sizes"]] == [300, 1000]
    for size in report["sizes"]:
        assert size["rows"] > 0
        runs = size["runs"]
        assert set(runs) == {"sqlite3", "pandas", "pandas-naive", "iaextract",
                             "iaextract+scrub", "iaextract/1proc"}
        for name in ("sqlite3", "pandas", "pandas-naive", "iaextract", "iaextract/1proc"):
            assert runs[name]["status"] == "ok", runs[name]["status"]
            assert runs[name]["rss_mb"] > 1 and runs[name]["out_mb"] > 0
        # The baselines dump the raw joined rows; the export writes fewer, redacted columns.
        assert runs["iaextract"]["out_mb"] < runs["sqlite3"]["out_mb"]
        # The scan in a second process or in the export's own: the same files either way.
        assert runs["iaextract/1proc"]["out_mb"] == runs["iaextract"]["out_mb"]
        assert size["ratios"]["iaextract/sqlite3"] > 0
        assert size["ratios"]["iaextract/pandas-naive"] > 0
        assert size["ratios"]["iaextract+scrub/iaextract"] > 0
    assert set(report["targets"]) >= {"iaextract peak RSS MB (largest)",
                                      "iaextract/pandas-naive time (worst size)",
                                      "iaextract+scrub/iaextract time (worst size)",
                                      "iaextract RSS largest/smallest size",
                                      "iaextract/1proc peak RSS MB (largest)"}


def test_rounds_give_each_run_its_median(tmp_path: Path) -> None:
    """--repeat runs every command in turn each round; the run shown is the median one,
    with every round's wall time beside it, and a ratio is the rounds' median."""
    results = tmp_path / "export.json"
    done = subprocess.run([sys.executable, str(BENCHMARK), "--sizes", "300", "--repeat", "3",
                           "--work", str(tmp_path / "work"), "--json", str(results)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "(3/3)" in done.stdout
    [size] = json.loads(results.read_text(encoding="utf-8"))["sizes"]
    for run in size["runs"].values():
        assert len(run["rounds"]) == 3
        assert run["seconds"] == sorted(run["rounds"])[1]
    assert size["ratios"]["iaextract/sqlite3"] > 0


def test_repeat_below_one_is_refused(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(BENCHMARK), "--repeat", "0", "--work",
                           str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--repeat must be 1 or more" in done.stderr
