"""What an export withheld and why, in plain words for residents, from its manifest."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

PRECISION = {"day": "day", "month": "month, not the day",
             "quarter": "quarter of the year (January–March…), not the day or month",
             "year": "year only"}

#: What each policy reason for dropping a field means.
DROPPED = {
    "policy.narratives = drop": "Written accounts of what happened (narratives) are not "
    "published: they name people and places.",
    "policy.officer_identity = pseudonym": "Officers' names and badge numbers are not "
    "published. Each officer appears under a code that is the same in every file, so "
    "one officer's records can be followed without naming them.",
    "policy.officer_identity = none": "Officers' names, badge numbers and codes are not "
    "published.",
    "policy.addresses = drop": "Addresses are not published.",
}


def field_words(name: str) -> str:
    return name.replace("_", " ")


def withheld(manifest: dict[str, Any]) -> list[str]:
    """One plain sentence per kind of thing withheld or made less precise."""
    by_reason: dict[str, set[str]] = defaultdict(set)
    treatments: set[str] = set()
    for info in manifest.get("datasets", {}).values():
        for name, field in info.get("fields", {}).items():
            treatments.add(field["description"])
            if field["treatment"] == "drop":
                by_reason[field["reason"]].add(name)
    policy = manifest.get("policy", {})
    said = [DROPPED[r] for r in DROPPED if r in by_reason]
    if "schema default" in by_reason:
        said.append("Personal details of residents and officers are never published: "
                    + ", ".join(sorted(map(field_words, by_reason["schema default"]))) + ".")
    said += [f"{field_words(', '.join(sorted(names))).capitalize()}: not published. "
             f"The agency's reason: {reason}"
             for reason, names in sorted(by_reason.items())
             if reason not in DROPPED and reason != "schema default"
             and not reason.startswith("policy.")]
    said += generalised(policy, treatments)
    return said


def generalised(policy: dict[str, Any], treatments: set[str]) -> list[str]:
    """The sentences for what was published less precisely than recorded."""
    said = []
    if any(t.startswith("pseudonymised") for t in treatments):
        said.append("Case, incident and person numbers are replaced by codes made with a "
                    "secret key: records about the same case or person can be linked, but "
                    "the codes do not reveal the original numbers.")
    if any(t.startswith("generalised to") for t in treatments):
        said.append("Dates are given to the "
                    f"{PRECISION.get(str(policy.get('date_precision')), 'precision shown')}.")
    if any(t.startswith("banded") for t in treatments):
        said.append("Ages and years of service are given in bands (for example 25-34), "
                    "not exactly.")
    if policy.get("addresses") == "block":
        said.append("Addresses are cut to the hundred block (1200 block of Main St).")
    if policy.get("suppress_small_cells"):
        said.append(f"Where fewer than {policy.get('k')} records share the same details "
                    "(such as age, race, sex and date), those details are left blank.")
    return said


def checked(manifest: dict[str, Any]) -> str | None:
    """The leak scan's result in words, if the manifest has one."""
    scan = manifest.get("leak_scan") or {}
    if scan.get("result") != "clean":
        return None
    return (f"Before publishing, every file was checked against the personal details held "
            f"in the source ({scan.get('values_checked', 0):,} names, numbers and "
            "addresses): none was found.")
