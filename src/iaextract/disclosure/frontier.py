"""A small frontier around a plan: what each level of its most weighted field would cost.

For a clerk deciding whether the trade-off is right: with the other fields as
chosen, the date (or whichever field weighs most) at each of its levels, and the
share of records that would have to be suppressed to meet k.
"""

from __future__ import annotations

from iaextract.disclosure.plan import RolePlan


def frontier(plan: RolePlan) -> list[str]:
    """One line per level of the plan's most weighted field, in words."""
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
