"""The dry run behind ``iaextract preview`` and ``export --dry-run``.

Runs the real pipeline (connect → map → redact) over every row of each dataset
without writing anything: no export file, no staging folder, no state, not even
the output folder. The first rows are kept as before/after samples for a person to
read; every row is counted (rows that would be written, unknown codes, unparseable
dates, placeholders) and grouped for the disclosure-risk report.

Original values leave this module only as masks (kind and length) unless the
caller asks for originals: the renderers never see what they must not show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from iaextract.config import Config
from iaextract.disclosure.plan import DisclosureControl, RoleCounting, role_specs
from iaextract.disclosure.risk import GroupCounts, RiskReport, key_of, quasi_identifiers
from iaextract.preview import DEFAULT_ROWS
from iaextract.preview.narratives import NarrativeReview, review
from iaextract.redaction.redactor import TextScrub
from iaextract.run.pipeline import prepare
from iaextract.run.plan import DatasetPlan, DatasetResult, ExportRequest, PreparedRun, Progress
from iaextract.schema import Field, Kind, Sensitivity, Treatment
from iaextract.writers.formats import cell

MASK = "\u2022\u2022\u2022\u2022"  # ••••

#: What a masked original is called, by the kind of its field.
_KIND_LABELS = {Kind.NAME: "name", Kind.ADDRESS: "address", Kind.TEXT: "narrative",
                Kind.ID: "identifier", Kind.DATE: "date", Kind.AGE: "age",
                Kind.YEARS: "years of service"}

#: How each cell of a sample changed; renderers colour by it.
KEPT, PSEUDONYMISED, GENERALISED, DROPPED, SCRUBBED, SUPPRESSED, BLANK = (
    "kept", "pseudonymised", "generalised", "dropped", "scrubbed", "suppressed", "blank")
_CHANGE = {Treatment.KEEP: KEPT, Treatment.PSEUDONYM: PSEUDONYMISED,
           Treatment.GENERALISE: GENERALISED, Treatment.DROP: DROPPED,
           Treatment.SCRUB: SCRUBBED}


def mask(value: Any, field: Field) -> str:
    """``•••• (name, 11 chars)``: the kind and length of a value, never the value."""
    label = _KIND_LABELS.get(field.kind) or ("quasi-identifier"
                                             if field.sensitivity is Sensitivity.QUASI
                                             else "value")
    length = len(display(value))
    return f"{MASK} ({label}, {length} char{'' if length == 1 else 's'})"


def display(value: Any) -> str:
    """A published or original value as text, as the CSV export writes it."""
    return str(cell(value))


@dataclass(frozen=True)
class FieldInfo:
    """One field of a dataset and what redaction does to it."""

    name: str
    sensitivity: str
    treatment: str  # in words: "generalised to month", "dropped"…
    change: str  # one of KEPT, PSEUDONYMISED… (for colour)
    reason: str
    mapped: bool
    quasi: bool


@dataclass(frozen=True)
class Cell:
    """One field of one sample record: what the source holds and what is published."""

    field: str
    change: str
    before: str
    after: str
    masked: bool


@dataclass
class DatasetPreview:
    """Everything the preview shows about one dataset."""

    name: str
    title: str
    result: DatasetResult
    fields: list[FieldInfo]
    samples: list[list[Cell]]
    quality: dict[str, Any]
    placeholders: dict[str, int]
    risk: RiskReport
    suppress: bool
    narratives: list[NarrativeReview] = field(default_factory=list)
    disclosure: DisclosureControl | None = None

    @property
    def unknown_codes(self) -> int:
        return sum(sum(codes.values()) for codes in self.quality["unknown_codes"].values())

    @property
    def unparseable_dates(self) -> int:
        return sum(self.quality["unparseable_dates"].values())


@dataclass
class Preview:
    """A whole dry run: the source, the policy and every dataset."""

    source: str
    key_fingerprint: str
    policy: dict[str, Any]
    rows: int
    show_originals: bool
    datasets: list[DatasetPreview] = field(default_factory=list)


def build_preview(config: Config, request: ExportRequest, *, rows: int = DEFAULT_ROWS,
                  show_originals: bool = False, scrub: TextScrub | None = None,
                  progress: Progress | None = None, narratives: int = 0) -> Preview:
    """Dry-run every requested dataset; reads the whole source, writes nothing.

    ``narratives``: also review the first N scrubbed narratives of each dataset."""
    run = prepare(config, request, scrub)
    preview = Preview(run.source.display_url, run.pseudonymizer.fingerprint,
                      config.policy.describe(), rows, show_originals)
    with run.source:
        for plan in run.plans:
            preview.datasets.append(_dry_run(plan, run, request, rows, show_originals,
                                             progress, narratives))
    return preview


def _dry_run(plan: DatasetPlan, run: PreparedRun, request: ExportRequest, rows: int,
             show_originals: bool, progress: Progress | None,
             narratives: int = 0) -> DatasetPreview:
    name, redactor = plan.dataset.name, plan.redactor
    result = DatasetResult(name)
    groups = GroupCounts(quasi_identifiers(plan.dataset, redactor.columns, plan.builder.fields))
    key = key_of(redactor.columns, groups.quasi)
    samples: list[tuple[list[Any], tuple[Any, ...]]] = []
    reviews: list[NarrativeReview] = []
    specs = role_specs(plan.dataset, redactor.columns, plan.builder.fields, run.config.policy)
    counting = RoleCounting(specs, redactor.columns)
    if progress:
        total = run.source.count(plan.query.sql) if progress.wants_totals else None
        progress.start(name, total)
    quasi = [redactor.columns.index(name) for name in groups.quasi]
    for built, count in plan.built_chunks(run.source, result, request.chunk_size):
        published = redactor.redact_chunk(built, count)
        wanted = min(rows - len(samples), count)
        # both are column-wise; only the sample rows are turned back into records
        samples.extend(([column[j] for column in built], published.row(j))
                       for j in range(wanted))
        if len(reviews) < narratives:
            reviews.extend(_reviews(plan, built, narratives - len(reviews), show_originals))
        groups.add_columns([published.columns[i] for i in quasi], count)
        counting.add_columns(published.columns)
        result.rows_written += count
        if progress:
            progress.advance(name, count)
    if progress:
        progress.finish(name, result)
    policy = run.config.policy
    control = DisclosureControl(specs, redactor.columns, policy, counting) if specs else None
    if control:  # the samples as the plan publishes them
        samples = [(before, control.transform([after])[0]) for before, after in samples]
    risk = groups.report(policy.k)
    suppressed = groups.at_risk(policy.k) if policy.suppress_small_cells else set()
    return DatasetPreview(
        name, plan.dataset.title, result, _fields(plan, run, set(groups.quasi)),
        [_sample(plan, before, after, key(after) in suppressed, groups.quasi, show_originals)
         for before, after in samples],
        plan.builder.stats.to_dict(), dict(sorted(redactor.placeholders.items())), risk,
        policy.suppress_small_cells, narratives=reviews, disclosure=control)


def _reviews(plan: DatasetPlan, built: list[list[Any]], wanted: int,
             show_originals: bool) -> list[NarrativeReview]:
    """Reviews of the first ``wanted`` non-empty scrubbed narratives of a chunk."""
    scrub = plan.redactor.scrub
    if scrub is None:
        return []
    found: list[NarrativeReview] = []
    for decided in plan.redactor.treatments:
        if decided.treatment is not Treatment.SCRUB or decided.field.name not in \
                plan.builder.fields:
            continue
        column = built[plan.builder.fields.index(decided.field.name)]
        for value in column:
            if len(found) == wanted:
                return found
            if value is not None and str(value).strip():
                shown = display(value) if show_originals else mask(value, decided.field)
                found.append(review(decided.field.name, str(value), scrub, shown))
    return found


def _fields(plan: DatasetPlan, run: PreparedRun, quasi: set[str]) -> list[FieldInfo]:
    return [FieldInfo(t.field.name, t.field.sensitivity.value, t.describe(run.config.policy),
                      _CHANGE[t.treatment], t.reason, t.field.name in plan.builder.fields,
                      t.field.name in quasi)
            for t in plan.redactor.treatments]


def _sample(plan: DatasetPlan, before: Sequence[Any], after: Sequence[Any], suppressed: bool,
            quasi: Sequence[str], show_originals: bool) -> list[Cell]:
    """One sample record as cells; an original is masked unless it is published as is."""
    original = dict(zip(plan.builder.fields, before, strict=True))
    published = dict(zip(plan.redactor.columns, after, strict=True))
    cells = []
    for decided in plan.redactor.treatments:
        name = decided.field.name
        if name not in original:
            continue  # not mapped: blank before and after, nothing to show
        value = original[name]
        change = _CHANGE[decided.treatment]
        shown = published.get(name)
        if suppressed and name in quasi:
            change, shown = SUPPRESSED, None
        if value is None:
            change = DROPPED if change == DROPPED else BLANK
        unchanged = change == KEPT
        masked = not (unchanged or show_originals) and value is not None
        cells.append(Cell(name, change, mask(value, decided.field) if masked
                          else display(value), display(shown), masked))
    return cells
