"""Optional NER layer: a spaCy pipeline's people, added to what the rules find.

With ``[policy] ner_model`` set (an installed spaCy package such as ``en_core_web_sm``,
or a folder a pipeline was saved to), every narrative is also read by that model; its
PERSON entities become ``name`` spans and its places holding a number (``FAC``, ``LOC``,
``GPE``: "1234 Halsted") ``address`` spans. They join the rule layers' spans before
overlaps are merged, so the model can only remove more, never less. Without the setting
spaCy is never imported and the scrubber is exactly the rules.

A model that cannot be loaded is a :class:`ConfigError` before anything is read; a
model that fails on a narrative stops the run (:class:`NerFailed`): dropping that one
narrative would publish the rest under a weaker scrub than configured without anyone
deciding so.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iaextract.errors import ConfigError, Problem, RedactionError

if TYPE_CHECKING:  # spaCy is an optional extra, imported only when a model is set
    from spacy.language import Language

    from iaextract.config import Config  # (a scrubbing worker never imports the config)

Span = tuple[str, int, int]

INSTALL = ("pip install 'iaextract[ner]' and then `python -m spacy download "
           "en_core_web_sm` (or, offline, copy a model folder to this machine and set "
           "[policy] ner_model to its path)")
PERSON_LABELS = frozenset({"PERSON", "PER"})  # PER: models trained on WikiNER
PLACE_LABELS = frozenset({"FAC", "LOC", "GPE"})
# Components an entity recogniser never needs; leaving them out makes each text cheaper.
_NOT_NEEDED = ["parser", "tagger", "lemmatizer", "attribute_ruler", "senter", "morphologizer"]
_DIGIT = re.compile(r"\d")


class NerFailed(RedactionError):
    """The NER model raised on a narrative: the run stops, nothing is published."""


class NerLayer:
    """Finds people (and numbered places) in text with a loaded spaCy pipeline."""

    def __init__(self, nlp: Language, name: str | None = None) -> None:
        if not any("doc.ents" in nlp.get_pipe_meta(pipe).assigns for pipe in nlp.pipe_names):
            raise ConfigError(f"spaCy pipeline {name or nlp.meta.get('name')!r} has no "
                              "entity recogniser (no 'ner' or 'entity_ruler' component); "
                              f"use a model that finds PERSON entities: {INSTALL}")
        self.nlp = nlp
        self.name = name or f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', 'pipeline')}"

    def find(self, text: str) -> list[Span]:
        """``name`` and ``address`` spans of ``text`` (offsets into ``text``)."""
        try:
            doc = self.nlp(text)
        except Exception as exc:  # any failure of the model: fail closed
            raise NerFailed(f"the NER model {self.name!r} failed on a narrative "
                            f"({type(exc).__name__}); the export stopped so that no "
                            "narrative goes out less scrubbed than configured", [Problem(
                                "ner-failed", "the model raised instead of reading a text",
                                hint="fix or reinstall the model, or remove [policy] "
                                     "ner_model")]) from None
        spans: list[Span] = []
        for ent in doc.ents:
            if ent.label_ in PERSON_LABELS:
                spans.append(("name", ent.start_char, ent.end_char))
            elif ent.label_ in PLACE_LABELS and _DIGIT.search(ent.text):
                spans.append(("address", ent.start_char, ent.end_char))
        return spans


def load_ner(model: str | Path, base_dir: Path | None = None) -> NerLayer:
    """Load ``model``: an installed package's name, or a pipeline folder (relative to
    ``base_dir``). ConfigError, saying how to install one, if it cannot be loaded."""
    spacy = _spacy()
    target: Any = model
    if _is_path(str(model)):
        target = Path(model).expanduser()
        if not target.is_absolute() and base_dir is not None:
            target = base_dir / target
        if not (target / "config.cfg").is_file():
            raise ConfigError(f"[policy] ner_model: {target} is not a spaCy pipeline folder "
                              f"(it has no config.cfg); {INSTALL}")
    elif not spacy.util.is_package(str(model)):
        raise ConfigError(f"[policy] ner_model: the spaCy model {str(model)!r} is not "
                          f"installed; {INSTALL}")
    try:
        nlp = spacy.load(target, exclude=_NOT_NEEDED)
    except Exception as exc:  # a broken or incompatible model: say so, no traceback
        raise ConfigError(f"[policy] ner_model: the spaCy model {str(model)!r} cannot be "
                          f"loaded ({type(exc).__name__}: {str(exc)[:200]}); reinstall a "
                          f"version made for spaCy {spacy.__version__}: {INSTALL}") from None
    return NerLayer(nlp, Path(str(model)).name)


def configured_ner(config: Config) -> NerLayer | None:
    """The NER layer the config asks for: only when narratives are scrubbed and a model
    is set (the default: None, the rules alone)."""
    policy = config.policy
    if policy.narratives != "scrub" or not policy.ner_model:
        return None
    return load_ner(policy.ner_model, config.base_dir)


def _spacy() -> Any:
    try:
        import spacy
    except ImportError:
        raise ConfigError("[policy] ner_model is set but spaCy is not installed; "
                          f"{INSTALL}") from None
    return spacy


def _is_path(model: str) -> bool:
    return any(sep in model for sep in ("/", "\\")) or model.startswith((".", "~"))
