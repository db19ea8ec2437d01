"""Speed and memory of the dry-run preview and of small-cell suppression.

    python benchmarks/bench_preview.py                  # 10k and 50k incidents
    python benchmarks/bench_preview.py --sizes 1000     # other sizes

For each size a demo database is generated in a temporary folder and three runs are
timed, each in its own process so its peak memory (max RSS) is its own:

- ``preview``         ``iaextract preview --html`` (reads every row once, writes nothing);
- ``export``          ``iaextract export`` to CSV, default policy;
- ``export+suppress`` the same with ``policy.suppress_small_cells = true``, which
                      reads the source twice (a pre-pass counts the groups).

Memory should stay flat as the source grows: the preview keeps only its sample rows
and one counter per distinct quasi-identifier combination. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from iaextract.demo import shipped_mappings
from iaextract.demo.database import generate_demo_database
from iaextract.redaction.pseudonym import write_key_file

CONFIG = """\
[source]
url = "sqlite:///{database}"
[mappings]
path = "{mappings}"
[output]
formats = ["csv"]
[pseudonyms]
key_file = "iaextract.key"
[policy]
suppress_small_cells = {suppress}
"""

# Runs one command and prints its peak RSS in KiB (ru_maxrss of its only child).
MEASURE = """\
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True)
if done.returncode:
    sys.exit(done.stderr.decode())
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _config(folder: Path, database: Path, suppress: bool) -> Path:
    folder.mkdir()
    write_key_file(folder / "iaextract.key")
    path = folder / "iaextract.toml"
    path.write_text(CONFIG.format(database=database.as_posix(),
                                  mappings=shipped_mappings().as_posix(),
                                  suppress=str(suppress).lower()), encoding="utf-8")
    return path


def _measure(*args: str) -> tuple[float, float]:
    """Seconds and peak MB of ``iaextract args`` in its own process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "iaextract",
                           *args], capture_output=True, text=True, check=True)
    return time.perf_counter() - started, int(done.stdout.strip()) / 1024


def bench(incidents: int, work: Path) -> dict[str, dict[str, float]]:
    database = work / f"demo-{incidents}.sqlite"
    generate_demo_database(database, incidents=incidents, seed=2015)
    plain = _config(work / f"plain-{incidents}", database, suppress=False)
    suppress = _config(work / f"suppress-{incidents}", database, suppress=True)
    runs = {
        "preview": ("preview", "-c", str(plain), "--html", str(work / "preview.html")),
        "export": ("export", "-q", "-c", str(plain)),
        "export+suppress": ("export", "-q", "-c", str(suppress)),
    }
    results = {}
    for name, args in runs.items():
        seconds, peak = _measure(*args)
        results[name] = {"seconds": round(seconds, 2), "peak_mb": round(peak, 1)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    options = parser.parse_args()
    report = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in options.sizes:
            report[size] = bench(size, Path(folder))
            for name, numbers in report[size].items():
                print(f"{size:>9,} incidents  {name:<16} {numbers['seconds']:>7.2f} s  "
                      f"{numbers['peak_mb']:>7.1f} MB")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
