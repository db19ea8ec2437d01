"""Evaluate the narrative scrubber on people and addresses nobody declared.

Three labelled sets are generated (seeded, deterministic) from the hand-written
templates and name pools of ``benchmarks/scrub_eval_data.py``; the scrubber runs with an
empty dictionary (no source tables), so every person and address must be found by its
rule layers alone:

* ``police``: police-style narratives (role words, self-introductions, speaker labels,
  LAST, FIRST, initials, lowercase and ALL-CAPS names, possessives, nicknames...);
* ``general``: general prose naming people of many origins;
* ``address``: street addresses in sentences (with and without suffix, units).

Reported per set: person recall (a name counts only when every letter of it is removed),
address recall (the same), and precision (removed characters that were personal; dates
generalised by the date layer are not counted as removals).
Run: ``PYTHONPATH=src python benchmarks/scrub_eval.py [--n 600] [--json FILE] [--misses K]``
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scrub_eval_data import build_set  # noqa: E402

from iaextract.scrub.scrubber import TextScrubber  # noqa: E402

SETS = ("police", "general", "address")


def evaluate(kind: str, n: int, scrubber: TextScrubber, misses: int = 0) -> dict[str, float]:
    """Recall per label and precision over the ``n`` texts of set ``kind``."""
    rng = random.Random(f"scrub-eval-{kind}")
    found: dict[str, list[int]] = {}
    removed = personal_removed = 0
    shown = 0
    for text, spans in (build_set(kind, rng) for _ in range(n)):
        result = scrubber.scrub(text)
        gone = [False] * len(text)
        for f in result.findings:
            if f.type == "date":
                continue
            for i in range(f.start, f.end):
                gone[i] = True
        personal = [False] * len(text)
        for label, start, end in spans:
            for i in range(start, end):
                personal[i] = True
            letters = [i for i in range(start, end) if text[i].isalnum()]
            hit = all(gone[i] for i in letters)
            found.setdefault(label, [0, 0])[0] += hit
            found[label][1] += 1
            if not hit and shown < misses and label in ("person", "address"):
                shown += 1
                print(f"  miss {label}: {text[start:end]!r} in {result.text!r}")
        removed += sum(1 for i, g in enumerate(gone) if g and not text[i].isspace())
        personal_removed += sum(1 for i, g in enumerate(gone)
                                if g and personal[i] and not text[i].isspace())
    report = {f"{label}_recall": hits / total for label, (hits, total) in found.items()}
    report["precision"] = personal_removed / removed if removed else 1.0
    report["texts"] = n
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600, help="texts per set")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--misses", type=int, default=0, help="print up to K misses per set")
    args = parser.parse_args()
    scrubber = TextScrubber()
    results = {}
    for kind in SETS:
        results[kind] = evaluate(kind, args.n, scrubber, args.misses)
        figures = ", ".join(f"{k} {v:.3f}" for k, v in results[kind].items() if k != "texts")
        print(f"{kind:8} ({args.n} texts): {figures}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
