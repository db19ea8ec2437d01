"""The rules of ``iaextract.toml``: pydantic models that check a config file.

Imported only to check a file (or build settings in code): a run whose config file
validated before reads its settings from the cache (:mod:`iaextract.validated`). What
a run uses are the frozen records of :mod:`iaextract.config`, made from these models.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from iaextract.dates import parse_duration
from iaextract.errors import Problem, did_you_mean
from iaextract.publish_targets import target_problem
from iaextract.schema import DATASETS
from iaextract.schema.model import Treatment

Format = Literal["csv", "json", "ndjson"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceConfig(_Section):
    url: str = Field(description="SQLAlchemy URL, odbc: connection string, or CSV folder")


class MappingsConfig(_Section):
    path: list[str] = Field(description="mapping folder(s) or file(s)")

    @field_validator("path", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class OutputConfig(_Section):
    dir: str = "export"
    formats: list[Format] = ["csv", "json"]
    csv_bom: bool = False


class PseudonymConfig(_Section):
    key_file: str | None = None
    key_env: str | None = None


class FieldOverride(_Section):
    treatment: Treatment
    reason: str = Field(min_length=3, description="why the agency overrides the default")


class HierarchyLevel(_Section):
    """One level of an agency's own hierarchy: each value of the level below, mapped up."""

    name: str = Field(min_length=1, description="what the level is called (area, bureau)")
    map: dict[str, str] = Field(min_length=1, description="value below -> value here")


def _chained(levels: list[HierarchyLevel]) -> list[HierarchyLevel]:
    for lower, upper in itertools.pairwise(levels):
        missing = sorted(set(lower.map.values()) - set(upper.map))
        if missing:
            raise ValueError(f"level {upper.name!r} does not map {len(missing)} value(s) of "
                             f"level {lower.name!r} (e.g. {missing[0]!r})")
    return levels


class DisclosureConfig(_Section):
    """Disclosure control: the generalisation search that meets k (``[policy.disclosure]``)."""

    k: int | None = Field(None, ge=1, description="smallest number of people a published "
                          "combination may describe; default [policy] k (5)")
    l: int | None = Field(None, ge=2, description="l-diversity: every published "  # noqa: E741
                          "combination holds at least l findings (dispositions); off by "
                          "default")
    max_suppressed: float = Field(0.02, ge=0, le=1, description="share of a role's records "
                                  "whose quasi-identifiers may be blanked as outliers")
    mode: Literal["enforce", "report"] = Field("enforce", description="members of the "
                                               "public: enforce k, or only report the risk")
    officers: Literal["enforce", "report"] = Field("report", description="officers (when "
                                                   "officer_identity is none or pseudonym)")
    weights: dict[str, float] = Field({}, description="field -> weight in information loss "
                                      "(default 1; the incident date and race each 100 times "
                                      "the role's other fields together)")
    hierarchies: dict[str, list[HierarchyLevel]] = Field(
        {}, description="field -> the agency's own levels above its codes")

    @field_validator("hierarchies")
    @classmethod
    def _levels_chain(cls, value: dict[str, list[HierarchyLevel]]
                      ) -> dict[str, list[HierarchyLevel]]:
        for levels in value.values():
            _chained(levels)
        return value


class PolicyConfig(_Section):
    narratives: Literal["drop", "scrub"] = "drop"
    officer_identity: Literal["none", "pseudonym", "named"] = "pseudonym"
    date_precision: Literal["day", "month", "quarter", "year"] = "month"
    addresses: Literal["drop", "block"] = "drop"
    age_bands: Literal[5, 10] = Field(10, description="ages published in bands of 5 or 10 "
                                      "years (under 18 and 90+ kept apart)")
    k: int = Field(5, ge=1)
    suppress_small_cells: bool = False
    scrub_deny: list[str] = Field([], description="words always removed from narratives")
    scrub_allow: list[str] = Field([], description="words never removed from narratives "
                                   "as a name (unit and place names)")
    ner_model: str | None = Field(None, min_length=1, description="spaCy model (package "
                                  "name or folder) whose people narratives also lose, on "
                                  "top of the rules (pip install 'iaextract[ner]')")
    narrative_person_ids: Literal["narrative", "dataset"] = Field(
        "narrative", description="people in narratives numbered afresh in each one, or "
        "labelled alike across the dataset (keyed by the pseudonym key)")
    fields: dict[str, FieldOverride] = {}
    disclosure: DisclosureConfig = DisclosureConfig()


class RunConfig(_Section):
    """How a run behaves unattended."""

    mode: Literal["full", "incremental"] = "full"
    retries: int = Field(3, ge=0, le=20, description="retries of a failed source connection")
    retry_delay: float = Field(5.0, ge=0, description="seconds before the first retry; "
                               "doubles on each further retry")
    parallel_scan: Literal[True, False, "auto"] = Field(
        "auto", description="true: run the leak scan in a second process, alongside the "
        "export; false: in the export's own process (slower on a large source, with less "
        'memory); "auto" (default): a second process unless the source is a file or CSV '
        "folder under 4 MiB, which scans faster than a process starts")
    scrub_workers: Literal["auto"] | Annotated[int, Field(ge=1, le=64)] = Field(
        "auto", description='processes that scrub narratives (policy.narratives = "scrub"): '
        "1 scrubs in the export's own process; N adds N - 1 worker processes (each holds "
        'the scrubber\'s knowledge of the source: more memory); "auto" (default): 2 on a '
        "machine with 2 or more cores, unless the source is a file under 4 MiB; else 1")
    lookback: str | None = Field(None, description='incremental runs re-read this much '
                                 'before the watermark, e.g. "2 days" (rows committed late '
                                 "with an earlier cursor); merged by primary key")

    @field_validator("lookback")
    @classmethod
    def _duration(cls, value: str | None) -> str | None:
        if value is not None:
            parse_duration(value)
        return value


class StateConfig(_Section):
    path: str | None = Field(None, description="incremental state file; default: "
                             ".iaextract-state/ beside the config file")


class AgencyConfig(_Section):
    """Who publishes: shown on the public site and in the Datasette bundle and portals."""

    name: str | None = Field(None, description="the agency's name, as the public reads it")
    license: str | None = Field(None, description="licence of the published data, e.g. "
                                "ODC-PDDL-1.0 or CC-BY-4.0")
    license_url: str | None = None


def _known_targets(value: list[str]) -> list[str]:
    for target in value:
        problem = target_problem(target)
        if problem:
            raise ValueError(problem)
    return value


class PublishConfig(_Section):
    """Where ``iaextract publish`` sends a verified export, and the key that signs it."""

    targets: list[str] = Field([], description="site:DIR, datasette:DIR, s3://BUCKET/PREFIX, "
                               "ckan:URL/dataset/NAME, socrata:URL/d/ID?dataset=NAME")
    signing_key_file: str | None = Field(None, description="Ed25519 private key "
                                         "(iaextract keygen --signing); its .pub beside it")
    signing_key_env: str | None = Field(None, description="environment variable holding "
                                        "the private key's PEM text")
    ckan_organization: str | None = Field(None, description="CKAN organisation a new "
                                          "dataset is created in")

    _check_targets = field_validator("targets")(_known_targets)


def _known_datasets(value: dict[str, bool]) -> dict[str, bool]:
    for name in value:
        if name not in DATASETS:
            hint = did_you_mean(name, DATASETS) or f"datasets: {', '.join(DATASETS)}"
            raise ValueError(f"{name!r} is not an open-schema dataset ({hint})")
    return value


class Config(_Section):
    """A validated configuration; paths are already absolute."""

    source: SourceConfig
    mappings: MappingsConfig
    output: OutputConfig = OutputConfig()
    pseudonyms: PseudonymConfig = PseudonymConfig()
    policy: PolicyConfig = PolicyConfig()
    run: RunConfig = RunConfig()
    state: StateConfig = StateConfig()
    agency: AgencyConfig = AgencyConfig()
    publish: PublishConfig = PublishConfig()
    #: dataset name -> exported by default or not (e.g. officers = true: the roster is off
    #: unless enabled)
    datasets: dict[str, bool] = {}
    path: Path | None = None

    _check_datasets = field_validator("datasets")(_known_datasets)


def validate(data: dict[str, Any], config_path: Path, problems: list[Problem]) -> Any:
    """The config as frozen records, or None with every problem added to ``problems``."""
    from iaextract.validated import as_frozen

    try:
        return as_frozen(Config.model_validate({**data, "path": config_path}))
    except ValidationError as exc:
        problems.extend(_describe(exc, data, str(config_path)))
        return None


def _describe(exc: ValidationError, data: dict[str, Any], file: str) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = [str(p) for p in error["loc"]]
        where = ".".join(loc)
        if error["type"] == "extra_forbidden":
            parent = _model_at(loc[:-1])
            hint = did_you_mean(loc[-1], parent.model_fields) if parent else None
            problems.append(Problem("unknown-setting", f"{where}: unknown setting",
                                    file=file, hint=hint))
        elif error["type"] == "missing":
            problems.append(Problem("missing-setting", f"{where}: required setting is missing",
                                    file=file))
        else:
            # Pydantic's message may quote the input; we state the rule, never the value,
            # because the value could be a password or key.
            message = error["msg"].split(", input_value")[0].removeprefix("Value error, ")
            problems.append(Problem("invalid-setting", f"{where}: {message}", file=file))
    return problems


def _model_at(loc: list[str]) -> type[BaseModel] | None:
    model: type[BaseModel] = Config
    for part in loc:
        info = model.model_fields.get(part)
        annotation = getattr(info, "annotation", None)
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        model = annotation
    return model
