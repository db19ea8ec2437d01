"""Export speed and memory of iaextract against three plain baselines.

    python benchmarks/bench_export.py                 # 10k, 50k and 200k incidents
    python benchmarks/bench_export.py --sizes 20000   # other sizes
    python benchmarks/bench_export.py --quick         # tiny sizes: proves it runs
    python benchmarks/bench_export.py --repeat 3      # 3 rounds: medians

For each size a demo database is generated (once: cached under benchmarks/work/ by
size, seed and generator source) and six runs are timed, each in its own process
(with ``--repeat N``, N rounds of all six in turn: each run's median is shown, and
each ratio is the median of the rounds' ratios, so the machine's drift cancels out);
its peak memory is the most that all its processes held at once (PSS, sampled), with
GNU time's peak RSS of the largest single process beside it:

- ``iaextract``        ``iaextract export`` of every dataset to CSV, default policy
                       (the leak scan in a second process beside the export);
- ``iaextract+scrub``  the same with ``policy.narratives = "scrub"``;
- ``iaextract/1proc``  the default policy with ``[run] parallel_scan = false``;
- ``sqlite3``          the sqlite3 command line dumping the same joined rows to CSV;
- ``pandas``           ``pandas.read_sql`` + ``to_csv`` of the same joins (pandas_dump.py);
- ``pandas-naive``     ``read_sql('select * from T')`` + ``to_csv`` of every source table,
                       no joins (pandas_dump.py --every-table): an analyst's first script.

The sqlite3 and pandas baselines run the very SELECT iaextract builds from the shipped
mappings, so they read the same rows; the naive dump reads every table whole. rows/s
counts the joined source rows; MB/s is CSV written per second (iaextract writes less:
dropped and generalised columns). A table goes
to stdout and everything to benchmarks/results/export.json.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy.dialects import sqlite as sqlite_dialect

from iaextract.config import load_config
from iaextract.demo import shipped_mappings
from iaextract.redaction.pseudonym import write_key_file
from iaextract.run.pipeline import ExportRequest, prepare
from iaextract.schema import Sensitivity

HERE = Path(__file__).resolve().parent
SIZES = (10_000, 50_000, 200_000)
QUICK_SIZES = (300, 1_000)
GNU_TIME = "/usr/bin/time"  # Debian package `time`
MB = 1_000_000

# Targets of issues 9 and 20 (reported, never asserted).
MAX_SQLITE_RATIO = 3.0
SQLITE_RATIO_FROM = 50_000  # within 3x of sqlite3 at this size and above
MAX_PANDAS_RATIO = 1.0
MAX_SCRUB_RATIO = 2.0  # scrub mode's time over the default mode's
MAX_RSS_MB = 300
MAX_RSS_GROWTH = 1.5
MIN_SCRUB_MB_S = 1.0
ONE_PROCESS = "iaextract/1proc"  # the leak scan inline ([run] parallel_scan = false)
NAIVE = "pandas-naive"  # every source table dumped whole, no joins
SCRUB_TARGET = "scrub MB/s of narrative (slowest size)"

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
narratives = "{narratives}"
[run]
parallel_scan = {parallel}
"""

GENERATE = """\
import sys
from iaextract.demo.database import generate_demo_database
generate_demo_database(sys.argv[1], incidents=int(sys.argv[2]), seed=int(sys.argv[3]))
"""


@dataclass
class Run:
    """One timed process."""

    seconds: float
    cpu_seconds: float | None  # user + system: less disturbed than wall time by other load
    rss_mb: float | None  # the largest single process (GNU time)
    out_mb: float
    total_rss_mb: float | None = None  # all its processes together (PSS), sampled
    status: str = "ok"  # or the last line the process printed on failure
    rows_per_s: float | None = None
    mb_per_s: float | None = None
    rounds: list[float] = field(default_factory=list)  # wall seconds of every round


@dataclass
class DatasetQuery:
    name: str
    sql: str
    rows: int = 0
    narrative_mb: float = 0.0


@dataclass
class SizeResult:
    incidents: int
    database_mb: float
    generated_in_s: float | None  # None: taken from the cache
    rows: int
    narrative_mb: float
    runs: dict[str, Run] = field(default_factory=dict)
    ratios: dict[str, float | None] = field(default_factory=dict)


# --- measuring ------------------------------------------------------------------------

def measure(command: list[str], out_dir: Path, *, stdin: Path | None = None,
            timeout: float | None = None, keep: bool = False) -> Run:
    """Run ``command`` once; wall and CPU time, peak RSS and CSV bytes written to ``out_dir``.

    Peak RSS comes from GNU time rather than getrusage() in this process: a child
    started from a large parent inherits the parent's high-water mark across exec.
    A run still going after ``timeout`` seconds is stopped (its whole process group).
    ``keep`` leaves what it wrote in ``out_dir`` (to be read back).
    """
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as scratch:
        usage_file = Path(scratch) / "usage"
        with open(stdin or os.devnull, "rb") as source:
            started = time.perf_counter()
            process = subprocess.Popen(
                [GNU_TIME, "-f", "%M %U %S", "-o", str(usage_file), *command], stdin=source,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                start_new_session=True)
            sampler = GroupMemory(process.pid)
            try:
                _, stderr = process.communicate(timeout=timeout)
                status = _status(process.returncode, stderr)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                status = f"stopped after {timeout:g} s (--timeout)"
            seconds = time.perf_counter() - started
            total_rss = sampler.stop()
        # GNU time's last line; a line before it says so when the command failed.
        lines = usage_file.read_text().splitlines() if usage_file.exists() else []
        usage = lines[-1].split() if lines else []
    complete = len(usage) == 3 and status == "ok"
    rss_mb = int(usage[0]) * 1024 / MB if complete else None
    cpu_seconds = float(usage[1]) + float(usage[2]) if complete else None
    out_mb = sum(p.stat().st_size for p in out_dir.rglob("*.csv")) / MB
    if not keep:  # hundreds of MB at the largest size; only the size matters
        shutil.rmtree(out_dir)
    return Run(seconds, cpu_seconds, rss_mb, out_mb, status=status,
               total_rss_mb=total_rss / MB if complete else None)


class GroupMemory:
    """Samples the memory of every process of a process group together until stopped.

    GNU time reports the largest single process; an export with worker processes uses
    their sum. Each process counts its proportional set size (PSS: pages it shares with
    the others, such as the code they all imported, are split between them), so the sum
    is the memory the run really occupies. (Linux /proc; sampled every 20 ms, so a
    shorter peak may be missed.)
    """

    def __init__(self, group: int) -> None:
        self.group, self.peak = group, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> int:
        """The peak summed RSS in bytes."""
        self._done.set()
        self._thread.join()
        return self.peak

    def _sample(self) -> None:
        while not self._done.wait(0.02):
            self.peak = max(self.peak, sum(self._members()))

    def _members(self) -> list[int]:
        sizes = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[2]) == self.group:
                    rollup = (entry / "smaps_rollup").read_text()
                    sizes.append(int(rollup.split("\nPss:", 1)[1].split()[0]) * 1024)
            except (OSError, IndexError, ValueError):
                continue  # the process ended meanwhile
        return sizes


def _status(returncode: int, stderr: str) -> str:
    """"ok", or the exit code and the message a failed run printed (its error line)."""
    if returncode == 0:
        return "ok"
    lines = [line for line in stderr.splitlines()
             if line.strip() and not line.startswith("Command exited")]
    message = next((line for line in lines if line.startswith("error")),
                   lines[-1] if lines else "no message")
    return f"exit {returncode}: {message}"


# --- preparing ------------------------------------------------------------------------

def demo_database(work: Path, incidents: int, seed: int) -> tuple[Path, float | None]:
    """The cached demo database of this size, generating it (in a child) if needed."""
    spec = importlib.util.find_spec("iaextract.demo.database")
    if spec is None or spec.origin is None:
        sys.exit("the demo generator (iaextract.demo.database) is not available")
    digest = hashlib.sha256(Path(spec.origin).read_bytes()
                            + f"{incidents}:{seed}".encode()).hexdigest()[:12]
    path = work / f"demo-{incidents}-{digest}.sqlite"
    if path.exists():
        return path, None
    for stale in work.glob(f"demo-{incidents}-*.sqlite"):
        stale.unlink()  # made by an older generator
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    print(f"generating the {incidents:,}-incident demo database...", flush=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", GENERATE, str(partial), str(incidents), str(seed)],
                   check=True)
    generated_in = time.perf_counter() - started
    partial.replace(path)  # only a complete database is ever cached
    return path, generated_in


def write_configs(agency: Path, database: Path, incidents: int) -> dict[str, Path]:
    """A config per variant (narrative policy; scan alongside or inline), sharing one
    key, exporting ``database``."""
    agency.mkdir(parents=True, exist_ok=True)
    if not (agency / "iaextract.key").exists():
        write_key_file(agency / "iaextract.key")
    configs = {}
    for variant, narratives, parallel in (("drop", "drop", "true"), ("scrub", "scrub", "true"),
                                          ("one-process", "drop", "false")):
        path = agency / f"{incidents}-{variant}.toml"
        path.write_text(CONFIG.format(database=database.as_posix(),
                                      mappings=shipped_mappings().as_posix(),
                                      narratives=narratives, parallel=parallel),
                        encoding="utf-8")
        configs[variant] = path
    return configs


def dataset_queries(config: Path) -> list[DatasetQuery]:
    """The SELECT iaextract runs for each dataset, as SQLite text, with row counts."""
    run = prepare(load_config(config), ExportRequest())
    datasets = []
    try:
        for plan in run.plans:
            statement = plan.query.statement
            sql = str(statement.compile(dialect=sqlite_dialect.dialect(),
                                        compile_kwargs={"literal_binds": True}))
            narratives = [statement.selected_columns[plan.query.index(column)].name
                          for name, spec in plan.mapping.fields.items()
                          if plan.dataset.field(name).sensitivity is Sensitivity.FREE_TEXT
                          for column in spec.columns()]
            # A plain sqlite:/// source: read through sqlite3, its read-only URI at hand.
            datasets.append(count_rows(DatasetQuery(plan.dataset.name, sql), run.source.uri,
                                       narratives))
    finally:
        run.source.close()
    return datasets


def count_rows(dataset: DatasetQuery, database: str | None, narratives: list[str]) -> DatasetQuery:
    """Fill in how many rows the dataset's query returns and how much narrative they hold."""
    text_bytes = " + ".join(f'coalesce(length(CAST("{n}" AS BLOB)), 0)' for n in narratives)
    with sqlite3.connect(str(database), uri=True) as conn:
        rows, narrative = conn.execute(f"SELECT count(*), sum({text_bytes or 0}) "
                                       f"FROM ({dataset.sql})").fetchone()
    dataset.rows, dataset.narrative_mb = rows, (narrative or 0) / MB
    return dataset


def sqlite3_script(datasets: list[DatasetQuery], out_dir: Path, path: Path) -> Path:
    """A sqlite3 shell script writing each dataset's joined rows to out_dir/NAME.csv."""
    lines = [".headers on", ".mode csv"]
    for dataset in datasets:
        lines += [f".once '{(out_dir / dataset.name).as_posix()}.csv'", dataset.sql + ";"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- one size -------------------------------------------------------------------------

def bench_size(work: Path, incidents: int, seed: int, timeout: float,
               repeat: int = 1) -> SizeResult:
    database, generated_in = demo_database(work, incidents, seed)
    configs = write_configs(work / "agency", database, incidents)
    datasets = dataset_queries(configs["drop"])
    out = work / "out"
    queries = []
    for dataset in datasets:
        sql_file = work / f"{dataset.name}.sql"
        sql_file.write_text(dataset.sql, encoding="utf-8")
        queries.append(f"{dataset.name}={sql_file}")
    iaextract = [sys.executable, "-m", "iaextract", "export", "-q", "-f", "csv"]
    commands: dict[str, tuple[list[str], Path | None]] = {
        # sqlite3 first: it also brings the database into the page cache for the others.
        "sqlite3": (["sqlite3", "-readonly", str(database)],
                    sqlite3_script(datasets, out / "sqlite3", work / "dump.sqlite3")),
        "pandas": ([sys.executable, str(HERE / "pandas_dump.py"), str(database),
                    str(out / "pandas"), *queries], None),
        NAIVE: ([sys.executable, str(HERE / "pandas_dump.py"), "--every-table", str(database),
                 str(out / NAIVE)], None),
        "iaextract": ([*iaextract, "-c", str(configs["drop"]), "-o", str(out / "iaextract")],
                      None),
        "iaextract+scrub": ([*iaextract, "-c", str(configs["scrub"]),
                             "-o", str(out / "iaextract+scrub")], None),
        ONE_PROCESS: ([*iaextract, "-c", str(configs["one-process"]),
                       "-o", str(out / ONE_PROCESS)], None),
    }
    result = SizeResult(incidents, database.stat().st_size / MB, generated_in,
                        sum(d.rows for d in datasets), sum(d.narrative_mb for d in datasets))
    rounds: list[dict[str, Run]] = []
    for number in range(1, repeat + 1):  # every command once a round, in turn
        rounds.append({})
        for name, (command, stdin) in commands.items():
            print(f"  {incidents:,} incidents: {name} ({number}/{repeat})...", flush=True)
            run = measure(command, out / name, stdin=stdin, timeout=timeout)
            if run.status == "ok":
                run.rows_per_s = result.rows / run.seconds
                run.mb_per_s = run.out_mb / run.seconds
            rounds[-1][name] = run
    result.runs = {name: median_run([r[name] for r in rounds]) for name in commands}
    result.ratios = {key: _median([ratios(r)[key] for r in rounds])
                     for key in ratios(rounds[0])}
    return result


def median_run(runs: list[Run]) -> Run:
    """The run of median wall time (the lower of the middle two), with every round's
    wall time; a failed or stopped run if any round was one (its status says why)."""
    failed = [run for run in runs if run.status != "ok"]
    chosen = failed[0] if failed else sorted(runs, key=lambda run: run.seconds)[
        (len(runs) - 1) // 2]
    chosen.rounds = [run.seconds for run in runs]
    return chosen


def _median(values: list[float | None]) -> float | None:
    """The median of per-round ratios (each from runs back to back, so the machine's
    drift between rounds cancels out); None if a round has none."""
    if not values or None in values:
        return None
    ordered = sorted(v for v in values if v is not None)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def ratios(runs: dict[str, Run]) -> dict[str, float | None]:
    """iaextract's time over each baseline's (below 1: iaextract is faster)."""
    def ratio(a: str, b: str) -> float | None:
        if runs[a].status != "ok" or runs[b].status != "ok":
            return None
        return runs[a].seconds / runs[b].seconds

    return {f"{run}/{base}": ratio(run, base)
            for run in ("iaextract", ONE_PROCESS, "iaextract+scrub")
            for base in ("sqlite3", "pandas", NAIVE, "iaextract") if run != base}


# --- reporting ------------------------------------------------------------------------

def _num(value: float | None, spec: str = ",.1f") -> str:
    return "-" if value is None else format(value, spec)


def table(results: list[SizeResult]) -> str:
    header = (f"{'incidents':>9} {'rows':>9} {'run':<16} {'seconds':>8} {'CPU s':>7} {'rows/s':>9} "
              f"{'MB/s':>6} {'peak RSS MB':>11} {'(largest)':>9} {'/sqlite3':>8} {'/pandas':>8} "
              f"{'/naive':>7} {'/default':>8}")
    lines = [header, "-" * len(header)]
    for size in results:
        for name, run in size.runs.items():
            versus = [size.ratios.get(f"{name}/{base}")
                      for base in ("sqlite3", "pandas", NAIVE, "iaextract")]
            if run.status != "ok":
                lines.append(f"{size.incidents:>9,} {size.rows:>9,} {name:<16} {run.status}")
                continue
            lines.append(f"{size.incidents:>9,} {size.rows:>9,} {name:<16} "
                         f"{run.seconds:>8.2f} {_num(run.cpu_seconds, '.2f'):>7} "
                         f"{_num(run.rows_per_s, ',.0f'):>9} "
                         f"{_num(run.mb_per_s):>6} {_num(peak_rss(run)):>11} "
                         f"{_num(run.rss_mb):>9} "
                         f"{_num(versus[0], '.2f'):>8} {_num(versus[1], '.2f'):>8} "
                         f"{_num(versus[2], '.2f'):>7} {_num(versus[3], '.2f'):>8}")
    return "\n".join(lines)


def peak_rss(run: Run) -> float | None:
    """Peak memory of a run: all its processes together when sampled, else the largest."""
    return run.total_rss_mb if run.total_rss_mb else run.rss_mb


def targets(results: list[SizeResult]) -> dict[str, dict[str, Any]]:
    """Each target of issues 9 and 20: the measured value and whether it is met."""
    def worst(key: str, sizes: list[SizeResult] = results) -> float | None:
        values = [r.ratios.get(key) for r in sizes]
        return None if not values or None in values else max(v for v in values if v is not None)

    large = [r for r in results if r.incidents >= SQLITE_RATIO_FROM]
    scrub_rates = [scrub_rate(r) for r in results]
    slowest_scrub = None if any(r is None for r, _ in scrub_rates) else min(scrub_rates)
    measured: dict[str, tuple[float | None, str, Callable[[float], bool]]] = {
        "iaextract/pandas time (worst size)": (
            worst("iaextract/pandas"), f"< {MAX_PANDAS_RATIO}", lambda v: v < MAX_PANDAS_RATIO),
        f"iaextract/{NAIVE} time (worst size)": (
            worst(f"iaextract/{NAIVE}"), f"< {MAX_PANDAS_RATIO}",
            lambda v: v < MAX_PANDAS_RATIO),
        f"iaextract/sqlite3 time (worst size from {SQLITE_RATIO_FROM:,})": (
            worst("iaextract/sqlite3", large), f"<= {MAX_SQLITE_RATIO}",
            lambda v: v <= MAX_SQLITE_RATIO),
        "iaextract+scrub/iaextract time (worst size)": (
            worst("iaextract+scrub/iaextract"), f"<= {MAX_SCRUB_RATIO}",
            lambda v: v <= MAX_SCRUB_RATIO),
    }
    for name in ("iaextract", ONE_PROCESS, "iaextract+scrub"):
        rss = [v for v in (peak_rss(r.runs[name]) for r in results) if v is not None]
        measured[f"{name} peak RSS MB (largest)"] = (
            max(rss) if rss else None, f"< {MAX_RSS_MB}", lambda v: v < MAX_RSS_MB)
        measured[f"{name} RSS largest/smallest size"] = (
            max(rss) / min(rss) if len(rss) > 1 else None, f"< {MAX_RSS_GROWTH}",
            lambda v: v < MAX_RSS_GROWTH)
    measured[SCRUB_TARGET] = (slowest_scrub and slowest_scrub[0], f">= {MIN_SCRUB_MB_S}",
                              lambda v: v >= MIN_SCRUB_MB_S)
    verdicts = {name: {"value": value, "target": target,
                       "met": None if value is None else bool(check(value))}
                for name, (value, target, check) in measured.items()}
    if slowest_scrub and slowest_scrub[1]:  # a stopped run: the rate is at most this
        verdict = verdicts[SCRUB_TARGET]
        verdict["target"] += " (value is an upper bound: the scrub run was stopped)"
        verdict["met"] = False if not verdict["met"] else None
    return verdicts


def scrub_rate(size: SizeResult) -> tuple[float | None, bool]:
    """MB of published narrative scrubbed per second of the scrub run's extra time over
    the plain run, and whether that is only an upper bound (the run was stopped).

    The export is one process on one core, so this is a per-core figure.
    benchmarks/bench_scrub.py measures the scrubber alone.
    """
    plain, scrub = size.runs["iaextract"], size.runs["iaextract+scrub"]
    stopped = scrub.status.startswith("stopped")
    if plain.status != "ok" or not (scrub.status == "ok" or stopped) or not size.narrative_mb:
        return None, False
    return size.narrative_mb / max(scrub.seconds - plain.seconds, 1e-9), stopped


def machine() -> dict[str, Any]:
    version = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True)
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "sqlite3": version.stdout.split(" ")[0]}


def report(results: list[SizeResult], json_path: Path) -> None:
    print()
    print(table(results))
    print("\nTargets:")
    checked = targets(results)
    for name, check in checked.items():
        verdict = {True: "met", False: "NOT MET", None: "not measured"}[check["met"]]
        print(f"  {name}: {_num(check['value'], '.2f')} (target {check['target']}) {verdict}")
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps({
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(), "sizes": [asdict(r) for r in results], "targets": checked,
    }, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {json_path}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="incident counts, comma separated "
                        f"(default {','.join(map(str, SIZES))})")
    parser.add_argument("--quick", action="store_true",
                        help=f"tiny sizes ({', '.join(map(str, QUICK_SIZES))}) to prove it runs")
    parser.add_argument("--seed", type=int, default=2015)
    parser.add_argument("--work", type=Path, default=HERE / "work",
                        help="cache of generated databases and scratch outputs")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "export.json")
    parser.add_argument("--timeout", type=float, default=150,
                        help="seconds after which one run is stopped and reported as such "
                        "(keeps the whole benchmark under ten minutes; default %(default)s)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of every run at each size, in turn; the table shows each "
                        "run's median and the median of the rounds' ratios (default 1)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be 1 or more")
    sizes = ([int(s.replace("_", "")) for s in args.sizes.split(",")] if args.sizes
             else list(QUICK_SIZES if args.quick else SIZES))
    for tool in (GNU_TIME, "sqlite3"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed: bash scripts/install-test-deps.sh installs it")
    args.work.mkdir(parents=True, exist_ok=True)
    results = [bench_size(args.work, size, args.seed, args.timeout, args.repeat)
               for size in sizes]
    report(results, args.json)


if __name__ == "__main__":
    main()
