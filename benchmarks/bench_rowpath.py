"""Rows per second of the export's row path, stage by stage, without the leak scan.

    python benchmarks/bench_rowpath.py DEMO/iaextract.toml [--repeat 3] [--format csv ...]

For every dataset the config exports, the same rows are read four times, each stage
adding one step: ``fetch`` (the source's chunks), ``build`` (+ mapping: codes, dates,
ages), ``redact`` (+ pseudonyms, generalising) and ``write`` (+ the format writers,
disclosure control included, as an export runs it). The best of ``--repeat`` runs is
kept, in CPU seconds of this process (steadier than wall time on a shared machine).
Start-up, artifacts and the leak scan are left out: bench_export.py times those. To
compare two versions, run it with each on PYTHONPATH in the same session.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from iaextract.config import load_config
from iaextract.run.pipeline import ExportRequest, _write_dataset, prepare
from iaextract.run.plan import DatasetPlan, DatasetResult, PreparedRun
from iaextract.writers.formats import FormatSet


def _fetch(run: PreparedRun, plan: DatasetPlan, chunk: int, _out: Path) -> int:
    return sum(len(rows) for rows in run.source.stream(plan.query.sql, chunk))


def _build(run: PreparedRun, plan: DatasetPlan, chunk: int, _out: Path) -> int:
    result = DatasetResult(plan.dataset.name)
    for _built, _count in plan.built_chunks(run.source, result, chunk):
        pass
    return result.rows_read


def _redact(run: PreparedRun, plan: DatasetPlan, chunk: int, _out: Path) -> int:
    result = DatasetResult(plan.dataset.name)
    for _chunk in plan.public_chunks(run.source, result, chunk):
        pass
    return result.rows_read


def _write(formats: list[str]) -> Callable[[PreparedRun, DatasetPlan, int, Path], int]:
    def write(run: PreparedRun, plan: DatasetPlan, chunk: int, out: Path) -> int:
        result = DatasetResult(plan.dataset.name)
        sink = FormatSet(out, "", plan.dataset.name, formats, plan.redactor.columns)
        _write_dataset(plan, run, sink, result, ExportRequest(chunk_size=chunk), None, None)
        return result.rows_read
    return write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", action="append", dest="formats")
    parser.add_argument("--chunk", type=int, default=ExportRequest().chunk_size)
    args = parser.parse_args()
    config = load_config(args.config)
    formats = args.formats or list(config.output.formats)
    stages = {"fetch": _fetch, "build": _build, "redact": _redact, "write": _write(formats)}
    totals = dict.fromkeys(stages, 0.0)
    rows_total = 0
    # published_only: the columns an export reads (it never fetches a dropped narrative).
    first = prepare(config, ExportRequest(), published_only=True)
    first.source.close()
    with tempfile.TemporaryDirectory() as tmp:
        for name in [plan.dataset.name for plan in first.plans]:
            print(f"{name:28}", end="", flush=True)
            for stage, run_stage in stages.items():
                best, rows = float("inf"), 0
                for _ in range(args.repeat):
                    # A fresh plan each time: builders and redactors keep counts.
                    run = prepare(config, ExportRequest(datasets=(name,)), published_only=True)
                    try:
                        started = time.process_time()
                        rows = run_stage(run, run.plans[0], args.chunk, Path(tmp))
                        best = min(best, time.process_time() - started)
                    finally:
                        run.source.close()
                totals[stage] += best
                print(f" {stage} {rows / best:>9,.0f}/s", end="", flush=True)
            rows_total += rows
            print()
    print(f"{'all (' + format(rows_total, ',') + ' rows)':28}"
          + "".join(f" {s} {rows_total / t:>9,.0f}/s" for s, t in totals.items()))


if __name__ == "__main__":
    main()
