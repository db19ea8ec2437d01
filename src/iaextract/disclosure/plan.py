"""One dataset's disclosure plan: which role counts, the chosen levels, what is suppressed.

Built from :class:`~.lattice.RoleCounts` of every role the dataset publishes (members
of the public; officers unless they are named), it generalises each published row
the same way — one plan per dataset per release, so every format gets the same
values — and blanks the role's quasi-identifiers of the few records whose
combination still describes fewer than k people.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from iaextract.config import PolicyConfig
from iaextract.disclosure.hierarchies import WITHHELD, Hierarchy
from iaextract.disclosure.lattice import Evaluation, Node, RoleCounts
from iaextract.disclosure.roles import ROLE_NAMES, RoleCounting, RoleSpec, effective_k
from iaextract.disclosure.roles import check_disclosure as check_disclosure  # re-exported
from iaextract.disclosure.roles import hierarchy_for as hierarchy_for  # re-exported
from iaextract.disclosure.roles import hierarchy_gaps as hierarchy_gaps  # re-exported
from iaextract.disclosure.roles import role_specs as role_specs  # re-exported
from iaextract.disclosure.search import Search, search
from iaextract.errors import WriterError


@dataclass
class RolePlan:
    """What disclosure control decided for one role of one dataset."""

    spec: RoleSpec
    k: int
    max_suppressed: float
    counts: RoleCounts
    before: Evaluation
    after: Evaluation
    search: Search | None
    suppress: set[tuple[Any, ...]] = field(default_factory=set)
    reasons: list[str] = field(default_factory=list)

    @property
    def node(self) -> Node:
        return self.after.node

    def levels(self) -> dict[str, str]:
        """Each field's chosen level, by name (``quarter``, ``20-year bands``)."""
        return {h.field: h.levels[level] for h, level in zip(self.spec.hierarchies, self.node,
                                                             strict=True)}

    def summary(self) -> dict[str, Any]:
        """The plan in numbers and plain words, for the manifest."""
        return {"role": ROLE_NAMES[self.spec.role], "mode": self.spec.mode, "k": self.k,
                "l": self.spec.l or None, "l_diverse_in": self.spec.sensitive,
                "counted_by": self.spec.person, "people": self.before.people,
                "records": self.before.records,
                "records_without_person": self.counts.unattributed,
                "max_suppressed": self.max_suppressed, "levels": self.levels(),
                "before": _risk(self.before), "after": self.published_risk(),
                "suppressed_records": self.after.records_at_risk
                if self.spec.mode == "enforce" else 0,
                "information_loss": round(self.after.loss, 4),
                "nodes_evaluated": self.search.evaluated if self.search else 0,
                "explanation": self.reasons}


    def published_risk(self) -> dict[str, Any]:
        """The risk of what is published: enforce suppresses the records at risk."""
        if self.spec.mode != "enforce":
            return _risk(self.after)
        return {"combinations": self.after.groups,
                "smallest_group_people": self.after.smallest_kept,
                "records_at_risk": 0, "people_at_risk": 0}

    def levels_in_words(self) -> str:
        """``occurred_date: month; district: withheld; …``."""
        return "; ".join(f"{name}: {level}" for name, level in self.levels().items())


def _risk(evaluation: Evaluation) -> dict[str, Any]:
    return {"combinations": evaluation.groups, "smallest_group_people": evaluation.smallest,
            "records_at_risk": evaluation.records_at_risk,
            "people_at_risk": evaluation.people_at_risk}


def plan_role(spec: RoleSpec, counts: RoleCounts, policy: PolicyConfig,
              k: int | None = None) -> RolePlan:
    """Search (enforce) or only measure (report) one role's risk."""
    k = k or effective_k(policy)
    limit = policy.disclosure.max_suppressed
    base = tuple(0 for _ in spec.hierarchies)
    before = counts.evaluate(base, k, limit)
    if spec.mode != "enforce":
        return RolePlan(spec, k, limit, counts, before, before, None)
    found = search(counts, k, limit)
    plan = RolePlan(spec, k, limit, counts, before, found.best, found,
                    counts.at_risk_keys(found.best.node, k))
    plan.reasons = explain(plan)
    return plan


def explain(plan: RolePlan) -> list[str]:
    """Why each field is coarser than the policy's own precision, in plain words."""
    reasons, counts, k = [], plan.counts, plan.k
    for f, h in enumerate(plan.spec.hierarchies):
        level = plan.node[f]
        if level == 0:
            continue
        finer = plan.node[:f] + (level - 1,) + plan.node[f + 1:]
        other = counts.evaluate(finer, k, plan.max_suppressed)
        done = "withheld" if h.levels[level] == WITHHELD else f"published as {h.levels[level]}"
        if not other.safe:
            why = (f"at {h.levels[level - 1]} {other.people_at_risk:,} people were in "
                   f"combinations shared by fewer than {k} ({other.share_at_risk:.1%} of "
                   f"records, more than the {plan.max_suppressed:.0%} that may be "
                   "suppressed)")
        else:
            why = (f"{h.levels[level - 1]} would lose more information overall "
                   f"({other.loss:.3f} against {plan.after.loss:.3f})")
        reasons.append(f"{h.field} {done} because {why}")
    return reasons


class DisclosureControl:
    """Applies the plans of one dataset to its published rows, and checks the rows.

    With a ``prepass`` (its counts, when a role enforces k) the plans are made before
    the first row is written; when the rows written come from a second read of the
    source (``recount``), the write pass counts again and :meth:`verify` refuses the
    export if the two differ. Rows kept from the counted read itself need no recount.
    Without a pre-pass, every role only reports, from the write pass's own counts.
    """

    def __init__(self, specs: Sequence[RoleSpec], columns: Sequence[str],
                 policy: PolicyConfig, prepass: RoleCounting | None = None, *,
                 recount: bool = True) -> None:
        self.policy = policy
        # With a pre-pass the write pass only has to match it: a fingerprint will do.
        self.seen = RoleCounting(specs, columns, digest_only=prepass is not None) \
            if prepass is None or recount else None
        self.plans = [plan_role(s, c, policy) for s, c in zip(specs, prepass.counts,
                                                               strict=True)] if prepass else []
        where = {name: i for i, name in enumerate(columns)}
        self._steps: list[tuple[int, Callable[[Sequence[Any]], list[Any]]]] = []
        self._suppress: list[tuple[list[int], set[tuple[Any, ...]]]] = []
        for plan in self.plans:
            if plan.spec.mode != "enforce":
                continue
            for h, level in zip(plan.spec.hierarchies, plan.node, strict=True):
                if level or h.blank is not None:
                    self._steps.append((where[h.field], _memoised(h, level)))
            if plan.suppress:
                self._suppress.append(([where[f] for f in plan.spec.fields], plan.suppress))

    def apply(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """``rows`` counted (:meth:`observe`) and generalised (:meth:`transform`)."""
        self.observe(rows)
        return self.transform(rows)

    def observe(self, rows: Sequence[Sequence[Any]]) -> None:
        """Count the rows the redactor published, for :meth:`verify` and reports."""
        if self.seen is not None:
            self.seen.add(rows)

    def observe_columns(self, columns: Sequence[Sequence[Any]]) -> None:
        """:meth:`observe` for a chunk given column by column."""
        if self.seen is not None:
            self.seen.add_columns(columns)

    def transform(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """``rows`` generalised to the plan, outliers' quasi-identifiers blanked."""
        if not (self._steps or self._suppress) or not rows:
            return rows
        return list(zip(*self.transform_columns(list(zip(*rows, strict=True))), strict=True))

    def transform_columns(self, columns: list[Sequence[Any]]) -> list[Sequence[Any]]:
        """:meth:`transform` for a chunk given column by column (the columns the plan leaves
        alone are returned as they are).

        Each generalised column is mapped in C through its values' generalisations; then
        each role's suppressed combinations (as generalised) are blanked, role after role
        as the plans were made.
        """
        if not (self._steps or self._suppress) or not columns:
            return columns
        columns = list(columns)
        for i, step in self._steps:
            columns[i] = step(columns[i])
        for indexes, suppress in self._suppress:
            hit = _suppressed(columns, indexes, suppress)
            if hit:
                for i in indexes:
                    blanked = columns[i] = list(columns[i])
                    for r in hit:
                        blanked[r] = None
        return columns

    def verify(self, dataset: str) -> None:
        """WriterError if the write pass saw other rows than the plans were made from."""
        if self.seen is None:
            return  # the rows written are the rows counted
        for plan, seen in zip(self.plans, self.seen.counts, strict=False):
            if plan.spec.mode == "enforce" and seen.fingerprint() != plan.counts.fingerprint():
                raise WriterError(f"{dataset}: the source changed while it was being exported "
                                  "(disclosure control reads it twice and the two reads "
                                  "differ); nothing was published, run the export again")

    def forget_prepass(self) -> None:
        """Forget the pre-pass's per-person counts once the plans are made: the write
        pass needs only their fingerprint (:meth:`verify`) and the plans' numbers. (A
        preview keeps them, to show other choices.)"""
        for plan in self.plans:
            plan.counts.release()

    def release(self) -> None:
        """Forget the per-person counts (after :meth:`verify` and :meth:`summary`); the
        plans' levels, numbers and reasons stay for the data dictionary."""
        for plan in self.final_plans():
            plan.counts.release()

    def final_plans(self) -> list[RolePlan]:
        """The plans, or (every role reporting) the risk measured over the written rows
        (measured once: the counts may be released after)."""
        if not self.plans and self.seen is not None:
            self.plans = [plan_role(s, c, self.policy) for s, c in
                          zip(self.seen.specs, self.seen.counts, strict=True)]
        return self.plans

    def summary(self) -> dict[str, Any]:
        """Per role, the plan (enforce) or the measured risk (report), for the manifest."""
        return {p.spec.role.value: p.summary() for p in self.final_plans()}


def disclosure_levels(control: DisclosureControl | None) -> tuple[dict[str, str],
                                                                   tuple[str, ...]]:
    """Fields coarsened by enforced plans (field -> level name), and each plan in words."""
    if control is None:
        return {}, ()
    levels, lines = {}, []
    for plan in control.final_plans():
        role = ROLE_NAMES[plan.spec.role]
        if plan.spec.mode != "enforce":
            lines.append(f"Risk for {role} is reported only (k = {plan.k}): "
                         f"{plan.before.records_at_risk:,} of {plan.before.records:,} records "
                         f"are in combinations of fewer than {plan.k} {role}.")
            continue
        levels.update({h.field: h.levels[level] for h, level in
                       zip(plan.spec.hierarchies, plan.node, strict=True) if level})
        lines.append(f"Disclosure control for {role} (every published combination describes "
                     f"at least {plan.k} of them, counted by `{plan.spec.person}`): "
                     f"{plan.levels_in_words()}; {plan.after.records_at_risk:,} of "
                     f"{plan.after.records:,} records suppressed (these details blanked); "
                     f"information loss {plan.after.loss:.2f}."
                     + "".join(f" {reason}." for reason in plan.reasons))
    return levels, tuple(lines)


def _memoised(hierarchy: Hierarchy, level: int) -> Callable[[Sequence[Any]], list[Any]]:
    """A column's values generalised to ``level``, each distinct value once."""
    known: dict[Any, Any] = {}

    def step(values: Sequence[Any]) -> list[Any]:
        try:  # mostly every value is known already
            return list(map(known.__getitem__, values))
        except KeyError:
            pass
        for value in dict.fromkeys(values):
            if value not in known:
                known[value] = hierarchy.generalise(value, level)
        return list(map(known.__getitem__, values))
    return step


def _suppressed(columns: Sequence[Sequence[Any]], indexes: Sequence[int],
                suppress: set[tuple[Any, ...]]) -> list[int]:
    """The rows whose combination (the values of ``indexes``) is one of ``suppress``.

    The few suppressed combinations are looked for field by field: the rows whose first
    field holds a value of one of them, in C, then those whose next field does, and only
    the rows left are checked whole.
    """
    first = columns[indexes[0]]
    values = {key[0] for key in suppress}
    rows = list(itertools.compress(range(len(first)), map(values.__contains__, first)))
    for f, i in enumerate(indexes[1:], 1):
        if not rows:
            break
        values, column = {key[f] for key in suppress}, columns[i]
        rows = [r for r in rows if column[r] in values]
    return [r for r in rows if tuple(columns[i][r] for i in indexes) in suppress]
