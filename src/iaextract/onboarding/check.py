"""``iaextract check``: the config and every mapping against the live source, no export.

Beyond what an export checks before reading (tables, columns, code lists, policy),
this reads the source: the codes really present (after the mapping's joins and
filters) against each code list, whether date columns parse, whether every
column that looks personal (by name or content) is declared under ``source_pii``,
and that no published field reads a personal or quasi-personal column
(onboarding.exposure). Values read are only counted; codes (short category values)
are the only ones ever named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import sqlalchemy as sa

from iaextract.config import Config, PolicyConfig
from iaextract.connectors import Source, open_source
from iaextract.dates import UnparseableDate, parse_datetime
from iaextract.disclosure.plan import check_disclosure, hierarchy_gaps
from iaextract.errors import ConnectorError, IaextractError, Problem
from iaextract.mapping.loader import load_mappings
from iaextract.mapping.model import OTHER, Mapping
from iaextract.mapping.query import Query, build_query
from iaextract.mapping.transform import normalise_code
from iaextract.mapping.validate import check_mapping
from iaextract.onboarding.exposure import exposed_columns
from iaextract.onboarding.inspect import TableReport, content_sampler, inspect_table
from iaextract.onboarding.sampling import TextSampler
from iaextract.pii.known import learnt_columns
from iaextract.redaction.policy import check_overrides
from iaextract.redaction.pseudonym import load_key
from iaextract.safetext import code_label
from iaextract.schema import DATASETS
from iaextract.scrub.ner import configured_ner

MAX_LISTED = 10
_DISTINCT_LIMIT = 100_000


@dataclass
class CheckReport:
    """Problems (fail the check), warnings (worth a look) and what was checked."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def run_checks(config: Config) -> CheckReport:
    """Check key, policy, mappings and source; every problem found is in the report."""
    report = CheckReport()
    _collect(report, lambda: load_key(config.resolve(config.pseudonyms.key_file)
                                      if config.pseudonyms.key_file else None,
                                      config.pseudonyms.key_env))
    _collect(report, lambda: check_overrides(config.policy))
    _collect(report, lambda: check_disclosure(config.policy))
    if _collect(report, lambda: configured_ner(config)) is not None:
        report.checked.append(f"NER model {config.policy.ner_model} loaded")
    mappings = _collect(report, lambda: load_mappings(config.mapping_paths)) or {}
    source = _collect(report, lambda: open_source(config.source.url, config.base_dir))
    if source is None:
        return report
    with source:
        if _collect(report, source.catalog) is None:
            return report
        report.checked.append(f"connected to {source.display_url}")
        sampler = content_sampler(source) if mappings else None
        for mapping in mappings.values():
            _check_mapping(report, source, mapping, sampler, config.policy)
            _check_hierarchies(report, source, mapping, config)
        if config.policy.narratives == "scrub":
            _list_learnt(report, source, list(mappings.values()))
    return report


def _list_learnt(report: CheckReport, source: Source, mappings: list[Mapping]) -> None:
    """Name the person tables and columns the scrubber and the scan learn from."""
    declared, detected = learnt_columns(source, mappings)
    for how, columns in (("declared", declared), ("detected", detected)):
        by_table: dict[str, list[str]] = {}
        for c in columns:
            by_table.setdefault(c.table, []).append(f"{c.column} ({c.kind})")
        for table, names in sorted(by_table.items()):
            report.checked.append(f"scrub learns from {table} ({how}): {', '.join(names)}")


T = TypeVar("T")


def _collect(report: CheckReport, step: Callable[[], T]) -> T | None:
    """Run one step; an IaextractError becomes problems in the report and None."""
    try:
        return step()
    except IaextractError as exc:
        if exc.problems and not isinstance(exc, ConnectorError):
            report.problems.extend(exc.problems)  # each names its own file and line
        else:  # one source, one problem: the message says what, sub-problems how to fix
            hint = "; ".join(p.message for p in exc.problems) or None
            report.problems.append(Problem("source", exc.message, hint=hint))
        return None


def _check_mapping(report: CheckReport, source: Source, mapping: Mapping,
                   sampler: TextSampler | None, policy: PolicyConfig) -> None:
    resolved, problems = check_mapping(mapping, source.catalog())
    report.problems.extend(problems)
    if problems or mapping.dataset not in DATASETS:
        return
    query = build_query(mapping, resolved)
    file = str(mapping.file) if mapping.file else None
    distinct = _Distinct(source, query)
    lists, dates = 0, set[str]()
    for name, spec in mapping.fields.items():
        if spec.codes and spec.codes in mapping.codes and spec.from_:
            lists += 1
            _check_codes(report, mapping, name, spec.codes, distinct.values(spec.from_), file)
        elif DATASETS[mapping.dataset].field(name).type == "date" or spec.age_at or \
                spec.years_between:
            for ref in sorted(set(spec.columns()) - dates):  # each column once
                dates.add(ref)
                _check_dates(report, mapping, name, ref, distinct.values(ref), file,
                             ("fields", name))
    for key in ("date", "cursor"):  # what --since/--until and incremental runs rely on
        ref = getattr(mapping.source, key)
        if ref and ref.strip() not in dates:
            dates.add(ref.strip())
            _check_dates(report, mapping, f"source.{key}", ref.strip(),
                         distinct.values(ref), file, ("source", key))
    tables = _check_pii(report, source, mapping, file, sampler)
    _collect(report, lambda: report.problems.extend(exposed_columns(mapping, tables, policy)))
    report.checked.append(f"{mapping.dataset}: {len(mapping.fields)} fields, {lists} code "
                          f"lists and {len(dates)} date columns checked against the source")


def _check_hierarchies(report: CheckReport, source: Source, mapping: Mapping,
                       config: Config) -> None:
    """Every value a mapping publishes in a field must be in the agency's hierarchy of it."""
    own = config.policy.disclosure.hierarchies
    wanted = [name for name in mapping.fields if name in own]
    if not wanted or mapping.dataset not in DATASETS:
        return
    resolved, problems = check_mapping(mapping, source.catalog())
    if problems:
        return  # already reported by _check_mapping
    distinct = _Distinct(source, build_query(mapping, resolved))
    for name in wanted:
        spec = mapping.fields[name]
        codes = mapping.codes.get(spec.codes) if spec.codes else None
        coded = codes is not None
        published = codes.values() if codes is not None else \
            distinct.values(spec.from_) if spec.from_ else [spec.value]
        gap = hierarchy_gaps(config.policy, name, published)
        if gap:
            level, missing = gap
            shown = ", ".join(repr(v) for v in missing[:MAX_LISTED]) if coded else \
                "values of the source column"
            report.problems.append(Problem(
                "hierarchy-gap", f"{mapping.dataset}.{name}: {len(missing)} published "
                f"value(s) missing from [policy.disclosure.hierarchies.{name}] level "
                f"{level!r} ({shown}); at that level they would be withheld",
                str(config.path) if config.path else None,
                hint="map every value the field publishes"))


class _Distinct:
    """Distinct values of a mapping's selected columns, after its joins and filters."""

    def __init__(self, source: Source, query: Query) -> None:
        self._source = source
        self._query = query
        self._rows = query.statement.order_by(None).subquery()

    def values(self, ref: str) -> set[object]:
        column = self._rows.c[f"c{self._query.index(ref.strip())}"]
        statement = sa.select(column).where(column.isnot(None)).distinct()
        found: set[object] = set()
        for chunk in self._source.stream(statement.limit(_DISTINCT_LIMIT), 5000):
            found.update(row[0] for row in chunk)
        return found


def _check_codes(report: CheckReport, mapping: Mapping, field_name: str, list_name: str,
                 values: set[object], file: str | None) -> None:
    known = {normalise_code(k) for k in mapping.codes[list_name] if k != OTHER}
    unknown = sorted({code_label(c) for c in {normalise_code(v) for v in values}
                      - known - {""}})
    if not unknown:
        return
    listed = ", ".join(unknown[:MAX_LISTED]) + (f" and {len(unknown) - MAX_LISTED} more"
                                                 if len(unknown) > MAX_LISTED else "")
    has_other = OTHER in mapping.codes[list_name]
    problem = Problem("unknown-codes", f"{field_name}: {len(unknown)} code(s) in the source "
                      f"are not in code list {list_name!r}: {listed}", file,
                      mapping.line("codes", list_name),
                      f"they become {mapping.codes[list_name][OTHER]!r} ({OTHER}); add them "
                      "to the list if they mean something else" if has_other else
                      f"add them to the list, or add {OTHER}")
    (report.warnings if has_other else report.problems).append(problem)


def _check_dates(report: CheckReport, mapping: Mapping, label: str, ref: str,
                 values: set[object], file: str | None, path: tuple[str, ...]) -> None:
    bad = 0
    for value in values:
        try:
            parse_datetime(value)
        except UnparseableDate:
            bad += 1
    if not bad:
        return
    problem = Problem("unparseable-dates", f"{label}: {bad} of {len(values)} distinct "
                      f"values of {ref} are not dates in any accepted form", file,
                      mapping.line(*path),
                      "an export counts them as unparseable and leaves the field empty")
    # A column that is mostly not dates is the wrong column; a few bad entries are data.
    (report.problems if bad * 2 > len(values) else report.warnings).append(problem)


def _check_pii(report: CheckReport, source: Source, mapping: Mapping, file: str | None,
               sampler: TextSampler | None) -> dict[str, TableReport]:
    """Undeclared personal columns become problems; returns the tables' reports."""
    reports = {}
    declared = {(t.lower(), c.lower()) for t, cols in mapping.source_pii.items()
                for c in cols}
    tables = sorted({source.catalog().table(t) or t for t in mapping.aliases().values()})
    for table in tables:
        if table not in source.catalog().tables:
            continue
        reports[table] = inspect_table(source, table, sampler=sampler)
        for column in reports[table].personal:
            if (table.lower(), column.name.lower()) in declared:
                continue
            kind = column.kind or ""
            report.problems.append(Problem(
                "undeclared-pii", f"{table}.{column.name} looks personal ({kind}, by its "
                f"{column.why(kind)}) but is not under source_pii", file,
                mapping.line("source_pii"),
                f"add it: source_pii: {{{table}: {{{column.name}: {kind}}}}}"))
    return reports
