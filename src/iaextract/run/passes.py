"""One dataset's published rows through disclosure control and small-cell suppression.

Both need counts over every published row before the first row is written (the plan
of k-anonymity over people; the combinations too small to publish). The source is read
once: the redactor's rows are counted and kept in a private temporary file
(:class:`~iaextract.run.spool.RowSpool`), the plans are made, and the rows are written
from the file. Only a dataset nothing needs to count first streams straight through.
A chunk stays column-wise throughout (iaextract.chunks): counted, kept, generalised and
handed to the writers as the redactor made its columns.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from typing import Any

from iaextract.chunks import ColumnChunk
from iaextract.config import PolicyConfig
from iaextract.disclosure.plan import DisclosureControl, RoleCounting, role_specs
from iaextract.disclosure.risk import CellSuppressor, GroupCounts, quasi_identifiers
from iaextract.run.plan import DatasetPlan
from iaextract.run.spool import RowSpool


class DisclosurePasses:
    """Counts, plans and applies disclosure control and suppression to one dataset."""

    def __init__(self, plan: DatasetPlan, policy: PolicyConfig) -> None:
        self.name, self.policy = plan.dataset.name, policy
        self.columns = plan.redactor.columns
        self.specs = role_specs(plan.dataset, self.columns, plan.builder.fields, policy)
        self.quasi = quasi_identifiers(plan.dataset, self.columns, plan.builder.fields) \
            if policy.suppress_small_cells else None
        self.control: DisclosureControl | None = None
        self.suppressor: CellSuppressor | None = None

    @property
    def counts_first(self) -> bool:
        """Whether the rows must all be counted before the first is written."""
        return self.quasi is not None or any(s.mode == "enforce" for s in self.specs)

    def chunks(self, published: Iterable[ColumnChunk]) -> Generator[ColumnChunk, None, None]:
        """``published`` (the redactor's chunks) as disclosure control publishes them."""
        if not self.counts_first:
            # Every role only reports, from the rows as they are written.
            self.control = DisclosureControl(self.specs, self.columns, self.policy) \
                if self.specs else None
            for chunk in published:
                yield self._apply(chunk)
            return
        with RowSpool(self.name) as spool:
            self._plan(self._count(published, spool))
            for chunk in spool.chunks():
                yield self._apply(chunk)

    def _count(self, published: Iterable[ColumnChunk], spool: RowSpool
               ) -> tuple[RoleCounting | None, GroupCounts | None]:
        """Every chunk counted and spooled, column by column as the redactor made it."""
        # The rows written are these rows (spooled): no second pass to fingerprint for.
        counting = RoleCounting(self.specs, self.columns, fingerprinted=False) \
            if self.specs else None
        groups = GroupCounts(self.quasi) if self.quasi is not None else None
        quasi = [list(self.columns).index(q) for q in self.quasi or ()]
        for chunk in published:
            if counting:
                counting.add_columns(chunk.columns)
            if groups is not None:
                groups.add_columns([chunk.columns[i] for i in quasi], chunk.rows)
            spool.write(chunk)
        return counting, groups

    def _plan(self, counted: tuple[RoleCounting | None, GroupCounts | None]) -> None:
        counting, groups = counted
        if counting:
            # Report-only roles measure the same counts; nothing is read twice.
            self.control = DisclosureControl(self.specs, self.columns, self.policy,
                                             counting, recount=False)
            self.control.forget_prepass()  # planned: writing needs the memory, not the counts
        if groups:
            self.suppressor = CellSuppressor(self.columns, groups, self.policy.k)

    def _apply(self, chunk: ColumnChunk) -> ColumnChunk:
        if self.control:
            self.control.observe_columns(chunk.columns)
        if self.suppressor:
            chunk = self.suppressor.apply(chunk)
        if self.control:
            chunk = ColumnChunk(self.control.transform_columns(chunk.columns), chunk.rows)
        return chunk

    def finish(self, details: dict[str, Any]) -> None:
        """Check the rows written against the plans (WriterError if they differ) and
        record what was done in ``details``; then let the counts go."""
        if self.control:
            self.control.verify(self.name)
            details["disclosure"] = self.control.summary()
            self.control.release()  # the next dataset's counts need the memory
        if self.suppressor:
            self.suppressor.verify(self.name)
            details["disclosure_risk"] = self.suppressor.summary()
