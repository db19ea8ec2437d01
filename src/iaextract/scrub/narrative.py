"""The scrubber as the pipeline uses it: knowing every person of the source.

A scrubbing worker (:mod:`.worker`) imports this module to build its scrubber; what
only learning from a source needs (SQLAlchemy, the config models) is imported by
:func:`learn` itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from iaextract.pii.entities import KnownEntities, learnt
from iaextract.redaction.pseudonym import Pseudonymizer
from iaextract.scrub.directory import OfficerDirectory
from iaextract.scrub.ner import NerLayer
from iaextract.scrub.placeholders import PersonLabeller
from iaextract.scrub.scrubber import TextScrubber

if TYPE_CHECKING:
    from iaextract.config import PolicyConfig
    from iaextract.connectors import Source
    from iaextract.mapping.model import Mapping

#: A narrative scrubbed: its text and how many of each placeholder it holds.
Scrubbed = tuple[str, Counter[str]]


@dataclass(frozen=True)
class ScrubKnowledge:
    """What the scrubber learns from the source, and nothing that cannot be pickled:
    a worker process (:mod:`.pool`) is given it once and builds the same scrubber. It
    holds personal data: it goes to a worker through a pipe, never to a file."""

    known: KnownEntities
    officers: OfficerDirectory | None
    # the policy's settings the scrubber reads (plain values: no config models to import)
    date_precision: str = "month"
    deny: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    keyed: bool = False  # narrative_person_ids = "dataset"


def learn(source: Source, mappings: Iterable[Mapping], policy: PolicyConfig,
          pseudonymizer: Pseudonymizer | None = None) -> ScrubKnowledge:
    """Every person and personal value of ``source``, streamed straight into the
    scrubber's dictionary, and (with the run's ``pseudonymizer``) the officers by their
    published ``officer_id``."""
    from iaextract.pii.known import stream_personal_data
    from iaextract.scrub.officers import officer_directory

    mappings = list(mappings)
    # The whole source: people of tables no exported dataset reads are named in text too.
    known = stream_personal_data(source, mappings, KnownEntities(), whole_source=True)
    learnt()
    officers = officer_directory(source, mappings, policy, pseudonymizer) \
        if pseudonymizer is not None else None
    return ScrubKnowledge(known, officers, policy.date_precision, tuple(policy.scrub_deny),
                          tuple(policy.scrub_allow), policy.narrative_person_ids == "dataset")


def assemble(knowledge: ScrubKnowledge, pseudonymizer: Pseudonymizer | None = None,
             ner: NerLayer | None = None) -> NarrativeScrub:
    """The scrubber of ``knowledge`` under its policy (date precision, the agency's deny
    and allow lists). With the run's ``pseudonymizer``, officers are labelled by their
    published ``officer_id`` and, under ``narrative_person_ids = "dataset"``, other
    people by a keyed label; ``ner``: the configured model's people are removed too."""
    people = PersonLabeller(knowledge.officers, pseudonymizer if knowledge.keyed else None)
    return NarrativeScrub(TextScrubber(knowledge.known,
                                       date_precision=knowledge.date_precision,
                                       deny=knowledge.deny, allow=knowledge.allow,
                                       ner=ner, people=people))


def narrative_scrub(source: Source, mappings: Iterable[Mapping],
                    policy: PolicyConfig | None = None,
                    pseudonymizer: Pseudonymizer | None = None,
                    ner: NerLayer | None = None) -> NarrativeScrub:
    """A ``TextScrub`` for the pipeline: :func:`learn` then :func:`assemble`, in this
    process."""
    if policy is None:
        from iaextract.config import PolicyConfig

        policy = PolicyConfig()
    return assemble(learn(source, mappings, policy, pseudonymizer), pseudonymizer, ner)


class NarrativeScrub:
    """Adapts a ``TextScrubber`` to the pipeline's ``TextScrub`` protocol."""

    def __init__(self, scrubber: TextScrubber) -> None:
        self.scrubber = scrubber

    def __call__(self, text: str) -> Scrubbed:
        result = self.scrubber.scrub(text)
        return result.text, Counter(result.counts())

    def scrub_many(self, texts: list[str]) -> list[Scrubbed]:
        """Each of ``texts`` scrubbed, in order."""
        return list(map(self, texts))

    def close(self) -> None:
        """Nothing to let go of in this process (a :class:`~.pool.ScrubPool` has)."""
