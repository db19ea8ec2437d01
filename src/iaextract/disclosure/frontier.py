"""A small frontier around a plan, so a clerk sees the trade-off before publishing.

Two views: the plan's best choice at other values of k (2 and 10 beside the
policy's), and, with the other fields as chosen, what each level of the most
weighted field (the incident date) would cost in records at risk and information.
"""

from __future__ import annotations

from iaextract.disclosure.plan import RolePlan
from iaextract.disclosure.search import search

OTHER_K = (2, 5, 10)


def frontier(plan: RolePlan) -> list[str]:
    """Lines in words: other k, then each level of the most weighted field."""
    return k_frontier(plan) + level_frontier(plan)


def k_frontier(plan: RolePlan) -> list[str]:
    """The least-loss plan at each of k = 2, 5, 10 (the policy's own k marked)."""
    lines = []
    for k in sorted(set(OTHER_K) | {plan.k}):
        best = search(plan.counts, k, plan.max_suppressed).best if k != plan.k else plan.after
        levels = "; ".join(f"{h.field}: {h.levels[level]}" for h, level in
                           zip(plan.spec.hierarchies, best.node, strict=True) if level)
        chosen = " (chosen)" if k == plan.k else ""
        lines.append(f"k = {k}{chosen}: coarsened {levels or 'nothing'}; "
                     f"{best.records_at_risk:,} records suppressed; information loss "
                     f"{best.loss:.2f}")
    return lines


def level_frontier(plan: RolePlan) -> list[str]:
    """One line per level of the plan's most weighted field, the others as chosen."""
    hierarchies = plan.spec.hierarchies
    if not hierarchies:
        return []
    f = max(range(len(hierarchies)), key=lambda i: (hierarchies[i].weight, -i))
    h, lines = hierarchies[f], []
    for level, name in enumerate(h.levels):
        node = plan.node[:f] + (level,) + plan.node[f + 1:]
        e = plan.counts.evaluate(node, plan.k, plan.max_suppressed)
        verdict = "meets k" if e.safe else "does not meet k"
        chosen = " (chosen)" if node == plan.node else ""
        lines.append(f"{h.field} at {name}{chosen}: {e.share_at_risk:.1%} of records in "
                     f"combinations of fewer than {plan.k}, {verdict}, information loss "
                     f"{e.loss:.2f}")
    return lines
