"""Narrative text scrubber: replaces personal details with typed placeholders.

Text is first normalised (:mod:`iaextract.pii.normalise`: invisible and look-alike
characters undone, the form the leak scan matches too); then four layers feed one list
of spans: shape patterns (:mod:`.patterns`), known values from the source
(:mod:`.known_values`), names (:mod:`.names`) and dates more precise than the policy
allows (:mod:`iaextract.scrub.text_dates`), and an optional NER model's people
(:mod:`.ner`). Spans are mapped back to the original text.
Overlapping spans are merged into one (fail closed: the union is removed), typed
by the longest member, ties broken by :data:`PRIORITY`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from iaextract.pii.agency_lists import inside, phrase_pattern
from iaextract.pii.entities import KnownEntities, name_keys
from iaextract.pii.normalise import normalise, scan_form
from iaextract.scrub import patterns
from iaextract.scrub.addresses import find_addresses
from iaextract.scrub.known_values import KnownValueFinder
from iaextract.scrub.names import NameFinder
from iaextract.scrub.ner import NerLayer
from iaextract.scrub.people import PeopleFinder
from iaextract.scrub.placeholders import PersonLabeller
from iaextract.scrub.text_dates import MONTH_LABEL_START, DateGeneraliser

# A name is written [PERSON n] or [OFFICER n], numbered within its text (placeholders.py).
PLACEHOLDERS = {
    "name": "[NAME]",
    "phone": "[PHONE]",
    "email": "[EMAIL]",
    "ssn": "[SSN]",
    "dob": "[DOB]",
    "address": "[ADDRESS]",
    "id_number": "[ID]",
    "badge": "[BADGE]",
    "card": "[CARD]",
    "date": "[DATE]",  # a date in text says which (see text_dates): [DATE: 2017-10]
    "denied": "[REMOVED]",  # a word of the agency's scrub_deny list
}
# The first word of the output after a label, as the leak scan tokenises it.
_FIRST_WORD = re.compile(r"[^\W_]+")
# Lower wins a tie in length: the more specific / more sensitive kind.
PRIORITY = {
    "email": 0, "ssn": 1, "card": 2, "dob": 3, "phone": 4, "address": 5, "id_number": 6,
    "badge": 7, "name": 8, "date": 9, "denied": 10,
}  # fmt: skip


@dataclass(frozen=True)
class Finding:
    """One removed detail: its type (a :data:`PLACEHOLDERS` key) and its span in the
    original text."""

    type: str
    start: int
    end: int


@dataclass(frozen=True)
class ScrubResult:
    """The scrubbed text and what was removed from the original."""

    text: str
    findings: tuple[Finding, ...]

    def counts(self) -> dict[str, int]:
        """Number of findings per type (only types that occur)."""
        return dict(Counter(f.type for f in self.findings))


class TextScrubber:
    """Removes personal details from free text.

    ``known`` supplies names and values read from the source; they are removed
    in any written form. ``lexicon=False`` turns off the first-name lexicon
    layer (names after titles and known names are still removed). Dates are
    generalised to ``date_precision`` (the policy's; "day" keeps them). Words of
    ``deny`` are always removed; a name wholly inside a phrase of ``allow`` is kept
    (other details, such as phones, never are). ``ner``: a model's people are removed
    too (:mod:`.ner`). ``people`` labels the names (:mod:`.placeholders`; default:
    numbered within each text). A scrubber is deterministic, thread-compatible for
    reads, and picks up entities added to ``known`` after it was built.
    """

    def __init__(self, known: KnownEntities | None = None, *, lexicon: bool = True,
                 date_precision: str = "month", deny: Iterable[str] = (),
                 allow: Iterable[str] = (), ner: NerLayer | None = None,
                 people: PersonLabeller | None = None) -> None:
        self.known = known if known is not None else KnownEntities()
        self.lexicon = lexicon
        self._deny = phrase_pattern(deny)
        self._allow = phrase_pattern(allow)
        self._dates = DateGeneraliser(date_precision)
        self._ner = ner
        self._labeller = people or PersonLabeller()
        self._version = -1
        self._build()

    def _build(self) -> None:
        self._names = NameFinder(self.known, lexicon=self.lexicon)
        self._values = KnownValueFinder(self.known)
        self._people = PeopleFinder() if self.lexicon else None
        self._version = self.known.version

    def scrub(self, text: str | None) -> ScrubResult:
        """Return ``text`` with every detected personal detail replaced by its
        placeholder, and the findings (offsets into ``text``). ``None`` and ``""``
        give ``ScrubResult("", ())``. Text between findings is kept byte for byte."""
        if not text:
            return ScrubResult("", ())
        if self._version != self.known.version:
            self._build()
        norm = normalise(text)
        plain = norm.text
        spans = patterns.find_all(plain)
        spans.extend(find_addresses(plain, frozenset(s[1] for s in spans if s[0] == "address")))
        spans.extend(self._values.find(plain))
        spans.extend(self._names.find(plain))
        if self._people is not None:
            spans.extend(self._people.find(plain))
        if self._ner is not None:
            spans.extend(self._ner.find(plain))
        spans = self._agency_lists(plain, spans)
        dates = {norm.span(start, end): label for start, end, label in self._dates.find(plain)}
        spans.extend(("date", start, end) for start, end in dates)
        if norm.origin is not None:
            spans = [(kind, *norm.span(start, end)) for kind, start, end in spans]
        findings = resolve(spans)
        out: list[str] = []
        pos = 0
        month_labels: list[int] = []  # where in ``out`` a label shows a month's name
        names = iter(self._labeller.labels(
            text, [(f.start, f.end) for f in findings if f.type == "name"]))
        for f in findings:
            out.append(text[pos : f.start])
            if f.type == "name":
                out.append(next(names))
            elif f.type == "date":
                label = dates.get((f.start, f.end), PLACEHOLDERS["date"])
                if label.startswith(MONTH_LABEL_START) and label[len(MONTH_LABEL_START)].isalpha():
                    month_labels.append(len(out))
                out.append(label)
            else:
                out.append(PLACEHOLDERS[f.type])
            pos = f.end
        out.append(text[pos:])
        self._unpair_month_labels(out, month_labels)
        return ScrubResult("".join(out), findings)

    def _unpair_month_labels(self, out: list[str], labels: list[int]) -> None:
        """A month label (``Oct. 9`` -> ``[DATE: October]``) joins the word after it in
        the output, where the digits kept them apart: ``May 3. Mark the case`` would read
        ``May]. Mark``, Mark May's name as the leak scan tokenises it. Such a label is
        written ``[DATE]`` (fail closed: the month goes, the prose stays)."""
        for i in labels:
            month = out[i][len(MONTH_LABEL_START):-1].lower()
            after = _FIRST_WORD.search(scan_form("".join(out[i + 1:i + 4])[:80]))
            if after and any((month, key) in self.known.pairs
                             for key in name_keys(after.group())):
                out[i] = PLACEHOLDERS["date"]


    def _agency_lists(self, plain: str, spans: list[tuple[str, int, int]]
                      ) -> list[tuple[str, int, int]]:
        if self._allow is not None:
            allowed = [m.span() for m in self._allow.finditer(plain)]
            spans = [s for s in spans if s[0] != "name" or not inside(allowed, s[1], s[2])]
        if self._deny is not None:
            spans.extend(("denied", *m.span()) for m in self._deny.finditer(plain))
        return spans


def resolve(spans: list[tuple[str, int, int]]) -> tuple[Finding, ...]:
    """Merge overlapping spans into non-overlapping findings, sorted by start.

    Overlapping spans become one finding covering their union, so nothing any
    layer flagged is left behind; its type is the longest span's, ties going
    to the lower :data:`PRIORITY`.
    """
    out: list[Finding] = []
    group: list[tuple[str, int, int]] = []
    end = -1
    # By start, the longest first; spans of one start and end differ in type, which
    # orders them, and whose order does not matter (_one takes the one of least PRIORITY).
    # (Sorting plain tuples compares in C, where a key function runs Python per span.)
    for start, neg_end, kind in sorted([(s[1], -s[2], s[0]) for s in spans if s[2] > s[1]]):
        if group and start >= end:
            out.append(_one(group, end))
            group = []
        group.append((kind, start, -neg_end))
        end = max(end, -neg_end) if len(group) > 1 else -neg_end
    if group:
        out.append(_one(group, end))
    return tuple(out)


def _one(group: list[tuple[str, int, int]], end: int) -> Finding:
    if len(group) == 1:  # most spans overlap none
        return Finding(group[0][0], group[0][1], end)
    best = min(group, key=lambda s: (s[1] - s[2], PRIORITY[s[0]]))
    return Finding(best[0], group[0][1], end)
