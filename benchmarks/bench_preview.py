"""Speed and memory of the dry-run preview and of small-cell suppression.

    python benchmarks/bench_preview.py                  # 10k and 50k incidents
    python benchmarks/bench_preview.py --sizes 1000     # other sizes

Uses bench_export.py's cached demo databases and its measuring (GNU time, each run
in its own process). Three runs per size:

- ``preview``         ``iaextract preview --html`` (reads every row once, writes nothing);
- ``export``          ``iaextract export`` to CSV, default policy;
- ``export+suppress`` the same with ``policy.suppress_small_cells = true``, which
                      reads the source twice (a pre-pass counts the groups).

Memory should stay flat as the source grows: the preview keeps only its sample rows
and one counter per distinct quasi-identifier combination (close to one per record
when almost every record is unique, as in the demo). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench_export import HERE, demo_database, measure, write_configs


def bench(incidents: int, work: Path) -> dict[str, str]:
    database, _ = demo_database(work, incidents, seed=2015)
    plain = write_configs(work / "agency", database, incidents)["drop"]
    suppress = plain.with_name(f"{incidents}-suppress.toml")
    suppress.write_text(plain.read_text(encoding="utf-8") + "suppress_small_cells = true\n",
                        encoding="utf-8")
    out = work / "out"
    iaextract = [sys.executable, "-m", "iaextract"]
    runs = {
        "preview": [*iaextract, "preview", "-c", str(plain), "--html",
                    str(work / "preview.html")],
        "export": [*iaextract, "export", "-q", "-c", str(plain), "-o", str(out)],
        "export+suppress": [*iaextract, "export", "-q", "-c", str(suppress), "-o", str(out)],
    }
    lines = {}
    for name, command in runs.items():
        run = measure(command, out)
        peak = f"{run.rss_mb:8.1f} MB" if run.rss_mb is not None else "       ? MB"
        lines[name] = f"{incidents:>9,} incidents  {name:<16} {run.seconds:7.2f} s {peak}" \
            + ("" if run.status == "ok" else f"  {run.status}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    options = parser.parse_args()
    work = HERE / "work"
    work.mkdir(exist_ok=True)
    for size in options.sizes:
        for line in bench(size, work).values():
            print(line, flush=True)


if __name__ == "__main__":
    main()
