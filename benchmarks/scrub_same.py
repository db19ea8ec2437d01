"""Check that two checkouts' scrubbers give identical output on the same corpus.

Speed work on the scrubber must not change what it removes. This scrubs, with the
scrubber of each checkout (``src`` folders), in a child process each:

* the narratives of ``bench_scrub.py`` (10,000 known people), as written, upper-cased
  and lower-cased, at date precisions month, day and year;
* the texts of ``scrub_eval.py``'s three sets (no known people);
* with ``--demo CONFIG``, every narrative of a demo database, with the scrubber a
  scrub-mode export builds from that config (every person of the source known).

and compares the scrubbed texts and findings one by one; the first differences are
printed. Run: ``PYTHONPATH=src python benchmarks/scrub_same.py ../main/src src
[--demo benchmarks/work/agency/10000-scrub.toml]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _bench_texts(narratives: int) -> Iterator[tuple[str, object, str]]:
    """(set name, scrubber, text) of the bench_scrub corpus."""
    sys.path.insert(0, str(HERE))
    import bench_scrub as b

    from iaextract.pii.entities import KnownEntities
    from iaextract.scrub.scrubber import TextScrubber

    rng = random.Random(20261125)
    people = b.make_people(rng, 10_000)
    known = KnownEntities()
    for i, p in enumerate(people):
        known.add_person(p)
        known.add_value("phone", b.phone_of(i))
        known.add_value("email", f"{(p.first or 'x').lower()}.{i}@example.net")
        known.add_value("ssn", f"{100 + i % 500:03d}-{10 + i % 89:02d}-{i:04d}")
        known.add_value("dob", f"{1950 + i % 50}-{1 + i % 12:02d}-{1 + i % 28:02d}")
        if i % 3 == 0:
            known.add_value("address", f"{i % 9000 + 1} {b.STREETS[i % len(b.STREETS)]}")
    texts = [t for t, _ in b.make_narratives(rng, people, narratives)]
    for precision in ("month", "day", "year"):
        scrubber = TextScrubber(known, date_precision=precision)
        for form in ("as-is", "upper", "lower"):
            for t in texts:
                yield (f"bench/{precision}/{form}", scrubber,
                       t if form == "as-is" else t.upper() if form == "upper" else t.lower())


def _eval_texts() -> Iterator[tuple[str, object, str]]:
    sys.path.insert(0, str(HERE))
    from scrub_eval import SETS
    from scrub_eval_data import build_set

    from iaextract.scrub.scrubber import TextScrubber

    scrubber = TextScrubber()
    for kind in SETS:
        rng = random.Random(f"scrub-eval-{kind}")
        for _ in range(600):
            yield f"eval/{kind}", scrubber, build_set(kind, rng)[0]


def _demo_texts(config_path: str) -> Iterator[tuple[str, object, str]]:
    from iaextract.config import load_config
    from iaextract.connectors import open_source
    from iaextract.run.inputs import load_inputs
    from iaextract.run.plan import ExportRequest
    from iaextract.scrub.narrative import narrative_scrub

    config = load_config(config_path)
    inputs = load_inputs(config, ExportRequest())
    source = open_source(config.source.url, config.base_dir)
    scrub = narrative_scrub(source, inputs.mappings.values(), config.policy,
                            inputs.pseudonymizer)
    import sqlite3

    database = config.source.url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        for (text,) in db.execute("SELECT Synopsis FROM Incidents ORDER BY IncidentID"):
            yield "demo", scrub.scrubber, text


def dump(out: Path, narratives: int, demo: str | None) -> None:
    """Scrub the corpus with the scrubber on ``sys.path``; one JSON line per text."""
    sets = [_bench_texts(narratives), _eval_texts()] + ([_demo_texts(demo)] if demo else [])
    with out.open("w", encoding="utf-8") as f:
        for corpus in sets:
            for name, scrubber, text in corpus:
                r = scrubber.scrub(text)  # type: ignore[attr-defined]
                findings = [(x.type, x.start, x.end) for x in r.findings]
                f.write(json.dumps([name, r.text, findings]) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", help="src folder of the first checkout")
    ap.add_argument("after", help="src folder of the second checkout")
    ap.add_argument("--narratives", type=int, default=3000)
    ap.add_argument("--demo", help="a scrub-mode config of a demo database")
    ap.add_argument("--work", default="/tmp/scrub_same")
    ap.add_argument("--dump", help=argparse.SUPPRESS)  # the child: write here
    args = ap.parse_args()
    if args.dump:
        dump(Path(args.dump), args.narratives, args.demo)
        return
    Path(args.work).mkdir(parents=True, exist_ok=True)
    outs = []
    for tag, src in (("before", args.before), ("after", args.after)):
        out = Path(args.work) / f"{tag}.jsonl"
        extra = ["--demo", args.demo] if args.demo else []
        subprocess.run([sys.executable, __file__, args.before, args.after, "--narratives",
                        str(args.narratives), "--dump", str(out), *extra], check=True,
                       env=dict(os.environ, PYTHONPATH=str(Path(src).resolve())))
        outs.append(out.read_text(encoding="utf-8").splitlines())
    before, after = outs
    differ = [(i, a, b) for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    digest = hashlib.sha256("\n".join(after).encode()).hexdigest()[:16]
    print(f"{len(before)} texts scrubbed by both; {len(differ)} differ; output sha256 {digest}")
    for i, a, b in differ[:10]:
        print(f"  #{i}\n    before {a}\n    after  {b}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
