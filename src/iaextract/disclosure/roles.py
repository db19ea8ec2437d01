"""The roles a dataset's published rows describe, their quasi-identifiers' hierarchies,
and the pre-pass that counts each role's people (:class:`RoleCounting`); the checks of
``[policy.disclosure]``. The plans made from these counts are in ``plan``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from iaextract.config import PolicyConfig
from iaextract.disclosure.hierarchies import Hierarchy, agency_hierarchy, built_in
from iaextract.disclosure.lattice import RoleCounts
from iaextract.errors import ConfigError, Problem, did_you_mean
from iaextract.schema import DATASETS, Dataset, Kind, Role, Sensitivity

#: What analysts of police records use most: when it happened (trends) and the race of
#: the people involved (disparities). Each weighs PRIORITY_FACTOR times all of the role's
#: other quasi-identifiers together, so in effect the search first keeps these as fine
#: as k allows (one step, months to quarters on ten years of data, costs 0.02 of a
#: field: twice all the others), then loses as little as it can of the rest. A
#: suppressed record loses its date and race too, so suppression is priced the same way.
PRIORITY = ("occurred_date", "complainant_race", "subject_race", "officer_race")
PRIORITY_FACTOR = 100.0
#: The outcome l-diversity protects: the first of these a dataset publishes.
SENSITIVE = ("finding", "disposition")
ROLE_NAMES = {Role.PUBLIC: "members of the public", Role.OFFICER: "officers"}


@dataclass(frozen=True)
class RoleSpec:
    """One role a dataset publishes: its identifier column and its quasi-identifiers."""

    role: Role
    mode: str  # enforce | report
    person: str
    hierarchies: tuple[Hierarchy, ...]
    sensitive: str | None = None  # l-diversity: finding or disposition
    l: int = 0  # noqa: E741 - the l of l-diversity; 0: off

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(h.field for h in self.hierarchies)

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.fields, self.person, *([self.sensitive] if self.sensitive else []))


def effective_k(policy: PolicyConfig) -> int:
    """``[policy.disclosure] k``, else ``[policy] k``."""
    return policy.disclosure.k or policy.k


def default_weight(name: str, quasi: Sequence[str]) -> float:
    """1, or for a :data:`PRIORITY` field PRIORITY_FACTOR times the role's other fields."""
    others = sum(q not in PRIORITY for q in quasi)
    return PRIORITY_FACTOR * max(others, 1) if name in PRIORITY else 1.0


def hierarchy_for(dataset: Dataset, name: str, policy: PolicyConfig,
                  quasi: Sequence[str] = ()) -> Hierarchy:
    """The agency's hierarchy of field ``name`` if it gave one, else the built-in one;
    weighted as the agency says, else by :func:`default_weight` among ``quasi``."""
    disclosure = policy.disclosure
    weight = disclosure.weights.get(name, default_weight(name, quasi))
    own = disclosure.hierarchies.get(name)
    if own:
        return agency_hierarchy(name, [(level.name, level.map) for level in own], weight)
    return built_in(dataset.field(name), policy.date_precision, weight, policy.age_bands)


def role_specs(dataset: Dataset, columns: Sequence[str], mapped: Iterable[str],
               policy: PolicyConfig) -> list[RoleSpec]:
    """The roles whose people a dataset's published rows describe, with their fields."""
    mapped = set(mapped)
    specs = []
    for role in Role:
        if role is Role.OFFICER and policy.officer_identity == "named":
            continue  # named officers are not protected by disclosure control
        present = [c for c in columns if c in mapped and dataset.field(c).role is role]
        ids = [c for c in present if dataset.field(c).kind is Kind.ID]
        quasi = [c for c in present if dataset.field(c).sensitivity is Sensitivity.QUASI]
        if not ids or not quasi:
            continue
        mode = policy.disclosure.mode if role is Role.PUBLIC else policy.disclosure.officers
        sensitive = next((c for c in SENSITIVE if c in mapped and c in columns), None) \
            if policy.disclosure.l else None
        hierarchies = tuple(hierarchy_for(dataset, c, policy, quasi) for c in quasi)
        if mode != "enforce":  # published as the redactor does: a blank stays blank
            hierarchies = tuple(replace(h, blank=None) for h in hierarchies)
        specs.append(RoleSpec(role, mode, ids[0], hierarchies, sensitive,
                              policy.disclosure.l or 0 if sensitive else 0))
    return specs


class RoleCounting:
    """Counts published rows into one RoleCounts per role.

    Rows hold ``columns`` (default: just the roles' own columns, as a pre-pass reads).
    ``fingerprinted=False``: no :meth:`RoleCounts.fingerprint` (the rows written are
    these rows, so there is no second pass to check).
    """

    def __init__(self, specs: Sequence[RoleSpec], columns: Sequence[str] = (),
                 digest_only: bool = False, fingerprinted: bool = True) -> None:
        self.specs = list(specs)
        self.counts = [RoleCounts(s.hierarchies, s.l, digest_only, fingerprinted)
                       for s in specs]
        self.columns = list(columns) or list(dict.fromkeys(c for s in specs for c in s.columns))
        where = {name: i for i, name in enumerate(self.columns)}
        self._indexes = [([where[f] for f in s.fields], where[s.person],
                          where[s.sensitive] if s.sensitive else None) for s in specs]

    def add(self, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.add_columns(list(zip(*rows, strict=True)))

    def add_columns(self, columns: Sequence[Sequence[Any]]) -> None:
        """Count a chunk of rows given column by column (in :attr:`columns`' order)."""
        if not columns or not columns[0]:
            return
        for counts, (fields, person, sensitive) in zip(self.counts, self._indexes, strict=True):
            counts.add_columns([columns[i] for i in fields], columns[person],
                               None if sensitive is None else columns[sensitive])


def hierarchy_gaps(policy: PolicyConfig, field: str, published: Iterable[Any]
                   ) -> tuple[str, list[str]] | None:
    """Values a field publishes that the agency's hierarchy of it does not map.

    None when the field has no agency hierarchy or every value is mapped; else the
    first level's name and the values it misses (they would be withheld there).
    """
    levels = policy.disclosure.hierarchies.get(field)
    if not levels:
        return None
    missing = sorted({str(v) for v in published if v is not None} - set(levels[0].map))
    return (levels[0].name, missing) if missing else None


def check_disclosure(policy: PolicyConfig) -> None:
    """Weights and hierarchies of ``[policy.disclosure]`` must name quasi-identifiers."""
    known = {f.name for d in DATASETS.values() for f in d.fields
             if f.role and f.sensitivity is Sensitivity.QUASI}
    problems = []
    for table in ("weights", "hierarchies"):
        for name in getattr(policy.disclosure, table):
            if name not in known:
                problems.append(Problem("unknown-field", f"policy.disclosure.{table}.{name} "
                                        "names no quasi-identifier of a role",
                                        hint=did_you_mean(name, known)))
    if problems:
        raise ConfigError("[policy.disclosure] names unknown fields", problems)
