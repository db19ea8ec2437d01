"""The scrubber as the pipeline uses it: knowing every person of the source."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from iaextract.config import PolicyConfig
from iaextract.connectors import Source
from iaextract.mapping.model import Mapping
from iaextract.pii.entities import KnownEntities
from iaextract.pii.known import stream_personal_data
from iaextract.redaction.pseudonym import Pseudonymizer
from iaextract.scrub.ner import NerLayer
from iaextract.scrub.officers import officer_directory
from iaextract.scrub.placeholders import PersonLabeller
from iaextract.scrub.scrubber import TextScrubber


def narrative_scrub(source: Source, mappings: Iterable[Mapping],
                    policy: PolicyConfig | None = None,
                    pseudonymizer: Pseudonymizer | None = None,
                    ner: NerLayer | None = None) -> NarrativeScrub:
    """A ``TextScrub`` for the pipeline: the text scrubber knowing every person and
    personal value of ``source``, streamed straight into its dictionary, under
    ``policy`` (date precision, the agency's deny and allow lists). With the run's
    ``pseudonymizer``, officers are labelled by their published ``officer_id`` and, under
    ``narrative_person_ids = "dataset"``, other people by a keyed label; ``ner``: the
    configured model's people are removed too."""
    policy = policy or PolicyConfig()
    mappings = list(mappings)
    # The whole source: people of tables no exported dataset reads are named in text too.
    known = stream_personal_data(source, mappings, KnownEntities(), whole_source=True)
    people = PersonLabeller()
    if pseudonymizer is not None:
        keyed = pseudonymizer if policy.narrative_person_ids == "dataset" else None
        people = PersonLabeller(officer_directory(source, mappings, policy, pseudonymizer),
                                keyed)
    return NarrativeScrub(TextScrubber(known, date_precision=policy.date_precision,
                                       deny=policy.scrub_deny, allow=policy.scrub_allow,
                                       ner=ner, people=people))


class NarrativeScrub:
    """Adapts a ``TextScrubber`` to the pipeline's ``TextScrub`` protocol."""

    def __init__(self, scrubber: TextScrubber) -> None:
        self.scrubber = scrubber

    def __call__(self, text: str) -> tuple[str, Counter[str]]:
        result = self.scrubber.scrub(text)
        return result.text, Counter(result.counts())
