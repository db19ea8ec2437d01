"""What a run needs that is checked before the source or the output is touched:
the key, the mappings, the datasets to export and the policy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from iaextract.config import Config
from iaextract.disclosure.plan import check_disclosure
from iaextract.errors import ConfigError, Problem, did_you_mean
from iaextract.mapping.loader import load_mappings
from iaextract.mapping.model import Mapping
from iaextract.redaction.policy import check_overrides
from iaextract.redaction.pseudonym import Pseudonymizer, load_key
from iaextract.run.plan import ExportRequest
from iaextract.schema import DATASETS
from iaextract.scrub.ner import NerLayer, configured_ner


def select_datasets(requested: Sequence[str], mappings: dict[str, Mapping],
                    enabled: dict[str, bool] | None = None) -> list[str]:
    """The datasets a run exports: those asked for, else every mapped, enabled one.

    ``enabled`` is the config's ``[datasets]`` table; it overrides each dataset's
    default (the officer roster is off unless enabled there).
    """
    if not requested:
        enabled = enabled or {}
        requested = [name for name in DATASETS
                     if enabled.get(name, DATASETS[name].enabled_by_default)
                     and (name in mappings or name in enabled)]
    problems = []
    for name in requested:
        if name not in mappings:
            hint = did_you_mean(name, mappings) if name not in DATASETS else \
                "add a mapping file for it to the mappings folder"
            problems.append(Problem("unmapped-dataset", f"no mapping for dataset {name!r}",
                                    hint=hint))
    if problems:
        raise ConfigError("cannot export the requested datasets", problems)
    return list(dict.fromkeys(requested))


@dataclass(frozen=True)
class RunInputs:
    """What a run needs that is checked without touching the source or the output."""

    pseudonymizer: Pseudonymizer
    mappings: dict[str, Mapping]
    names: list[str]
    ner: NerLayer | None = None  # [policy] ner_model, loaded (a missing one stops here)


def load_inputs(config: Config, request: ExportRequest,
                cache_dir: Path | None = None) -> RunInputs:
    """Load the key and mappings and check the datasets and policy overrides.

    ``cache_dir``: where mappings validated before are read and remembered (an export
    passes its state folder; a preview, which writes nothing, none).
    """
    key = load_key(config.resolve(config.pseudonyms.key_file)
                   if config.pseudonyms.key_file else None, config.pseudonyms.key_env)
    mappings = load_mappings(config.mapping_paths, cache_dir)
    names = select_datasets(request.datasets, mappings, config.datasets)
    check_overrides(config.policy)
    check_disclosure(config.policy)
    return RunInputs(Pseudonymizer(key), mappings, names, configured_ner(config))
