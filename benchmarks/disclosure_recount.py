"""Issue 17's done-when, recounted from a published CSV by distinct pseudonym.

For complaint allegations and use of force: the share of records in a published
combination of the public's quasi-identifiers that fewer than k people share, and the
share keeping the incident date at the quarter or finer *and* the complainant's or
subject's race (by name: "Other or unknown" and "Unknown" keep none). Both shares are
over the records that name a member of the public (a record naming nobody has no race
to keep and counts for nobody's risk). Used by bench_disclosure.py and its test; reads
the files only, never the plan.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from iaextract.schema import DATASETS, Kind, Role, Sensitivity

DATASETS_CHECKED = ("complaint_allegations", "use_of_force")
#: Published race values that keep no race: blank, unknown, or unknown merged with the
#: smaller groups (the "major groups" level). Counting them as kept would flatter the plan.
NO_RACE = frozenset({"", "Unknown", "Other or unknown"})
#: A date published at the day, the month or the quarter.
QUARTER_OR_FINER = re.compile(r"\d{4}-(?:\d{2}(?:-\d{2})?|Q[1-4])")


@dataclass(frozen=True)
class Recount:
    dataset: str
    records: int  # records naming a member of the public
    at_risk: int  # … in a combination of fewer than k people
    keeping: int  # … with the incident date at the quarter or finer and the race

    @property
    def share_at_risk(self) -> float:
        return self.at_risk / self.records if self.records else 0.0

    @property
    def share_keeping(self) -> float:
        return self.keeping / self.records if self.records else 0.0

    def line(self, k: int) -> str:
        return (f"{self.dataset}: {self.share_at_risk:.1%} of {self.records:,} records in "
                f"combinations of fewer than {k} people; {self.share_keeping:.1%} keep "
                "the incident date at quarter or finer and the race")


def recount(export: Path, dataset: str, k: int) -> Recount:
    """The done-when's two shares for one dataset's published CSV."""
    fields = [f for f in DATASETS[dataset].fields if f.role is Role.PUBLIC]
    person = next(f.name for f in fields if f.kind is Kind.ID)
    race = next(f.name for f in fields if f.name.endswith("_race"))
    with (export / f"{dataset}.csv").open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row[person]]
    quasi = [f.name for f in fields if f.sensitivity is Sensitivity.QUASI
             and rows and f.name in rows[0]]
    people: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for row in rows:
        people[tuple(row[q] for q in quasi)].add(row[person])
    small = {key for key, who in people.items() if any(key) and len(who) < k}
    at_risk = sum(tuple(row[q] for q in quasi) in small for row in rows)
    keeping = sum(bool(QUARTER_OR_FINER.fullmatch(row["occurred_date"]))
                  and row[race] not in NO_RACE for row in rows)
    return Recount(dataset, len(rows), at_risk, keeping)
