"""Leak scan of free text: CPU time per narrative of an export, quick and full reading.

    python benchmarks/leak_prose.py CONFIG EXPORT_FOLDER [--repeat 3]

Builds the index of CONFIG's source, reads every distinct ``summary`` of the export's
CSV files and times ``Matcher.find`` on each under free-text rules (best of
``--repeat``), with the quick reading (tokens first, match.py) and the full one. The
digest of the answers must be the same for both, and for any version of the code.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import time
from pathlib import Path

from iaextract.config import load_config
from iaextract.leakscan.match import FREE, Column, Matcher
from iaextract.leakscan.scan import scanner_for


def narratives(folder: Path) -> list[str]:
    csv.field_size_limit(1 << 30)
    texts: list[str] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            texts += [row["summary"] for row in csv.DictReader(handle) if row.get("summary")]
    return list(dict.fromkeys(texts))


def timed(matcher: Matcher, texts: list[str], repeat: int) -> tuple[float, list[str | None]]:
    best, found = float("inf"), []
    for _ in range(repeat):
        started = time.process_time()
        found = [matcher.find(text, Column(FREE)) for text in texts]
        best = min(best, time.process_time() - started)
    return best, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = narratives(args.folder)
    started = time.process_time()
    known = scanner_for(load_config(args.config)).known
    print(f"{len(texts):,} narratives; index built in {time.process_time() - started:.2f} s CPU")
    for quick in (True, False):
        try:
            matcher = Matcher(known, quick=quick)
        except TypeError:  # a version with one reading only
            matcher = Matcher(known)
        seconds, found = timed(matcher, texts, args.repeat)
        digest = hashlib.sha256(repr(found).encode()).hexdigest()[:12]
        print(f"{'quick' if quick else 'full '}: {seconds / len(texts) * 1e6:6.1f} us CPU per "
              f"narrative; {sum(map(bool, found))} found; answers {digest}")


if __name__ == "__main__":
    main()
