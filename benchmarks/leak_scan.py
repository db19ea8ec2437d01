"""Leak scan speed: index build time and scan throughput (MB/s) on a demo export.

    python benchmarks/leak_scan.py [--incidents 20000]

Builds a demo database, exports it without the scan, then times reading the known
personal values, building the index and scanning every file of the export.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

from iaextract.config import load_config
from iaextract.demo.database import generate_demo_database
from iaextract.leakscan.scan import scanner_for
from iaextract.redaction.pseudonym import write_key_file
from iaextract.run.pipeline import export


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=20_000)
    parser.add_argument("--memory", action="store_true",
                        help="also trace peak memory (slows the scan several times)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate_demo_database(root / "db.sqlite", incidents=args.incidents, seed=1)
        write_key_file(root / "key")
        from iaextract.demo import shipped_mappings

        (root / "iaextract.toml").write_text(
            f'[source]\nurl = "sqlite:///{(root / "db.sqlite").as_posix()}"\n'
            f'[mappings]\npath = "{shipped_mappings().as_posix()}"\n'
            '[output]\ndir = "export"\nformats = ["csv", "json", "ndjson"]\n'
            '[pseudonyms]\nkey_file = "key"\n', encoding="utf-8")
        config = load_config(root / "iaextract.toml")
        started = time.perf_counter()
        result = export(config, leak_scan=False)
        exported = time.perf_counter() - started
        if args.memory:
            tracemalloc.start()
        started = time.perf_counter()
        scanner = scanner_for(config)
        indexed = time.perf_counter() - started
        findings = scanner.scan_folder(result.out_dir)
        scanned = time.perf_counter() - started - indexed
        peak = tracemalloc.get_traced_memory()[1] if args.memory else 0
        size = sum(p.stat().st_size for p in result.out_dir.iterdir() if p.is_file())
        print(f"incidents: {args.incidents:,}; export (no scan): {exported:.1f} s; "
              f"{size / 1e6:.1f} MB in {scanner.files_scanned} files")
        print(f"known values: {len(scanner.known):,}; read + index: {indexed:.1f} s")
        print(f"scan: {scanned:.1f} s = {size / 1e6 / scanned:.1f} MB/s; "
              f"findings: {len(findings)}" + (f"; peak traced memory {peak / 1e6:.0f} MB"
                                          if args.memory else ""))


if __name__ == "__main__":
    main()
