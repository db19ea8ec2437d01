"""Scrubbed narratives side by side for review (``preview --narratives N``).

For each of the first N narratives: the original (masked unless originals are asked
for), the scrubbed text as it would be published, what was removed (types and counts,
never the values) and *suspicious leftovers* in the scrubbed text worth a human look:
capitalised words that are no English word, runs of three or more digits, and ``@``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from iaextract.pii.words import english_words, word_counts

# up to 16 characters after the word: an officer_id ("[OFFICER 3f9a0c1b2d4e5f60]"), or
# after a colon a date the scrubber generalised ("[DATE: 2017-10]", "[DATE: October]")
_PLACEHOLDER_RE = re.compile(r"\[[A-Z]+(?::? [^\]]{1,16})?\]")
_LEFTOVER_RE = re.compile(r"(?<![\w'])[A-Z][^\W\d_]+(?:['-][^\W\d_]+)*|\d{3,}|\S*@\S*")
_COMMON = 20  # a capitalised word this common in English text is not suspicious


@dataclass(frozen=True)
class NarrativeReview:
    """One narrative before and after scrubbing."""

    field: str
    original: str
    scrubbed: str
    removed: dict[str, int]
    suspicious: list[str]


def review(field: str, text: str, scrub: Callable[[str], tuple[str, Any]],
           original: str) -> NarrativeReview:
    """Scrub ``text`` and say what went and what looks left behind; ``original`` is
    what the review shows of the text (its mask, or the text itself)."""
    scrubbed, counts = scrub(text)
    return NarrativeReview(field, original, scrubbed, dict(sorted(counts.items())),
                           suspicious_leftovers(scrubbed))


def suspicious_leftovers(scrubbed: str) -> list[str]:
    """Words of ``scrubbed`` a reviewer should look at (each once, in order)."""
    english, counts = english_words(), word_counts()
    found: dict[str, None] = {}
    for m in _LEFTOVER_RE.finditer(_PLACEHOLDER_RE.sub(" ", scrubbed)):
        word = m.group()
        if word[0].isupper():
            key = word.lower()
            if key in english or counts.get(key, 0) >= _COMMON or len(word) < 3:
                continue
        found.setdefault(word.strip(".,;:()"), None)
    return list(found)
