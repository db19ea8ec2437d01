"""The search for the least-loss safe generalisation of one role (see ``lattice``).

The search visits nodes in order of ``sum(w_f * m_f)``, the least loss a node could
have, skips nodes finer than one already found unsafe (after an unsafe node it climbs
to a coarser unsafe one, as Flash does, so that one evaluation rules out many nodes),
and stops once no node left can beat the best safe one: the result is optimal, and
ties go to the finer node.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from iaextract.disclosure.lattice import Evaluation, Node, RoleCounts


class _Frontier:
    """The coarsest nodes found unsafe; every node finer than one of them is unsafe too.

    Plain tuples: a frontier holds a few dozen nodes of a few fields, where a numpy
    comparison costs more in calls than it saves (the search asks thousands of times).
    """

    def __init__(self, fields: int) -> None:
        self.nodes: list[Node] = []

    def covers(self, node: Node) -> bool:
        return any(all(a >= b for a, b in zip(unsafe, node, strict=True))
                   for unsafe in self.nodes)

    def add(self, node: Node) -> None:
        # Nodes finer than ``node`` are now implied by it.
        self.nodes = [n for n in self.nodes
                      if not all(a <= b for a, b in zip(n, node, strict=True))]
        self.nodes.append(node)


@dataclass(frozen=True)
class Search:
    """The outcome of one search: the best safe node and how much work it took."""

    best: Evaluation
    evaluated: int
    nodes: int


def search(counts: RoleCounts, k: int, max_suppressed: float,
           weights: Sequence[float] | None = None) -> Search:
    """The safe node of least information loss (optimal; ties to the finer node)."""
    least = {n: counts.unsuppressed_loss(n, weights) for n in counts.nodes()}
    nodes = sorted(least, key=lambda n: (least[n], sum(n), n))
    walk = _Walk(counts, k, max_suppressed, weights)
    best: tuple[float, int, Node] | None = None  # the best safe node's loss, sum, node
    for node in nodes:
        if best is not None and least[node] > best[0]:
            break  # no node left can lose less than the best safe one
        if walk.unsafe.covers(node):
            continue  # finer than an unsafe node: unsafe too (monotonicity)
        safe, loss = walk.evaluate(node)
        if not safe:
            walk.climb(node)
        elif best is None or (loss, sum(node), node) < best:
            best = (loss, sum(node), node)
    for node, (safe, loss) in walk.seen.items():  # found while climbing: perhaps better
        if safe and (best is None or (loss, sum(node), node) < best):
            best = (loss, sum(node), node)
    if best is None:  # only when there is no field at all
        top = tuple(h.top for h in counts.hierarchies)
        best = (walk.evaluate(top)[1], sum(top), top)
    # The walk measured only safety and loss; the best node is measured in full.
    return Search(counts.evaluate(best[2], k, max_suppressed, weights), len(walk.seen),
                  len(nodes))


class _Walk:
    """Evaluations of one search, each node once, and the coarsest unsafe nodes found.

    After an unsafe node, :meth:`climb` raises its fields one level at a time while
    the node stays unsafe (Flash's paths): the coarser unsafe node it ends on rules out
    every node below it without evaluating them.
    """

    def __init__(self, counts: RoleCounts, k: int, max_suppressed: float,
                 weights: Sequence[float] | None) -> None:
        self.counts, self.k, self.limit, self.weights = counts, k, max_suppressed, weights
        self.unsafe = _Frontier(len(counts.hierarchies))
        self.seen: dict[Node, tuple[bool, float]] = {}  # node -> safe, loss

    def evaluate(self, node: Node) -> tuple[bool, float]:
        if node not in self.seen:
            self.seen[node] = self.counts.safe_and_loss(node, self.k, self.limit, self.weights)
        return self.seen[node]

    def climb(self, node: Node) -> None:
        tops = [h.top for h in self.counts.hierarchies]
        for f, top in enumerate(tops):
            while node[f] < top:
                higher = node[:f] + (node[f] + 1,) + node[f + 1:]
                if not (self.unsafe.covers(higher) or not self.evaluate(higher)[0]):
                    break
                node = higher
        self.unsafe.add(node)


