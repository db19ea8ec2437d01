"""Cost of disclosure control: an enforced export against a plain one.

    python benchmarks/bench_disclosure.py                 # 5k and 20k incidents
    python benchmarks/bench_disclosure.py --sizes 200000  # the issue's target size

Uses bench_export.py's cached demo databases and its measuring (GNU time, each run
in its own process). Two runs per size, every dataset to CSV with the leak scan:

- ``plain``    ``[policy.disclosure] mode = "report"``: risk counted while writing;
- ``enforce``  the default: a pre-pass counts people per finest combination, the
               search picks the plan, the write pass applies it.

Prints wall and CPU seconds, peak memory and enforce ÷ plain (CPU time is the fairer
ratio on a shared machine), then issue 17's done-when recounted
from the enforced CSV by distinct pseudonym (disclosure_recount.py): the share of
complaint and use-of-force records in combinations of fewer than 5 people, and the
share keeping the incident date at quarter or finer and the race. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from bench_export import HERE, demo_database, measure, write_configs
from disclosure_recount import DATASETS_CHECKED, recount

K = 5  # the default policy's


def bench(incidents: int, work: Path) -> Iterator[str]:
    database, _ = demo_database(work, incidents, seed=2015)
    enforce = write_configs(work / "agency", database, incidents)["drop"]
    plain = enforce.with_name(f"{incidents}-report.toml")
    plain.write_text(enforce.read_text(encoding="utf-8")
                     + '\n[policy.disclosure]\nmode = "report"\n', encoding="utf-8")
    out, runs = work / "out", {}
    for name, config in (("plain", plain), ("enforce", enforce)):
        run = runs[name] = measure([sys.executable, "-m", "iaextract", "export", "-q", "-c",
                                    str(config), "-o", str(out), "-f", "csv"], out,
                                   keep=name == "enforce")
        peak = f"{run.rss_mb:8.1f} MB" if run.rss_mb is not None else "       ? MB"
        cpu = f"{run.cpu_seconds:7.2f} s CPU" if run.cpu_seconds is not None else ""
        yield (f"{incidents:>9,} incidents  {name:<8} {run.seconds:7.2f} s {cpu} {peak}"
               + ("" if run.status == "ok" else f"  {run.status}"))
    plain_run, enforce_run = runs["plain"], runs["enforce"]
    cpu_ratio = (f", CPU {enforce_run.cpu_seconds / plain_run.cpu_seconds:.2f}"
                 if enforce_run.cpu_seconds and plain_run.cpu_seconds else "")
    yield (f"{incidents:>9,} incidents  enforce ÷ plain: wall "
           f"{enforce_run.seconds / plain_run.seconds:.2f}{cpu_ratio}")
    for name in DATASETS_CHECKED:  # ``out`` holds the enforced export
        yield f"{incidents:>9,} incidents  {recount(out, name, K).line(K)}"
    shutil.rmtree(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 20_000])
    options = parser.parse_args()
    work = HERE / "work"
    work.mkdir(exist_ok=True)
    for size in options.sizes:
        for line in bench(size, work):
            print(line, flush=True)


if __name__ == "__main__":
    main()
