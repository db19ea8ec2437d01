"""Loading and validating ``iaextract.toml``.

Every problem in a config file is reported at once, each naming the setting, what
is wrong and the closest valid name. Relative paths resolve against the folder of
the config file, so a scheduled job gives the same result from any working folder.
``${VAR}`` anywhere in a string is replaced by the environment variable VAR, which
is how passwords stay out of the file; values are never echoed in error messages.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from iaextract.errors import ConfigError, Problem, byte_line, did_you_mean
from iaextract.publish_targets import target_problem
from iaextract.schema import DATASETS
from iaextract.schema.model import Treatment

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

CONFIG_ENV = "IAEXTRACT_CONFIG"
DEFAULT_NAME = "iaextract.toml"
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

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

    def describe(self) -> dict[str, Any]:
        """The policy as plain values: what the manifest records and the preview shows."""
        return {"narratives": self.narratives, "officer_identity": self.officer_identity,
                "date_precision": self.date_precision, "addresses": self.addresses,
                "age_bands": self.age_bands, "k": self.k,
                "suppress_small_cells": self.suppress_small_cells,
                "overrides": {name: {"treatment": o.treatment.value, "reason": o.reason}
                              for name, o in self.fields.items()},
                "disclosure": self.disclosure.model_dump(mode="json"),
                "narrative_person_ids": self.narrative_person_ids,
                # the model's name, never the folder it was installed in
                "ner_model": Path(self.ner_model).name if self.ner_model else None}


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
        'the scrubber\'s knowledge of the source: more memory); "auto" (default): 1 (on '
        "two cores, the leak scan process on the second, workers made runs slower)")
    lookback: str | None = Field(None, description='incremental runs re-read this much '
                                 'before the watermark, e.g. "2 days" (rows committed late '
                                 "with an earlier cursor); merged by primary key")

    @field_validator("lookback")
    @classmethod
    def _duration(cls, value: str | None) -> str | None:
        if value is not None:
            _parse_duration(value)
        return value

    @property
    def lookback_delta(self) -> timedelta:
        """``lookback`` as a duration (zero when not set)."""
        return _parse_duration(self.lookback) if self.lookback else timedelta(0)


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(minute|hour|day|week)s?\s*$", re.IGNORECASE)


def _parse_duration(text: str) -> timedelta:
    match = _DURATION.match(text)
    if not match:
        raise ValueError('write a duration such as "2 days", "12 hours" or "30 minutes"')
    return timedelta(**{match.group(2).lower() + "s": float(match.group(1))})


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

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def resolve(self, value: str | Path) -> Path:
        """A path from the config, made absolute against the config file's folder."""
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.base_dir / path

    @property
    def output_dir(self) -> Path:
        return self.resolve(self.output.dir)

    @property
    def mapping_paths(self) -> list[Path]:
        return [self.resolve(p) for p in self.mappings.path]


def find_config(explicit: str | Path | None = None) -> Path:
    """The config file to use: ``-c``, then ``$IAEXTRACT_CONFIG``, then ./iaextract.toml."""
    if explicit:
        candidate, origin = Path(explicit), "-c"
    elif os.environ.get(CONFIG_ENV):
        candidate, origin = Path(os.environ[CONFIG_ENV]), f"${CONFIG_ENV}"
    else:
        candidate, origin = Path.cwd() / DEFAULT_NAME, "the current folder"
    if not candidate.is_file():
        raise ConfigError(
            f"no config file at {candidate} (from {origin}); create one with "
            "`iaextract init`, or point to it with -c FILE"
        )
    return candidate.resolve()


def load_config(path: str | Path | None = None) -> Config:
    """Find, read, interpolate and validate a config file; ConfigError lists every problem."""
    config_path = find_config(path)
    try:
        raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{config_path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{config_path}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{config_path} is not UTF-8 text", [Problem(
            "not-utf8", f"byte {exc.start} is not UTF-8", str(config_path),
            byte_line(config_path, exc.start), "save the file as UTF-8")]) from None
    problems: list[Problem] = []
    data = _interpolate(raw, problems, str(config_path))
    config = None
    try:
        config = Config.model_validate({**data, "path": config_path})
    except ValidationError as exc:
        problems.extend(_describe(exc, data, str(config_path)))
    if problems or config is None:
        raise ConfigError(f"{config_path} is not a valid iaextract config", problems)
    return config


def expand_env(text: str, where: str) -> str:
    """``text`` (a URL given on the command line) with each ``${VAR}`` replaced by the
    environment variable, exactly as in a config file; ConfigError if one is not set."""
    problems: list[Problem] = []
    expanded = _interpolate(text, problems, None, where)
    if problems:
        raise ConfigError(f"{where} names an environment variable that is not set", problems)
    return str(expanded)


def _interpolate(value: Any, problems: list[Problem], file: str | None,
                 where: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _interpolate(v, problems, file, f"{where}.{k}".lstrip(".")) for k, v in
                value.items()}
    if isinstance(value, list):
        return [_interpolate(v, problems, file, where) for v in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            problems.append(Problem("missing-env", f"{where}: environment variable {name} "
                                    "is not set", file=file, hint=f"export {name}=..."))
            return ""
        return os.environ[name]

    return _ENV_REF.sub(substitute, value)


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
