"""Loading and validating ``iaextract.toml``.

Every problem in a config file is reported at once, each naming the setting, what
is wrong and the closest valid name. Relative paths resolve against the folder of
the config file, so a scheduled job gives the same result from any working folder.
``${VAR}`` anywhere in a string is replaced by the environment variable VAR, which
is how passwords stay out of the file; values are never echoed in error messages.

The settings are plain frozen records (:class:`~iaextract.validated.Frozen`); the
rules that check them are pydantic models in :mod:`iaextract.config_rules`, imported
only when a file is checked: a config file that validated on an earlier run, with
the same bytes and no ``${VAR}``, is read back from the validated cache instead.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from iaextract.dates import parse_duration
from iaextract.errors import ConfigError, Problem, byte_line
from iaextract.validated import Frozen, ValidatedCache

if TYPE_CHECKING:
    from iaextract.schema.model import Treatment

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

CONFIG_ENV = "IAEXTRACT_CONFIG"
DEFAULT_NAME = "iaextract.toml"
#: Beside the config file: run state and the caches (run.state.STATE_FOLDER).
STATE_FOLDER = ".iaextract-state"
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

Format = Literal["csv", "json", "ndjson"]


class _Section(Frozen):
    _rules = "iaextract.config_rules"


class SourceConfig(_Section):
    url: str


class MappingsConfig(_Section):
    path: list[str]


class OutputConfig(_Section):
    dir: str
    formats: list[Format]
    csv_bom: bool


class PseudonymConfig(_Section):
    key_file: str | None
    key_env: str | None


class FieldOverride(_Section):
    treatment: Treatment
    reason: str


class HierarchyLevel(_Section):
    """One level of an agency's own hierarchy: each value of the level below, mapped up."""

    name: str
    map: dict[str, str]


class DisclosureConfig(_Section):
    """Disclosure control: the generalisation search that meets k (``[policy.disclosure]``)."""

    k: int | None
    l: int | None  # noqa: E741
    max_suppressed: float
    mode: Literal["enforce", "report"]
    officers: Literal["enforce", "report"]
    weights: dict[str, float]
    hierarchies: dict[str, list[HierarchyLevel]]


class PolicyConfig(_Section):
    narratives: Literal["drop", "scrub"]
    officer_identity: Literal["none", "pseudonym", "named"]
    date_precision: Literal["day", "month", "quarter", "year"]
    addresses: Literal["drop", "block"]
    age_bands: Literal[5, 10]
    k: int
    suppress_small_cells: bool
    scrub_deny: list[str]
    scrub_allow: list[str]
    ner_model: str | None
    narrative_person_ids: Literal["narrative", "dataset"]
    fields: dict[str, FieldOverride]
    disclosure: DisclosureConfig

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

    mode: Literal["full", "incremental"]
    retries: int
    retry_delay: float
    parallel_scan: Literal[True, False, "auto"]
    scrub_workers: Literal["auto"] | int
    lookback: str | None

    @property
    def lookback_delta(self) -> timedelta:
        """``lookback`` as a duration (zero when not set)."""
        return parse_duration(self.lookback) if self.lookback else timedelta(0)


class StateConfig(_Section):
    path: str | None


class AgencyConfig(_Section):
    """Who publishes: shown on the public site and in the Datasette bundle and portals."""

    name: str | None
    license: str | None
    license_url: str | None


class PublishConfig(_Section):
    """Where ``iaextract publish`` sends a verified export, and the key that signs it."""

    targets: list[str]
    signing_key_file: str | None
    signing_key_env: str | None
    ckan_organization: str | None


class Config(_Section):
    """A validated configuration; paths are already absolute."""

    source: SourceConfig
    mappings: MappingsConfig
    output: OutputConfig
    pseudonyms: PseudonymConfig
    policy: PolicyConfig
    run: RunConfig
    state: StateConfig
    agency: AgencyConfig
    publish: PublishConfig
    #: dataset name -> exported by default or not (e.g. officers = true: the roster is off
    #: unless enabled)
    datasets: dict[str, bool]
    path: Path | None

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


def load_config(path: str | Path | None = None, remember: bool = False) -> Config:
    """Find, read, interpolate and validate a config file; ConfigError lists every problem.

    A file validated before is read from the validated cache; ``remember``: write it
    there when it is not (``export`` does; a command that must write nothing does not).
    """
    config_path = find_config(path)
    try:
        text = config_path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
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
    # A file with ${VAR} is checked every time: its values come from the environment,
    # and a cache must hold neither them nor a hash of them.
    content = text.encode() if "${" not in text else None
    cache = ValidatedCache(config_path.parent / STATE_FOLDER if content else None)
    cached = cache.get("config", config_path, content) if content else None
    if isinstance(cached, Config):
        return _with_url(cached, data["source"]["url"])
    from iaextract.config_rules import validate

    config = validate(data, config_path, problems)
    if problems or not isinstance(config, Config):
        raise ConfigError(f"{config_path} is not a valid iaextract config", problems)
    if content and remember:
        # The URL is never written to the cache (it may carry a password): each run
        # takes the file's own.
        cache.put("config", config_path, content, _with_url(config, ""))
    return config


def _with_url(config: Config, url: str) -> Config:
    return config.model_copy(update={"source": SourceConfig._make({"url": url})})


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
