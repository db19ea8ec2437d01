"""Which published fields would carry a personal or quasi-personal source column.

The leak scan stops an export that publishes a known personal value, but only after
the rows are read, and it knows only the columns listed under ``source_pii``. ``check``
finds the mistake up front: a field published as read (kept, or a date generalised)
whose source column ``inspect`` judges personal — by name or by content — or
quasi-personal (a complainant's ZIP mapped into ``district``). An agency that
publishes such a column on purpose says why in a ``[policy.fields]`` override.
"""

from __future__ import annotations

from iaextract.config import PolicyConfig
from iaextract.errors import Problem
from iaextract.mapping.model import Mapping
from iaextract.onboarding.inspect import TableReport
from iaextract.redaction.policy import decide_treatments
from iaextract.schema import DATASETS, Kind, Treatment


def exposed_columns(mapping: Mapping, reports: dict[str, TableReport],
                    policy: PolicyConfig) -> list[Problem]:
    """A problem per published field of ``mapping`` that reads a column judged personal
    or quasi-personal in ``reports`` (table -> report), unless the policy overrides
    that field with a stated reason."""
    if mapping.dataset not in DATASETS:
        return []
    tables = {alias.lower(): table.lower() for alias, table in mapping.aliases().items()}
    columns = {(table.lower(), c.name.lower()): c for table, report in reports.items()
               for c in report.columns}
    problems = []
    for decided in decide_treatments(DATASETS[mapping.dataset], policy):
        field = decided.field
        spec = mapping.fields.get(field.name)
        key = f"{mapping.dataset}.{field.name}"
        if spec is None or spec.from_ is None or key in policy.fields or \
                not _published_as_read(decided.treatment, field.kind) or \
                (field.officer_identity and policy.officer_identity == "named"):
            continue
        for ref in spec.columns():
            alias, _dot, name = ref.strip().partition(".")
            column = columns.get((tables.get(alias.lower(), ""), name.lower()))
            if column is None or not (kinds := {**column.personal, **column.quasi}):
                continue
            kind = next(iter(kinds))
            problems.append(Problem(
                "published-personal", f"{field.name} reads {ref.strip()}, which holds "
                f"{'quasi-' if kind in column.quasi else ''}personal data ({kind}, by "
                f"{column.why(kind)}) and would be published {decided.describe(policy)}",
                str(mapping.file) if mapping.file else None, mapping.line("fields", field.name),
                f"map another column, or state why it is safe: [policy.fields.\"{key}\"] "
                f"treatment = \"{decided.treatment.value}\", reason = \"...\""))
    return problems


def _published_as_read(treatment: Treatment, kind: Kind) -> bool:
    # Pseudonyms, scrubbing, dropping, 100-blocks and age bands publish no source value.
    return treatment is Treatment.KEEP or (treatment is Treatment.GENERALISE and
                                           kind is Kind.DATE)
